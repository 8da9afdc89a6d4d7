#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace otklik::api {

/// Token buckets per key (client address and route class) for public endpoints and logins
/// (SEC-4). Uses the steady clock: it protects the server, not a domain rule.
class RateLimiter {
public:
    /// `burst` requests at once, refilled at `per_minute`.
    RateLimiter(double burst, double per_minute) : burst_(burst), per_second_(per_minute / 60.0) {}

    /// True when the request may go on; otherwise `retry_after` seconds to wait.
    bool Allow(const std::string& key, int& retry_after);

    /// Longest key kept (longer ones are cut) and most buckets held at once.
    static constexpr std::size_t kMaxKeyLength = 256;
    static constexpr std::size_t kMaxEntries = 100000;

private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point at;
    };
    double burst_;
    double per_second_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;  // guarded by mutex_
};

}  // namespace otklik::api

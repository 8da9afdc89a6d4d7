#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace otklik::api {

/// Brute-force defence of the login route (SEC-4, issue 12), on the steady clock:
/// - per account: after `free_failures` failed attempts in a row from any address, each further
///   attempt must wait 2, 4, 8… seconds, up to `max_backoff`; a success clears it;
/// - per client address: failed attempts on any account refill at `address_failures_per_minute`
///   with a burst of `address_failure_burst` — password spraying over many accounts from one
///   address is throttled even though each account sees few failures.
/// Keys are truncated and the maps capped at `max_entries`, so a flood of distinct logins or
/// addresses costs bounded memory. Thread-safe.
class LoginGuard {
public:
    using Clock = std::chrono::steady_clock;

    struct Options {
        int free_failures = 5;
        std::chrono::seconds max_backoff{900};
        double address_failure_burst = 20;
        double address_failures_per_minute = 10;
        std::size_t max_entries = 50000;
    };

    explicit LoginGuard(Options options) : options_(options) {}
    LoginGuard() : LoginGuard(Options{}) {}

    enum class Verdict { kAllow, kAccountBackoff, kAddressThrottled };

    /// Whether an attempt may check a password now; otherwise `retry_after` seconds.
    Verdict Check(const std::string& address, const std::string& login, Clock::time_point now,
                  int& retry_after);
    /// Records the outcome of a checked attempt.
    void Failed(const std::string& address, const std::string& login, Clock::time_point now);
    void Succeeded(const std::string& login);

    /// Told of every outcome recorded here by Failed and Succeeded (`address` is empty for a
    /// success), so that app/ passes it to the other nodes on the same store (issue 14).
    using Relay =
        std::function<void(bool failed, const std::string& address, const std::string& login)>;
    /// Sets the relay; before the server starts.
    void SetRelay(Relay relay) { relay_ = std::move(relay); }
    /// Another node's outcome, counted as if the attempt were made here at `now`; not relayed.
    void FailedElsewhere(const std::string& address, const std::string& login,
                         Clock::time_point now);
    void SucceededElsewhere(const std::string& login);

    /// Entries held (tests: the maps stay bounded).
    std::size_t size();

    /// Longest key kept: longer logins and addresses are cut (they are refused earlier anyway).
    static constexpr std::size_t kMaxKeyLength = 128;

private:
    struct Account {
        int failures = 0;
        Clock::time_point blocked_until{};
        Clock::time_point last{};
    };
    struct Address {
        double tokens = 0;
        Clock::time_point at{};
    };

    void Prune(Clock::time_point now);
    void Count(const std::string& address, const std::string& login, Clock::time_point now);
    void Clear(const std::string& login);

    Options options_;
    std::mutex mutex_;
    std::unordered_map<std::string, Account> accounts_;   // guarded by mutex_
    std::unordered_map<std::string, Address> addresses_;  // guarded by mutex_
    Relay relay_;
};

}  // namespace otklik::api

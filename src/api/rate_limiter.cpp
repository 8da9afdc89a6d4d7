#include "api/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace otklik::api {

bool RateLimiter::Allow(const std::string& full_key, int& retry_after) {
    const auto now = std::chrono::steady_clock::now();
    // Keys come from requests: a long one is cut rather than kept whole (issue 12).
    const std::string key = full_key.substr(0, kMaxKeyLength);
    std::lock_guard lock(mutex_);
    // Keep memory bounded under a flood of distinct keys: a bucket that has refilled carries no
    // state. When every bucket is still in use, a new key waits rather than grow the map.
    if (buckets_.size() >= kMaxEntries && !buckets_.contains(key)) {
        std::erase_if(buckets_, [&](const auto& item) {
            const double elapsed = std::chrono::duration<double>(now - item.second.at).count();
            return item.second.tokens + elapsed * per_second_ >= burst_;
        });
        if (buckets_.size() >= kMaxEntries) {
            retry_after = static_cast<int>(std::ceil(1.0 / per_second_));
            return false;
        }
    }
    auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
    Bucket& bucket = it->second;
    if (!inserted) {
        const double elapsed = std::chrono::duration<double>(now - bucket.at).count();
        bucket.tokens = std::min(burst_, bucket.tokens + elapsed * per_second_);
        bucket.at = now;
    }
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return true;
    }
    retry_after = static_cast<int>(std::ceil((1.0 - bucket.tokens) / per_second_));
    return false;
}

}  // namespace otklik::api

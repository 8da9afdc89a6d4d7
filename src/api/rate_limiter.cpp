#include "api/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace otklik::api {

bool RateLimiter::Allow(const std::string& key, int& retry_after) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    // Keep memory bounded under a flood of distinct addresses: full buckets carry no state.
    if (buckets_.size() > 100000) {
        std::erase_if(buckets_, [&](const auto& item) {
            return now - item.second.at > std::chrono::minutes(10);
        });
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

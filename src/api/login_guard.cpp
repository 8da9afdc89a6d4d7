#include "api/login_guard.hpp"

#include <algorithm>
#include <cmath>

namespace otklik::api {
namespace {

std::string Key(const std::string& text) { return text.substr(0, LoginGuard::kMaxKeyLength); }

int Seconds(LoginGuard::Clock::duration duration) {
    return std::max(1,
                    static_cast<int>(std::ceil(std::chrono::duration<double>(duration).count())));
}

}  // namespace

LoginGuard::Verdict LoginGuard::Check(const std::string& address, const std::string& login,
                                      Clock::time_point now, int& retry_after) {
    std::lock_guard lock(mutex_);
    if (const auto it = accounts_.find(Key(login));
        it != accounts_.end() && it->second.blocked_until > now) {
        retry_after = Seconds(it->second.blocked_until - now);
        return Verdict::kAccountBackoff;
    }
    if (const auto it = addresses_.find(Key(address)); it != addresses_.end()) {
        Address& bucket = it->second;
        const double elapsed = std::chrono::duration<double>(now - bucket.at).count();
        const double tokens =
            std::min(options_.address_failure_burst,
                     bucket.tokens + elapsed * options_.address_failures_per_minute / 60.0);
        if (tokens < 1.0) {
            retry_after = static_cast<int>(
                std::ceil((1.0 - tokens) * 60.0 / options_.address_failures_per_minute));
            return Verdict::kAddressThrottled;
        }
    }
    return Verdict::kAllow;
}

void LoginGuard::Failed(const std::string& address, const std::string& login,
                        Clock::time_point now) {
    Count(address, login, now);
    if (relay_) relay_(true, address, login);
}

void LoginGuard::FailedElsewhere(const std::string& address, const std::string& login,
                                 Clock::time_point now) {
    Count(address, login, now);
}

void LoginGuard::Succeeded(const std::string& login) {
    Clear(login);
    if (relay_) relay_(false, "", login);
}

void LoginGuard::SucceededElsewhere(const std::string& login) { Clear(login); }

void LoginGuard::Count(const std::string& address, const std::string& login,
                       Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (accounts_.size() >= options_.max_entries || addresses_.size() >= options_.max_entries) {
        Prune(now);
    }
    if (accounts_.size() < options_.max_entries || accounts_.contains(Key(login))) {
        Account& account = accounts_[Key(login)];
        ++account.failures;
        account.last = now;
        if (account.failures >= options_.free_failures) {
            const int doublings = std::min(account.failures - options_.free_failures, 20);
            const auto backoff = std::min<std::chrono::seconds>(
                std::chrono::seconds(2LL << doublings), options_.max_backoff);
            account.blocked_until = now + backoff;
        }
    }
    if (addresses_.size() < options_.max_entries || addresses_.contains(Key(address))) {
        auto [it, inserted] =
            addresses_.try_emplace(Key(address), Address{options_.address_failure_burst, now});
        Address& bucket = it->second;
        if (!inserted) {
            const double elapsed = std::chrono::duration<double>(now - bucket.at).count();
            bucket.tokens =
                std::min(options_.address_failure_burst,
                         bucket.tokens + elapsed * options_.address_failures_per_minute / 60.0);
        }
        bucket.at = now;
        bucket.tokens = std::max(0.0, bucket.tokens - 1.0);
    }
}

void LoginGuard::Clear(const std::string& login) {
    std::lock_guard lock(mutex_);
    accounts_.erase(Key(login));
}

std::size_t LoginGuard::size() {
    std::lock_guard lock(mutex_);
    return accounts_.size() + addresses_.size();
}

void LoginGuard::Prune(Clock::time_point now) {
    // An account whose back-off is over and that failed long ago, or an address bucket that has
    // refilled, carries no state worth keeping.
    std::erase_if(accounts_, [&](const auto& item) {
        return item.second.blocked_until <= now && now - item.second.last > options_.max_backoff;
    });
    const auto refill = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
        options_.address_failure_burst * 60.0 / options_.address_failures_per_minute));
    std::erase_if(addresses_, [&](const auto& item) { return now - item.second.at > refill; });
}

}  // namespace otklik::api

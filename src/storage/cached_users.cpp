#include "storage/cached_users.hpp"

namespace otklik::storage {
namespace {

// Bounds the memory: past it the kept reads are dropped and the store is asked again.
constexpr std::size_t kMaxKept = 10000;

}  // namespace

CachedUsers::CachedUsers(core::UserRepository& store, std::chrono::milliseconds ttl, Now now)
    : store_(store), ttl_(ttl), now_(std::move(now)) {}

void CachedUsers::Forget() {
    const std::lock_guard lock(mutex_);
    credentials_.clear();
    users_.clear();
}

core::Result<core::Credential> CachedUsers::FindCredential(std::string_view token_hash) {
    const auto now = now_();
    {
        const std::lock_guard lock(mutex_);
        if (auto it = credentials_.find(std::string(token_hash));
            it != credentials_.end() && it->second.until > now) {
            return it->second.value;
        }
    }
    auto found = store_.FindCredential(token_hash);
    if (found) {
        const std::lock_guard lock(mutex_);
        if (credentials_.size() >= kMaxKept) credentials_.clear();
        credentials_.insert_or_assign(std::string(token_hash),
                                      Kept<core::Credential>{*found, now + ttl_});
    }
    return found;
}

core::Result<core::User> CachedUsers::FindUserById(std::int64_t id) {
    const auto now = now_();
    {
        const std::lock_guard lock(mutex_);
        if (auto it = users_.find(id); it != users_.end() && it->second.until > now) {
            return it->second.value;
        }
    }
    auto found = store_.FindUserById(id);
    if (found) {
        const std::lock_guard lock(mutex_);
        if (users_.size() >= kMaxKept) users_.clear();
        users_.insert_or_assign(id, Kept<core::User>{*found, now + ttl_});
    }
    return found;
}

// Writes: the memory is emptied before the store changes, so no read after the write returns
// the value from before it.
core::Result<core::User> CachedUsers::CreateUser(const core::User& user) {
    Forget();
    return store_.CreateUser(user);
}

core::Result<core::User> CachedUsers::UpdateUser(const core::User& user) {
    Forget();
    auto updated = store_.UpdateUser(user);
    Forget();  // a read between the two may have kept the old account
    return updated;
}

core::Result<core::Credential> CachedUsers::CreateCredential(const core::Credential& credential) {
    Forget();
    return store_.CreateCredential(credential);
}

core::Result<core::Credential> CachedUsers::RevokeCredential(std::int64_t id, core::Instant at) {
    Forget();
    auto revoked = store_.RevokeCredential(id, at);
    Forget();
    return revoked;
}

core::Result<int> CachedUsers::RevokeAllCredentials(std::int64_t user_id, core::Instant at) {
    Forget();
    auto revoked = store_.RevokeAllCredentials(user_id, at);
    Forget();
    return revoked;
}

// Reads nobody repeats per request go to the store.
core::Result<core::User> CachedUsers::FindUserByLogin(std::string_view login) {
    return store_.FindUserByLogin(login);
}

core::Result<std::vector<core::User>> CachedUsers::ListUsers() { return store_.ListUsers(); }

core::Result<core::Group> CachedUsers::CreateGroup(const core::Group& group) {
    return store_.CreateGroup(group);
}

core::Result<core::Group> CachedUsers::UpdateGroup(const core::Group& group) {
    return store_.UpdateGroup(group);
}

core::Result<std::vector<core::Group>> CachedUsers::ListGroups() { return store_.ListGroups(); }

core::Result<core::Group> CachedUsers::FindGroup(std::string_view code) {
    return store_.FindGroup(code);
}

core::Result<std::vector<core::Credential>> CachedUsers::ListCredentials(std::int64_t user_id) {
    return store_.ListCredentials(user_id);
}

}  // namespace otklik::storage

#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/repositories.hpp"

namespace otklik::storage {

/// The server's staff accounts, with what every request reads kept for a moment (issue 18: the
/// credential and the user were read from the store on every request, 10 % of a queue page).
/// Reads of a credential by its token hash and of a user by id are answered from memory for
/// `ttl`. Every write through this object empties the memory first, so a logout, a revocation,
/// a password reset or a disabled account takes effect at once on this node; a change made by
/// another process (another node, the `otklik user` command) takes effect within `ttl`.
/// Thread-safe when the wrapped repository is.
class CachedUsers final : public core::UserRepository {
public:
    using Now = std::function<std::chrono::steady_clock::time_point()>;
    static constexpr std::chrono::milliseconds kDefaultTtl{1000};

    explicit CachedUsers(core::UserRepository& store, std::chrono::milliseconds ttl = kDefaultTtl,
                         Now now = std::chrono::steady_clock::now);

    [[nodiscard]] core::Result<core::User> CreateUser(const core::User& user) override;
    [[nodiscard]] core::Result<core::User> UpdateUser(const core::User& user) override;
    [[nodiscard]] core::Result<core::User> FindUserByLogin(std::string_view login) override;
    [[nodiscard]] core::Result<core::User> FindUserById(std::int64_t id) override;
    [[nodiscard]] core::Result<std::vector<core::User>> ListUsers() override;
    [[nodiscard]] core::Result<core::Group> CreateGroup(const core::Group& group) override;
    [[nodiscard]] core::Result<core::Group> UpdateGroup(const core::Group& group) override;
    [[nodiscard]] core::Result<std::vector<core::Group>> ListGroups() override;
    [[nodiscard]] core::Result<core::Group> FindGroup(std::string_view code) override;
    [[nodiscard]] core::Result<core::Credential> CreateCredential(
        const core::Credential& credential) override;
    [[nodiscard]] core::Result<core::Credential> FindCredential(
        std::string_view token_hash) override;
    [[nodiscard]] core::Result<std::vector<core::Credential>> ListCredentials(
        std::int64_t user_id) override;
    [[nodiscard]] core::Result<core::Credential> RevokeCredential(std::int64_t id,
                                                                  core::Instant at) override;
    [[nodiscard]] core::Result<int> RevokeAllCredentials(std::int64_t user_id,
                                                         core::Instant at) override;

private:
    template <typename T>
    struct Kept {
        T value;
        std::chrono::steady_clock::time_point until;
    };
    void Forget();

    core::UserRepository& store_;
    std::chrono::milliseconds ttl_;
    Now now_;
    std::mutex mutex_;
    std::unordered_map<std::string, Kept<core::Credential>> credentials_;  // guarded by mutex_
    std::unordered_map<std::int64_t, Kept<core::User>> users_;             // guarded by mutex_
};

}  // namespace otklik::storage

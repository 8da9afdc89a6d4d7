#pragma once

#include "core/repositories.hpp"
#include "storage/sqlite/database.hpp"

namespace otklik::storage::sqlite {

/// Staff accounts, groups, sessions and API tokens in the embedded store's file; thread-safe.
class UserStore final : public core::UserRepository {
public:
    /// `db` is shared with the store's other repositories and must outlive this.
    explicit UserStore(Database& db) : db_(db) {}

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
    Database& db_;
};

}  // namespace otklik::storage::sqlite

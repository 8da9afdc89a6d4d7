#pragma once

#include "core/repositories.hpp"
#include "storage/sqlite/database.hpp"

namespace otklik::storage::sqlite {

/// The log of personal-data reads by staff (SEC-3) in the embedded store's file; thread-safe.
class AuditStore final : public core::AuditRepository {
public:
    /// `db` is shared with the store's other repositories and must outlive this.
    explicit AuditStore(Database& db) : db_(db) {}

    [[nodiscard]] core::Result<core::PersonalDataAccess> LogAccess(
        const core::PersonalDataAccess& access) override;
    [[nodiscard]] core::Result<std::vector<core::PersonalDataAccess>> Accesses(
        std::string_view appeal_uin, int limit) override;

private:
    Database& db_;
};

}  // namespace otklik::storage::sqlite

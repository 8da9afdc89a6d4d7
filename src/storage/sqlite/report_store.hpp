#pragma once

#include "core/reports.hpp"
#include "storage/sqlite/database.hpp"

namespace otklik::storage::sqlite {

/// The facts reports are built from (RP-1), read from the embedded store's file; thread-safe.
class ReportStore final : public core::ReportRepository {
public:
    /// `db` is shared with the store's other repositories and must outlive this.
    explicit ReportStore(Database& db) : db_(db) {}

    [[nodiscard]] core::Result<std::int64_t> ScanFacts(
        const core::ReportScope& scope,
        const std::function<void(const core::AppealFacts&)>& visit) override;

private:
    Database& db_;
};

}  // namespace otklik::storage::sqlite

#pragma once

#include "core/appeal_search.hpp"
#include "storage/sqlite/database.hpp"

namespace otklik::storage::sqlite {

/// The embedded store's side of the appeals' search index (search::XapianAppealSearch): the
/// history table is the change stream — every write of an appeal, a comment or a link adds a
/// history row in the same transaction, and the file's one writer numbers them in commit order —
/// so nothing is added to the write path. Reads only; thread-safe.
class AppealSearchFeed final : public core::AppealSearchFeed {
public:
    /// `db` must outlive this.
    explicit AppealSearchFeed(Database& db) : db_(db) {}

    [[nodiscard]] core::Result<core::AppealChanges> ChangesAfter(std::int64_t after,
                                                                 int limit) override;
    [[nodiscard]] core::Result<std::int64_t> LastChange() override;
    [[nodiscard]] core::Result<std::vector<core::AppealSearchSource>> Sources(
        const std::vector<std::int64_t>& ids) override;
    [[nodiscard]] core::Result<core::PickedAppeals> Pick(const std::vector<std::int64_t>& ids,
                                                         const core::AppealFilter& filter,
                                                         bool summaries_only) override;

private:
    Database& db_;
};

}  // namespace otklik::storage::sqlite

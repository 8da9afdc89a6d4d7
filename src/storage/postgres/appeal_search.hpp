#pragma once

#include "core/appeal_search.hpp"
#include "storage/postgres/database.hpp"

namespace otklik::storage::postgres {

/// Full-text search over appeals in PostgreSQL (issue 16; issue 14: the same answer on every
/// node): the `russian` text-search document the triggers of migration 2 keep per appeal in the
/// writing transaction, a GIN index over it, ts_rank for relevance and ts_headline for the
/// snippet of the page's rows. Reads only; thread-safe.
class PgAppealSearch final : public core::AppealSearch {
public:
    explicit PgAppealSearch(Database& db) : db_(db) {}

    [[nodiscard]] core::Result<core::AppealPage> Search(std::string_view text,
                                                        const core::AppealFilter& filter,
                                                        const core::PageRequest& page) override;

private:
    Database& db_;
};

/// The change stream and texts of the PostgreSQL store for an index kept by each node (a
/// Xapian index per node: measured against PgAppealSearch in docs/search.md, not wired). The
/// history ids come from a sequence, so a transaction may commit an id below one already read;
/// a per-node index would have to read behind its position to catch those.
class PgAppealSearchFeed final : public core::AppealSearchFeed {
public:
    explicit PgAppealSearchFeed(Database& db) : db_(db) {}

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

}  // namespace otklik::storage::postgres

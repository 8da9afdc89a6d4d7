#pragma once

// Reading appeal rows and filtering them: shared by the appeal store's lists and the search
// feed (appeal_search_feed.cpp) of the embedded store.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/appeal.hpp"
#include "core/repositories.hpp"
#include "storage/sqlite/connection.hpp"

namespace otklik::storage::sqlite {

/// The columns ReadAppeal reads, in its order.
inline constexpr const char* kAppealColumns =
    "id, uin, regulation, regulation_version, channel, status, pending_reason, stage, grp, "
    "assignee, organization, category, subcategory, priority, version, created_at, updated_at, "
    "closed_at, doc, next_event_at";

/// The appeal of a row selected with kAppealColumns.
core::Appeal ReadAppeal(const Statement& row);

/// The conditions of an AppealFilter over the `appeals` table: " AND …" clauses and the values
/// they bind, in order.
struct FilterSql {
    std::string sql;
    std::vector<std::variant<std::string, std::int64_t>> values;

    /// Binds the values from parameter `index` on; `index` ends after the last one.
    void BindTo(Statement& statement, int& index) const;
};
FilterSql AppealFilterSql(const core::AppealFilter& filter);

}  // namespace otklik::storage::sqlite

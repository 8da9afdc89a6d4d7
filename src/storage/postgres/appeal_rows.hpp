#pragma once

// Reading appeal rows and filtering them: shared by the appeal repository's lists and the
// full-text search (appeal_search.cpp) of the PostgreSQL store.

#include <string>
#include <vector>

#include "core/appeal.hpp"
#include "core/repositories.hpp"
#include "storage/postgres/connection.hpp"

namespace otklik::storage::postgres {

/// The columns ReadAppeal reads, in its order.
inline constexpr const char* kAppealColumns =
    "id, uin, regulation, regulation_version, channel, status, pending_reason, stage, grp, "
    "assignee, organization, category, subcategory, priority, version, created_at, updated_at, "
    "closed_at, doc, next_event_at";

/// The appeal of row `r` selected with kAppealColumns (from column `first` on).
core::Appeal ReadAppeal(const Rows& rows, int r, int first = 0);
std::vector<core::Appeal> ReadAppeals(const Rows& rows);

/// Appends the conditions of `filter` over the `appeals` columns to `sql` as " AND …" clauses,
/// their values to `params`; `index` is the number of the last parameter used so far.
void AppendAppealFilter(const core::AppealFilter& filter, std::string& sql, Params& params,
                        int& index);

}  // namespace otklik::storage::postgres

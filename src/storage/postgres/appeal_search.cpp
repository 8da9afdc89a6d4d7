// Full-text search over appeals in PostgreSQL, and the change stream for per-node indexes.
#include "storage/postgres/appeal_search.hpp"

#include <algorithm>
#include <unordered_map>

#include "storage/postgres/appeal_rows.hpp"
#include "views/appeal_view.hpp"

namespace otklik::storage::postgres {
namespace {

// Ids as a PostgreSQL array literal for `= ANY($n::bigint[])`.
std::string IdArray(const std::vector<std::int64_t>& ids) {
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + "}";
}

constexpr const char* kSummaryColumn =
    "(SELECT summary FROM appeal_summaries s WHERE s.id = appeals.id)";

// The summary of row r in `column`, rendered for appeals older than the stored summaries.
std::string SummaryOf(Connection& c, const Rows& rows, int r, int column, std::int64_t id) {
    if (!rows.IsNull(r, column)) return rows.Text(r, column);
    const auto one = c.Query(
        std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE id = $1", Params().Add(id));
    return one.empty() ? std::string() : views::AppealSummaryText(ReadAppeal(one, 0));
}

}  // namespace

core::Result<core::AppealPage> PgAppealSearch::Search(std::string_view text,
                                                      const core::AppealFilter& filter,
                                                      const core::PageRequest& page) {
    if (auto refused = core::CheckSearchFilter(filter)) return core::Fail(std::move(*refused));
    const auto offset = core::ParseSearchCursor(page.after);
    if (!offset) {
        return core::Fail(
            core::Error::Validation({{"after", "format", "Неверный курсор страницы"}}));
    }
    const int limit = std::clamp(page.limit, 1, 500);
    Params params;
    params.Add(std::string(text));
    int index = 1;
    // The page is chosen from the GIN index and the appeals' columns; only its rows get a
    // headline, which re-reads their text. `ts_rank` reads each candidate's document, so a query
    // matching most appeals would rank them all (0.3–0.6 s at 100,000): the candidates are the
    // newest matches that pass the filter (core::RankedSearchMatches), ranked among themselves.
    // The query is written out where it is used rather than shared through a CTE: a one-shot
    // plan then folds it to a constant, so the planner sees how many appeals it matches and
    // walks the newest appeals for a broad query instead of fetching every match.
    const std::string query = "websearch_to_tsquery('russian', translate($1, 'ёЁ', 'еЕ'))";
    std::string sql = "WITH q AS (SELECT " + query +
                      " AS query), page AS (SELECT m.pid, ts_rank(m.document, " + query +
                      ") AS search_rank FROM (SELECT appeals.id AS pid, s.document FROM "
                      "appeal_search s JOIN appeals ON appeals.id = s.id WHERE s.document @@ " +
                      query;
    AppendAppealFilter(filter, sql, params, index);
    sql += " ORDER BY appeals.id DESC LIMIT $" + std::to_string(++index);
    params.Add(static_cast<std::int64_t>(
        core::RankedSearchMatches(*offset, static_cast<std::size_t>(limit))));
    sql += ") m ORDER BY search_rank DESC, m.pid DESC LIMIT $" + std::to_string(++index);
    params.Add(limit + 1);
    sql += " OFFSET $" + std::to_string(++index);
    params.Add(static_cast<std::int64_t>(*offset));
    sql += ") SELECT ";
    sql += page.summaries_only ? std::string("appeals.id, ") + kSummaryColumn
                               : std::string(kAppealColumns);
    sql +=
        ", ts_headline('russian', otklik_search_passage(appeals.id, appeals.doc), q.query, "
        "'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=1') "
        "FROM page JOIN appeals ON appeals.id = page.pid, q "
        "ORDER BY page.search_rank DESC, appeals.id DESC";
    auto c = db_.Borrow();
    const auto rows = c->QueryPlannedForValues(sql, params);
    core::AppealPage result;
    const int snippet_column = page.summaries_only ? 2 : 20;
    const int count = std::min(rows.size(), limit);
    for (int r = 0; r < count; ++r) {
        if (page.summaries_only) {
            result.summaries.push_back(SummaryOf(*c, rows, r, 1, rows.Int(r, 0)));
        } else {
            result.items.push_back(ReadAppeal(rows, r));
        }
        result.snippets.push_back(rows.Text(r, snippet_column));
    }
    if (rows.size() > limit) {
        result.next = core::SearchCursor(*offset + static_cast<std::size_t>(limit));
    }
    return result;
}

core::Result<core::AppealChanges> PgAppealSearchFeed::ChangesAfter(std::int64_t after, int limit) {
    auto c = db_.Borrow();
    const auto rows =
        c->Query("SELECT id, appeal_id FROM history WHERE id > $1 ORDER BY id LIMIT $2",
                 Params().Add(after).Add(limit));
    core::AppealChanges changes;
    changes.last = after;
    for (int r = 0; r < rows.size(); ++r) {
        changes.last = rows.Int(r, 0);
        changes.appeal_ids.push_back(rows.Int(r, 1));
    }
    return changes;
}

core::Result<std::int64_t> PgAppealSearchFeed::LastChange() {
    auto c = db_.Borrow();
    return c->Query("SELECT COALESCE(MAX(id), 0) FROM history").Int(0, 0);
}

core::Result<std::vector<core::AppealSearchSource>> PgAppealSearchFeed::Sources(
    const std::vector<std::int64_t>& ids) {
    std::vector<core::AppealSearchSource> sources;
    if (ids.empty()) return sources;
    const std::string array = IdArray(ids);
    auto c = db_.Borrow();
    const auto appeals = c->Query(
        std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE id = ANY($1::bigint[])",
        Params().Add(array));
    std::unordered_map<std::int64_t, std::size_t> position;
    for (int r = 0; r < appeals.size(); ++r) {
        sources.push_back({ReadAppeal(appeals, r), {}});
        position[sources.back().appeal.id] = sources.size() - 1;
    }
    const auto comments = c->Query(
        "SELECT id, appeal_id, at, author, text, visibility FROM comments "
        "WHERE appeal_id = ANY($1::bigint[]) AND (visibility = 'public' OR author = 'email') "
        "ORDER BY id",
        Params().Add(array));
    for (int r = 0; r < comments.size(); ++r) {
        core::Comment comment;
        comment.id = comments.Int(r, 0);
        comment.appeal_id = comments.Int(r, 1);
        comment.at = core::FromUnixMillis(comments.Int(r, 2));
        comment.author = comments.Text(r, 3);
        comment.text = comments.Text(r, 4);
        comment.visibility = comments.Text(r, 5) == "public" ? core::Visibility::kPublic
                                                             : core::Visibility::kInternal;
        if (const auto it = position.find(comment.appeal_id); it != position.end()) {
            sources[it->second].comments.push_back(std::move(comment));
        }
    }
    return sources;
}

core::Result<core::PickedAppeals> PgAppealSearchFeed::Pick(const std::vector<std::int64_t>& ids,
                                                           const core::AppealFilter& filter,
                                                           bool summaries_only) {
    core::PickedAppeals picked;
    if (ids.empty()) return picked;
    Params params;
    params.Add(IdArray(ids));
    int index = 1;
    std::string sql =
        std::string("SELECT ") +
        (summaries_only ? std::string("id, ") + kSummaryColumn : std::string(kAppealColumns)) +
        " FROM appeals WHERE id = ANY($1::bigint[])";
    AppendAppealFilter(filter, sql, params, index);
    auto c = db_.Borrow();
    const auto rows = c->Query(sql, params);
    std::unordered_map<std::int64_t, int> row_of;
    for (int r = 0; r < rows.size(); ++r) row_of[rows.Int(r, 0)] = r;
    for (const auto id : ids) {
        const auto it = row_of.find(id);
        if (it == row_of.end()) continue;
        picked.ids.push_back(id);
        if (summaries_only) {
            picked.summaries.push_back(SummaryOf(*c, rows, it->second, 1, id));
        } else {
            picked.items.push_back(ReadAppeal(rows, it->second));
        }
        row_of.erase(it);
    }
    return picked;
}

}  // namespace otklik::storage::postgres

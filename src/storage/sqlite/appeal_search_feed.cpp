// The embedded store's change stream and texts for the appeals' search index.
#include "storage/sqlite/appeal_search_feed.hpp"

#include <unordered_map>

#include "storage/sqlite/appeal_rows.hpp"
#include "views/appeal_view.hpp"

namespace otklik::storage::sqlite {
namespace {

// Ids as one JSON array bound once: one statement text for any number of ids.
std::string IdArray(const std::vector<std::int64_t>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + "]";
}

}  // namespace

core::Result<core::AppealChanges> AppealSearchFeed::ChangesAfter(std::int64_t after, int limit) {
    auto c = db_.Read();
    auto& query = c->Prepare("SELECT id, appeal_id FROM history WHERE id > ? ORDER BY id LIMIT ?");
    query.Bind(1, after).Bind(2, std::int64_t{limit});
    core::AppealChanges changes;
    changes.last = after;
    while (query.Step()) {
        changes.last = query.Int(0);
        changes.appeal_ids.push_back(query.Int(1));
    }
    query.Reset();
    return changes;
}

core::Result<std::int64_t> AppealSearchFeed::LastChange() {
    auto c = db_.Read();
    auto& query = c->Prepare("SELECT COALESCE(MAX(id), 0) FROM history");
    query.Step();
    const std::int64_t last = query.Int(0);
    query.Reset();
    return last;
}

core::Result<std::vector<core::AppealSearchSource>> AppealSearchFeed::Sources(
    const std::vector<std::int64_t>& ids) {
    std::vector<core::AppealSearchSource> sources;
    if (ids.empty()) return sources;
    const std::string array = IdArray(ids);
    auto c = db_.Read();
    std::unordered_map<std::int64_t, std::size_t> position;
    auto& appeals = c->Prepare(std::string("SELECT ") + kAppealColumns +
                               " FROM appeals WHERE id IN (SELECT value FROM json_each(?))");
    appeals.Bind(1, array);
    while (appeals.Step()) {
        sources.push_back({ReadAppeal(appeals), {}});
        position[sources.back().appeal.id] = sources.size() - 1;
    }
    appeals.Reset();
    auto& comments = c->Prepare(
        "SELECT id, appeal_id, at, author, text, visibility FROM comments "
        "WHERE appeal_id IN (SELECT value FROM json_each(?)) "
        "AND (visibility = 'public' OR author = 'email') ORDER BY id");
    comments.Bind(1, array);
    while (comments.Step()) {
        core::Comment comment;
        comment.id = comments.Int(0);
        comment.appeal_id = comments.Int(1);
        comment.at = core::FromUnixMillis(comments.Int(2));
        comment.author = comments.Text(3);
        comment.text = comments.Text(4);
        comment.visibility =
            comments.Text(5) == "public" ? core::Visibility::kPublic : core::Visibility::kInternal;
        if (const auto it = position.find(comment.appeal_id); it != position.end()) {
            sources[it->second].comments.push_back(std::move(comment));
        }
    }
    comments.Reset();
    return sources;
}

core::Result<core::PickedAppeals> AppealSearchFeed::Pick(const std::vector<std::int64_t>& ids,
                                                         const core::AppealFilter& filter,
                                                         bool summaries_only) {
    core::PickedAppeals picked;
    if (ids.empty()) return picked;
    const FilterSql conditions = AppealFilterSql(filter);
    const std::string columns =
        summaries_only ? "id, (SELECT summary FROM appeal_summaries s WHERE s.id = appeals.id)"
                       : std::string(kAppealColumns);
    auto c = db_.Read();
    // NOT INDEXED: the page's ids are looked up by primary key. Left to itself, SQLite chose the
    // group's queue index for a search within a group and read the whole group (50,000 rows at
    // 1,000,000 appeals) to keep 50 of them.
    auto& query = c->Prepare(
        "SELECT " + columns +
        " FROM appeals NOT INDEXED WHERE id IN (SELECT value FROM json_each(?))" + conditions.sql);
    int index = 1;
    query.Bind(index++, IdArray(ids));
    conditions.BindTo(query, index);
    std::unordered_map<std::int64_t, core::Appeal> appeals;
    std::unordered_map<std::int64_t, std::string> summaries;
    std::vector<std::int64_t> unrendered;  // appeals older than the stored summaries
    while (query.Step()) {
        const std::int64_t id = query.Int(0);
        if (!summaries_only) {
            appeals.emplace(id, ReadAppeal(query));
        } else if (query.IsNull(1)) {
            unrendered.push_back(id);
        } else {
            summaries.emplace(id, query.Text(1));
        }
    }
    query.Reset();
    for (const auto id : unrendered) {
        auto& one =
            c->Prepare(std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE id = ?");
        one.Bind(1, id);
        if (one.Step()) summaries.emplace(id, views::AppealSummaryText(ReadAppeal(one)));
        one.Reset();
    }
    for (const auto id : ids) {
        if (summaries_only) {
            auto it = summaries.find(id);
            if (it == summaries.end()) continue;
            picked.ids.push_back(id);
            picked.summaries.push_back(std::move(it->second));
            summaries.erase(it);
        } else {
            auto it = appeals.find(id);
            if (it == appeals.end()) continue;
            picked.ids.push_back(id);
            picked.items.push_back(std::move(it->second));
            appeals.erase(it);
        }
    }
    return picked;
}

}  // namespace otklik::storage::sqlite

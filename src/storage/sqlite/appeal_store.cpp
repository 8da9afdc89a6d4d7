// Appeals, their history, comments, links and queue counters in the embedded store
// (core::AppealRepository): registration allocates the UIN, stores the appeal, its history, its
// outbox and its idempotency key in one group-committed transaction.
#include "storage/sqlite/appeal_store.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/appeal_attributes.hpp"
#include "core/contact_proof.hpp"
#include "core/parse_integer.hpp"
#include "core/personal_data.hpp"
#include "core/uin.hpp"
#include "storage/appeal_codec.hpp"
#include "storage/sqlite/appeal_rows.hpp"
#include "storage/sqlite/call_store.hpp"
#include "storage/sqlite/mail_store.hpp"
#include "storage/sqlite/uin_sequence.hpp"
#include "views/appeal_view.hpp"

namespace otklik::storage::sqlite {

using core::Appeal;
using core::Error;
using core::Fail;
using core::Result;

namespace {

// The review list holds appeals whose automatic decision still awaits a person.
std::string TriageReviewKey(const Appeal& appeal) {
    const auto decision = core::TriageAwaitingReview(appeal);
    return decision ? std::string(core::TriageDecisionCode(*decision)) : std::string();
}

std::int64_t DueKey(const Appeal& appeal) {
    const auto due = appeal.DueAt();
    return due ? core::ToUnixMillis(*due) : kNoDeadline;
}

// Binds the mutable columns shared by INSERT and UPDATE, from index `first`.
int BindAppealColumns(Statement& s, int first, const Appeal& a) {
    int i = first;
    s.Bind(i++, a.regulation);
    s.Bind(i++, std::int64_t{a.regulation_version});
    s.Bind(i++, a.channel);
    s.Bind(i++, core::StatusCode(a.status));
    s.Bind(i++, a.pending_reason);
    s.Bind(i++, a.stage);
    s.Bind(i++, a.group);
    s.Bind(i++, a.assignee);
    s.Bind(i++, a.organization);
    s.Bind(i++, a.category);
    s.Bind(i++, a.subcategory);
    s.Bind(i++, a.priority);
    s.Bind(i++, a.applicant.region);
    s.BindOptional(i++, a.applicant.email);
    s.BindOptional(i++, core::DigitsOnly(a.applicant.snils));
    s.BindOptional(i++, a.applicant.phone);
    s.Bind(i++, std::int64_t{core::IsFinal(a.status) ? 0 : 1});
    s.Bind(i++, DueKey(a));
    s.Bind(i++, core::ToUnixMillis(a.updated_at));
    if (a.closed_at)
        s.Bind(i++, core::ToUnixMillis(*a.closed_at));
    else
        s.BindNull(i++);
    s.Bind(i++, EncodeAppealDoc(a));
    if (a.next_event_at && !core::IsFinal(a.status))
        s.Bind(i++, core::ToUnixMillis(*a.next_event_at));
    else
        s.BindNull(i++);
    s.BindOptional(i++, TriageReviewKey(a));
    return i;
}

// The queue's form of the appeal as it is after this write (`version`).
void SaveSummary(Connection& c, const Appeal& a, std::int64_t version) {
    const std::string summary = views::AppealSummaryText(a, version);
    c.Prepare("INSERT OR REPLACE INTO appeal_summaries (id, summary) VALUES (?, ?)")
        .Bind(1, a.id)
        .Bind(2, summary)
        .Run();
}

void InsertHistory(Connection& c, std::int64_t appeal_id, const core::HistoryEntry& entry) {
    c.Prepare(
         "INSERT INTO history (appeal_id, at, actor, action, changes, note) "
         "VALUES (?, ?, ?, ?, ?, ?)")
        .Bind(1, appeal_id)
        .Bind(2, core::ToUnixMillis(entry.at))
        .Bind(3, entry.actor)
        .Bind(4, entry.action)
        .Bind(5, EncodeChanges(entry.changes))
        .Bind(6, entry.note)
        .Run();
}

void InsertOutbox(Connection& c, std::int64_t appeal_id,
                  const std::vector<core::OutboxMessage>& outbox) {
    for (const auto& message : outbox) {
        c.Prepare(
             "INSERT INTO outbox (appeal_id, kind, channel, recipient, payload, created_at, "
             "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .Bind(1, appeal_id)
            .Bind(2, message.kind)
            .Bind(3, message.channel)
            .Bind(4, message.recipient)
            .Bind(5, message.payload)
            .Bind(6, core::ToUnixMillis(message.created_at))
            .Bind(7, core::ToUnixMillis(message.created_at))
            .Run();
    }
}

void MoveCounter(Connection& c, const std::string& region, const std::string& group,
                 std::string_view status, int delta) {
    c.Prepare(
         "INSERT INTO queue_counters (grp, status, n) VALUES (?, ?, ?) "
         "ON CONFLICT (grp, status) DO UPDATE SET n = n + excluded.n")
        .Bind(1, group)
        .Bind(2, status)
        .Bind(3, std::int64_t{delta})
        .Run();
    // The same per region, for the counts a regional operator may see (SEC-6).
    c.Prepare(
         "INSERT INTO region_queue_counters (region, grp, status, n) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (region, grp, status) DO UPDATE SET n = n + excluded.n")
        .Bind(1, region)
        .Bind(2, group)
        .Bind(3, status)
        .Bind(4, std::int64_t{delta})
        .Run();
}

Result<Appeal> LoadAppeal(Connection& c, const std::string& sql, auto key) {
    auto& query = c.Prepare(sql);
    query.Bind(1, key);
    if (!query.Step()) {
        return Fail(Error::NotFound("Обращение не найдено"));
    }
    Appeal appeal = ReadAppeal(query);
    query.Reset();
    return appeal;
}

Result<Appeal> LoadById(Connection& c, std::int64_t id) {
    return LoadAppeal(c, std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE id = ?",
                      id);
}

// Keyset cursor: "<sort key>_<id>".
bool ParseCursor(const std::string& cursor, std::int64_t& key, std::int64_t& id) {
    const auto sep = cursor.find('_');
    if (sep == std::string::npos || sep == 0 || sep + 1 == cursor.size()) return false;
    const auto parsed_key =
        core::ParseInteger<std::int64_t>(std::string_view(cursor).substr(0, sep));
    const auto parsed_id =
        core::ParseInteger<std::int64_t>(std::string_view(cursor).substr(sep + 1));
    if (!parsed_key || !parsed_id) return false;
    key = *parsed_key;
    id = *parsed_id;
    return true;
}

}  // namespace

struct AppealStore::BulkTally {
    std::map<std::pair<std::string, int>, std::int64_t> last;  // (prefix, year): last handed out
    std::map<std::tuple<std::string, std::string, std::string>, int> moves;  // region, grp, status

    std::string NextUin(Connection& c, const std::string& prefix, int year) {
        auto [it, added] = last.try_emplace({prefix, year}, 0);
        if (added) {
            auto& stored = c.Prepare("SELECT last FROM uin_counters WHERE prefix = ? AND year = ?");
            stored.Bind(1, prefix).Bind(2, std::int64_t{year});
            if (stored.Step()) it->second = stored.Int(0);
            stored.Reset();
        }
        return core::FormatUin(prefix, year, ++it->second);
    }

    // The sequences and counters as appeal-by-appeal registration would have left them.
    void Write(Connection& c) const {
        for (const auto& [key, value] : last) {
            c.Prepare(
                 "INSERT INTO uin_counters (prefix, year, last) VALUES (?, ?, ?) "
                 "ON CONFLICT (prefix, year) DO UPDATE SET last = excluded.last")
                .Bind(1, key.first)
                .Bind(2, std::int64_t{key.second})
                .Bind(3, value)
                .Run();
        }
        for (const auto& [key, n] : moves) {
            MoveCounter(c, std::get<0>(key), std::get<1>(key), std::get<2>(key), n);
        }
    }
};

namespace {

// The e-mail a registration carries, recorded with the appeal it opened (or the one a replay
// found).
void RecordLetterOf(Connection& c, const core::NewAppeal& request, std::int64_t appeal_id) {
    if (!request.letter) return;
    auto letter = *request.letter;
    letter.appeal_id = appeal_id;
    InsertProcessedLetter(c, letter);
}

}  // namespace

Result<core::Registered> AppealStore::RegisterIn(Connection& c, core::NewAppeal& request,
                                                 BulkTally* tally) {
    if (!request.idempotency_key.empty()) {
        auto& existing =
            c.Prepare("SELECT fingerprint, appeal_id FROM idempotency_keys WHERE key = ?");
        existing.Bind(1, request.idempotency_key);
        if (existing.Step()) {
            const std::string fingerprint = existing.Text(0);
            const std::int64_t appeal_id = existing.Int(1);
            existing.Reset();
            if (fingerprint != request.idempotency_fingerprint) {
                return Fail(
                    Error::Conflict("idempotency_key_reused",
                                    "Ключ Idempotency-Key уже использован для другого запроса"));
            }
            auto appeal = LoadById(c, appeal_id);
            if (!appeal) return Fail(appeal.error());
            RecordLetterOf(c, request, appeal->id);
            core::Registered replay;
            replay.appeal = std::move(*appeal);
            replay.replayed = true;
            return replay;
        }
        existing.Reset();
    }
    Appeal& appeal = request.appeal;
    if (request.reserved_uin.empty()) {
        appeal.uin = tally ? tally->NextUin(c, request.uin_prefix, request.uin_year)
                           : NextUin(c, request.uin_prefix, request.uin_year);
    } else {
        auto reserved = TakeReservedUin(c, request);
        if (!reserved) return Fail(reserved.error());
        appeal.uin = std::move(*reserved);
    }
    appeal.version = 1;
    auto& insert = c.Prepare(
        "INSERT INTO appeals (regulation, regulation_version, channel, status, pending_reason, "
        "stage, grp, assignee, organization, category, subcategory, priority, region, "
        "applicant_email, applicant_snils, applicant_phone, is_open, due_at, updated_at, "
        "closed_at, doc, next_event_at, triage_decision, uin, created_at, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
    const int next = BindAppealColumns(insert, 1, appeal);
    insert.Bind(next, appeal.uin).Bind(next + 1, core::ToUnixMillis(appeal.created_at));
    insert.Run();
    appeal.id = c.LastInsertId();
    SaveSummary(c, appeal, 1);

    InsertHistory(c, appeal.id, request.entry);
    InsertOutbox(c, appeal.id, request.outbox);
    if (request.make_outbox) InsertOutbox(c, appeal.id, request.make_outbox(appeal));
    RecordLetterOf(c, request, appeal.id);
    if (!request.idempotency_key.empty()) {
        c.Prepare(
             "INSERT INTO idempotency_keys (key, fingerprint, appeal_id, created_at) "
             "VALUES (?, ?, ?, ?)")
            .Bind(1, request.idempotency_key)
            .Bind(2, request.idempotency_fingerprint)
            .Bind(3, appeal.id)
            .Bind(4, core::ToUnixMillis(appeal.created_at))
            .Run();
    }
    for (const auto& [target_uin, type] : request.links) {
        auto& target = c.Prepare("SELECT id FROM appeals WHERE uin = ?");
        target.Bind(1, target_uin);
        if (!target.Step()) continue;  // the original vanished: nothing to link
        const std::int64_t target_id = target.Int(0);
        target.Reset();
        c.Prepare(
             "INSERT OR IGNORE INTO links (from_id, to_id, type, at, author) "
             "VALUES (?, ?, ?, ?, ?)")
            .Bind(1, appeal.id)
            .Bind(2, target_id)
            .Bind(3, core::LinkTypeCode(type))
            .Bind(4, core::ToUnixMillis(appeal.created_at))
            .Bind(5, request.entry.actor)
            .Run();
    }
    if (tally) {
        ++tally->moves[{appeal.applicant.region, appeal.group,
                        std::string(core::StatusCode(appeal.status))}];
    } else {
        MoveCounter(c, appeal.applicant.region, appeal.group, core::StatusCode(appeal.status), 1);
    }
    core::Registered registered;
    registered.appeal = appeal;
    return registered;
}

Result<core::Registered> AppealStore::Register(core::NewAppeal request) {
    return db_.Write<core::Registered>([&](Connection& c) { return RegisterIn(c, request); });
}

std::int64_t AppealStore::BulkRegister(std::vector<core::NewAppeal>& requests) {
    constexpr std::size_t kChunk = 5000;
    std::int64_t stored = 0;
    for (std::size_t begin = 0; begin < requests.size(); begin += kChunk) {
        const std::size_t end = std::min(requests.size(), begin + kChunk);
        const auto count = db_.Write<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
            std::int64_t n = 0;
            for (std::size_t i = begin; i < end; ++i) {
                if (RegisterIn(c, requests[i])) ++n;
            }
            return n;
        });
        stored += count.value_or(0);
    }
    return stored;
}

std::int64_t AppealStore::BulkLoad(const std::function<bool(std::vector<core::NewAppeal>&)>& next) {
    std::vector<core::NewAppeal> chunk;
    // -1: the file already holds appeals, nothing was done.
    const auto loaded = db_.Write<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
        auto& any = c.Prepare("SELECT EXISTS (SELECT 1 FROM appeals)");
        any.Step();
        const bool has_appeals = any.Int(0) != 0;
        any.Reset();
        if (has_appeals) return std::int64_t{-1};
        // The secondary indexes of the appeals (not the UIN's own, which is the UNIQUE
        // constraint's): dropped and created again from their stored definitions, all in this
        // transaction, so the file never shows the table without them.
        std::vector<std::pair<std::string, std::string>> indexes;
        auto& schema = c.Prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'appeals' "
            "AND sql IS NOT NULL ORDER BY name");
        while (schema.Step()) indexes.emplace_back(schema.Text(0), schema.Text(1));
        schema.Reset();
        for (const auto& [name, sql] : indexes) c.Exec("DROP INDEX \"" + name + "\"");
        std::int64_t n = 0;
        BulkTally tally;
        while (next(chunk)) {
            for (auto& request : chunk) {
                if (RegisterIn(c, request, &tally)) ++n;
            }
        }
        tally.Write(c);
        for (const auto& [name, sql] : indexes) c.Exec(sql);
        return n;
    });
    if (loaded.value_or(0) >= 0) return loaded.value_or(0);
    std::int64_t stored = 0;
    while (next(chunk)) stored += BulkRegister(chunk);
    return stored;
}

Result<Appeal> AppealStore::Update(core::AppealChange change) {
    return db_.Write<Appeal>([&](Connection& c) -> Result<Appeal> {
        const Appeal& appeal = change.appeal;
        auto& current = c.Prepare(
            "SELECT version, grp, status, COALESCE(region, '') FROM appeals WHERE id = ?");
        current.Bind(1, appeal.id);
        if (!current.Step()) return Fail(Error::NotFound("Обращение не найдено"));
        const std::int64_t version = current.Int(0);
        const std::string old_group = current.Text(1);
        const std::string old_status = current.Text(2);
        const std::string old_region = current.Text(3);
        current.Reset();
        if (version != change.expected_version) {
            return Fail(Error::Conflict("version_conflict",
                                        "Обращение уже изменил кто-то другой: обновите карточку"));
        }
        auto& update = c.Prepare(
            "UPDATE appeals SET regulation = ?, regulation_version = ?, channel = ?, status = ?, "
            "pending_reason = ?, stage = ?, grp = ?, assignee = ?, organization = ?, category = ?, "
            "subcategory = ?, priority = ?, region = ?, applicant_email = ?, applicant_snils = ?, "
            "applicant_phone = ?, is_open = ?, due_at = ?, updated_at = ?, closed_at = ?, doc = ?, "
            "next_event_at = ?, triage_decision = ?, version = version + 1 WHERE id = ?");
        const int next = BindAppealColumns(update, 1, appeal);
        update.Bind(next, appeal.id).Run();
        SaveSummary(c, appeal, version + 1);
        InsertHistory(c, appeal.id, change.entry);
        InsertOutbox(c, appeal.id, change.outbox);
        if (change.comment) {
            c.Prepare(
                 "INSERT INTO comments (appeal_id, at, author, text, visibility) "
                 "VALUES (?, ?, ?, ?, ?)")
                .Bind(1, appeal.id)
                .Bind(2, core::ToUnixMillis(change.comment->at))
                .Bind(3, change.comment->author)
                .Bind(4, change.comment->text)
                .Bind(5, change.comment->visibility == core::Visibility::kPublic ? "public"
                                                                                 : "internal")
                .Run();
        }
        const std::string new_status(core::StatusCode(appeal.status));
        if (old_group != appeal.group || old_status != new_status ||
            old_region != appeal.applicant.region) {
            MoveCounter(c, old_region, old_group, old_status, -1);
            MoveCounter(c, appeal.applicant.region, appeal.group, new_status, 1);
        }
        for (auto& [spawned, link_type] : change.spawned) {
            auto registered = RegisterIn(c, spawned);
            if (!registered) return Fail(registered.error());
            c.Prepare("INSERT INTO links (from_id, to_id, type, at, author) VALUES (?, ?, ?, ?, ?)")
                .Bind(1, registered->appeal.id)
                .Bind(2, appeal.id)
                .Bind(3, core::LinkTypeCode(link_type))
                .Bind(4, core::ToUnixMillis(change.entry.at))
                .Bind(5, change.entry.actor)
                .Run();
        }
        Appeal saved = appeal;
        saved.version = change.expected_version + 1;
        return saved;
    });
}

Result<std::vector<Appeal>> AppealStore::FindDue(core::Instant now, int limit) {
    auto c = db_.Read();
    auto& query = c->Prepare(std::string("SELECT ") + kAppealColumns +
                             " FROM appeals WHERE next_event_at IS NOT NULL AND next_event_at <= ? "
                             "ORDER BY next_event_at LIMIT ?");
    query.Bind(1, core::ToUnixMillis(now)).Bind(2, std::int64_t{limit});
    std::vector<Appeal> due;
    while (query.Step()) due.push_back(ReadAppeal(query));
    query.Reset();
    return due;
}

Result<Appeal> AppealStore::FindByUin(std::string_view uin) {
    auto c = db_.Read();
    auto result = LoadAppeal(
        *c, std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE uin = ?", uin);
    if (!result) {
        return Fail(Error::NotFound("Обращение с номером «" + std::string(uin) + "» не найдено"));
    }
    return result;
}

Result<std::vector<Appeal>> AppealStore::FindByApplicantEmail(std::string_view canonical_email,
                                                              int limit) {
    std::vector<Appeal> found;
    if (canonical_email.empty() || limit <= 0) return found;
    auto c = db_.Read();
    // SQLite's lower() folds ASCII only, as ContactProof::Canonical does; the expression is the
    // one of the index appeals_applicant_email_folded (migration 11).
    auto& query = c->Prepare(std::string("SELECT ") + kAppealColumns +
                             " FROM appeals WHERE applicant_email IS NOT NULL AND "
                             "lower(trim(applicant_email)) = ? ORDER BY created_at DESC, id DESC "
                             "LIMIT ?");
    query.Bind(1, canonical_email).Bind(2, std::int64_t{limit});
    while (query.Step()) {
        Appeal appeal = ReadAppeal(query);
        if (core::ContactProof::Canonical(appeal.applicant.email) == canonical_email) {
            found.push_back(std::move(appeal));
        }
    }
    query.Reset();
    return found;
}

Result<Appeal> AppealStore::FindById(std::int64_t id) {
    auto c = db_.Read();
    return LoadById(*c, id);
}

Result<core::AppealPage> AppealStore::List(const core::AppealFilter& filter,
                                           const core::PageRequest& page) {
    const char* key_column = page.order == core::AppealOrder::kByDeadline ? "due_at" : "created_at";
    // A queue page reads the cursor's key and the id, which the queue indexes cover, and the
    // stored summaries; nothing of the appeals' documents.
    std::string sql =
        page.summaries_only
            ? std::string("SELECT id, ") + key_column +
                  ", (SELECT summary FROM appeal_summaries s WHERE s.id = appeals.id) "
                  "FROM appeals WHERE 1"
            : std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE 1";
    const FilterSql conditions = AppealFilterSql(filter);
    sql += conditions.sql;
    // Values are bound in the order the clauses are appended: the filter's, then the cursor's.
    std::vector<std::int64_t> cursor;
    const bool descending = page.order == core::AppealOrder::kByCreatedDesc;
    if (!page.after.empty()) {
        std::int64_t key = 0;
        std::int64_t id = 0;
        if (!ParseCursor(page.after, key, id)) {
            return Fail(Error::Validation({{"after", "format", "Неверный курсор страницы"}}));
        }
        sql += std::string(" AND (") + key_column + ", id) " + (descending ? "<" : ">") + " (?, ?)";
        cursor = {key, id};
    }
    sql += std::string(" ORDER BY ") + key_column + (descending ? " DESC, id DESC" : ", id");
    const int limit = std::clamp(page.limit, 1, 500);
    sql += " LIMIT " + std::to_string(limit + 1);

    auto c = db_.Read();
    auto& query = c->Prepare(sql);
    int index = 1;
    conditions.BindTo(query, index);
    for (const auto value : cursor) query.Bind(index++, value);
    core::AppealPage result;
    if (page.summaries_only) {
        std::vector<std::pair<std::int64_t, std::int64_t>> keys;  // (cursor key, id)
        std::vector<std::size_t> unrendered;                      // rows older than migration 8
        while (query.Step()) {
            keys.emplace_back(query.Int(1), query.Int(0));
            if (query.IsNull(2)) unrendered.push_back(keys.size() - 1);
            result.summaries.push_back(query.IsNull(2) ? std::string() : query.Text(2));
        }
        query.Reset();
        for (const auto position : unrendered) {
            auto appeal = LoadById(*c, keys[position].second);
            if (appeal) result.summaries[position] = views::AppealSummaryText(*appeal);
        }
        if (result.summaries.size() > static_cast<std::size_t>(limit)) {
            result.summaries.pop_back();
            const auto& [key, id] = keys[static_cast<std::size_t>(limit) - 1];
            result.next = std::to_string(key) + "_" + std::to_string(id);
        }
        return result;
    }
    while (query.Step()) result.items.push_back(ReadAppeal(query));
    query.Reset();
    if (result.items.size() > static_cast<std::size_t>(limit)) {
        result.items.pop_back();
        const Appeal& last = result.items.back();
        const std::int64_t key = page.order == core::AppealOrder::kByDeadline
                                     ? DueKey(last)
                                     : core::ToUnixMillis(last.created_at);
        result.next = std::to_string(key) + "_" + std::to_string(last.id);
    }
    return result;
}

namespace {

core::Comment InsertComment(Connection& c, const core::Comment& comment,
                            const core::HistoryEntry& entry) {
    c.Prepare(
         "INSERT INTO comments (appeal_id, at, author, text, visibility) "
         "VALUES (?, ?, ?, ?, ?)")
        .Bind(1, comment.appeal_id)
        .Bind(2, core::ToUnixMillis(comment.at))
        .Bind(3, comment.author)
        .Bind(4, comment.text)
        .Bind(5, comment.visibility == core::Visibility::kPublic ? "public" : "internal")
        .Run();
    core::Comment saved = comment;
    saved.id = c.LastInsertId();
    InsertHistory(c, comment.appeal_id, entry);
    return saved;
}

}  // namespace

Result<core::Comment> AppealStore::AddComment(const core::Comment& comment,
                                              const core::HistoryEntry& entry) {
    return db_.Write<core::Comment>(
        [&](Connection& c) -> Result<core::Comment> { return InsertComment(c, comment, entry); });
}

Result<core::Comment> AppealStore::AddCommentOnce(const core::Comment& comment,
                                                  const core::HistoryEntry& entry,
                                                  const std::string& idempotency_key,
                                                  const std::string& fingerprint) {
    return db_.Write<core::Comment>([&](Connection& c) -> Result<core::Comment> {
        // CH-7: a retried status inquiry comments once; the key shares the registrations' table.
        auto& existing = c.Prepare("SELECT fingerprint FROM idempotency_keys WHERE key = ?");
        existing.Bind(1, idempotency_key);
        if (existing.Step()) {
            const std::string stored = existing.Text(0);
            existing.Reset();
            if (stored != fingerprint) {
                return Fail(
                    Error::Conflict("idempotency_key_reused",
                                    "Ключ Idempotency-Key уже использован для другого запроса"));
            }
            return comment;
        }
        existing.Reset();
        c.Prepare(
             "INSERT INTO idempotency_keys (key, fingerprint, appeal_id, created_at) "
             "VALUES (?, ?, ?, ?)")
            .Bind(1, idempotency_key)
            .Bind(2, fingerprint)
            .Bind(3, comment.appeal_id)
            .Bind(4, core::ToUnixMillis(comment.at))
            .Run();
        return InsertComment(c, comment, entry);
    });
}

Result<std::vector<core::Comment>> AppealStore::Comments(std::int64_t appeal_id) {
    auto c = db_.Read();
    auto& query = c->Prepare(
        "SELECT id, appeal_id, at, author, text, visibility FROM comments WHERE appeal_id = ? "
        "ORDER BY id");
    query.Bind(1, appeal_id);
    std::vector<core::Comment> comments;
    while (query.Step()) {
        core::Comment comment;
        comment.id = query.Int(0);
        comment.appeal_id = query.Int(1);
        comment.at = core::FromUnixMillis(query.Int(2));
        comment.author = query.Text(3);
        comment.text = query.Text(4);
        comment.visibility =
            query.Text(5) == "public" ? core::Visibility::kPublic : core::Visibility::kInternal;
        comments.push_back(std::move(comment));
    }
    query.Reset();
    return comments;
}

Result<std::vector<core::HistoryEntry>> AppealStore::History(std::int64_t appeal_id) {
    auto c = db_.Read();
    auto& query = c->Prepare(
        "SELECT id, appeal_id, at, actor, action, changes, note FROM history WHERE appeal_id = ? "
        "ORDER BY id");
    query.Bind(1, appeal_id);
    std::vector<core::HistoryEntry> entries;
    while (query.Step()) {
        core::HistoryEntry entry;
        entry.id = query.Int(0);
        entry.appeal_id = query.Int(1);
        entry.at = core::FromUnixMillis(query.Int(2));
        entry.actor = query.Text(3);
        entry.action = query.Text(4);
        entry.changes = DecodeChanges(query.Text(5));
        entry.note = query.Text(6);
        entries.push_back(std::move(entry));
    }
    query.Reset();
    return entries;
}

Result<core::Link> AppealStore::AddLink(const core::Link& link, const core::HistoryEntry& entry) {
    return db_.Write<core::Link>([&](Connection& c) -> Result<core::Link> {
        try {
            c.Prepare("INSERT INTO links (from_id, to_id, type, at, author) VALUES (?, ?, ?, ?, ?)")
                .Bind(1, link.from_id)
                .Bind(2, link.to_id)
                .Bind(3, core::LinkTypeCode(link.type))
                .Bind(4, core::ToUnixMillis(link.at))
                .Bind(5, link.author)
                .Run();
        } catch (const SqliteError& e) {
            if (!IsUniqueViolation(e)) throw;
            return Fail(Error::Conflict("link_exists", "Такая связь уже есть"));
        }
        core::Link saved = link;
        saved.id = c.LastInsertId();
        InsertHistory(c, link.from_id, entry);
        return saved;
    });
}

Result<std::vector<core::Link>> AppealStore::Links(std::int64_t appeal_id) {
    auto c = db_.Read();
    auto& query = c->Prepare(
        "SELECT l.id, l.from_id, f.uin, l.to_id, t.uin, l.type, l.at, l.author FROM links l "
        "JOIN appeals f ON f.id = l.from_id JOIN appeals t ON t.id = l.to_id "
        "WHERE l.from_id = ?1 OR l.to_id = ?1 ORDER BY l.id");
    query.Bind(1, appeal_id);
    std::vector<core::Link> links;
    while (query.Step()) {
        core::Link link;
        link.id = query.Int(0);
        link.from_id = query.Int(1);
        link.from_uin = query.Text(2);
        link.to_id = query.Int(3);
        link.to_uin = query.Text(4);
        link.type = core::ParseLinkType(query.Text(5)).value_or(core::LinkType::kRelated);
        link.at = core::FromUnixMillis(query.Int(6));
        link.author = query.Text(7);
        links.push_back(std::move(link));
    }
    query.Reset();
    return links;
}

Result<std::int64_t> AppealStore::Count(const core::AppealFilter& filter) {
    // The list's own conditions (AppealFilterSql), so a queue's count is its list's length.
    const FilterSql conditions = AppealFilterSql(filter);
    auto c = db_.Read();
    auto& query = c->Prepare("SELECT COUNT(*) FROM appeals WHERE 1" + conditions.sql);
    int index = 1;
    conditions.BindTo(query, index);
    std::int64_t total = 0;
    if (query.Step()) total = query.Int(0);
    query.Reset();
    return total;
}

Result<std::vector<core::QueueCount>> AppealStore::QueueCounts(const core::AppealScope& scope) {
    auto c = db_.Read();
    std::vector<core::QueueCount> counts;
    if (scope.unrestricted()) {
        auto& query = c->Prepare(
            "SELECT grp, status, n FROM queue_counters WHERE n > 0 ORDER BY grp, status");
        while (query.Step()) counts.push_back({query.Text(0), query.Text(1), query.Int(2)});
        query.Reset();
        return counts;
    }
    std::map<std::pair<std::string, std::string>, std::int64_t> sums;
    for (const auto& region : scope.regions()) {
        auto& query = c->Prepare(
            "SELECT grp, status, n FROM region_queue_counters WHERE region = ? AND n > 0");
        query.Bind(1, region);
        while (query.Step()) sums[{query.Text(0), query.Text(1)}] += query.Int(2);
        query.Reset();
    }
    for (const auto& [key, n] : sums) counts.push_back({key.first, key.second, n});
    return counts;
}

}  // namespace otklik::storage::sqlite

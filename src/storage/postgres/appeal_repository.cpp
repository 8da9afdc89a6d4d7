#include "storage/postgres/appeal_repository.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include <boost/json.hpp>

#include "core/appeal_attributes.hpp"
#include "core/contact_proof.hpp"
#include "core/personal_data.hpp"
#include "core/uin.hpp"
#include "storage/appeal_codec.hpp"
#include "storage/postgres/appeal_rows.hpp"
#include "storage/postgres/rows.hpp"
#include "views/appeal_view.hpp"

namespace otklik::storage::postgres {

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

// The mutable columns shared by INSERT and UPDATE, in the order of kMutableColumns.
constexpr const char* kMutableColumns[] = {"regulation",
                                           "regulation_version",
                                           "channel",
                                           "status",
                                           "pending_reason",
                                           "stage",
                                           "grp",
                                           "assignee",
                                           "organization",
                                           "category",
                                           "subcategory",
                                           "priority",
                                           "region",
                                           "applicant_email",
                                           "applicant_snils",
                                           "applicant_phone",
                                           "is_open",
                                           "due_at",
                                           "updated_at",
                                           "closed_at",
                                           "doc",
                                           "next_event_at",
                                           "triage_decision"};
constexpr int kMutableCount = static_cast<int>(std::size(kMutableColumns));

void AddAppealColumns(Params& p, const Appeal& a) {
    p.Add(a.regulation)
        .Add(a.regulation_version)
        .Add(a.channel)
        .Add(core::StatusCode(a.status))
        .Add(a.pending_reason)
        .Add(a.stage)
        .Add(a.group)
        .Add(a.assignee)
        .Add(a.organization)
        .Add(a.category)
        .Add(a.subcategory)
        .Add(a.priority)
        .Add(a.applicant.region)
        .AddOptional(a.applicant.email)
        .AddOptional(core::DigitsOnly(a.applicant.snils))
        .AddOptional(a.applicant.phone)
        .Add(!core::IsFinal(a.status))
        .Add(DueKey(a))
        .Add(core::ToUnixMillis(a.updated_at));
    p.AddOptional(a.closed_at ? std::optional(core::ToUnixMillis(*a.closed_at)) : std::nullopt);
    p.Add(EncodeAppealDoc(a));
    p.AddOptional(a.next_event_at && !core::IsFinal(a.status)
                      ? std::optional(core::ToUnixMillis(*a.next_event_at))
                      : std::nullopt);
    p.AddOptional(TriageReviewKey(a));
}

std::string Placeholders(int first, int count) {
    std::string text;
    for (int i = 0; i < count; ++i) text += (i ? ", $" : "$") + std::to_string(first + i);
    return text;
}

std::string ColumnList() {
    std::string text;
    for (int i = 0; i < kMutableCount; ++i) text += std::string(i ? ", " : "") + kMutableColumns[i];
    return text;
}

std::string Summary(const Appeal& a, std::int64_t version) {
    return views::AppealSummaryText(a, version);
}

const std::string& CounterSql() {
    // Queue counters are maintained on every write instead of COUNT(*) per page view.
    static const std::string sql =
        "WITH q AS (INSERT INTO queue_counters (grp, status, n) VALUES ($2, $3, $4) "
        "ON CONFLICT (grp, status) DO UPDATE SET n = queue_counters.n + excluded.n) "
        "INSERT INTO region_queue_counters (region, grp, status, n) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (region, grp, status) DO UPDATE SET n = region_queue_counters.n + excluded.n";
    return sql;
}

void MoveCounter(Connection& c, const std::string& region, const std::string& group,
                 std::string_view status, int delta) {
    c.Query(CounterSql(), Params().Add(region).Add(group).Add(status).Add(delta));
}

void InsertHistory(Connection& c, std::int64_t appeal_id, const core::HistoryEntry& entry) {
    c.Query(
        "INSERT INTO history (appeal_id, at, actor, action, changes, note) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        Params()
            .Add(appeal_id)
            .Add(core::ToUnixMillis(entry.at))
            .Add(entry.actor)
            .Add(entry.action)
            .Add(EncodeChanges(entry.changes))
            .Add(entry.note));
}

std::string_view VisibilityCode(core::Visibility visibility) {
    return visibility == core::Visibility::kPublic ? "public" : "internal";
}

core::Comment InsertComment(Connection& c, const core::Comment& comment) {
    const auto rows = c.Query(
        "INSERT INTO comments (appeal_id, at, author, text, visibility) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
        Params()
            .Add(comment.appeal_id)
            .Add(core::ToUnixMillis(comment.at))
            .Add(comment.author)
            .Add(comment.text)
            .Add(VisibilityCode(comment.visibility)));
    core::Comment saved = comment;
    saved.id = rows.Int(0, 0);
    return saved;
}

Result<Appeal> LoadById(Connection& c, std::int64_t id) {
    const auto rows = c.Query(
        std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE id = $1", Params().Add(id));
    if (rows.empty()) return Fail(Error::NotFound("Обращение не найдено"));
    return ReadAppeal(rows, 0);
}

Error KeyReused() {
    return Error::Conflict("idempotency_key_reused",
                           "Ключ Idempotency-Key уже использован для другого запроса");
}

/// Claims an idempotency key for this transaction. Another node's transaction holding the same
/// key makes this one wait for its end (the unique index), so the key registers once across
/// nodes. Returns the stored (fingerprint, appeal id) when the key was used before.
std::optional<std::pair<std::string, std::int64_t>> ClaimKey(Connection& c, const std::string& key,
                                                             const std::string& fingerprint,
                                                             std::optional<std::int64_t> appeal_id,
                                                             core::Instant at) {
    const auto claimed = c.Query(
        "INSERT INTO idempotency_keys (key, fingerprint, appeal_id, created_at) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING RETURNING key",
        Params().Add(key).Add(fingerprint).AddOptional(appeal_id).Add(core::ToUnixMillis(at)));
    if (!claimed.empty()) return std::nullopt;
    const auto rows =
        c.Query("SELECT fingerprint, COALESCE(appeal_id, 0) FROM idempotency_keys WHERE key = $1",
                Params().Add(key));
    if (rows.empty()) return std::make_pair(std::string(), std::int64_t{0});
    return std::make_pair(rows.Text(0, 0), rows.Int(0, 1));
}

Result<std::string> TakeReservedUin(Connection& c, const core::NewAppeal& request) {
    const auto refuse = [](std::string code, std::string message) {
        return Fail(Error::Validation({{"reserved_uin", std::move(code), std::move(message)}}));
    };
    auto call = LoadCall(c, request.reserved_uin, /*for_update=*/true);
    // Another operator's number answers as one never issued: it may be the number of an appeal
    // the caller may not see, and the answer must not tell (issue 16).
    if (!call || call->operator_login != request.entry.actor) {
        return refuse("unknown", "Номер " + request.reserved_uin + " не выдавался вашему звонку");
    }
    if (!call->outcome.empty()) {
        return refuse("call_ended",
                      "Звонок " + call->uin + " уже завершён: " + CallOutcomeName(call->outcome));
    }
    if (call->regulation != request.appeal.regulation ||
        call->uin.rfind(request.uin_prefix + "-", 0) != 0) {
        return refuse("other_regulation",
                      "Номер " + call->uin + " выдан по другому регламенту, чем обращение");
    }
    c.Query(
        "UPDATE calls SET outcome = 'registered', ended_at = $1 WHERE uin = $2 AND outcome = ''",
        Params().Add(core::ToUnixMillis(request.appeal.created_at)).Add(call->uin));
    return call->uin;
}

// The stored appeal a used idempotency key answers with, or the refusal of a reused key.
Result<core::Registered> Replay(Connection& c, const core::NewAppeal& request,
                                const std::pair<std::string, std::int64_t>& used) {
    if (used.first != request.idempotency_fingerprint) return Fail(KeyReused());
    auto earlier = LoadById(c, used.second);
    if (!earlier) return Fail(earlier.error());
    if (request.letter) {
        auto letter = *request.letter;
        letter.appeal_id = earlier->id;
        c.Take(SendProcessedLetter(c, letter));
    }
    core::Registered replay;
    replay.appeal = std::move(*earlier);
    replay.replayed = true;
    return replay;
}

// The key claim, the next number of the counter row and the appeal id in one statement: the
// number is taken only when the key was free (numbers stay gap-free; the counter row stays
// locked until the batch commits, so concurrent nodes number in commit order). The writer sends
// the claims of a whole batch together (SendClaim) and the rows without waiting (Send): a batch
// costs a few round trips and one fsync whatever its size. False: the key was used before, and
// nothing was numbered.
const std::string& ClaimKeyAndNumberSql() {
    static const std::string sql =
        "WITH k AS (INSERT INTO idempotency_keys (key, fingerprint, appeal_id, created_at) "
        "SELECT $1::text, $2::text, NULL::bigint, $3::bigint WHERE $1::text <> '' "
        "ON CONFLICT (key) DO NOTHING RETURNING key), "
        "u AS (INSERT INTO uin_counters (prefix, year, last) SELECT $4::text, $5::integer, 1 "
        "WHERE $1::text = '' OR EXISTS (SELECT 1 FROM k) "
        "ON CONFLICT (prefix, year) DO UPDATE SET last = uin_counters.last + 1 RETURNING last) "
        "SELECT last, nextval('appeals_id_seq') FROM u";
    return sql;
}

Params ClaimKeyAndNumberParams(const core::NewAppeal& request) {
    return Params()
        .Add(request.idempotency_key)
        .Add(request.idempotency_fingerprint)
        .Add(core::ToUnixMillis(request.appeal.created_at))
        .Add(request.uin_prefix)
        .Add(request.uin_year);
}

// Sends the claim of a registration that takes a new number (not a reserved call's), for the
// writer to send the claims of a whole batch in one round trip (Database::Submit).
std::optional<Connection::Ticket> SendClaim(Connection& c, const core::NewAppeal& request) {
    if (!request.reserved_uin.empty()) return std::nullopt;
    return c.Send(ClaimKeyAndNumberSql(), ClaimKeyAndNumberParams(request));
}

bool ClaimKeyAndNumber(Connection& c, core::NewAppeal& request,
                       std::optional<Connection::Ticket> sent) {
    const auto rows =
        sent ? c.Take(*sent) : c.Query(ClaimKeyAndNumberSql(), ClaimKeyAndNumberParams(request));
    if (rows.empty()) return false;
    request.appeal.uin = core::FormatUin(request.uin_prefix, request.uin_year, rows.Int(0, 0));
    request.appeal.id = rows.Int(0, 1);
    return true;
}

// The links a registration asks for (triage names up to 20 related appeals) in one statement,
// sent without waiting like the row itself: one round trip each cost the writer more than the
// rest of the registration. An original that vanished meanwhile is not linked; the links keep
// the order triage gave them.
void SendLinks(Connection& c, const Appeal& appeal,
               const std::vector<std::pair<std::string, core::LinkType>>& links,
               const std::string& actor) {
    if (links.empty()) return;
    boost::json::array rows;
    for (const auto& [target_uin, type] : links) {
        rows.push_back(
            boost::json::object{{"uin", target_uin}, {"type", core::LinkTypeCode(type)}});
    }
    // A scalar subquery: one index lookup per link (a join hashed the whole appeals table).
    static const std::string sql =
        "INSERT INTO links (from_id, to_id, type, at, author) "
        "SELECT $1, t.id, t.type, $3, $4 FROM (SELECT (SELECT id FROM appeals WHERE uin = l.uin) "
        "AS id, l.type, l.n FROM ROWS FROM (json_to_recordset($2::json) AS (uin text, type text)) "
        "WITH ORDINALITY AS l(uin, type, n)) t WHERE t.id IS NOT NULL ORDER BY t.n "
        "ON CONFLICT DO NOTHING";
    c.Send(sql, Params()
                    .Add(appeal.id)
                    .Add(boost::json::serialize(rows))
                    .Add(core::ToUnixMillis(appeal.created_at))
                    .Add(actor));
}

Result<core::Registered> RegisterIn(Connection& c, core::NewAppeal& request,
                                    std::optional<Connection::Ticket> claim = std::nullopt) {
    Appeal& appeal = request.appeal;
    if (request.reserved_uin.empty()) {
        if (!ClaimKeyAndNumber(c, request, claim)) {
            const auto rows = c.Query(
                "SELECT fingerprint, COALESCE(appeal_id, 0) FROM idempotency_keys WHERE key = $1",
                Params().Add(request.idempotency_key));
            if (rows.empty()) return Fail(KeyReused());
            return Replay(c, request, {rows.Text(0, 0), rows.Int(0, 1)});
        }
    } else {
        if (!request.idempotency_key.empty()) {
            const auto used = ClaimKey(c, request.idempotency_key, request.idempotency_fingerprint,
                                       std::nullopt, appeal.created_at);
            if (used) return Replay(c, request, *used);
        }
        auto reserved = TakeReservedUin(c, request);
        if (!reserved) return Fail(reserved.error());
        appeal.uin = std::move(*reserved);
        appeal.id = c.Query("SELECT nextval('appeals_id_seq')").Int(0, 0);
    }
    appeal.version = 1;
    std::vector<core::OutboxMessage> outbox = request.outbox;
    if (request.make_outbox) {
        auto made = request.make_outbox(appeal);
        outbox.insert(outbox.end(), std::make_move_iterator(made.begin()),
                      std::make_move_iterator(made.end()));
    }
    // The outbox first ($1, as kOutboxRecordset reads it), then the columns.
    Params p;
    p.Add(OutboxRows(appeal.id, outbox));
    AddAppealColumns(p, appeal);
    const int next = kMutableCount + 2;
    p.Add(appeal.id).Add(appeal.uin).Add(core::ToUnixMillis(appeal.created_at));
    p.Add(Summary(appeal, 1));
    const auto& e = request.entry;
    p.Add(core::ToUnixMillis(e.at)).Add(e.actor).Add(e.action).Add(EncodeChanges(e.changes));
    p.Add(e.note);
    p.Add(request.idempotency_key);
    const auto n = [&](int offset) { return "$" + std::to_string(next + offset); };
    // $1 the outbox; $2..$24 columns; then id, uin, created_at, summary, history (5), key: the
    // row, its summary, history, counters, key and notices in one statement.
    static const std::string sql =
        "WITH a AS (INSERT INTO appeals (" + ColumnList() +
        ", id, uin, created_at, version) VALUES (" + Placeholders(2, kMutableCount) + ", " + n(0) +
        ", " + n(1) + ", " + n(2) +
        ", 1) RETURNING id, grp, status, region), "
        "s AS (INSERT INTO appeal_summaries (id, summary) SELECT id, " +
        n(3) +
        " FROM a), "
        "h AS (INSERT INTO history (appeal_id, at, actor, action, changes, note) SELECT id, " +
        n(4) + ", " + n(5) + ", " + n(6) + ", " + n(7) + ", " + n(8) +
        " FROM a), "
        "k AS (UPDATE idempotency_keys SET appeal_id = (SELECT id FROM a) WHERE key = " +
        n(9) + " AND " + n(9) +
        " <> ''), "
        "o AS (INSERT INTO outbox (appeal_id, kind, channel, recipient, payload, created_at, "
        "next_attempt_at) SELECT appeal_id, kind, channel, recipient, payload, created_at, "
        "created_at FROM " +
        kOutboxRecordset +
        "), "
        "q AS (INSERT INTO queue_counters (grp, status, n) SELECT grp, status, 1 FROM a "
        "ON CONFLICT (grp, status) DO UPDATE SET n = queue_counters.n + 1) "
        "INSERT INTO region_queue_counters (region, grp, status, n) "
        "SELECT region, grp, status, 1 FROM a "
        "ON CONFLICT (region, grp, status) DO UPDATE SET n = region_queue_counters.n + 1";
    // Nothing is read back: the statement travels with the next unit's first one (pipeline
    // mode), so a registration costs the writer one round trip, not two.
    c.Send(sql, p);
    SendLinks(c, appeal, request.links, e.actor);
    if (request.letter) {
        // The letter opened this appeal: recorded in its transaction, read back with the rest.
        auto letter = *request.letter;
        letter.appeal_id = appeal.id;
        SendProcessedLetter(c, letter);
    }
    core::Registered registered;
    registered.appeal = appeal;
    return registered;
}

// Keyset cursor: "<sort key>_<id>".
bool ParseCursor(const std::string& cursor, std::int64_t& key, std::int64_t& id) {
    const auto sep = cursor.find('_');
    if (sep == std::string::npos || sep == 0 || sep + 1 == cursor.size()) return false;
    const char* begin = cursor.data();
    const char* middle = begin + sep;
    const char* end = begin + cursor.size();
    const auto first = std::from_chars(begin, middle, key);
    if (first.ec != std::errc() || first.ptr != middle) return false;
    const auto second = std::from_chars(middle + 1, end, id);
    return second.ec == std::errc() && second.ptr == end;
}

}  // namespace

Result<core::Registered> PgAppealRepository::Register(core::NewAppeal request) {
    std::optional<Connection::Ticket> claim;
    return db_.Submit<core::Registered>(
        [&](Connection& c) { claim = SendClaim(c, request); },
        [&](Connection& c) { return RegisterIn(c, request, claim); });
}

std::int64_t PgAppealRepository::BulkRegister(std::vector<core::NewAppeal>& requests) {
    constexpr std::size_t kChunk = 2000;
    std::int64_t stored = 0;
    for (std::size_t begin = 0; begin < requests.size(); begin += kChunk) {
        const std::size_t end = std::min(requests.size(), begin + kChunk);
        const auto count = db_.Submit<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
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

Result<Appeal> PgAppealRepository::Update(core::AppealChange change) {
    return db_.Submit<Appeal>([&](Connection& c) -> Result<Appeal> {
        const Appeal& appeal = change.appeal;
        Params p;
        AddAppealColumns(p, appeal);
        p.Add(appeal.id).Add(change.expected_version);
        std::string set;
        for (int i = 0; i < kMutableCount; ++i) {
            set += std::string(i ? ", " : "") + kMutableColumns[i] + " = $" + std::to_string(i + 1);
        }
        // The old row is locked and read in the same statement: its group, status and region
        // move the counters. Saving clears the watcher's claim.
        static const std::string sql =
            "UPDATE appeals a SET " + set +
            ", version = a.version + 1, timer_claimed_by = NULL, timer_claimed_until = NULL "
            "FROM (SELECT id, grp, status, region FROM appeals WHERE id = $" +
            std::to_string(kMutableCount + 1) +
            " FOR UPDATE) old WHERE a.id = old.id AND "
            "a.version = $" +
            std::to_string(kMutableCount + 2) + " RETURNING old.grp, old.status, old.region";
        const auto updated = c.Query(sql, p);
        if (updated.empty()) {
            const auto exists =
                c.Query("SELECT 1 FROM appeals WHERE id = $1", Params().Add(appeal.id));
            if (exists.empty()) return Fail(Error::NotFound("Обращение не найдено"));
            return Fail(Error::Conflict("version_conflict",
                                        "Обращение уже изменил кто-то другой: обновите карточку"));
        }
        const std::string old_group = updated.Text(0, 0);
        const std::string old_status = updated.Text(0, 1);
        const std::string old_region = updated.Text(0, 2);
        const std::int64_t version = change.expected_version + 1;
        const auto& e = change.entry;
        c.Query(
            "WITH s AS (UPDATE appeal_summaries SET summary = $2 WHERE id = $1) "
            "INSERT INTO history (appeal_id, at, actor, action, changes, note) "
            "VALUES ($1, $3, $4, $5, $6, $7)",
            Params()
                .Add(appeal.id)
                .Add(Summary(appeal, version))
                .Add(core::ToUnixMillis(e.at))
                .Add(e.actor)
                .Add(e.action)
                .Add(EncodeChanges(e.changes))
                .Add(e.note));
        InsertOutbox(c, appeal.id, change.outbox);
        if (change.comment) {
            core::Comment comment = *change.comment;
            comment.appeal_id = appeal.id;
            InsertComment(c, comment);
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
            c.Query(
                "INSERT INTO links (from_id, to_id, type, at, author) VALUES ($1, $2, $3, $4, $5)",
                Params()
                    .Add(registered->appeal.id)
                    .Add(appeal.id)
                    .Add(core::LinkTypeCode(link_type))
                    .Add(core::ToUnixMillis(e.at))
                    .Add(e.actor));
        }
        Appeal saved = appeal;
        saved.version = version;
        return saved;
    });
}

Result<std::vector<Appeal>> PgAppealRepository::FindDue(core::Instant now, int limit) {
    auto c = db_.Borrow();
    if (now == core::Instant::max()) {
        const auto rows = c->Query(std::string("SELECT ") + kAppealColumns +
                                       " FROM appeals WHERE next_event_at IS NOT NULL "
                                       "ORDER BY next_event_at LIMIT $1",
                                   Params().Add(limit));
        return ReadAppeals(rows);
    }
    // One statement claims the due rows no other node holds; rows locked by a writer at this
    // moment are skipped and come back on the next tick.
    static const std::string sql =
        std::string("UPDATE appeals a SET timer_claimed_by = $3, timer_claimed_until = ") +
        kServerNowMillis + " + " + std::to_string(kTimerLeaseMillis) +
        " FROM (SELECT id FROM appeals WHERE next_event_at IS NOT NULL AND next_event_at <= $1 "
        "AND (timer_claimed_by IS NULL OR timer_claimed_by = $3 OR timer_claimed_until < " +
        kServerNowMillis +
        ") ORDER BY next_event_at LIMIT $2 FOR UPDATE SKIP LOCKED) due WHERE a.id = due.id "
        "RETURNING a." +
        [] {
            std::string columns = kAppealColumns;
            std::string out;
            std::size_t start = 0;
            while (start < columns.size()) {
                auto comma = columns.find(',', start);
                if (comma == std::string::npos) comma = columns.size();
                auto name = columns.substr(start, comma - start);
                name.erase(0, name.find_first_not_of(' '));
                out += (out.empty() ? "" : ", a.") + name;
                start = comma + 1;
            }
            return out;
        }();
    const auto rows =
        c->Query(sql, Params().Add(core::ToUnixMillis(now)).Add(limit).Add(db_.node()));
    auto due = ReadAppeals(rows);
    std::sort(due.begin(), due.end(), [](const Appeal& x, const Appeal& y) {
        return std::tie(x.next_event_at, x.id) < std::tie(y.next_event_at, y.id);
    });
    return due;
}

Result<Appeal> PgAppealRepository::FindByUin(std::string_view uin) {
    auto c = db_.Borrow();
    const auto rows =
        c->Query(std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE uin = $1",
                 Params().Add(uin));
    if (rows.empty()) {
        return Fail(Error::NotFound("Обращение с номером «" + std::string(uin) + "» не найдено"));
    }
    return ReadAppeal(rows, 0);
}

Result<std::vector<Appeal>> PgAppealRepository::FindByApplicantEmail(
    std::string_view canonical_email, int limit) {
    std::vector<Appeal> found;
    if (canonical_email.empty() || limit <= 0) return found;
    auto c = db_.Borrow();
    // PostgreSQL's lower() folds more than ASCII: both sides are folded alike (a superset of the
    // canonical matches, read from the index appeals_applicant_email_folded of migration 5),
    // and the exact canonical comparison is made here.
    const auto rows = c->Query(std::string("SELECT ") + kAppealColumns +
                                   " FROM appeals WHERE applicant_email IS NOT NULL AND "
                                   "lower(btrim(applicant_email)) = lower($1) "
                                   "ORDER BY created_at DESC, id DESC LIMIT $2",
                               Params().Add(canonical_email).Add(limit));
    for (auto& appeal : ReadAppeals(rows)) {
        if (core::ContactProof::Canonical(appeal.applicant.email) == canonical_email) {
            found.push_back(std::move(appeal));
        }
    }
    return found;
}

Result<Appeal> PgAppealRepository::FindById(std::int64_t id) {
    auto c = db_.Borrow();
    return LoadById(*c, id);
}

Result<core::AppealPage> PgAppealRepository::List(const core::AppealFilter& filter,
                                                  const core::PageRequest& page) {
    const char* key_column = page.order == core::AppealOrder::kByDeadline ? "due_at" : "created_at";
    // A queue page reads the cursor's key and the id from the queue indexes, and the stored
    // summaries; nothing of the appeals' documents.
    std::string sql =
        page.summaries_only
            ? std::string("SELECT id, ") + key_column +
                  ", (SELECT summary FROM appeal_summaries s WHERE s.id = appeals.id) "
                  "FROM appeals WHERE true"
            : std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE true";
    Params params;
    int index = 0;
    const auto next = [&] { return "$" + std::to_string(++index); };
    AppendAppealFilter(filter, sql, params, index);
    const bool descending = page.order == core::AppealOrder::kByCreatedDesc;
    if (!page.after.empty()) {
        std::int64_t key = 0;
        std::int64_t id = 0;
        if (!ParseCursor(page.after, key, id)) {
            return Fail(Error::Validation({{"after", "format", "Неверный курсор страницы"}}));
        }
        const std::string key_param = next();
        const std::string id_param = next();
        sql += std::string(" AND (") + key_column + ", id) " + (descending ? "<" : ">") + " (" +
               key_param + "::bigint, " + id_param + "::bigint)";
        params.Add(key).Add(id);
    }
    sql += std::string(" ORDER BY ") + key_column + (descending ? " DESC, id DESC" : ", id");
    const int limit = std::clamp(page.limit, 1, 500);
    sql += " LIMIT " + next();
    params.Add(limit + 1);

    auto c = db_.Borrow();
    const auto rows = c->Query(sql, params);
    core::AppealPage result;
    if (page.summaries_only) {
        std::vector<std::pair<std::int64_t, std::int64_t>> keys;  // (cursor key, id)
        for (int r = 0; r < rows.size(); ++r) {
            keys.emplace_back(rows.Int(r, 1), rows.Int(r, 0));
            std::string summary = rows.IsNull(r, 2) ? std::string() : rows.Text(r, 2);
            if (rows.IsNull(r, 2)) {
                if (auto appeal = LoadById(*c, rows.Int(r, 0)))
                    summary = views::AppealSummaryText(*appeal);
            }
            result.summaries.push_back(std::move(summary));
        }
        if (result.summaries.size() > static_cast<std::size_t>(limit)) {
            result.summaries.pop_back();
            const auto& [key, id] = keys[static_cast<std::size_t>(limit) - 1];
            result.next = std::to_string(key) + "_" + std::to_string(id);
        }
        return result;
    }
    result.items = ReadAppeals(rows);
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

Result<core::Comment> PgAppealRepository::AddComment(const core::Comment& comment,
                                                     const core::HistoryEntry& entry) {
    return db_.Submit<core::Comment>([&](Connection& c) -> Result<core::Comment> {
        auto saved = InsertComment(c, comment);
        InsertHistory(c, comment.appeal_id, entry);
        return saved;
    });
}

Result<core::Comment> PgAppealRepository::AddCommentOnce(const core::Comment& comment,
                                                         const core::HistoryEntry& entry,
                                                         const std::string& idempotency_key,
                                                         const std::string& fingerprint) {
    return db_.Submit<core::Comment>([&](Connection& c) -> Result<core::Comment> {
        // CH-7: a retried status inquiry comments once; the key shares the registrations' table.
        const auto used = ClaimKey(c, idempotency_key, fingerprint, comment.appeal_id, comment.at);
        if (used) {
            if (used->first != fingerprint) return Fail(KeyReused());
            return comment;
        }
        auto saved = InsertComment(c, comment);
        InsertHistory(c, comment.appeal_id, entry);
        return saved;
    });
}

Result<std::vector<core::Comment>> PgAppealRepository::Comments(std::int64_t appeal_id) {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT id, appeal_id, at, author, text, visibility FROM comments WHERE appeal_id = $1 "
        "ORDER BY id",
        Params().Add(appeal_id));
    std::vector<core::Comment> comments;
    for (int r = 0; r < rows.size(); ++r) {
        core::Comment comment;
        comment.id = rows.Int(r, 0);
        comment.appeal_id = rows.Int(r, 1);
        comment.at = core::FromUnixMillis(rows.Int(r, 2));
        comment.author = rows.Text(r, 3);
        comment.text = rows.Text(r, 4);
        comment.visibility =
            rows.Text(r, 5) == "public" ? core::Visibility::kPublic : core::Visibility::kInternal;
        comments.push_back(std::move(comment));
    }
    return comments;
}

Result<std::vector<core::HistoryEntry>> PgAppealRepository::History(std::int64_t appeal_id) {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT id, appeal_id, at, actor, action, changes, note FROM history WHERE appeal_id = $1 "
        "ORDER BY id",
        Params().Add(appeal_id));
    std::vector<core::HistoryEntry> entries;
    for (int r = 0; r < rows.size(); ++r) {
        core::HistoryEntry entry;
        entry.id = rows.Int(r, 0);
        entry.appeal_id = rows.Int(r, 1);
        entry.at = core::FromUnixMillis(rows.Int(r, 2));
        entry.actor = rows.Text(r, 3);
        entry.action = rows.Text(r, 4);
        entry.changes = DecodeChanges(rows.Text(r, 5));
        entry.note = rows.Text(r, 6);
        entries.push_back(std::move(entry));
    }
    return entries;
}

Result<core::Link> PgAppealRepository::AddLink(const core::Link& link,
                                               const core::HistoryEntry& entry) {
    return db_.Submit<core::Link>([&](Connection& c) -> Result<core::Link> {
        const auto rows = c.Query(
            "INSERT INTO links (from_id, to_id, type, at, author) VALUES ($1, $2, $3, $4, $5) "
            "ON CONFLICT (from_id, to_id, type) DO NOTHING RETURNING id",
            Params()
                .Add(link.from_id)
                .Add(link.to_id)
                .Add(core::LinkTypeCode(link.type))
                .Add(core::ToUnixMillis(link.at))
                .Add(link.author));
        if (rows.empty()) return Fail(Error::Conflict("link_exists", "Такая связь уже есть"));
        core::Link saved = link;
        saved.id = rows.Int(0, 0);
        InsertHistory(c, link.from_id, entry);
        return saved;
    });
}

Result<std::vector<core::Link>> PgAppealRepository::Links(std::int64_t appeal_id) {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT l.id, l.from_id, f.uin, l.to_id, t.uin, l.type, l.at, l.author FROM links l "
        "JOIN appeals f ON f.id = l.from_id JOIN appeals t ON t.id = l.to_id "
        "WHERE l.from_id = $1 OR l.to_id = $1 ORDER BY l.id",
        Params().Add(appeal_id));
    std::vector<core::Link> links;
    for (int r = 0; r < rows.size(); ++r) {
        core::Link link;
        link.id = rows.Int(r, 0);
        link.from_id = rows.Int(r, 1);
        link.from_uin = rows.Text(r, 2);
        link.to_id = rows.Int(r, 3);
        link.to_uin = rows.Text(r, 4);
        link.type = core::ParseLinkType(rows.Text(r, 5)).value_or(core::LinkType::kRelated);
        link.at = core::FromUnixMillis(rows.Int(r, 6));
        link.author = rows.Text(r, 7);
        links.push_back(std::move(link));
    }
    return links;
}

Result<std::int64_t> PgAppealRepository::Count(const core::AppealFilter& filter) {
    // The list's own conditions (AppendAppealFilter), so a queue's count is its list's length.
    std::string sql = "SELECT COUNT(*) FROM appeals WHERE true";
    Params params;
    int index = 0;
    AppendAppealFilter(filter, sql, params, index);
    auto c = db_.Borrow();
    const auto rows = c->Query(sql, params);
    return rows.size() > 0 ? rows.Int(0, 0) : std::int64_t{0};
}

Result<std::vector<core::QueueCount>> PgAppealRepository::QueueCounts(
    const core::AppealScope& scope) {
    auto c = db_.Borrow();
    std::vector<core::QueueCount> counts;
    if (scope.unrestricted()) {
        const auto rows =
            c->Query("SELECT grp, status, n FROM queue_counters WHERE n > 0 ORDER BY grp, status");
        for (int r = 0; r < rows.size(); ++r)
            counts.push_back({rows.Text(r, 0), rows.Text(r, 1), rows.Int(r, 2)});
        return counts;
    }
    std::map<std::pair<std::string, std::string>, std::int64_t> sums;
    for (const auto& region : scope.regions()) {
        const auto rows =
            c->Query("SELECT grp, status, n FROM region_queue_counters WHERE region = $1 AND n > 0",
                     Params().Add(region));
        for (int r = 0; r < rows.size(); ++r)
            sums[{rows.Text(r, 0), rows.Text(r, 1)}] += rows.Int(r, 2);
    }
    for (const auto& [key, n] : sums) counts.push_back({key.first, key.second, n});
    return counts;
}

}  // namespace otklik::storage::postgres

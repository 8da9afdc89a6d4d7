// The e-mail channel's state in PostgreSQL (core::MailStore): mailbox positions, handled
// letters, failed letters and the outbox delivery state, shared by every node.
#include <limits>

#include "storage/postgres/repositories.hpp"
#include "storage/postgres/rows.hpp"

namespace otklik::storage::postgres {

using core::Error;
using core::Fail;
using core::Result;

namespace {

// Raw letters may hold any bytes: stored as bytea, sent and read as hex.
constexpr const char* kFailureColumns =
    "SELECT id, mailbox, uidvalidity, uid, message_id, reason, encode(raw, 'hex'), at, attempts, "
    "resolved_at FROM mail_failures ";

std::string ToHex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        hex.push_back(kDigits[byte >> 4]);
        hex.push_back(kDigits[byte & 15]);
    }
    return hex;
}

std::string FromHex(std::string_view hex) {
    const auto value = [](char digit) { return digit <= '9' ? digit - '0' : digit - 'a' + 10; };
    std::string bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes.push_back(static_cast<char>(value(hex[i]) << 4 | value(hex[i + 1])));
    }
    return bytes;
}

core::MailFailure ReadFailure(const Rows& q, int r) {
    core::MailFailure f;
    f.id = q.Int(r, 0);
    f.mailbox = q.Text(r, 1);
    f.uidvalidity = q.Int(r, 2);
    f.uid = q.Int(r, 3);
    f.message_id = q.Text(r, 4);
    f.reason = q.Text(r, 5);
    f.raw = FromHex(q.Text(r, 6));
    f.at = core::FromUnixMillis(q.Int(r, 7));
    f.attempts = static_cast<int>(q.Int(r, 8));
    if (!q.IsNull(r, 9)) f.resolved_at = core::FromUnixMillis(q.Int(r, 9));
    return f;
}

constexpr const char* kOutboxColumns =
    "o.id, o.appeal_id, o.kind, o.channel, o.recipient, o.payload, o.created_at, o.attempts, "
    "COALESCE((SELECT a.uin FROM appeals a WHERE a.id = o.appeal_id), '')";

std::vector<core::PendingOutbox> ReadOutbox(const Rows& q) {
    std::vector<core::PendingOutbox> messages;
    for (int r = 0; r < q.size(); ++r) {
        core::PendingOutbox pending;
        pending.message.id = q.Int(r, 0);
        pending.message.appeal_id = q.IsNull(r, 1) ? 0 : q.Int(r, 1);
        pending.message.kind = q.Text(r, 2);
        pending.message.channel = q.Text(r, 3);
        pending.message.recipient = q.Text(r, 4);
        pending.message.payload = q.Text(r, 5);
        pending.message.created_at = core::FromUnixMillis(q.Int(r, 6));
        pending.attempts = static_cast<int>(q.Int(r, 7));
        pending.appeal_uin = q.Text(r, 8);
        messages.push_back(std::move(pending));
    }
    return messages;
}

}  // namespace

Result<core::MailboxState> PgMailStore::LoadMailbox(std::string_view mailbox) {
    auto c = db_.Borrow();
    const auto q = c->Query("SELECT uidvalidity, last_uid FROM mailbox_state WHERE mailbox = $1",
                            Params().Add(mailbox));
    core::MailboxState state{std::string(mailbox), 0, 0};
    if (!q.empty()) {
        state.uidvalidity = q.Int(0, 0);
        state.last_uid = q.Int(0, 1);
    }
    return state;
}

Result<core::MailboxState> PgMailStore::SaveMailbox(const core::MailboxState& state) {
    return db_.Submit<core::MailboxState>([&](Connection& c) -> Result<core::MailboxState> {
        c.Query(std::string("INSERT INTO mailbox_state (mailbox, uidvalidity, last_uid, "
                            "updated_at) VALUES ($1, $2, $3, ") +
                    kServerNowMillis +
                    ") ON CONFLICT (mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
                    "last_uid = excluded.last_uid, updated_at = excluded.updated_at",
                Params().Add(state.mailbox).Add(state.uidvalidity).Add(state.last_uid));
        return state;
    });
}

Result<std::optional<core::ProcessedLetter>> PgMailStore::FindLetter(std::string_view message_id,
                                                                     std::string_view mailbox,
                                                                     std::int64_t uidvalidity,
                                                                     std::int64_t uid) {
    auto c = db_.Borrow();
    const auto q = c->Query(
        "SELECT message_id, mailbox, uidvalidity, uid, COALESCE(appeal_id, 0), outcome, at "
        "FROM mail_letters WHERE message_id = $1 OR (mailbox = $2 AND uidvalidity = $3 AND "
        "uid = $4) LIMIT 1",
        Params().Add(message_id).Add(mailbox).Add(uidvalidity).Add(uid));
    std::optional<core::ProcessedLetter> found;
    if (!q.empty()) {
        found = core::ProcessedLetter{q.Text(0, 0),
                                      q.Text(0, 1),
                                      q.Int(0, 2),
                                      q.Int(0, 3),
                                      q.Int(0, 4),
                                      q.Text(0, 5),
                                      core::FromUnixMillis(q.Int(0, 6))};
    }
    return found;
}

Result<bool> PgMailStore::RecordLetter(const core::ProcessedLetter& letter,
                                       const std::vector<core::OutboxMessage>& outbox) {
    return db_.Submit<bool>([&](Connection& c) -> Result<bool> {
        // A letter taken by two nodes' pollers at once is recorded once: the second waits on
        // the key and inserts nothing.
        if (c.Take(SendProcessedLetter(c, letter)).affected() == 0) return false;
        InsertOutbox(c, 0, outbox);
        return true;
    });
}

Result<core::MailFailure> PgMailStore::AddFailure(const core::MailFailure& failure) {
    return db_.Submit<core::MailFailure>([&](Connection& c) -> Result<core::MailFailure> {
        c.Query(
            "INSERT INTO mail_failures (mailbox, uidvalidity, uid, message_id, reason, raw, at) "
            "VALUES ($1, $2, $3, $4, $5, decode($6, 'hex'), $7) "
            "ON CONFLICT (mailbox, uidvalidity, uid) DO UPDATE SET reason = excluded.reason, "
            "at = excluded.at, attempts = mail_failures.attempts + 1, resolved_at = NULL",
            Params()
                .Add(failure.mailbox)
                .Add(failure.uidvalidity)
                .Add(failure.uid)
                .Add(failure.message_id)
                .Add(failure.reason)
                .Add(ToHex(failure.raw))
                .Add(core::ToUnixMillis(failure.at)));
        const auto q = c.Query(
            std::string(kFailureColumns) + "WHERE mailbox = $1 AND uidvalidity = $2 AND uid = $3",
            Params().Add(failure.mailbox).Add(failure.uidvalidity).Add(failure.uid));
        return ReadFailure(q, 0);
    });
}

Result<std::vector<core::MailFailure>> PgMailStore::ListFailures(bool open_only, int limit) {
    auto c = db_.Borrow();
    const auto q = c->Query(std::string(kFailureColumns) +
                                "WHERE (NOT $1 OR resolved_at IS NULL) ORDER BY id DESC LIMIT $2",
                            Params().Add(open_only).Add(limit));
    std::vector<core::MailFailure> failures;
    for (int r = 0; r < q.size(); ++r) failures.push_back(ReadFailure(q, r));
    return failures;
}

Result<core::MailFailure> PgMailStore::FindFailure(std::int64_t id) {
    auto c = db_.Borrow();
    const auto q = c->Query(std::string(kFailureColumns) + "WHERE id = $1", Params().Add(id));
    if (q.empty()) return Fail(Error::NotFound("Нет такого письма"));
    return ReadFailure(q, 0);
}

Result<core::MailFailure> PgMailStore::ResolveFailure(std::int64_t id, core::Instant at) {
    auto done = db_.Submit<bool>([&](Connection& c) -> Result<bool> {
        const auto q = c.Query("UPDATE mail_failures SET resolved_at = $1 WHERE id = $2",
                               Params().Add(core::ToUnixMillis(at)).Add(id));
        return q.affected() > 0;
    });
    if (!done) return Fail(done.error());
    return FindFailure(id);
}

Result<std::vector<core::PendingOutbox>> PgMailStore::DueOutbox(core::Instant now, int limit) {
    // Only e-mail is sent by the sender; notices by phone, SMS or post are staff's tasks. The due
    // rows no other node holds are claimed for this node in the same statement.
    static const std::string sql =
        std::string(
            "WITH due AS (SELECT id FROM outbox WHERE sent_at IS NULL AND channel = "
            "'email' AND next_attempt_at <= $1 AND (claimed_by IS NULL OR claimed_by = "
            "$3 OR claimed_until < ") +
        kServerNowMillis +
        ") ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED), "
        "claimed AS (UPDATE outbox o SET claimed_by = $3, claimed_until = " +
        kServerNowMillis + " + " + std::to_string(kOutboxLeaseMillis) +
        " FROM due WHERE o.id = due.id RETURNING o.*) SELECT " + kOutboxColumns +
        " FROM claimed o ORDER BY o.next_attempt_at, o.id";
    auto c = db_.Borrow();
    return ReadOutbox(
        c->Query(sql, Params().Add(core::ToUnixMillis(now)).Add(limit).Add(db_.node())));
}

Result<bool> PgMailStore::BeginDelivery(std::int64_t id, core::Instant retry_at) {
    // Only the node holding the claim (or anyone, once its lease ran out or when no one holds
    // it) begins the delivery; the next attempt waits for `retry_at`, open to every node.
    auto c = db_.Borrow();
    const auto q = c->Query(
        std::string("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, "
                    "claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND sent_at IS NULL "
                    "AND (claimed_by IS NULL OR claimed_by = $3 OR claimed_until < ") +
            kServerNowMillis + ")",
        Params().Add(id).Add(core::ToUnixMillis(retry_at)).Add(db_.node()));
    return q.affected() > 0;
}

Result<bool> PgMailStore::MarkSent(std::int64_t id, core::Instant at) {
    auto c = db_.Borrow();
    const auto q = c->Query("UPDATE outbox SET sent_at = $1, last_error = NULL WHERE id = $2",
                            Params().Add(core::ToUnixMillis(at)).Add(id));
    return q.affected() > 0;
}

Result<bool> PgMailStore::MarkFailed(std::int64_t id, std::string_view error,
                                     core::Instant retry_at, bool give_up) {
    // A message given up on stays in the table with its error, out of the due index's reach.
    const auto next =
        give_up ? std::numeric_limits<std::int64_t>::max() : core::ToUnixMillis(retry_at);
    auto c = db_.Borrow();
    const auto q = c->Query(
        "UPDATE outbox SET last_error = $1, next_attempt_at = $2, claimed_by = NULL, "
        "claimed_until = NULL WHERE id = $3",
        Params().Add(error).Add(next).Add(id));
    return q.affected() > 0;
}

Result<std::vector<core::PendingOutbox>> PgMailStore::DeliveryTasks(int limit) {
    auto c = db_.Borrow();
    return ReadOutbox(c->Query(std::string("SELECT ") + kOutboxColumns +
                                   " FROM outbox o WHERE o.sent_at IS NULL AND o.channel <> "
                                   "'email' ORDER BY o.next_attempt_at, o.id LIMIT $1",
                               Params().Add(limit)));
}

Result<core::PendingOutbox> PgMailStore::FindOutbox(std::int64_t id) {
    auto c = db_.Borrow();
    auto rows = ReadOutbox(
        c->Query(std::string("SELECT ") + kOutboxColumns + " FROM outbox o WHERE o.id = $1",
                 Params().Add(id)));
    if (rows.empty()) return Fail(Error::NotFound("Нет такого уведомления"));
    return std::move(rows[0]);
}

Result<std::vector<core::OutboxRecord>> PgMailStore::AppealOutbox(std::int64_t appeal_id) {
    auto c = db_.Borrow();
    const auto q = c->Query(
        "SELECT id, kind, channel, recipient, payload, created_at, attempts, sent_at, "
        "COALESCE(last_error, ''), COALESCE(delivered_via, ''), COALESCE(delivered_by, ''), "
        "next_attempt_at FROM outbox WHERE appeal_id = $1 ORDER BY id",
        Params().Add(appeal_id));
    std::vector<core::OutboxRecord> records;
    for (int r = 0; r < q.size(); ++r) {
        core::OutboxRecord record;
        record.pending.message.id = q.Int(r, 0);
        record.pending.message.appeal_id = appeal_id;
        record.pending.message.kind = q.Text(r, 1);
        record.pending.message.channel = q.Text(r, 2);
        record.pending.message.recipient = q.Text(r, 3);
        record.pending.message.payload = q.Text(r, 4);
        record.pending.message.created_at = core::FromUnixMillis(q.Int(r, 5));
        record.pending.attempts = static_cast<int>(q.Int(r, 6));
        if (!q.IsNull(r, 7)) record.sent_at = core::FromUnixMillis(q.Int(r, 7));
        record.last_error = q.Text(r, 8);
        record.delivered_via = q.Text(r, 9);
        record.delivered_by = q.Text(r, 10);
        record.given_up =
            !record.sent_at && q.Int(r, 11) == std::numeric_limits<std::int64_t>::max();
        records.push_back(std::move(record));
    }
    return records;
}

Result<bool> PgMailStore::MarkDelivered(std::int64_t id, std::string_view via, std::string_view by,
                                        core::Instant at) {
    auto c = db_.Borrow();
    const auto q = c->Query(
        "UPDATE outbox SET sent_at = $1, delivered_via = $2, delivered_by = $3, last_error = NULL "
        "WHERE id = $4 AND sent_at IS NULL",
        Params().Add(core::ToUnixMillis(at)).Add(via).Add(by).Add(id));
    return q.affected() > 0;
}

std::int64_t PgMailStore::OutboxSize() {
    auto c = db_.Borrow();
    return c->Query("SELECT COUNT(*) FROM outbox").Int(0, 0);
}

}  // namespace otklik::storage::postgres

// The e-mail channel's state in the embedded store (core::MailStore): mailbox positions,
// handled letters, failed letters and the outbox delivery state.
#include "storage/sqlite/mail_store.hpp"

#include <limits>

namespace otklik::storage::sqlite {

using core::Fail;
using core::Result;

namespace {

core::MailFailure ReadFailure(Statement& q) {
    core::MailFailure f;
    f.id = q.Int(0);
    f.mailbox = q.Text(1);
    f.uidvalidity = q.Int(2);
    f.uid = q.Int(3);
    f.message_id = q.Text(4);
    f.reason = q.Text(5);
    f.raw = q.Text(6);
    f.at = core::FromUnixMillis(q.Int(7));
    f.attempts = static_cast<int>(q.Int(8));
    if (!q.IsNull(9)) f.resolved_at = core::FromUnixMillis(q.Int(9));
    return f;
}

constexpr const char* kFailureColumns =
    "SELECT id, mailbox, uidvalidity, uid, message_id, reason, raw, at, attempts, resolved_at "
    "FROM mail_failures ";

// Outbox rows matching `where` (SQL over `o`, with its `?` bound to `arg`), oldest first.
std::vector<core::PendingOutbox> OutboxRows(Connection& c, std::string_view where,
                                            std::optional<std::int64_t> arg, int limit) {
    auto& query = c.Prepare(
        "SELECT o.id, o.appeal_id, o.kind, o.channel, o.recipient, o.payload, o.created_at, "
        "o.attempts, COALESCE(a.uin, '') FROM outbox o LEFT JOIN appeals a ON a.id = o.appeal_id "
        "WHERE " +
        std::string(where) + " ORDER BY o.next_attempt_at, o.id LIMIT ?");
    int index = 1;
    if (arg) query.Bind(index++, *arg);
    query.Bind(index, std::int64_t{limit});
    std::vector<core::PendingOutbox> messages;
    while (query.Step()) {
        core::PendingOutbox pending;
        pending.message.id = query.Int(0);
        pending.message.appeal_id = query.Int(1);
        pending.message.kind = query.Text(2);
        pending.message.channel = query.Text(3);
        pending.message.recipient = query.Text(4);
        pending.message.payload = query.Text(5);
        pending.message.created_at = core::FromUnixMillis(query.Int(6));
        pending.attempts = static_cast<int>(query.Int(7));
        pending.appeal_uin = query.Text(8);
        messages.push_back(std::move(pending));
    }
    query.Reset();
    return messages;
}

}  // namespace

Result<core::MailboxState> MailStore::LoadMailbox(std::string_view mailbox) {
    auto c = db_.Read();
    auto& q = c->Prepare("SELECT uidvalidity, last_uid FROM mailbox_state WHERE mailbox = ?");
    q.Bind(1, mailbox);
    core::MailboxState state{std::string(mailbox), 0, 0};
    if (q.Step()) {
        state.uidvalidity = q.Int(0);
        state.last_uid = q.Int(1);
    }
    q.Reset();
    return state;
}

Result<core::MailboxState> MailStore::SaveMailbox(const core::MailboxState& state) {
    return db_.Write<core::MailboxState>([&](Connection& c) -> Result<core::MailboxState> {
        c.Prepare(
             "INSERT INTO mailbox_state (mailbox, uidvalidity, last_uid, updated_at) "
             "VALUES (?, ?, ?, strftime('%s','now') * 1000) ON CONFLICT (mailbox) DO UPDATE SET "
             "uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid, "
             "updated_at = excluded.updated_at")
            .Bind(1, state.mailbox)
            .Bind(2, state.uidvalidity)
            .Bind(3, state.last_uid)
            .Run();
        return state;
    });
}

Result<std::optional<core::ProcessedLetter>> MailStore::FindLetter(std::string_view message_id,
                                                                   std::string_view mailbox,
                                                                   std::int64_t uidvalidity,
                                                                   std::int64_t uid) {
    auto c = db_.Read();
    auto& q = c->Prepare(
        "SELECT message_id, mailbox, uidvalidity, uid, COALESCE(appeal_id, 0), outcome, at "
        "FROM mail_letters WHERE message_id = ?1 OR (mailbox = ?2 AND uidvalidity = ?3 AND "
        "uid = ?4) LIMIT 1");
    q.Bind(1, message_id).Bind(2, mailbox).Bind(3, uidvalidity).Bind(4, uid);
    std::optional<core::ProcessedLetter> found;
    if (q.Step()) {
        found = core::ProcessedLetter{q.Text(0),
                                      q.Text(1),
                                      q.Int(2),
                                      q.Int(3),
                                      q.Int(4),
                                      q.Text(5),
                                      core::FromUnixMillis(q.Int(6))};
    }
    q.Reset();
    return found;
}

bool InsertProcessedLetter(Connection& c, const core::ProcessedLetter& letter) {
    auto& insert = c.Prepare(
        "INSERT OR IGNORE INTO mail_letters (message_id, mailbox, uidvalidity, uid, "
        "appeal_id, outcome, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.Bind(1, letter.message_id)
        .Bind(2, letter.mailbox)
        .Bind(3, letter.uidvalidity)
        .Bind(4, letter.uid)
        .Bind(6, letter.outcome)
        .Bind(7, core::ToUnixMillis(letter.at));
    if (letter.appeal_id != 0) {
        insert.Bind(5, letter.appeal_id);
    } else {
        insert.BindNull(5);
    }
    insert.Run();
    return c.Changes() != 0;
}

Result<bool> MailStore::RecordLetter(const core::ProcessedLetter& letter,
                                     const std::vector<core::OutboxMessage>& outbox) {
    return db_.Write<bool>([&](Connection& c) -> Result<bool> {
        if (!InsertProcessedLetter(c, letter)) return false;
        for (const auto& message : outbox) {
            auto& row = c.Prepare(
                "INSERT INTO outbox (appeal_id, kind, channel, recipient, payload, created_at, "
                "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
            if (message.appeal_id != 0) {
                row.Bind(1, message.appeal_id);
            } else {
                row.BindNull(1);
            }
            row.Bind(2, message.kind)
                .Bind(3, message.channel)
                .Bind(4, message.recipient)
                .Bind(5, message.payload)
                .Bind(6, core::ToUnixMillis(message.created_at))
                .Bind(7, core::ToUnixMillis(message.created_at))
                .Run();
        }
        return true;
    });
}

Result<core::MailFailure> MailStore::AddFailure(const core::MailFailure& failure) {
    return db_.Write<core::MailFailure>([&](Connection& c) -> Result<core::MailFailure> {
        c.Prepare(
             "INSERT INTO mail_failures (mailbox, uidvalidity, uid, message_id, reason, raw, at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (mailbox, uidvalidity, uid) DO UPDATE SET "
             "reason = excluded.reason, at = excluded.at, attempts = attempts + 1, "
             "resolved_at = NULL")
            .Bind(1, failure.mailbox)
            .Bind(2, failure.uidvalidity)
            .Bind(3, failure.uid)
            .Bind(4, failure.message_id)
            .Bind(5, failure.reason)
            .Bind(6, failure.raw)
            .Bind(7, core::ToUnixMillis(failure.at))
            .Run();
        auto& q = c.Prepare(std::string(kFailureColumns) +
                            "WHERE mailbox = ? AND uidvalidity = ? AND uid = ?");
        q.Bind(1, failure.mailbox).Bind(2, failure.uidvalidity).Bind(3, failure.uid);
        q.Step();
        auto saved = ReadFailure(q);
        q.Reset();
        return saved;
    });
}

Result<std::vector<core::MailFailure>> MailStore::ListFailures(bool open_only, int limit) {
    auto c = db_.Read();
    auto& q = c->Prepare(std::string(kFailureColumns) +
                         "WHERE (?1 = 0 OR resolved_at IS NULL) ORDER BY id DESC LIMIT ?2");
    q.Bind(1, std::int64_t{open_only ? 1 : 0}).Bind(2, std::int64_t{limit});
    std::vector<core::MailFailure> failures;
    while (q.Step()) failures.push_back(ReadFailure(q));
    q.Reset();
    return failures;
}

Result<core::MailFailure> MailStore::FindFailure(std::int64_t id) {
    auto c = db_.Read();
    auto& q = c->Prepare(std::string(kFailureColumns) + "WHERE id = ?");
    q.Bind(1, id);
    if (!q.Step()) {
        q.Reset();
        return Fail(core::Error::NotFound("Нет такого письма"));
    }
    auto failure = ReadFailure(q);
    q.Reset();
    return failure;
}

Result<core::MailFailure> MailStore::ResolveFailure(std::int64_t id, core::Instant at) {
    auto done = db_.Write<bool>([&](Connection& c) -> Result<bool> {
        c.Prepare("UPDATE mail_failures SET resolved_at = ? WHERE id = ?")
            .Bind(1, core::ToUnixMillis(at))
            .Bind(2, id)
            .Run();
        return c.Changes() > 0;
    });
    if (!done) return Fail(done.error());
    return FindFailure(id);
}

Result<std::vector<core::PendingOutbox>> MailStore::DueOutbox(core::Instant now, int limit) {
    // Only e-mail is sent by the sender; notices by phone, SMS or post are staff's tasks.
    auto c = db_.Read();
    return OutboxRows(*c, "o.sent_at IS NULL AND o.channel = 'email' AND o.next_attempt_at <= ?",
                      core::ToUnixMillis(now), limit);
}

Result<std::vector<core::PendingOutbox>> MailStore::DeliveryTasks(int limit) {
    auto c = db_.Read();
    return OutboxRows(*c, "o.sent_at IS NULL AND o.channel <> 'email'", std::nullopt, limit);
}

Result<core::PendingOutbox> MailStore::FindOutbox(std::int64_t id) {
    auto c = db_.Read();
    auto rows = OutboxRows(*c, "o.id = ?", id, 1);
    if (rows.empty()) return Fail(core::Error::NotFound("Нет такого уведомления"));
    return std::move(rows[0]);
}

Result<std::vector<core::OutboxRecord>> MailStore::AppealOutbox(std::int64_t appeal_id) {
    auto c = db_.Read();
    auto& query = c->Prepare(
        "SELECT id, kind, channel, recipient, payload, created_at, attempts, sent_at, "
        "COALESCE(last_error, ''), COALESCE(delivered_via, ''), COALESCE(delivered_by, ''), "
        "next_attempt_at FROM outbox WHERE appeal_id = ? ORDER BY id");
    query.Bind(1, appeal_id);
    std::vector<core::OutboxRecord> records;
    while (query.Step()) {
        core::OutboxRecord record;
        record.pending.message.id = query.Int(0);
        record.pending.message.appeal_id = appeal_id;
        record.pending.message.kind = query.Text(1);
        record.pending.message.channel = query.Text(2);
        record.pending.message.recipient = query.Text(3);
        record.pending.message.payload = query.Text(4);
        record.pending.message.created_at = core::FromUnixMillis(query.Int(5));
        record.pending.attempts = static_cast<int>(query.Int(6));
        if (!query.IsNull(7)) record.sent_at = core::FromUnixMillis(query.Int(7));
        record.last_error = query.Text(8);
        record.delivered_via = query.Text(9);
        record.delivered_by = query.Text(10);
        record.given_up =
            !record.sent_at && query.Int(11) == std::numeric_limits<std::int64_t>::max();
        records.push_back(std::move(record));
    }
    query.Reset();
    return records;
}

Result<bool> MailStore::MarkDelivered(std::int64_t id, std::string_view via, std::string_view by,
                                      core::Instant at) {
    return db_.Write<bool>([&](Connection& c) -> Result<bool> {
        c.Prepare(
             "UPDATE outbox SET sent_at = ?, delivered_via = ?, delivered_by = ?, "
             "last_error = NULL WHERE id = ? AND sent_at IS NULL")
            .Bind(1, core::ToUnixMillis(at))
            .Bind(2, via)
            .Bind(3, by)
            .Bind(4, id)
            .Run();
        return c.Changes() > 0;
    });
}

Result<bool> MailStore::BeginDelivery(std::int64_t id, core::Instant retry_at) {
    return db_.Write<bool>([&](Connection& c) -> Result<bool> {
        c.Prepare(
             "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? "
             "WHERE id = ? AND sent_at IS NULL")
            .Bind(1, core::ToUnixMillis(retry_at))
            .Bind(2, id)
            .Run();
        return c.Changes() > 0;
    });
}

Result<bool> MailStore::MarkSent(std::int64_t id, core::Instant at) {
    return db_.Write<bool>([&](Connection& c) -> Result<bool> {
        c.Prepare("UPDATE outbox SET sent_at = ?, last_error = NULL WHERE id = ?")
            .Bind(1, core::ToUnixMillis(at))
            .Bind(2, id)
            .Run();
        return c.Changes() > 0;
    });
}

Result<bool> MailStore::MarkFailed(std::int64_t id, std::string_view error, core::Instant retry_at,
                                   bool give_up) {
    return db_.Write<bool>([&](Connection& c) -> Result<bool> {
        // A message given up on stays in the table with its error, out of the due index's reach.
        const auto next =
            give_up ? std::numeric_limits<std::int64_t>::max() : core::ToUnixMillis(retry_at);
        c.Prepare("UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ?")
            .Bind(1, error)
            .Bind(2, next)
            .Bind(3, id)
            .Run();
        return c.Changes() > 0;
    });
}

}  // namespace otklik::storage::sqlite

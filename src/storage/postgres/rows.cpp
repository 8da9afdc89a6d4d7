#include "storage/postgres/rows.hpp"

#include <boost/json.hpp>

#include "core/uin.hpp"

namespace otklik::storage::postgres {

std::string NextUin(Connection& c, const std::string& prefix, int year) {
    const auto rows = c.Query(
        "INSERT INTO uin_counters (prefix, year, last) VALUES ($1, $2, 1) "
        "ON CONFLICT (prefix, year) DO UPDATE SET last = uin_counters.last + 1 RETURNING last",
        Params().Add(prefix).Add(year));
    return core::FormatUin(prefix, year, rows.Int(0, 0));
}

std::string OutboxRows(std::int64_t appeal_id, const std::vector<core::OutboxMessage>& outbox) {
    boost::json::array rows;
    for (const auto& message : outbox) {
        const std::int64_t owner = appeal_id != 0 ? appeal_id : message.appeal_id;
        boost::json::object row;
        if (owner != 0) row["appeal_id"] = owner;
        row["kind"] = message.kind;
        row["channel"] = message.channel;
        row["recipient"] = message.recipient;
        row["payload"] = message.payload;
        row["created_at"] = core::ToUnixMillis(message.created_at);
        rows.push_back(std::move(row));
    }
    return boost::json::serialize(rows);
}

Connection::Ticket SendProcessedLetter(Connection& c, const core::ProcessedLetter& letter) {
    return c.Send(
        "INSERT INTO mail_letters (message_id, mailbox, uidvalidity, uid, appeal_id, outcome, at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        Params()
            .Add(letter.message_id)
            .Add(letter.mailbox)
            .Add(letter.uidvalidity)
            .Add(letter.uid)
            .AddOptional(letter.appeal_id != 0 ? std::optional(letter.appeal_id) : std::nullopt)
            .Add(letter.outcome)
            .Add(core::ToUnixMillis(letter.at)));
}

void InsertOutbox(Connection& c, std::int64_t appeal_id,
                  const std::vector<core::OutboxMessage>& outbox) {
    if (outbox.empty()) return;
    // One round trip for all of them: the messages travel as one JSON array.
    static const std::string sql =
        std::string(
            "INSERT INTO outbox (appeal_id, kind, channel, recipient, payload, created_at, "
            "next_attempt_at) SELECT appeal_id, kind, channel, recipient, payload, created_at, "
            "created_at FROM ") +
        kOutboxRecordset;
    c.Query(sql, Params().Add(OutboxRows(appeal_id, outbox)));
}

core::Result<core::Call> LoadCall(Connection& c, std::string_view uin, bool for_update) {
    const auto rows = c.Query(
        std::string("SELECT uin, regulation, channel, operator, started_at, ended_at, outcome, "
                    "note FROM calls WHERE uin = $1") +
            (for_update ? " FOR UPDATE" : ""),
        Params().Add(uin));
    if (rows.empty()) {
        return core::Fail(
            core::Error::NotFound("Звонок с номером «" + std::string(uin) + "» не найден"));
    }
    core::Call call;
    call.uin = rows.Text(0, 0);
    call.regulation = rows.Text(0, 1);
    call.channel = rows.Text(0, 2);
    call.operator_login = rows.Text(0, 3);
    call.started_at = core::FromUnixMillis(rows.Int(0, 4));
    if (!rows.IsNull(0, 5)) call.ended_at = core::FromUnixMillis(rows.Int(0, 5));
    call.outcome = rows.Text(0, 6);
    call.note = rows.Text(0, 7);
    return call;
}

std::string CallOutcomeName(const std::string& code) {
    for (const auto& outcome : core::CallOutcomes()) {
        if (outcome.code == code) return std::string(outcome.name);
    }
    return code;
}

}  // namespace otklik::storage::postgres

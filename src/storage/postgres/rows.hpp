#pragma once

// Statements that several PostgreSQL repositories share inside one transaction.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"
#include "core/calls.hpp"
#include "core/mail_store.hpp"
#include "core/result.hpp"
#include "storage/postgres/connection.hpp"

namespace otklik::storage::postgres {

/// The next number of the prefix and year: one counter row for appeals and reserved calls,
/// locked by the registering transaction until it commits, so numbers of concurrent nodes
/// are unique and gap-free in commit order.
std::string NextUin(Connection& c, const std::string& prefix, int year);

/// The outbox rows of one unit as one JSON array, for json_to_recordset: `appeal_id` 0 keeps
/// each message's own (0: none).
std::string OutboxRows(std::int64_t appeal_id, const std::vector<core::OutboxMessage>& outbox);

/// The columns a statement reads OutboxRows with: `FROM ` + this.
inline constexpr const char* kOutboxRecordset =
    "json_to_recordset($1::json) AS m(appeal_id bigint, kind text, channel text, recipient text, "
    "payload text, created_at bigint)";

/// The outbox rows of one unit in one statement; `appeal_id` 0 stores NULL.
void InsertOutbox(Connection& c, std::int64_t appeal_id,
                  const std::vector<core::OutboxMessage>& outbox);

/// Sends the record of a handled letter, nothing when its Message-ID was recorded before (two
/// nodes' pollers may take one letter); the ticket's answer's affected() says which. Shared by
/// RecordLetter and a registration that carries its letter.
Connection::Ticket SendProcessedLetter(Connection& c, const core::ProcessedLetter& letter);

core::Result<core::Call> LoadCall(Connection& c, std::string_view uin, bool for_update = false);
std::string CallOutcomeName(const std::string& code);

}  // namespace otklik::storage::postgres

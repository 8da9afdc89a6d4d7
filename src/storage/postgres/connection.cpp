#include "storage/postgres/connection.hpp"

#include <algorithm>
#include <charconv>

#include <libpq-fe.h>

namespace otklik::storage::postgres {

namespace {

// libpq's view of the parameters: text values, a null pointer for SQL NULL.
std::vector<const char*> ValuePointers(const Params& params) {
    std::vector<const char*> pointers;
    pointers.reserve(params.values().size());
    for (const auto& value : params.values()) pointers.push_back(value ? value->c_str() : nullptr);
    return pointers;
}

}  // namespace

Rows::~Rows() {
    if (result_) PQclear(result_);
}

Rows& Rows::operator=(Rows&& other) noexcept {
    if (this != &other) {
        if (result_) PQclear(result_);
        result_ = other.result_;
        other.result_ = nullptr;
    }
    return *this;
}

int Rows::size() const { return result_ ? PQntuples(result_) : 0; }

std::int64_t Rows::affected() const {
    const char* n = result_ ? PQcmdTuples(result_) : "";
    std::int64_t value = 0;
    std::from_chars(n, n + std::char_traits<char>::length(n), value);
    return value;
}

bool Rows::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::string Rows::Text(int row, int column) const {
    return std::string(PQgetvalue(result_, row, column),
                       static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::int64_t Rows::Int(int row, int column) const {
    const char* text = PQgetvalue(result_, row, column);
    const auto length = static_cast<std::size_t>(PQgetlength(result_, row, column));
    std::int64_t value = 0;
    std::from_chars(text, text + length, value);
    return value;
}

std::optional<std::int64_t> Rows::OptionalInt(int row, int column) const {
    if (IsNull(row, column)) return std::nullopt;
    return Int(row, column);
}

bool Rows::Bool(int row, int column) const {
    const char* text = PQgetvalue(result_, row, column);
    return text[0] == 't' || text[0] == '1';
}

Connection::Connection(const std::string& url) : url_(url) { Reset(); }

Connection::~Connection() {
    if (conn_) PQfinish(conn_);
}

void Connection::Reset() {
    if (conn_) PQfinish(conn_);
    prepared_.clear();
    pipelined_.clear();
    kept_.clear();
    conn_ = PQconnectdb(url_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(conn_);
        PQfinish(conn_);
        conn_ = nullptr;
        throw PgError("PostgreSQL: cannot connect: " + message, "08001");
    }
    // Rows are UTF-8 whatever the server's default; instants are stored as Unix milliseconds.
    PQsetClientEncoding(conn_, "UTF8");
    Exec("SET client_min_messages = warning");
}

void Connection::Throw(pg_result* result, std::string_view what) {
    std::string state;
    std::string message = PQerrorMessage(conn_);
    if (result) {
        if (const char* code = PQresultErrorField(result, PG_DIAG_SQLSTATE)) state = code;
        if (const char* text = PQresultErrorMessage(result); text && *text) message = text;
        PQclear(result);
    }
    if (PQstatus(conn_) != CONNECTION_OK) state = "08006";
    throw PgError("PostgreSQL: " + std::string(what) + ": " + message, state);
}

void Connection::Exec(std::string_view sql) {
    if (!conn_) Reset();
    if (!pipelined_.empty()) EndPipeline();
    PGresult* result = PQexec(conn_, std::string(sql).c_str());
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Throw(result, "exec");
    PQclear(result);
}

const std::string& Connection::Prepared(const std::string& sql) {
    auto it = prepared_.find(sql);
    if (it != prepared_.end()) return it->second;
    const std::string name = "s" + std::to_string(prepared_.size());
    if (pipelined_.empty()) {
        PGresult* prepared = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
        if (PQresultStatus(prepared) != PGRES_COMMAND_OK) Throw(prepared, sql);
        PQclear(prepared);
    } else {
        if (PQsendPrepare(conn_, name.c_str(), sql.c_str(), 0, nullptr) != 1) Throw(nullptr, sql);
        pipelined_.push_back({sql, true});
    }
    return prepared_.emplace(sql, name).first->second;
}

Connection::Ticket Connection::SendPrepared(const std::string& name, const Params& params,
                                            std::string_view what) {
    const auto pointers = ValuePointers(params);
    if (PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(pointers.size()), pointers.data(),
                            nullptr, nullptr, 0) != 1) {
        Throw(nullptr, what);
    }
    const Ticket ticket = next_ticket_++;
    pipelined_.push_back({std::string(what), false, ticket});
    return ticket;
}

Connection::Ticket Connection::Send(const std::string& sql, const Params& params) {
    if (!conn_) Reset();
    const std::string name = Prepared(sql);
    if (pipelined_.empty() && PQenterPipelineMode(conn_) != 1) Throw(nullptr, "pipeline mode");
    return SendPrepared(name, params, sql);
}

Rows Connection::Take(Ticket ticket) {
    if (!kept_.contains(ticket)) {
        const bool sent = std::any_of(pipelined_.begin(), pipelined_.end(),
                                      [&](const Pipelined& p) { return p.ticket == ticket; });
        if (!sent) throw std::logic_error("PostgreSQL: no statement sent with this ticket");
        EndPipeline();
    }
    auto it = kept_.find(ticket);
    Rows rows = std::move(it->second);
    kept_.erase(it);
    return rows;
}

void Connection::Wait() {
    if (!pipelined_.empty()) EndPipeline();
}

void Connection::EndPipeline() {
    if (PQpipelineSync(conn_) != 1) Throw(nullptr, "pipeline sync");
    // Every queued answer is read, failed or not, so that the connection ends the pipeline
    // in step with the server; the first failure is thrown after that.
    PGresult* failure = nullptr;
    std::string failed_what;
    const std::size_t count = pipelined_.size();
    for (std::size_t i = 0; i < count; ++i) {
        PGresult* result = PQgetResult(conn_);
        if (!result) break;  // the connection broke
        const auto status = PQresultStatus(result);
        const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
        // A preparation skipped or refused leaves no statement behind on the server.
        if (!ok && pipelined_[i].preparation) prepared_.erase(pipelined_[i].sql);
        if (!ok && !failure && status != PGRES_PIPELINE_ABORTED) {
            failure = result;
            failed_what = pipelined_[i].sql;
        } else if (ok && !pipelined_[i].preparation) {
            kept_.emplace(pipelined_[i].ticket, Rows(result));
        } else {
            PQclear(result);
        }
        // Each statement's answer ends with a null result.
        while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    }
    pipelined_.clear();
    PGresult* sync = PQgetResult(conn_);
    const bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    if (sync) PQclear(sync);
    if (synced) PQexitPipelineMode(conn_);
    if (failure) Throw(failure, failed_what);
    // Out of step with the server: Throw names the broken connection, and the caller resets it.
    if (!synced) Throw(nullptr, "pipeline");
}

Rows Connection::Query(const std::string& sql, const Params& params) {
    if (!conn_) Reset();
    if (!pipelined_.empty()) {
        // After the statements already sent, in the same round trip.
        const std::string name = Prepared(sql);
        return Take(SendPrepared(name, params, sql));
    }
    const std::string& name = Prepared(sql);
    const auto pointers = ValuePointers(params);
    PGresult* result = PQexecPrepared(conn_, name.c_str(), static_cast<int>(pointers.size()),
                                      pointers.data(), nullptr, nullptr, 0);
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Throw(result, sql);
    return Rows(result);
}

Rows Connection::QueryPlannedForValues(const std::string& sql, const Params& params) {
    if (!conn_) Reset();
    if (!pipelined_.empty()) EndPipeline();
    const auto pointers = ValuePointers(params);
    PGresult* result = PQexecParams(conn_, sql.c_str(), static_cast<int>(pointers.size()), nullptr,
                                    pointers.data(), nullptr, nullptr, 0);
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Throw(result, sql);
    return Rows(result);
}

int Connection::Socket() const { return conn_ ? PQsocket(conn_) : -1; }

std::vector<Notification> Connection::TakeNotifications() {
    if (!conn_) Reset();
    if (PQconsumeInput(conn_) == 0) Throw(nullptr, "notifications");
    std::vector<Notification> received;
    while (PGnotify* notify = PQnotifies(conn_)) {
        received.push_back({notify->relname, notify->extra ? notify->extra : ""});
        PQfreemem(notify);
    }
    return received;
}

std::string WithApplicationName(const std::string& url, const std::string& name) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "application_name=" + name;
}

bool Connection::Idle() const {
    return conn_ && pipelined_.empty() && PQstatus(conn_) == CONNECTION_OK &&
           PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

bool Connection::Healthy() {
    try {
        Exec("SELECT 1");
        return true;
    } catch (const PgError&) {
        return false;
    }
}

}  // namespace otklik::storage::postgres

#include "storage/postgres/connection.hpp"

#include <charconv>

#include <libpq-fe.h>

namespace otklik::storage::postgres {

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
    PGresult* result = PQexec(conn_, std::string(sql).c_str());
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Throw(result, "exec");
    PQclear(result);
}

Rows Connection::Query(const std::string& sql, const Params& params) {
    if (!conn_) Reset();
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
        const std::string name = "s" + std::to_string(prepared_.size());
        PGresult* prepared = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
        if (PQresultStatus(prepared) != PGRES_COMMAND_OK) Throw(prepared, sql);
        PQclear(prepared);
        it = prepared_.emplace(sql, name).first;
    }
    const auto& values = params.values();
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& value : values) pointers.push_back(value ? value->c_str() : nullptr);
    PGresult* result = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(pointers.size()),
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

bool Connection::Healthy() {
    try {
        Exec("SELECT 1");
        return true;
    } catch (const PgError&) {
        return false;
    }
}

}  // namespace otklik::storage::postgres

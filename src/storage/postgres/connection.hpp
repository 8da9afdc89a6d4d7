#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;

namespace otklik::storage::postgres {

/// Broken infrastructure (server gone, bad SQL, constraint the code did not expect): an
/// exception, not a Result. `sqlstate` is PostgreSQL's five-character error code.
class PgError : public std::runtime_error {
public:
    PgError(const std::string& what, std::string sqlstate)
        : std::runtime_error(what), sqlstate_(std::move(sqlstate)) {}
    const std::string& sqlstate() const { return sqlstate_; }
    /// A deadlock or serialization failure: the transaction may simply run again.
    bool retryable() const { return sqlstate_ == "40P01" || sqlstate_ == "40001"; }
    /// The connection itself is broken (server restarted, network).
    bool connection_lost() const { return sqlstate_.rfind("08", 0) == 0 || sqlstate_.empty(); }

private:
    std::string sqlstate_;
};

/// Statement parameters in text form; std::nullopt is SQL NULL.
class Params {
public:
    Params& Add(std::string_view value) {
        values_.emplace_back(std::string(value));
        return *this;
    }
    Params& Add(const char* value) { return Add(std::string_view(value)); }
    Params& Add(const std::string& value) { return Add(std::string_view(value)); }
    Params& Add(std::int64_t value) {
        values_.emplace_back(std::to_string(value));
        return *this;
    }
    Params& Add(int value) { return Add(std::int64_t{value}); }
    Params& Add(bool value) { return Add(std::string_view(value ? "t" : "f")); }
    Params& AddNull() {
        values_.emplace_back(std::nullopt);
        return *this;
    }
    /// An empty string as NULL, for optional columns.
    Params& AddOptional(std::string_view value) { return value.empty() ? AddNull() : Add(value); }
    Params& AddOptional(const std::optional<std::int64_t>& value) {
        return value ? Add(*value) : AddNull();
    }
    const std::vector<std::optional<std::string>>& values() const { return values_; }

private:
    std::vector<std::optional<std::string>> values_;
};

/// The rows of one statement. Column and row indexes start at 0.
class Rows {
public:
    explicit Rows(pg_result* result) : result_(result) {}
    ~Rows();
    Rows(Rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
    Rows& operator=(Rows&& other) noexcept;
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;

    int size() const;
    bool empty() const { return size() == 0; }
    /// Rows changed by INSERT, UPDATE or DELETE.
    std::int64_t affected() const;
    bool IsNull(int row, int column) const;
    std::string Text(int row, int column) const;
    std::int64_t Int(int row, int column) const;
    std::optional<std::int64_t> OptionalInt(int row, int column) const;
    bool Bool(int row, int column) const;

private:
    pg_result* result_;
};

/// A NOTIFY another session sent on a channel this connection LISTENs to.
struct Notification {
    std::string channel;
    std::string payload;
};

/// One libpq connection with a cache of prepared statements (planned once per connection).
/// Used by one thread at a time.
class Connection {
public:
    /// Connects to a libpq URI such as postgresql://USER@HOST:PORT/DB; throws PgError.
    explicit Connection(const std::string& url);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Runs SQL text without parameters (several statements allowed).
    void Exec(std::string_view sql);
    /// Runs one statement, prepared on first use on this connection. Statements sent before
    /// with Send travel in the same round trip; the first of them that failed is thrown here.
    Rows Query(const std::string& sql, const Params& params = {});
    /// Runs one statement planned afresh for these values (not prepared): for a statement whose
    /// best plan depends on a value, as a search's does on how many rows its words match. A
    /// prepared statement soon runs a generic plan that cannot see the values.
    Rows QueryPlannedForValues(const std::string& sql, const Params& params);
    /// Sends one statement without waiting for its answer (libpq pipeline mode); the answers
    /// of statements sent are read together, in one round trip, by the next Query, Exec, Wait
    /// or Take, which throws the PgError of the first sent statement that failed (the ones
    /// after it did not run). Inside a transaction that failure aborts the transaction, as a
    /// failed Query does. Returns a ticket for Take; a statement's rows that nobody takes are
    /// dropped with DropKept or Reset.
    using Ticket = std::uint64_t;
    Ticket Send(const std::string& sql, const Params& params);
    /// The rows of a statement sent, waiting for the answers first if they are not in yet.
    /// Throws std::logic_error for a ticket already taken or dropped.
    Rows Take(Ticket ticket);
    /// Waits for the answers of the statements sent; throws the first failure.
    void Wait();
    /// Forgets the rows of sent statements that nobody took.
    void DropKept() { kept_.clear(); }
    /// True when the server answers.
    bool Healthy();
    /// True when the session looks fit to lend again without asking the server: connected, no
    /// transaction left open, no pipeline left unread. A server that dropped the session is
    /// noticed at its next statement, which throws with connection_lost().
    bool Idle() const;
    /// Opens a fresh session after the server dropped the old one.
    void Reset();

    /// The socket to wait on for notifications (poll for reading); -1 when not connected.
    int Socket() const;
    /// Reads what the server has sent without waiting and returns the notifications received
    /// since the last call. Throws PgError when the connection broke.
    std::vector<Notification> TakeNotifications();

private:
    [[noreturn]] void Throw(pg_result* result, std::string_view what);
    /// The prepared statement's name for `sql`; prepares it now when not yet in a pipeline,
    /// or queues the preparation in the pipeline (one more answer to read) when in one.
    const std::string& Prepared(const std::string& sql);
    Ticket SendPrepared(const std::string& name, const Params& params, std::string_view what);
    /// Ends the pipeline: a sync, then reads the answers in order and keeps each statement's
    /// rows under its ticket; throws the first failure.
    void EndPipeline();

    std::string url_;
    pg_conn* conn_ = nullptr;
    std::unordered_map<std::string, std::string> prepared_;  // SQL → statement name
    // Statements sent in pipeline mode whose answers are still to be read, in order.
    struct Pipelined {
        std::string sql;
        bool preparation = false;  // a PQsendPrepare: forgotten again when it did not run
        Ticket ticket = 0;
    };
    std::vector<Pipelined> pipelined_;
    std::unordered_map<Ticket, Rows> kept_;  // answers read, not yet taken
    Ticket next_ticket_ = 1;
};

/// `url` with `application_name=NAME` added: the server shows which node holds a session
/// (pg_stat_activity), and a trigger can tell which node made a change.
std::string WithApplicationName(const std::string& url, const std::string& name);

/// Milliseconds since the Unix epoch of the database server's clock, for leases shared by nodes.
inline constexpr const char* kServerNowMillis =
    "(extract(epoch from clock_timestamp()) * 1000)::bigint";

}  // namespace otklik::storage::postgres

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
    /// Runs one statement, prepared on first use on this connection.
    Rows Query(const std::string& sql, const Params& params = {});
    /// True when the server answers.
    bool Healthy();
    /// Opens a fresh session after the server dropped the old one.
    void Reset();

    /// The socket to wait on for notifications (poll for reading); -1 when not connected.
    int Socket() const;
    /// Reads what the server has sent without waiting and returns the notifications received
    /// since the last call. Throws PgError when the connection broke.
    std::vector<Notification> TakeNotifications();

private:
    [[noreturn]] void Throw(pg_result* result, std::string_view what);

    std::string url_;
    pg_conn* conn_ = nullptr;
    std::unordered_map<std::string, std::string> prepared_;  // SQL → statement name
};

/// `url` with `application_name=NAME` added: the server shows which node holds a session
/// (pg_stat_activity), and a trigger can tell which node made a change.
std::string WithApplicationName(const std::string& url, const std::string& name);

/// Milliseconds since the Unix epoch of the database server's clock, for leases shared by nodes.
inline constexpr const char* kServerNowMillis =
    "(extract(epoch from clock_timestamp()) * 1000)::bigint";

}  // namespace otklik::storage::postgres

#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace otklik::storage::sqlite {

/// Broken infrastructure (disk full, corrupt file, bad SQL): an exception, not a Result.
class SqliteError : public std::runtime_error {
public:
    SqliteError(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }

private:
    int code_;
};

/// True when `e` is a UNIQUE or PRIMARY KEY violation: a conflict the caller reports as a value.
bool IsUniqueViolation(const SqliteError& e);

/// A prepared statement. Bind indexes start at 1, column indexes at 0.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& Bind(int index, std::int64_t value);
    Statement& Bind(int index, std::string_view value);
    Statement& BindNull(int index);
    /// Binds an empty string as NULL, for optional columns.
    Statement& BindOptional(int index, std::string_view value);

    /// Runs one step: true while a row is available.
    bool Step();
    /// Runs to completion (for statements without rows).
    void Run();
    void Reset();

    std::int64_t Int(int column) const;
    std::string Text(int column) const;
    bool IsNull(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// One SQLite connection with a cache of prepared statements. Used by one thread at a time.
class Connection {
public:
    /// Opens (and creates) the file; WAL, full sync, foreign keys, busy timeout.
    explicit Connection(const std::string& path, bool read_only = false);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void Exec(std::string_view sql);
    /// The cached statement for `sql`, reset and with bindings cleared.
    Statement& Prepare(const std::string& sql);
    std::int64_t LastInsertId() const;
    int Changes() const;
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

}  // namespace otklik::storage::sqlite

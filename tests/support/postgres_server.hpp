#pragma once

#include <string>

namespace otklik::testing {

/// A real PostgreSQL 15 for tests of the shared store (issue 14): started by
/// tests/support/postgres-server into a fresh folder under /tmp as a non-root account, on a free
/// loopback port, stopped and removed with this object — or, when OTKLIK_TEST_PG_URL is set,
/// that server, which is then neither started nor stopped.
class PostgresServer {
public:
    struct Options {
        /// fsync and synchronous commit on, as in production (benchmarks); tests leave them off.
        bool durable = false;
    };

    PostgresServer() : PostgresServer(Options{}) {}
    /// Throws std::runtime_error with the script's reason when the server does not start.
    explicit PostgresServer(Options options);
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    /// postgresql://otklik@127.0.0.1:PORT/otklik: an empty database, owned by a superuser.
    const std::string& url() const { return url_; }
    /// True when the server came from OTKLIK_TEST_PG_URL.
    bool external() const { return folder_.empty(); }

    /// Creates a database named `prefix` plus a unique suffix on this server and returns its
    /// URL: one per test keeps the tests of a binary independent of each other.
    std::string FreshDatabase(const std::string& prefix = "otklik_test") const;
    /// Drops the database of `url` (connections to it are closed).
    void DropDatabase(const std::string& url) const;

private:
    std::string folder_;
    std::string url_;
};

/// One server for a whole test binary, started on first use and stopped at exit.
PostgresServer& SharedPostgresServer();

/// Runs `sql` through psql against `url`; returns its unaligned output without the last newline.
/// Throws std::runtime_error when psql fails.
std::string Psql(const std::string& url, const std::string& sql);

}  // namespace otklik::testing

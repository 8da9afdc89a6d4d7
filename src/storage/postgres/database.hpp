#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "storage/postgres/connection.hpp"

namespace otklik::storage::postgres {

/// How to reach the database and how many connections to hold.
struct DatabaseOptions {
    /// libpq URI: postgresql://USER@HOST:PORT/DB
    std::string url;
    /// Read connections lent to callers; writes go through the one writer connection.
    int readers = 4;
    /// Write units committed together at most (group commit).
    int max_batch = 64;
};

/// The application_name of the sessions of node `node`: "otklik-" and the node's name.
inline std::string ApplicationName(const std::string& node) { return "otklik-" + node; }

/// One node's connections to the shared database: a writer that commits many units of work in
/// one transaction (group commit, as the SQLite writer does, so that a node's registration rate
/// is bound by round trips and not by one fsync per appeal), and a pool of read connections.
/// Several nodes may run a Database on the same server: they coordinate only through the
/// database (row locks, SKIP LOCKED claims, the counter rows).
class Database {
public:
    explicit Database(const DatabaseOptions& options);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs `work(connection)` inside the writer's transaction and returns its result once
    /// committed. A failed Result discards only this unit (the others of the batch run again
    /// without it), so `work` must be safe to run more than once. A deadlock with another node
    /// runs the batch again. An exception from `work` or a failed COMMIT reaches the caller.
    template <class T>
    core::Result<T> Submit(std::function<core::Result<T>(Connection&)> work) {
        return Submit<T>(nullptr, std::move(work));
    }

    /// As Submit(work), with `send_first(connection)` called for every unit of the batch before
    /// the first unit's `work` runs, each time the batch's transaction starts: the statements
    /// it Sends travel together, one round trip for the whole batch, and `work` Takes their
    /// rows. A registration sends its key claim and number this way (appeal_repository.cpp).
    template <class T>
    core::Result<T> Submit(std::function<void(Connection&)> send_first,
                           std::function<core::Result<T>(Connection&)> work) {
        std::optional<core::Result<T>> result;
        std::promise<void> done;
        Job job;
        job.send_first = std::move(send_first);
        job.run = [&](Connection& connection) {
            result.emplace(work(connection));
            return result->has_value();
        };
        job.done = &done;
        Enqueue(std::move(job));
        done.get_future().get();
        return std::move(*result);
    }

    /// A read connection, returned to the pool when the lease ends.
    class Lease {
    public:
        Lease(Database& db, std::unique_ptr<Connection> connection)
            : db_(db), connection_(std::move(connection)) {}
        ~Lease() { db_.Return(std::move(connection_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Connection& operator*() const { return *connection_; }
        Connection* operator->() const { return connection_.get(); }

    private:
        Database& db_;
        std::unique_ptr<Connection> connection_;
    };
    Lease Borrow();

    /// Runs `work` in a transaction of its own on a read connection (claims that must commit
    /// at once and must not wait behind the writer's batch).
    template <class F>
    auto Transaction(F&& work) {
        auto c = Borrow();
        c->Exec("BEGIN");
        try {
            auto result = work(*c);
            c->Exec("COMMIT");
            return result;
        } catch (...) {
            try {
                c->Exec("ROLLBACK");
            } catch (...) {
            }
            throw;
        }
    }

    /// This node's name in claims and leases: unique per Database object.
    const std::string& node() const { return node_; }
    /// The store's address, naming this node as the sessions' application_name.
    const std::string& url() const { return options_.url; }
    bool Ping();

    std::uint64_t commits() const { return commits_.load(); }
    std::uint64_t units() const { return units_.load(); }

private:
    struct Job {
        std::function<void(Connection&)> send_first;  // may be empty
        std::function<bool(Connection&)> run;
        std::promise<void>* done = nullptr;
    };
    void Enqueue(Job job);
    void Loop();
    void RunBatch(std::vector<Job>& batch);
    void Return(std::unique_ptr<Connection> connection);

    DatabaseOptions options_;
    std::string node_;
    std::unique_ptr<Connection> writer_;

    std::mutex pool_mutex_;
    std::condition_variable pool_available_;
    std::vector<std::unique_ptr<Connection>> idle_;  // guarded by pool_mutex_
    int lent_ = 0;                                   // guarded by pool_mutex_

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;  // guarded by mutex_
    bool stopping_ = false;  // guarded by mutex_
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<std::uint64_t> units_{0};
    std::thread thread_;
};

}  // namespace otklik::storage::postgres

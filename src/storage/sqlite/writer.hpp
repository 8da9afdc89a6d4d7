#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "core/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace otklik::storage::sqlite {

/// The single writer of a SQLite file. Callers on any thread submit units of work; the writer
/// thread runs all that are waiting in one transaction (group commit), each inside its own
/// savepoint so that a unit that fails leaves the others intact, and answers every caller only
/// after the COMMIT is durable.
class Writer {
public:
    explicit Writer(const std::string& path);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    /// Runs `work(connection)` in the writer's transaction and returns its result once
    /// committed. A failed Result rolls back only this unit. An exception from `work` or a
    /// failed COMMIT is rethrown to the caller.
    template <class T>
    core::Result<T> Submit(std::function<core::Result<T>(Connection&)> work) {
        std::optional<core::Result<T>> result;
        std::promise<void> done;
        Job job;
        job.run = [&](Connection& connection) {
            result.emplace(work(connection));
            return result->has_value();
        };
        job.done = &done;
        Enqueue(std::move(job));
        done.get_future().get();
        return std::move(*result);
    }

    /// Commits made and units run since start: the average batch size is their ratio.
    std::uint64_t commits() const { return commits_.load(); }
    std::uint64_t units() const { return units_.load(); }
    /// Pages the writer's connection wrote into the WAL since start (SQLite's
    /// SQLITE_DBSTATUS_CACHE_WRITE): pages per unit is what each unit costs the durable sync.
    std::uint64_t pages() const { return pages_.load(); }

private:
    struct Job {
        std::function<bool(Connection&)> run;
        std::promise<void>* done = nullptr;
    };

    void Enqueue(Job job);
    void Loop();

    Connection connection_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;  // guarded by mutex_
    bool stopping_ = false;  // guarded by mutex_
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<std::uint64_t> units_{0};
    std::atomic<std::uint64_t> pages_{0};
    std::thread thread_;
};

/// A fixed set of read connections, lent one at a time. WAL lets them read while the writer
/// writes; each sees the last committed state when its statement starts.
class ReaderPool {
public:
    ReaderPool(const std::string& path, int size);

    class Lease {
    public:
        Lease(ReaderPool& pool, Connection* connection) : pool_(pool), connection_(connection) {}
        ~Lease() { pool_.Return(connection_); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Connection& operator*() const { return *connection_; }
        Connection* operator->() const { return connection_; }

    private:
        ReaderPool& pool_;
        Connection* connection_;
    };

    Lease Borrow();

private:
    void Return(Connection* connection);

    std::vector<std::unique_ptr<Connection>> connections_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<Connection*> idle_;  // guarded by mutex_
};

}  // namespace otklik::storage::sqlite

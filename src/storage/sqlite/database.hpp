#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/sqlite/writer.hpp"

namespace otklik::storage::sqlite {

/// Where the SQLite file is and how many readers it gets.
struct DatabaseOptions {
    /// The database file, e.g. DIR/otklik.db; created when missing.
    std::string path;
    /// Read connections; reads never wait for the writer.
    int readers = 4;
};

/// One SQLite file in WAL mode (PL-1), shared by every repository of the embedded store: it is
/// migrated to the current schema when opened, written by one writer thread with group commit
/// (a write returns only once its transaction is durable) and read through a pool of readers.
class Database {
public:
    explicit Database(const DatabaseOptions& options);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs `work` in the writer's group-commit transaction; see Writer::Submit.
    template <class T>
    core::Result<T> Write(std::function<core::Result<T>(Connection&)> work) {
        return writer_->Submit<T>(std::move(work));
    }
    /// A read connection for the caller's thread until the lease ends.
    ReaderPool::Lease Read() { return readers_->Borrow(); }

    /// True when the file answers a trivial query (readiness).
    bool Ping();

    const std::string& path() const { return path_; }
    std::uint64_t commits() const { return writer_->commits(); }
    std::uint64_t units() const { return writer_->units(); }
    std::uint64_t pages() const { return writer_->pages(); }

private:
    std::string path_;
    std::unique_ptr<Writer> writer_;
    std::unique_ptr<ReaderPool> readers_;
};

/// Online backup of a live file into `target` (SQLite backup API): consistent while the server
/// keeps writing. Throws SqliteError on failure.
void BackupDatabase(const std::string& source, const std::string& target);

/// Replaces the file at `target` with the backup at `source`. The server must be stopped; the
/// old WAL and shared-memory files are removed first.
void RestoreDatabase(const std::string& source, const std::string& target);

/// Opens the file and brings it to the current schema; returns migrations applied.
int MigrateDatabase(const std::string& path);

}  // namespace otklik::storage::sqlite

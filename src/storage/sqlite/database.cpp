#include "storage/sqlite/database.hpp"

#include <filesystem>

#include <sqlite3.h>

#include "storage/sqlite/migrations.hpp"

namespace otklik::storage::sqlite {

Database::Database(const DatabaseOptions& options) : path_(options.path) {
    {
        Connection setup(options.path);
        Migrate(setup);
    }
    writer_ = std::make_unique<Writer>(options.path);
    readers_ = std::make_unique<ReaderPool>(options.path, options.readers);
}

Database::~Database() = default;

bool Database::Ping() {
    try {
        auto c = Read();
        auto& query = c->Prepare("SELECT 1");
        const bool ok = query.Step();
        query.Reset();
        return ok;
    } catch (const SqliteError&) {
        return false;
    }
}

void BackupDatabase(const std::string& source, const std::string& target) {
    Connection from(source);
    std::filesystem::remove(target);
    Connection to(target);
    sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
    if (!backup) throw SqliteError(std::string("backup: ") + sqlite3_errmsg(to.handle()), 0);
    // Copy in steps so that the live server's writer is never blocked for long.
    int rc = SQLITE_OK;
    do {
        rc = sqlite3_backup_step(backup, 1024);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) throw SqliteError(std::string("backup: ") + sqlite3_errstr(rc), rc);
    to.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

void RestoreDatabase(const std::string& source, const std::string& target) {
    {
        Connection check(source, true);
        auto& query = check.Prepare("PRAGMA integrity_check");
        if (!query.Step() || query.Text(0) != "ok") {
            throw SqliteError("restore: the backup " + source + " fails its integrity check", 0);
        }
        query.Reset();
    }
    std::filesystem::remove(target + "-wal");
    std::filesystem::remove(target + "-shm");
    std::filesystem::remove(target);
    BackupDatabase(source, target);
    Connection restored(target);
    Migrate(restored);
}

int MigrateDatabase(const std::string& path) {
    Connection connection(path);
    return Migrate(connection);
}

}  // namespace otklik::storage::sqlite

#include "storage/store.hpp"

#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace otklik::storage {

bool IsPostgresUrl(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::int64_t Store::BulkLoad(const std::function<bool(std::vector<core::NewAppeal>&)>& next) {
    std::int64_t stored = 0;
    std::vector<core::NewAppeal> chunk;
    while (next(chunk)) stored += BulkRegister(chunk);
    return stored;
}

std::unique_ptr<Store> OpenStore(const StoreOptions& options) {
    if (IsPostgresUrl(options.location)) {
        // Every node migrates at start as the embedded store does; concurrent starts wait on
        // one advisory lock, and the later ones find nothing to apply.
        postgres::MigrateDatabase(options.location);
        return std::make_unique<postgres::PgStore>(
            postgres::DatabaseOptions{options.location, options.readers});
    }
    return std::make_unique<sqlite::SqliteStore>(
        sqlite::DatabaseOptions{options.location, options.readers});
}

int MigrateStore(const StoreOptions& options) {
    if (IsPostgresUrl(options.location)) return postgres::MigrateDatabase(options.location);
    return sqlite::MigrateDatabase(options.location);
}

}  // namespace otklik::storage

#include "storage/store.hpp"

#include <stdexcept>
#include <string_view>

#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace otklik::storage {
namespace {

// A location naming a PostgreSQL database rather than an SQLite file.
bool IsPostgresUrl(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

}  // namespace

std::unique_ptr<Store> OpenStore(const StoreOptions& options) {
    if (IsPostgresUrl(options.location)) {
        throw std::runtime_error("this build has no PostgreSQL store: " + options.location);
    }
    return std::make_unique<sqlite::SqliteStore>(
        sqlite::DatabaseOptions{options.location, options.readers});
}

int MigrateStore(const StoreOptions& options) {
    if (IsPostgresUrl(options.location)) {
        throw std::runtime_error("this build has no PostgreSQL store: " + options.location);
    }
    return sqlite::MigrateDatabase(options.location);
}

}  // namespace otklik::storage

#include "storage/postgres/pg_store.hpp"

#include "storage/postgres/migrations.hpp"

namespace otklik::storage::postgres {
namespace {

const DatabaseOptions& Checked(const DatabaseOptions& options) {
    Connection check(options.url);
    const int version = SchemaVersion(check);
    const int latest = Migrations().back().version;
    if (version != latest) {
        throw PgError("the database at the store address has schema version " +
                          std::to_string(version) + ", this program needs " +
                          std::to_string(latest) + ": run `otklik migrate --store URL`",
                      "");
    }
    return options;
}

}  // namespace

PgStore::PgStore(const DatabaseOptions& options) : db_(Checked(options)) {}

int MigrateDatabase(const std::string& url) {
    Connection connection(url);
    return Migrate(connection);
}

}  // namespace otklik::storage::postgres

#pragma once

#include <string_view>
#include <vector>

#include "storage/postgres/connection.hpp"

namespace otklik::storage::postgres {

/// One step of the PostgreSQL schema. Versions count on their own: the embedded store's
/// migrations are a different history of a different SQL dialect.
struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;
};

const std::vector<Migration>& Migrations();

/// Brings the database to the latest schema; returns how many migrations ran. Nodes that start
/// at once take turns (an advisory lock), so each migration runs once.
int Migrate(Connection& connection);

/// The highest migration applied, 0 on an empty database.
int SchemaVersion(Connection& connection);

}  // namespace otklik::storage::postgres

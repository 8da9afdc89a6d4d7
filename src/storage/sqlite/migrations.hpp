#pragma once

#include <string_view>
#include <vector>

#include "storage/sqlite/connection.hpp"

namespace otklik::storage::sqlite {

/// A forward-only schema step. Migrations are never edited once released: a change is a new
/// migration, so every older file can be brought to the current schema.
struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;
};

/// All migrations in order.
const std::vector<Migration>& Migrations();

/// The version the file is at (0 for an empty file).
int SchemaVersion(Connection& connection);

/// Applies every migration not yet recorded in the file, up to `target` (all by default), in
/// order and each in its own transaction; returns how many were applied. Throws SqliteError when
/// the file is newer than this program.
int Migrate(Connection& connection, int target = -1);

}  // namespace otklik::storage::sqlite

#pragma once

#include <string>

#include "storage/sqlite/connection.hpp"

namespace otklik::storage::sqlite {

/// The next UIN of the prefix and year, on the writer's connection `c`: one sequence for
/// appeals and reserved calls, without gaps in committed numbers.
std::string NextUin(Connection& c, const std::string& prefix, int year);

}  // namespace otklik::storage::sqlite

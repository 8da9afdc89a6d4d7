#include "storage/sqlite/uin_sequence.hpp"

#include "core/uin.hpp"

namespace otklik::storage::sqlite {

std::string NextUin(Connection& c, const std::string& prefix, int year) {
    auto& counter = c.Prepare(
        "INSERT INTO uin_counters (prefix, year, last) VALUES (?, ?, 1) "
        "ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1 RETURNING last");
    counter.Bind(1, prefix).Bind(2, std::int64_t{year});
    counter.Step();
    const std::int64_t sequence = counter.Int(0);
    counter.Reset();
    return core::FormatUin(prefix, year, sequence);
}

}  // namespace otklik::storage::sqlite

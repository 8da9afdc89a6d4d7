#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace otklik::core {

/// The public number of an appeal (CH-2): "<prefix>-<year>-<sequence>", e.g. "ББ-2026-000123".
/// The prefix comes from the regulation, the sequence is per prefix and year, monotonic and
/// allocated by the store inside the registering transaction. Six digits at least, so that it
/// reads out in three pairs on the phone.
std::string FormatUin(std::string_view prefix, int year, std::int64_t sequence);

/// Brings what an operator or applicant typed to the stored form: upper case, Latin look-alike
/// letters to Cyrillic (a dictated "BB" is "ВВ"), spaces and other dashes to "-",
/// missing leading zeros restored. nullopt when it cannot be a UIN.
std::optional<std::string> NormalizeUin(std::string_view text);

}  // namespace otklik::core

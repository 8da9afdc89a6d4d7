#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace otklik::core {

/// A point in UTC with millisecond precision. Stored instants are always UTC.
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Duration = std::chrono::milliseconds;

/// RFC 3339 UTC, e.g. "2026-01-12T07:00:00Z"; milliseconds are printed only when non-zero.
std::string FormatInstant(Instant instant);

/// Parses RFC 3339 with "Z" or a numeric offset ("+03:00"); nullopt when malformed or outside
/// the years 0000-9999 that FormatInstant writes.
std::optional<Instant> ParseInstant(std::string_view text);

/// A calendar date written 2026-03-02; nullopt when malformed or not a real day.
std::optional<std::chrono::year_month_day> ParseDate(std::string_view text);

/// Parses an ISO 8601 duration such as "PT3H", "P2D", "P1DT30M", "-PT15M";
/// days count as 24 hours. nullopt when malformed or longer than 100 years either way.
std::optional<Duration> ParseIsoDuration(std::string_view text);

/// Milliseconds since the Unix epoch, the storage form of an Instant.
inline std::int64_t ToUnixMillis(Instant instant) { return instant.time_since_epoch().count(); }
inline Instant FromUnixMillis(std::int64_t millis) { return Instant{Duration{millis}}; }

}  // namespace otklik::core

#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace date {
class time_zone;
}

namespace otklik::core {

/// A time zone of the tz database (the system tzdata, through date/tz as in sla): the one way
/// local dates and times are read and written — dates in letters, report periods, the UIN year.
/// Cheap to copy; zones live as long as the program. Thread-safe.
class TimeZone {
public:
    /// The zone of an IANA name ("Europe/Moscow"); nullopt when the database has none.
    static std::optional<TimeZone> Find(std::string_view iana_name);

    /// The deployment's civil time when nothing more specific applies: Moscow time, in which
    /// federal terms and the UIN's year are counted. The only place that names it.
    static const TimeZone& Default();

    /// UTC, where every local day begins at midnight UTC.
    static TimeZone Utc() { return TimeZone(nullptr); }

    /// The IANA name ("UTC" for Utc()).
    std::string Name() const;

    /// The local date of `instant` in this zone.
    std::chrono::year_month_day LocalDate(Instant instant) const;
    /// The instant the local day `day` begins (the earliest, where a transition repeats it).
    Instant StartOfDay(std::chrono::year_month_day day) const;

    /// "13.01.2026": how Russian letters state a date.
    std::string FormatDate(Instant instant) const;
    /// "13.01.2026 10:00": how Russian letters state a deadline.
    std::string FormatDateTime(Instant instant) const;
    /// "2026-01-13": a local date in ISO 8601 (registration cards).
    std::string FormatIsoDate(Instant instant) const;

private:
    explicit TimeZone(const date::time_zone* zone) : zone_(zone) {}

    // The wall-clock time of `instant` in this zone, as if it were UTC.
    Instant WallClock(Instant instant) const;

    const date::time_zone* zone_;  // nullptr: UTC
};

/// "13.01.2026" for a calendar date.
std::string FormatRussianDate(std::chrono::year_month_day day);

}  // namespace otklik::core

#pragma once

#include <chrono>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace otklik::sla {

/// What a date is for work.
enum class DayKind {
    kWorking,    ///< a full working day
    kShortened,  ///< a pre-holiday working day, one hour shorter (ТК РФ ст. 95)
    kDayOff,     ///< a weekend, holiday or non-working day
};

/// The Russian production calendar (data/ru_production_calendar.csv): which dates are working,
/// shortened or days off, for the whole years the file covers. Immutable after parsing, so one
/// instance may be shared by any number of threads.
///
/// Rule (data/SOURCES.md): a date is working iff its listed kind is `shortened` or
/// `working_weekend`, or it is not listed and falls on Mon–Fri; `holiday` and `nonworking` are days
/// off. Dates outside the covered years are refused, never guessed.
class ProductionCalendar {
public:
    /// Parses CSV text with the header `date,kind`. Refuses unknown kinds, invalid or duplicate
    /// dates, and a gap (a year without rows between the first and the last year): error
    /// "data_malformed" with the line number.
    [[nodiscard]] static core::Result<ProductionCalendar> Parse(std::string_view csv);

    /// Reads and parses a file; "data_unreadable" when it cannot be read.
    [[nodiscard]] static core::Result<ProductionCalendar> LoadFile(
        const std::filesystem::path& path);

    /// The kind of `day`; error "calendar_out_of_range" (kUnprocessable) when the calendar does
    /// not cover the day's year.
    [[nodiscard]] core::Result<DayKind> KindOf(std::chrono::year_month_day day) const;

    /// True when KindOf(day) would succeed.
    [[nodiscard]] bool Covers(std::chrono::year_month_day day) const;

    /// The first and last years covered, whole (e.g. 2013 and 2027).
    [[nodiscard]] int FirstYear() const { return first_year_; }
    [[nodiscard]] int LastYear() const { return last_year_; }

private:
    ProductionCalendar() = default;

    int first_year_ = 0;
    int last_year_ = 0;
    std::chrono::sys_days first_day_{};  // 1 January of first_year_
    std::vector<DayKind> days_;          // one entry per day from first_day_
};

/// The error for a date the calendar does not cover.
core::Error CalendarOutOfRange(std::chrono::year_month_day day, int first_year, int last_year);

}  // namespace otklik::sla

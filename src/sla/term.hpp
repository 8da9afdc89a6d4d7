#pragma once

#include "core/result.hpp"
#include "core/time.hpp"
#include "sla/business_calendar.hpp"

namespace otklik::sla {

/// A term from a regulation: "1 business day" (004, table 2), "30 calendar days"
/// (000 §4.1.4), "24 hours" (000 §5.5), "4 business hours".
struct Term {
    enum class Unit { kBusinessHours, kBusinessDays, kCalendarDays, kHours };
    double amount = 0;
    Unit unit = Unit::kBusinessDays;
};

/// Which clock a term's time runs on.
enum class TermClock {
    kWorkingTime,     ///< the working time of the appeal's BusinessCalendar
    kAroundTheClock,  ///< every moment counts (24×7)
};

/// What a term consumes: `amount` of time measured on `clock`. Because every term becomes an
/// amount of one measurable kind of time, SLA arithmetic stays uniform: time already worked can
/// be measured between events and subtracted from it.
struct TermBudget {
    core::Duration amount{};
    TermClock clock = TermClock::kWorkingTime;
};

/// Converts a term for `calendar`: business hours → that many hours of working time; business
/// days → amount × calendar.DayNorm() of working time (so "1 business day" from 15:00 on a 9–18
/// day with an hour's lunch ends at 15:00 on the next working day); calendar days → amount × 24h
/// and plain hours → amount × 1h, both around the clock. Rounded to the millisecond. Error
/// "bad_request" for a negative, non-finite or absurdly long (over 100 years) amount.
[[nodiscard]] core::Result<TermBudget> ToBudget(const Term& term, const BusinessCalendar& calendar);

/// A budget's length for comparing terms of different units ("is the new term longer?", SLA-3):
/// around-the-clock time as is, working time scaled so that one DayNorm() counts as 24 hours.
/// Terms of one unit compare by amount.
[[nodiscard]] core::Duration NominalLength(const TermBudget& budget,
                                           const BusinessCalendar& calendar);

}  // namespace otklik::sla

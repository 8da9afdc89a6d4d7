#include "sla/term.hpp"

#include <cmath>

namespace otklik::sla {

namespace {

using core::Duration;

constexpr double kMillisPerHour = 3'600'000.0;
constexpr double kMaxHours = 100.0 * 366 * 24;

}  // namespace

core::Result<TermBudget> ToBudget(const Term& term, const BusinessCalendar& calendar) {
    double hours = 0;
    TermClock clock = TermClock::kWorkingTime;
    switch (term.unit) {
        case Term::Unit::kBusinessHours:
            hours = term.amount;
            break;
        case Term::Unit::kBusinessDays:
            hours = term.amount *
                    std::chrono::duration<double, std::ratio<3600>>(calendar.DayNorm()).count();
            break;
        case Term::Unit::kCalendarDays:
            hours = term.amount * 24;
            clock = TermClock::kAroundTheClock;
            break;
        case Term::Unit::kHours:
            hours = term.amount;
            clock = TermClock::kAroundTheClock;
            break;
    }
    if (!std::isfinite(hours) || hours < 0 || hours > kMaxHours) {
        return core::Fail(core::Error::BadRequest("Недопустимый срок"));
    }
    return TermBudget{Duration{std::llround(hours * kMillisPerHour)}, clock};
}

Duration NominalLength(const TermBudget& budget, const BusinessCalendar& calendar) {
    if (budget.clock == TermClock::kAroundTheClock) return budget.amount;
    const double scale = kMillisPerHour * 24 / static_cast<double>(calendar.DayNorm().count());
    return Duration{std::llround(static_cast<double>(budget.amount.count()) * scale)};
}

}  // namespace otklik::sla

#include "sla/business_calendar.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace otklik::sla {

namespace {

using core::Duration;
using core::Instant;

constexpr date::days kOneDay{1};

std::chrono::year_month_day ToYearMonthDay(date::local_days day) {
    return std::chrono::year_month_day{
        std::chrono::sys_days{std::chrono::days{day.time_since_epoch().count()}}};
}

core::Error BadRequest(std::string message) { return core::Error::BadRequest(std::move(message)); }

}  // namespace

BusinessCalendar::BusinessCalendar(std::shared_ptr<const ProductionCalendar> calendar,
                                   WorkSchedule schedule)
    : calendar_(std::move(calendar)), schedule_(std::move(schedule)) {
    assert(schedule_.IsAroundTheClock() || calendar_ != nullptr);
}

const BusinessCalendar& BusinessCalendar::AroundTheClockUtc() {
    static const BusinessCalendar kCalendar(nullptr, *WorkSchedule::AroundTheClock("UTC"));
    return kCalendar;
}

date::local_days BusinessCalendar::LocalDay(Instant instant) const {
    return date::floor<date::days>(schedule_.ToLocal(instant));
}

core::Result<BusinessCalendar::DayWindows> BusinessCalendar::WindowsOf(date::local_days day) const {
    const auto kind = calendar_->KindOf(ToYearMonthDay(day));
    if (!kind) return core::Fail(kind.error());
    DayWindows windows;
    if (*kind == DayKind::kDayOff) return windows;
    for (const WorkSchedule::Span& span : schedule_.Spans(*kind == DayKind::kShortened)) {
        const Instant begin = schedule_.ToInstant(day + span.begin);
        const Instant end = schedule_.ToInstant(day + span.end);
        // A clock change inside working hours could fold a span to nothing; Russia has had none
        // since 2014, but the zone is configurable.
        if (begin < end) windows.items[windows.size++] = Window{begin, end};
    }
    return windows;
}

core::Result<Instant> BusinessCalendar::AddWorkingTime(Instant start, Duration work) const {
    if (work < Duration::zero()) return core::Fail(BadRequest("Отрицательная длительность"));
    if (schedule_.IsAroundTheClock()) return start + work;
    for (date::local_days day = LocalDay(start);; day += kOneDay) {
        const auto windows = WindowsOf(day);
        if (!windows) return core::Fail(windows.error());
        for (const Window& window : *windows) {
            if (window.end <= start) continue;
            const Instant from = std::max(window.begin, start);
            const Duration available = window.end - from;
            if (work <= available) return from + work;
            work -= available;
        }
    }
}

core::Result<Instant> BusinessCalendar::NextWorkingMoment(Instant instant) const {
    return AddWorkingTime(instant, Duration::zero());
}

core::Result<bool> BusinessCalendar::IsWorkingTime(Instant instant) const {
    if (schedule_.IsAroundTheClock()) return true;
    const auto windows = WindowsOf(LocalDay(instant));
    if (!windows) return core::Fail(windows.error());
    return std::any_of(windows->begin(), windows->end(), [instant](const Window& window) {
        return window.begin <= instant && instant < window.end;
    });
}

core::Result<Duration> BusinessCalendar::WorkingTimeBetween(Instant a, Instant b) const {
    if (b < a) {
        auto reverse = WorkingTimeBetween(b, a);
        if (!reverse) return reverse;
        return -*reverse;
    }
    if (schedule_.IsAroundTheClock()) return b - a;
    Duration total{};
    const date::local_days last = LocalDay(b);
    for (date::local_days day = LocalDay(a); day <= last; day += kOneDay) {
        const auto windows = WindowsOf(day);
        if (!windows) return core::Fail(windows.error());
        for (const Window& window : *windows) {
            const Instant from = std::max(window.begin, a);
            const Instant to = std::min(window.end, b);
            if (from < to) total += to - from;
        }
    }
    return total;
}

Instant BusinessCalendar::AddCalendarDays(Instant start, int days) const {
    return schedule_.ToInstant(schedule_.ToLocal(start) + date::days{days});
}

core::Result<Instant> BusinessCalendar::AddBusinessDaysEndOfDay(Instant start, int n) const {
    if (n < 0) return core::Fail(BadRequest("Отрицательное число рабочих дней"));
    const date::local_days start_day = LocalDay(start);
    if (schedule_.IsAroundTheClock()) {
        return schedule_.ToInstant(date::local_time<Duration>{start_day + date::days{n + 1}});
    }
    // n = 0 looks at the start's own day; otherwise counting begins the next day.
    int left = std::max(n, 1);
    for (date::local_days day = start_day + date::days{n > 0 ? 1 : 0};; day += kOneDay) {
        const auto windows = WindowsOf(day);
        if (!windows) return core::Fail(windows.error());
        if (!windows->empty() && --left == 0) return windows->items[windows->size - 1].end;
    }
}

}  // namespace otklik::sla

#pragma once

#include <array>
#include <cstddef>
#include <memory>

#include <date/tz.h>

#include "core/result.hpp"
#include "core/time.hpp"
#include "sla/production_calendar.hpp"
#include "sla/work_schedule.hpp"

namespace otklik::sla {

/// Business-time arithmetic: a production calendar plus a work schedule in a time zone.
/// "Working time" is the union of the schedule's spans on the calendar's working days (all time,
/// when the schedule is around the clock). Intervals are half-open: the end of a span (18:00) is
/// not working time, but a positive amount of work may end exactly there.
///
/// Cost is per local day touched (a few time-zone conversions each), never per minute. Any day
/// the calculation needs outside the calendar's years gives error "calendar_out_of_range";
/// around-the-clock schedules need no calendar and have no such limit. Cheap to copy (the
/// calendar is shared); immutable, so safe to use from several threads.
class BusinessCalendar {
public:
    /// `calendar` may be null only when `schedule` is around the clock.
    BusinessCalendar(std::shared_ptr<const ProductionCalendar> calendar, WorkSchedule schedule);

    /// 24×7 in UTC: every moment is working time. The clock for calendar days and plain hours.
    [[nodiscard]] static const BusinessCalendar& AroundTheClockUtc();

    [[nodiscard]] const WorkSchedule& Schedule() const { return schedule_; }

    /// Length of a normal working day (e.g. 8h for 9:00–18:00 with an hour's lunch; 24h around
    /// the clock). A business day of a term is worth this much working time.
    [[nodiscard]] core::Duration DayNorm() const { return schedule_.DayNorm(); }

    /// The instant at which `work` of working time has elapsed since `start`. A start outside
    /// working time counts from the next working moment. For positive `work` the result is inside
    /// working time or at the end of a working span (never in a break, night or day off); zero
    /// `work` gives NextWorkingMoment(start). Negative `work`: error "bad_request".
    [[nodiscard]] core::Result<core::Instant> AddWorkingTime(core::Instant start,
                                                             core::Duration work) const;

    /// Working time inside [a, b); negative (-(working time in [b, a))) when b < a.
    [[nodiscard]] core::Result<core::Duration> WorkingTimeBetween(core::Instant a,
                                                                  core::Instant b) const;

    /// `instant` itself when it is working time, else the start of the next working span.
    [[nodiscard]] core::Result<core::Instant> NextWorkingMoment(core::Instant instant) const;

    [[nodiscard]] core::Result<bool> IsWorkingTime(core::Instant instant) const;

    /// The same local clock time `days` local days later (earlier when negative), in the
    /// schedule's zone. Pure calendar arithmetic: the production calendar is not consulted.
    [[nodiscard]] core::Instant AddCalendarDays(core::Instant start, int days) const;

    /// For legal terms counted in days: the end of working time on the `n`-th working day after
    /// the local day of `start` (the day of the event itself does not count, as in ГК РФ ст. 191).
    /// `n` = 0 gives the end of the start's own day if it is a working day, else of the next
    /// working day. A shortened day ends an hour early; around the clock a day ends at the next
    /// local midnight. Negative `n`: error "bad_request".
    [[nodiscard]] core::Result<core::Instant> AddBusinessDaysEndOfDay(core::Instant start,
                                                                      int n) const;

private:
    // A working span of one local day, in UTC.
    struct Window {
        core::Instant begin;
        core::Instant end;
    };
    // The working windows of one local day, in order; empty on a day off.
    struct DayWindows {
        std::array<Window, WorkSchedule::kMaxSpans> items{};
        std::size_t size = 0;
        [[nodiscard]] const Window* begin() const { return items.data(); }
        [[nodiscard]] const Window* end() const { return items.data() + size; }
        [[nodiscard]] bool empty() const { return size == 0; }
    };

    [[nodiscard]] date::local_days LocalDay(core::Instant instant) const;
    [[nodiscard]] core::Result<DayWindows> WindowsOf(date::local_days day) const;

    std::shared_ptr<const ProductionCalendar> calendar_;
    WorkSchedule schedule_;
};

}  // namespace otklik::sla

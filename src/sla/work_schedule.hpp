#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "core/result.hpp"
#include "core/time.hpp"

namespace otklik::sla {

/// Working hours of a normal day, as offsets from local midnight: e.g. 9h–18h with a lunch break
/// 13h–14h (an 8-hour day).
struct WorkingHours {
    /// A break inside the working day, [begin, end).
    struct Break {
        core::Duration begin{};
        core::Duration end{};
    };
    core::Duration begin{};      ///< start of work, 0 ≤ begin < end
    core::Duration end{};        ///< end of work, ≤ 24h
    std::optional<Break> lunch;  ///< strictly inside (begin, end) when present
};

/// When work happens in a local day and in which IANA time zone: either around the clock (24×7,
/// holidays included: 004, table 4, item 4) or working hours on the production calendar's
/// working days (8×5: 004, table 4, item 5). A pre-holiday (shortened) day loses its last hour of
/// work (ТК РФ ст. 95). Immutable; safe to share between threads.
class WorkSchedule {
public:
    /// A working span of a local day, [begin, end) as offsets from local midnight.
    struct Span {
        core::Duration begin{};
        core::Duration end{};
    };
    /// A day has at most this many spans (a lunch break splits it in two).
    static constexpr std::size_t kMaxSpans = 2;
    /// How much shorter a pre-holiday working day is (ТК РФ ст. 95).
    static constexpr core::Duration kShortenedBy = std::chrono::hours{1};

    /// Every moment is working time. `time_zone` only decides where local days begin (for
    /// end-of-day and calendar-day arithmetic). Error "unknown_time_zone" for an unknown zone.
    [[nodiscard]] static core::Result<WorkSchedule> AroundTheClock(
        std::string_view time_zone = "UTC");

    /// Working `hours` on working days in `time_zone` (e.g. "Europe/Moscow"). Errors:
    /// "unknown_time_zone"; "schedule_invalid" when the hours are out of order, outside the day,
    /// or the day is not longer than kShortenedBy.
    [[nodiscard]] static core::Result<WorkSchedule> Hours(std::string_view time_zone,
                                                          WorkingHours hours);

    [[nodiscard]] bool IsAroundTheClock() const { return around_the_clock_; }
    /// The IANA name given at construction, e.g. "Asia/Vladivostok".
    [[nodiscard]] const std::string& TimeZoneName() const { return time_zone_name_; }

    /// Working time of a normal (not shortened) working day: 24h around the clock.
    [[nodiscard]] core::Duration DayNorm() const { return day_norm_; }

    /// The working spans of a working day in local time, in order; empty around the clock.
    [[nodiscard]] std::span<const Span> Spans(bool shortened) const {
        return shortened ? std::span<const Span>(shortened_spans_)
                         : std::span<const Span>(normal_spans_);
    }

    /// Local time in this schedule's zone.
    [[nodiscard]] date::local_time<core::Duration> ToLocal(core::Instant instant) const;
    /// The instant of a local time; an ambiguous local time (clocks turned back) takes the earlier
    /// instant, a skipped one (clocks turned forward) the moment of the transition.
    [[nodiscard]] core::Instant ToInstant(date::local_time<core::Duration> local) const;

private:
    WorkSchedule() = default;

    bool around_the_clock_ = false;
    std::string time_zone_name_;
    const date::time_zone* zone_ = nullptr;  // nullptr: UTC; zones live as long as the program
    core::Duration day_norm_{};
    std::vector<Span> normal_spans_;
    std::vector<Span> shortened_spans_;
};

}  // namespace otklik::sla

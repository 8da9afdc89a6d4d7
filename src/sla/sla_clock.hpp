#pragma once

#include <optional>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "sla/business_calendar.hpp"
#include "sla/term.hpp"

namespace otklik::sla {

/// One fact from an appeal's history that matters to one of its SLA clocks (first response,
/// resolution...). The clock's state is always recomputed from the whole list (ARCHITECTURE.md:
/// never a running counter), so a corrected or late event gives an exact result.
struct ClockEvent {
    enum class Kind {
        kStart,       ///< registration: the clock starts with `term`
        kPause,       ///< a pause reason begins (004, table 5); paused time does not count
        kResume,      ///< work resumes
        kChangeTerm,  ///< the priority or category changed to `term` (SLA-3)
        kStop,        ///< resolved: the clock stops
        kReopen,      ///< reopened: the clock continues with the time already worked
    };
    Kind kind = Kind::kStart;
    core::Instant at{};
    Term term{};  ///< for kStart and kChangeTerm only

    static ClockEvent Start(core::Instant at, Term term) { return {Kind::kStart, at, term}; }
    static ClockEvent Pause(core::Instant at) { return {Kind::kPause, at, {}}; }
    static ClockEvent Resume(core::Instant at) { return {Kind::kResume, at, {}}; }
    static ClockEvent ChangeTerm(core::Instant at, Term term) {
        return {Kind::kChangeTerm, at, term};
    }
    static ClockEvent Stop(core::Instant at) { return {Kind::kStop, at, {}}; }
    static ClockEvent Reopen(core::Instant at) { return {Kind::kReopen, at, {}}; }
};

/// Settings of a clock; every field has a default.
struct ClockOptions {
    /// Share of the term after which the appeal escalates to the next line, before the deadline
    /// is missed (RT-5; 004: "при достижении определенного уровня срока"). In (0, 1].
    double escalation_share = 0.75;
};

/// A clock's state at one instant. Durations are measured on the current term's clock
/// (TermBudget::clock): working time for business hours and days, all time for calendar days and
/// plain hours.
struct ClockState {
    Term term{};                     ///< the current term
    TermBudget budget{};             ///< what the current term consumes
    core::Instant counting_since{};  ///< the start, or the last raise of priority (restart)
    bool paused = false;             ///< in a pause: `due` is unknown, `remaining` is frozen
    bool stopped = false;            ///< resolved: `due` is unknown, `remaining` is frozen
    /// The deadline while the clock runs (may lie in the past when breached); nullopt while
    /// paused or stopped, when only `remaining` is meaningful.
    std::optional<core::Instant> due;
    core::Duration worked{};     ///< counted time since `counting_since`
    core::Duration remaining{};  ///< budget − worked; negative when overdue
    /// True once `now` is past the instant the budget ran out (a deadline is met at `due` itself).
    /// Judged against the current term only: lowering the priority may give more time, raising
    /// it restarts the clock.
    bool breached = false;
    std::optional<core::Instant> breached_at;  ///< the moment the budget ran out, when breached
    /// When `escalation_share` of the budget is (or was) used up; nullopt while paused or stopped
    /// before that point.
    std::optional<core::Instant> escalate_at;
    bool escalated = false;  ///< escalate_at has been reached (at or before `now`)
};

/// Replays `events` (in non-decreasing time order; events after `now` are ignored) and returns
/// the clock's state at `now`. Rules:
/// - Time counts only while running: from kStart, from kResume after kPause, from kReopen after
///   kStop (SLA-4; 004, table 5: "Время приостановки не включается в общее время решения").
///   A pause while paused, a resume while running, and so on, change nothing.
/// - kChangeTerm to a term whose NominalLength() is shorter raises the priority: the clock
///   starts again from that moment with the full new term (004: "отсчет времени ... начинается
///   заново с момента повышения приоритета"). An equal or longer term lowers it: the new deadline
///   is the new term minus the time already worked (004: "вычитается время, в течение которого
///   заявка находилась в работе"), re-measured on the new term's clock.
/// Errors: "clock_not_started" when the first event is not kStart, "clock_already_started" for a
/// second kStart, "clock_events_unordered", a bad term or escalation share ("bad_request"), and
/// "calendar_out_of_range" when the deadline or the counted time needs days the production
/// calendar does not cover.
[[nodiscard]] core::Result<ClockState> ComputeClock(const std::vector<ClockEvent>& events,
                                                    const BusinessCalendar& calendar,
                                                    core::Instant now,
                                                    const ClockOptions& options = {});

}  // namespace otklik::sla

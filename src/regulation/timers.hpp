#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/appeal.hpp"
#include "core/workflow.hpp"
#include "regulation/regulation.hpp"
#include "sla/business_calendar.hpp"
#include "sla/sla_clock.hpp"

namespace otklik::regulation {

/// The appeal's SLA clocks and timers by its regulation (SLA-3…SLA-6, RT-5, LC-2, LC-5): clocks
/// are kept as events on the appeal and recomputed from them (sla::ComputeClock); the timers
/// (escalation, breach, reminder, auto-close) say what the deadline watcher must do and when.
/// Pure functions of the regulation, the appeal and its business calendar.

/// One SLA clock of an appeal as the regulation sees it now.
struct ClockReport {
    std::string clock;
    std::string term;  ///< "5 business_days"
    sla::ClockState state;
};

/// A timer of an appeal: what the deadline watcher must do and when (SLA-6).
struct Timer {
    enum class Kind { kEscalate, kBreach, kRemind, kAutoClose };
    Kind kind = Kind::kBreach;
    core::Instant at{};
    std::string clock;                    ///< kEscalate, kBreach
    const AutoCloseRule* rule = nullptr;  ///< kRemind, kAutoClose
};

/// Adds the clock events that bring each clock in line with the appeal's state at `at`: start,
/// pause, resume, stop, reopen, and a change of term when priority or category changed it.
void SyncClocks(const Regulation& regulation, core::Appeal& appeal, core::Instant at);

/// The appeal's started clocks at `now`; a clock whose computation fails is left out.
std::vector<ClockReport> ComputeClocks(const Regulation& regulation, const core::Appeal& appeal,
                                       const sla::BusinessCalendar& calendar, core::Instant now);

/// The appeal's pending timers, earliest first.
std::vector<Timer> ComputeTimers(const Regulation& regulation, const core::Appeal& appeal,
                                 const sla::BusinessCalendar& calendar, core::Instant now);

/// Recomputes what is derived from the clocks: deadlines, the term and clock attributes, the
/// prompt to agree a term, the next timer (`next_event_at`) and the display names.
void RefreshDeadlines(const Regulation& regulation, core::Appeal& appeal,
                      const sla::BusinessCalendar& calendar, core::Instant now);

/// Performs the due `timer` on the appeal (escalates, marks a breach, reminds, closes) and
/// refreshes its deadlines; `calendar` is the appeal's.
core::ActionOutcome PerformTimer(const Regulation& regulation, const core::Appeal& appeal,
                                 const Timer& timer, const sla::BusinessCalendar& calendar,
                                 core::Instant now);

}  // namespace otklik::regulation

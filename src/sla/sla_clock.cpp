#include "sla/sla_clock.hpp"

#include <cmath>
#include <cstddef>

namespace otklik::sla {

namespace {

using core::Duration;
using core::Instant;

struct Interval {
    Instant begin;
    Instant end;
};

enum class Phase { kRunning, kPaused, kStopped };

// The part of the history that the current term counts: from the start or the last raise.
struct Segment {
    Term term{};
    TermBudget budget{};
    Instant since{};
    std::vector<Interval> counted;      // closed running intervals
    std::optional<Instant> open_since;  // set while running
};

const BusinessCalendar& ClockOf(const TermBudget& budget, const BusinessCalendar& calendar) {
    return budget.clock == TermClock::kWorkingTime ? calendar
                                                   : BusinessCalendar::AroundTheClockUtc();
}

void Close(Segment& segment, Instant at) {
    if (!segment.open_since) return;
    if (*segment.open_since < at) segment.counted.push_back({*segment.open_since, at});
    segment.open_since.reset();
}

core::Result<Duration> Worked(const Segment& segment, const BusinessCalendar& clock, Instant now) {
    Duration total{};
    for (const Interval& interval : segment.counted) {
        const auto part = clock.WorkingTimeBetween(interval.begin, interval.end);
        if (!part) return part;
        total += *part;
    }
    if (segment.open_since) {
        const auto part = clock.WorkingTimeBetween(*segment.open_since, now);
        if (!part) return part;
        total += *part;
    }
    return total;
}

// The instant at which the counted time reaches `target`: within a closed interval (in the
// past), or where the open interval will reach it (possibly in the future); nullopt when the clock
// does not run and has not reached it.
core::Result<std::optional<Instant>> Reach(const Segment& segment, const BusinessCalendar& clock,
                                           Duration target) {
    Duration counted{};
    for (const Interval& interval : segment.counted) {
        const auto part = clock.WorkingTimeBetween(interval.begin, interval.end);
        if (!part) return core::Fail(part.error());
        // Reached strictly inside: a budget used up exactly when a pause began is not yet missed;
        // it is missed as soon as any counted time follows.
        if (*part > target - counted) {
            auto at = clock.AddWorkingTime(interval.begin, target - counted);
            if (!at) return core::Fail(at.error());
            return std::optional<Instant>(*at);
        }
        counted += *part;
    }
    if (!segment.open_since) return std::optional<Instant>();
    auto at = clock.AddWorkingTime(*segment.open_since, target - counted);
    if (!at) return core::Fail(at.error());
    return std::optional<Instant>(*at);
}

core::Error EventsError(std::string code, std::string message) {
    return core::Error{core::ErrorKind::kUnprocessable, std::move(code), std::move(message), {}};
}

}  // namespace

core::Result<ClockState> ComputeClock(const std::vector<ClockEvent>& events,
                                      const BusinessCalendar& calendar, Instant now,
                                      const ClockOptions& options) {
    if (!std::isfinite(options.escalation_share) || options.escalation_share <= 0 ||
        options.escalation_share > 1) {
        return core::Fail(core::Error::BadRequest("Доля срока для эскалации вне (0, 1]"));
    }
    if (events.empty() || events.front().kind != ClockEvent::Kind::kStart) {
        return core::Fail(EventsError("clock_not_started", "Отсчёт срока не начат"));
    }
    Segment segment;
    Phase phase = Phase::kRunning;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const ClockEvent& event = events[i];
        if (i > 0 && event.at < events[i - 1].at) {
            return core::Fail(
                EventsError("clock_events_unordered", "События срока идут не по порядку"));
        }
        if (event.at > now) {
            if (i == 0) {
                return core::Fail(EventsError("clock_not_started", "Отсчёт срока ещё не начат"));
            }
            break;
        }
        switch (event.kind) {
            case ClockEvent::Kind::kStart: {
                if (i > 0) {
                    return core::Fail(
                        EventsError("clock_already_started", "Отсчёт срока начат дважды"));
                }
                auto budget = ToBudget(event.term, calendar);
                if (!budget) return core::Fail(budget.error());
                segment = Segment{event.term, *budget, event.at, {}, event.at};
                break;
            }
            case ClockEvent::Kind::kPause:
                if (phase == Phase::kRunning) {
                    Close(segment, event.at);
                    phase = Phase::kPaused;
                }
                break;
            case ClockEvent::Kind::kResume:
                if (phase == Phase::kPaused) {
                    segment.open_since = event.at;
                    phase = Phase::kRunning;
                }
                break;
            case ClockEvent::Kind::kStop:
                Close(segment, event.at);
                phase = Phase::kStopped;
                break;
            case ClockEvent::Kind::kReopen:
                if (phase == Phase::kStopped) {
                    segment.open_since = event.at;
                    phase = Phase::kRunning;
                }
                break;
            case ClockEvent::Kind::kChangeTerm: {
                auto budget = ToBudget(event.term, calendar);
                if (!budget) return core::Fail(budget.error());
                // 004: raising restarts the count with the full new term; lowering keeps the time
                // already worked, which Worked()/Reach() re-measure against the new budget.
                if (NominalLength(*budget, calendar) < NominalLength(segment.budget, calendar)) {
                    segment.counted.clear();
                    segment.since = event.at;
                    if (segment.open_since) segment.open_since = event.at;
                }
                segment.term = event.term;
                segment.budget = *budget;
                break;
            }
        }
    }

    const BusinessCalendar& clock = ClockOf(segment.budget, calendar);
    const auto worked = Worked(segment, clock, now);
    if (!worked) return core::Fail(worked.error());
    const auto due = Reach(segment, clock, segment.budget.amount);
    if (!due) return core::Fail(due.error());
    const Duration escalation_point{std::llround(
        options.escalation_share * static_cast<double>(segment.budget.amount.count()))};
    const auto escalate_at = Reach(segment, clock, escalation_point);
    if (!escalate_at) return core::Fail(escalate_at.error());

    ClockState state;
    state.term = segment.term;
    state.budget = segment.budget;
    state.counting_since = segment.since;
    state.paused = phase == Phase::kPaused;
    state.stopped = phase == Phase::kStopped;
    state.worked = *worked;
    state.remaining = segment.budget.amount - *worked;
    if (phase == Phase::kRunning) state.due = *due;
    // Not running, Reach() only finds instants inside closed intervals, all before `now`.
    if (*due && **due < now) state.breached_at = *due;
    state.breached = state.breached_at.has_value();
    state.escalate_at = *escalate_at;
    state.escalated = *escalate_at && **escalate_at <= now;
    return state;
}

}  // namespace otklik::sla

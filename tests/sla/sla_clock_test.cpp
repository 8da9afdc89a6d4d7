#include "sla/sla_clock.hpp"

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "sla_test_support.hpp"
#include <gtest/gtest.h>

namespace otklik::sla {
namespace {

using namespace std::chrono_literals;
using core::Duration;
using core::FormatInstant;
using core::Instant;
using testing::At;
using testing::Office;
using Ev = ClockEvent;

// 004, table 2: incidents P1 1, P2 2, P3 5 business days; consultations P2 5, P3 7.
const Term kP1{1, Term::Unit::kBusinessDays};
const Term kP3{5, Term::Unit::kBusinessDays};

// Week of Mon 22 Dec 2025 in Moscow, office hours 09–13, 14–18: all five days are working.
Instant Moscow(const char* local) { return At(std::string(local) + "+03:00"); }

ClockState Compute(const std::vector<ClockEvent>& events, const char* now,
                   ClockOptions options = {}) {
    const auto state = ComputeClock(events, Office("Europe/Moscow"), Moscow(now), options);
    if (!state) throw std::runtime_error(state.error().message);
    return *state;
}

std::string Text(const std::optional<Instant>& instant) {
    return instant ? FormatInstant(*instant) : "none";
}

TEST(SlaClock, RunsOnWorkingTimeAndEscalatesAtThreeQuarters) {
    const std::vector events{Ev::Start(Moscow("2025-12-22T10:00:00"), kP1)};
    const auto state = Compute(events, "2025-12-22T12:00:00");
    EXPECT_EQ(Text(state.due), Text(Moscow("2025-12-23T10:00:00")));
    EXPECT_EQ(state.worked, 2h);
    EXPECT_EQ(state.remaining, 6h);
    EXPECT_EQ(state.budget.amount, 8h);
    // 6 h of work: 10–13 and 14–17.
    EXPECT_EQ(Text(state.escalate_at), Text(Moscow("2025-12-22T17:00:00")));
    EXPECT_FALSE(state.escalated);
    EXPECT_FALSE(state.breached);
    EXPECT_FALSE(state.paused);

    EXPECT_TRUE(Compute(events, "2025-12-22T17:00:00").escalated);
}

TEST(SlaClock, EscalationShareIsConfigurable) {
    const std::vector events{Ev::Start(Moscow("2025-12-22T10:00:00"), kP1)};
    const auto state = Compute(events, "2025-12-22T10:00:00", ClockOptions{0.5});
    EXPECT_EQ(Text(state.escalate_at), Text(Moscow("2025-12-22T15:00:00")));
}

TEST(SlaClock, PausedTimeIsNotCounted) {
    const std::vector events{
        Ev::Start(Moscow("2025-12-22T10:00:00"), kP1),
        Ev::Pause(Moscow("2025-12-22T11:00:00")),
        Ev::Resume(Moscow("2025-12-23T11:00:00")),
    };
    const auto paused = Compute(events, "2025-12-22T15:00:00");
    EXPECT_TRUE(paused.paused);
    EXPECT_FALSE(paused.due.has_value());
    EXPECT_EQ(paused.worked, 1h);
    EXPECT_EQ(paused.remaining, 7h);
    EXPECT_FALSE(paused.escalate_at.has_value());

    const auto resumed = Compute(events, "2025-12-23T12:00:00");
    EXPECT_FALSE(resumed.paused);
    EXPECT_EQ(resumed.worked, 2h);
    // 7 h left from Tue 11:00: 11–13, 14–18, then Wed 9–10.
    EXPECT_EQ(Text(resumed.due), Text(Moscow("2025-12-24T10:00:00")));
    EXPECT_EQ(Text(resumed.escalate_at), Text(Moscow("2025-12-23T17:00:00")));
}

TEST(SlaClock, RepeatedPauseAndResumeChangeNothing) {
    const std::vector events{
        Ev::Start(Moscow("2025-12-22T10:00:00"), kP1), Ev::Pause(Moscow("2025-12-22T11:00:00")),
        Ev::Pause(Moscow("2025-12-22T12:00:00")),  // another pause reason
        Ev::Resume(Moscow("2025-12-23T11:00:00")),     Ev::Resume(Moscow("2025-12-23T11:30:00")),
    };
    EXPECT_EQ(Text(Compute(events, "2025-12-23T12:00:00").due),
              Text(Moscow("2025-12-24T10:00:00")));
}

TEST(SlaClock, LoweringPriorityKeepsWorkedTime) {
    // 004: on lowering, the time already worked is subtracted from the new term.
    const std::vector events{
        Ev::Start(Moscow("2025-12-22T10:00:00"), kP1),
        Ev::ChangeTerm(Moscow("2025-12-22T15:00:00"), kP3),
    };
    const auto state = Compute(events, "2025-12-22T16:00:00");
    EXPECT_EQ(state.worked, 5h);
    EXPECT_EQ(state.remaining, 35h);
    EXPECT_EQ(state.counting_since, Moscow("2025-12-22T10:00:00"));
    // 40 h from Mon 10:00 — as if P3 from the start.
    EXPECT_EQ(Text(state.due), Text(Moscow("2025-12-29T10:00:00")));
    EXPECT_EQ(Text(state.escalate_at), Text(Moscow("2025-12-25T17:00:00")));
}

TEST(SlaClock, RaisingPriorityRestartsTheClock) {
    // 004: on raising, counting starts again from the moment of raising.
    const std::vector events{
        Ev::Start(Moscow("2025-12-22T10:00:00"), kP3),
        Ev::ChangeTerm(Moscow("2025-12-23T12:00:00"), kP1),
    };
    const auto state = Compute(events, "2025-12-23T15:00:00");
    EXPECT_EQ(state.counting_since, Moscow("2025-12-23T12:00:00"));
    EXPECT_EQ(state.worked, 2h);
    EXPECT_EQ(state.remaining, 6h);
    EXPECT_EQ(Text(state.due), Text(Moscow("2025-12-24T12:00:00")));
}

TEST(SlaClock, RaisingToPlainHoursRestartsOnAroundTheClockTime) {
    const std::vector events{
        Ev::Start(Moscow("2025-12-22T10:00:00"), kP3),
        Ev::ChangeTerm(Moscow("2025-12-22T12:00:00"), Term{4, Term::Unit::kHours}),
    };
    const auto state = Compute(events, "2025-12-22T13:30:00");
    EXPECT_EQ(state.budget.clock, TermClock::kAroundTheClock);
    EXPECT_EQ(state.worked, 1h + 30min);  // lunch counts on a 24×7 clock
    EXPECT_EQ(Text(state.due), Text(Moscow("2025-12-22T16:00:00")));
}

TEST(SlaClock, BreachIsReportedWithItsMoment) {
    const std::vector events{Ev::Start(Moscow("2025-12-22T10:00:00"), kP1)};
    const auto at_due = Compute(events, "2025-12-23T10:00:00");
    EXPECT_FALSE(at_due.breached);  // met exactly at the deadline
    EXPECT_EQ(at_due.remaining, 0h);

    const auto state = Compute(events, "2025-12-23T10:30:00");
    EXPECT_TRUE(state.breached);
    EXPECT_EQ(Text(state.breached_at), Text(Moscow("2025-12-23T10:00:00")));
    EXPECT_EQ(Text(state.due), Text(Moscow("2025-12-23T10:00:00")));
    EXPECT_EQ(state.remaining, -30min);
    EXPECT_EQ(state.worked, 8h + 30min);
}

TEST(SlaClock, DeadlineAtEndOfDayIsBreachedOnceItPasses) {
    // Due at 18:00; at 18:30 no more working time has passed, but the deadline is behind us.
    const std::vector events{
        Ev::Start(Moscow("2025-12-22T10:00:00"), Term{7, Term::Unit::kBusinessHours})};
    const auto state = Compute(events, "2025-12-22T18:30:00");
    EXPECT_EQ(Text(state.due), Text(Moscow("2025-12-22T18:00:00")));
    EXPECT_EQ(state.remaining, 0h);
    EXPECT_TRUE(state.breached);
}

TEST(SlaClock, BreachSurvivesAPause) {
    const std::vector events{
        Ev::Start(Moscow("2025-12-22T10:00:00"), kP1),
        Ev::Pause(Moscow("2025-12-23T11:00:00")),
    };
    const auto state = Compute(events, "2025-12-24T12:00:00");
    EXPECT_TRUE(state.paused);
    EXPECT_FALSE(state.due.has_value());
    EXPECT_TRUE(state.breached);
    EXPECT_EQ(Text(state.breached_at), Text(Moscow("2025-12-23T10:00:00")));
    EXPECT_EQ(state.remaining, -1h);
    EXPECT_TRUE(state.escalated);
    EXPECT_EQ(Text(state.escalate_at), Text(Moscow("2025-12-22T17:00:00")));
}

TEST(SlaClock, BudgetUsedUpExactlyAtPauseIsMissedOnlyAfterResume) {
    const std::vector events{
        Ev::Start(Moscow("2025-12-22T10:00:00"), kP1),
        Ev::Pause(Moscow("2025-12-23T10:00:00")),
        Ev::Resume(Moscow("2025-12-24T08:00:00")),
    };
    EXPECT_FALSE(Compute(events, "2025-12-23T15:00:00").breached);
    const auto resumed = Compute(events, "2025-12-24T08:30:00");
    EXPECT_EQ(Text(resumed.due), Text(Moscow("2025-12-24T09:00:00")));
    EXPECT_FALSE(resumed.breached);
    EXPECT_TRUE(Compute(events, "2025-12-24T09:00:01").breached);
}

TEST(SlaClock, LoweringAfterABreachGivesTheNewDeadline) {
    const std::vector events{
        Ev::Start(Moscow("2025-12-22T10:00:00"), kP1),
        Ev::ChangeTerm(Moscow("2025-12-23T11:00:00"), kP3),
    };
    const auto state = Compute(events, "2025-12-23T11:30:00");
    EXPECT_FALSE(state.breached);
    EXPECT_EQ(state.worked, 9h + 30min);
    EXPECT_EQ(Text(state.due), Text(Moscow("2025-12-29T10:00:00")));
}

TEST(SlaClock, LoweringToAnotherUnitReMeasuresWorkedTime) {
    // 1 business day (nominal 24 h) → 48 plain hours (nominal 48 h) is a lowering; the time since
    // Friday 10:00 is then measured around the clock: 72 h, so the new term ran out on Sunday.
    const std::vector events{
        Ev::Start(Moscow("2025-12-26T10:00:00"), kP1),
        Ev::ChangeTerm(Moscow("2025-12-29T10:00:00"), Term{48, Term::Unit::kHours}),
    };
    const auto state = Compute(events, "2025-12-29T10:00:00");
    EXPECT_EQ(state.budget.clock, TermClock::kAroundTheClock);
    EXPECT_EQ(state.worked, 72h);
    EXPECT_EQ(state.remaining, -24h);
    EXPECT_TRUE(state.breached);
    EXPECT_EQ(Text(state.breached_at), Text(Moscow("2025-12-28T10:00:00")));
}

TEST(SlaClock, StopFreezesAndReopenContinues) {
    const std::vector stopped{
        Ev::Start(Moscow("2025-12-22T10:00:00"), kP1),
        Ev::Stop(Moscow("2025-12-22T16:00:00")),
    };
    const auto state = Compute(stopped, "2025-12-24T12:00:00");
    EXPECT_TRUE(state.stopped);
    EXPECT_FALSE(state.breached);
    EXPECT_FALSE(state.due.has_value());
    EXPECT_EQ(state.worked, 5h);
    EXPECT_EQ(state.remaining, 3h);

    auto reopened = stopped;
    reopened.push_back(Ev::Reopen(Moscow("2025-12-23T09:30:00")));
    const auto again = Compute(reopened, "2025-12-23T10:00:00");
    EXPECT_FALSE(again.stopped);
    EXPECT_EQ(again.worked, 5h + 30min);
    EXPECT_EQ(Text(again.due), Text(Moscow("2025-12-23T12:30:00")));
}

TEST(SlaClock, CalendarDaysRunAroundTheClockAndStillPause) {
    // 000 §4.1.4: 30 calendar days; one day in a pause moves the deadline by one day.
    const std::vector events{
        Ev::Start(Moscow("2025-12-01T10:00:00"), Term{30, Term::Unit::kCalendarDays}),
        Ev::Pause(Moscow("2025-12-10T10:00:00")),
        Ev::Resume(Moscow("2025-12-11T10:00:00")),
    };
    const auto state = Compute(events, "2025-12-20T10:00:00");
    EXPECT_EQ(Text(state.due), Text(Moscow("2026-01-01T10:00:00")));
    EXPECT_EQ(state.worked, 18 * 24h);
}

TEST(SlaClock, IgnoresEventsAfterNow) {
    const std::vector events{
        Ev::Start(Moscow("2025-12-22T10:00:00"), kP1),
        Ev::Pause(Moscow("2025-12-22T11:00:00")),
    };
    const auto state = Compute(events, "2025-12-22T10:30:00");
    EXPECT_FALSE(state.paused);
    EXPECT_EQ(state.worked, 30min);
}

TEST(SlaClock, RefusesBrokenHistories) {
    const auto calendar = Office("Europe/Moscow");
    const Instant now = Moscow("2025-12-24T10:00:00");
    const Instant t = Moscow("2025-12-22T10:00:00");
    const struct {
        std::vector<ClockEvent> events;
        const char* code;
    } cases[] = {
        {{}, "clock_not_started"},
        {{Ev::Pause(t)}, "clock_not_started"},
        {{Ev::Start(now + 1h, kP1)}, "clock_not_started"},
        {{Ev::Start(t, kP1), Ev::Start(t + 1h, kP1)}, "clock_already_started"},
        {{Ev::Start(t, kP1), Ev::Pause(t + 2h), Ev::Resume(t + 1h)}, "clock_events_unordered"},
        {{Ev::Start(t, Term{-1, Term::Unit::kBusinessDays})}, "bad_request"},
    };
    for (const auto& c : cases) {
        const auto state = ComputeClock(c.events, calendar, now);
        ASSERT_FALSE(state.has_value()) << c.code;
        EXPECT_EQ(state.error().code, c.code);
    }
    for (const double share : {0.0, 1.5, std::nan("")}) {
        EXPECT_FALSE(ComputeClock({Ev::Start(t, kP1)}, calendar, now, ClockOptions{share}));
    }
}

TEST(SlaClock, DeadlineBeyondTheCalendarIsAnError) {
    const std::vector events{Ev::Start(Moscow("2027-12-29T10:00:00"), kP3)};
    const auto state = ComputeClock(events, Office("Europe/Moscow"), Moscow("2027-12-29T11:00:00"));
    ASSERT_FALSE(state.has_value());
    EXPECT_EQ(state.error().code, "calendar_out_of_range");
}

// Random histories: the invariants that make the clock trustworthy.
TEST(SlaClockProperty, RandomHistoriesKeepTheInvariants) {
    const auto calendar = Office("Asia/Vladivostok");
    const Term terms[] = {kP1,
                          Term{2, Term::Unit::kBusinessDays},
                          kP3,
                          Term{7, Term::Unit::kBusinessDays},
                          Term{24, Term::Unit::kHours},
                          Term{4, Term::Unit::kBusinessHours}};
    std::mt19937_64 engine(42);
    const auto below = [&](std::int64_t bound) {
        return static_cast<std::int64_t>(engine() % static_cast<std::uint64_t>(bound));
    };
    int paused = 0;
    int stopped = 0;
    int breached = 0;
    int restarted = 0;
    for (int i = 0; i < 400; ++i) {
        Instant t = At("2024-01-01T00:00:00Z") + std::chrono::minutes{below(700'000)};
        std::vector<ClockEvent> events{Ev::Start(t, terms[static_cast<std::size_t>(below(6))])};
        const auto count = below(8);
        for (std::int64_t k = 0; k < count; ++k) {
            t += std::chrono::minutes{below(3 * 24 * 60)};
            switch (below(6)) {
                case 0:
                    events.push_back(Ev::Pause(t));
                    break;
                case 1:
                    events.push_back(Ev::Resume(t));
                    break;
                case 2:
                    events.push_back(Ev::ChangeTerm(t, terms[static_cast<std::size_t>(below(6))]));
                    break;
                case 3:
                    events.push_back(Ev::Stop(t));
                    break;
                case 4:
                    events.push_back(Ev::Reopen(t));
                    break;
                default:
                    break;
            }
        }
        const Instant now = t + std::chrono::minutes{below(5 * 24 * 60)};
        const auto state = ComputeClock(events, calendar, now);
        ASSERT_TRUE(state.has_value()) << state.error().message;
        const std::string what = "history " + std::to_string(i);
        paused += state->paused ? 1 : 0;
        stopped += state->stopped ? 1 : 0;
        breached += state->breached ? 1 : 0;
        restarted += state->counting_since != events.front().at ? 1 : 0;
        EXPECT_EQ(state->worked + state->remaining, state->budget.amount) << what;
        EXPECT_EQ(state->due.has_value(), !state->paused && !state->stopped) << what;
        if (state->remaining < Duration::zero()) {
            EXPECT_TRUE(state->breached) << what;
        }
        if (state->breached) {
            EXPECT_LE(state->remaining, Duration::zero()) << what;
        }
        if (state->due && state->remaining > Duration::zero()) {
            const auto& clock = state->budget.clock == TermClock::kWorkingTime
                                    ? calendar
                                    : BusinessCalendar::AroundTheClockUtc();
            // What is left is exactly the counted time between now and the deadline.
            EXPECT_EQ(*clock.WorkingTimeBetween(now, *state->due), state->remaining) << what;
        }
        // Adding an event after `now` never changes the state at `now`.
        auto later = events;
        later.push_back(Ev::Pause(now + 1min));
        const auto same = ComputeClock(later, calendar, now);
        EXPECT_EQ(same->worked, state->worked) << what;
        EXPECT_EQ(Text(same->due), Text(state->due)) << what;
    }
    // The histories exercise every path.
    EXPECT_GT(paused, 20);
    EXPECT_GT(stopped, 20);
    EXPECT_GT(breached, 20);
    EXPECT_GT(restarted, 20);
}

}  // namespace
}  // namespace otklik::sla

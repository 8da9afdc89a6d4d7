#include "regulation/timers.hpp"

#include <algorithm>

#include "regulation/appeal_state.hpp"
#include "regulation/notices.hpp"

namespace otklik::regulation {
namespace {

using core::Appeal;
using core::Instant;
using core::Status;
using namespace std::chrono_literals;

enum class Phase { kNone, kRunning, kPaused, kStopped };

struct Replay {
    Phase phase = Phase::kNone;
    std::string term;
    std::vector<sla::ClockEvent> events;
    bool valid = true;
};

Replay ReplayClock(const Appeal& appeal, const std::string& clock) {
    Replay replay;
    for (const core::ClockEventRecord& record : appeal.clock_events) {
        if (record.clock != clock) continue;
        if (record.kind == "start" || record.kind == "change_term") {
            const auto term = ParseTerm(record.term);
            if (!term) {
                replay.valid = false;
                continue;
            }
            replay.term = record.term;
            if (record.kind == "start") {
                replay.events.push_back(sla::ClockEvent::Start(record.at, *term));
                replay.phase = Phase::kRunning;
            } else {
                replay.events.push_back(sla::ClockEvent::ChangeTerm(record.at, *term));
            }
        } else if (record.kind == "pause") {
            replay.events.push_back(sla::ClockEvent::Pause(record.at));
            if (replay.phase == Phase::kRunning) replay.phase = Phase::kPaused;
        } else if (record.kind == "resume") {
            replay.events.push_back(sla::ClockEvent::Resume(record.at));
            if (replay.phase == Phase::kPaused) replay.phase = Phase::kRunning;
        } else if (record.kind == "stop") {
            replay.events.push_back(sla::ClockEvent::Stop(record.at));
            if (replay.phase != Phase::kNone) replay.phase = Phase::kStopped;
        } else if (record.kind == "reopen") {
            replay.events.push_back(sla::ClockEvent::Reopen(record.at));
            if (replay.phase == Phase::kStopped) replay.phase = Phase::kRunning;
        } else {
            replay.valid = false;
        }
    }
    return replay;
}

// Where a clock should be given the appeal's state: the clock follows the status (SLA-4: pending
// for a reason that stops it pauses it; resolved, closed and refused stop it) and, for a clock
// bound to groups, the group (000 §5.5: tech support's 24 hours run while it has the appeal).
Phase DesiredPhase(const Regulation& r, const ClockSpec& clock, const Appeal& a) {
    if (a.status == Status::kResolved || core::IsFinal(a.status)) return Phase::kStopped;
    if (!clock.groups.empty() && !Contains(clock.groups, a.group)) return Phase::kStopped;
    if (a.status == Status::kPending) {
        const PendingReason* reason = r.FindPendingReason(a.pending_reason);
        if (!reason || reason->stops_clock) return Phase::kPaused;
    }
    return Phase::kRunning;
}

// The term the first matching row gives the clock; nullopt when no row matches or the row's
// term is by agreement and none has been agreed yet.
std::optional<std::string> TermFor(const Regulation& r, const std::string& clock, const Appeal& a) {
    for (const TermRule& rule : r.terms) {
        if (rule.clock != clock || !Matches(rule.when, r, a)) continue;
        if (rule.term.by_agreement) {
            const std::string agreed = Attr(a, "agreed_term." + clock);
            if (agreed.empty()) return std::nullopt;
            return agreed;
        }
        return FormatTerm(rule.term.term);
    }
    return std::nullopt;
}

// 004 table 2, P4 «по согласованию»: the clock's row is by agreement and no term is agreed yet.
bool AwaitsAgreement(const Regulation& r, const std::string& clock, const Appeal& a) {
    for (const TermRule& rule : r.terms) {
        if (rule.clock != clock || !Matches(rule.when, r, a)) continue;
        return rule.term.by_agreement && Attr(a, "agreed_term." + clock).empty();
    }
    return false;
}

// Clock events must stay in time order: a timer performed late never goes before the last one.
Instant EventTime(const Appeal& appeal, Instant at) {
    if (!appeal.clock_events.empty() && appeal.clock_events.back().at > at) {
        return appeal.clock_events.back().at;
    }
    return at;
}

core::Result<Instant> AddTerm(const sla::BusinessCalendar& calendar, Instant start,
                              const sla::Term& term) {
    const auto budget = sla::ToBudget(term, calendar);
    if (!budget) return core::Fail(budget.error());
    if (budget->clock == sla::TermClock::kWorkingTime) {
        return calendar.AddWorkingTime(start, budget->amount);
    }
    return start + budget->amount;
}

const AutoCloseRule* AutoCloseRuleFor(const Regulation& r, const Appeal& a) {
    for (const AutoCloseRule& rule : r.auto_close) {
        if (rule.status != a.status) continue;
        if (!rule.pending_reason.empty() && rule.pending_reason != a.pending_reason) continue;
        return &rule;
    }
    return nullptr;
}

}  // namespace

void SyncClocks(const Regulation& r, Appeal& appeal, Instant at) {
    const Instant t = EventTime(appeal, at);
    for (const ClockSpec& clock : r.clocks) {
        const Replay replay = ReplayClock(appeal, clock.code);
        if (!replay.valid) continue;
        const Phase desired = DesiredPhase(r, clock, appeal);
        const auto term = TermFor(r, clock.code, appeal);
        const auto add = [&](const char* kind, const std::string& term_text,
                             const std::string& reason) {
            appeal.clock_events.push_back({t, clock.code, kind, term_text, reason});
        };
        if (replay.phase == Phase::kNone) {
            if (desired == Phase::kStopped || !term) continue;
            add("start", *term, appeal.priority);
            if (desired == Phase::kPaused) add("pause", "", appeal.pending_reason);
            continue;
        }
        // SLA-3: a new priority or category changes the term; ComputeClock tells raising
        // (restart) from lowering (time already worked is kept).
        if (term && *term != replay.term) add("change_term", *term, appeal.priority);
        switch (replay.phase) {
            case Phase::kRunning:
                if (desired == Phase::kPaused) add("pause", "", appeal.pending_reason);
                if (desired == Phase::kStopped) add("stop", "", "");
                break;
            case Phase::kPaused:
                if (desired == Phase::kRunning) add("resume", "", "");
                if (desired == Phase::kStopped) add("stop", "", "");
                break;
            case Phase::kStopped:
                if (desired != Phase::kStopped) add("reopen", "", "");
                if (desired == Phase::kPaused) add("pause", "", appeal.pending_reason);
                break;
            case Phase::kNone:
                break;
        }
    }
}

std::vector<ClockReport> ComputeClocks(const Regulation& r, const Appeal& appeal,
                                       const sla::BusinessCalendar& calendar, Instant now) {
    std::vector<ClockReport> reports;
    for (const ClockSpec& clock : r.clocks) {
        const Replay replay = ReplayClock(appeal, clock.code);
        if (!replay.valid || replay.phase == Phase::kNone) continue;
        sla::ClockOptions options;
        if (clock.escalation_share > 0) options.escalation_share = clock.escalation_share;
        auto state = sla::ComputeClock(replay.events, calendar, now, options);
        if (!state) continue;
        reports.push_back({clock.code, replay.term, *state});
    }
    return reports;
}

std::vector<Timer> ComputeTimers(const Regulation& r, const Appeal& appeal,
                                 const sla::BusinessCalendar& calendar, Instant now) {
    std::vector<Timer> timers;
    if (core::IsFinal(appeal.status)) return timers;
    for (const ClockReport& report : ComputeClocks(r, appeal, calendar, now)) {
        const ClockSpec* clock = r.FindClock(report.clock);
        const sla::ClockState& state = report.state;
        if (!clock || state.stopped) continue;
        // One escalation per count (RT-5): a raised priority restarts the count and may escalate
        // again; a lowered one only moves the point.
        if (clock->escalation_share > 0 && state.escalate_at) {
            const auto done = InstantAttr(appeal, "escalated." + clock->code);
            if (!done || *done < state.counting_since) {
                timers.push_back(
                    {Timer::Kind::kEscalate, *state.escalate_at, clock->code, nullptr});
            }
        }
        // A deadline is met at `due` itself (docs/sla.md): the breach is the moment after.
        const auto deadline = state.breached_at ? state.breached_at : state.due;
        if (deadline) {
            const auto marked = InstantAttr(appeal, "breached." + clock->code);
            if (!marked || *marked < *deadline) {
                timers.push_back({Timer::Kind::kBreach, *deadline + 1ms, clock->code, nullptr});
            }
        }
    }
    // No reminder or closure runs while a notice waits for staff to deliver it (NT-3).
    const AutoCloseRule* rule =
        Attr(appeal, "awaiting_delivery").empty() ? AutoCloseRuleFor(r, appeal) : nullptr;
    if (rule) {
        const Instant since = InstantAttr(appeal, "state_since").value_or(appeal.updated_at);
        const auto done = static_cast<std::size_t>(IntAttr(appeal, "reminders_done"));
        if (done < rule->reminders.size()) {
            if (const auto at = AddTerm(calendar, since, rule->reminders[done])) {
                timers.push_back({Timer::Kind::kRemind, *at, "", rule});
            }
        } else if (IntAttr(appeal, "reminders_sent") >= rule->min_reminders) {
            if (const auto at = AddTerm(calendar, since, rule->after)) {
                timers.push_back({Timer::Kind::kAutoClose, *at, "", rule});
            }
        }
    }
    std::stable_sort(timers.begin(), timers.end(),
                     [](const Timer& a, const Timer& b) { return a.at < b.at; });
    return timers;
}

void RefreshDeadlines(const Regulation& r, Appeal& appeal, const sla::BusinessCalendar& calendar,
                      Instant now) {
    appeal.deadlines.clear();
    for (const ClockSpec& clock : r.clocks) {
        appeal.attributes.erase("term." + clock.code);
        appeal.attributes.erase("clock." + clock.code);
    }
    for (const ClockReport& report : ComputeClocks(r, appeal, calendar, now)) {
        appeal.attributes["term." + report.clock] = report.term;
        appeal.attributes["clock." + report.clock] = report.state.stopped  ? "stopped"
                                                     : report.state.paused ? "paused"
                                                                           : "running";
        if (report.state.due) appeal.deadlines[report.clock] = *report.state.due;
    }
    // 004 table 2: until the term is agreed the appeal has no deadline and says so, and the
    // operator is prompted to agree one (the agree_term action records how it was agreed).
    appeal.attributes.erase("prompt");
    for (const ClockSpec& clock : r.clocks) {
        if (core::IsFinal(appeal.status) || !AwaitsAgreement(r, clock.code, appeal)) continue;
        appeal.attributes["term." + clock.code] = "not_agreed";
        appeal.attributes["clock." + clock.code] = "not_agreed";
        appeal.attributes["prompt"] = "Срок не согласован: согласуйте срок решения с пользователем";
    }
    if (!core::IsFinal(appeal.status) && Attr(appeal, "awaiting_delivery").empty()) {
        if (const AutoCloseRule* rule = AutoCloseRuleFor(r, appeal)) {
            const Instant since = InstantAttr(appeal, "state_since").value_or(appeal.updated_at);
            if (const auto at = AddTerm(calendar, since, rule->after)) {
                appeal.deadlines["auto_close"] = *at;
            }
        }
    }
    const auto timers = ComputeTimers(r, appeal, calendar, now);
    appeal.next_event_at.reset();
    if (!timers.empty()) appeal.next_event_at = timers.front().at;
    SetDisplayNames(r, appeal);
}

core::ActionOutcome PerformTimer(const Regulation& r, const Appeal& appeal, const Timer& timer,
                                 const sla::BusinessCalendar& calendar, Instant now) {
    core::ActionOutcome outcome;
    outcome.appeal = appeal;
    Appeal& next = outcome.appeal;
    const Instant at = EventTime(appeal, timer.at);
    std::vector<std::string> notes;
    const ClockSpec* clock = r.FindClock(timer.clock);
    switch (timer.kind) {
        case Timer::Kind::kEscalate: {
            next.attributes["last_timer"] = "escalate";
            next.attributes["escalated." + timer.clock] = core::FormatInstant(timer.at);
            std::string target;
            if (clock && clock->escalate_to.next_line) {
                if (const Group* current = r.FindGroup(appeal.group)) target = current->next;
            } else if (clock) {
                target = clock->escalate_to.group;
            }
            std::string note =
                "Эскалация (RT-5): израсходовано " +
                std::to_string(static_cast<int>(clock ? clock->escalation_share * 100 : 0)) +
                "% срока " + Quoted(clock ? clock->name : timer.clock);
            if (!target.empty() && target != next.group) {
                next.attributes["previous_group"] = next.group;
                next.group = target;
                next.assignee.clear();
                const Group* group = r.FindGroup(target);
                note += "; передано группе " + Quoted(group ? group->name : target);
            }
            notes.push_back(note);
            SyncClocks(r, next, at);
            break;
        }
        case Timer::Kind::kBreach: {
            next.attributes["last_timer"] = "breach";
            const Instant due = timer.at - 1ms;
            next.attributes["breached." + timer.clock] = core::FormatInstant(due);
            notes.push_back("Нарушен срок " + Quoted(clock ? clock->name : timer.clock) +
                            ": истёк " + core::FormatInstant(due));
            break;
        }
        case Timer::Kind::kRemind: {
            next.attributes["last_timer"] = "remind";
            const int done = IntAttr(appeal, "reminders_done") + 1;
            next.attributes["reminders_done"] = std::to_string(done);
            std::vector<core::OutboxMessage> outbox;
            SendNotices(r, next, calendar, {timer.rule->reminder}, "", now, outbox, notes);
            if (!outbox.empty()) {
                next.attributes["reminders_sent"] =
                    std::to_string(IntAttr(appeal, "reminders_sent") + 1);
            }
            notes.insert(notes.begin(), "Напоминание №" + std::to_string(done) + " по сроку " +
                                            core::FormatInstant(timer.at));
            outcome.outbox = std::move(outbox);
            break;
        }
        case Timer::Kind::kAutoClose: {
            next.attributes["last_timer"] = "auto_close";
            next.status = timer.rule->result;
            next.pending_reason.clear();
            next.closed_at = timer.at;
            next.attributes["auto_closed"] = core::FormatInstant(timer.at);
            // The reminder counts stay: they are the record that the closure was allowed.
            next.attributes["state_since"] = core::FormatInstant(timer.at);
            SyncClocks(r, next, at);
            notes.push_back(timer.rule->note.empty() ? "Закрыто автоматически по сроку"
                                                     : timer.rule->note);
            SendNotices(r, next, calendar, timer.rule->notify, "", now, outcome.outbox, notes);
            break;
        }
    }
    RefreshDeadlines(r, next, calendar, now);
    outcome.note = Join(notes, "; ");
    return outcome;
}

}  // namespace otklik::regulation

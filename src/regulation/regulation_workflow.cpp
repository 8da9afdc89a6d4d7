#include "regulation/regulation_workflow.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "core/basic_workflow.hpp"
#include "core/json_text.hpp"
#include "core/local_time.hpp"
#include "text/quoting.hpp"
#include "text/template.hpp"

namespace otklik::regulation {

using core::JsonString;
namespace {

using core::Appeal;
using core::Error;
using core::FieldError;
using core::Instant;
using core::Status;
using namespace std::chrono_literals;

template <class Container, class Value>
bool Contains(const Container& container, const Value& value) {
    return std::find(container.begin(), container.end(), value) != container.end();
}

using text::Quoted;

std::string Attr(const Appeal& appeal, const std::string& key) {
    const auto it = appeal.attributes.find(key);
    return it == appeal.attributes.end() ? std::string() : it->second;
}

int IntAttr(const Appeal& appeal, const std::string& key) {
    const std::string text = Attr(appeal, key);
    int value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

void SetAttr(Appeal& appeal, const std::string& key, const std::string& value) {
    if (value.empty()) {
        appeal.attributes.erase(key);
    } else {
        appeal.attributes[key] = value;
    }
}

std::optional<Instant> InstantAttr(const Appeal& appeal, const std::string& key) {
    const std::string text = Attr(appeal, key);
    if (text.empty()) return std::nullopt;
    return core::ParseInstant(text);
}

Error NotAllowed(std::string message) {
    return Error::Unprocessable("action_not_allowed", std::move(message));
}

std::string Kind(const Appeal& appeal) {
    return appeal.attributes.contains("claim_of") ? "claim" : "appeal";
}

std::vector<std::string> MissingFields(const Regulation& regulation, const std::string& set,
                                       const Appeal& appeal) {
    std::vector<std::string> missing;
    if (const FieldSet* fields = regulation.FindFieldSet(set)) {
        for (const auto& field : fields->fields) {
            if (!HasField(appeal, field)) missing.push_back(field);
        }
    }
    return missing;
}

std::string FieldList(const std::vector<std::string>& fields) {
    std::string out;
    for (const auto& field : fields) out += (out.empty() ? "" : ", ") + FieldDisplayName(field);
    return out;
}

bool Matches(const Condition& c, const Regulation& r, const Appeal& a) {
    const auto in = [](const std::vector<std::string>& list, const std::string& value) {
        return list.empty() || Contains(list, value);
    };
    if (!in(c.channels, a.channel) || !in(c.categories, a.category) ||
        !in(c.subcategories, a.subcategory) || !in(c.priorities, a.priority) ||
        !in(c.regions, a.applicant.region) || !in(c.applicant_roles, a.applicant.role) ||
        !in(c.groups, a.group) || !in(c.organizations, a.organization) || !in(c.kinds, Kind(a))) {
        return false;
    }
    if (!c.lines.empty()) {
        const Group* group = r.FindGroup(a.group);
        if (!group || !Contains(c.lines, group->support_line)) return false;
    }
    if (!c.missing.empty() && MissingFields(r, c.missing, a).empty()) return false;
    if (!c.complete.empty() && !MissingFields(r, c.complete, a).empty()) return false;
    return true;
}

const Group* RegionalGroup(const Regulation& r, const Appeal& a) {
    if (a.applicant.region.empty()) return nullptr;
    for (const Group& group : r.groups) {
        if (Contains(group.regions, a.applicant.region)) return &group;
    }
    return nullptr;
}

// --- clocks ---

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

// --- text ---

// "13.01.2026 10:00" in the calendar's zone: how Russian letters state a deadline.
// The calendar's zone: the schedule was built from it, so the database knows it.
core::TimeZone ZoneOf(const sla::BusinessCalendar& calendar) {
    return core::TimeZone::Find(calendar.Schedule().TimeZoneName()).value_or(core::TimeZone::Utc());
}

std::string FormatLocal(const sla::BusinessCalendar& calendar, Instant instant) {
    return ZoneOf(calendar).FormatDateTime(instant);
}

std::string Substitute(std::string_view text, const std::map<std::string, std::string>& values) {
    return text::RenderTemplate(text, values);
}

std::chrono::year_month_day LocalDate(const sla::BusinessCalendar& calendar, Instant now) {
    return ZoneOf(calendar).LocalDate(now);
}

std::string FormatDate(std::chrono::year_month_day day) { return core::FormatRussianDate(day); }

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (item.empty()) continue;
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

const std::set<std::string>& ApplicantParams() {
    static const std::set<std::string> kParams = {
        "last_name",  "first_name", "middle_name", "email", "phone",           "snils",  "inn",
        "birth_date", "region",     "login",       "role",  "contact_channel", "address"};
    return kParams;
}

std::string* ApplicantField(core::Applicant& a, const std::string& name) {
    if (name == "last_name") return &a.last_name;
    if (name == "first_name") return &a.first_name;
    if (name == "middle_name") return &a.middle_name;
    if (name == "email") return &a.email;
    if (name == "phone") return &a.phone;
    if (name == "snils") return &a.snils;
    if (name == "inn") return &a.inn;
    if (name == "birth_date") return &a.birth_date;
    if (name == "region") return &a.region;
    if (name == "login") return &a.login;
    if (name == "role") return &a.role;
    if (name == "contact_channel") return &a.contact_channel;
    if (name == "address") return &a.address;
    return nullptr;
}

const Stage* NextStage(const Regulation& r, const Appeal& a) {
    bool after_current = a.stage.empty();
    for (const Stage& stage : r.stages) {
        if (after_current && (stage.channels.empty() || Contains(stage.channels, a.channel))) {
            return &stage;
        }
        if (stage.code == a.stage) after_current = true;
    }
    return nullptr;
}

std::string DisplayStatus(const Regulation& r, const Appeal& a) { return r.StatusName(a.status); }

void SetDisplayNames(const Regulation& r, Appeal& a) {
    SetAttr(a, "status_name", DisplayStatus(r, a));
    const PendingReason* reason = r.FindPendingReason(a.pending_reason);
    SetAttr(a, "pending_reason_name", reason ? reason->name : std::string());
    const Stage* stage = r.FindStage(a.stage);
    SetAttr(a, "stage_name", stage ? stage->name : std::string());
}

// Starts the period of the state the appeal is in now (auto-close counts from it).
void EnterState(Appeal& a, Instant at) {
    a.attributes["state_since"] = core::FormatInstant(at);
    a.attributes.erase("reminders_done");
    a.attributes.erase("reminders_sent");
}

}  // namespace

RegulationWorkflow::RegulationWorkflow(std::shared_ptr<const RegulationCatalog> catalog,
                                       WorkflowOptions options)
    : catalog_(std::move(catalog)), options_(std::move(options)) {
    for (const Regulation* r : catalog_->All()) {
        std::set<std::string> zones{r->calendar.time_zone};
        if (r->calendar.zone_from_region && options_.regions) {
            for (const sla::Region& region : options_.regions->All())
                zones.insert(region.time_zone);
        }
        for (const std::string& zone : zones) {
            auto schedule = r->calendar.around_the_clock
                                ? sla::WorkSchedule::AroundTheClock(zone)
                                : sla::WorkSchedule::Hours(zone, r->calendar.hours);
            if (!schedule) {
                throw std::invalid_argument(r->file + ": " + schedule.error().message);
            }
            if (!r->calendar.around_the_clock && !options_.calendar) {
                throw std::invalid_argument(r->file + ": the production calendar is not loaded");
            }
            calendars_.emplace(std::make_pair(r, zone),
                               sla::BusinessCalendar(options_.calendar, std::move(*schedule)));
        }
    }
}

const Regulation* RegulationWorkflow::RegulationOf(const Appeal& appeal) const {
    if (const Regulation* exact = catalog_->Find(appeal.regulation, appeal.regulation_version)) {
        return exact;
    }
    // The version it was registered under is no longer shipped: the newest one carries on.
    return catalog_->Latest(appeal.regulation);
}

const sla::BusinessCalendar* RegulationWorkflow::FindCalendar(const Regulation& regulation,
                                                              const std::string& zone) const {
    const auto it = calendars_.find(std::make_pair(&regulation, zone));
    return it == calendars_.end() ? nullptr : &it->second;
}

const sla::BusinessCalendar& RegulationWorkflow::CalendarOf(const Regulation& regulation,
                                                            const Appeal& appeal) const {
    if (regulation.calendar.zone_from_region && options_.regions &&
        !appeal.applicant.region.empty()) {
        if (const auto region = options_.regions->Find(appeal.applicant.region)) {
            if (const auto* calendar = FindCalendar(regulation, region->time_zone))
                return *calendar;
        }
    }
    return *FindCalendar(regulation, regulation.calendar.time_zone);
}

void RegulationWorkflow::SyncClocks(const Regulation& r, Appeal& appeal, Instant at) const {
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

std::vector<ClockReport> RegulationWorkflow::Clocks(const Regulation& r, const Appeal& appeal,
                                                    Instant now) const {
    std::vector<ClockReport> reports;
    const sla::BusinessCalendar& calendar = CalendarOf(r, appeal);
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

std::vector<Timer> RegulationWorkflow::Timers(const Regulation& r, const Appeal& appeal,
                                              Instant now) const {
    std::vector<Timer> timers;
    if (core::IsFinal(appeal.status)) return timers;
    const sla::BusinessCalendar& calendar = CalendarOf(r, appeal);
    for (const ClockReport& report : Clocks(r, appeal, now)) {
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

void RegulationWorkflow::Refresh(const Regulation& r, Appeal& appeal, Instant now) const {
    appeal.deadlines.clear();
    for (const ClockSpec& clock : r.clocks) {
        appeal.attributes.erase("term." + clock.code);
        appeal.attributes.erase("clock." + clock.code);
    }
    for (const ClockReport& report : Clocks(r, appeal, now)) {
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
            if (const auto at = AddTerm(CalendarOf(r, appeal), since, rule->after)) {
                appeal.deadlines["auto_close"] = *at;
            }
        }
    }
    const auto timers = Timers(r, appeal, now);
    appeal.next_event_at.reset();
    if (!timers.empty()) appeal.next_event_at = timers.front().at;
    SetDisplayNames(r, appeal);
}

std::optional<core::OutboxMessage> RegulationWorkflow::Render(const Regulation& r,
                                                              const Appeal& appeal,
                                                              const std::string& code,
                                                              const std::string& comment,
                                                              Instant now) const {
    const Notification* notification = r.FindNotification(code);
    if (!notification) return std::nullopt;
    const core::Applicant& a = appeal.applicant;
    std::string channel = "email";
    std::string recipient = a.email;
    if (notification->channel == "contact") {
        // NT-3: the answer goes where the appeal asked for it.
        if (a.contact_channel == "phone" || a.contact_channel == "sms") {
            channel = a.contact_channel;
            recipient = a.phone;
        } else if (a.contact_channel == "post") {
            channel = "post";
            recipient = a.address;
        } else if (recipient.empty() && !a.phone.empty()) {
            channel = "phone";
            recipient = a.phone;
        }
    }
    if (recipient.empty()) return std::nullopt;
    const sla::BusinessCalendar& calendar = CalendarOf(r, appeal);
    std::map<std::string, std::string> values;
    values["uin"] = appeal.uin;
    values["subject"] = appeal.subject;
    values["text"] = appeal.text;
    values["regulation"] = r.name;
    values["status"] = DisplayStatus(r, appeal);
    if (const auto* reason = r.FindPendingReason(appeal.pending_reason)) {
        values["pending_reason"] = reason->name;
    }
    if (const auto* stage = r.FindStage(appeal.stage)) values["stage"] = stage->name;
    const auto due = appeal.DueAt();
    values["deadline"] = due ? FormatLocal(calendar, *due) : "—";
    values["solution"] = Attr(appeal, "solution");
    values["comment"] = comment;
    values["contacts"] = r.contacts;
    values["claim_of"] = Attr(appeal, "claim_of");
    values["delivery_channel"] = Attr(appeal, "delivery_channel");
    if (const auto* reason = r.FindRefusalReason(Attr(appeal, "refusal_reason"))) {
        values["refusal_reason"] = reason->name;
    }
    values["original"] = Attr(appeal, "original");
    values["original_solution"] = Attr(appeal, "original_solution");
    if (const auto* reason = r.FindRefusalReason(Attr(appeal, "refusal_reason"))) {
        values["refusal_notice"] = Substitute(reason->notice, values);
    }
    if (const auto* org = r.FindOrganization(appeal.organization))
        values["organization"] = org->name;
    if (const auto* group = r.FindGroup(appeal.group)) values["group"] = group->name;
    const std::string subject = Substitute(notification->subject, values);
    const std::string text = Substitute(notification->text, values);
    core::OutboxMessage message;
    message.appeal_id = appeal.id;
    message.kind = code;
    message.channel = channel;
    message.recipient = recipient;
    message.payload = "{\"template\":" + JsonString(code) + ",\"uin\":" + JsonString(appeal.uin) +
                      ",\"subject\":" + JsonString(subject) + ",\"text\":" + JsonString(text) + "}";
    message.created_at = now;
    return message;
}

void RegulationWorkflow::Notify(const Regulation& r, Appeal& appeal,
                                const std::vector<std::string>& notifications,
                                const std::string& comment, Instant now,
                                std::vector<core::OutboxMessage>& outbox,
                                std::vector<std::string>& notes) const {
    for (const std::string& code : notifications) {
        const Notification* notification = r.FindNotification(code);
        if (!notification) continue;
        const std::string counter = "notices." + code;
        if (notification->once && IntAttr(appeal, counter) > 0) {
            notes.push_back("Уведомление " + Quoted(code) + " уже отправлялось: повторно не шлём");
            continue;
        }
        auto message = Render(r, appeal, code, comment, now);
        if (!message) {
            notes.push_back("Уведомление " + Quoted(code) +
                            " не отправлено: нет контакта заявителя для ответа");
            continue;
        }
        if (message->channel == "email") {
            notes.push_back("Уведомление заявителю (email): " + code);
        } else {
            // NT-3, 002 §3.7, §3.11: the system cannot call or post; staff deliver it, and what
            // waits for the applicant's answer waits until they have been told.
            notes.push_back("Поручено сотрудникам: сообщить заявителю " +
                            core::DeliveryChannelName(message->channel) + " (" + code + ")");
            appeal.attributes["awaiting_delivery"] = code;
        }
        outbox.push_back(std::move(*message));
        appeal.attributes[counter] = std::to_string(IntAttr(appeal, counter) + 1);
    }
}

const Regulation* RegulationWorkflow::InForceFor(const std::string& requested,
                                                 const std::string& channel, Instant now,
                                                 std::vector<FieldError>& errors) const {
    std::string id = requested;
    if (id.empty()) {
        // A draft that names no regulation: its channel chooses when exactly one regulation in
        // force takes that channel (org_mail is «Билет в будущее»'s, widget is ПОС's…);
        // otherwise the deployment's default.
        std::set<std::string> takers;
        for (const Regulation* candidate : catalog_->All()) {
            const auto* calendar = FindCalendar(*candidate, candidate->calendar.time_zone);
            if (candidate->FindChannel(channel) && calendar &&
                candidate->InForceOn(LocalDate(*calendar, now))) {
                takers.insert(candidate->id);
            }
        }
        id = takers.size() == 1 ? *takers.begin() : options_.default_regulation;
    }
    const Regulation* latest = catalog_->Latest(id);
    if (!latest) {
        // No fallback here: a draft for a regulation whose file was refused must not be
        // registered by rules that are not its own.
        errors.push_back({"regulation", "unknown", "Регламент " + Quoted(id) + " не подключён"});
        return nullptr;
    }
    // SLA-7: the version in force on the day of registration, in the regulation's own zone.
    const auto today = LocalDate(*FindCalendar(*latest, latest->calendar.time_zone), now);
    const Regulation* r = catalog_->InForce(id, today);
    if (!r) {
        std::string period = "с " + FormatDate(latest->in_force_from);
        if (latest->in_force_until) period += " по " + FormatDate(*latest->in_force_until);
        errors.push_back({"regulation", "not_in_force",
                          "Регламент " + Quoted(latest->name) + " действует " + period + ": на " +
                              FormatDate(today) + " обращения по нему не принимаются"});
    }
    return r;
}

core::Result<core::UinSlot> RegulationWorkflow::Numbering(const std::string& regulation,
                                                          const std::string& channel,
                                                          Instant now) const {
    std::vector<FieldError> errors;
    const Regulation* r = InForceFor(regulation, channel, now, errors);
    if (r && !r->FindChannel(channel)) {
        errors.push_back(
            {"channel", "unknown",
             "Канал " + Quoted(channel) + " не предусмотрен регламентом " + Quoted(r->name)});
    }
    if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
    return core::UinSlot{r->id, r->uin_prefix, core::UinYear(now)};
}

core::Result<core::Intake> RegulationWorkflow::PrepareIntake(const core::AppealDraft& raw,
                                                             const core::Actor& actor,
                                                             Instant now) const {
    const core::AppealDraft draft = raw;
    std::vector<FieldError> errors = core::ValidateDraft(draft);
    const Regulation* r = InForceFor(draft.regulation, draft.channel, now, errors);
    if (!r) return core::Fail(Error::Validation(std::move(errors)));

    Appeal appeal = core::AppealFromDraft(draft, actor, now);
    appeal.regulation = r->id;
    appeal.regulation_version = r->version;
    // A regulation without priorities (or categories) has no use for one: a value the client
    // or triage's suggestion (TR-6) brings is dropped rather than refused.
    if (r->priorities.empty()) appeal.priority.clear();
    if (r->categories.empty()) {
        appeal.category.clear();
        appeal.subcategory.clear();
    }

    const Channel* channel = r->FindChannel(draft.channel);
    if (draft.channel.empty()) {
        errors.push_back({"channel", "required", "Укажите канал поступления обращения"});
    } else if (!channel) {
        std::string known;
        for (const Channel& c : r->channels) known += (known.empty() ? "" : ", ") + c.code;
        errors.push_back({"channel", "unknown",
                          "Канал " + Quoted(draft.channel) + " не предусмотрен регламентом " +
                              Quoted(r->name) + " (есть: " + known + ")"});
    } else {
        // CH-3: what the channel requires.
        for (const std::string& field : channel->required) {
            if (HasField(appeal, field)) continue;
            const bool full_name = field == "applicant.full_name";
            errors.push_back({full_name ? "applicant.last_name" : field, "required",
                              "Для канала " + Quoted(channel->name) +
                                  " обязательно: " + FieldDisplayName(field)});
        }
        // CH-5 (003): the text starts with the deployment's source marker.
        if (!channel->text_prefix.empty() && appeal.text.rfind(channel->text_prefix, 0) != 0) {
            errors.push_back(
                {"text", "source_marker",
                 "Текст сообщения должен начинаться с пометки " + Quoted(channel->text_prefix)});
        }
    }
    const Category* category = r->FindCategory(appeal.category);
    if (!appeal.category.empty() && !category) {
        errors.push_back(
            {"category", "unknown",
             "Категория " + Quoted(appeal.category) + " не предусмотрена регламентом"});
    }
    if (!appeal.subcategory.empty() && category && !category->FindSubcategory(appeal.subcategory)) {
        errors.push_back({"subcategory", "unknown",
                          "Подкатегория " + Quoted(appeal.subcategory) +
                              " не относится к категории " + Quoted(category->name)});
    }
    if (!appeal.priority.empty()) {
        if (!r->FindPriority(appeal.priority)) {
            errors.push_back(
                {"priority", "unknown",
                 "Приоритет " + Quoted(appeal.priority) + " не предусмотрен регламентом"});
        } else if (category && !category->priorities.empty() &&
                   !Contains(category->priorities, appeal.priority)) {
            errors.push_back({"priority", "not_allowed",
                              "Приоритет " + Quoted(appeal.priority) +
                                  " не применяется к категории " + Quoted(category->name)});
        }
    }
    // CH-5, RT-4: the executor organization must be connected and competent; a body with
    // subordinates coordinates what is addressed to them.
    if (!r->organizations.empty()) {
        if (appeal.organization.empty()) {
            if (const Organization* fallback = r->DefaultCoordinator()) {
                appeal.organization = fallback->code;
            }
        } else if (const Organization* org = r->FindOrganization(appeal.organization)) {
            if (!org->connected) {
                errors.push_back(
                    {"organization", "not_connected",
                     "Организация " + Quoted(org->name) +
                         " не подключена к системе: сообщения для неё не принимаются"});
            } else if (!org->CompetentFor(appeal.category, appeal.subcategory)) {
                errors.push_back({"organization", "not_competent",
                                  "Организация " + Quoted(org->name) +
                                      " не рассматривает вопросы этой категории и подкатегории"});
            } else if (const Organization* parent = r->FindOrganization(org->parent);
                       parent && parent->coordinates_subordinates) {
                appeal.attributes["addressed_to"] = org->code;
                appeal.organization = parent->code;
            }
        } else {
            errors.push_back({"organization", "unknown",
                              "Организация " + Quoted(appeal.organization) + " не найдена"});
        }
    } else if (!appeal.organization.empty()) {
        errors.push_back({"organization", "unknown", "Регламент не ведёт организации-исполнители"});
    }
    if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));

    std::vector<std::string> notify = r->intake_notify;
    if (const Stage* first = NextStage(*r, appeal)) {
        appeal.stage = first->code;
        if (first->status) appeal.status = *first->status;
        notify.insert(notify.end(), first->notify.begin(), first->notify.end());
    }
    for (const RoutingRule& rule : r->routing) {
        if (!Matches(rule.when, *r, appeal)) continue;
        const Group* regional = rule.regional ? RegionalGroup(*r, appeal) : nullptr;
        if (regional) {
            appeal.group = regional->code;
        } else if (!rule.group.empty()) {
            appeal.group = rule.group;
        }
        if (rule.status) {
            appeal.status = *rule.status;
            appeal.pending_reason = rule.pending_reason;
        }
        notify.insert(notify.end(), rule.notify.begin(), rule.notify.end());
    }
    appeal.attributes["intake_notify"] = Join(notify, ",");
    SetAttr(appeal, "intake_group", appeal.group);
    EnterState(appeal, now);
    SyncClocks(*r, appeal, now);
    Refresh(*r, appeal, now);

    core::Intake intake;
    intake.appeal = std::move(appeal);
    intake.uin_prefix = r->uin_prefix;
    intake.uin_year = core::UinYear(now);
    return intake;
}

std::vector<core::OutboxMessage> RegulationWorkflow::RegistrationNotices(const Appeal& appeal,
                                                                         Instant now) const {
    const Regulation* r = RegulationOf(appeal);
    if (!r)
        return options_.fallback ? options_.fallback->RegistrationNotices(appeal, now)
                                 : std::vector<core::OutboxMessage>{};
    std::vector<core::OutboxMessage> outbox;
    std::set<std::string> sent;
    const std::string list = Attr(appeal, "intake_notify");
    std::size_t pos = 0;
    while (pos < list.size()) {
        const auto comma = list.find(',', pos);
        const std::string code =
            list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        pos = comma == std::string::npos ? list.size() : comma + 1;
        if (code.empty() || !sent.insert(code).second) continue;
        if (auto message = Render(*r, appeal, code, "", now)) outbox.push_back(std::move(*message));
    }
    return outbox;
}

std::optional<std::string> RegulationWorkflow::Refusal(const Regulation& r, const Action& action,
                                                       const Appeal& appeal,
                                                       const core::Actor& actor) const {
    const std::string role(core::RoleCode(actor.role));
    if (actor.applicant) {
        // The applicant has no staff role: their answers are what the regulation lets them do.
        if (!r.applicant_answers.Answers(action.code)) {
            return "Действие " + Quoted(action.name) + " выполняет сотрудник, не заявитель";
        }
    } else if (!Contains(action.roles, role) && !Contains(action.roles, std::string("*"))) {
        return "Действие " + Quoted(action.name) + " недоступно для роли " +
               Quoted(core::RoleDisplayName(actor.role));
    }
    // CH-4: what the next service needs must be there before the hand-over; said first, as it
    // is what the operator has to act on (002 §4.2.3).
    if (!action.complete.empty() && !core::IsFinal(appeal.status) &&
        (action.complete_channels.empty() || Contains(action.complete_channels, appeal.channel))) {
        const auto missing = MissingFields(r, action.complete, appeal);
        if (!missing.empty()) {
            const FieldSet* set = r.FindFieldSet(action.complete);
            return "Нельзя выполнить " + Quoted(action.name) + ": не хватает данных (" +
                   (set ? set->name : action.complete) + "): " + FieldList(missing) +
                   ". Запросите их у заявителя";
        }
    }
    const bool status_ok =
        action.from.empty() ? !core::IsFinal(appeal.status) : Contains(action.from, appeal.status);
    if (!status_ok) {
        if (core::IsFinal(appeal.status) && action.from.empty()) {
            return "Обращение в статусе " + Quoted(DisplayStatus(r, appeal)) +
                   ": действия с ним недоступны";
        }
        return "Действие " + Quoted(action.name) + " недоступно в статусе " +
               Quoted(DisplayStatus(r, appeal));
    }
    if (!action.pending_reasons.empty() && appeal.status == Status::kPending &&
        !Contains(action.pending_reasons, appeal.pending_reason)) {
        const PendingReason* reason = r.FindPendingReason(appeal.pending_reason);
        return "Действие " + Quoted(action.name) + " недоступно: обращение ожидает по причине " +
               Quoted(reason ? reason->name : appeal.pending_reason);
    }
    if (!action.stages.empty() && !Contains(action.stages, appeal.stage)) {
        const Stage* stage = r.FindStage(appeal.stage);
        return "Действие " + Quoted(action.name) + " недоступно на этапе " +
               Quoted(stage ? stage->name : appeal.stage);
    }
    if (!action.groups.empty() && !Contains(action.groups, appeal.group)) {
        const Group* group = r.FindGroup(appeal.group);
        return "Действие " + Quoted(action.name) + " недоступно, пока обращение у группы " +
               Quoted(group ? group->name : appeal.group);
    }
    if (!action.channels.empty() && !Contains(action.channels, appeal.channel)) {
        const Channel* channel = r.FindChannel(appeal.channel);
        return "Действие " + Quoted(action.name) + " не применяется к обращениям из канала " +
               Quoted(channel ? channel->name : appeal.channel);
    }
    if (action.stage == "$next") {
        const Stage* current = r.FindStage(appeal.stage);
        if (current && !current->roles.empty() && !Contains(current->roles, role)) {
            return "На этапе " + Quoted(current->name) + " дальше обращение передаёт другая роль";
        }
        if (!NextStage(r, appeal)) {
            return "Обращение уже на последнем этапе";
        }
    }
    if (action.max_times > 0 && IntAttr(appeal, "count." + action.Counter()) >= action.max_times) {
        return action.refusal.empty()
                   ? "Действие " + Quoted(action.name) + " уже выполнено " +
                         std::to_string(action.max_times) + " раз — больше нельзя"
                   : action.refusal;
    }
    return std::nullopt;
}

std::vector<std::string> RegulationWorkflow::AvailableActions(const Appeal& appeal,
                                                              const core::Actor& actor) const {
    const Regulation* r = RegulationOf(appeal);
    if (!r) {
        return options_.fallback ? options_.fallback->AvailableActions(appeal, actor)
                                 : std::vector<std::string>{};
    }
    std::vector<std::pair<int, std::string>> available;
    for (const Action& action : r->actions) {
        if (!Refusal(*r, action, appeal, actor))
            available.emplace_back(action.source_line, action.code);
    }
    std::stable_sort(available.begin(), available.end());
    std::vector<std::string> codes;
    for (auto& item : available) codes.push_back(std::move(item.second));
    return codes;
}

core::ActionOutcome RegulationWorkflow::Delivered(const Appeal& appeal, const std::string& kind,
                                                  const std::string& via, Instant at) const {
    core::ActionOutcome outcome;
    outcome.appeal = appeal;
    Appeal& next = outcome.appeal;
    outcome.note = "Заявитель уведомлён " + core::DeliveryChannelName(via) + " (" + kind + ")";
    if (Attr(appeal, "awaiting_delivery") == kind) {
        next.attributes.erase("awaiting_delivery");
        if (Attr(appeal, "delivery_restarts_term") == "1") {
            next.attributes.erase("delivery_restarts_term");
            next.attributes["state_since"] = core::FormatInstant(at);
            outcome.note += "; срок ответа заявителя считается с этого момента";
        }
    }
    next.updated_at = at;
    if (const Regulation* r = RegulationOf(appeal)) Refresh(*r, next, at);
    return outcome;
}

void RegulationWorkflow::Describe(Appeal& appeal) const {
    if (const Regulation* r = RegulationOf(appeal)) {
        SetDisplayNames(*r, appeal);
    } else if (options_.fallback) {
        options_.fallback->Describe(appeal);
    }
}

std::vector<core::OutboxMessage> RegulationWorkflow::RefusalNotices(const Appeal& appeal,
                                                                    Instant now) const {
    const Regulation* r = RegulationOf(appeal);
    if (!r)
        return options_.fallback ? options_.fallback->RefusalNotices(appeal, now)
                                 : core::RefusalLetter(appeal, now);
    if (!r->answer_refusals) return {};
    return core::RefusalLetter(appeal, now);
}

std::optional<std::string> RegulationWorkflow::ApplicantAction(const Appeal& appeal,
                                                               core::ApplicantIntent intent) const {
    const Regulation* r = RegulationOf(appeal);
    if (!r)
        return options_.fallback ? options_.fallback->ApplicantAction(appeal, intent)
                                 : std::nullopt;
    const core::Actor applicant = core::ApplicantActor("channel");
    for (const std::string& code : r->applicant_answers.For(intent)) {
        const Action* action = r->FindAction(code);
        if (action && !Refusal(*r, *action, appeal, applicant)) return code;
    }
    return std::nullopt;
}

core::Result<core::ActionOutcome> RegulationWorkflow::Apply(const Appeal& appeal,
                                                            const core::ActionRequest& request,
                                                            const core::Actor& actor,
                                                            Instant now) const {
    const Regulation* r = RegulationOf(appeal);
    if (!r) {
        if (options_.fallback) return options_.fallback->Apply(appeal, request, actor, now);
        return core::Fail(NotAllowed("Регламент " + Quoted(appeal.regulation) +
                                     " не загружен: действия с обращением недоступны"));
    }
    const Action* action = r->FindAction(request.action);
    if (!action) {
        return core::Fail(
            Error::Validation({{"action", "unknown",
                                "Действие " + Quoted(request.action) +
                                    " не предусмотрено регламентом " + Quoted(r->name)}}));
    }
    if (const auto refusal = Refusal(*r, *action, appeal, actor)) {
        return core::Fail(NotAllowed(*refusal));
    }

    // Parameters: every one named, required ones present, enumerations respected.
    std::vector<FieldError> errors;
    for (const auto& [name, value] : request.params) {
        if (name != "comment" && (actor.applicant || !action->FindParam(name))) {
            errors.push_back(
                {name, "unknown",
                 "Параметр " + Quoted(name) + " не нужен для действия " + Quoted(action->name)});
        }
    }
    for (const ParamSpec& spec : action->params) {
        const std::string value = request.Param(spec.name);
        if (value.empty()) {
            if (spec.required) {
                errors.push_back({spec.name, "required",
                                  "Для действия " + Quoted(action->name) + " укажите " +
                                      action->ParamLabel(spec.name)});
            }
        } else if (spec.date && !core::ParseDate(value)) {
            errors.push_back(
                {spec.name, "format", "Дата указывается как ГГГГ-ММ-ДД, например 2026-03-02"});
        } else if (!spec.values.empty() && !Contains(spec.values, value)) {
            errors.push_back({spec.name, "unknown",
                              "Недопустимое значение " + Quoted(value) +
                                  "; возможны: " + Join(spec.values, ", ")});
        }
    }
    if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));

    const auto param = [&](const std::string& effect) {
        return effect.size() > 1 && effect[0] == '$' ? request.Param(effect.substr(1)) : effect;
    };
    std::set<std::string> consumed = {"comment"};
    const auto consume = [&](const std::string& effect) {
        if (effect.size() > 1 && effect[0] == '$') consumed.insert(effect.substr(1));
    };

    core::ActionOutcome outcome;
    outcome.appeal = appeal;
    Appeal& next = outcome.appeal;
    const std::string comment = request.Param("comment");

    // CH-4, 002 §4.7.3: data the applicant provides completes the ticket.
    if (action->update_applicant) {
        for (const ParamSpec& spec : action->params) {
            if (!ApplicantParams().contains(spec.name)) continue;
            consumed.insert(spec.name);
            const std::string value = request.Param(spec.name);
            if (!value.empty()) *ApplicantField(next.applicant, spec.name) = value;
        }
        core::AppealDraft check;
        check.text = "-";
        check.applicant = next.applicant;
        check = core::NormalizeDraft(check);
        for (const FieldError& error : core::ValidateDraft(check)) {
            if (error.field.rfind("applicant.", 0) == 0) errors.push_back(error);
        }
        next.applicant = check.applicant;
    }

    // TR-6, SLA-3: category and priority corrected in agreement with the applicant.
    for (const std::string* effect : {&action->category, &action->subcategory, &action->priority}) {
        consume(*effect);
    }
    if (const std::string value = param(action->category); !value.empty()) {
        if (!r->FindCategory(value)) {
            errors.push_back(
                {"category", "unknown", "Категория " + Quoted(value) + " не предусмотрена"});
        } else if (value != next.category) {
            next.category = value;
            const Category* category = r->FindCategory(value);
            if (!category->FindSubcategory(next.subcategory)) next.subcategory.clear();
        }
    }
    if (const std::string value = param(action->subcategory); !value.empty()) {
        const Category* category = r->FindCategory(next.category);
        if (!category || !category->FindSubcategory(value)) {
            errors.push_back({"subcategory", "unknown",
                              "Подкатегория " + Quoted(value) + " не относится к категории"});
        } else {
            next.subcategory = value;
        }
    }
    if (const std::string value = param(action->priority); !value.empty()) {
        if (!r->FindPriority(value)) {
            errors.push_back(
                {"priority", "unknown", "Приоритет " + Quoted(value) + " не предусмотрен"});
        } else {
            next.priority = value;
        }
    }
    if (const Category* category = r->FindCategory(next.category);
        category && !next.priority.empty() && !category->priorities.empty() &&
        !Contains(category->priorities, next.priority) &&
        (!action->priority.empty() || !action->category.empty())) {
        errors.push_back({action->priority.empty() ? "category" : "priority", "not_allowed",
                          "Приоритет " + Quoted(next.priority) + " не применяется к категории " +
                              Quoted(category->name)});
    }

    // 004 memo 10: the colleague is briefed with the user's name, the organization's ИНН and the
    // appeal's number; the number is what can be checked.
    if (action->briefing && !appeal.uin.empty() && comment.find(appeal.uin) == std::string::npos) {
        errors.push_back({"comment", "briefing",
                          "Кратко изложите коллеге суть: ФИО пользователя, ИНН организации и "
                          "номер обращения " +
                              appeal.uin + " (памятка, п. 10)"});
    }

    // 004: a category or priority the applicant gave changes only in agreement with them, and
    // the record says how; classifying an appeal that came without them needs none.
    if (action->needs_agreement && request.Param("agreement").empty() &&
        ((!appeal.category.empty() && next.category != appeal.category) ||
         (!appeal.priority.empty() && next.priority != appeal.priority))) {
        errors.push_back({"agreement", "required",
                          "Изменение категории или приоритета согласуется с пользователем: "
                          "укажите, как согласовано (письмо, электронная почта, телефон)"});
    }

    // CH-5, RT-4: the executor organization.
    consume(action->organization);
    if (const std::string value = param(action->organization); !value.empty()) {
        const Organization* org = r->FindOrganization(value);
        if (!org) {
            errors.push_back(
                {"organization", "unknown", "Организация " + Quoted(value) + " не найдена"});
        } else if (!org->connected) {
            errors.push_back({"organization", "not_connected",
                              "Организация " + Quoted(org->name) + " не подключена к системе"});
        } else if (!org->CompetentFor(next.category, next.subcategory)) {
            errors.push_back({"organization", "not_competent",
                              "Организация " + Quoted(org->name) +
                                  " не рассматривает вопросы этой категории и подкатегории"});
        } else {
            next.organization = org->code;
        }
    }

    // Groups (RT-2, RT-3): hand-overs remember where the appeal came from.
    consume(action->group);
    if (action->records_requester) next.attributes["requester_group"] = appeal.group;
    std::string target;
    if (action->group == "$previous") {
        target = Attr(appeal, "previous_group");
    } else if (action->group == "$requester") {
        target = Attr(appeal, "requester_group");
        next.attributes.erase("requester_group");
    } else if (action->group == "$regional") {
        if (const Group* regional = RegionalGroup(*r, next)) {
            target = regional->code;
        } else if (!Attr(appeal, "intake_group").empty()) {
            // No group serves the region by name: the one intake routed the appeal to.
            target = Attr(appeal, "intake_group");
        } else {
            return core::Fail(NotAllowed("Нет группы регионального оператора для региона " +
                                         Quoted(next.applicant.region)));
        }
    } else if (action->group == "$next_line") {
        const Group* current = r->FindGroup(appeal.group);
        if (!current || current->next.empty()) {
            return core::Fail(NotAllowed("У группы нет следующей линии поддержки"));
        }
        target = current->next;
    } else {
        target = param(action->group);
        if (!target.empty() && !r->FindGroup(target)) {
            errors.push_back(
                {"group", "unknown", "Группа " + Quoted(target) + " не найдена в регламенте"});
            target.clear();
        }
    }
    if (!target.empty() && target != next.group) {
        next.attributes["previous_group"] = next.group;
        next.group = target;
        next.assignee.clear();
    }
    consume(action->assignee);
    if (action->assignee == "$actor") {
        next.assignee = actor.login;
        if (next.group.empty()) next.group = actor.group;
    } else if (action->assignee == "$none") {
        next.assignee.clear();
    } else if (const std::string value = param(action->assignee); !value.empty()) {
        next.assignee = value;
    }

    std::vector<std::string> notify;
    // LC-6: stages, each with the status it brings.
    if (!action->stage.empty()) {
        const Stage* stage =
            action->stage == "$next" ? NextStage(*r, appeal) : r->FindStage(action->stage);
        if (stage) {
            next.stage = stage->code;
            if (stage->status) next.status = *stage->status;
            notify.insert(notify.end(), stage->notify.begin(), stage->notify.end());
        }
    }
    if (action->status) next.status = *action->status;
    consume(action->pending_reason);
    if (next.status == Status::kPending && !action->pending_reason.empty()) {
        const std::string reason = param(action->pending_reason);
        const PendingReason* pending = r->FindPendingReason(reason);
        if (!pending) {
            errors.push_back(
                {"reason", "unknown",
                 "Причина ожидания " + Quoted(reason) + " не предусмотрена регламентом"});
        } else {
            for (const std::string& needed : pending->requires_params) {
                if (!request.Param(needed).empty()) continue;
                errors.push_back({needed, "required",
                                  "Для причины " + Quoted(pending->name) + " укажите " +
                                      action->ParamLabel(needed)});
            }
        }
        next.pending_reason = reason;
    }
    if (next.status != Status::kPending) next.pending_reason.clear();
    consume(action->refusal_reason);
    if (!action->refusal_reason.empty()) {
        const std::string reason = param(action->refusal_reason);
        const RefusalReason* refusal = r->FindRefusalReason(reason);
        if (!refusal) {
            errors.push_back(
                {"reason", "unknown",
                 "Причина отказа " + Quoted(reason) + " не предусмотрена регламентом"});
        } else {
            next.attributes["refusal_reason"] = refusal->code;
            if (!refusal->requires_param.empty() &&
                request.Param(refusal->requires_param).empty()) {
                errors.push_back({refusal->requires_param, "required",
                                  "Для отказа по причине " + Quoted(refusal->name) + " укажите " +
                                      Quoted(refusal->requires_param)});
            }
        }
    }
    if (!action->agree_term.empty()) {
        consumed.insert("term");
        if (const auto term = ParseTerm(request.Param("term"))) {
            next.attributes["agreed_term." + action->agree_term] = FormatTerm(*term);
        } else {
            errors.push_back({"term", "format",
                              "Срок указывается как «10 business_days», «16 business_hours», "
                              "«30 calendar_days» или «24 hours»"});
        }
    }
    if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));

    // Other parameters are kept with the appeal: the solution, the delivery channel…
    for (const ParamSpec& spec : action->params) {
        if (consumed.contains(spec.name)) continue;
        const std::string value = request.Param(spec.name);
        if (!value.empty()) next.attributes[spec.name] = value;
    }
    if (action->max_times > 0 || !action->counts_as.empty()) {
        next.attributes["count." + action->Counter()] =
            std::to_string(IntAttr(appeal, "count." + action->Counter()) + 1);
    }
    if (core::IsFinal(next.status)) {
        if (!core::IsFinal(appeal.status)) next.closed_at = now;
    } else {
        next.closed_at.reset();
    }
    if (next.status != appeal.status || next.pending_reason != appeal.pending_reason) {
        EnterState(next, now);
    }
    SyncClocks(*r, next, now);
    Refresh(*r, next, now);

    std::vector<std::string> notes;
    if (!comment.empty()) notes.push_back(comment);
    notify.insert(notify.end(), action->notify.begin(), action->notify.end());
    const bool new_state =
        next.status != appeal.status || next.pending_reason != appeal.pending_reason;
    if (new_state) {
        // What the old state waited for no longer holds anything back.
        next.attributes.erase("awaiting_delivery");
        next.attributes.erase("delivery_restarts_term");
    }
    Notify(*r, next, notify, comment, now, outcome.outbox, notes);
    // A request the applicant gets from staff starts its term when they have been told.
    if (new_state && next.attributes.contains("awaiting_delivery")) {
        next.attributes["delivery_restarts_term"] = "1";
    }
    if (next.attributes.contains("awaiting_delivery")) Refresh(*r, next, now);

    if (action->spawn) {
        auto claim = SpawnClaim(*r, *action, next, comment, now);
        if (!claim) return core::Fail(claim.error());
        claim->appeal.created_by = actor.login;
        outcome.spawned.push_back({std::move(*claim), core::LinkType::kClaimAbout});
        notes.push_back("Зарегистрирована претензия, связанная с обращением");
    }
    if (!comment.empty()) {
        core::Comment stored;
        stored.appeal_id = appeal.id;
        stored.at = now;
        stored.author = actor.login;
        stored.text = comment;
        stored.visibility = action->comment_visibility;
        outcome.comment = stored;
    }
    outcome.note = Join(notes, "; ");
    next.updated_at = now;
    return outcome;
}

core::Result<core::Intake> RegulationWorkflow::SpawnClaim(const Regulation& r, const Action& action,
                                                          const Appeal& appeal,
                                                          const std::string& comment,
                                                          Instant now) const {
    const SpawnSpec& spec = *action.spawn;
    core::Intake intake;
    Appeal& claim = intake.appeal;
    claim.regulation = r.id;
    claim.regulation_version = r.version;
    claim.channel = appeal.channel;
    claim.applicant = appeal.applicant;
    const std::string subject =
        spec.subject.empty() ? "Претензия по обращению {uin}" : spec.subject;
    claim.subject = Substitute(subject, {{"uin", appeal.uin}});
    claim.text =
        comment.empty() ? "Заявитель не согласен с решением по обращению " + appeal.uin : comment;
    claim.category = appeal.category;
    claim.subcategory = appeal.subcategory;
    claim.priority = appeal.priority;
    claim.organization = appeal.organization;
    claim.status = Status::kAssigned;
    claim.group = spec.group;
    claim.created_at = now;
    claim.updated_at = now;
    claim.attributes["claim_of"] = appeal.uin;
    if (!spec.notify.empty()) claim.attributes["intake_notify"] = spec.notify;
    EnterState(claim, now);
    SyncClocks(r, claim, now);
    Refresh(r, claim, now);
    intake.uin_prefix = r.uin_prefix;
    intake.uin_year = core::UinYear(now);
    return intake;
}

std::optional<core::ActionOutcome> RegulationWorkflow::Tick(const Appeal& appeal,
                                                            Instant now) const {
    const Regulation* r = RegulationOf(appeal);
    if (!r) return options_.fallback ? options_.fallback->Tick(appeal, now) : std::nullopt;
    if (core::IsFinal(appeal.status)) return std::nullopt;
    const auto timers = Timers(*r, appeal, now);
    if (timers.empty()) return std::nullopt;
    core::ActionOutcome outcome;
    outcome.appeal = appeal;
    Appeal& next = outcome.appeal;
    const Timer& timer = timers.front();
    if (timer.at > now) {
        // Woken early (the timer moved): only the schedule changes.
        next.next_event_at = timer.at;
        next.attributes["last_timer"] = "reschedule";
        return outcome;
    }
    // Each timer takes effect at its own instant, also when the watcher runs late (after
    // downtime): reminders, closures and breaches keep their regulation dates.
    const Instant at = EventTime(appeal, timer.at);
    std::vector<std::string> notes;
    const ClockSpec* clock = r->FindClock(timer.clock);
    switch (timer.kind) {
        case Timer::Kind::kEscalate: {
            next.attributes["last_timer"] = "escalate";
            next.attributes["escalated." + timer.clock] = core::FormatInstant(timer.at);
            std::string target;
            if (clock && clock->escalate_to == "$next_line") {
                if (const Group* current = r->FindGroup(appeal.group)) target = current->next;
            } else if (clock) {
                target = clock->escalate_to;
            }
            std::string note =
                "Эскалация (RT-5): израсходовано " +
                std::to_string(static_cast<int>(clock ? clock->escalation_share * 100 : 0)) +
                "% срока " + Quoted(clock ? clock->name : timer.clock);
            if (!target.empty() && target != next.group) {
                next.attributes["previous_group"] = next.group;
                next.group = target;
                next.assignee.clear();
                const Group* group = r->FindGroup(target);
                note += "; передано группе " + Quoted(group ? group->name : target);
            }
            notes.push_back(note);
            SyncClocks(*r, next, at);
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
            Notify(*r, next, {timer.rule->reminder}, "", now, outbox, notes);
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
            SyncClocks(*r, next, at);
            notes.push_back(timer.rule->note.empty() ? "Закрыто автоматически по сроку"
                                                     : timer.rule->note);
            Notify(*r, next, timer.rule->notify, "", now, outcome.outbox, notes);
            break;
        }
    }
    Refresh(*r, next, now);
    outcome.note = Join(notes, "; ");
    return outcome;
}

}  // namespace otklik::regulation

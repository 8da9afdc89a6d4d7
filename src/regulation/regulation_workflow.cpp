#include "regulation/regulation_workflow.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "core/appeal_attributes.hpp"
#include "core/basic_workflow.hpp"
#include "core/local_time.hpp"
#include "regulation/action_effects.hpp"
#include "regulation/appeal_state.hpp"
#include "regulation/notices.hpp"

namespace otklik::regulation {

namespace attribute = core::attribute;
namespace {

using core::Appeal;
using core::Error;
using core::FieldError;
using core::Instant;
using core::Status;

std::chrono::year_month_day LocalDate(const sla::BusinessCalendar& calendar, Instant now) {
    return ZoneOf(calendar).LocalDate(now);
}

std::string FormatDate(std::chrono::year_month_day day) { return core::FormatRussianDate(day); }

// Counts the action for `max_times` (under its shared counter, 004 memo 10).
void CountTimes(const Action& action, const Appeal& before, Appeal& next) {
    if (action.max_times == 0 && action.counts_as.empty()) return;
    next.attributes["count." + action.Counter()] =
        std::to_string(IntAttr(before, "count." + action.Counter()) + 1);
}

bool StateChanged(const Appeal& before, const Appeal& next) {
    return next.status != before.status || next.pending_reason != before.pending_reason;
}

// A final status closes the appeal (once); another reopens it; a new state starts its period.
void SettleState(const Appeal& before, Appeal& next, Instant now) {
    if (core::IsFinal(next.status)) {
        if (!core::IsFinal(before.status)) next.closed_at = now;
    } else {
        next.closed_at.reset();
    }
    if (StateChanged(before, next)) EnterState(next, now);
}

// The comment of the action, kept with the visibility the action gives it.
std::optional<core::Comment> ActionComment(const Action& action, const Appeal& appeal,
                                           const core::Actor& actor, const std::string& text,
                                           Instant now) {
    if (text.empty()) return std::nullopt;
    core::Comment comment;
    comment.appeal_id = appeal.id;
    comment.at = now;
    comment.author = actor.login;
    comment.text = text;
    comment.visibility = action.comment_visibility;
    return comment;
}

}  // namespace

RegulationWorkflow::RegulationWorkflow(std::shared_ptr<const RegulationCatalog> catalog,
                                       WorkflowOptions options)
    : catalog_(std::move(catalog)), options_(std::move(options)) {
    if (options_.default_regulation.empty()) {
        options_.default_regulation = catalog_->DefaultRegulation();
    }
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

std::vector<ClockReport> RegulationWorkflow::Clocks(const Regulation& regulation,
                                                    const Appeal& appeal, Instant now) const {
    return ComputeClocks(regulation, appeal, CalendarOf(regulation, appeal), now);
}

std::vector<Timer> RegulationWorkflow::Timers(const Regulation& regulation, const Appeal& appeal,
                                              Instant now) const {
    return ComputeTimers(regulation, appeal, CalendarOf(regulation, appeal), now);
}

void RegulationWorkflow::Refresh(const Regulation& regulation, Appeal& appeal, Instant now) const {
    RefreshDeadlines(regulation, appeal, CalendarOf(regulation, appeal), now);
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
    intake.channel_name = channel->name;
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
    return IntakeNotices(*r, appeal, CalendarOf(*r, appeal), now);
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
            return "Обращение в статусе " + Quoted(r.StatusName(appeal.status)) +
                   ": действия с ним недоступны";
        }
        return "Действие " + Quoted(action.name) + " недоступно в статусе " +
               Quoted(r.StatusName(appeal.status));
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
    if (action.effects.stage && action.effects.stage->next) {
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

std::vector<core::ClockReading> RegulationWorkflow::Clocks(const Appeal& appeal,
                                                           Instant now) const {
    const Regulation* r = RegulationOf(appeal);
    if (!r) {
        if (options_.fallback) return options_.fallback->Clocks(appeal, now);
        return {};
    }
    const sla::BusinessCalendar& calendar = CalendarOf(*r, appeal);
    std::vector<core::ClockReading> readings;
    for (const ClockReport& report : Clocks(*r, appeal, now)) {
        const sla::ClockState& s = report.state;
        readings.push_back({report.clock, report.term,
                            s.budget.clock == sla::TermClock::kWorkingTime, s.remaining,
                            calendar.DayNorm(), s.paused, s.stopped, s.breached, s.due,
                            s.escalate_at, s.escalated});
    }
    return readings;
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

core::Result<const Action*> RegulationWorkflow::AllowedAction(const Regulation& r,
                                                              const Appeal& appeal,
                                                              const core::ActionRequest& request,
                                                              const core::Actor& actor) const {
    const Action* action = r.FindAction(request.action);
    if (!action) {
        return core::Fail(
            Error::Validation({{"action", "unknown",
                                "Действие " + Quoted(request.action) +
                                    " не предусмотрено регламентом " + Quoted(r.name)}}));
    }
    if (const auto refusal = Refusal(r, *action, appeal, actor)) {
        return core::Fail(NotAllowed(*refusal));
    }
    return action;
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
    const auto action = AllowedAction(*r, appeal, request, actor);
    if (!action) return core::Fail(action.error());
    if (auto errors = CheckParams(**action, request, actor); !errors.empty()) {
        return core::Fail(Error::Validation(std::move(errors)));
    }

    core::ActionOutcome outcome;
    outcome.appeal = appeal;
    Appeal& next = outcome.appeal;
    ActionContext context{*r, **action, request, actor, appeal, next};
    if (auto applied = ApplyEffects(context); !applied) return core::Fail(applied.error());
    if (!context.errors.empty()) {
        return core::Fail(Error::Validation(std::move(context.errors)));
    }
    KeepOtherParams(context);
    CountTimes(**action, appeal, next);
    SettleState(appeal, next, now);
    SyncClocks(*r, next, now);
    Refresh(*r, next, now);

    const std::string comment = request.Param("comment");
    std::vector<std::string> notes;
    if (!comment.empty()) notes.push_back(comment);
    NotifyAfterAction(context, now, outcome.outbox, notes);
    if ((*action)->spawn) {
        auto claim = SpawnClaim(*r, **action, next, comment, now);
        if (!claim) return core::Fail(claim.error());
        claim->appeal.created_by = actor.login;
        outcome.spawned.push_back({std::move(*claim), core::LinkType::kClaimAbout});
        notes.push_back("Зарегистрирована претензия, связанная с обращением");
    }
    outcome.comment = ActionComment(**action, appeal, actor, comment, now);
    outcome.note = Join(notes, "; ");
    next.updated_at = now;
    return outcome;
}

void RegulationWorkflow::NotifyAfterAction(ActionContext& context, Instant now,
                                           std::vector<core::OutboxMessage>& outbox,
                                           std::vector<std::string>& notes) const {
    const Regulation& r = context.regulation;
    Appeal& next = context.next;
    std::vector<std::string> notify = context.notify;
    notify.insert(notify.end(), context.action.notify.begin(), context.action.notify.end());
    const bool new_state = StateChanged(context.before, next);
    if (new_state) {
        // What the old state waited for no longer holds anything back.
        next.attributes.erase("awaiting_delivery");
        next.attributes.erase("delivery_restarts_term");
    }
    SendNotices(r, next, CalendarOf(r, next), notify, context.request.Param("comment"), now, outbox,
                notes);
    // A request the applicant gets from staff starts its term when they have been told.
    if (new_state && next.attributes.contains("awaiting_delivery")) {
        next.attributes["delivery_restarts_term"] = "1";
    }
    if (next.attributes.contains("awaiting_delivery")) Refresh(r, next, now);
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
    claim.attributes[attribute::kClaimOf] = appeal.uin;
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
    const Timer& timer = timers.front();
    if (timer.at <= now) return PerformTimer(*r, appeal, timer, CalendarOf(*r, appeal), now);
    // Woken early (the timer moved): only the schedule changes.
    core::ActionOutcome outcome;
    outcome.appeal = appeal;
    outcome.appeal.next_event_at = timer.at;
    outcome.appeal.attributes["last_timer"] = "reschedule";
    return outcome;
}

}  // namespace otklik::regulation

#include "core/appeal_service.hpp"

#include <algorithm>
#include <tuple>

#include "core/appeal_attributes.hpp"
#include "core/json_text.hpp"
#include "core/personal_data.hpp"
#include "core/uin.hpp"

namespace otklik::core {
namespace {

void Compare(std::vector<FieldChange>& changes, const char* field, const std::string& from,
             const std::string& to) {
    if (from != to) changes.push_back({field, from, to});
}

void ComparePersonal(std::vector<FieldChange>& changes, const char* field, const std::string& from,
                     const std::string& to) {
    if (from != to) changes.push_back({field, from.empty() ? "" : "•••", to.empty() ? "" : "•••"});
}

std::string FormatOptional(const std::optional<Instant>& at) {
    return at ? FormatInstant(*at) : std::string();
}

// The kept-files list (a JSON array the channels write) with `files` appended.
std::string AppendKeptFiles(std::string_view list, const std::vector<KeptFile>& files) {
    std::string out(list);
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
    if (out.size() < 2 || out.front() != '[' || out.back() != ']') out = "[]";
    out.pop_back();
    bool first = out.size() == 1;
    for (const KeptFile& file : files) {
        if (!first) out += ',';
        first = false;
        out += "{\"name\":" + JsonString(file.name) + ",\"type\":" + JsonString(file.type) +
               ",\"size\":" + std::to_string(file.size) + "}";
    }
    return out + "]";
}

Result<std::string> CanonicalUin(std::string_view uin) {
    if (auto normalized = NormalizeUin(uin)) return *normalized;
    return Fail(Error::NotFound("Обращение с номером «" + std::string(uin) + "» не найдено"));
}

}  // namespace

std::vector<FieldChange> DiffAppeals(const Appeal& before, const Appeal& after) {
    std::vector<FieldChange> changes;
    Compare(changes, "status", std::string(StatusCode(before.status)),
            std::string(StatusCode(after.status)));
    Compare(changes, "pending_reason", before.pending_reason, after.pending_reason);
    Compare(changes, "stage", before.stage, after.stage);
    Compare(changes, "group", before.group, after.group);
    Compare(changes, "assignee", before.assignee, after.assignee);
    Compare(changes, "organization", before.organization, after.organization);
    Compare(changes, "category", before.category, after.category);
    Compare(changes, "subcategory", before.subcategory, after.subcategory);
    Compare(changes, "priority", before.priority, after.priority);
    Compare(changes, "subject", before.subject, after.subject);
    Compare(changes, "problem_address", before.problem_address, after.problem_address);
    Compare(changes, "regulation", before.regulation, after.regulation);
    Compare(changes, "closed_at", FormatOptional(before.closed_at),
            FormatOptional(after.closed_at));
    for (const auto& [name, at] : after.deadlines) {
        const auto old = before.deadlines.find(name);
        const std::string from = old == before.deadlines.end() ? "" : FormatInstant(old->second);
        Compare(changes, ("deadlines." + name).c_str(), from, FormatInstant(at));
    }
    for (const auto& [name, at] : before.deadlines) {
        if (!after.deadlines.contains(name)) {
            changes.push_back({"deadlines." + name, FormatInstant(at), ""});
        }
    }
    const Applicant& a = before.applicant;
    const Applicant& b = after.applicant;
    ComparePersonal(changes, "applicant.last_name", a.last_name, b.last_name);
    ComparePersonal(changes, "applicant.first_name", a.first_name, b.first_name);
    ComparePersonal(changes, "applicant.middle_name", a.middle_name, b.middle_name);
    ComparePersonal(changes, "applicant.email", a.email, b.email);
    ComparePersonal(changes, "applicant.phone", a.phone, b.phone);
    ComparePersonal(changes, "applicant.snils", a.snils, b.snils);
    ComparePersonal(changes, "applicant.inn", a.inn, b.inn);
    ComparePersonal(changes, "applicant.birth_date", a.birth_date, b.birth_date);
    ComparePersonal(changes, "applicant.address", a.address, b.address);
    Compare(changes, "applicant.region", a.region, b.region);
    Compare(changes, "applicant.contact_channel", a.contact_channel, b.contact_channel);
    return changes;
}

bool CanSee(const Actor& actor, const Appeal& appeal) {
    return AppealScope::Of(actor).Covers(appeal);
}

AppealService::AppealService(AppealRepository& appeals, const Workflow& workflow,
                             const Clock& clock)
    : appeals_(appeals), workflow_(workflow), clock_(clock) {}

NewAppeal AppealService::ToNewAppeal(Intake intake, const Actor& actor, Instant now,
                                     const std::string& note) const {
    NewAppeal request;
    request.appeal = std::move(intake.appeal);
    request.uin_prefix = intake.uin_prefix;
    request.uin_year = intake.uin_year;
    request.outbox = std::move(intake.outbox);
    request.make_outbox = [this, now](const Appeal& registered) {
        return workflow_.RegistrationNotices(registered, now);
    };
    request.entry.at = now;
    request.entry.actor = actor.login;
    request.entry.action = "register";
    request.entry.note = note;
    return request;
}

std::vector<Appeal> AppealService::EarlierAppeals(const Applicant& applicant,
                                                  const AppealScope& scope) {
    std::vector<Appeal> earlier;
    const auto add = [&](std::string AppealFilter::*field, std::string value) {
        AppealFilter filter;
        filter.*field = std::move(value);
        scope.Restrict(filter);
        // The newest few are what duplicates and repeats are found among.
        auto page = appeals_.List(filter, {AppealOrder::kByCreatedDesc, 10, ""});
        if (!page) return;
        for (auto& appeal : page->items) {
            const bool seen = std::any_of(earlier.begin(), earlier.end(),
                                          [&](const Appeal& a) { return a.id == appeal.id; });
            if (!seen) earlier.push_back(std::move(appeal));
        }
    };
    if (!applicant.email.empty()) add(&AppealFilter::applicant_email, applicant.email);
    if (!applicant.snils.empty()) add(&AppealFilter::applicant_snils, DigitsOnly(applicant.snils));
    if (!applicant.phone.empty()) add(&AppealFilter::applicant_phone, applicant.phone);
    return earlier;
}

Result<Screening> AppealService::Check(const AppealDraft& raw_draft, const Actor& actor) {
    if (!RoleAllows(actor.role, Permission::kRegisterAppeals)) {
        return Fail(Error::Forbidden("Ваша роль не позволяет регистрировать обращения"));
    }
    const AppealDraft draft = NormalizeDraft(raw_draft);
    if (auto errors = ValidateDraft(draft); !errors.empty()) {
        return Fail(Error::Validation(std::move(errors)));
    }
    if (!screener_) return Screening{};
    const AppealScope scope = AppealScope::Of(actor);
    return screener_->Screen(draft, EarlierAppeals(draft.applicant, scope), clock_.Now(), scope);
}

Result<std::vector<FieldError>> AppealService::Validate(const AppealDraft& raw_draft,
                                                        const Actor& actor) const {
    if (!RoleAllows(actor.role, Permission::kRegisterAppeals)) {
        return Fail(Error::Forbidden("Ваша роль не позволяет регистрировать обращения"));
    }
    AppealDraft draft = NormalizeDraft(raw_draft);
    if (actor.role == Role::kRegionalOperator && draft.applicant.region.empty()) {
        draft.applicant.region = actor.region;
    }
    std::vector<FieldError> errors;
    if (!draft.reserved_uin.empty() && !NormalizeUin(draft.reserved_uin)) {
        errors.push_back(
            {"reserved_uin", "format", "Номер звонка должен быть вида ПРЕФИКС-ГГГГ-NNNNNN"});
    }
    auto intake = workflow_.PrepareIntake(draft, actor, clock_.Now());
    if (!intake) {
        if (intake.error().kind != ErrorKind::kValidation) return Fail(intake.error());
        for (auto& field : intake.error().fields) errors.push_back(field);
    }
    return errors;
}

Result<Registered> AppealService::Register(const AppealDraft& raw_draft, const Actor& actor,
                                           const std::string& idempotency_key,
                                           const std::string& fingerprint,
                                           std::optional<ProcessedLetter> letter) {
    if (!RoleAllows(actor.role, Permission::kRegisterAppeals)) {
        return Fail(Error::Forbidden("Ваша роль не позволяет регистрировать обращения"));
    }
    AppealDraft draft = NormalizeDraft(raw_draft);
    // A regional operator registers for its region: an appeal without one would be invisible
    // to the operator who just took it (SEC-1).
    if (actor.role == Role::kRegionalOperator && draft.applicant.region.empty()) {
        draft.applicant.region = actor.region;
    }
    const AppealScope scope = AppealScope::Of(actor);
    const Instant now = clock_.Now();
    std::string reserved_uin;
    if (!draft.reserved_uin.empty()) {
        auto normalized = NormalizeUin(draft.reserved_uin);
        if (!normalized) {
            return Fail(Error::Validation(
                {{"reserved_uin", "format", "Номер звонка должен быть вида ПРЕФИКС-ГГГГ-NNNNNN"}}));
        }
        reserved_uin = *normalized;
    }
    // TR-6: the suggested category and priority stay in the triage outcome for the operator;
    // the regulation decides what an appeal without them gets.
    Screening screening;
    if (screener_ && ValidateDraft(draft).empty()) {
        // SEC-5: an unproven public contact is not matched with anyone's earlier appeals.
        const auto earlier =
            draft.contact_unproven ? std::vector<Appeal>{} : EarlierAppeals(draft.applicant, scope);
        screening = screener_->Screen(draft, earlier, now, scope);
    }
    using Decision = Screening::Decision;
    if (screening.decision == Decision::kReturn) {
        Error error = Error::Unprocessable("returned_unregistered", screening.message);
        return Fail(std::move(error));
    }
    if (screening.decision == Decision::kComment) {
        // TR-8: the earlier appeal gets the inquiry as a comment; nothing new is registered.
        const Actor system{0, actor.login, Role::kAdministrator, "", ""};
        auto earlier = appeals_.FindByUin(screening.comment_on_uin);
        if (!earlier) return Fail(earlier.error());
        if (!scope.Covers(*earlier) || draft.contact_unproven) {
            return Fail(Error::NotFound("Обращение не найдено"));
        }
        const std::string text =
            "Повторное обращение заявителя о статусе (канал: " + draft.channel + "): " + draft.text;
        // CH-7: the request's idempotency key makes a retried inquiry comment once; a replay
        // is answered as one (Idempotent-Replayed).
        auto comment =
            CommentOn(*earlier, text, Visibility::kInternal, system, idempotency_key, fingerprint);
        if (!comment) return Fail(comment.error());
        Registered outcome{*earlier, comment->id == 0, false, screening.message, screening.report};
        return outcome;
    }

    auto intake = workflow_.PrepareIntake(draft, actor, now);
    if (!intake) return Fail(intake.error());
    Appeal& appeal = intake->appeal;
    appeal.triage = screening.report;
    if (!screening.fingerprint.empty())
        appeal.attributes[attribute::kTriageFingerprint] = screening.fingerprint;
    std::string note = "Обращение зарегистрировано, канал: " +
                       (intake->channel_name.empty() ? appeal.channel : intake->channel_name);
    if (screening.decision != Decision::kAccept) {
        AwaitTriageReview(appeal, screening.decision, appeal.status, appeal.pending_reason);
    }
    if (screening.decision == Decision::kHold) {
        appeal.status = Status::kPending;
        appeal.pending_reason = "triage_review";
        note +=
            ". Задержано автоматической проверкой до решения руководителя: " + screening.message;
    } else if (screening.decision == Decision::kRefuse) {
        appeal.status = Status::kRefused;
        appeal.pending_reason.clear();
        appeal.closed_at = now;
        appeal.next_event_at.reset();
        appeal.attributes[attribute::kRefusalReason] = screening.rule;
        appeal.attributes[attribute::kRefusalMessage] = screening.message;
        note += ". Не рассматривается по результатам автоматической проверки: " + screening.message;
    }
    if (screening.decision == Decision::kHold || screening.decision == Decision::kRefuse) {
        workflow_.Describe(appeal);  // the regulation's name of the state triage set
    }
    NewAppeal request = ToNewAppeal(std::move(*intake), actor, now, note);
    request.links = screening.links;
    if (screening.decision == Decision::kRefuse) {
        // Every refusal says why to the applicant (TR-*, 004: a duplicate names the original).
        // 000 §4.8–4.9: unless the regulation leaves such appeals unanswered.
        request.make_outbox = [this, now](const Appeal& registered) {
            return workflow_.RefusalNotices(registered, now);
        };
    }
    request.idempotency_key = idempotency_key;
    request.idempotency_fingerprint = fingerprint;
    request.reserved_uin = reserved_uin;
    if (letter) {
        letter->at = now;
        request.letter = std::move(letter);
    }
    auto registered = appeals_.Register(std::move(request));
    if (registered && !registered->replayed && !screening.inquiry_about_uin.empty() &&
        !draft.contact_unproven) {
        NoteInquiryOnEarlier(screening.inquiry_about_uin, registered->appeal, actor);
    }
    if (registered && !registered->replayed && screener_) screener_->Remember(registered->appeal);
    if (registered && !registered->replayed && registered_) registered_(registered->appeal);
    if (registered) {
        registered->message = screening.message;
        registered->triage = std::move(screening.report);
    }
    return registered;
}

// 002 §4.8.4.1: the earlier appeal gets an internal comment that its applicant asked how far it
// got, in a new appeal registered because it brings other matters too. The new appeal is already
// acknowledged and linked to the earlier one (status_inquiry_about), which shows the inquiry on
// both cards: a comment that cannot be written (the store failing just after the registration)
// loses only this note, so its error is not the registration's.
void AppealService::NoteInquiryOnEarlier(const std::string& earlier_uin, const Appeal& inquiry,
                                         const Actor& actor) {
    auto earlier = appeals_.FindByUin(earlier_uin);
    if (!earlier || !AppealScope::Of(actor).Covers(*earlier)) return;
    const Actor system{0, actor.login, Role::kAdministrator, "", ""};
    const std::string text = "Заявитель спросил о ходе рассмотрения этого обращения в обращении " +
                             inquiry.uin + " (канал: " + inquiry.channel +
                             "); оно зарегистрировано отдельно, так как сообщает и о другом.";
    (void)CommentOn(*earlier, text, Visibility::kInternal, system, "", "");
}

Result<Appeal> AppealService::ReviewTriage(std::string_view uin, const std::string& verdict,
                                           const std::string& comment, const Actor& actor,
                                           std::optional<std::int64_t> if_match) {
    if (!RoleAllows(actor.role, Permission::kReviewTriage)) {
        return Fail(
            Error::Forbidden("Решения автоматической проверки пересматривает руководитель"));
    }
    auto current = Get(uin, actor);
    if (!current) return current;
    if (if_match && *if_match != current->version) {
        return Fail(Error::Conflict("version_conflict",
                                    "Обращение уже изменил кто-то другой: обновите карточку"));
    }
    const auto automatic = TriageAwaitingReview(*current);
    if (!automatic) {
        return Fail(Error::Unprocessable(
            "nothing_to_review", "По этому обращению нет решения проверки, ожидающего пересмотра"));
    }
    if (verdict != "accept" && verdict != "refuse") {
        return Fail(Error::Validation(
            {{"decision", "unknown", "Решение: accept (принять в работу) или refuse (отказать)"}}));
    }
    if (verdict == "refuse" && comment.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Fail(Error::Validation({{"comment", "required", "Укажите причину отказа"}}));
    }
    const Instant now = clock_.Now();
    ActionOutcome outcome{*current, "", {}, std::nullopt, {}};
    Appeal& next = outcome.appeal;
    RecordTriageReview(next, {verdict, actor.login, comment});
    if (verdict == "accept") {
        std::tie(next.status, next.pending_reason) = IntakeStateOf(*current);
        next.closed_at.reset();
        next.attributes.erase(attribute::kRefusalReason);
        next.attributes.erase(attribute::kRefusalMessage);
        const std::string name = *automatic == TriageDecision::kRefuse ? "отказ"
                                 : *automatic == TriageDecision::kHold ? "задержка до проверки"
                                                                       : "пометка";
        outcome.note = "Решение автоматической проверки («" + name +
                       "») пересмотрено: обращение принято в работу. " + comment;
    } else {
        next.status = Status::kRefused;
        next.pending_reason.clear();
        next.closed_at = now;
        next.next_event_at.reset();
        next.attributes[attribute::kRefusalReason] = "supervisor";
        next.attributes[attribute::kRefusalMessage] = comment;
        outcome.note = "Обращение не рассматривается по решению руководителя: " + comment;
    }
    // Issue 16: the regulation's name of the new state, not the one it had (a refused appeal
    // read «Зарегистрирована»).
    workflow_.Describe(next);
    return Save(*current, std::move(outcome), "triage_review", actor.login, now);
}

Result<Appeal> AppealService::Get(std::string_view uin, const Actor& actor) {
    const auto canonical = CanonicalUin(uin);
    if (!canonical) return Fail(canonical.error());
    auto appeal = appeals_.FindByUin(*canonical);
    if (!appeal) return appeal;
    if (!CanSee(actor, *appeal)) {
        return Fail(Error::NotFound("Обращение с номером «" + std::string(uin) + "» не найдено"));
    }
    return appeal;
}

Result<Appeal> AppealService::Save(const Appeal& current, ActionOutcome outcome,
                                   const std::string& action, const std::string& actor,
                                   Instant now) {
    AppealChange change;
    change.expected_version = current.version;
    change.entry.appeal_id = current.id;
    change.entry.at = now;
    change.entry.actor = actor;
    change.entry.action = action;
    change.entry.changes = DiffAppeals(current, outcome.appeal);
    change.entry.note = outcome.note;
    outcome.appeal.updated_at = now;
    change.appeal = std::move(outcome.appeal);
    change.outbox = std::move(outcome.outbox);
    change.comment = std::move(outcome.comment);
    const Actor author{0, actor, Role::kOperator, "", ""};
    for (auto& spawned : outcome.spawned) {
        const std::string note = "Зарегистрировано по обращению " + current.uin;
        change.spawned.emplace_back(ToNewAppeal(std::move(spawned.intake), author, now, note),
                                    spawned.link);
    }
    const bool spawns = !change.spawned.empty();
    auto updated = appeals_.Update(std::move(change));
    if (updated && spawns && registered_) {
        // Claims registered with this change (LC-4) are new appeals too.
        if (auto links = appeals_.Links(updated->id)) {
            for (const auto& link : *links) {
                if (link.type != LinkType::kClaimAbout || link.to_id != updated->id) continue;
                auto claim = appeals_.FindById(link.from_id);
                if (claim && claim->created_at == now) registered_(*claim);
            }
        }
    }
    return updated;
}

Result<Appeal> AppealService::Act(std::string_view uin, const ActionRequest& request,
                                  const Actor& actor, std::optional<std::int64_t> if_match) {
    auto current = Get(uin, actor);
    if (!current) return current;
    if (if_match && *if_match != current->version) {
        return Fail(Error::Conflict("version_conflict",
                                    "Обращение уже изменил кто-то другой: обновите карточку"));
    }
    const Instant now = clock_.Now();
    // 004: a refusal as a duplicate names the original and its solution; the original must be
    // an appeal the actor may see. The solution goes with the appeal for the refusal notice.
    Appeal acting = *current;
    if (const std::string original = request.Param("original"); !original.empty()) {
        auto earlier = Get(original, actor);
        if (!earlier) {
            return Fail(Error::Validation(
                {{"original", "not_found", "Нет обращения с номером «" + original + "»"}}));
        }
        acting.attributes[attribute::kOriginalSolution] =
            std::string(AttributeOr(*earlier, attribute::kSolution, "—"));
    }
    auto outcome = workflow_.Apply(acting, request, actor, now);
    if (!outcome) return Fail(outcome.error());
    if (!request.files.empty()) {
        std::string listed = AppendKeptFiles(
            AttributeOr(outcome->appeal, attribute::kEmailAttachments), request.files);
        outcome->appeal.attributes[attribute::kEmailAttachments] = std::move(listed);
        std::string names;
        for (const KeptFile& file : request.files) {
            names += (names.empty() ? "" : ", ") + file.name;
        }
        outcome->note +=
            (outcome->note.empty() ? "" : ". ") + std::string("Приложены файлы: ") + names;
    }
    return Save(*current, std::move(*outcome), request.action, actor.login, now);
}

Result<Appeal> AppealService::RecordDelivery(std::string_view uin, const std::string& kind,
                                             const std::string& via, const std::string& comment,
                                             const Actor& actor) {
    auto current = Get(uin, actor);
    if (!current) return current;
    const Instant now = clock_.Now();
    auto outcome = workflow_.Delivered(*current, kind, via, now);
    if (!comment.empty()) outcome.note += ". " + comment;
    return Save(*current, std::move(outcome), "notice_delivered", actor.login, now);
}

Result<int> AppealService::RunDueTimers(int limit) {
    const Instant now = clock_.Now();
    auto due = appeals_.FindDue(now, limit);
    if (!due) return Fail(due.error());
    int changed = 0;
    for (const Appeal& appeal : *due) {
        auto outcome = workflow_.Tick(appeal, now);
        if (!outcome) {
            // Nothing to do after all: clear the timer so the appeal leaves the due index.
            ActionOutcome cleared{appeal, "", {}, std::nullopt, {}};
            cleared.appeal.next_event_at.reset();
            if (Save(appeal, std::move(cleared), "timer", "system", now)) ++changed;
            continue;
        }
        const std::string action(AttributeOr(outcome->appeal, attribute::kLastTimer, "timer"));
        if (Save(appeal, std::move(*outcome), action, "system", now)) ++changed;
    }
    return changed;
}

Result<Comment> AppealService::AddComment(std::string_view uin, const std::string& text,
                                          Visibility visibility, const Actor& actor) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Fail(Error::Validation({{"text", "required", "Комментарий пуст"}}));
    }
    if (text.size() > 100000) {
        return Fail(Error::Validation({{"text", "too_long", "Комментарий слишком длинный"}}));
    }
    auto appeal = Get(uin, actor);
    if (!appeal) return Fail(appeal.error());
    return CommentOn(*appeal, text, visibility, actor, "", "");
}

Result<Comment> AppealService::CommentOn(const Appeal& appeal, const std::string& text,
                                         Visibility visibility, const Actor& actor,
                                         const std::string& idempotency_key,
                                         const std::string& fingerprint) {
    Comment comment;
    comment.appeal_id = appeal.id;
    comment.at = clock_.Now();
    comment.author = actor.login;
    // SEC-3: the applicant's personal data stays in the applicant's fields, read through the
    // logged reveal; free text keeps a reference to them (the hotline call card, notes).
    comment.text = ScrubApplicantData(text, appeal.applicant);
    comment.visibility = visibility;
    HistoryEntry entry;
    entry.appeal_id = appeal.id;
    entry.at = comment.at;
    entry.actor = actor.login;
    entry.action = visibility == Visibility::kPublic ? "comment_public" : "comment_internal";
    if (idempotency_key.empty()) return appeals_.AddComment(comment, entry);
    return appeals_.AddCommentOnce(comment, entry, idempotency_key, fingerprint);
}

Result<Link> AppealService::AddLink(std::string_view uin, LinkType type,
                                    std::string_view target_uin, const Actor& actor) {
    auto from = Get(uin, actor);
    if (!from) return Fail(from.error());
    const auto canonical_target = NormalizeUin(target_uin);
    if (!canonical_target) {
        return Fail(Error::Validation({{"target", "format", "Номер обращения указан неверно"}}));
    }
    auto to = appeals_.FindByUin(*canonical_target);
    // One answer for a missing target and one the actor may not see (SEC-6).
    if (!to || !CanSee(actor, *to)) {
        return Fail(
            Error::Validation({{"target", "not_found", "Связываемое обращение не найдено"}}));
    }
    if (to->id == from->id) {
        return Fail(
            Error::Validation({{"target", "self", "Нельзя связать обращение с самим собой"}}));
    }
    Link link;
    link.from_id = from->id;
    link.from_uin = from->uin;
    link.to_id = to->id;
    link.to_uin = to->uin;
    link.type = type;
    link.at = clock_.Now();
    link.author = actor.login;
    HistoryEntry entry;
    entry.appeal_id = from->id;
    entry.at = link.at;
    entry.actor = actor.login;
    entry.action = "link";
    entry.changes.push_back({"links", "", std::string(LinkTypeCode(type)) + " " + to->uin});
    return appeals_.AddLink(link, entry);
}

Result<std::vector<Link>> AppealService::VisibleLinks(const Appeal& appeal, const Actor& actor) {
    auto links = appeals_.Links(appeal.id);
    if (!links) return links;
    const AppealScope scope = AppealScope::Of(actor);
    if (scope.unrestricted()) return links;
    std::vector<Link> visible;
    for (auto& link : *links) {
        const std::int64_t other = link.from_id == appeal.id ? link.to_id : link.from_id;
        if (auto found = appeals_.FindById(other); found && scope.Covers(*found)) {
            visible.push_back(std::move(link));
        }
    }
    return visible;
}

std::vector<ClockReading> AppealService::Clocks(const Appeal& appeal) const {
    return workflow_.Clocks(appeal, clock_.Now());
}

std::vector<std::string> AppealService::AvailableActions(const Appeal& appeal,
                                                         const Actor& actor) const {
    return workflow_.AvailableActions(appeal, actor);
}

}  // namespace otklik::core

#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"
#include "core/user.hpp"
#include "core/workflow.hpp"
#include "regulation/effects.hpp"
#include "sla/term.hpp"
#include "sla/work_schedule.hpp"

namespace otklik::regulation {

/// One regulation (регламент) as loaded from its TOML file: everything a deployment works by
/// that is not code (SPEC "Regulations are data"). Plain data, immutable after loading; the
/// format is described field by field in docs/regulations.md. Every definition keeps the line
/// it came from, so that cross-reference errors name it.
///
/// Codes are stable identifiers used by the API and in stored appeals; `name`s are Russian text
/// for people (CH-8).

/// What an appeal is: "appeal", or "claim" for an appeal spawned by a dispute (LC-4).
enum class AppealKind { kAppeal, kClaim };
std::optional<AppealKind> ParseAppealKind(std::string_view code);
std::string_view AppealKindCode(AppealKind kind);

/// Values a rule, term or list matches against; an empty list matches anything. All present
/// lists must match (AND); a list matches when the appeal's value is one of its items (OR).
struct Condition {
    std::vector<std::string> channels;
    std::vector<std::string> categories;
    std::vector<std::string> subcategories;
    std::vector<std::string> priorities;
    std::vector<std::string> regions;          ///< the applicant's region code
    std::vector<std::string> applicant_roles;  ///< the applicant's role in their own system
    std::vector<std::string> groups;           ///< the current group
    std::vector<int> lines;                    ///< the current group's support line
    std::vector<std::string> organizations;
    std::vector<AppealKind> kinds;
    std::string missing;   ///< a field set that must be incomplete (CH-4)
    std::string complete;  ///< a field set that must be complete

    bool Empty() const;
};

/// A named list of appeal fields, e.g. what a ticket must hold before it is handed on (CH-4).
struct FieldSet {
    std::string code;
    std::string name;
    std::vector<std::string> fields;  ///< field names, see KnownFields()
    int source_line = 0;
};

/// What fills drafts on a channel: "email" (a letter), "chatbot" (the dialog) or "form" (staff
/// form, the calls API, other systems: any field).
enum class ChannelAdapter { kEmail, kChatbot, kForm };
std::optional<ChannelAdapter> ParseChannelAdapter(std::string_view code);
std::string_view ChannelAdapterCode(ChannelAdapter adapter);

/// An intake channel (CH-1) with the fields registration requires on it (CH-3).
struct Channel {
    std::string code;
    std::string name;
    std::vector<std::string> required;
    /// The text must begin with this marker (003: «Центр мониторинга 112»); empty: none.
    std::string text_prefix;
    std::string description;
    /// The adapter that fills drafts on this channel. What the adapter can fill bounds what
    /// `required` may ask (channel_contract.hpp).
    ChannelAdapter adapter = ChannelAdapter::kForm;
    /// Chatbot channels: the categories the dialog offers as the question type, in order
    /// (000 §5.6.1: informational or technical; §4.5, §5.8: organizational, methodological).
    std::vector<std::string> question_types;
    int source_line = 0;
};

struct Subcategory {
    std::string code;
    std::string name;
};

struct Category {
    std::string code;
    std::string name;
    std::string description;
    /// Priorities allowed with this category; empty: any defined priority.
    std::vector<std::string> priorities;
    std::vector<Subcategory> subcategories;
    int source_line = 0;

    const Subcategory* FindSubcategory(std::string_view code) const;
};

/// A priority with the guidance an operator sees when choosing it (SLA-2, 004 table 3).
struct Priority {
    std::string code;
    std::string name;
    std::string guidance;
    int source_line = 0;
};

/// A term as a regulation states it: an amount and a unit, or "by agreement" (004 table 2:
/// «по согласованию»), in which case the agreed term is set later by an action.
struct TermSpec {
    bool by_agreement = false;
    sla::Term term{};
};

/// One row of the term table: the first row (in file order) of a clock whose condition matches
/// the appeal gives the clock its term.
struct TermRule {
    std::string clock;
    TermSpec term;
    Condition when;
    std::string cite;
    int source_line = 0;
};

/// Where an escalation sends the appeal (RT-5): a group, or "$next_line", the current group's
/// `next`.
struct EscalationTarget {
    bool next_line = false;
    std::string group;  ///< when not `next_line`; "": nowhere

    bool Empty() const { return !next_line && group.empty(); }
    /// As the file says it: "$next_line", the group code, or "".
    std::string Code() const { return next_line ? "$next_line" : group; }
};

/// An SLA clock of appeals ("resolution", "tech_support"…). It runs while the appeal is open and,
/// when `groups` is set, only while the appeal is with one of those groups; it pauses in a
/// pending reason that stops the clock (SLA-4) and stops when the appeal is resolved, closed or
/// refused.
struct ClockSpec {
    std::string code;
    std::string name;
    std::vector<std::string> groups;
    /// Share of the term at which the appeal escalates (RT-5); 0: never.
    double escalation_share = 0;
    /// Where an escalation sends the appeal; none: the escalation is only marked.
    EscalationTarget escalate_to;
    std::string cite;
    int source_line = 0;
};

/// A reason for the pending status (LC-1); `stops_clock` excludes its time from the terms
/// (SLA-4, 004 table 5).
struct PendingReason {
    std::string code;
    std::string name;
    bool stops_clock = true;
    std::string description;
    /// Action parameters the pause for this reason must record (004 table 5: the vendor's
    /// ticket number, the change request, the agreed resume date).
    std::vector<std::string> requires_params;
    int source_line = 0;
};

/// A reason to refuse an appeal (TR, 004 «вправе мотивированно отказать»).
struct RefusalReason {
    std::string code;
    std::string name;
    /// An action parameter this reason needs (004: a duplicate names the original ticket).
    std::string requires_param;
    /// What the refusal notice says for this reason ({refusal_notice}): «Заявка-дубль {original},
    /// решение: {original_solution}».
    std::string notice;
    int source_line = 0;
};

/// A processing stage (LC-6, 003): coordination, execution, agreement, approval…
struct Stage {
    std::string code;
    std::string name;
    /// Roles that may move the appeal on from this stage; empty: the action's roles decide.
    std::vector<std::string> roles;
    /// Channels this stage applies to; appeals from other channels skip it. Empty: all.
    std::vector<std::string> channels;
    /// Status the appeal takes on entering the stage.
    std::optional<core::Status> status;
    /// Notifications sent on entering the stage.
    std::vector<std::string> notify;
    int source_line = 0;
};

/// A parameter an action takes from the API request.
struct ParamSpec {
    std::string name;
    bool required = false;
    std::vector<std::string> values;  ///< allowed values; empty: any
    bool date = false;                ///< a calendar date, 2026-03-02
    std::string label;                ///< Russian name for forms and refusals; empty: `name`
};

/// A new appeal an action registers alongside: a claim about a disputed resolution (LC-4).
struct SpawnSpec {
    std::string group;    ///< the claims group (002: ГРП)
    std::string notify;   ///< notification with the claim's own number, sent once registered
    std::string subject;  ///< subject of the claim; "{uin}" is the disputed appeal's number
};

/// How a workplace presents an action: the usual next step, one of the others, or one that ends
/// the work on the appeal and is asked again before it is taken.
enum class Prominence { kPrimary, kOther, kDangerous };

/// "primary", "other", "dangerous".
const char* ProminenceCode(Prominence prominence);

/// A workflow action: who may take it, in which state, what it needs and what it does (its
/// effects, resolved at load: effects.hpp).
struct Action {
    std::string code;
    std::string name;
    std::string cite;
    int source_line = 0;

    // --- who and when ---
    std::vector<std::string> roles;  ///< role codes, "*" for any staff role
    std::vector<core::Status> from;  ///< allowed statuses; empty: any status that is not final
    std::vector<std::string> stages;
    std::vector<std::string> pending_reasons;
    std::vector<std::string> groups;
    std::vector<std::string> channels;
    std::string complete;  ///< field set that must be complete (CH-4)
    /// Channels whose appeals need `complete`; empty: all (002 §3.2: a call goes on without it).
    std::vector<std::string> complete_channels;
    int max_times = 0;  ///< how many times it may be applied to one appeal; 0: no limit
    /// A counter shared with other actions (004 memo 10: forward, assign and escalate are all
    /// transfers); empty: the action's own.
    std::string counts_as;
    std::string refusal;  ///< Russian reason shown when `max_times` is exhausted

    std::vector<ParamSpec> params;
    /// `prominence` in the file; by default dangerous when the action ends in a final status,
    /// else other.
    Prominence prominence = Prominence::kOther;

    // --- what it does ---
    /// Changing a category or priority the applicant gave needs the `agreement` parameter: how
    /// the change was agreed with them (004: «по согласованию с пользователем»).
    bool needs_agreement = false;
    /// The comment is a briefing for the colleague and must name the appeal's number (004 memo
    /// 10: ФИО, ИНН организации, УИН).
    bool briefing = false;
    ActionEffects effects;
    std::vector<std::string> notify;
    core::Visibility comment_visibility = core::Visibility::kInternal;
    std::optional<SpawnSpec> spawn;

    const ParamSpec* FindParam(std::string_view name) const;
    /// «label» of a parameter for people, else «name».
    std::string ParamLabel(std::string_view param) const;
    /// The counter `max_times` limits: `counts_as`, or the action's own code.
    const std::string& Counter() const { return counts_as.empty() ? code : counts_as; }
};

/// What the applicant's own answers do (LC-2, LC-4, LC-5): for each intent, the actions that
/// carry it out, the first one available in the appeal's state wins (002 §4.12.2: a written
/// disagreement goes back for reprocessing, a phone one becomes a claim).
struct ApplicantAnswers {
    std::vector<std::string> reply{"provide_info"};
    std::vector<std::string> confirm{"confirm"};
    std::vector<std::string> dispute{"dispute"};
    /// Withdrawing one's own appeal: only where the regulation's file says so.
    std::vector<std::string> withdraw;
    int source_line = 0;

    const std::vector<std::string>& For(core::ApplicantIntent intent) const;
    /// Whether `action` answers some intent.
    bool Answers(std::string_view action) const;
};

/// A group (служба, линия) appeals are assigned to (RT-1, RT-7).
struct Group {
    std::string code;
    std::string name;
    int support_line = 1;
    /// The group of the next line, where escalations go (RT-5).
    std::string next;
    /// Applicant regions this group serves (a regional operator); empty: all.
    std::vector<std::string> regions;
    std::string description;
    int source_line = 0;
};

/// An executor organization (003) with its place in the hierarchy and its competence.
struct Organization {
    std::string code;
    std::string name;
    std::string parent;
    /// Connected to the system; appeals for organizations that are not are refused (CH-5).
    bool connected = true;
    /// Chosen when the competent organization is unclear (CH-5); at most one.
    bool default_coordinator = false;
    /// Appeals addressed to one of its subordinates go to it for coordination (RT-4).
    bool coordinates_subordinates = false;
    /// Category codes, "category/subcategory" codes, or "*".
    std::vector<std::string> competence;
    /// The regions (subject codes) it serves; empty: every region (a federal body). The hotline
    /// offers the caller's region's organizations first (issue 16 point 6).
    std::vector<std::string> regions;
    int source_line = 0;

    /// Competent for appeals of the category (and subcategory, when given): CH-5.
    bool CompetentFor(std::string_view category, std::string_view subcategory) const;
};

/// A routing rule applied at intake: every rule whose condition matches applies, in file order,
/// later ones overriding what earlier ones set (RT-2, RT-3).
struct RoutingRule {
    Condition when;
    std::string group;
    /// Prefer the group serving the applicant's region (000 §5.8), falling back to `group`.
    bool regional = false;
    std::optional<core::Status> status;
    std::string pending_reason;
    std::vector<std::string> notify;
    std::string cite;
    int source_line = 0;
};

/// Closes an appeal left too long in one state, after reminders (LC-2, LC-5).
struct AutoCloseRule {
    core::Status status = core::Status::kPending;
    std::string pending_reason;  ///< with status pending: which reason; empty: any
    sla::Term after{};           ///< from entering the state
    std::vector<sla::Term> reminders;
    std::string reminder;   ///< notification template of the reminders
    int min_reminders = 0;  ///< reminders that must have been sent before closing
    core::Status result = core::Status::kClosed;
    std::vector<std::string> notify;
    std::string note;  ///< Russian text for the history
    std::string cite;
    int source_line = 0;
};

/// How a notice reaches the applicant: "contact", the channel the applicant chose; "email",
/// always e-mail (004: the resolution goes by e-mail whatever the channel).
enum class NotificationChannel { kContact, kEmail };
std::optional<NotificationChannel> ParseNotificationChannel(std::string_view code);
std::string_view NotificationChannelCode(NotificationChannel channel);

/// A notification template (NT-1). Placeholders such as {uin} are listed in docs/regulations.md.
struct Notification {
    std::string code;
    NotificationChannel channel = NotificationChannel::kContact;
    std::string subject;
    std::string text;
    /// Sent at most once per appeal (002 §3.8.2: no further notices).
    bool once = false;
    int source_line = 0;
};

/// A named work list (003: the intake operators' three lists).
struct WorkList {
    std::string code;
    std::string name;
    std::vector<core::Status> statuses;
    std::vector<std::string> stages;
    std::vector<std::string> channels;
    std::vector<std::string> roles;
    int source_line = 0;
};

/// Working time of the regulation (SLA-5).
struct CalendarSpec {
    std::string time_zone = "Europe/Moscow";
    /// Business time runs in the applicant's region's zone when the region is known.
    bool zone_from_region = false;
    bool around_the_clock = false;
    /// 09:00–18:00 with lunch 13:00–14:00 unless the file says otherwise.
    sla::WorkingHours hours{
        std::chrono::hours{9}, std::chrono::hours{18},
        sla::WorkingHours::Break{std::chrono::hours{13}, std::chrono::hours{14}}};
};

/// What intake triage does when one of its rules fires (TR-1…TR-8, CH-4), as the regulation
/// sets it; rules it does not name keep the defaults (docs/regulations.md, [triage]).
struct TriageSetting {
    std::string rule;              ///< foreign_language, obscene_language, duplicate…
    std::string action;            ///< off, flag, comment, hold, return, refuse
    std::string uncertain_action;  ///< when the rule is only fairly sure; empty: the default
    int source_line = 0;
};

/// [[triage_misdirected]]: questions that belong to another organization (TR-4, 000 §6.1).
struct TriageMisdirected {
    std::string organization;  ///< Russian name, shown in the explanation
    std::vector<std::string>
        addressee;                    ///< an appeal that starts with one is certainly misdirected
    std::vector<std::string> topics;  ///< probable: held for a person
    /// Words of the regulation's own system («аис», «сертификат*»): a topic found in a text
    /// that also names one of them is the system's question, not the other body's.
    std::vector<std::string> unless;
    /// Single words of the organization's vocabulary («кредит», «поликлиник*»): weak evidence,
    /// flagged for the operator and never a reason to hold (issue 15).
    std::vector<std::string> hints;
    int source_line = 0;
};

/// [[triage_not_covered]]: services the contract does not cover (TR-7).
struct TriageNotCovered {
    std::string service;                ///< Russian name, shown in the explanation
    std::vector<std::string> keywords;  ///< probable: held for a person
    std::vector<std::string>
        categories;                   ///< categories an applicant may choose that are not served
    std::vector<std::string> unless;  ///< as TriageMisdirected::unless
    int source_line = 0;
};

/// The rule codes a [triage] section may name.
const std::vector<std::string>& TriageRuleCodes();

struct Regulation {
    std::string id;
    int version = 1;
    std::string name;
    std::string source;
    std::string uin_prefix;
    std::string contacts;
    std::string description;
    std::chrono::year_month_day in_force_from{};
    std::optional<std::chrono::year_month_day> in_force_until;
    /// `default = true`: the regulation of appeals that name none, unless the server's
    /// configuration names another (RegulationCatalog::DefaultRegulation).
    bool is_default = false;
    std::string file;  ///< the file it was loaded from

    CalendarSpec calendar;
    std::vector<std::pair<core::Status, std::string>> status_names;
    std::vector<std::string> intake_notify;
    /// Whether an appeal refused at intake is told so (000 §4.8–4.9: «остаются без ответа»).
    bool answer_refusals = true;
    ApplicantAnswers applicant_answers;
    std::vector<FieldSet> field_sets;
    std::vector<Channel> channels;
    std::vector<Category> categories;
    std::vector<Priority> priorities;
    std::vector<ClockSpec> clocks;
    std::vector<TermRule> terms;
    std::vector<PendingReason> pending_reasons;
    std::vector<RefusalReason> refusal_reasons;
    std::vector<Stage> stages;
    std::vector<Action> actions;
    std::vector<Group> groups;
    std::vector<Organization> organizations;
    std::vector<RoutingRule> routing;
    std::vector<AutoCloseRule> auto_close;
    std::vector<Notification> notifications;
    std::vector<WorkList> lists;
    std::vector<TriageSetting> triage;
    std::vector<TriageMisdirected> triage_misdirected;
    std::vector<TriageNotCovered> triage_not_covered;

    const FieldSet* FindFieldSet(std::string_view code) const;
    const Channel* FindChannel(std::string_view code) const;
    const Category* FindCategory(std::string_view code) const;
    const Priority* FindPriority(std::string_view code) const;
    const ClockSpec* FindClock(std::string_view code) const;
    const PendingReason* FindPendingReason(std::string_view code) const;
    const RefusalReason* FindRefusalReason(std::string_view code) const;
    const Stage* FindStage(std::string_view code) const;
    const Action* FindAction(std::string_view code) const;
    const Group* FindGroup(std::string_view code) const;
    const Organization* FindOrganization(std::string_view code) const;
    const Notification* FindNotification(std::string_view code) const;
    const Organization* DefaultCoordinator() const;

    /// The regulation's Russian name of a status, or the default one.
    std::string StatusName(core::Status status) const;
    /// Whether the regulation is in force on `day` (SLA-7).
    bool InForceOn(std::chrono::year_month_day day) const;
};

/// Appeal fields regulations may require or list in field sets: "text", "applicant.snils"…
const std::vector<std::string>& KnownFields();
/// The Russian name of a known field («СНИЛС»), or the field itself.
std::string FieldDisplayName(std::string_view field);
/// Whether `appeal` has a non-empty value for a known field.
bool HasField(const core::Appeal& appeal, std::string_view field);

/// Parses "5 business_days", "4 business_hours", "30 calendar_days", "24 hours" (singular units
/// accepted); nullopt when malformed or not positive.
std::optional<sla::Term> ParseTerm(std::string_view text);
/// The stored form: "5 business_days", "1 business_day", "24 hours".
std::string FormatTerm(const sla::Term& term);
/// Russian: «5 рабочих дней», «1 рабочий день», «24 часа».
std::string RussianTerm(const sla::Term& term);

}  // namespace otklik::regulation

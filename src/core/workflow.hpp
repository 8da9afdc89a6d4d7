#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/appeal.hpp"
#include "core/result.hpp"
#include "core/user.hpp"

namespace otklik::core {

/// What an applicant or a channel submits; becomes an Appeal once accepted.
struct AppealDraft {
    std::string regulation;
    std::string channel;
    Applicant applicant;
    std::string subject;
    std::string text;
    std::string problem_address;
    std::string category;
    std::string subcategory;
    std::string priority;
    std::string source_ref;
    /// Executor organization chosen at intake (CH-5, 003); empty: the regulation decides.
    std::string organization;
    /// The UIN reserved when the phone call was taken (CH-2); empty: a new number.
    std::string reserved_uin;
    /// Set by a public channel (chatbot, e-mail) whose applicant has not proven control of the
    /// contact (SEC-5): screening then looks at none of the contact's earlier appeals, so no
    /// earlier appeal is named, commented or linked as a duplicate.
    bool contact_unproven = false;
};

/// Where a regulation's numbers come from: its UIN prefix and the Moscow year.
struct UinSlot {
    std::string regulation;
    std::string prefix;
    int year = 0;
};

/// How a regulation takes a draft in: the appeal as registered plus what the store needs.
struct Intake {
    Appeal appeal;
    std::string uin_prefix;
    int uin_year = 0;
    /// What the regulation calls the intake channel («Телефон горячей линии»), for the history;
    /// empty when it has no name for it.
    std::string channel_name;
    std::vector<OutboxMessage> outbox;
};

/// A file kept with an appeal (an e-mail attachment, a file sent with an answer on the status
/// page): what the appeal lists; the bytes are the channel's to store.
struct KeptFile {
    std::string name;
    std::string type;  ///< MIME type
    std::uint64_t size = 0;
};

/// An action request from the API: `action` is its code ("assign", "close"…), `params` the
/// request's other string fields ("group", "assignee", "comment"…).
struct ActionRequest {
    std::string action;
    std::map<std::string, std::string> params;
    /// Files the applicant attached to their answer, already stored by the channel; the appeal
    /// lists them with its other files in the same change (attribute::kEmailAttachments).
    std::vector<KeptFile> files = {};

    std::string Param(const std::string& name) const {
        const auto it = params.find(name);
        return it == params.end() ? std::string() : it->second;
    }
};

/// What an applicant says about their own appeal through a channel the server vouches for (a
/// reply from their own address, a signed link in a letter, the status page): LC-2, LC-4, LC-5.
/// The channel adapters name the intent; the regulation names the action that carries it out
/// (`[applicant]` in a regulation file), so no adapter guesses an action's parameters. A
/// regulation without a `withdraw` answer lets no applicant withdraw.
enum class ApplicantIntent { kReply, kConfirm, kDispute, kWithdraw };

/// Every intent, in the order the status page offers them.
inline constexpr ApplicantIntent kApplicantIntents[] = {
    ApplicantIntent::kReply, ApplicantIntent::kConfirm, ApplicantIntent::kDispute,
    ApplicantIntent::kWithdraw};

/// "reply", "confirm", "dispute", "withdraw": the intent's code in regulation files and the API.
std::string_view ApplicantIntentCode(ApplicantIntent intent);
std::optional<ApplicantIntent> ParseApplicantIntent(std::string_view code);

/// The only parameter an applicant's answer carries: their words, as the action's comment.
inline constexpr const char* kApplicantAnswerParam = "comment";

/// A new appeal an action registers alongside (a claim about a disputed resolution, LC-4),
/// linked to the acting appeal with `link` (from the new appeal to it).
struct SpawnedAppeal {
    Intake intake;
    LinkType link = LinkType::kClaimAbout;
};

/// What an action does: the changed appeal and what goes with it into the same transaction.
struct ActionOutcome {
    Appeal appeal;
    std::string note;
    std::vector<OutboxMessage> outbox;
    std::optional<Comment> comment;
    std::vector<SpawnedAppeal> spawned;
};

/// The rules an appeal is processed by: intake, the actions a user may take now, and their
/// effects. The regulation engine implements it; the core only calls it. Pure: no I/O,
/// time comes in as an argument. Safe to call from several threads.
/// One SLA clock of an appeal at an instant, as people read it (SLA-1, SLA-4): the time left on
/// the appeal's own calendar, frozen while the clock is paused or stopped, and the escalation
/// threshold (RT-5).
struct ClockReading {
    std::string clock;  ///< the regulation's clock code ("resolution")
    std::string term;   ///< "5 business_days"
    /// Working time (business hours or days on the appeal's calendar); false: all time counts.
    bool working_time = true;
    /// Budget minus the time counted so far; negative when overdue.
    Duration remaining{};
    /// One working day of the calendar (e.g. 8 h), to say «2 раб. дня 3 ч».
    Duration day_norm{};
    bool paused = false;
    bool stopped = false;
    bool breached = false;
    std::optional<Instant> due;          ///< while running
    std::optional<Instant> escalate_at;  ///< when the escalation share is (or was) used up
    bool escalated = false;
};

class Workflow {
public:
    virtual ~Workflow() = default;

    /// The appeal's SLA clocks at `now`; none when the workflow keeps no clocks.
    [[nodiscard]] virtual std::vector<ClockReading> Clocks(const Appeal& appeal,
                                                           Instant now) const {
        (void)appeal;
        (void)now;
        return {};
    }

    /// Checks the draft against the regulation (channel, required fields) and returns the
    /// appeal to register; kValidation with every invalid field at once.
    [[nodiscard]] virtual Result<Intake> PrepareIntake(const AppealDraft& draft, const Actor& actor,
                                                       Instant now) const = 0;

    /// The numbering a call taken now on `channel` under `regulation` ("" for the one the
    /// channel chooses) reserves its UIN from (CH-2); kValidation when the regulation is unknown,
    /// not in force or does not take the channel.
    [[nodiscard]] virtual Result<UinSlot> Numbering(const std::string& regulation,
                                                    const std::string& channel,
                                                    Instant now) const = 0;

    /// Sets what the regulation calls the appeal's state (status_name, pending_reason_name…)
    /// after the core changed it, e.g. when intake triage holds or refuses it.
    virtual void Describe(Appeal& appeal) const = 0;

    /// Notifications to send when intake triage refused `appeal` (TR-*); none where the
    /// regulation leaves such appeals unanswered (000 §4.8–4.9).
    [[nodiscard]] virtual std::vector<OutboxMessage> RefusalNotices(const Appeal& appeal,
                                                                    Instant now) const = 0;

    /// Notifications to send once `appeal` is registered and has its UIN (NT-1).
    [[nodiscard]] virtual std::vector<OutboxMessage> RegistrationNotices(const Appeal& appeal,
                                                                         Instant now) const = 0;

    /// Action codes `actor` may apply to `appeal` now, in display order.
    [[nodiscard]] virtual std::vector<std::string> AvailableActions(const Appeal& appeal,
                                                                    const Actor& actor) const = 0;

    /// Applies an action; kUnprocessable "action_not_allowed" (with the reason in Russian)
    /// when the state or the role does not allow it, kValidation for bad parameters.
    [[nodiscard]] virtual Result<ActionOutcome> Apply(const Appeal& appeal,
                                                      const ActionRequest& request,
                                                      const Actor& actor, Instant now) const = 0;

    /// The action that carries out the applicant's `intent` on `appeal` now, or nullopt when the
    /// regulation has none available in the appeal's state. The request is applied with
    /// `ApplicantActor()` and only the comment parameter.
    [[nodiscard]] virtual std::optional<std::string> ApplicantAction(
        const Appeal& appeal, ApplicantIntent intent) const = 0;

    /// Staff told the applicant the notice `kind` `via` a channel at `at` (NT-3, 002 §3.7,
    /// §3.11): the history says so, and a term that waited on the notice (no auto-close counts
    /// from a request the applicant never got) starts now.
    [[nodiscard]] virtual ActionOutcome Delivered(const Appeal& appeal, const std::string& kind,
                                                  const std::string& via, Instant at) const = 0;

    /// What the regulation's timers do to `appeal` at `now` (escalate, remind, auto-close, mark
    /// a breach), or nullopt when nothing is due. Must set the appeal's next_event_at to the
    /// following timer so that the watcher never scans (SLA-6).
    [[nodiscard]] virtual std::optional<ActionOutcome> Tick(const Appeal& appeal,
                                                            Instant now) const = 0;
};

/// Field-level checks every channel shares (CH-3): lengths, СНИЛС and ИНН check digits,
/// e-mail and phone formats, birth date. Regulation-specific required fields come on top.
std::vector<FieldError> ValidateDraft(const AppealDraft& draft);

/// Canonical forms of what the applicant typed: trimmed, phone as +7…, СНИЛС and ИНН digits.
AppealDraft NormalizeDraft(AppealDraft draft);

/// Russian for how a notice reached the applicant: «по телефону», «SMS», «почтой»…
std::string DeliveryChannelName(std::string_view via);

/// The built-in refusal letter to the applicant's e-mail (template "refused"), none without one.
std::vector<OutboxMessage> RefusalLetter(const Appeal& appeal, Instant now);

/// A new appeal with what the draft gave (applicant, texts, category, priority…), registered
/// status, created by `actor` at `now`; the regulation fills in the rest.
Appeal AppealFromDraft(const AppealDraft& draft, const Actor& actor, Instant now);

}  // namespace otklik::core

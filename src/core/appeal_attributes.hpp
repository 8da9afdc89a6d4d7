#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"
#include "core/triage_report.hpp"

namespace otklik::core {

/// Names of the Appeal::attributes that one layer writes and another reads. The attributes are
/// the regulation's state of an appeal and the API shows them as they are, so these names are
/// API vocabulary too: extend the list, never rename an entry. Keys a regulation file names
/// itself (an action's parameters, "count.<action>") stay in the regulation.
namespace attribute {

// The regulation's Russian names of the appeal's state (Workflow::Describe).
inline constexpr char kStatusName[] = "status_name";
inline constexpr char kPendingReasonName[] = "pending_reason_name";
inline constexpr char kStageName[] = "stage_name";

// Why an appeal is refused: a triage rule's code, a regulation's refusal code or "supervisor",
// and the Russian text the applicant gets.
inline constexpr char kRefusalReason[] = "refusal_reason";
inline constexpr char kRefusalMessage[] = "refusal_message";

// The answer given by resolving (an action parameter of every seed regulation), and the answer
// of the original a duplicate is refused for (004), for the notices.
inline constexpr char kSolution[] = "solution";
inline constexpr char kOriginalSolution[] = "original_solution";

// Intake triage: the screener's fingerprint of the text (internal, never shown), and the
// automatic decision awaiting a person with the state to return to if the person accepts.
inline constexpr char kTriageFingerprint[] = "triage_fingerprint";
inline constexpr char kTriageDecision[] = "triage_decision";
inline constexpr char kIntakeStatus[] = "intake_status";
inline constexpr char kIntakePendingReason[] = "intake_pending_reason";
inline constexpr char kTriageReview[] = "triage_review";
inline constexpr char kTriageReviewedBy[] = "triage_reviewed_by";
inline constexpr char kTriageReviewComment[] = "triage_review_comment";

// SLA-1: per clock of the regulation, "term.<clock>" holds its term ("5 business_days", or
// kNotAgreed until a P4 term is agreed) and "clock.<clock>" its state.
inline constexpr char kTermPrefix[] = "term.";
inline constexpr char kClockPrefix[] = "clock.";
inline constexpr char kNotAgreed[] = "not_agreed";

// The timer of the regulation that changed the appeal last (remind, escalate, breach…): the
// history entry's action.
inline constexpr char kLastTimer[] = "last_timer";
// A claim (LC-4): the number of the appeal it is about.
inline constexpr char kClaimOf[] = "claim_of";

// E-mail intake: the letter's Message-ID, mailbox and sender; the attachments kept and refused
// (JSON lists that the attachment routes read). The kept list also names the files the
// applicant sent with an answer on the status page (AppendKeptFiles).
inline constexpr char kEmailMessageId[] = "email.message_id";
inline constexpr char kEmailMailbox[] = "email.mailbox";
inline constexpr char kEmailFrom[] = "email.from";
inline constexpr char kEmailAttachments[] = "email.attachments";
inline constexpr char kEmailRefusedAttachments[] = "email.refused_attachments";

}  // namespace attribute

/// The attribute's value, or `fallback` when the appeal has none.
std::string_view AttributeOr(const Appeal& appeal, std::string_view name,
                             std::string_view fallback = {});

/// Marks the automatic triage decision (flag, hold, refuse) as awaiting a person, with the state
/// the appeal had before triage changed it (status, pending reason) to return to on "accept".
void AwaitTriageReview(Appeal& appeal, TriageDecision decision, Status intake_status,
                       const std::string& intake_pending_reason);
/// The automatic decision still awaiting a person; nullopt when none or already reviewed.
std::optional<TriageDecision> TriageAwaitingReview(const Appeal& appeal);
/// The status and pending reason the appeal had before triage held or refused it.
std::pair<Status, std::string> IntakeStateOf(const Appeal& appeal);

/// Records a person's review; the automatic decision then no longer awaits one.
void RecordTriageReview(Appeal& appeal, const TriageReview& review);
/// The review of the appeal's triage outcome, if a person made one.
std::optional<TriageReview> TriageReviewOf(const Appeal& appeal);

/// SLA-1: one clock's term as the appeal's card shows it.
struct ClockTerm {
    std::string clock;                ///< the regulation's clock code
    std::optional<std::string> term;  ///< nullopt: not agreed yet (P4, 004)
    std::string state;                ///< "running", "paused", "stopped"… or "not_agreed"
};
/// The terms of the appeal's clocks, by clock code.
std::vector<ClockTerm> ClockTermsOf(const Appeal& appeal);
/// Sets or, with an empty clock term, removes one clock's term and state.
void SetClockTerm(Appeal& appeal, const ClockTerm& term);
void EraseClockTerm(Appeal& appeal, const std::string& clock);

}  // namespace otklik::core

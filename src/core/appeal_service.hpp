#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/repositories.hpp"
#include "core/screening.hpp"
#include "core/workflow.hpp"

namespace otklik::core {

/// The use cases on appeals: register, act, comment, link, read. Validates, asks the workflow,
/// writes the change with its history through the repository. Thread-safe; no I/O of its own.
class AppealService {
public:
    AppealService(AppealRepository& appeals, const Workflow& workflow, const Clock& clock);

    /// Screens every draft before registration (TR-*); without one, every draft is accepted.
    /// Set once at wiring, before requests arrive.
    void SetScreener(Screener* screener) { screener_ = screener; }

    /// Told of every appeal registered here, whatever channel brought it (the web, the API, the
    /// chatbot, e-mail intake, a call, a claim an applicant's dispute spawned): the one place
    /// that registers appeals tells live queues of them (issue 16). Not told of replays nor of
    /// an inquiry that only commented an earlier appeal. Set once at wiring.
    void SetRegistrationListener(std::function<void(const Appeal&)> listener) {
        registered_ = std::move(listener);
    }

    /// Registers a draft after screening it; `idempotency_key` (may be empty) with
    /// `fingerprint` guards against a retried request registering twice (CH-7). A refused or
    /// held draft is registered with its evidence; a draft to return fails with kUnprocessable
    /// "returned_unregistered"; a status inquiry (TR-8) comments the earlier appeal instead.
    /// `letter`: the e-mail that brought the draft, recorded with the appeal in one transaction
    /// when one is registered (or replayed); the caller records it when nothing is.
    [[nodiscard]] Result<Registered> Register(const AppealDraft& draft, const Actor& actor,
                                              const std::string& idempotency_key,
                                              const std::string& fingerprint,
                                              std::optional<ProcessedLetter> letter = {});

    /// Screens a draft without registering anything (the operator's intake screen).
    [[nodiscard]] Result<Screening> Check(const AppealDraft& draft, const Actor& actor);

    /// What registering the draft now would refuse, field by field, by the same rules
    /// Register applies (the format checks and the regulation's: channel, required fields,
    /// categories, organizations); nothing is written. The hotline validates each step of its
    /// form with it (issue 16 point 6). Empty when the draft would be accepted.
    [[nodiscard]] Result<std::vector<FieldError>> Validate(const AppealDraft& draft,
                                                           const Actor& actor) const;

    /// A supervisor's decision on an appeal triage flagged, held or refused: "accept" puts it to
    /// work as intake would have, "refuse" refuses it with the comment as the reason. The
    /// history keeps the automatic decision and this one.
    [[nodiscard]] Result<Appeal> ReviewTriage(std::string_view uin, const std::string& verdict,
                                              const std::string& comment, const Actor& actor,
                                              std::optional<std::int64_t> if_match);

    /// Applies a workflow action. With `if_match`, kConflict "version_conflict" unless the
    /// appeal is still at that version.
    [[nodiscard]] Result<Appeal> Act(std::string_view uin, const ActionRequest& request,
                                     const Actor& actor, std::optional<std::int64_t> if_match);

    /// Comments an appeal the actor may see. The applicant's own personal data in `text` is
    /// stored as references to the applicant's fields (ScrubApplicantData, SEC-3).
    [[nodiscard]] Result<Comment> AddComment(std::string_view uin, const std::string& text,
                                             Visibility visibility, const Actor& actor);

    /// Links two appeals the actor may see; a target it may not see is refused exactly like a
    /// missing one (kValidation "target"/"not_found"), so that existence is not confirmed.
    [[nodiscard]] Result<Link> AddLink(std::string_view uin, LinkType type,
                                       std::string_view target_uin, const Actor& actor);

    /// The links from and to `appeal` whose other end `actor` may also see (SEC-6): a link must
    /// not name an appeal of another region.
    [[nodiscard]] Result<std::vector<Link>> VisibleLinks(const Appeal& appeal, const Actor& actor);

    /// The appeal if `actor` may see it: a regional operator sees only its region (SEC-1).
    [[nodiscard]] Result<Appeal> Get(std::string_view uin, const Actor& actor);

    /// Runs the regulation's timers for up to `limit` due appeals (escalations, reminders,
    /// auto-close, breaches); returns how many appeals changed. Appeals changed meanwhile by
    /// someone else are left for the next round.
    [[nodiscard]] Result<int> RunDueTimers(int limit);

    /// The appeal's SLA clocks now, on its own calendar (SLA-1, SLA-4).
    [[nodiscard]] std::vector<ClockReading> Clocks(const Appeal& appeal) const;

    /// Actions `actor` may take on `appeal` now.
    [[nodiscard]] std::vector<std::string> AvailableActions(const Appeal& appeal,
                                                            const Actor& actor) const;

    /// Records that `actor` told the applicant the notice `kind` `via` a channel (NT-3): the
    /// appeal's history says so and a term waiting on it starts (Workflow::Delivered).
    [[nodiscard]] Result<Appeal> RecordDelivery(std::string_view uin, const std::string& kind,
                                                const std::string& via, const std::string& comment,
                                                const Actor& actor);

    /// The action that carries out the applicant's `intent` on `appeal` now (LC-2, LC-4, LC-5),
    /// to apply with `ApplicantActor(via)` and the applicant's words as its only parameter.
    [[nodiscard]] std::optional<std::string> ApplicantAction(const Appeal& appeal,
                                                             ApplicantIntent intent) const {
        return workflow_.ApplicantAction(appeal, intent);
    }

    /// What the workflow makes of `draft` now — the regulation's checks included — without
    /// registering it: a channel adapter tells a missing field in its own terms (CH-3).
    [[nodiscard]] Result<Intake> PrepareIntake(const AppealDraft& draft, const Actor& actor) const {
        return workflow_.PrepareIntake(draft, actor, clock_.Now());
    }

    const Clock& clock() const { return clock_; }

private:
    NewAppeal ToNewAppeal(Intake intake, const Actor& actor, Instant now,
                          const std::string& note) const;
    Result<Appeal> Save(const Appeal& current, ActionOutcome outcome, const std::string& action,
                        const std::string& actor, Instant now);

    /// An internal comment on the earlier appeal a registered status inquiry also asks about.
    void NoteInquiryOnEarlier(const std::string& earlier_uin, const Appeal& inquiry,
                              const Actor& actor);
    /// Stores a comment on an appeal already read (and checked) by the caller.
    Result<Comment> CommentOn(const Appeal& appeal, const std::string& text, Visibility visibility,
                              const Actor& actor, const std::string& idempotency_key,
                              const std::string& fingerprint);

    /// The applicant's earlier appeals that `scope` covers (SEC-6).
    std::vector<Appeal> EarlierAppeals(const Applicant& applicant, const AppealScope& scope);

    AppealRepository& appeals_;
    const Workflow& workflow_;
    const Clock& clock_;
    Screener* screener_ = nullptr;
    std::function<void(const Appeal&)> registered_;
};

/// What changed between two states of an appeal, field by field, for the history (LC-9).
/// Personal data fields are named but their values are not copied into the history.
std::vector<FieldChange> DiffAppeals(const Appeal& before, const Appeal& after);

/// Whether `actor` may see `appeal`: AppealScope::Of(actor).Covers(appeal) (SEC-1, SEC-6).
bool CanSee(const Actor& actor, const Appeal& appeal);

}  // namespace otklik::core

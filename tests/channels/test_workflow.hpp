#pragma once

#include <algorithm>
#include <string>

#include "core/appeal_service.hpp"
#include "core/basic_workflow.hpp"

namespace otklik::channels::email::testing {

/// BasicWorkflow plus the applicant's actions a regulation offers by mail: provide_info on a
/// pending appeal (LC-2), confirm and dispute on a resolved one (LC-4, LC-5).
class ReplyWorkflow final : public core::Workflow {
public:
    ReplyWorkflow() : basic_({{"bilet", "ББ"}, {"hotline", "ГЛ"}}, "bilet") {}

    core::Result<core::Intake> PrepareIntake(const core::AppealDraft& draft,
                                             const core::Actor& actor,
                                             core::Instant now) const override {
        return basic_.PrepareIntake(draft, actor, now);
    }
    core::Result<core::UinSlot> Numbering(const std::string& regulation, const std::string& channel,
                                          core::Instant now) const override {
        return basic_.Numbering(regulation, channel, now);
    }
    std::vector<core::OutboxMessage> RegistrationNotices(const core::Appeal& appeal,
                                                         core::Instant now) const override {
        return basic_.RegistrationNotices(appeal, now);
    }
    std::vector<std::string> AvailableActions(const core::Appeal& appeal,
                                              const core::Actor& actor) const override {
        if (appeal.status == core::Status::kPending) return {"provide_info"};
        if (appeal.status == core::Status::kResolved) return {"confirm", "dispute"};
        return basic_.AvailableActions(appeal, actor);
    }
    core::Result<core::ActionOutcome> Apply(const core::Appeal& appeal,
                                            const core::ActionRequest& request,
                                            const core::Actor& actor,
                                            core::Instant now) const override {
        core::ActionOutcome outcome;
        outcome.appeal = appeal;
        if (request.action == "provide_info" && appeal.status == core::Status::kPending) {
            outcome.appeal.status = core::Status::kAssigned;
            outcome.appeal.pending_reason.clear();
            outcome.comment = core::Comment{0,
                                            appeal.id,
                                            now,
                                            actor.login,
                                            request.Param("comment"),
                                            core::Visibility::kPublic};
            return outcome;
        }
        if (request.action == "confirm" && appeal.status == core::Status::kResolved) {
            outcome.appeal.status = core::Status::kClosed;
            outcome.appeal.closed_at = now;
            return outcome;
        }
        if (request.action == "dispute" && appeal.status == core::Status::kResolved) {
            outcome.appeal.status = core::Status::kInProgress;
            return outcome;
        }
        return basic_.Apply(appeal, request, actor, now);
    }
    void Describe(core::Appeal& appeal) const override { basic_.Describe(appeal); }
    std::vector<core::OutboxMessage> RefusalNotices(const core::Appeal& appeal,
                                                    core::Instant now) const override {
        return basic_.RefusalNotices(appeal, now);
    }
    core::ActionOutcome Delivered(const core::Appeal& appeal, const std::string& kind,
                                  const std::string& via, core::Instant at) const override {
        return basic_.Delivered(appeal, kind, via, at);
    }
    std::optional<std::string> ApplicantAction(const core::Appeal& appeal,
                                               core::ApplicantIntent intent) const override {
        using core::ApplicantIntent;
        if (intent == ApplicantIntent::kReply && appeal.status == core::Status::kPending)
            return "provide_info";
        if (appeal.status != core::Status::kResolved) return std::nullopt;
        if (intent == ApplicantIntent::kConfirm) return "confirm";
        if (intent == ApplicantIntent::kDispute) return "dispute";
        return std::nullopt;
    }
    std::optional<core::ActionOutcome> Tick(const core::Appeal& appeal,
                                            core::Instant now) const override {
        return basic_.Tick(appeal, now);
    }

private:
    core::BasicWorkflow basic_;
};

/// Registers a project-mail question from `email`, whose registration notice then waits in the
/// outbox; returns its UIN.
inline std::string RegisterQuestion(core::AppealService& service,
                                    const std::string& email = "applicant@example.ru") {
    core::AppealDraft draft;
    draft.regulation = "bilet";
    draft.channel = "project_mail";
    draft.applicant.email = email;
    draft.subject = "Вопрос";
    draft.text = "Текст обращения";
    return service.Register(draft, {0, "t", core::Role::kOperator, "", ""}, "", "")->appeal.uin;
}

}  // namespace otklik::channels::email::testing

#pragma once

#include <map>
#include <string>

#include "core/workflow.hpp"

namespace otklik::core {

/// The "registered" notification (NT-1) for an applicant with an e-mail, or nothing.
std::vector<OutboxMessage> RegistrationNotice(const Appeal& appeal, Instant now);

/// The workflow that needs no regulation file: registration on any known channel and the
/// actions assign, take and close. The regulation engine supersedes it; it stays as the
/// fallback for a deployment that loads no regulation.
class BasicWorkflow final : public Workflow {
public:
    /// `prefixes`: regulation id → UIN prefix; the first draft without a regulation gets
    /// `default_regulation`.
    BasicWorkflow(std::map<std::string, std::string> prefixes, std::string default_regulation);

    [[nodiscard]] Result<Intake> PrepareIntake(const AppealDraft& draft, const Actor& actor,
                                               Instant now) const override;
    [[nodiscard]] Result<UinSlot> Numbering(const std::string& regulation,
                                            const std::string& channel, Instant now) const override;
    [[nodiscard]] std::vector<OutboxMessage> RegistrationNotices(const Appeal& appeal,
                                                                 Instant now) const override {
        return RegistrationNotice(appeal, now);
    }
    [[nodiscard]] std::vector<std::string> AvailableActions(const Appeal& appeal,
                                                            const Actor& actor) const override;
    [[nodiscard]] Result<ActionOutcome> Apply(const Appeal& appeal, const ActionRequest& request,
                                              const Actor& actor, Instant now) const override;
    /// The status codes are the names.
    void Describe(Appeal&) const override {}
    /// Every refusal says why to the applicant by e-mail.
    [[nodiscard]] std::vector<OutboxMessage> RefusalNotices(const Appeal& appeal,
                                                            Instant now) const override {
        return RefusalLetter(appeal, now);
    }
    [[nodiscard]] ActionOutcome Delivered(const Appeal& appeal, const std::string& kind,
                                          const std::string& via, Instant at) const override {
        ActionOutcome outcome{appeal,
                              "Заявитель уведомлён " + DeliveryChannelName(via) + ": " + kind,
                              {},
                              std::nullopt,
                              {}};
        outcome.appeal.updated_at = at;
        return outcome;
    }
    /// Without a regulation there are no applicant answers.
    [[nodiscard]] std::optional<std::string> ApplicantAction(const Appeal&,
                                                             ApplicantIntent) const override {
        return std::nullopt;
    }
    [[nodiscard]] std::optional<ActionOutcome> Tick(const Appeal&, Instant) const override {
        return std::nullopt;
    }

private:
    std::map<std::string, std::string> prefixes_;
    std::string default_regulation_;
};

/// Channels appeals come in by (CH-1).
bool IsKnownChannel(std::string_view channel);

/// Year of `now` in the deployment's civil time (TimeZone::Default(), Moscow): the UIN's year
/// turns with the Russian new year, not UTC's.
int UinYear(Instant now);

}  // namespace otklik::core

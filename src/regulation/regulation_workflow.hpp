#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/workflow.hpp"
#include "regulation/catalog.hpp"
#include "regulation/timers.hpp"
#include "sla/business_calendar.hpp"
#include "sla/production_calendar.hpp"
#include "sla/regions.hpp"
#include "sla/sla_clock.hpp"

namespace otklik::regulation {

/// What RegulationWorkflow needs besides the regulations; every field has a default.
struct WorkflowOptions {
    /// The production calendar; required unless every regulation works 24×7.
    std::shared_ptr<const sla::ProductionCalendar> calendar;
    /// Region → time zone, for regulations whose business time runs in the applicant's region
    /// (SLA-5); null: always the regulation's own zone.
    std::shared_ptr<const sla::Regions> regions;
    /// The regulation of drafts that name none; empty: the catalog's (`default = true`).
    std::string default_regulation;
    /// Handles appeals of regulations the catalog does not hold (registered before it was
    /// loaded, or with a fallback deployment); null: they take no actions.
    const core::Workflow* fallback = nullptr;
};

struct ActionContext;  // action_effects.hpp

/// The workflow engine: runs appeals by the regulation they were registered under (the appeal's
/// `regulation` and `regulation_version`, SLA-7). Intake checks channel, required fields,
/// categories, priorities, organizations and routes the appeal; actions are checked against the
/// roles, state and preconditions the regulation gives and applied with their effects; SLA clocks
/// are kept as events on the appeal and deadlines recomputed from them after every change
/// (sla::ComputeClock); the next timer (escalation, breach, reminder, auto-close) is stored in
/// `next_event_at` for the deadline watcher. Immutable after construction; thread-safe.
class RegulationWorkflow final : public core::Workflow {
public:
    /// Throws std::invalid_argument when a regulation works by business hours and
    /// `options.calendar` is null, or a time zone cannot be loaded (startup failure).
    RegulationWorkflow(std::shared_ptr<const RegulationCatalog> catalog, WorkflowOptions options);

    [[nodiscard]] core::Result<core::Intake> PrepareIntake(const core::AppealDraft& draft,
                                                           const core::Actor& actor,
                                                           core::Instant now) const override;
    [[nodiscard]] core::Result<core::UinSlot> Numbering(const std::string& regulation,
                                                        const std::string& channel,
                                                        core::Instant now) const override;
    [[nodiscard]] std::vector<core::OutboxMessage> RegistrationNotices(
        const core::Appeal& appeal, core::Instant now) const override;
    [[nodiscard]] core::ActionOutcome Delivered(const core::Appeal& appeal, const std::string& kind,
                                                const std::string& via,
                                                core::Instant at) const override;
    void Describe(core::Appeal& appeal) const override;
    [[nodiscard]] std::vector<core::OutboxMessage> RefusalNotices(const core::Appeal& appeal,
                                                                  core::Instant now) const override;
    [[nodiscard]] std::optional<std::string> ApplicantAction(
        const core::Appeal& appeal, core::ApplicantIntent intent) const override;
    [[nodiscard]] std::vector<std::string> AvailableActions(
        const core::Appeal& appeal, const core::Actor& actor) const override;
    [[nodiscard]] core::Result<core::ActionOutcome> Apply(const core::Appeal& appeal,
                                                          const core::ActionRequest& request,
                                                          const core::Actor& actor,
                                                          core::Instant now) const override;
    [[nodiscard]] std::optional<core::ActionOutcome> Tick(const core::Appeal& appeal,
                                                          core::Instant now) const override;
    [[nodiscard]] std::vector<core::ClockReading> Clocks(const core::Appeal& appeal,
                                                         core::Instant now) const override;

    /// The regions the workflow knows (data/ru_regions.csv), or nullptr when it was given none.
    [[nodiscard]] const sla::Regions* KnownRegions() const { return options_.regions.get(); }

    /// The regulation an appeal runs by, or nullptr when the catalog does not hold it.
    [[nodiscard]] const Regulation* RegulationOf(const core::Appeal& appeal) const;

    /// The business calendar of an appeal: the regulation's hours in the applicant's region's
    /// zone when the regulation says so and the region is known, else in the regulation's zone.
    [[nodiscard]] const sla::BusinessCalendar& CalendarOf(const Regulation& regulation,
                                                          const core::Appeal& appeal) const;

    /// The appeal's started clocks at `now`; a clock whose computation fails is left out.
    [[nodiscard]] std::vector<ClockReport> Clocks(const Regulation& regulation,
                                                  const core::Appeal& appeal,
                                                  core::Instant now) const;

    /// The appeal's pending timers, earliest first.
    [[nodiscard]] std::vector<Timer> Timers(const Regulation& regulation,
                                            const core::Appeal& appeal, core::Instant now) const;

    [[nodiscard]] const RegulationCatalog& Catalog() const { return *catalog_; }

private:
    /// The version of `requested` ("" for the one `channel` chooses) in force at `now`, or
    /// nullptr with the reason added to `errors`.
    const Regulation* InForceFor(const std::string& requested, const std::string& channel,
                                 core::Instant now, std::vector<core::FieldError>& errors) const;
    const sla::BusinessCalendar* FindCalendar(const Regulation& regulation,
                                              const std::string& zone) const;
    /// Recomputes the appeal's deadlines and next timer in its calendar.
    void Refresh(const Regulation& regulation, core::Appeal& appeal, core::Instant now) const;
    /// Why `actor` may not take `action` on the appeal now, or nullopt when they may.
    std::optional<std::string> Refusal(const Regulation& regulation, const Action& action,
                                       const core::Appeal& appeal, const core::Actor& actor) const;
    core::Result<core::Intake> SpawnClaim(const Regulation& regulation, const Action& action,
                                          const core::Appeal& appeal, const std::string& comment,
                                          core::Instant now) const;
    /// The action the request names, when the regulation has it and the actor may take it.
    core::Result<const Action*> AllowedAction(const Regulation& regulation,
                                              const core::Appeal& appeal,
                                              const core::ActionRequest& request,
                                              const core::Actor& actor) const;
    /// Sends the notices an applied action brings (its stage's, then its own) and tracks what
    /// waits for staff to deliver.
    void NotifyAfterAction(ActionContext& context, core::Instant now,
                           std::vector<core::OutboxMessage>& outbox,
                           std::vector<std::string>& notes) const;

    std::shared_ptr<const RegulationCatalog> catalog_;
    WorkflowOptions options_;
    // (regulation, zone) → calendar; built in the constructor, read-only afterwards.
    std::map<std::pair<const Regulation*, std::string>, sla::BusinessCalendar> calendars_;
};

}  // namespace otklik::regulation

#pragma once

#include <string>
#include <vector>

#include "core/appeal.hpp"
#include "core/result.hpp"
#include "core/workflow.hpp"
#include "regulation/regulation.hpp"

namespace otklik::regulation {

/// Applying an action to an appeal (the steps of RegulationWorkflow::Apply before the clocks
/// and notices): the request's parameters are checked against the action's declarations, then
/// each effect (effects.hpp) changes the appeal in its turn.

/// One action being applied: what it reads and what it changes.
struct ActionContext {
    const Regulation& regulation;
    const Action& action;
    const core::ActionRequest& request;
    const core::Actor& actor;
    const core::Appeal& before;  ///< the appeal as it was
    core::Appeal& next;          ///< the appeal the effects change
    /// What is wrong with the request, gathered so that all is said at once.
    std::vector<core::FieldError> errors = {};
    /// Notifications the effects bring (a stage's), sent before the action's own.
    std::vector<std::string> notify = {};
};

/// The request's parameters against the action's: every one named (an applicant names none but
/// the comment), required ones present, dates and enumerations respected.
[[nodiscard]] std::vector<core::FieldError> CheckParams(const Action& action,
                                                        const core::ActionRequest& request,
                                                        const core::Actor& actor);

/// Applies the action's effects to `context.next` in their order, adding what is wrong with the
/// request to `context.errors`. Fails at once ("action_not_allowed") when a hand-over has
/// nowhere to go: no group serves the region, no next support line.
[[nodiscard]] core::Result<void> ApplyEffects(ActionContext& context);

/// Keeps the parameters no effect takes with the appeal as attributes (the solution, the
/// delivery channel…).
void KeepOtherParams(const ActionContext& context);

}  // namespace otklik::regulation

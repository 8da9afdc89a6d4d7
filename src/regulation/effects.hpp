#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"
#include "core/workflow.hpp"

namespace otklik::regulation {

/// What an action does to an appeal, resolved from the file when the regulation loads: each
/// effect is a typed value that says which of the action's parameters it takes, so the loader
/// checks a parameter and the workflow consumes it from one definition (effects.cpp applies
/// them). In the file a value starting with "$" takes a parameter ("$group") or a computed
/// value ("$previous", "$actor"…).

/// A value an effect sets: a code the file fixes, or one of the action's parameters ("$name").
struct CodeOrParam {
    std::string code;   ///< set when the file fixes the value
    std::string param;  ///< set when a parameter gives it

    /// The value for `request`: the code, or the parameter's value ("" when not given).
    std::string For(const core::ActionRequest& request) const;
};

/// Whether an action parameter of this name fills in an applicant field ("snils", "email"…).
bool IsApplicantParam(std::string_view name);

/// CH-4, 002 §4.7.3: applicant.* parameters fill in the applicant's data.
struct UpdateApplicant {
    std::vector<std::string> params;  ///< the action's parameters that name applicant fields
};

/// TR-6, SLA-3: category, subcategory and priority corrected from parameters.
struct Reclassify {
    std::string category_param;     ///< "" when the action does not change it
    std::string subcategory_param;  ///< ""
    std::string priority_param;     ///< ""
};

/// CH-5, RT-4: the executor organization.
struct SetOrganization {
    CodeOrParam organization;
};

/// RT-2, RT-3: hands the appeal to a group; hand-overs remember where it came from.
struct AssignGroup {
    enum class Target {
        kCode,       ///< a group the file names
        kParam,      ///< the group a parameter names
        kPrevious,   ///< "$previous": the group the appeal came from
        kRequester,  ///< "$requester": the group remembered by `records_requester`
        kRegional,   ///< "$regional": the group serving the applicant's region
        kNextLine,   ///< "$next_line": the current group's next support line
    };
    Target target = Target::kCode;
    std::string value;  ///< kCode: the group; kParam: the parameter; otherwise ""
};

/// Who the appeal is assigned to.
struct SetAssignee {
    enum class Who {
        kActor,  ///< "$actor": the one taking the action
        kNone,   ///< "$none": nobody
        kParam,  ///< "$name": the login a parameter gives
    };
    Who who = Who::kActor;
    std::string param;  ///< kParam only
};

/// LC-6: moves the appeal to a stage, which may bring a status and notices.
struct EnterStage {
    bool next = false;  ///< "$next": the next stage that applies to the appeal's channel
    std::string code;   ///< otherwise this stage
};

/// LC-1: the reason of the pending status (with status = "pending").
struct SetPendingReason {
    CodeOrParam reason;
};

/// The reason of a refusal (with status = "refused"); a reason may require a parameter.
struct SetRefusalReason {
    CodeOrParam reason;
};

/// 004 table 2: the "term" parameter becomes the agreed term of a clock «по согласованию».
struct AgreeTerm {
    static constexpr const char* kParam = "term";
    std::string clock;
};

/// An action's effects, applied in the order of the fields (docs/regulations.md).
struct ActionEffects {
    std::optional<UpdateApplicant> update_applicant;
    std::optional<Reclassify> reclassify;
    std::optional<SetOrganization> organization;
    /// Remember the current group for a later "$requester" (applied before `group`).
    bool records_requester = false;
    std::optional<AssignGroup> group;
    std::optional<SetAssignee> assignee;
    std::optional<EnterStage> stage;
    std::optional<core::Status> status;
    std::optional<SetPendingReason> pending_reason;
    std::optional<SetRefusalReason> refusal_reason;
    std::optional<AgreeTerm> agree_term;

    /// The parameters the effects take; the others of the action are kept with the appeal as
    /// attributes (the solution, the delivery channel…). Always holds "comment".
    std::vector<std::string> ConsumedParams() const;
};

}  // namespace otklik::regulation

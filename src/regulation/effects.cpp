#include "regulation/effects.hpp"

#include <algorithm>
#include <array>

namespace otklik::regulation {

bool IsApplicantParam(std::string_view name) {
    static constexpr std::array<std::string_view, 13> kParams = {
        "last_name",  "first_name", "middle_name", "email", "phone",           "snils",  "inn",
        "birth_date", "region",     "login",       "role",  "contact_channel", "address"};
    return std::find(kParams.begin(), kParams.end(), name) != kParams.end();
}

std::string CodeOrParam::For(const core::ActionRequest& request) const {
    return param.empty() ? code : request.Param(param);
}

std::vector<std::string> ActionEffects::ConsumedParams() const {
    std::vector<std::string> params = {"comment"};
    const auto add = [&](const std::string& param) {
        if (!param.empty()) params.push_back(param);
    };
    if (update_applicant) {
        for (const auto& param : update_applicant->params) add(param);
    }
    if (reclassify) {
        add(reclassify->category_param);
        add(reclassify->subcategory_param);
        add(reclassify->priority_param);
    }
    if (organization) add(organization->organization.param);
    if (group && group->target == AssignGroup::Target::kParam) add(group->value);
    if (assignee) add(assignee->param);
    if (pending_reason) add(pending_reason->reason.param);
    if (refusal_reason) add(refusal_reason->reason.param);
    if (agree_term) add(AgreeTerm::kParam);
    return params;
}

}  // namespace otklik::regulation

// The applicant's intents by their codes (regulation files, the status page's API).
#include "core/workflow.hpp"

namespace otklik::core {

std::string_view ApplicantIntentCode(ApplicantIntent intent) {
    switch (intent) {
        case ApplicantIntent::kReply:
            return "reply";
        case ApplicantIntent::kConfirm:
            return "confirm";
        case ApplicantIntent::kDispute:
            return "dispute";
        case ApplicantIntent::kWithdraw:
            return "withdraw";
    }
    return "reply";
}

std::optional<ApplicantIntent> ParseApplicantIntent(std::string_view code) {
    for (const ApplicantIntent intent : kApplicantIntents) {
        if (ApplicantIntentCode(intent) == code) return intent;
    }
    return std::nullopt;
}

}  // namespace otklik::core

#include "core/triage_report.hpp"

#include <array>
#include <utility>

namespace otklik::core {
namespace {

constexpr std::array<std::pair<TriageDecision, std::string_view>, 6> kDecisionCodes = {{
    {TriageDecision::kAccept, "accept"},
    {TriageDecision::kFlag, "flag"},
    {TriageDecision::kHold, "hold"},
    {TriageDecision::kRefuse, "refuse"},
    {TriageDecision::kReturn, "return"},
    {TriageDecision::kComment, "comment"},
}};

}  // namespace

std::string_view TriageDecisionCode(TriageDecision decision) {
    for (const auto& [value, code] : kDecisionCodes) {
        if (value == decision) return code;
    }
    return "accept";
}

std::optional<TriageDecision> ParseTriageDecision(std::string_view code) {
    for (const auto& [value, name] : kDecisionCodes) {
        if (name == code) return value;
    }
    return std::nullopt;
}

}  // namespace otklik::core

#include "triage/rule_code.hpp"

namespace otklik::triage {

std::string_view RuleCodeName(RuleCode code) {
    switch (code) {
        case RuleCode::kForeignLanguage:
            return "foreign_language";
        case RuleCode::kObsceneLanguage:
            return "obscene_language";
        case RuleCode::kInsult:
            return "insult";
        case RuleCode::kThreat:
            return "threat";
        case RuleCode::kNoQuestion:
            return "no_question";
        case RuleCode::kRepeatResolved:
            return "repeat_resolved";
        case RuleCode::kAnonymous:
            return "anonymous";
        case RuleCode::kMisdirected:
            return "misdirected";
        case RuleCode::kDuplicate:
            return "duplicate";
        case RuleCode::kMassIncident:
            return "mass_incident";
        case RuleCode::kMissingFields:
            return "missing_fields";
        case RuleCode::kStatusInquiry:
            return "status_inquiry";
        case RuleCode::kNotCovered:
            return "not_covered";
    }
    return "unknown";
}

std::optional<RuleCode> ParseRuleCode(std::string_view name) {
    for (RuleCode code : kAllRules) {
        if (RuleCodeName(code) == name) return code;
    }
    return std::nullopt;
}

std::string_view RuleActionName(RuleAction action) {
    switch (action) {
        case RuleAction::kOff:
            return "off";
        case RuleAction::kFlag:
            return "flag";
        case RuleAction::kComment:
            return "comment";
        case RuleAction::kHold:
            return "hold";
        case RuleAction::kReturn:
            return "return";
        case RuleAction::kRefuse:
            return "refuse";
    }
    return "off";
}

std::optional<RuleAction> ParseRuleAction(std::string_view name) {
    for (RuleAction action : {RuleAction::kOff, RuleAction::kFlag, RuleAction::kComment,
                              RuleAction::kHold, RuleAction::kReturn, RuleAction::kRefuse}) {
        if (RuleActionName(action) == name) return action;
    }
    return std::nullopt;
}

std::string_view DecisionName(Decision decision) {
    switch (decision) {
        case Decision::kAccept:
            return "accept";
        case Decision::kFlag:
            return "flag";
        case Decision::kComment:
            return "comment";
        case Decision::kHold:
            return "hold";
        case Decision::kReturn:
            return "return";
        case Decision::kRefuse:
            return "refuse";
    }
    return "accept";
}

std::optional<Decision> ParseDecision(std::string_view name) {
    for (Decision decision : {Decision::kAccept, Decision::kFlag, Decision::kComment,
                              Decision::kHold, Decision::kReturn, Decision::kRefuse}) {
        if (DecisionName(decision) == name) return decision;
    }
    return std::nullopt;
}

std::string_view ConfidenceName(Confidence confidence) {
    switch (confidence) {
        case Confidence::kLow:
            return "low";
        case Confidence::kMedium:
            return "medium";
        case Confidence::kHigh:
            return "high";
    }
    return "low";
}

}  // namespace otklik::triage

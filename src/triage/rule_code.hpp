#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace otklik::triage {

/// Stable codes of the triage rules. The wire names ("foreign_language"…) are API vocabulary:
/// extend the list, never rename an entry.
enum class RuleCode {
    kForeignLanguage,  ///< TR-1
    kObsceneLanguage,  ///< TR-2, нецензурная брань
    kInsult,           ///< TR-2, оскорбления
    kThreat,      ///< TR-2, угрозы жизни и здоровью (and self-harm statements)
    kNoQuestion,  ///< TR-3, no concrete question
    kRepeatResolved,  ///< TR-3, nothing new on a resolved question of the same applicant
    kAnonymous,       ///< TR-4
    kMisdirected,     ///< TR-4
    kDuplicate,       ///< TR-5
    kMassIncident,    ///< the same problem from many applicants; grouped, never refused
    kMissingFields,   ///< CH-4
    kStatusInquiry,   ///< TR-8
    kNotCovered,      ///< TR-7
};
inline constexpr std::size_t kRuleCount = 13;

/// All rule codes in declaration order.
inline constexpr std::array<RuleCode, kRuleCount> kAllRules = {
    RuleCode::kForeignLanguage, RuleCode::kObsceneLanguage, RuleCode::kInsult,
    RuleCode::kThreat,          RuleCode::kNoQuestion,      RuleCode::kRepeatResolved,
    RuleCode::kAnonymous,       RuleCode::kMisdirected,     RuleCode::kDuplicate,
    RuleCode::kMassIncident,    RuleCode::kMissingFields,   RuleCode::kStatusInquiry,
    RuleCode::kNotCovered,
};

std::string_view RuleCodeName(RuleCode code);
std::optional<RuleCode> ParseRuleCode(std::string_view name);

/// What a regulation lets a fired rule do. Ordered from the mildest to the harshest.
enum class RuleAction {
    kOff,      ///< the rule is not evaluated
    kFlag,     ///< register as usual, show the rule to the operator
    kComment,  ///< no new ticket: a comment on the referenced earlier appeal (TR-8)
    kHold,     ///< keep aside for a person's review before registration
    kReturn,   ///< e-mail returned to the sender unregistered, with the reasons (CH-4, 004)
    kRefuse,   ///< not considered; stored with the evidence, a person can overturn it
};
std::string_view RuleActionName(RuleAction action);
std::optional<RuleAction> ParseRuleAction(std::string_view name);

/// The outcome of triage as a whole: the harshest action of the fired rules.
enum class Decision { kAccept, kFlag, kComment, kHold, kReturn, kRefuse };
std::string_view DecisionName(Decision decision);
std::optional<Decision> ParseDecision(std::string_view name);

/// How sure a rule is. A regulation maps kHigh to its action and kMedium to its
/// uncertain action; kLow never does more than flag.
enum class Confidence { kLow, kMedium, kHigh };
std::string_view ConfidenceName(Confidence confidence);

}  // namespace otklik::triage

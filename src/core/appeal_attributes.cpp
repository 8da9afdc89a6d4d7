#include "core/appeal_attributes.hpp"

namespace otklik::core {
namespace {

// What the triage_decision attribute holds once a person has decided.
constexpr std::string_view kReviewed = "reviewed";

}  // namespace

std::string_view AttributeOr(const Appeal& appeal, std::string_view name,
                             std::string_view fallback) {
    const auto it = appeal.attributes.find(name);
    return it == appeal.attributes.end() ? fallback : std::string_view(it->second);
}

void AwaitTriageReview(Appeal& appeal, TriageDecision decision, Status intake_status,
                       const std::string& intake_pending_reason) {
    appeal.attributes[attribute::kTriageDecision] = std::string(TriageDecisionCode(decision));
    appeal.attributes[attribute::kIntakeStatus] = std::string(StatusCode(intake_status));
    appeal.attributes[attribute::kIntakePendingReason] = intake_pending_reason;
}

std::optional<TriageDecision> TriageAwaitingReview(const Appeal& appeal) {
    const std::string_view code = AttributeOr(appeal, attribute::kTriageDecision);
    if (code.empty() || code == kReviewed) return std::nullopt;
    return ParseTriageDecision(code);
}

std::pair<Status, std::string> IntakeStateOf(const Appeal& appeal) {
    return {
        ParseStatus(AttributeOr(appeal, attribute::kIntakeStatus)).value_or(Status::kRegistered),
        std::string(AttributeOr(appeal, attribute::kIntakePendingReason))};
}

void RecordTriageReview(Appeal& appeal, const TriageReview& review) {
    appeal.attributes[attribute::kTriageDecision] = std::string(kReviewed);
    appeal.attributes[attribute::kTriageReview] = review.decision;
    appeal.attributes[attribute::kTriageReviewedBy] = review.by;
    appeal.attributes[attribute::kTriageReviewComment] = review.comment;
}

std::optional<TriageReview> TriageReviewOf(const Appeal& appeal) {
    const auto decision = appeal.attributes.find(attribute::kTriageReview);
    if (decision == appeal.attributes.end()) return std::nullopt;
    return TriageReview{decision->second,
                        std::string(AttributeOr(appeal, attribute::kTriageReviewedBy)),
                        std::string(AttributeOr(appeal, attribute::kTriageReviewComment))};
}

std::vector<ClockTerm> ClockTermsOf(const Appeal& appeal) {
    std::vector<ClockTerm> terms;
    const std::string_view prefix = attribute::kTermPrefix;
    for (auto it = appeal.attributes.lower_bound(prefix);
         it != appeal.attributes.end() && it->first.starts_with(prefix); ++it) {
        ClockTerm term;
        term.clock = it->first.substr(prefix.size());
        if (it->second != attribute::kNotAgreed) term.term = it->second;
        term.state =
            std::string(AttributeOr(appeal, std::string(attribute::kClockPrefix) + term.clock));
        terms.push_back(std::move(term));
    }
    return terms;
}

void SetClockTerm(Appeal& appeal, const ClockTerm& term) {
    appeal.attributes[attribute::kTermPrefix + term.clock] =
        term.term ? *term.term : std::string(attribute::kNotAgreed);
    appeal.attributes[attribute::kClockPrefix + term.clock] = term.state;
}

void EraseClockTerm(Appeal& appeal, const std::string& clock) {
    appeal.attributes.erase(attribute::kTermPrefix + clock);
    appeal.attributes.erase(attribute::kClockPrefix + clock);
}

}  // namespace otklik::core

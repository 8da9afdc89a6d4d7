#include "core/appeal_attributes.hpp"

#include <gtest/gtest.h>

namespace otklik::core {
namespace {

TEST(AppealAttributes, AnAutomaticDecisionAwaitsAPersonUntilReviewed) {
    Appeal appeal;
    EXPECT_FALSE(TriageAwaitingReview(appeal));
    EXPECT_FALSE(TriageReviewOf(appeal));
    AwaitTriageReview(appeal, TriageDecision::kHold, Status::kAssigned, "");
    EXPECT_EQ(TriageAwaitingReview(appeal), TriageDecision::kHold);
    EXPECT_EQ(appeal.attributes.at("triage_decision"), "hold") << "the key the API shows";
    EXPECT_EQ(IntakeStateOf(appeal), std::make_pair(Status::kAssigned, std::string()));

    RecordTriageReview(appeal, {"accept", "boss", "Есть вопрос"});
    EXPECT_FALSE(TriageAwaitingReview(appeal));
    const auto review = TriageReviewOf(appeal);
    ASSERT_TRUE(review);
    EXPECT_EQ(review->decision, "accept");
    EXPECT_EQ(review->by, "boss");
    EXPECT_EQ(review->comment, "Есть вопрос");
}

TEST(AppealAttributes, ClockTermsAreReadAndWrittenPerClock) {
    Appeal appeal;
    SetClockTerm(appeal, {"resolution", "5 business_days", "running"});
    SetClockTerm(appeal, {"agreed", std::nullopt, attribute::kNotAgreed});
    appeal.attributes["terminal"] = "not a term";
    const auto terms = ClockTermsOf(appeal);
    ASSERT_EQ(terms.size(), 2u);
    EXPECT_EQ(terms[0].clock, "agreed");
    EXPECT_FALSE(terms[0].term);
    EXPECT_EQ(terms[0].state, "not_agreed");
    EXPECT_EQ(terms[1].clock, "resolution");
    EXPECT_EQ(terms[1].term, "5 business_days");
    EXPECT_EQ(appeal.attributes.at("clock.resolution"), "running");
    EraseClockTerm(appeal, "resolution");
    EXPECT_EQ(ClockTermsOf(appeal).size(), 1u);
}

TEST(AppealAttributes, AttributeOrFallsBack) {
    Appeal appeal;
    appeal.attributes[attribute::kStatusName] = "Назначен";
    EXPECT_EQ(AttributeOr(appeal, attribute::kStatusName), "Назначен");
    EXPECT_EQ(AttributeOr(appeal, attribute::kStageName, "—"), "—");
}

}  // namespace
}  // namespace otklik::core

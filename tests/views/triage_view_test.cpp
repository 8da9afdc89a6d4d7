#include "views/triage_view.hpp"

#include <gtest/gtest.h>

namespace otklik::views {
namespace {

namespace json = boost::json;

core::TriageReport Refused() {
    core::TriageReport report;
    report.decision = core::TriageDecision::kRefuse;
    core::TriageRuleFinding rule{"foreign_language", "refuse", "high", "Текст не на русском", {}};
    rule.evidence.matches.push_back({"text", 0, 5, "Hello", "hello", "latin"});
    rule.evidence.language = core::TriageLanguage{"en", "английский", 97, true, 0.0};
    report.rules.push_back(rule);
    report.category = "ЗнК";
    report.category_name = "Консультация";
    report.priority = "P3";
    report.message = "Текст не на русском";
    return report;
}

TEST(TriageView, ShowsTheDecisionRulesEvidenceAndClassification) {
    const json::value shown = TriageJson(Refused());
    EXPECT_EQ(shown, json::parse(R"({
        "decision": "refuse",
        "rules": [{"code": "foreign_language", "action": "refuse", "confidence": "high",
                   "message": "Текст не на русском",
                   "evidence": {"matches": [{"field": "text", "offset": 0, "length": 5,
                                             "text": "Hello", "matched": "hello", "kind": "latin"}],
                                "language": {"code": "en", "name": "английский", "percent": 97,
                                             "reliable": true, "cyrillic_share": 0.0}}}],
        "category": "ЗнК", "category_name": "Консультация", "priority": "P3",
        "category_disagrees": false, "priority_disagrees": false, "note": "",
        "message": "Текст не на русском"})"));
}

TEST(TriageView, EvidenceHasOnlyTheMembersThatApply) {
    core::TriageReport report;
    report.rules.push_back({"anonymous", "flag", "high", "Нет имени", {}});
    const auto shown = TriageJson(report);
    EXPECT_TRUE(shown.at("rules").at(0).at("evidence").as_object().empty());
    EXPECT_FALSE(shown.contains("comment_on"));
    EXPECT_FALSE(shown.contains("review"));
}

TEST(TriageView, APersonsReviewStandsBesideTheAutomaticDecision) {
    const auto shown = TriageJson(Refused(), core::TriageReview{"accept", "boss", "Вопрос есть"});
    EXPECT_EQ(shown.at("decision"), "refuse");
    EXPECT_EQ(shown.at("review"), json::parse(R"({"decision":"accept","by":"boss",
                                                  "comment":"Вопрос есть"})"));
}

TEST(TriageView, AnInquiryNamesTheAppealItIsAbout) {
    core::TriageReport report;
    report.decision = core::TriageDecision::kComment;
    report.comment_on = "ГЛ-2026-000007";
    const auto shown = TriageJson(report);
    EXPECT_EQ(shown.at("decision"), "comment");
    EXPECT_EQ(shown.at("comment_on"), "ГЛ-2026-000007");
}

TEST(TriageView, UnscreenedDraftIsAccepted) {
    EXPECT_EQ(json::value(UnscreenedTriageJson()),
              json::parse(R"({"decision":"accept","rules":[]})"));
}

}  // namespace
}  // namespace otklik::views

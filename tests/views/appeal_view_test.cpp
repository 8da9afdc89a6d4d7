#include "views/appeal_view.hpp"

#include <gtest/gtest.h>

#include "core/appeal_attributes.hpp"

namespace otklik::views {
namespace {

namespace json = boost::json;
namespace attribute = core::attribute;

core::Instant At(const char* text) { return *core::ParseInstant(text); }

core::Appeal Held() {
    core::Appeal a;
    a.id = 7;
    a.uin = "ГЛ-2026-000007";
    a.regulation = "hotline";
    a.regulation_version = 2;
    a.channel = "web";
    a.applicant.last_name = "Иванов";
    a.applicant.first_name = "Пётр";
    a.applicant.email = "petr@example.ru";
    a.applicant.region = "77";
    a.subject = "Не работает \"вход\"";
    a.text = "Текст обращения\nс переводом строки";
    a.problem_address = "Москва";
    a.category = "ИНЦ";
    a.priority = "P2";
    a.status = core::Status::kPending;
    a.pending_reason = "triage_review";
    a.group = "line1";
    a.deadlines["resolution"] = At("2026-03-05T15:00:00Z");
    a.deadlines["first_response"] = At("2026-03-02T09:00:00Z");
    a.attributes[attribute::kStatusName] = "В ожидании";
    a.attributes[attribute::kPendingReasonName] = "Проверка";
    a.attributes[attribute::kTriageFingerprint] = "1:ab,cd";
    a.attributes[std::string(attribute::kTermPrefix) + "resolution"] = "5 business_days";
    a.attributes[std::string(attribute::kClockPrefix) + "resolution"] = "paused";
    a.attributes[std::string(attribute::kTermPrefix) + "agreed"] = attribute::kNotAgreed;
    a.attributes[std::string(attribute::kClockPrefix) + "agreed"] = attribute::kNotAgreed;
    core::TriageReport report;
    report.decision = core::TriageDecision::kHold;
    report.rules.push_back({"threat", "hold", "medium", "Угроза", {}});
    report.rules.back().evidence.category = "violence";
    a.triage = report;
    a.version = 3;
    a.created_at = At("2026-03-02T07:00:00Z");
    a.updated_at = At("2026-03-02T07:30:00Z");
    a.next_event_at = At("2026-03-03T07:00:00Z");
    return a;
}

// Rendered by the hand-written text writer this library replaced (core/appeal_summary.cpp),
// for Held(): the queue rows the store keeps keep their meaning.
constexpr const char* kHeldSummaryBefore =
    R"({"uin":"ГЛ-2026-000007","regulation":"hotline","regulation_version":2,"channel":"web",)"
    R"("status":"pending","status_name":"В ожидании","pending_reason":"triage_review",)"
    R"("pending_reason_name":"Проверка","stage":"","stage_name":"","group":"line1",)"
    R"("assignee":"","organization":"","category":"ИНЦ","subcategory":"","priority":"P2",)"
    R"("subject":"Не работает \"вход\"","region":"77","deadlines":{)"
    R"("first_response":"2026-03-02T09:00:00Z","resolution":"2026-03-05T15:00:00Z"},)"
    R"("triage":{"decision":"hold","rules":[{"code":"threat","action":"hold",)"
    R"("confidence":"medium","message":"Угроза","evidence":{"category":"violence"}}],)"
    R"("category":"","category_name":"","priority":"","category_disagrees":false,)"
    R"("priority_disagrees":false,"note":"","message":""},"version":3,)"
    R"("created_at":"2026-03-02T07:00:00Z","updated_at":"2026-03-02T07:30:00Z","closed_at":null})";

TEST(AppealView, SummaryTextIsTheQueueFormRowsHaveAlwaysHad) {
    EXPECT_EQ(AppealSummaryText(Held()), kHeldSummaryBefore);
    EXPECT_EQ(json::parse(AppealSummaryText(Held())), json::value(AppealSummaryJson(Held())));
}

TEST(AppealView, SummaryHasNoTextsPersonalDataOrAttributes) {
    const auto summary = AppealSummaryJson(Held());
    for (const char* hidden :
         {"text", "applicant", "attributes", "available_actions", "problem_address", "terms"}) {
        EXPECT_FALSE(summary.contains(hidden)) << hidden;
    }
    EXPECT_EQ(summary.at("region"), "77");
}

TEST(AppealView, SummaryTakesTheVersionTheStoreIsWriting) {
    EXPECT_EQ(AppealSummaryJson(Held(), 4).at("version"), 4);
    EXPECT_EQ(AppealSummaryJson(Held()).at("version"), 3);
}

TEST(AppealView, SummaryWithoutTriageSaysNullEvenWithAReview) {
    auto appeal = Held();
    appeal.triage.reset();
    core::RecordTriageReview(appeal, {"accept", "boss", ""});
    EXPECT_TRUE(AppealSummaryJson(appeal).at("triage").is_null());
}

TEST(AppealView, SummaryShowsAReviewBesideTheTriageDecision) {
    auto appeal = Held();
    core::RecordTriageReview(appeal, {"refuse", "boss", "Угроза подтверждена"});
    // What the replaced writer spliced in before the triage outcome's last brace.
    std::string before = kHeldSummaryBefore;
    before.insert(before.find(R"(},"version")"),
                  R"(,"review":{"decision":"refuse","by":"boss","comment":"Угроза подтверждена"})");
    EXPECT_EQ(AppealSummaryText(appeal), before);
    const auto triage = AppealSummaryJson(appeal).at("triage");
    EXPECT_EQ(triage.at("decision"), "hold");
    EXPECT_EQ(triage.at("review").at("by"), "boss");
}

TEST(AppealView, FullFormExtendsTheSummaryWithoutRegion) {
    const auto appeal = Held();
    const auto summary = AppealSummaryJson(appeal);
    const auto full = AppealJson(appeal, {"take", "assign"});
    for (const auto& [key, value] : summary) {
        if (key == "region") {
            EXPECT_FALSE(full.contains(key)) << "the applicant carries the region";
        } else {
            ASSERT_TRUE(full.contains(key)) << key;
            EXPECT_EQ(full.at(key), value) << key;
        }
    }
    EXPECT_EQ(full.at("text"), "Текст обращения\nс переводом строки");
    EXPECT_EQ(full.at("problem_address"), "Москва");
    EXPECT_EQ(full.at("next_event_at"), "2026-03-03T07:00:00Z");
    EXPECT_EQ(full.at("refusal_reason"), "");
    EXPECT_EQ(full.at("available_actions"), json::parse(R"(["take","assign"])"));
}

TEST(AppealView, FullFormMasksTheApplicant) {
    const auto applicant = AppealJson(Held(), {}).at("applicant");
    EXPECT_EQ(applicant.at("masked"), true);
    EXPECT_NE(applicant.at("last_name"), "Иванов");
    EXPECT_NE(applicant.at("email"), "petr@example.ru");
    EXPECT_EQ(applicant.at("region"), "77");
    EXPECT_EQ(FullApplicant(Held().applicant).at("last_name"), "Иванов");
}

TEST(AppealView, FullFormShowsAttributesButTheTriageFingerprint) {
    const auto attributes = AppealJson(Held(), {}).at("attributes").as_object();
    EXPECT_EQ(attributes.at("status_name"), "В ожидании");
    EXPECT_FALSE(attributes.contains("triage_fingerprint"));
}

TEST(AppealView, FullFormShowsEachClockTermAndOneNotAgreedYet) {
    const auto terms = AppealJson(Held(), {}).at("terms");
    EXPECT_EQ(terms.at("resolution"), json::parse(R"({"term":"5 business_days","state":"paused",
                                                      "agreed":true,"display":""})"));
    EXPECT_EQ(terms.at("agreed"), json::parse(R"({"term":null,"state":"not_agreed",
                                                  "agreed":false,
                                                  "display":"срок не согласован"})"));
}

}  // namespace
}  // namespace otklik::views

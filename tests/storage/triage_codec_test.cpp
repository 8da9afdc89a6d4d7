#include "storage/triage_codec.hpp"

#include <gtest/gtest.h>

#include "views/triage_view.hpp"

namespace otklik::storage {
namespace {

namespace json = boost::json;

// A row's "triage" as the screener wrote it before the outcome was typed: the API's form of
// that time, with every kind of evidence.
constexpr const char* kStoredBefore = R"({"decision":"refuse","rules":[
  {"code":"foreign_language","action":"refuse","confidence":"high","message":"Не на русском",
   "evidence":{"matches":[{"field":"text","offset":12,"length":5,"text":"Hello","matched":"hello",
                           "kind":"latin"}],
               "language":{"code":"en","name":"английский","percent":97,"reliable":true,
                           "cyrillic_share":1.25E-1}}},
  {"code":"duplicate","action":"flag","confidence":"medium","message":"Повтор",
   "evidence":{"related":[{"uin":"ГЛ-2026-000001","status":"resolved","solution":"Сделано",
                           "similarity":9.1E-1}],
               "novelty":5E-2}},
  {"code":"missing_fields","action":"flag","confidence":"high","message":"Нет полей",
   "evidence":{"missing_fields":["email","phone"]}},
  {"code":"misdirected","action":"flag","confidence":"low","message":"Не к нам",
   "evidence":{"organization":"fns","service":"налоги","category":"tax",
               "referenced_uin":"ББ-2026-000002","applicants":3}}],
  "category":"ЗнК","category_name":"Консультация","priority":"P3","category_disagrees":true,
  "priority_disagrees":false,"note":"Заявитель выбрал другую категорию","message":"Не на русском",
  "comment_on":"ГЛ-2026-000009"})";

TEST(TriageCodec, ReadsRowsWrittenBeforeTheOutcomeWasTyped) {
    const json::value stored = json::parse(kStoredBefore);
    const core::TriageReport report = DecodeTriage(stored.as_object());
    EXPECT_EQ(report.decision, core::TriageDecision::kRefuse);
    ASSERT_EQ(report.rules.size(), 4u);
    EXPECT_EQ(report.rules[0].evidence.matches.at(0).offset, 12u);
    EXPECT_EQ(report.rules[0].evidence.language->percent, 97);
    EXPECT_DOUBLE_EQ(report.rules[1].evidence.related.at(0).similarity, 0.91);
    EXPECT_EQ(report.rules[3].evidence.applicants, 3u);
    EXPECT_EQ(report.comment_on, "ГЛ-2026-000009");
    EXPECT_EQ(json::value(EncodeTriage(report)), stored) << "written back the same";
    EXPECT_EQ(json::value(views::TriageJson(report)), stored) << "shown as it was shown";
}

TEST(TriageCodec, AMemberARowLacksReadsAsItsDefault) {
    const auto report =
        DecodeTriage(json::parse(R"({"decision":"flag","rules":[{}]})").as_object());
    EXPECT_EQ(report.decision, core::TriageDecision::kFlag);
    ASSERT_EQ(report.rules.size(), 1u);
    EXPECT_TRUE(report.rules[0].code.empty());
    EXPECT_FALSE(report.rules[0].evidence.language);
    EXPECT_EQ(DecodeTriage(json::object{}).decision, core::TriageDecision::kAccept);
}

}  // namespace
}  // namespace otklik::storage

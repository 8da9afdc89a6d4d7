// TR-5 (issue 15): the same question sent again by another way, announced in so many words.
#include "triage_test_support.hpp"
#include <gtest/gtest.h>

#include "triage/triage_engine.hpp"

namespace otklik::triage {
namespace {

using testing::Draft;
using testing::RuleList;

const core::Instant kNow{std::chrono::hours(24 * 20465 + 9)};  // 2026-01-12 09:00 UTC

// Frozen set 22: «спрашивала у чат-бота, на всякий случай пишу и через форму» announces the
// chatbot's question sent again: a duplicate for sure; without the announcement the reworded
// text is at most a possible one, for a person to decide.
TEST(Duplicate, TheSameQuestionSentAgainByAnotherWayIsAnnounced) {
    TriageContext context;
    context.earlier.push_back(testing::EarlierAppeal(
        158, "БВ-2026-000158",
        "Я ухожу на другую работу и передаю свой 7 «В» коллеге Лукиной Анне Петровне. Нажимаю "
        "«Передать класс», ввожу её почту — пишет «Педагог не найден», хотя она подтверждена. "
        "Что делать?",
        kNow - std::chrono::hours(30)));
    const std::string question =
        "Не получается передать класс 7 «В» коллеге Лукиной А. П.: система отвечает «Педагог не "
        "найден», хотя она подтверждённый педагог нашей школы.";
    TriageInput again =
        Draft("Спрашивала у чат-бота, на всякий случай пишу и через форму. " + question);
    again.received_at = kNow;
    const TriageOutcome announced = testing::RulesOnlyEngine().Triage(again, context);
    const FiredRule* sure = announced.Find(RuleCode::kDuplicate);
    ASSERT_NE(sure, nullptr) << RuleList(announced);
    EXPECT_EQ(sure->confidence, Confidence::kHigh);
    TriageInput plain = Draft(question);
    plain.received_at = kNow;
    const TriageOutcome unannounced = testing::RulesOnlyEngine().Triage(plain, context);
    const FiredRule* maybe = unannounced.Find(RuleCode::kDuplicate);
    EXPECT_TRUE(maybe == nullptr || maybe->confidence < Confidence::kHigh) << RuleList(unannounced);
}

}  // namespace
}  // namespace otklik::triage

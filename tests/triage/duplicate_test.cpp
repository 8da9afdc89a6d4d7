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

// Frozen set 23: «теперь уточняет голосом то же самое» says the matter is the same, not a new
// fact; another matter told the same way is none.
TEST(Duplicate, TheSameMatterToldAgainByVoiceOrAnnouncedAsTheSame) {
    const auto triaged = [](const std::string& earlier, const std::string& text) {
        TriageContext context;
        context.earlier.push_back(
            testing::EarlierAppeal(21, "ЕВ-2026-000021", earlier, kNow - std::chrono::hours(30)));
        TriageInput again = Draft(text);
        again.received_at = kNow;
        return testing::RulesOnlyEngine().Triage(again, context);
    };
    const auto duplicate = [&](const std::string& earlier, const std::string& text) {
        return triaged(earlier, text).Find(RuleCode::kDuplicate) != nullptr;
    };
    const std::string letter =
        "ЕФС-1 за март возвращается из СФР с ошибкой «50 — неверный формат СНИЛС» по сотруднице. "
        "Номер сверили с уведомлением о регистрации — совпадает. В программе он записан так же. "
        "Прошу проверить, почему выгрузка считает его неверным.";
    const std::string call =
        "Звонит бухгалтер детского сада. Говорит, что отправляла письмо на почту линии и теперь "
        "уточняет голосом то же самое: ЕФС-1 за март возвращается с ошибкой 50 по СНИЛС "
        "сотрудницы, номер сверен с уведомлением.";
    EXPECT_TRUE(duplicate(letter, call));
    EXPECT_FALSE(duplicate(letter,
                           "Звонит бухгалтер детского сада. Говорит, что отправляла письмо на "
                           "почту линии и теперь уточняет: ЕФС-2 за апрель не принимается с "
                           "ошибкой 12 по стажу сотрудницы."));
    const std::string trial =
        "Наш колледж 9 февраля разместил профпробу «Оператор станков с ЧПУ». Она уже три недели "
        "висит в статусе «На модерации», замечаний нет. Подскажите, что нужно исправить или кто у "
        "вас проверяет пробы.";
    const std::string short_again =
        "профпроба «Оператор станков с ЧПУ» нашего колледжа так и стоит «На модерации», хотя "
        "остальные прошли. Что исправить?";
    // Announced, it is a duplicate for sure; unannounced, at most a possible one.
    const auto sure = [&](const std::string& text) {
        const TriageOutcome outcome = triaged(trial, text);
        const FiredRule* rule = outcome.Find(RuleCode::kDuplicate);
        return rule != nullptr && rule->confidence == Confidence::kHigh;
    };
    EXPECT_TRUE(sure("Второй раз обращаюсь по одному и тому же: " + short_again));
    EXPECT_FALSE(sure("Здравствуйте: " + short_again));
    // The school's number in the signature line names the sender, not another class's code.
    const std::string form =
        "Код класса для 8 «Б» перестал действовать после каникул — ребята вводят его и видят «Код "
        "недействителен». Новый сгенерировать не получается, кнопка неактивна. Нам нужно, чтобы "
        "класс прошёл диагностику до четверга. Как выпустить новый код?";
    const std::string letter_again =
        "Вчера уже оставляла вопрос через форму, пишу ещё и на почту, потому что время поджимает. "
        "У 8 «Б» код класса после каникул не принимается («Код недействителен»), а сгенерировать "
        "новый я не могу — кнопка серая. До четверга класс должен пройти диагностику.\n";
    EXPECT_TRUE(duplicate(form, letter_again + "Савчук Елена Викторовна, школа № 17 г. Орска"));
    EXPECT_FALSE(duplicate(form, letter_again + "Код не принимает и 10 «А» школы № 17."));
}

}  // namespace
}  // namespace otklik::triage

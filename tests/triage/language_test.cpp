#include "triage_test_support.hpp"
#include <gtest/gtest.h>

#include "triage/language_detector.hpp"
#include "triage/russian_words.hpp"

namespace otklik::triage {
namespace {

using testing::TriageText;

const FiredRule* Foreign(const std::string& text) {
    static TriageOutcome last;
    last = TriageText(text);
    return last.Find(RuleCode::kForeignLanguage);
}

TEST(TriageForeignLanguage, EnglishAppealIsRefusedWithItsShare) {
    const TriageOutcome outcome = TriageText(
        "Hello, I cannot log in to my account on the portal. I tried to reset the password but "
        "the confirmation code never arrives. Please help.");
    const FiredRule* rule = outcome.Find(RuleCode::kForeignLanguage);
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->confidence, Confidence::kHigh);
    EXPECT_EQ(rule->action, RuleAction::kRefuse);
    ASSERT_TRUE(rule->evidence.language.has_value());
    EXPECT_EQ(rule->evidence.language->code, "en");
    EXPECT_GE(rule->evidence.language->percent, 80);
    EXPECT_EQ(outcome.decision, Decision::kRefuse);
}

TEST(TriageForeignLanguage, UkrainianIsForeignEvenInCyrillic) {
    const FiredRule* rule = Foreign(
        "Добрий день! Не можу увійти до особистого кабінету, система пише, що пароль "
        "неправильний. Що мені робити?");
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->evidence.language->code, "uk");
}

TEST(TriageForeignLanguage, RussianWithEnglishErrorsUrlsAndCodeStaysRussian) {
    EXPECT_EQ(Foreign("При входе выдаёт «500 Internal Server Error. The server encountered an "
                      "unexpected condition that prevented it from fulfilling the request». Что "
                      "делать?"),
              nullptr);
    EXPECT_EQ(Foreign("Ошибка в приложении:\njava.lang.IllegalStateException: Fragment not "
                      "attached\n    at ru.app.Main.onCreate(Main.java:42)\nПриложение вылетает."),
              nullptr);
    EXPECT_EQ(Foreign("Не открывается https://www.gosuslugi.ru/help/faq в Google Chrome и "
                      "Microsoft Edge, пишет ERR_CONNECTION_RESET"),
              nullptr);
}

// Frozen set 14 (TR-1): an English letter between a Russian greeting and a Russian signature is
// written in English (held: a Russian speaker may be behind it); a Russian question quoting a
// long English message stays Russian.
TEST(TriageForeignLanguage, AForeignLetterFramedInRussianIsForeign) {
    const FiredRule* rule = Foreign(
        "Добрый день!\n\nOur accountant cannot export the payment schedule since Monday: the "
        "button does nothing and no file is produced. Could you please check what is wrong with "
        "the module and tell us how to proceed?\n\nBest regards,\nИрина Соколова\nглавный "
        "бухгалтер");
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->evidence.language->code, "en");
    EXPECT_EQ(rule->action, RuleAction::kHold);
    EXPECT_EQ(Foreign("Добрый день! Выгрузка графика платежей пишет: «The export failed because "
                      "the template could not be found on the server, please contact your "
                      "administrator». Что делать?\nС уважением, Ирина Соколова"),
              nullptr);
}

// Frozen set 19: a letter in Georgian framed by a Russian greeting and signature, around a
// quoted Russian error message, is foreign; a Russian letter quoting a Georgian phrase is not.
TEST(TriageForeignLanguage, ALetterInAnotherScriptFramedInRussianIsForeign) {
    const FiredRule* rule = Foreign(
        "Здравствуйте!\nგამარჯობა. პროგრამაში ვერ ვხსნი ანგარიშს, «Ошибка доступа» "
        "გამოდის. გთხოვთ დამეხმაროთ სწრაფად.\nС уважением, Нино Беридзе");
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->evidence.language->code, "ka");
    EXPECT_EQ(Foreign("Здравствуйте! Коллега из Тбилиси прислала сообщение «გამარჯობა, როგორ "
                      "ხარ», а система показывает его квадратиками. Как настроить шрифты?\nС "
                      "уважением, Нино Беридзе"),
              nullptr);
}

// Frozen set 20: a form's Russian labels and fields frame a question in Chinese or in Russian
// typed in Latin letters, as a greeting does; a Turkish letter around a quoted Russian error
// message is Turkish. A Russian question under the same form stays Russian.
TEST(TriageForeignLanguage, AFormsRussianLabelsFrameAQuestionInAnotherLanguage) {
    const FiredRule* chinese = Foreign(
        "ФИО: Ли Вэй\nРоль: родитель\nВопрос: 您好！我儿子在七年级，老师说要在平台上注册，但是我们"
        "没有收到邀请邮件。请问怎么办？谢谢。 С уважением, Ли Вэй");
    ASSERT_NE(chinese, nullptr);
    EXPECT_EQ(chinese->evidence.language->code, "zh");
    const FiredRule* latin = Foreign(
        "Организация: ГБОУ СОШ № 1 с. Кочубеевское, ИНН 3924633515\nКонтакт: Маргарян Ануш\n"
        "Проблема: Zdravstvuyte, u nas ne formiruetsya platezhka, pishet «oshibka kontrolya KBK». "
        "Buhgalter novyy, instruktsiyu ne nashli. Pomogite pozhaluysta nastroit.");
    ASSERT_NE(latin, nullptr);
    EXPECT_EQ(latin->evidence.language->code, "ru-Latn");
    const FiredRule* turkish = Foreign(
        "Merhaba! Şirketimizin muhasebe programında ödeme talimatı imzalanamıyor, «Ошибка "
        "проверки сертификата» yazıyor. Yardımcı olabilir misiniz?\nС уважением, Мехмет Йылмаз");
    ASSERT_NE(turkish, nullptr);
    EXPECT_EQ(turkish->evidence.language->code, "tr");
    EXPECT_EQ(Foreign("ФИО: Ли Вэй\nРоль: родитель\nВопрос: сыну не пришло приглашение на "
                      "платформу, учитель просит зарегистрироваться. Что делать?"),
              nullptr);
}

// Issue 15: Russian typed in Latin letters is not written in the state language; a person
// decides (held), it is never refused outright.
TEST(TriageForeignLanguage, TransliteratedRussianIsHeldForAPerson) {
    const FiredRule* rule = Foreign(
        "Zdravstvuyte, ne mogu voyti v lichnyy kabinet, pishet oshibku. Pomogite pozhaluysta");
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->confidence, Confidence::kMedium);
    EXPECT_EQ(rule->action, RuleAction::kHold);
    EXPECT_EQ(rule->evidence.language->code, "ru-Latn");
}

TEST(TriageForeignLanguage, ShortOrMixedTextIsHeldNotRefused) {
    const FiredRule* rule = Foreign(
        "Здравствуйте! I need help with my account, the code never "
        "arrives and I cannot sign in.");
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->action, RuleAction::kHold);
}

TEST(TriageForeignLanguage, ShortRussianIsNotMistakenForSerbian) {
    EXPECT_EQ(Foreign("не могу найти тест по профориентации, где он в кабинете?"), nullptr);
    EXPECT_EQ(Foreign("Где скачать результаты?"), nullptr);
}

// Frozen set 13: languages of Russia whose letters are mostly Russian ones (Mari, Udmurt) and
// Ossetian typed with the Latin «æ»; most of their words are not in the Russian dictionary.
// Russian with typos, slang and product names stays Russian.
TEST(TriageForeignLanguage, LanguagesOfRussiaInRussianLettersAreTold) {
    const FiredRule* mari = Foreign(
        "Салам лийже! Мыйын эргым школышто тунемеш, тудо кызыт тестым ыштен ок керт. "
        "Мом ышташ кӱлеш? Тау.");
    ASSERT_NE(mari, nullptr);
    EXPECT_EQ(mari->action, RuleAction::kHold);
    const FiredRule* udmurt = Foreign(
        "Ӟечбуресь! Мынам нылы пиналэ школаын дышетске, сайтысь кабинетэ пыроно уг луы. "
        "Макем карыны кулэ?");
    ASSERT_NE(udmurt, nullptr);
    EXPECT_EQ(udmurt->evidence.language->code, "udm");
    const FiredRule* ossetian =
        Foreign("Æгас цу! Мæ кабинетмæ бахизын нæ фæрæзын, код нæ цæуы. Цы бакæнон? Бузныг.");
    ASSERT_NE(ossetian, nullptr);
    EXPECT_EQ(ossetian->evidence.language->code, "os");
    EXPECT_EQ(Foreign("здраствуйте помагите немогу зайти в личьный кабинет госуслуг, пишет "
                      "ошибка авторизаци, уже третий раз пробую"),
              nullptr);
    EXPECT_EQ(Foreign("прошол профпробу по геймдизайну, а сертификат не скачивается, крашится "
                      "приложуха на айфоне"),
              nullptr);
}

// Frozen set 22: a question in Erzya under a support form's title and Russian fields, and one in
// Tuvan under a chatbot's sender line; the dictionary reads the appeal's own words, not the form.
TEST(TriageForeignLanguage, ALanguageOfRussiaUnderAFormsRussianFields) {
    EXPECT_NE(Foreign("Форма на сайте техподдержки\nОрганизация: МБОУ «Ардатовская СОШ № 1»\n"
                      "Контактное лицо: Кирдяшкина Вера\nТелефон: +7 948 481-77-26\nОписание: "
                      "Шумбратадо! Минек бухгалтериянь программась эзь панжово, ильведькс лиси. "
                      "Мезе тейнема? Сюкпря."),
              nullptr);
    EXPECT_NE(Foreign("Пользователь портала: Монгуш Айдыс\nЭкии! Мен Госуслугаларже кирип "
                      "шыдавайн тур мен, SMS-код келбейн тур. Канчаар кылыр мен? Четтирдим."),
              nullptr);
    EXPECT_EQ(Foreign("Форма на сайте техподдержки\nОрганизация: МБОУ СОШ № 1\nКонтактное лицо: "
                      "Кирдяшкина Вера\nОписание: Программа бухгалтерии не открывается, выдаёт "
                      "ошибку. Что делать?"),
              nullptr);
}

// Issue 18: the dictionary's answers are cached per thread; asked again, and after more words
// than the cache holds, it answers as the dictionary does.
TEST(TriageForeignLanguage, TheDictionaryAnswersTheSameFromItsCache) {
    auto words = RussianWords::Load(std::string(RussianWords::kSystemDictionary));
    ASSERT_TRUE(words.has_value()) << words.error().message;
    for (int round = 0; round < 3; ++round) {
        EXPECT_TRUE((*words)->Known("дом"));
        EXPECT_TRUE((*words)->Known("заявление"));
        EXPECT_FALSE((*words)->Known("шыдавайн"));
        for (int i = 0; i < 5000; ++i) {
            EXPECT_FALSE((*words)->Known("шыдавайн" + std::to_string(round * 5000 + i)));
        }
    }
}

TEST(TriageForeignLanguage, NamesTheLanguageInRussian) {
    EXPECT_EQ(LanguageNameRu("en"), "английский");
    EXPECT_EQ(LanguageNameRu("uk"), "украинский");
    EXPECT_EQ(LanguageNameRu("xx"), "xx");
}

}  // namespace
}  // namespace otklik::triage

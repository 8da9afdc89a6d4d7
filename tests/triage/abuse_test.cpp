#include "triage_test_support.hpp"
#include <gtest/gtest.h>

#include "triage/abuse_matcher.hpp"
#include "triage/triage_engine.hpp"

namespace otklik::triage {
namespace {

const AbuseMatcher& Matcher() {
    static const AbuseMatcher matcher(testing::ProjectLexicons());
    return matcher;
}

const AbuseEntry* Match(const std::string& word) { return Matcher().MatchWord(FoldText(word)); }

// Ordinary words that contain the letters of an obscene root (TR-2: no false hits).
TEST(TriageAbuseMatcher, OrdinaryWordsNeverMatch) {
    for (const char* word :
         {"корабля",     "употреблять", "скрипка",  "оскорблять", "рубля",     "команда",
          "хлеба",       "небольшой",   "себе",     "тебе",       "веб",       "небо",
          "сухую",       "плохую",      "страхую",  "хулиган",    "мандарин",  "мандат",
          "сруб",        "сравнить",    "срок",     "ссылка",     "ссуда",     "учебный",
          "требовать",   "гребень",     "ребенок",  "колебание",  "истребить", "скипидар",
          "шлюз",        "гондола",     "идиотизм", "дебильный",  "уродливый", "педикюр",
          "потребитель", "страховка",   "бляха",    "бляшка",     "похудеть",  "застрахуй",
          "судебный",    "волшебный",   "ebay",     "ebook",      "debut",     "rebate",
          "hello",       "Huawei",      "кончено",  "осадок",     "стихую",    "лихую"}) {
        EXPECT_EQ(Match(word), nullptr) << word;
    }
}

TEST(TriageAbuseMatcher, RootsMatchWithRussianMorphology) {
    for (const char* word :
         {"хуй",      "нахуй",  "похуй",     "охуенный", "нихуя",  "заебал", "съебался",
          "наебали",  "уебок",  "долбоеб",   "ебаный",   "ёбаный", "блять",  "блядь",
          "выблядок", "пиздец", "распиздяй", "спиздили", "залупа", "манда"}) {
        const AbuseEntry* entry = Match(word);
        ASSERT_NE(entry, nullptr) << word;
        EXPECT_EQ(entry->kind, AbuseKind::kMat) << word;
    }
}

TEST(TriageAbuseMatcher, InsultsMatchInflectedFormsOnly) {
    for (const char* word : {"идиот", "идиоты", "идиотами", "дебилы", "кретину", "ублюдок",
                             "ублюдки", "мразь", "твари", "сволочи", "уроды", "придурки"}) {
        const AbuseEntry* entry = Match(word);
        ASSERT_NE(entry, nullptr) << word;
        EXPECT_EQ(entry->kind, AbuseKind::kInsult) << word;
    }
}

TEST(TriageAbuseMatcher, DisguisesAreSeenThrough) {
    // Latin look-alikes, digits, '@', repeated letters, transliteration.
    for (const char* word : {"пиzдец", "xуй", "хyй", "3ae6al", "з@ебал", "бляяяяя", "ххууууй",
                             "ссука", "blyat", "pizdec", "nahuy", "mudak"}) {
        EXPECT_NE(Match(word), nullptr) << word;
    }
}

// Frozen set 21: the multiplication sign drawn for «х» and one underscore for a hidden letter;
// «2×3» and a Cyrillic file name with an underscore are no words of мат.
TEST(TriageAbuseMatcher, AMultiplicationSignAndAnUnderscoreHideLetters) {
    EXPECT_TRUE(testing::TriageText("Ваша ×уйня опять не выгружает форму.")
                    .Find(RuleCode::kObsceneLanguage) != nullptr);
    // Inside a word it stands for the hidden letter, as any stray mark does.
    EXPECT_TRUE(testing::TriageText("Ваша ху×ня опять не выгружает форму.")
                    .Find(RuleCode::kObsceneLanguage) != nullptr);
    EXPECT_TRUE(testing::TriageText("Ваш сайт — пиз_ец полный, когда почините?")
                    .Find(RuleCode::kObsceneLanguage) != nullptr);
    EXPECT_TRUE(testing::TriageText("Окно 2×3 метра, файл отчет_школа не грузится, почему?")
                    .Find(RuleCode::kObsceneLanguage) == nullptr);
}

TEST(TriageAbuseMatcher, RejoinsWordsSplitBySeparators) {
    const AnalyzedText text = AnalyzeText("", "Вы х.у.й, а это б л я т ь. Это п-и-з-д-е-ц");
    const std::vector<AbuseHit> hits = Matcher().Find(text);
    ASSERT_EQ(hits.size(), 3u);
    EXPECT_EQ(hits[0].form, "хуй");
    EXPECT_EQ(text.Span(hits[0].first, hits[0].last), "х.у.й");
    EXPECT_EQ(hits[1].form, "блять");
    EXPECT_EQ(hits[2].form, "пиздец");
    EXPECT_TRUE(hits[2].disguised);
}

// Frozen set 9: a one-letter word («и», «в») before the letters spelled out is not their first.
TEST(TriageAbuseMatcher, ALetterWordBeforeSpelledOutLettersIsLeftOut) {
    const AnalyzedText text = AnalyzeText("", "сайт опять лежит, ну и х у е в о, когда почините");
    const std::vector<AbuseHit> hits = Matcher().Find(text);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(text.Span(hits[0].first, hits[0].last), "х у е в о");
    EXPECT_TRUE(Matcher().Find(AnalyzeText("", "в и с у х о дня нет")).empty());
}

// Frozen set 10: мат written as its consonants («пздц»), and «шарлатаны», «проходимцы».
TEST(TriageAbuseMatcher, ConsonantSkeletonsAndSwindlers) {
    const std::vector<AbuseHit> mat = Matcher().Find(AnalyzeText("", "ну пздц у вас сайт"));
    ASSERT_EQ(mat.size(), 1u);
    EXPECT_EQ(mat[0].entry->kind, AbuseKind::kMat);
    const std::vector<AbuseHit> insults =
        Matcher().Find(AnalyzeText("", "у вас работают шарлатаны и проходимцы"));
    ASSERT_EQ(insults.size(), 2u);
    EXPECT_EQ(insults[0].entry->kind, AbuseKind::kInsult);
    EXPECT_EQ(insults[1].entry->kind, AbuseKind::kInsult);
}

// Issue 15: one star per hidden letter, three or more of them; visible letters must agree.
TEST(TriageAbuseMatcher, LongMasksAreReadAsWholeWords) {
    const AnalyzedText text = AnalyzeText("", "Б***ь, какой п****ц, е****ый портал.");
    const std::vector<AbuseHit> hits = Matcher().Find(text);
    ASSERT_EQ(hits.size(), 3u);
    EXPECT_EQ(hits[0].form, "блядь");
    EXPECT_EQ(hits[1].form, "пиздец");
    EXPECT_TRUE(hits[1].disguised);
    const AnalyzedText names =
        AnalyzeText("", "Сотрудница И***ва, улица Х***, карта 2202 **** **** 1234, оценка *****.");
    EXPECT_TRUE(Matcher().Find(names).empty());
}

// Frozen set 7: a Latin look-alike inside a masked Cyrillic word.
TEST(TriageAbuseMatcher, ALatinLookAlikeInsideAMaskedWordIsRead) {
    const AnalyzedText text = AnalyzeText("", "Что за x*йню вы устроили с площадкой?");
    const std::vector<AbuseHit> hits = Matcher().Find(text);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].form, "хуйню");
    EXPECT_TRUE(hits[0].disguised);
    EXPECT_TRUE(Matcher().Find(AnalyzeText("", "Такси*ст taxi*ст приехал вовремя.")).empty());
}

// Frozen set 12: new masks — a currency sign or a pictograph for a letter, two masks for one,
// letters in brackets, a word broken by a line break, a spelling as heard. Brackets, pictographs
// and line breaks in ordinary words hide nothing.
TEST(TriageAbuseMatcher, NewMasksAreSeenThrough) {
    for (const char* text :
         {"какого х₽я опять списали",
          "платформа работает ху🤬во", "у меня пи(з)дец как болит",
          "Бл@@ть, мы ехали два часа", "крысы бегают, бл\nядь, сколько можно",
          "Пездец какой-то, опять раскопали"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        ASSERT_EQ(hits.size(), 1u) << text;
        EXPECT_EQ(hits[0].entry->kind, AbuseKind::kMat) << text;
    }
    for (const char* text :
         {"Пришлите ответ(ы) до пятницы, спасибо🙏", "класс👍спасибо за помощь",
          "прошу выдать справку(и) на\nдом", "Пишите на почту ivanov@mail.ru или вася@почта.рф",
          "Платёж 300₽ прошёл, а код не пришёл"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        EXPECT_TRUE(hits.empty()) << text << ": " << hits.front().form;
    }
}

// Frozen set 18 (TR-2): a plus for the hidden letter («е+ать») and the word spelled as heard with
// «з» devoiced («ПИСДЕЦ»); a plus in C++, after a number or between names hides nothing.
TEST(TriageAbuseMatcher, APlusMaskAndADevoicedSpellingAreRead) {
    for (const char* text : {"сколько можно е+ать мозг родителям", "ПИСДЕЦ, а не сайт"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        ASSERT_EQ(hits.size(), 1u) << text;
        EXPECT_EQ(hits[0].entry->kind, AbuseKind::kMat) << text;
    }
    for (const char* text : {"Программа на C++ не собирается", "Кабинет 18+ и тест на ВИЧ+",
                             "Звоните +7 912 000-00-00", "Подарок Лёша+Маша не дошёл"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        EXPECT_TRUE(hits.empty()) << text << ": " << hits.front().form;
    }
}

// Frozen set 17 (TR-2): a shouted word split by a space («БЛ ЯДЬ»). Inside a line only capitals
// are read as one word: lower-case «у неё была» are two words, and a short word of its own
// («НА», «ПО») stands before a word of its own.
TEST(TriageAbuseMatcher, AShoutedWordSplitByASpaceIsRead) {
    const std::vector<AbuseHit> hits =
        Matcher().Find(AnalyzeText("", "БЛ ЯДЬ, третий день нет воды в доме 5!"));
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].entry->kind, AbuseKind::kMat);
    EXPECT_TRUE(hits[0].disguised);
    for (const char* text : {"У неё была справка, но её не приняли.", "ПО ЕБУРГУ ехали два часа",
                             "у неё бланк не принимают"}) {
        const std::vector<AbuseHit> found = Matcher().Find(AnalyzeText("", text));
        EXPECT_TRUE(found.empty()) << text << ": " << found.front().form;
    }
}

// Frozen set 13: a censor's note in a word, a letter drawn with slashes, a Ukrainian «і» for «и».
// Notes and slashes in ordinary text, and «і» in a Ukrainian name, hide nothing.
TEST(TriageAbuseMatcher, CensorNotesDrawnLettersAndOtherAlphabetsAreSeenThrough) {
    for (const char* text : {"очередь на приём — полный пи(цензура)дец", "это ху(...)ня, а не сайт",
                             "опять бл/\\ядская форма не грузится", "хрень какая-то, нахуй такое",
                             "піздець, а не запись к врачу"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        ASSERT_EQ(hits.size(), 1u) << text;
        EXPECT_EQ(hits[0].entry->kind, AbuseKind::kMat) << text;
    }
    for (const char* text :
         {"Заполнил форму (цензура не пропустила бы мой ответ)", "путь C:/\\temp/\\отчёт",
          "Ірина Олексіївна просила перезвонить", "сдача (...) не пришла"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        EXPECT_TRUE(hits.empty()) << text << ": " << hits.front().form;
    }
}

// Frozen set 14 (TR-2): мат typed on the English keyboard layout, and spelled by the names of its
// letters. English words, Latin product names and letters named in a real sentence stay.
TEST(TriageAbuseMatcher, WrongLayoutAndNamedLettersAreRead) {
    for (const char* text : {"опять тест слетел ,kznm ну сколько можно",
                             "полный пэ зэ дэ цэ с вашей записью", "gbpltw rfrjq-nj"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        ASSERT_EQ(hits.size(), 1u) << text;
        EXPECT_EQ(hits[0].entry->kind, AbuseKind::kMat) << text;
        EXPECT_TRUE(hits[0].disguised) << text;
    }
    for (const char* text :
         {"Ошибка: Access denied, kind regards", "Модель Xiaomi Redmi, версия Android 13",
          "буквы а, и, у в слове", "вариант а и б, а не в", "пункт вэ и пункт гэ выполнены",
          "The blank page opens, then nothing"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        EXPECT_TRUE(hits.empty()) << text << ": " << hits.front().form;
    }
}

// Frozen set 16 (TR-2): a digit for a letter beside masks («п!3д@ц»: 3 for з, ! and @ for
// vowels) is read with every letter it may stand for; a word hidden by a look-alike alone is
// found once. Numbers with a mask between them stay numbers.
TEST(TriageAbuseMatcher, ADigitForALetterBesideMasksIsRead) {
    const std::vector<AbuseHit> masked =
        Matcher().Find(AnalyzeText("", "это не ремонт дороги, это п!3д@ц"));
    ASSERT_EQ(masked.size(), 1u);
    EXPECT_EQ(masked[0].entry->kind, AbuseKind::kMat);
    EXPECT_EQ(Matcher().Find(AnalyzeText("", "Заеб@ли уже с этой записью")).size(), 1u);
    for (const char* text : {"заказ 3@5 на 2 места", "в 3!4 кабинете нет света", "код 6@3д"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        EXPECT_TRUE(hits.empty()) << text << ": " << hits.front().form;
    }
}

// Frozen set 20 (TR-2): a stray mark inside a word («?», «=», «°», a comma) hides a letter or
// stands apart from the letters; a letter of another alphabet (Mari «ӱ», Greek «χ») stands for
// the Russian one. A comma after a word of its own, and ordinary words so written, are no мат.
TEST(TriageAbuseMatcher, StrayMarksAndOtherAlphabetsLettersAreSeenThrough) {
    for (const char* text : {"Пи?дец какой-то, а не госуслуги", "Это ху=ня, а не сопровождение",
                             "почему тест бл°дь опять сбросился", "Кто из вас врёт, пи,здюки?",
                             "это просто хӱйня какая-то", "там одна χуйня в ответ"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        ASSERT_EQ(hits.size(), 1u) << text;
        EXPECT_EQ(hits[0].entry->kind, AbuseKind::kMat) << text;
        EXPECT_TRUE(hits[0].disguised) << text;
    }
    // A currency sign, a stroke for a letter, a fullwidth or accented Latin look-alike.
    for (const char* text :
         {"почему тест бл¥дь опять сбросился", "это просто х|йня какая-то",
          "это просто х/йня какая-то", "это просто ｘуйня какая-то", "это просто хуüня какая-то"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        ASSERT_EQ(hits.size(), 1u) << text;
        EXPECT_EQ(hits[0].entry->kind, AbuseKind::kMat) << text;
    }
    for (const char* text : {"да,ладно, приду", "сумма=итог, см. выше", "на?да", "t=20°С днём",
                             "в 5°утра", "Қазақстан, Өзбекстан, Ӱстӱ", "и/или по ж/д, б/у",
                             "цена 500¥ за ｔｅｓｔ", "Müller und Söhne"}) {
        const std::vector<AbuseHit> hits = Matcher().Find(AnalyzeText("", text));
        EXPECT_TRUE(hits.empty()) << text << ": " << hits.front().form;
    }
}

TEST(TriageAbuseMatcher, IgnoresTechnicalTokens) {
    const AnalyzedText text = AnalyzeText("", "см. https://example.com/huy и файл blya_log.txt");
    EXPECT_TRUE(Matcher().Find(text).empty());
}

// Frozen set 23 (TR-2): the organisers of the project's events are its staff: «дуболомы и
// лицемеры» said of them is an insult; «лицемерие» names a conduct, not a person.
TEST(TriageAbuse, ProjectOrganisersCalledNamesAreInsulted) {
    const auto insult = [](const std::string& text) {
        return testing::TriageText(text).Find(RuleCode::kInsult) != nullptr;
    };
    EXPECT_TRUE(insult(
        "Организаторы пробы в техникуме — дуболомы и лицемеры. Детей продержали час в коридоре и "
        "отправили домой."));
    EXPECT_FALSE(
        insult("Возмущает лицемерие: на сайте пишут про заботу о детях, а детей продержали час в "
               "коридоре и отправили домой."));
}

}  // namespace
}  // namespace otklik::triage

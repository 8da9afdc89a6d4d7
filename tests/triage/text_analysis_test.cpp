#include "triage/text_analysis.hpp"

#include <gtest/gtest.h>

namespace otklik::triage {
namespace {

std::vector<std::string> Folded(const AnalyzedText& text) {
    std::vector<std::string> out;
    for (const Token& token : text.tokens) out.push_back(token.folded);
    return out;
}

TEST(TriageTextAnalysis, FoldsCaseAndYo) {
    const AnalyzedText text = AnalyzeText("", "ЁЛКА Ёжик ПРИВЕТ STRASSE");
    EXPECT_EQ(Folded(text), (std::vector<std::string>{"елка", "ежик", "привет", "strasse"}));
}

TEST(TriageTextAnalysis, OffsetsPointIntoTheOriginalField) {
    const std::string original = "Тема";
    const std::string body = "  Не работает «Вход», ошибка 500.";
    const AnalyzedText text = AnalyzeText(original, body);
    ASSERT_EQ(text.tokens.size(), 6u);
    EXPECT_EQ(text.tokens[0].field, TextField::kSubject);
    EXPECT_EQ(text.Original(text.tokens[0]), "Тема");
    EXPECT_EQ(text.tokens[3].field, TextField::kText);
    EXPECT_EQ(text.Original(text.tokens[3]), "Вход");
    EXPECT_EQ(body.substr(text.tokens[3].begin, text.tokens[3].end - text.tokens[3].begin), "Вход");
    EXPECT_TRUE(text.tokens[3].quoted);
    EXPECT_FALSE(text.tokens[2].quoted);
}

TEST(TriageTextAnalysis, DropsInvisibleCharactersAndCombiningMarks) {
    // A soft hyphen and a zero-width space inside a word; "й" written as и + U+0306.
    const AnalyzedText text = AnalyzeText("", "при\u00ADвет сло\u200Bво и\u0306од");
    EXPECT_EQ(Folded(text), (std::vector<std::string>{"привет", "слово", "йод"}));
}

TEST(TriageTextAnalysis, RecordsSeparatorsBetweenWords) {
    const AnalyzedText text = AnalyzeText("", "х.у.й б л я кто-то");
    ASSERT_EQ(text.tokens.size(), 8u);
    EXPECT_EQ(text.tokens[1].gap, Gap::kInWord);
    EXPECT_EQ(text.tokens[4].gap, Gap::kSpace);
    EXPECT_EQ(text.tokens[7].gap, Gap::kInWord);
}

TEST(TriageTextAnalysis, MarksUrlsEmailsCodeAndTracesAsTechnical) {
    const AnalyzedText text = AnalyzeText(
        "",
        "Ссылка https://gosuslugi.ru/help почта ivan@mail.ru класс NullPointerException\n"
        "    at ru.app.Main.run(Main.java:12)\nобычный текст");
    for (const Token& token : text.tokens) {
        const bool prose = token.folded == "ссылка" || token.folded == "почта" ||
                           token.folded == "класс" || token.folded == "обычный" ||
                           token.folded == "текст";
        EXPECT_EQ(token.technical, !prose) << token.folded;
    }
}

TEST(TriageTextAnalysis, CountsProseLettersByScript) {
    const AnalyzedText text =
        AnalyzeText("", "Не работает Chrome, ошибка HTTP 500 на www.site.com");
    EXPECT_EQ(text.prose.cyrillic_words, 4u);
    EXPECT_EQ(text.prose.latin_words, 1u);  // "HTTP" is an acronym, the URL is technical
    EXPECT_EQ(text.prose.latin_letters, 6u);
}

TEST(TriageTextAnalysis, SplitsSentencesButNotInsideQuotes) {
    const AnalyzedText text = AnalyzeText("", "Он сказал: «Ты дура! Уходи». Прошу разобраться.");
    ASSERT_GE(text.tokens.size(), 7u);
    EXPECT_EQ(text.tokens[0].sentence, text.tokens[3].sentence);  // "дура" inside the quote
    EXPECT_NE(text.tokens[0].sentence, text.tokens.back().sentence);
}

TEST(TriageTextAnalysis, MixedScriptWordsAreMixed) {
    const AnalyzedText text = AnalyzeText("", "пиzдец xуй слово word");
    EXPECT_EQ(text.tokens[0].script, Script::kMixed);
    EXPECT_EQ(text.tokens[1].script, Script::kMixed);
    EXPECT_EQ(text.tokens[2].script, Script::kCyrillic);
    EXPECT_EQ(text.tokens[3].script, Script::kLatin);
}

TEST(TriageTextAnalysis, SurvivesBrokenUtf8) {
    const std::string broken = "Привет \xD0 мир \xFF\xFE конец";
    const AnalyzedText text = AnalyzeText("", broken);
    ASSERT_FALSE(text.tokens.empty());
    for (const Token& token : text.tokens) EXPECT_LE(token.end, broken.size());
}

}  // namespace
}  // namespace otklik::triage

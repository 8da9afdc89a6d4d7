#include "text/case_folding.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "text/utf8.hpp"

namespace otklik::text {

TEST(CaseFolding, FoldsEveryScriptAlike) {
    EXPECT_EQ(FoldCase("Ёлка ДЕД Мороз"), FoldCase("ёЛКА дед мороз"));
    EXPECT_EQ(FoldCase("Ivan.Petrov@Example.RU"), "ivan.petrov@example.ru");
    EXPECT_EQ(FoldCase("Straße"), "strasse");
    EXPECT_EQ(FoldCase(U'Ж'), U'ж');
}

// Issue 18: ASCII, the Russian alphabet and caseless punctuation fold without ICU; every one of
// those code points must fold as ICU folds it, alone and inside a text ICU folds ("ß" sends a
// text to ICU).
TEST(CaseFolding, TheCommonLettersFoldAsIcuFoldsThem) {
    std::vector<char32_t> common;
    for (char32_t c = 1; c < 0x80; ++c) common.push_back(c);
    for (char32_t c = 0x400; c <= 0x45F; ++c) common.push_back(c);
    for (char32_t c = 0x2000; c <= 0x203F; ++c) common.push_back(c);
    for (const char32_t c :
         {U'\u00A0', U'\u00A7', U'\u00AB', U'\u00B0', U'\u00B7', U'\u00BB', U'\u2116'}) {
        common.push_back(c);
    }
    std::string all;
    for (char32_t c : common) {
        const std::string one = EncodeUtf8(std::u32string(1, c));
        EXPECT_EQ(FoldCase(one), EncodeUtf8(std::u32string(1, FoldCase(c))))
            << "U+" << std::hex << static_cast<unsigned>(c);
        all += one;
    }
    EXPECT_EQ(FoldCase(all + "ß"), FoldCase(all) + "ss");
    EXPECT_EQ(FoldCase("Ёлка ДЕД Мороз ЁЖ"), "ёлка дед мороз ёж");
    // Outside the common set: a Greek capital, the micro sign, a broken sequence.
    EXPECT_EQ(FoldCase("Ω µ"), "ω μ");
    EXPECT_EQ(FoldCase("\xD0"), "\xEF\xBF\xBD");
    EXPECT_EQ(FoldCase("Ѡ"), "ѡ");
}

TEST(CaseFolding, AsciiLowerKeepsEveryOtherByte) {
    EXPECT_EQ(AsciiLower("UTF-8 Привет"), "utf-8 Привет");
    EXPECT_EQ(AsciiLower("<BODY>").size(), std::string("<BODY>").size());
}

}  // namespace otklik::text

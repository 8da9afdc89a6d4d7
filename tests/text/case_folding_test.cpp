#include "text/case_folding.hpp"

#include <gtest/gtest.h>

namespace otklik::text {

TEST(CaseFolding, FoldsEveryScriptAlike) {
    EXPECT_EQ(FoldCase("Ёлка ДЕД Мороз"), FoldCase("ёЛКА дед мороз"));
    EXPECT_EQ(FoldCase("Ivan.Petrov@Example.RU"), "ivan.petrov@example.ru");
    EXPECT_EQ(FoldCase("Straße"), "strasse");
    EXPECT_EQ(FoldCase(U'Ж'), U'ж');
}

TEST(CaseFolding, AsciiLowerKeepsEveryOtherByte) {
    EXPECT_EQ(AsciiLower("UTF-8 Привет"), "utf-8 Привет");
    EXPECT_EQ(AsciiLower("<BODY>").size(), std::string("<BODY>").size());
}

}  // namespace otklik::text

#include "core/json_text.hpp"

#include <gtest/gtest.h>

using otklik::core::JsonString;

TEST(JsonText, EscapesQuotesBackslashesAndControlCharacters) {
    EXPECT_EQ(JsonString("ГЛ-2026-000001"), "\"ГЛ-2026-000001\"");
    EXPECT_EQ(JsonString("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(JsonString("line\nnext\ttab"), "\"line\\nnext\\ttab\"");
    EXPECT_EQ(JsonString(std::string("\x01", 1)), "\"\\u0001\"");
}

TEST(JsonText, EscapesWhereverTheCharacterFallsInALongText) {
    const std::string plain = "Обращение номер ГЛ-2026-000001 ";  // longer than one 8-byte step
    for (std::size_t at = 0; at <= plain.size(); ++at) {
        for (const auto& [raw, escaped] : {std::pair<std::string, std::string>{"\"", "\\\""},
                                           {"\\", "\\\\"},
                                           {"\n", "\\n"},
                                           {std::string("\x1f", 1), "\\u001f"}}) {
            std::string text = plain;
            text.insert(at, raw);
            std::string expected = plain;
            expected.insert(at, escaped);
            EXPECT_EQ(JsonString(text), "\"" + expected + "\"") << at;
        }
    }
    EXPECT_EQ(JsonString(plain + plain), "\"" + plain + plain + "\"");
}

#include "core/json_text.hpp"

#include <gtest/gtest.h>

using otklik::core::JsonString;

TEST(JsonText, EscapesQuotesBackslashesAndControlCharacters) {
    EXPECT_EQ(JsonString("ГЛ-2026-000001"), "\"ГЛ-2026-000001\"");
    EXPECT_EQ(JsonString("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(JsonString("line\nnext\ttab"), "\"line\\nnext\\ttab\"");
    EXPECT_EQ(JsonString(std::string("\x01", 1)), "\"\\u0001\"");
}

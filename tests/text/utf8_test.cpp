#include "text/utf8.hpp"

#include <gtest/gtest.h>

namespace otklik::text {

TEST(Utf8, AcceptsWellFormedTextOfEveryLength) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("Привет, мир! 😢 €"));
}

TEST(Utf8, RefusesWhatRfc3629Forbids) {
    EXPECT_FALSE(IsValidUtf8("\xD0"));                  // truncated
    EXPECT_FALSE(IsValidUtf8("\x80"));                  // stray continuation
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));              // overlong '/'
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));          // surrogate U+D800
    EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));      // above U+10FFFF
    EXPECT_FALSE(IsValidUtf8("\xCF\xF0\xE8\xE2\xE5"));  // windows-1251 «Приве»
}

TEST(Utf8, DecodingNeverFailsAndKeepsOffsetsExact) {
    const std::string text =
        "а\xFF"
        "b";
    std::size_t pos = 0;
    EXPECT_EQ(NextCodePoint(text, pos), U'а');
    EXPECT_EQ(pos, 2u);
    EXPECT_EQ(NextCodePoint(text, pos), kReplacementCharacter);
    EXPECT_EQ(pos, 3u);
    EXPECT_EQ(NextCodePoint(text, pos), U'b');
    EXPECT_EQ(DecodeUtf8("\xE2\x82"), std::u32string(2, kReplacementCharacter));
}

TEST(Utf8, EncodesWhatItDecodes) {
    const std::string text = "Ёж 😢 x";
    EXPECT_EQ(EncodeUtf8(DecodeUtf8(text)), text);
}

}  // namespace otklik::text

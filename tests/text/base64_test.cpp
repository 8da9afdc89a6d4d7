#include "text/base64.hpp"

#include <gtest/gtest.h>

namespace otklik::text {

TEST(Base64, WritesRfc4648WithPadding) {
    EXPECT_EQ(Base64(""), "");
    EXPECT_EQ(Base64("f"), "Zg==");
    EXPECT_EQ(Base64("fo"), "Zm8=");
    EXPECT_EQ(Base64("foo"), "Zm9v");
    EXPECT_EQ(Base64("Привет"), "0J/RgNC40LLQtdGC");
}

TEST(Base64, UrlFormRoundTripsAndRefusesAnythingElse) {
    const std::string bytes("\xFB\xFF\x00\x01", 4);
    EXPECT_EQ(Base64Url(bytes), "-_8AAQ");
    EXPECT_EQ(FromBase64Url("-_8AAQ"), bytes);
    EXPECT_FALSE(FromBase64Url("-_8AAQ=="));
    EXPECT_FALSE(FromBase64Url("+/8AAQ"));
    EXPECT_FALSE(FromBase64Url("-_8A AQ"));
}

TEST(Base64, LenientDecodingReadsBrokenMail) {
    EXPECT_EQ(FromBase64Lenient("0J/RgNC4\r\n0LLQtdGC"), "Привет");
    EXPECT_EQ(FromBase64Lenient("Zg=="), "f");
    EXPECT_EQ(FromBase64Lenient("Zh"), "f");       // padding bits that are not zero
    EXPECT_EQ(FromBase64Lenient("Zm9vY"), "foo");  // a lone digit carries no byte
    EXPECT_EQ(FromBase64Lenient("Zm=9v"), "foo");
    EXPECT_EQ(FromBase64Lenient("***"), "");
}

}  // namespace otklik::text

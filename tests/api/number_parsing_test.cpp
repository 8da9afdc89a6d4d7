// Issue 13: one reading of integers from text for the API (and the rest of the program).
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "core/parse_integer.hpp"

using otklik::core::ParseInteger;
using otklik::core::ParseIntegerIn;

TEST(ParseInteger, ReadsWholeDecimalNumbers) {
    EXPECT_EQ(ParseInteger<std::int64_t>("0"), 0);
    EXPECT_EQ(ParseInteger<std::int64_t>("12"), 12);
    EXPECT_EQ(ParseInteger<std::int64_t>("007"), 7);
    EXPECT_EQ(ParseInteger<int>("500"), 500);
}

TEST(ParseInteger, RefusesTextAroundTheDigits) {
    // One of the nine old readers took "12abc" as 12.
    for (const char* text :
         {"12abc", "abc", "", " 12", "12 ", "+12", "1.5", "1e3", "0x10", "-", "12\n", "١٢"}) {
        EXPECT_FALSE(ParseInteger<std::int64_t>(text)) << text;
        EXPECT_FALSE(ParseInteger<int>(text)) << text;
    }
}

TEST(ParseInteger, RefusesOverflowInsteadOfClampingOrWrapping) {
    EXPECT_EQ(ParseInteger<std::int64_t>("9223372036854775807"),
              std::numeric_limits<std::int64_t>::max());
    EXPECT_FALSE(ParseInteger<std::int64_t>("9223372036854775808"));
    EXPECT_FALSE(ParseInteger<std::int64_t>("99999999999999999999999"));
    EXPECT_FALSE(ParseInteger<int>("2147483648"));
    EXPECT_FALSE(ParseInteger<std::uint8_t>("256"));
}

TEST(ParseInteger, NegativeNumbersOnlyForSignedTypes) {
    EXPECT_EQ(ParseInteger<std::int64_t>("-5"), -5);
    EXPECT_EQ(ParseInteger<int>("-2147483648"), std::numeric_limits<int>::min());
    // stoul took "-1" as the largest unsigned value.
    EXPECT_FALSE(ParseInteger<std::size_t>("-1"));
    EXPECT_FALSE(ParseInteger<unsigned>("-0"));
}

TEST(ParseInteger, RangeIsCheckedOnTheValue) {
    EXPECT_EQ(ParseIntegerIn("1", 1, 500), 1);
    EXPECT_EQ(ParseIntegerIn("500", 1, 500), 500);
    EXPECT_FALSE(ParseIntegerIn("0", 1, 500));
    EXPECT_FALSE(ParseIntegerIn("501", 1, 500));
    EXPECT_FALSE(ParseIntegerIn("-3", 1, 500));
    EXPECT_FALSE(ParseIntegerIn("99999999999", 1, 500));
}

TEST(ParseInteger, OtherBasesForEncodedBytes) {
    // Quoted-printable and Q-encoded headers spell bytes as two hex digits.
    EXPECT_EQ(ParseInteger<unsigned char>("D0", 16), 0xD0);
    EXPECT_EQ(ParseInteger<unsigned char>("ff", 16), 0xFF);
    EXPECT_FALSE(ParseInteger<unsigned char>("G0", 16));
    EXPECT_FALSE(ParseInteger<unsigned char>("100", 16));
    EXPECT_FALSE(ParseInteger<int>("1F", 10));
}

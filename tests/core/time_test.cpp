#include "core/time.hpp"

#include <gtest/gtest.h>

using namespace otklik::core;
using namespace std::chrono;

TEST(Time, FormatsWholeSecondsWithoutFraction) {
    const auto t = ParseInstant("2026-01-12T07:00:00Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(FormatInstant(*t), "2026-01-12T07:00:00Z");
}

TEST(Time, ParsesOffsetsIntoUtc) {
    const auto t = ParseInstant("2026-01-12T10:00:00+03:00");
    ASSERT_TRUE(t);
    EXPECT_EQ(FormatInstant(*t), "2026-01-12T07:00:00Z");
    EXPECT_EQ(FormatInstant(*ParseInstant("2026-01-12T07:00:00.250Z")), "2026-01-12T07:00:00.250Z");
}

TEST(Time, RefusesMalformedInstants) {
    EXPECT_FALSE(ParseInstant("2026-02-30T07:00:00Z"));
    EXPECT_FALSE(ParseInstant("2026-01-12 07:00:00"));
    EXPECT_FALSE(ParseInstant("2026-01-12T07:00:00"));
    EXPECT_FALSE(ParseInstant("yesterday"));
}

TEST(Time, ParsesIsoDurations) {
    EXPECT_EQ(ParseIsoDuration("PT3H"), Duration{hours{3}});
    EXPECT_EQ(ParseIsoDuration("P1DT30M"), Duration{hours{24} + minutes{30}});
    EXPECT_EQ(ParseIsoDuration("-PT15M"), Duration{-minutes{15}});
    EXPECT_FALSE(ParseIsoDuration("P"));
    EXPECT_FALSE(ParseIsoDuration("PT3D"));
    EXPECT_FALSE(ParseIsoDuration("3H"));
}

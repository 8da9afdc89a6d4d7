#include "core/uin.hpp"

#include <gtest/gtest.h>

using namespace otklik::core;

// CH-2: a UIN is printable and easy to dictate.
TEST(Uin, FormatsPrefixYearAndSixDigitSequence) {
    EXPECT_EQ(FormatUin("ББ", 2026, 123), "ББ-2026-000123");
    EXPECT_EQ(FormatUin("ГЛ", 2026, 1234567), "ГЛ-2026-1234567");
}

TEST(Uin, NormalizesWhatAnOperatorTypes) {
    EXPECT_EQ(NormalizeUin("ББ-2026-000123"), "ББ-2026-000123");
    EXPECT_EQ(NormalizeUin("бб 2026 123"), "ББ-2026-000123");
    EXPECT_EQ(NormalizeUin("ЕП—2026—000007"), "ЕП-2026-000007");
}

TEST(Uin, MapsLatinLookAlikesToCyrillic) {
    // "EK" typed on an English layout is Cyrillic "ЕК".
    EXPECT_EQ(NormalizeUin("ek-2026-000001"), "ЕК-2026-000001");
}

TEST(Uin, RefusesWhatCannotBeANumber) {
    EXPECT_EQ(NormalizeUin("2026-000123"), std::nullopt);
    EXPECT_EQ(NormalizeUin("ББ-26-000123"), std::nullopt);
    EXPECT_EQ(NormalizeUin("ББ-2026-12-5"), std::nullopt);
    EXPECT_EQ(NormalizeUin(""), std::nullopt);
}

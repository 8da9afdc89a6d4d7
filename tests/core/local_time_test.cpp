#include "core/local_time.hpp"

#include <gtest/gtest.h>

namespace otklik::core {

TEST(TimeZone, RendersLocalDatesFromTheTzDatabase) {
    const auto at = *ParseInstant("2025-12-31T21:30:00Z");
    const auto& moscow = TimeZone::Default();
    EXPECT_EQ(moscow.Name(), "Europe/Moscow");
    EXPECT_EQ(moscow.FormatDateTime(at), "01.01.2026 00:30");
    EXPECT_EQ(moscow.FormatIsoDate(at), "2026-01-01");
    EXPECT_EQ(static_cast<int>(moscow.LocalDate(at).year()), 2026);
    const auto utc = TimeZone::Utc();
    EXPECT_EQ(utc.FormatDate(at), "31.12.2025");
    const auto ulyanovsk = TimeZone::Find("Europe/Ulyanovsk");
    ASSERT_TRUE(ulyanovsk.has_value());
    EXPECT_EQ(ulyanovsk->FormatDateTime(at), "01.01.2026 01:30");
}

TEST(TimeZone, ADayStartsAtLocalMidnight) {
    const std::chrono::year_month_day day{std::chrono::year{2026}, std::chrono::month{1},
                                          std::chrono::day{12}};
    EXPECT_EQ(FormatInstant(TimeZone::Default().StartOfDay(day)), "2026-01-11T21:00:00Z");
    EXPECT_EQ(FormatInstant(TimeZone::Utc().StartOfDay(day)), "2026-01-12T00:00:00Z");
}

TEST(TimeZone, UnknownNamesAreNotFound) {
    EXPECT_FALSE(TimeZone::Find("Mars/Olympus").has_value());
}

}  // namespace otklik::core

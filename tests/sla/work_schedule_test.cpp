#include "sla/work_schedule.hpp"

#include "sla_test_support.hpp"
#include <gtest/gtest.h>

namespace otklik::sla {
namespace {

using namespace std::chrono_literals;
using testing::At;
using testing::OfficeHours;

TEST(WorkSchedule, OfficeDayHasTwoSpansAndAnEightHourNorm) {
    const auto schedule = WorkSchedule::Hours("Europe/Moscow", OfficeHours());
    ASSERT_TRUE(schedule.has_value());
    EXPECT_FALSE(schedule->IsAroundTheClock());
    EXPECT_EQ(schedule->DayNorm(), 8h);
    const auto normal = schedule->Spans(false);
    ASSERT_EQ(normal.size(), 2u);
    EXPECT_EQ(normal[0].begin, 9h);
    EXPECT_EQ(normal[0].end, 13h);
    EXPECT_EQ(normal[1].begin, 14h);
    EXPECT_EQ(normal[1].end, 18h);
}

TEST(WorkSchedule, ShortenedDayEndsAnHourEarlier) {
    const auto schedule = WorkSchedule::Hours("Europe/Moscow", OfficeHours());
    ASSERT_TRUE(schedule.has_value());
    const auto shortened = schedule->Spans(true);
    ASSERT_EQ(shortened.size(), 2u);
    EXPECT_EQ(shortened[1].end, 17h);
}

TEST(WorkSchedule, ShortenedDayTakesTheHourOfWorkNotOfClock) {
    // Only 30 minutes of work after a long break: the rest of the hour comes off the morning.
    const auto schedule = WorkSchedule::Hours(
        "Europe/Moscow", WorkingHours{9h, 18h, WorkingHours::Break{13h, 17h + 30min}});
    ASSERT_TRUE(schedule.has_value());
    EXPECT_EQ(schedule->DayNorm(), 4h + 30min);
    const auto shortened = schedule->Spans(true);
    ASSERT_EQ(shortened.size(), 1u);
    EXPECT_EQ(shortened[0].begin, 9h);
    EXPECT_EQ(shortened[0].end, 12h + 30min);
}

TEST(WorkSchedule, WithoutLunchIsOneSpan) {
    const auto schedule = WorkSchedule::Hours("Asia/Vladivostok", WorkingHours{8h, 17h, {}});
    ASSERT_TRUE(schedule.has_value());
    EXPECT_EQ(schedule->DayNorm(), 9h);
    ASSERT_EQ(schedule->Spans(true).size(), 1u);
    EXPECT_EQ(schedule->Spans(true)[0].end, 16h);
}

TEST(WorkSchedule, AroundTheClockHasNoSpansAndADayNormOf24Hours) {
    const auto schedule = WorkSchedule::AroundTheClock("Europe/Moscow");
    ASSERT_TRUE(schedule.has_value());
    EXPECT_TRUE(schedule->IsAroundTheClock());
    EXPECT_EQ(schedule->DayNorm(), 24h);
    EXPECT_TRUE(schedule->Spans(false).empty());
    EXPECT_EQ(schedule->TimeZoneName(), "Europe/Moscow");
}

TEST(WorkSchedule, RefusesInvalidHours) {
    const struct {
        WorkingHours hours;
        const char* why;
    } cases[] = {
        {{18h, 9h, {}}, "end before begin"},
        {{9h, 9h, {}}, "empty day"},
        {{-1h, 9h, {}}, "before midnight"},
        {{9h, 25h, {}}, "after midnight"},
        {{9h, 10h, {}}, "a day of one hour cannot be shortened"},
        {{9h, 18h, WorkingHours::Break{8h, 10h}}, "lunch starts before work"},
        {{9h, 18h, WorkingHours::Break{17h, 18h}}, "lunch ends with work"},
        {{9h, 18h, WorkingHours::Break{14h, 13h}}, "lunch reversed"},
    };
    for (const auto& c : cases) {
        const auto schedule = WorkSchedule::Hours("Europe/Moscow", c.hours);
        ASSERT_FALSE(schedule.has_value()) << c.why;
        EXPECT_EQ(schedule.error().code, "schedule_invalid") << c.why;
    }
}

TEST(WorkSchedule, RefusesUnknownTimeZones) {
    const auto schedule = WorkSchedule::Hours("Europe/Atlantis", OfficeHours());
    ASSERT_FALSE(schedule.has_value());
    EXPECT_EQ(schedule.error().code, "unknown_time_zone");
    EXPECT_FALSE(WorkSchedule::AroundTheClock("Mars/Olympus").has_value());
}

TEST(WorkSchedule, ConvertsWithTheZoneHistoryFromSystemTzdata) {
    const auto moscow = WorkSchedule::AroundTheClock("Europe/Moscow");
    ASSERT_TRUE(moscow.has_value());
    // Moscow was UTC+4 from 2011 until 26 October 2014, UTC+3 since.
    const auto local_2014 = moscow->ToLocal(At("2014-03-03T05:00:00Z"));
    EXPECT_EQ(moscow->ToInstant(local_2014), At("2014-03-03T05:00:00Z"));
    EXPECT_EQ(local_2014.time_since_epoch() % std::chrono::days{1}, 9h);
    const auto local_2025 = moscow->ToLocal(At("2025-03-03T06:00:00Z"));
    EXPECT_EQ(local_2025.time_since_epoch() % std::chrono::days{1}, 9h);
}

}  // namespace
}  // namespace otklik::sla

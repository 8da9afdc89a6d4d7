// The clocks of the full form: time left on the appeal's own calendar, in minutes and in words
// (issue 16 point 2; SLA-1, SLA-4, RT-5).
#include "views/clock_view.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace otklik::views {
namespace {

using namespace std::chrono_literals;

core::ClockReading Working(core::Duration remaining) {
    core::ClockReading r;
    r.clock = "resolution";
    r.term = "5 business_days";
    r.working_time = true;
    r.remaining = remaining;
    r.day_norm = 8h;
    return r;
}

TEST(RemainingText, CountsWorkingDaysOfTheCalendarsWorkingDay) {
    // 19 working hours on an 8-hour day: two working days and three hours, not «19 ч».
    EXPECT_EQ(RemainingText(Working(19h)), "2 раб. дня 3 ч");
    EXPECT_EQ(RemainingText(Working(8h)), "1 раб. день");
    EXPECT_EQ(RemainingText(Working(40h)), "5 раб. дней");
    EXPECT_EQ(RemainingText(Working(45min)), "45 мин");
    EXPECT_EQ(RemainingText(Working(20s)), "менее минуты");
}

TEST(RemainingText, SaysHowLateAnOverdueClockIs) {
    EXPECT_EQ(RemainingText(Working(-80min)), "просрочено на 1 ч 20 мин");
}

TEST(RemainingText, AroundTheClockADayIs24Hours) {
    auto r = Working(50h);
    r.working_time = false;
    EXPECT_EQ(RemainingText(r), "2 дн. 2 ч");
}

TEST(ClocksJson, CarriesPauseDeadlineAndEscalationThreshold) {
    auto r = Working(19h);
    r.paused = true;
    r.escalate_at = *core::ParseInstant("2026-03-02T10:00:00Z");
    const auto clocks = ClocksJson({r});
    ASSERT_EQ(clocks.size(), 1u);
    const auto& c = clocks[0].as_object();
    EXPECT_EQ(c.at("clock"), "resolution");
    EXPECT_EQ(c.at("remaining_minutes"), 19 * 60);
    EXPECT_EQ(c.at("working_day_minutes"), 8 * 60);
    EXPECT_EQ(c.at("paused"), true);
    EXPECT_TRUE(c.at("due").is_null()) << "no deadline while paused";
    EXPECT_EQ(c.at("escalate_at"), "2026-03-02T10:00:00Z");
}

}  // namespace
}  // namespace otklik::views

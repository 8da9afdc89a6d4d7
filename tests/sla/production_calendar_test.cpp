#include "sla/production_calendar.hpp"

#include <chrono>
#include <string>

#include "sla_test_support.hpp"
#include <gtest/gtest.h>

namespace otklik::sla {
namespace {

using std::chrono::year;
using std::chrono::year_month_day;
using testing::RuCalendar;

year_month_day Ymd(int y, unsigned m, unsigned d) {
    return year_month_day{year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

TEST(ProductionCalendar, CoversTheYearsOfTheDataFile) {
    EXPECT_EQ(RuCalendar()->FirstYear(), 2013);
    EXPECT_EQ(RuCalendar()->LastYear(), 2027);
    EXPECT_TRUE(RuCalendar()->Covers(Ymd(2027, 12, 31)));
    EXPECT_FALSE(RuCalendar()->Covers(Ymd(2028, 1, 1)));
    EXPECT_FALSE(RuCalendar()->Covers(Ymd(2012, 12, 31)));
}

struct KindCase {
    year_month_day day;
    DayKind expected;
    const char* why;
};

TEST(ProductionCalendar, ResolvesListedAndDefaultDays) {
    const KindCase cases[] = {
        {Ymd(2024, 12, 28), DayKind::kWorking, "working_weekend: Saturday worked for Dec 31"},
        {Ymd(2024, 12, 30), DayKind::kDayOff, "nonworking: transferred day off"},
        {Ymd(2025, 11, 1), DayKind::kShortened, "shortened Saturday before Nov 4"},
        {Ymd(2025, 6, 11), DayKind::kShortened, "shortened Wednesday before Jun 12"},
        {Ymd(2025, 12, 30), DayKind::kWorking, "not listed Tuesday"},
        {Ymd(2025, 12, 31), DayKind::kDayOff, "nonworking Wednesday"},
        {Ymd(2026, 1, 7), DayKind::kDayOff, "holiday"},
        {Ymd(2026, 1, 9), DayKind::kDayOff, "day off moved from Saturday Jan 3"},
        {Ymd(2026, 1, 10), DayKind::kDayOff, "not listed Saturday"},
        {Ymd(2026, 1, 12), DayKind::kWorking, "first working day of 2026"},
    };
    for (const auto& c : cases) {
        const auto kind = RuCalendar()->KindOf(c.day);
        ASSERT_TRUE(kind.has_value()) << c.why;
        EXPECT_EQ(*kind, c.expected) << c.why;
    }
}

// Official numbers of working days (40-hour week) published with each year's calendar.
TEST(ProductionCalendar, CountsTheOfficialNumberOfWorkingDays) {
    const struct {
        int year;
        int working_days;
        int shortened_days;
    } cases[] = {{2024, 248, 5}, {2025, 247, 4}, {2026, 247, 4}};
    for (const auto& c : cases) {
        int working = 0;
        int shortened = 0;
        for (auto d = std::chrono::sys_days{year{c.year} / 1 / 1};
             d < std::chrono::sys_days{year{c.year + 1} / 1 / 1}; d += std::chrono::days{1}) {
            const auto kind = RuCalendar()->KindOf(year_month_day{d});
            ASSERT_TRUE(kind.has_value());
            working += *kind != DayKind::kDayOff ? 1 : 0;
            shortened += *kind == DayKind::kShortened ? 1 : 0;
        }
        EXPECT_EQ(working, c.working_days) << c.year;
        EXPECT_EQ(shortened, c.shortened_days) << c.year;
    }
}

TEST(ProductionCalendar, RefusesDatesOutsideTheCoveredYears) {
    const auto kind = RuCalendar()->KindOf(Ymd(2028, 1, 10));
    ASSERT_FALSE(kind.has_value());
    EXPECT_EQ(kind.error().code, "calendar_out_of_range");
    EXPECT_EQ(kind.error().kind, core::ErrorKind::kUnprocessable);
    EXPECT_NE(kind.error().message.find("2028-01-10"), std::string::npos);
    EXPECT_FALSE(RuCalendar()->KindOf(Ymd(2012, 12, 31)).has_value());
}

TEST(ProductionCalendar, ParsesCrLfAndDerivesRangeFromRows) {
    const auto calendar = ProductionCalendar::Parse(
        "date,kind\r\n2030-01-01,holiday\r\n2030-05-04,working_weekend\r\n");
    ASSERT_TRUE(calendar.has_value()) << calendar.error().message;
    EXPECT_EQ(calendar->FirstYear(), 2030);
    EXPECT_EQ(calendar->LastYear(), 2030);
    EXPECT_EQ(*calendar->KindOf(Ymd(2030, 1, 1)), DayKind::kDayOff);
    EXPECT_EQ(*calendar->KindOf(Ymd(2030, 1, 2)), DayKind::kWorking);
    EXPECT_EQ(*calendar->KindOf(Ymd(2030, 5, 4)), DayKind::kWorking);  // Saturday
    EXPECT_EQ(*calendar->KindOf(Ymd(2030, 5, 5)), DayKind::kDayOff);   // Sunday
}

TEST(ProductionCalendar, RefusesMalformedData) {
    const struct {
        const char* csv;
        const char* why;
    } cases[] = {
        {"", "empty"},
        {"day,kind\n2025-01-01,holiday\n", "wrong header"},
        {"date,kind\n", "no rows"},
        {"date,kind\n2025-01-01,feast\n", "unknown kind"},
        {"date,kind\n2025-02-30,holiday\n", "invalid date"},
        {"date,kind\n25-01-01,holiday\n", "short year"},
        {"date,kind\n2025-01-01,holiday\n2025-01-01,holiday\n", "duplicate"},
        {"date,kind\n2025-01-01,holiday,extra\n", "too many fields"},
        {"date,kind\n2025-01-01,\"holiday\n", "unterminated quote"},
        {"date,kind\n2024-01-01,holiday\n2026-01-01,holiday\n", "2025 missing"},
    };
    for (const auto& c : cases) {
        const auto calendar = ProductionCalendar::Parse(c.csv);
        ASSERT_FALSE(calendar.has_value()) << c.why;
        EXPECT_EQ(calendar.error().code, "data_malformed") << c.why;
    }
}

TEST(ProductionCalendar, ReportsAnUnreadableFile) {
    const auto calendar = ProductionCalendar::LoadFile("/nonexistent/otklik/calendar.csv");
    ASSERT_FALSE(calendar.has_value());
    EXPECT_EQ(calendar.error().code, "data_unreadable");
}

}  // namespace
}  // namespace otklik::sla

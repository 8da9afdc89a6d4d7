#include "sla/business_calendar.hpp"

#include <cstdint>
#include <random>
#include <string>

#include "sla_test_support.hpp"
#include <gtest/gtest.h>

namespace otklik::sla {
namespace {

using namespace std::chrono_literals;
using core::Duration;
using core::FormatInstant;
using core::Instant;
using testing::AroundTheClock;
using testing::At;
using testing::Office;
using testing::RuCalendar;

struct AddCase {
    const char* zone;
    const char* start;
    Duration work;
    const char* expected;
    const char* why;
};

// Office hours 09:00–18:00, lunch 13:00–14:00.
const AddCase kAddCases[] = {
    {"Europe/Moscow", "2025-12-30T16:00:00+03:00", 4h, "2026-01-12T11:00:00+03:00",
     "2 h on Tue 30 Dec; 31 Dec – 11 Jan off; 2 h on Mon 12 Jan"},
    {"Europe/Moscow", "2025-12-26T17:00:00+03:00", 3h, "2025-12-29T11:00:00+03:00",
     "over a weekend"},
    {"Europe/Moscow", "2025-12-29T13:30:00+03:00", 1h, "2025-12-29T15:00:00+03:00",
     "start in lunch counts from 14:00"},
    {"Europe/Moscow", "2025-12-29T12:30:00+03:00", 1h, "2025-12-29T14:30:00+03:00",
     "lunch is skipped"},
    {"Europe/Moscow", "2025-12-29T12:00:00+03:00", 1h, "2025-12-29T13:00:00+03:00",
     "may end exactly at lunch"},
    {"Europe/Moscow", "2025-12-29T09:00:00+03:00", 8h, "2025-12-29T18:00:00+03:00",
     "a full day ends at 18:00, not the next morning"},
    {"Europe/Moscow", "2025-12-29T07:00:00+03:00", 30min, "2025-12-29T09:30:00+03:00",
     "early start counts from 09:00"},
    {"Europe/Moscow", "2025-12-22T10:00:00+03:00", 40h, "2025-12-29T10:00:00+03:00",
     "five business days"},
    {"Europe/Moscow", "2024-12-27T17:00:00+03:00", 2h, "2024-12-28T10:00:00+03:00",
     "Saturday 28 Dec 2024 is a transferred working day"},
    {"Europe/Moscow", "2024-12-28T17:00:00+03:00", 3h, "2025-01-09T11:00:00+03:00",
     "from the working Saturday over 29 Dec – 8 Jan"},
    {"Europe/Moscow", "2025-06-11T16:00:00+03:00", 2h, "2025-06-16T10:00:00+03:00",
     "shortened 11 Jun ends 17:00; 12–15 Jun off"},
    {"Europe/Moscow", "2025-10-31T17:30:00+03:00", 1h, "2025-11-01T09:30:00+03:00",
     "Saturday 1 Nov 2025 is a shortened working day"},
    {"Europe/Moscow", "2025-11-01T16:00:00+03:00", 2h, "2025-11-05T10:00:00+03:00",
     "shortened Saturday ends 17:00; 2–4 Nov off"},
    {"Europe/Moscow", "2025-12-27T12:00:00+03:00", 0h, "2025-12-29T09:00:00+03:00",
     "zero work: next working moment"},
    {"Europe/Moscow", "2025-12-29T18:00:00+03:00", 0h, "2025-12-30T09:00:00+03:00",
     "18:00 itself is not working time"},
    {"Europe/Moscow", "2025-12-29T10:15:00+03:00", 0h, "2025-12-29T10:15:00+03:00",
     "zero work inside working time"},
    {"Europe/Moscow", "2014-03-03T08:00:00+04:00", 1h, "2014-03-03T10:00:00+04:00",
     "Moscow was UTC+4 in early 2014"},
    {"Europe/Moscow", "2014-10-24T17:00:00+04:00", 2h, "2014-10-27T10:00:00+03:00",
     "across the 26 Oct 2014 change to UTC+3"},
    {"Asia/Vladivostok", "2025-12-30T16:00:00+10:00", 4h, "2026-01-12T11:00:00+10:00",
     "New Year holidays in Vladivostok"},
    {"Asia/Vladivostok", "2025-12-30T05:00:00Z", 4h, "2026-01-12T00:00:00Z",
     "15:00 local; the result is 10:00 local, midnight UTC"},
    {"Asia/Vladivostok", "2024-12-28T08:00:00Z", 0h, "2025-01-08T23:00:00Z",
     "18:00 on the working Saturday; next is 09:00 on 9 Jan"},
    {"Asia/Vladivostok", "2026-04-30T16:30:00+10:00", 1h, "2026-05-04T09:30:00+10:00",
     "shortened 30 Apr 2026; 1–3 May off"},
};

TEST(BusinessCalendar, AddsWorkingTimeAcrossHolidaysAndZones) {
    for (const AddCase& c : kAddCases) {
        const auto calendar = Office(c.zone);
        const auto due = calendar.AddWorkingTime(At(c.start), c.work);
        ASSERT_TRUE(due.has_value()) << c.why << ": " << due.error().message;
        EXPECT_EQ(FormatInstant(*due), FormatInstant(At(c.expected))) << c.why;
    }
}

TEST(BusinessCalendar, MeasuresWorkingTimeBackForTheSameCases) {
    for (const AddCase& c : kAddCases) {
        const auto calendar = Office(c.zone);
        const auto between = calendar.WorkingTimeBetween(At(c.start), At(c.expected));
        ASSERT_TRUE(between.has_value()) << c.why;
        EXPECT_EQ(*between, c.work) << c.why;
        const auto reverse = calendar.WorkingTimeBetween(At(c.expected), At(c.start));
        EXPECT_EQ(*reverse, -c.work) << c.why;
    }
}

TEST(BusinessCalendar, YearHoldsTheOfficialNormOfHours) {
    // Official norms for a 40-hour week: 2024 — 1979 h, 2025 — 1972 h, 2026 — 1972 h.
    const auto calendar = Office("Europe/Moscow");
    EXPECT_EQ(*calendar.WorkingTimeBetween(At("2024-01-01T00:00:00+03:00"),
                                           At("2025-01-01T00:00:00+03:00")),
              1979h);
    EXPECT_EQ(*calendar.WorkingTimeBetween(At("2025-01-01T00:00:00+03:00"),
                                           At("2026-01-01T00:00:00+03:00")),
              1972h);
    EXPECT_EQ(*calendar.WorkingTimeBetween(At("2026-01-01T00:00:00+10:00"),
                                           At("2027-01-01T00:00:00+10:00")),
              1972h);
}

TEST(BusinessCalendar, KnowsWorkingTimeBoundaries) {
    const auto calendar = Office("Europe/Moscow");
    const struct {
        const char* at;
        bool working;
    } cases[] = {
        {"2025-12-29T09:00:00+03:00", true},     {"2025-12-29T08:59:59.999+03:00", false},
        {"2025-12-29T12:59:59.999+03:00", true}, {"2025-12-29T13:00:00+03:00", false},
        {"2025-12-29T14:00:00+03:00", true},     {"2025-12-29T17:59:59.999+03:00", true},
        {"2025-12-29T18:00:00+03:00", false},    {"2025-06-11T16:59:00+03:00", true},
        {"2025-06-11T17:00:00+03:00", false},    {"2024-12-28T10:00:00+03:00", true},
        {"2026-01-05T10:00:00+03:00", false},    {"2025-12-27T10:00:00+03:00", false},
    };
    for (const auto& c : cases) {
        const auto working = calendar.IsWorkingTime(At(c.at));
        ASSERT_TRUE(working.has_value()) << c.at;
        EXPECT_EQ(*working, c.working) << c.at;
    }
    EXPECT_EQ(*calendar.NextWorkingMoment(At("2025-12-31T10:00:00+03:00")),
              At("2026-01-12T09:00:00+03:00"));
}

TEST(BusinessCalendar, EndOfTheNthWorkingDay) {
    const struct {
        const char* zone;
        const char* start;
        int n;
        const char* expected;
        const char* why;
    } cases[] = {
        {"Europe/Moscow", "2025-12-30T16:00:00+03:00", 1, "2026-01-12T18:00:00+03:00",
         "next working day after the holidays"},
        {"Europe/Moscow", "2025-12-30T16:00:00+03:00", 0, "2025-12-30T18:00:00+03:00",
         "n = 0: the same working day"},
        {"Europe/Moscow", "2025-12-27T12:00:00+03:00", 0, "2025-12-29T18:00:00+03:00",
         "n = 0 on a Saturday: the next working day"},
        {"Europe/Moscow", "2025-12-26T23:30:00+03:00", 3, "2026-01-12T18:00:00+03:00",
         "29, 30 Dec, then 12 Jan"},
        {"Europe/Moscow", "2024-12-27T10:00:00+03:00", 1, "2024-12-28T18:00:00+03:00",
         "the working Saturday counts"},
        {"Europe/Moscow", "2025-06-10T10:00:00+03:00", 1, "2025-06-11T17:00:00+03:00",
         "a shortened day ends at 17:00"},
        {"Europe/Moscow", "2025-12-29T20:00:00Z", 1, "2025-12-30T18:00:00+03:00",
         "23:00 on 29 Dec in Moscow"},
        {"Asia/Vladivostok", "2025-12-29T20:00:00Z", 1, "2026-01-12T18:00:00+10:00",
         "the same instant is already 30 Dec in Vladivostok"},
    };
    for (const auto& c : cases) {
        const auto end = Office(c.zone).AddBusinessDaysEndOfDay(At(c.start), c.n);
        ASSERT_TRUE(end.has_value()) << c.why;
        EXPECT_EQ(FormatInstant(*end), FormatInstant(At(c.expected))) << c.why;
    }
    EXPECT_EQ(*AroundTheClock("Europe/Moscow")
                   .AddBusinessDaysEndOfDay(At("2025-12-30T16:00:00+03:00"), 1),
              At("2026-01-01T00:00:00+03:00"));
    EXPECT_FALSE(
        Office("Europe/Moscow").AddBusinessDaysEndOfDay(At("2025-12-30T16:00:00+03:00"), -1));
}

TEST(BusinessCalendar, AddsCalendarDaysInLocalTime) {
    const auto calendar = Office("Europe/Moscow");
    EXPECT_EQ(calendar.AddCalendarDays(At("2025-12-01T10:00:00+03:00"), 30),
              At("2025-12-31T10:00:00+03:00"));
    // The same local time across the 2014 change of offset: 167 hours, not 168.
    EXPECT_EQ(calendar.AddCalendarDays(At("2014-10-20T10:00:00+04:00"), 7),
              At("2014-10-27T10:00:00+03:00"));
    EXPECT_EQ(calendar.AddCalendarDays(At("2025-12-31T10:00:00+03:00"), -30),
              At("2025-12-01T10:00:00+03:00"));
}

TEST(BusinessCalendar, RefusesDatesBeyondTheProductionCalendar) {
    const auto calendar = Office("Europe/Moscow");
    const auto due = calendar.AddWorkingTime(At("2027-12-30T10:00:00+03:00"), 40h);
    ASSERT_FALSE(due.has_value());
    EXPECT_EQ(due.error().code, "calendar_out_of_range");
    EXPECT_FALSE(calendar.IsWorkingTime(At("2028-01-10T10:00:00+03:00")).has_value());
    EXPECT_FALSE(calendar.NextWorkingMoment(At("2012-12-31T10:00:00+04:00")).has_value());
    EXPECT_FALSE(
        calendar
            .WorkingTimeBetween(At("2027-12-01T10:00:00+03:00"), At("2028-01-20T10:00:00+03:00"))
            .has_value());
    EXPECT_FALSE(calendar.AddBusinessDaysEndOfDay(At("2027-12-30T10:00:00+03:00"), 5));
    EXPECT_FALSE(calendar.AddWorkingTime(At("2025-12-30T10:00:00+03:00"), -1h).has_value());
    // Work that ends inside the covered years is fine right up to its last working day.
    EXPECT_EQ(*calendar.AddWorkingTime(At("2027-12-30T10:00:00+03:00"), 7h),
              At("2027-12-30T18:00:00+03:00"));
}

TEST(BusinessCalendar, AroundTheClockIsPlainArithmeticWithoutRangeLimits) {
    const auto calendar = AroundTheClock("Asia/Vladivostok");
    const Instant start = At("2031-01-01T03:00:00Z");
    EXPECT_EQ(*calendar.AddWorkingTime(start, 30h), start + 30h);
    EXPECT_EQ(*calendar.WorkingTimeBetween(start, start + 30h), 30h);
    EXPECT_TRUE(*calendar.IsWorkingTime(start));
    EXPECT_EQ(calendar.DayNorm(), 24h);
}

// Property tests: deterministic pseudo-random starts and durations. The engine's raw output is
// specified by the standard, unlike the distributions, so the cases are the same everywhere.
class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    std::int64_t Below(std::int64_t bound) {
        return static_cast<std::int64_t>(engine_() % static_cast<std::uint64_t>(bound));
    }
    Instant Between(Instant from, Instant to) {
        return from + Duration{Below((to - from).count())};
    }

private:
    std::mt19937_64 engine_;
};

TEST(BusinessCalendarProperty, AddThenMeasureGivesTheDurationBack) {
    for (const char* zone : {"Europe/Moscow", "Asia/Vladivostok", "Asia/Kamchatka"}) {
        const auto calendar = Office(zone);
        Random random(20251124);
        for (int i = 0; i < 3000; ++i) {
            const Instant start =
                random.Between(At("2013-01-01T00:00:00Z"), At("2027-06-01T00:00:00Z"));
            // Mostly minutes, sometimes odd milliseconds, up to 15 working days.
            const Duration work = i % 4 == 0 ? Duration{random.Below(120 * 3'600'000)}
                                             : Duration{std::chrono::minutes{random.Below(7200)}};
            const std::string what = std::string(zone) + " " + FormatInstant(start) + " + " +
                                     std::to_string(work.count()) + " ms";
            const auto due = calendar.AddWorkingTime(start, work);
            ASSERT_TRUE(due.has_value()) << what;
            ASSERT_GE(*due, start) << what;
            EXPECT_EQ(*calendar.WorkingTimeBetween(start, *due), work) << what;
            if (work > Duration::zero()) {
                // Inside working time, or exactly at the end of a working span.
                EXPECT_TRUE(*calendar.IsWorkingTime(*due - Duration{1})) << what;
            } else {
                EXPECT_TRUE(*calendar.IsWorkingTime(*due)) << what;
            }
            EXPECT_LE(*calendar.NextWorkingMoment(start), *due) << what;
            // Splitting the work anywhere gives the same end.
            const Duration first{work.count() > 0 ? 1 + random.Below(work.count()) : 0};
            const auto middle = calendar.AddWorkingTime(start, first);
            EXPECT_EQ(*calendar.AddWorkingTime(*middle, work - first), *due) << what;
        }
    }
}

// An independent, deliberately naive model: minute by minute with a fixed UTC offset (valid for
// Russian zones after 26 October 2014) and the office spans written out by hand.
bool NaiveIsWorking(Instant instant, std::chrono::hours offset) {
    const auto local = instant + offset;
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const auto kind = RuCalendar()->KindOf(std::chrono::year_month_day{day});
    if (!kind || *kind == DayKind::kDayOff) return false;
    const auto time = local - day;
    const auto end = *kind == DayKind::kShortened ? 17h : 18h;
    return (time >= 9h && time < 13h) || (time >= 14h && time < end);
}

TEST(BusinessCalendarProperty, AgreesWithAMinuteByMinuteModel) {
    const struct {
        const char* zone;
        std::chrono::hours offset;
    } zones[] = {{"Europe/Moscow", 3h}, {"Asia/Vladivostok", 10h}};
    for (const auto& z : zones) {
        const auto calendar = Office(z.zone);
        Random random(7);
        for (int i = 0; i < 150; ++i) {
            const Instant start = std::chrono::floor<std::chrono::minutes>(
                random.Between(At("2015-01-01T00:00:00Z"), At("2027-12-20T00:00:00Z")));
            const Instant end = start + std::chrono::minutes{random.Below(4 * 24 * 60)};
            Duration naive{};
            for (Instant t = start; t < end; t += 1min) {
                if (NaiveIsWorking(t, z.offset)) naive += 1min;
            }
            const std::string what = std::string(z.zone) + " " + FormatInstant(start);
            EXPECT_EQ(*calendar.WorkingTimeBetween(start, end), naive) << what;
            EXPECT_EQ(*calendar.IsWorkingTime(start), NaiveIsWorking(start, z.offset)) << what;
        }
    }
}

}  // namespace
}  // namespace otklik::sla

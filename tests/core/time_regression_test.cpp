#include <cstdint>
#include <limits>
#include <string>

#include "support/fuzz_regressions.hpp"
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/time.hpp"

namespace otklik::core {
namespace {

using namespace std::chrono;

// The test clock's body as Api::SetClock reads it, checked as tests/fuzz/json_mapping_fuzzer
// checks it: an accepted instant prints back unchanged, an accepted duration keeps the clock's
// milliseconds in range.
TEST(Time, FuzzRegressionsOfTheClockBodyKeepTheirContract) {
    const auto inputs =
        testing::FuzzRegressions(std::string(OTKLIK_SOURCE_DIR) + "/tests/data", "json_mapping");
    ASSERT_FALSE(inputs.empty());
    for (const auto& [name, bytes] : inputs) {
        SCOPED_TRACE(name);
        boost::system::error_code ec;
        const auto body = boost::json::parse(bytes, ec);
        if (ec || !body.is_object()) continue;
        ManualClock clock(*ParseInstant("2026-01-12T07:00:00Z"));
        if (const auto* set = body.as_object().if_contains("set"); set && set->is_string()) {
            if (const auto at = ParseInstant(set->get_string())) {
                EXPECT_EQ(ParseInstant(FormatInstant(*at)), at);
                clock.Set(*at);
            }
        }
        if (const auto* by = body.as_object().if_contains("advance"); by && by->is_string()) {
            if (const auto duration = ParseIsoDuration(by->get_string())) {
                const auto now = ToUnixMillis(clock.Now());
                constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
                EXPECT_TRUE(duration->count() > 0 ? now <= kMax - duration->count()
                                                  : now >= -kMax - duration->count());
            }
        }
    }
}

TEST(Time, RefusesDurationsBeyondACentury) {
    EXPECT_FALSE(ParseIsoDuration("-P10000000000000DT30M"));
    EXPECT_FALSE(ParseIsoDuration("PT99999999999999999999999999999H"));
    EXPECT_FALSE(ParseIsoDuration("P36601D"));
    EXPECT_EQ(ParseIsoDuration("P36600D"), Duration{hours{24} * 36600});
    EXPECT_EQ(ParseIsoDuration("-P36600D"), -Duration{hours{24} * 36600});
}

TEST(Time, RefusesDurationNumbersWithTwoPoints) {
    EXPECT_FALSE(ParseIsoDuration("PT1.2.3H"));
    EXPECT_EQ(ParseIsoDuration("PT1.5H"), Duration{minutes{90}});
}

TEST(Time, RefusesOffsetsBeyondRfc3339AndYearsFormatInstantCannotWrite) {
    EXPECT_FALSE(ParseInstant("2026-01-12T07:00:00+99:99"));
    EXPECT_FALSE(ParseInstant("2026-01-12T07:00:00+24:00"));
    EXPECT_FALSE(ParseInstant("2026-01-12T07:00:00+03:60"));
    EXPECT_FALSE(ParseInstant("0000-01-01T00:00:00+23:00"));
    EXPECT_FALSE(ParseInstant("9999-12-31T23:00:00-05:00"));
    const auto first = ParseInstant("0000-01-01T00:00:00Z");
    ASSERT_TRUE(first);
    EXPECT_EQ(FormatInstant(*first), "0000-01-01T00:00:00Z");
    const auto last = ParseInstant("9999-12-31T23:59:59.999Z");
    ASSERT_TRUE(last);
    EXPECT_EQ(FormatInstant(*last), "9999-12-31T23:59:59.999Z");
    EXPECT_EQ(ParseInstant("2026-01-12T10:00:00+23:59"), ParseInstant("2026-01-11T10:01:00Z"));
}

}  // namespace
}  // namespace otklik::core

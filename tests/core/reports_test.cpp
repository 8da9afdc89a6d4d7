// The report builder's arithmetic (RP-1): grouping, medians, shares, Moscow periods.
#include "core/reports.hpp"

#include <gtest/gtest.h>

namespace otklik::core {
namespace {

Instant At(const char* text) { return *ParseInstant(text); }

AppealFacts Facts(const char* created, const char* group, std::optional<double> responded_after_h,
                  std::optional<double> closed_after_h, bool breached = false) {
    AppealFacts facts;
    facts.regulation = "hotline";
    facts.group = group;
    facts.created_at = At(created);
    const auto hours = [&](double h) {
        return facts.created_at + std::chrono::milliseconds(static_cast<long long>(h * 3600000));
    };
    if (responded_after_h) facts.first_response = hours(*responded_after_h);
    if (closed_after_h) {
        facts.closed_at = hours(*closed_after_h);
        facts.open = false;
    }
    facts.breached = breached;
    return facts;
}

TEST(ReportBuilder, GroupsByLineWithMediansAndShares) {
    ReportBuilder builder(ReportDimension::kLine, [](const std::string&, const std::string& group) {
        return group == "line2" ? 2 : 1;
    });
    builder.Add(Facts("2026-01-12T07:00:00Z", "line1", 1, 4));
    builder.Add(Facts("2026-01-12T07:00:00Z", "line1", 3, 10, true));
    builder.Add(Facts("2026-01-12T07:00:00Z", "line1", 8, std::nullopt));
    builder.Add(Facts("2026-01-12T07:00:00Z", "line2", std::nullopt, std::nullopt, true));
    const auto rows = builder.Finish();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].key, "1");
    EXPECT_EQ(rows[0].registered, 3);
    EXPECT_EQ(rows[0].backlog, 1);
    EXPECT_EQ(rows[0].closed, 2);
    EXPECT_EQ(rows[0].closed_within_deadline, 1);
    EXPECT_DOUBLE_EQ(*rows[0].share_within_deadline, 0.5);
    EXPECT_DOUBLE_EQ(*rows[0].first_response_median_hours, 3);
    EXPECT_DOUBLE_EQ(*rows[0].first_response_avg_hours, 4);
    EXPECT_DOUBLE_EQ(*rows[0].resolution_median_hours, 7);  // (4 + 10) / 2
    EXPECT_EQ(rows[1].key, "2");
    EXPECT_FALSE(rows[1].share_within_deadline.has_value()) << "nothing closed: no share";
    EXPECT_FALSE(rows[1].first_response_avg_hours.has_value());
    EXPECT_EQ(rows[2].key, "total");
    EXPECT_EQ(rows[2].registered, 4);
    EXPECT_EQ(rows[2].breached, 2);
}

TEST(ReportBuilder, PeriodsAreMoscowDaysWeeksAndMonths) {
    // 31 Jan 2026 22:30 UTC is already Sunday 1 Feb in Moscow.
    const auto key = [](ReportDimension dimension) {
        ReportBuilder builder(dimension, nullptr);
        builder.Add(Facts("2026-01-31T22:30:00Z", "line1", std::nullopt, std::nullopt));
        return builder.Finish().front().key;
    };
    EXPECT_EQ(key(ReportDimension::kDay), "2026-02-01");
    EXPECT_EQ(key(ReportDimension::kWeek), "2026-01-26");  // its Monday
    EXPECT_EQ(key(ReportDimension::kMonth), "2026-02");
    EXPECT_EQ(key(ReportDimension::kTotal), "total");
    EXPECT_FALSE(ParseReportDimension("planet").has_value());
}

}  // namespace
}  // namespace otklik::core

#include "core/reports.hpp"

#include <algorithm>
#include <cstdio>

#include "core/local_time.hpp"

namespace otklik::core {
namespace {

double Hours(Duration duration) {
    return std::chrono::duration<double, std::ratio<3600>>(duration).count();
}

std::optional<double> Average(const std::vector<double>& values) {
    if (values.empty()) return std::nullopt;
    double sum = 0;
    for (const double v : values) sum += v;
    return sum / static_cast<double>(values.size());
}

std::optional<double> Median(std::vector<double>& values) {
    if (values.empty()) return std::nullopt;
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    if (values.size() % 2 == 1) return *middle;
    const double upper = *middle;
    const double lower = *std::max_element(values.begin(), middle);
    return (lower + upper) / 2;
}

std::string DateKey(std::chrono::year_month_day day) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return text;
}

}  // namespace

std::optional<ReportDimension> ParseReportDimension(std::string_view code) {
    static const std::map<std::string_view, ReportDimension> kCodes = {
        {"total", ReportDimension::kTotal},
        {"line", ReportDimension::kLine},
        {"group", ReportDimension::kGroup},
        {"region", ReportDimension::kRegion},
        {"category", ReportDimension::kCategory},
        {"channel", ReportDimension::kChannel},
        {"regulation", ReportDimension::kRegulation},
        {"day", ReportDimension::kDay},
        {"week", ReportDimension::kWeek},
        {"month", ReportDimension::kMonth}};
    const auto it = kCodes.find(code);
    if (it == kCodes.end()) return std::nullopt;
    return it->second;
}

ReportBuilder::ReportBuilder(ReportDimension dimension,
                             std::function<int(const std::string&, const std::string&)> line_of)
    : dimension_(dimension), line_of_(std::move(line_of)) {}

std::string ReportBuilder::KeyOf(const AppealFacts& facts) const {
    using std::chrono::days;
    const std::chrono::sys_days local_day{TimeZone::Default().LocalDate(facts.created_at)};
    switch (dimension_) {
        case ReportDimension::kTotal:
            return "total";
        case ReportDimension::kLine: {
            const int line = line_of_ ? line_of_(facts.regulation, facts.group) : 0;
            return line > 0 ? std::to_string(line) : std::string();
        }
        case ReportDimension::kGroup:
            return facts.group;
        case ReportDimension::kRegion:
            return facts.region;
        case ReportDimension::kCategory:
            return facts.category;
        case ReportDimension::kChannel:
            return facts.channel;
        case ReportDimension::kRegulation:
            return facts.regulation;
        case ReportDimension::kDay:
            return DateKey(std::chrono::year_month_day{local_day});
        case ReportDimension::kWeek: {
            // Weeks start on Monday; the key is the Monday's date.
            const std::chrono::weekday weekday{local_day};
            const auto monday = local_day - days((weekday.c_encoding() + 6) % 7);
            return DateKey(std::chrono::year_month_day{monday});
        }
        case ReportDimension::kMonth:
            return DateKey(std::chrono::year_month_day{local_day}).substr(0, 7);
    }
    return {};
}

void ReportBuilder::Count(Bucket& bucket, const AppealFacts& facts) {
    ReportRow& row = bucket.row;
    ++row.registered;
    if (facts.open) ++row.backlog;
    if (facts.breached) ++row.breached;
    if (!facts.open && facts.closed_at) {
        ++row.closed;
        if (!facts.breached) ++row.closed_within_deadline;
        bucket.resolution_hours.push_back(Hours(*facts.closed_at - facts.created_at));
    }
    if (facts.first_response) {
        ++row.responded;
        bucket.first_response_hours.push_back(Hours(*facts.first_response - facts.created_at));
    }
    row.escalations += facts.escalations;
    if (facts.escalations > 0) ++row.escalated_appeals;
}

void ReportBuilder::Add(const AppealFacts& facts) {
    auto& bucket = buckets_[KeyOf(facts)];
    Count(bucket, facts);
    Count(total_, facts);
}

ReportRow ReportBuilder::Summarize(Bucket& bucket) {
    ReportRow row = bucket.row;
    row.first_response_avg_hours = Average(bucket.first_response_hours);
    row.first_response_median_hours = Median(bucket.first_response_hours);
    row.resolution_avg_hours = Average(bucket.resolution_hours);
    row.resolution_median_hours = Median(bucket.resolution_hours);
    if (row.closed > 0) {
        row.share_within_deadline =
            static_cast<double>(row.closed_within_deadline) / static_cast<double>(row.closed);
    }
    return row;
}

std::vector<ReportRow> ReportBuilder::Finish() {
    std::vector<ReportRow> rows;
    rows.reserve(buckets_.size() + 1);
    for (auto& [key, bucket] : buckets_) {
        if (dimension_ == ReportDimension::kTotal) break;
        rows.push_back(Summarize(bucket));
        rows.back().key = key;
    }
    rows.push_back(Summarize(total_));
    rows.back().key = "total";
    return rows;
}

}  // namespace otklik::core

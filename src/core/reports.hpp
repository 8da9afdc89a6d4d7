#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace otklik::core {

/// Which appeals a report covers: those registered in [from, to), optionally of one regulation.
struct ReportScope {
    Instant from{};
    Instant to{};
    std::string regulation;  ///< empty: all
};

/// What a report needs of one appeal (RP-1), read by the store without decoding the appeal.
struct AppealFacts {
    std::string regulation;
    std::string group;
    std::string region;
    std::string category;
    std::string channel;
    Instant created_at{};
    std::optional<Instant> closed_at;       ///< closed or refused
    std::optional<Instant> first_response;  ///< first step a person took after registration
    bool open = true;
    bool breached = false;  ///< a deadline of the regulation was missed (the watcher's mark)
    int escalations = 0;    ///< SLA escalations and transfers to another line
};

/// Reads the facts of the appeals in scope, in no particular order.
class ReportRepository {
public:
    virtual ~ReportRepository() = default;
    [[nodiscard]] virtual Result<std::int64_t> ScanFacts(
        const ReportScope& scope, const std::function<void(const AppealFacts&)>& visit) = 0;
};

/// What a report groups by (RP-1: line, group, region, category, channel, period).
enum class ReportDimension {
    kTotal,
    kLine,
    kGroup,
    kRegion,
    kCategory,
    kChannel,
    kRegulation,
    kDay,
    kWeek,
    kMonth
};
std::optional<ReportDimension> ParseReportDimension(std::string_view code);

/// One row of a report: the figures of the appeals that share a key.
struct ReportRow {
    std::string key;
    std::int64_t registered = 0;
    std::int64_t backlog = 0;  ///< still open now
    std::int64_t closed = 0;   ///< closed or refused
    std::int64_t closed_within_deadline = 0;
    std::int64_t breached = 0;  ///< open or closed, a deadline was missed
    std::int64_t responded = 0;
    std::optional<double> first_response_avg_hours;
    std::optional<double> first_response_median_hours;
    std::optional<double> resolution_avg_hours;
    std::optional<double> resolution_median_hours;
    std::int64_t escalations = 0;
    std::int64_t escalated_appeals = 0;
    /// closed_within_deadline / closed; nullopt when nothing closed.
    std::optional<double> share_within_deadline;
};

/// Groups facts into rows by `dimension`; `line_of(regulation, group)` gives a group's support
/// line (0 when unknown). Rows are ordered by key; periods are local days of TimeZone::Default().
class ReportBuilder {
public:
    ReportBuilder(ReportDimension dimension,
                  std::function<int(const std::string&, const std::string&)> line_of);
    void Add(const AppealFacts& facts);
    /// The rows and, last, the total over all of them (key "total").
    std::vector<ReportRow> Finish();

private:
    struct Bucket {
        ReportRow row;
        std::vector<double> first_response_hours;
        std::vector<double> resolution_hours;
    };
    std::string KeyOf(const AppealFacts& facts) const;
    static void Count(Bucket& bucket, const AppealFacts& facts);
    static ReportRow Summarize(Bucket& bucket);

    ReportDimension dimension_;
    std::function<int(const std::string&, const std::string&)> line_of_;
    std::map<std::string, Bucket> buckets_;
    Bucket total_;
};

}  // namespace otklik::core

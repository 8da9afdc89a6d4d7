#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace otklik::api {

/// The method label of a request: one of the HTTP methods the API knows, else "other".
std::string_view MetricMethod(std::string_view method);

/// Counters and a latency histogram in the Prometheus text format (PL-3). Thread-safe.
class Metrics {
public:
    /// Counts one request of a route pattern with its status and duration. `route` must come
    /// from a fixed set (the route table's patterns, "unmatched"); `method` is folded by
    /// MetricMethod, so the series stay bounded whatever clients send.
    void ObserveRequest(const std::string& route, const std::string& method, int status,
                        double seconds);
    void CountAppealRegistered(const std::string& channel);
    /// Adds a gauge computed when scraped.
    void AddGauge(std::string name, std::string help, std::function<double()> read);

    std::string Render();

private:
    static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
    struct Gauge {
        std::string help;
        std::function<double()> read;
    };
    std::mutex mutex_;
    std::map<std::string, std::uint64_t> requests_;               // guarded by mutex_; key: labels
    std::map<std::string, std::uint64_t> appeals_;                // guarded by mutex_; key: channel
    std::array<std::uint64_t, kBuckets.size() + 1> histogram_{};  // guarded by mutex_
    double duration_sum_ = 0;                                     // guarded by mutex_
    std::uint64_t duration_count_ = 0;                            // guarded by mutex_
    std::map<std::string, Gauge> gauges_;                         // guarded by mutex_
};

}  // namespace otklik::api

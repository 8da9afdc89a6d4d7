#include "api/metrics.hpp"

#include <fmt/format.h>

namespace otklik::api {

std::string_view MetricMethod(std::string_view method) {
    // A fixed label set: a client choosing odd methods must not grow the series (issue 12).
    static constexpr std::string_view kKnown[] = {"GET",   "HEAD",   "POST",   "PUT",
                                                  "PATCH", "DELETE", "OPTIONS"};
    for (const auto known : kKnown) {
        if (method == known) return known;
    }
    return "other";
}

void Metrics::ObserveRequest(const std::string& route, const std::string& method, int status,
                             double seconds) {
    // Status codes are three digits by construction; anything else is folded the same way.
    const int code = status >= 100 && status <= 599 ? status : 0;
    const std::string labels =
        fmt::format("route=\"{}\",method=\"{}\",code=\"{}\"", route, MetricMethod(method), code);
    std::lock_guard lock(mutex_);
    ++requests_[labels];
    std::size_t bucket = 0;
    while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
    ++histogram_[bucket];
    duration_sum_ += seconds;
    ++duration_count_;
}

void Metrics::CountAppealRegistered(const std::string& channel) {
    std::lock_guard lock(mutex_);
    ++appeals_[channel];
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(mutex_);
    gauges_[std::move(name)] = {std::move(help), std::move(read)};
}

std::string Metrics::Render() {
    std::lock_guard lock(mutex_);
    std::string out;
    out += "# HELP otklik_http_requests_total HTTP requests by route pattern and status.\n";
    out += "# TYPE otklik_http_requests_total counter\n";
    for (const auto& [labels, count] : requests_) {
        out += fmt::format("otklik_http_requests_total{{{}}} {}\n", labels, count);
    }
    out += "# HELP otklik_http_request_duration_seconds Time to answer a request.\n";
    out += "# TYPE otklik_http_request_duration_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += histogram_[i];
        out += fmt::format("otklik_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                           kBuckets[i], cumulative);
    }
    cumulative += histogram_[kBuckets.size()];
    out +=
        fmt::format("otklik_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
    out += fmt::format("otklik_http_request_duration_seconds_sum {}\n", duration_sum_);
    out += fmt::format("otklik_http_request_duration_seconds_count {}\n", duration_count_);
    out += "# HELP otklik_appeals_registered_total Appeals registered since start, by channel.\n";
    out += "# TYPE otklik_appeals_registered_total counter\n";
    for (const auto& [channel, count] : appeals_) {
        out +=
            fmt::format("otklik_appeals_registered_total{{channel=\"{}\"}} {}\n", channel, count);
    }
    for (const auto& [name, gauge] : gauges_) {
        out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, gauge.help, name, name,
                           gauge.read());
    }
    return out;
}

}  // namespace otklik::api

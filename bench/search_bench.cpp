// Full-text search over appeals already bulk-loaded into a store (bench/run):
//   search_bench --data DIR [--store URL] [--searches 2000]
// Builds (or catches up) the Xapian index fed from the store's change stream and reports its
// indexing rate, then single-threaded search latency with the index; on PostgreSQL also the
// store's own `russian` text search over the same appeals (docs/search.md: why PostgreSQL nodes
// use the latter). One JSON object per line.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "appeal_texts.hpp"

#include "search/appeal_search.hpp"
#include "storage/store.hpp"

using namespace otklik;
using Clock = std::chrono::steady_clock;

namespace {

double Percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<long>(k), values.end());
    return values[k];
}

// Searches as the workplace sends them: a queue page of summaries, half of them narrowed to a
// group or to a region scope (a regional operator).
void Measure(const char* label, core::AppealSearch& search, int searches) {
    std::vector<double> ms;
    std::size_t hits = 0;
    const auto& queries = bench::Queries();
    for (int i = 0; i < searches; ++i) {
        core::AppealFilter filter;
        if (i % 4 == 1) filter.group = "line" + std::to_string(1 + i % 20);
        if (i % 4 == 2)
            filter.visible_regions = std::vector<std::string>{std::to_string(10 + i % 80)};
        core::PageRequest page;
        page.summaries_only = true;
        const auto started = Clock::now();
        auto found =
            search.Search(queries[static_cast<std::size_t>(i) % queries.size()], filter, page);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
        if (found) hits += found->summaries.size();
    }
    std::printf(
        "{\"search\": \"%s\", \"searches\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f, "
        "\"max_ms\": %.3f, \"hits_per_page\": %.1f}\n",
        label, searches, Percentile(ms, 0.5), Percentile(ms, 0.99), Percentile(ms, 1.0),
        static_cast<double>(hits) / searches);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    std::string data = "bench-data";
    std::string location;
    int searches = 2000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--data") data = argv[i + 1];
        if (key == "--store") location = argv[i + 1];
        if (key == "--searches") searches = std::stoi(argv[i + 1]);
    }
    const auto store = storage::OpenStore({location.empty() ? data + "/otklik.db" : location, 2});
    if (auto* native = store->NativeSearch()) {
        Measure("postgresql", *native, searches);
    }
    search::XapianAppealSearchOptions options;
    options.directory = (std::filesystem::path(data) / "search" / "appeals").string();
    options.batch = 2000;
    search::XapianAppealSearch xapian(store->SearchFeed(), options);
    const auto started = Clock::now();
    const auto changes = xapian.CatchUp();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::printf(
        "{\"indexed_changes\": %lld, \"documents\": %zu, \"seconds\": %.1f, "
        "\"rate\": %.0f}\n",
        static_cast<long long>(changes), xapian.size(), seconds,
        static_cast<double>(changes) / std::max(seconds, 1e-9));
    std::fflush(stdout);
    Measure(location.empty() ? "xapian" : "xapian-per-node", xapian, searches);
    return 0;
}

// Bulk-loads N appeals straight into a store for the queue and memory benchmarks:
//   bulk_load --data DIR --appeals 1000000
//   bulk_load --store postgresql://USER@HOST:PORT/DB --appeals 100000
// Appeals spread over 20 groups, all statuses and a month of deadlines, with texts the search
// benchmark looks through (appeal_texts.hpp).
#include <chrono>
#include <cstdio>
#include <future>
#include <random>
#include <string>

#include "appeal_texts.hpp"

#include "core/basic_workflow.hpp"
#include "core/clock.hpp"
#include "storage/store.hpp"

using namespace otklik;

int main(int argc, char** argv) {
    std::string data = "bench-data";
    std::string url;
    long count = 1000000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--data")
            data = argv[i + 1];
        else if (key == "--store")
            url = argv[i + 1];
        else if (key == "--appeals")
            count = std::stol(argv[i + 1]);
    }
    const auto store = storage::OpenStore({url.empty() ? data + "/otklik.db" : url, 1});
    std::mt19937 random(42);
    const auto base = core::SystemClock().Now() - std::chrono::days(30);
    const core::Status statuses[] = {core::Status::kRegistered, core::Status::kAssigned,
                                     core::Status::kInProgress, core::Status::kPending,
                                     core::Status::kResolved,   core::Status::kClosed};
    constexpr long kChunk = 50000;
    // The chunk after the one being stored is generated meanwhile on this thread's helper: the
    // same random sequence in the same order as before, so the same appeals.
    const auto make_chunk = [&](long first) {
        std::vector<core::NewAppeal> chunk;
        chunk.reserve(static_cast<std::size_t>(std::min(kChunk, count - first)));
        for (long i = first; i < std::min(count, first + kChunk); ++i) {
            core::NewAppeal request;
            auto& a = request.appeal;
            a.regulation = "hotline";
            a.channel = i % 3 == 0 ? "email" : "phone";
            a.subject = bench::AppealSubject(random, i);
            a.text = bench::AppealText(random, i);
            a.group = "line" + std::to_string(1 + random() % 20);
            a.status = statuses[random() % 6];
            a.category = i % 2 ? "ИНЦ" : "ЗнК";
            a.priority = "P" + std::to_string(1 + random() % 4);
            a.applicant.last_name = "Иванов";
            a.applicant.email = "user" + std::to_string(i % 50000) + "@example.ru";
            a.applicant.region = std::to_string(10 + random() % 80);
            a.created_at = base + std::chrono::seconds(i * 2);
            a.updated_at = a.created_at;
            a.deadlines["resolution"] = a.created_at + std::chrono::hours(8 + random() % (24 * 30));
            request.uin_prefix = "ГЛ";
            request.uin_year = 2026;
            request.entry.at = a.created_at;
            request.entry.actor = "bench";
            request.entry.action = "register";
            chunk.push_back(std::move(request));
        }
        return chunk;
    };
    const auto started = std::chrono::steady_clock::now();
    long begin = 0;
    std::future<std::vector<core::NewAppeal>> coming;
    if (count > 0) coming = std::async(std::launch::async, make_chunk, begin);
    const auto stored = store->BulkLoad([&](std::vector<core::NewAppeal>& chunk) {
        if (begin >= count) return false;
        chunk = coming.get();
        begin += kChunk;
        if (begin < count) coming = std::async(std::launch::async, make_chunk, begin);
        return true;
    });
    if (stored != count) {
        std::fprintf(stderr, "bulk_load: %lld of %ld appeals stored\n",
                     static_cast<long long>(stored), count);
        return 1;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("{\"appeals\": %ld, \"seconds\": %.1f, \"rate\": %.0f}\n", count, seconds,
                static_cast<double>(count) / seconds);
    return 0;
}

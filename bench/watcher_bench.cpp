// Deadline watcher tick cost with 10,000 and 1,000,000 open appeals of which only a few are due
// (ARCHITECTURE.md: "each tick O(due appeals), never a full scan"). Prints one line per size.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "hotline_workflow.hpp"

#include "core/appeal_service.hpp"
#include "core/clock.hpp"
#include "jobs/deadline_watcher.hpp"
#include "regulation/catalog.hpp"
#include "regulation/loader.hpp"
#include "regulation/regulation_workflow.hpp"
#include "sla/production_calendar.hpp"
#include "sla/regions.hpp"
#include "storage/store.hpp"

namespace {

using namespace otklik;
using Clock = std::chrono::steady_clock;

constexpr int kDue = 100;

std::unique_ptr<regulation::RegulationWorkflow> Hotline() {
    return bench::HotlineWorkflow("watcher_bench");
}

core::NewAppeal Template(const core::Workflow& workflow, core::Instant at) {
    core::AppealDraft draft;
    draft.regulation = "hotline";
    draft.channel = "api";
    draft.subject = "Не формируется отчёт";
    draft.text = "При формировании ежемесячного отчёта появляется ошибка.";
    draft.category = "ИНЦ";
    draft.priority = "P3";
    draft.applicant.first_name = "Анна";
    draft.applicant.email = "anna@example.ru";
    draft.applicant.region = "77";
    return bench::RegistrationRequest(workflow, draft, at, "watcher_bench");
}

void Measure(int open) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("otklik-watcher-bench-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    {
        const auto store = storage::OpenStore({(dir / "otklik.db").string(), 2});
        const auto workflow = Hotline();
        // Registered Mon 2 Feb 2026 10:00 MSK; a P3 incident escalates at 30 of its 40 business
        // hours, on Thu 5 Feb. The due ones were registered a week earlier and are past it.
        const auto now = *core::ParseInstant("2026-02-03T07:00:00Z");
        const core::NewAppeal fresh =
            Template(*workflow, *core::ParseInstant("2026-02-02T07:00:00Z"));
        const core::NewAppeal old =
            Template(*workflow, *core::ParseInstant("2026-01-26T07:00:00Z"));
        const auto load_started = Clock::now();
        constexpr int kChunk = 50000;
        for (int loaded = 0; loaded < open; loaded += kChunk) {
            std::vector<core::NewAppeal> chunk;
            const int n = std::min(kChunk, open - loaded);
            chunk.reserve(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i) chunk.push_back(loaded + i < kDue ? old : fresh);
            store->BulkRegister(chunk);
        }
        const double load_s = std::chrono::duration<double>(Clock::now() - load_started).count();

        core::ManualClock clock(now);
        core::AppealService service(store->Appeals(), *workflow, clock);
        jobs::DeadlineWatcher watcher(service, store->Appeals(), clock);
        const auto started = Clock::now();
        const int changed = watcher.RunDue();
        const double tick_ms =
            std::chrono::duration<double, std::milli>(Clock::now() - started).count();
        const auto idle_started = Clock::now();
        const int idle_changed = watcher.RunDue();
        const double idle_ms =
            std::chrono::duration<double, std::milli>(Clock::now() - idle_started).count();
        std::printf(
            "watcher tick | %9d open appeals | %3d due → %3d changed in %8.2f ms (%6.3f ms per "
            "due) "
            "| idle tick %6.3f ms (%d changed) | load %.1f s\n",
            open, kDue, changed, tick_ms, changed > 0 ? tick_ms / changed : 0.0, idle_ms,
            idle_changed, load_s);
        std::fflush(stdout);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

}  // namespace

int main(int argc, char** argv) {
    // `watcher_bench 10000` measures one size; without arguments both sizes of the target.
    if (argc > 1) {
        Measure(std::atoi(argv[1]));
        return 0;
    }
    Measure(10000);
    Measure(1000000);
    return 0;
}

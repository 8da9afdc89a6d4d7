// The embedded store's writer alone, without HTTP or triage (issue 18): clients register appeals
// at once through AppealRepository::Register, each linked to the 20 appeals registered before it
// (a mass incident, issue 15, as under `otklik_load_client --mode create`), after `--preload`
// appeals bulk-loaded. Prints appeals per durable commit and pages written per appeal; under
//   valgrind --tool=callgrind --toggle-collect='otklik::storage::sqlite::Writer::Loop()' …
// the writer thread's instructions per appeal.
//   register_bench [--clients 64] [--appeals 20000] [--preload 100000] [--links 20]
//                  [--spread-emails 0|1]
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "hotline_workflow.hpp"

#include "regulation/catalog.hpp"
#include "regulation/loader.hpp"
#include "regulation/regulation_workflow.hpp"
#include "sla/production_calendar.hpp"
#include "sla/regions.hpp"
#include "storage/store.hpp"

namespace {

using namespace otklik;
using Clock = std::chrono::steady_clock;

std::unique_ptr<regulation::RegulationWorkflow> Hotline() {
    return bench::HotlineWorkflow("register_bench");
}

// The appeal of the load client's create mode (about 1.3 KB with its applicant).
// `spread`: the applicants' addresses in random order rather than in the load client's sequence
// (which puts consecutive appeals' index entries side by side).
core::NewAppeal Request(const core::Workflow& workflow, long n, core::Instant at, bool spread) {
    core::AppealDraft draft;
    draft.regulation = "hotline";
    draft.channel = "api";
    draft.subject = "Не формируется отчёт № " + std::to_string(n);
    draft.text =
        "Здравствуйте! При формировании ежемесячного отчёта в системе появляется ошибка "
        "«Превышено время ожидания ответа сервера». Ошибка воспроизводится у всех сотрудников "
        "отдела с утра, перезапуск браузера и очистка кэша не помогают. Отчёт необходимо сдать "
        "до конца недели, просим помочь как можно скорее. Скриншот ошибки могу прислать по "
        "запросу.";
    draft.category = "ИНЦ";
    draft.priority = "P3";
    draft.applicant.last_name = "Кузнецова";
    draft.applicant.first_name = "Ольга";
    draft.applicant.middle_name = "Петровна";
    draft.applicant.email =
        "applicant" + std::to_string((spread ? n * 7919 : n) % 40000) + "@example.ru";
    draft.applicant.address = "г. Москва, ул. Тверская, д. 7, кв. " + std::to_string(n % 500);
    draft.applicant.region = "77";
    core::NewAppeal request = bench::RegistrationRequest(workflow, draft, at, "register_bench");
    core::OutboxMessage notice;
    notice.kind = "registered";
    notice.channel = "email";
    notice.recipient = draft.applicant.email;
    notice.payload = R"({"subject":"Обращение зарегистрировано"})";
    notice.created_at = at;
    request.outbox.push_back(notice);
    return request;
}

}  // namespace

int main(int argc, char** argv) {
    long clients = 64;
    long appeals = 20000;
    long preload = 100000;
    long links = 20;
    bool spread = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const long value = std::stol(argv[i + 1]);
        if (key == "--clients") clients = value;
        if (key == "--appeals") appeals = value;
        if (key == "--preload") preload = value;
        if (key == "--links") links = value;
        if (key == "--spread-emails") spread = value != 0;
    }
    const auto dir = std::filesystem::temp_directory_path() /
                     ("otklik-register-bench-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    {
        const auto store = storage::OpenStore({(dir / "otklik.db").string(), 2});
        const auto workflow = Hotline();
        const auto at = *core::ParseInstant("2026-02-02T07:00:00Z");
        long loaded = 0;
        store->BulkLoad([&](std::vector<core::NewAppeal>& chunk) {
            chunk.clear();
            for (; loaded < preload && chunk.size() < 10000; ++loaded) {
                chunk.push_back(Request(*workflow, appeals + loaded, at, spread));
                chunk.back().outbox.clear();
            }
            return !chunk.empty();
        });
        const auto before = store->Counters();

        std::mutex mutex;
        std::deque<std::string> recent;  // the last `links` UINs registered, guarded by mutex
        long issued = 0;                 // guarded by mutex
        const auto started = Clock::now();
        std::vector<std::thread> threads;
        for (long t = 0; t < clients; ++t) {
            threads.emplace_back([&] {
                for (;;) {
                    core::NewAppeal request;
                    {
                        std::lock_guard lock(mutex);
                        if (issued >= appeals) return;
                        request = Request(*workflow, issued++, at, spread);
                        for (const auto& uin : recent) {
                            request.links.emplace_back(uin, core::LinkType::kRelated);
                        }
                    }
                    auto registered = store->Appeals().Register(std::move(request));
                    if (!registered) {
                        std::fprintf(stderr, "register_bench: %s\n",
                                     registered.error().message.c_str());
                        std::exit(1);
                    }
                    std::lock_guard lock(mutex);
                    recent.push_back(registered->appeal.uin);
                    if (static_cast<long>(recent.size()) > links) recent.pop_front();
                }
            });
        }
        for (auto& thread : threads) thread.join();
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        const auto after = store->Counters();
        const auto units = static_cast<double>(after.units - before.units);
        std::printf(
            "{\"appeals\": %ld, \"clients\": %ld, \"preloaded\": %ld, \"links\": %ld, "
            "\"seconds\": %.2f, \"rate\": %.0f, \"appeals_per_commit\": %.1f, "
            "\"pages_per_appeal\": %.2f, \"spread_emails\": %s}\n",
            appeals, clients, preload, links, seconds, static_cast<double>(appeals) / seconds,
            units / static_cast<double>(after.commits - before.commits),
            static_cast<double>(after.pages - before.pages) / units, spread ? "true" : "false");
    }
    std::filesystem::remove_all(dir);
    return 0;
}

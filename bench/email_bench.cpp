// E-mail intake benchmark (issue 5): letters per second for MIME parsing alone, and for the
// whole intake — parse, triage, register (durable), record — over the fixture corpus
// (tests/data/email), each letter with a fresh Message-ID so that none is a duplicate.
//
// Usage: otklik_email_bench [rounds] [threads] [--no-triage]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "app/triage_screener.hpp"
#include "channels/email/letter_intake.hpp"
#include "channels/email/mime_parser.hpp"
#include "core/basic_workflow.hpp"
#include "storage/sqlite/sqlite_store.hpp"

using namespace otklik;

namespace {

std::vector<std::string> LoadCorpus() {
    std::vector<std::string> letters;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(OTKLIK_TEST_DATA_DIR) + "/email")) {
        if (entry.path().extension() != ".eml") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        letters.push_back(text.str());
    }
    return letters;
}

// A fresh Message-ID, and a sender of its own per round: a real mailbox hears from many
// applicants, not from the same nineteen a hundred times (their earlier appeals feed triage).
std::string Unique(const std::string& letter, int n, int round) {
    std::string copy;
    copy.reserve(letter.size() + 64);
    std::string suffix = "+r";
    suffix += std::to_string(round);
    const std::string domain = "@example.ru";
    std::size_t from = 0;
    for (auto at = letter.find(domain); at != std::string::npos; at = letter.find(domain, from)) {
        copy.append(letter, from, at - from);
        copy.append(suffix);
        from = at;
        copy.append(domain);
        from += domain.size();
    }
    copy.append(letter, from, std::string::npos);
    const std::string tag = "Message-ID: <";
    const auto at = copy.find(tag);
    if (at == std::string::npos) return copy;
    // Appended piecewise: GCC 12 warns falsely on "b" + std::string at -O3 (GCC bug 105329).
    std::string prefix = "b";
    prefix += std::to_string(n);
    prefix += '.';
    copy.insert(at + tag.size(), prefix);
    return copy;
}

double Seconds(std::chrono::steady_clock::time_point from) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 50;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 16;
    const bool triage = !(argc > 3 && std::string(argv[3]) == "--no-triage");
    const auto corpus = LoadCorpus();
    std::vector<std::string> letters;
    for (int r = 0; r < rounds; ++r) {
        for (const auto& letter : corpus) {
            letters.push_back(Unique(letter, static_cast<int>(letters.size()), r));
        }
    }

    auto start = std::chrono::steady_clock::now();
    std::size_t parsed = 0;
    for (const auto& letter : letters) parsed += channels::email::ParseLetter(letter) ? 1U : 0U;
    const double parse_rate = static_cast<double>(parsed) / Seconds(start);

    std::printf("E-mail corpus: %zu letters x %d rounds = %zu\n", corpus.size(), rounds,
                letters.size());
    std::printf("%-58s %10.0f letters/s\n", "MIME parse + decode (GMime, charsets, HTML)",
                parse_rate);

    // One worker is one mailbox's poller; several are several mailboxes (or a parallel intake):
    // durable commits are then grouped by the store's writer.
    for (const int workers_count : {1, threads}) {
        const auto dir = std::filesystem::temp_directory_path() /
                         ("otklik-email-bench-" + std::to_string(getpid()));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        double intake_rate = 0;
        std::atomic<int> failed{0};
        // One worker takes a tenth of the letters: it is the slow case.
        const std::size_t count = workers_count == 1 ? letters.size() / 10 : letters.size();
        {
            storage::sqlite::SqliteStore store({(dir / "otklik.db").string(), 4});
            const core::SystemClock clock;
            core::BasicWorkflow workflow({{"bilet", "ББ"}}, "bilet");
            core::AppealService service(store, workflow, clock);
            app::TriageScreener screener(OTKLIK_DATA_DIR, nullptr);
            if (triage) service.SetScreener(&screener);
            channels::email::IntakeOptions options;
            channels::email::LetterIntake intake(service, store, store, options);
            channels::email::MailboxConfig mailbox;
            mailbox.name = "bench";
            mailbox.regulation = "bilet";
            mailbox.channel = "project_mail";

            std::atomic<std::size_t> next{0};
            start = std::chrono::steady_clock::now();
            std::vector<std::thread> workers;
            for (int t = 0; t < workers_count; ++t) {
                workers.emplace_back([&] {
                    for (auto i = next++; i < count; i = next++) {
                        channels::email::RawLetter raw{"bench", 1, static_cast<std::int64_t>(i + 1),
                                                       letters[i]};
                        if (!intake.Process(mailbox, raw)) ++failed;
                    }
                });
            }
            for (auto& worker : workers) worker.join();
            intake_rate = static_cast<double>(count) / Seconds(start);
        }
        std::filesystem::remove_all(dir);
        std::printf("%-58s %10.0f letters/s (target >= 1000; %d failed)\n",
                    (std::string(triage ? "intake: parse + triage + register + record, "
                                        : "intake: parse + register + record, ") +
                     std::to_string(workers_count) + (workers_count == 1 ? " worker" : " workers"))
                        .c_str(),
                    intake_rate, failed.load());
    }
    return 0;
}

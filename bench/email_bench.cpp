// E-mail intake benchmark (issue 5, item 7): letters per second for MIME parsing alone, and for
// the intake of ONE mailbox the way `otklik serve` runs it — the mailbox's poller takes the
// letters in batches and hands them to the intake: parse, thread lookup, triage, registration
// by the bilet regulation (durable), the letter's record, the high-water mark and the flags.
// The clock stands on a day the regulation was in force.
// The letters come from a folder in memory, and then (when dovecot-imapd is installed) from a
// Dovecot on loopback over IMAP: the first figure leaves out the IMAP round trips (one FETCH per
// letter, one STORE per batch), the last includes them.
//
// The corpus is tests/data/email, each round with fresh Message-IDs and senders of its own: a
// real mailbox hears from many applicants, not from the same twenty a hundred times.
//
// Usage: otklik_email_bench [rounds] [letters at once] [--no-triage]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/regulations.hpp"
#include "app/triage_screener.hpp"
#include "channels/email/imap_client.hpp"
#include "channels/email/mail_poller.hpp"
#include "channels/email/mime_parser.hpp"
#include "channels/loopback_servers.hpp"
#include "core/basic_workflow.hpp"
#include "storage/store.hpp"

using namespace otklik;

namespace {

std::vector<std::string> LoadCorpus() {
    std::vector<std::string> letters;
    std::vector<std::filesystem::path> files;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(OTKLIK_TEST_DATA_DIR) + "/email")) {
        if (entry.path().extension() == ".eml") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());  // originals before the replies that name them
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        letters.push_back(text.str());
    }
    return letters;
}

// `text` with `token` replaced by `by` everywhere.
std::string ReplaceAll(const std::string& text, const std::string& token, const std::string& by) {
    std::string out;
    out.reserve(text.size() + 64);
    std::size_t from = 0;
    for (auto at = text.find(token); at != std::string::npos; at = text.find(token, from)) {
        out.append(text, from, at - from);
        out.append(by);
        from = at + token.size();
    }
    out.append(text, from, std::string::npos);
    return out;
}

// The letter as one of this round's applicants writes it: every example.ru address is theirs,
// the replies name our letters and the UIN of their own round (numbers no appeal has: they fall
// back to the sender and subject), and the Message-ID is fresh.
std::string Unique(const std::string& letter, int n, int round) {
    const auto r = std::to_string(round);
    auto copy = ReplaceAll(letter, "@example.ru", "+r" + r + "@example.ru");
    copy = ReplaceAll(copy, "@otklik.local", "@r" + r + ".otklik.local");
    copy = ReplaceAll(copy, "ББ-2026-000001", "ББ-2026-9" + r);
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

// CPU seconds of the whole process (every thread, the store's writer included).
double CpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double Seconds(std::chrono::steady_clock::time_point from) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
}

/// The mailbox's folder, in memory.
class CorpusFolder final : public channels::email::MailSource {
public:
    explicit CorpusFolder(const std::vector<std::string>& letters) : letters_(letters) {}
    core::Result<channels::email::FolderStatus> Status() override {
        return channels::email::FolderStatus{1, static_cast<std::int64_t>(letters_.size()) + 1};
    }
    core::Result<std::vector<std::int64_t>> UidsAfter(std::int64_t after) override {
        std::vector<std::int64_t> uids;
        for (auto uid = after + 1; uid <= static_cast<std::int64_t>(letters_.size()); ++uid) {
            uids.push_back(uid);
        }
        return uids;
    }
    core::Result<std::string> Fetch(std::int64_t uid) override {
        return letters_[static_cast<std::size_t>(uid - 1)];
    }
    core::Result<bool> MarkProcessed(const std::vector<std::int64_t>&) override { return true; }
    void Reset() override {}

private:
    const std::vector<std::string>& letters_;
};

struct MailboxRun {
    double rate = 0;
    channels::email::PollReport report;
    double letters_per_commit = 0;
    double cpu_ms_per_letter = 0;
};

/// Dovecot on loopback with the letters in its Maildir (as tests/channels starts it), for the
/// figure over IMAP; its folder is removed on destruction.
class LoopbackDovecot {
public:
    ~LoopbackDovecot() {
        dovecot_.Stop();
        if (!dir_.empty()) std::filesystem::remove_all(dir_);
    }

    bool Start(const std::vector<std::string>& letters) {
        if (!std::filesystem::exists(channels::email::testing::kDovecot)) return false;
        dir_ = std::filesystem::temp_directory_path() /
               ("otklik-email-bench-imap-" + std::to_string(getpid()));
        std::filesystem::remove_all(dir_);
        if (!dovecot_.Start(dir_)) return false;
        for (const auto& letter : letters) dovecot_.Deliver(letter);
        // Dovecot indexes a new Maildir on first access; that is its cost, not the intake's.
        channels::email::ImapClient client(Mailbox());
        return client.Status() && client.UidsAfter(0);
    }

    channels::email::MailboxConfig Mailbox() const { return dovecot_.Mailbox(); }

private:
    std::filesystem::path dir_;
    channels::email::testing::Dovecot dovecot_;
};

// One mailbox's poller over `letters` in a fresh store, with `workers` letters at once; the
// letters come from `imap` when given, else from memory.
MailboxRun RunMailbox(const std::vector<std::string>& letters, int workers, bool triage,
                      const LoopbackDovecot* imap = nullptr) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("otklik-email-bench-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    MailboxRun run;
    {
        const auto store = storage::OpenStore({(dir / "otklik.db").string(), 4});
        // The bilet regulation was in force from 30.04.2020 to 15.12.2020: a working Monday.
        const core::ManualClock clock(*core::ParseInstant("2020-10-12T07:00:00Z"));
        const std::string regulations = std::string(OTKLIK_SOURCE_DIR) + "/regulations";
        const auto catalog = app::LoadRegulationFolder(regulations);
        core::BasicWorkflow fallback({{"bilet", "ББ"}}, "bilet");
        const auto workflow = app::MakeRegulationWorkflow(
            catalog, app::ReferenceDataDir(regulations), "bilet", &fallback);
        core::AppealService service(store->Appeals(), *workflow, clock);
        app::TriageScreener screener(app::ReferenceDataDir(regulations), catalog.get());
        if (triage) service.SetScreener(&screener);
        channels::email::IntakeOptions options;
        options.workers = workers;
        options.files_dir = (dir / "mail").string();
        channels::email::LetterIntake intake(service, store->Appeals(), store->Mail(), options);
        auto mailbox = imap ? imap->Mailbox() : channels::email::MailboxConfig{};
        mailbox.name = "bilet";
        mailbox.regulation = "bilet";
        mailbox.channel = "project_mail";
        std::unique_ptr<channels::email::MailSource> source;
        if (imap) {
            source = std::make_unique<channels::email::ImapClient>(mailbox);
        } else {
            source = std::make_unique<CorpusFolder>(letters);
        }
        channels::email::MailPoller poller(mailbox, intake, store->Mail(), (dir / "raw").string(),
                                           std::move(source));

        const auto commits = store->Counters().commits;
        const auto start = std::chrono::steady_clock::now();
        const auto cpu = CpuSeconds();
        auto report = poller.PollOnce();
        run.rate = static_cast<double>(letters.size()) / Seconds(start);
        run.cpu_ms_per_letter = (CpuSeconds() - cpu) * 1000 /
                                static_cast<double>(std::max<std::size_t>(1, letters.size()));
        if (!report) {
            std::fprintf(stderr, "poll failed: %s\n", report.error().message.c_str());
        } else {
            run.report = *report;
        }
        run.letters_per_commit =
            static_cast<double>(letters.size()) /
            static_cast<double>(std::max<std::uint64_t>(1, store->Counters().commits - commits));
    }
    std::filesystem::remove_all(dir);
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 50;
    const channels::email::IntakeOptions defaults;
    const int at_once = argc > 2 ? std::atoi(argv[2]) : defaults.workers;
    const bool triage = !(argc > 3 && std::string(argv[3]) == "--no-triage");
    const auto corpus = LoadCorpus();
    std::vector<std::string> letters;
    for (int r = 0; r < rounds; ++r) {
        for (const auto& letter : corpus) {
            letters.push_back(Unique(letter, static_cast<int>(letters.size()), r));
        }
    }

    const auto start = std::chrono::steady_clock::now();
    std::size_t parsed = 0;
    for (const auto& letter : letters) parsed += channels::email::ParseLetter(letter) ? 1U : 0U;
    const double parse_rate = static_cast<double>(parsed) / Seconds(start);

    std::printf("E-mail corpus: %zu letters x %d rounds = %zu\n", corpus.size(), rounds,
                letters.size());
    std::printf("%-58s %10.0f letters/s\n", "MIME parse + decode (GMime, charsets, HTML)",
                parse_rate);

    const std::string what = triage ? "parse + triage + register" : "parse + register";
    // The mailbox as served, and one letter at a time for comparison (a tenth of the letters:
    // it is the slow case).
    for (const int workers : {at_once, 1}) {
        const std::vector<std::string> subset(
            letters.begin(),
            letters.begin() +
                static_cast<std::ptrdiff_t>(workers == 1 ? letters.size() / 10 : letters.size()));
        const auto run = RunMailbox(subset, workers, triage);
        const auto label = "one mailbox: " + what + ", " + std::to_string(workers) +
                           (workers == 1 ? " letter at a time" : " letters at once");
        std::printf(
            "%-58s %10.0f letters/s (target >= 3000, ARCHITECTURE.md; %d failed; %.1f "
            "letters/commit; %.2f ms CPU "
            "per letter)\n",
            label.c_str(), run.rate, run.report.failed, run.letters_per_commit,
            run.cpu_ms_per_letter);
    }
    // The same through IMAP from a real server on loopback: FETCH per letter, STORE per batch.
    LoopbackDovecot dovecot;
    if (dovecot.Start(letters)) {
        const auto run = RunMailbox(letters, at_once, triage, &dovecot);
        const auto label = "one mailbox over IMAP (Dovecot, loopback): " + what;
        std::printf(
            "%-58s %10.0f letters/s (target >= 3000, ARCHITECTURE.md; %d failed; %.1f "
            "letters/commit; %.2f ms CPU "
            "per letter, the bench's own)\n",
            label.c_str(), run.rate, run.report.failed, run.letters_per_commit,
            run.cpu_ms_per_letter);
    } else {
        std::printf("%-58s %s\n", "one mailbox over IMAP", "skipped: dovecot-imapd did not start");
    }
    return 0;
}

#include "channels/email/mail_poller.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>

#include <spdlog/spdlog.h>

#include "channels/email/imap_client.hpp"
#include "channels/email/mime_parser.hpp"

namespace otklik::channels::email {

std::string QuoteFromLines(std::string_view letter) {
    std::string out;
    out.reserve(letter.size() + 16);
    std::size_t line = 0;
    while (line < letter.size()) {
        auto end = letter.find('\n', line);
        end = end == std::string_view::npos ? letter.size() : end + 1;
        auto text = letter.substr(line, end - line);
        const auto first = text.find_first_not_of('>');
        if (first != std::string_view::npos && text.substr(first, 5) == "From ") out += '>';
        out.append(text);
        line = end;
    }
    return out;
}

MailPoller::MailPoller(MailboxConfig config, LetterIntake& intake, core::MailStore& store,
                       std::string raw_dir)
    : MailPoller(config, intake, store, std::move(raw_dir), std::make_unique<ImapClient>(config)) {}

MailPoller::MailPoller(MailboxConfig config, LetterIntake& intake, core::MailStore& store,
                       std::string raw_dir, std::unique_ptr<MailSource> source)
    : config_(std::move(config)),
      intake_(intake),
      store_(store),
      raw_dir_(std::move(raw_dir)),
      source_(std::move(source)) {}

MailPoller::~MailPoller() { Stop(); }

void MailPoller::SaveRaw(const std::vector<RawLetter>& batch) const {
    if (raw_dir_.empty() || batch.empty()) return;
    // One file per batch: creating a file costs more than writing a letter (≈ 1 ms on ext4).
    const auto dir = std::filesystem::path(raw_dir_) / config_.name;
    std::filesystem::create_directories(dir);
    const auto name = std::to_string(batch.front().uidvalidity) + "-" +
                      std::to_string(batch.front().uid) + "-" + std::to_string(batch.back().uid) +
                      ".mbox";
    std::ofstream out(dir / name, std::ios::binary);
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char date[32];
    std::strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm);
    for (const auto& raw : batch) {
        out << "From uid-" << raw.uid << "@" << config_.name << " " << date << "\n";
        out << QuoteFromLines(raw.bytes);
        if (!raw.bytes.empty() && raw.bytes.back() != '\n') out << "\n";
        out << "\n";
    }
}

core::Result<bool> MailPoller::KeepAside(const RawLetter& raw, const core::Error& error) {
    core::MailFailure failure;
    failure.mailbox = config_.name;
    failure.uidvalidity = raw.uidvalidity;
    failure.uid = raw.uid;
    failure.reason = error.code + ": " + error.message;
    if (auto parsed = ParseLetter(raw.bytes)) failure.message_id = parsed->message_id;
    failure.raw = raw.bytes;
    failure.at =
        std::chrono::time_point_cast<core::Instant::duration>(std::chrono::system_clock::now());
    auto stored = store_.AddFailure(failure);
    if (!stored) return core::Fail(stored.error());
    spdlog::warn("mail {}: UID {} kept aside: {}", config_.name, raw.uid, failure.reason);
    return true;
}

core::Result<std::vector<RawLetter>> MailPoller::Fetch(const std::vector<std::int64_t>& uids,
                                                       std::int64_t uidvalidity) {
    auto letters = source_->FetchMany(uids);
    if (!letters) return core::Fail(letters.error());
    std::vector<RawLetter> batch;
    batch.reserve(uids.size());
    for (std::size_t i = 0; i < uids.size(); ++i) {
        batch.push_back({config_.name, uidvalidity, uids[i], std::move((*letters)[i])});
    }
    return batch;
}

core::Result<bool> MailPoller::Finish(const std::vector<RawLetter>& batch,
                                      const std::vector<core::Result<IntakeResult>>& results,
                                      core::MailboxState& state, PollReport& report) {
    // The mark passes a letter only when it and every letter before it are durable.
    std::optional<core::Error> stopped;
    std::vector<std::int64_t> done;
    for (std::size_t k = 0; k < batch.size(); ++k) {
        const auto& result = results[k];
        const auto uid = batch[k].uid;
        if (result) {
            ++report.processed;
            spdlog::debug("mail {}: UID {} → {} {}", config_.name, uid, result->outcome,
                          result->uin);
            done.push_back(uid);
        } else if (MustRetryLater(result.error())) {
            // The store is down: this letter is taken again next time.
            if (!stopped) stopped = result.error();
            continue;
        } else if (stopped) {
            continue;  // kept aside when it is taken again
        } else {
            auto kept = KeepAside(batch[k], result.error());
            if (!kept) {
                stopped = kept.error();
                continue;
            }
            ++report.failed;
            done.push_back(uid);
        }
        if (!stopped) state.last_uid = uid;
    }
    if (auto flagged = source_->MarkProcessed(done); !flagged) {
        spdlog::warn("mail {}: cannot flag {} letters: {}", config_.name, done.size(),
                     flagged.error().message);
    }
    auto saved = store_.SaveMailbox(state);
    if (!saved) return core::Fail(saved.error());
    if (stopped) return core::Fail(*stopped);
    return true;
}

core::Result<PollReport> MailPoller::PollOnce() {
    PollReport report;
    auto status = source_->Status();
    if (!status) return core::Fail(status.error());
    auto state = store_.LoadMailbox(config_.name);
    if (!state) return core::Fail(state.error());
    bool renumbered = false;
    if (state->uidvalidity != status->uidvalidity) {
        // The server renumbered the folder (RFC 3501 §2.3.1.1): start over; Message-IDs keep
        // the letters already taken from being taken again.
        if (state->uidvalidity != 0) {
            spdlog::warn("mail {}: UIDVALIDITY changed {} → {}, rescanning", config_.name,
                         state->uidvalidity, status->uidvalidity);
        }
        state->mailbox = config_.name;
        state->uidvalidity = status->uidvalidity;
        state->last_uid = 0;
        renumbered = true;
    }
    auto uids = source_->UidsAfter(state->last_uid);
    if (!uids) return core::Fail(uids.error());
    if (uids->empty() && renumbered) {
        auto saved = store_.SaveMailbox(*state);
        if (!saved) return core::Fail(saved.error());
    }
    // While one batch is processed, the poller fetches the next one and finishes the one before
    // (flags, failures, the mark): the IMAP round trips and the mark's commit overlap the
    // processing instead of adding to it. A batch starts only once the one before it has no
    // letter the store failed on, so a thread never runs ahead of its waiting letter.
    std::size_t begin = 0;
    const auto fetch_next = [&]() -> core::Result<std::vector<RawLetter>> {
        if (begin >= uids->size() || stop_requested_) return std::vector<RawLetter>{};
        const auto end = std::min(uids->size(), begin + kBatch);
        std::vector<std::int64_t> part(uids->begin() + static_cast<std::ptrdiff_t>(begin),
                                       uids->begin() + static_cast<std::ptrdiff_t>(end));
        begin = end;
        return Fetch(part, state->uidvalidity);
    };
    using Batch = std::shared_ptr<const std::vector<RawLetter>>;
    Batch in_flight;
    std::future<std::vector<core::Result<IntakeResult>>> running;  // processes `in_flight`
    const auto launch = [&](std::vector<RawLetter> letters) {
        SaveRaw(letters);
        report.fetched += static_cast<int>(letters.size());
        in_flight = std::make_shared<const std::vector<RawLetter>>(std::move(letters));
        running = std::async(std::launch::async, [this, batch = in_flight] {
            return intake_.ProcessBatch(config_, *batch);
        });
    };
    auto first = fetch_next();
    if (!first) return core::Fail(first.error());
    if (!first->empty()) launch(std::move(*first));
    while (running.valid()) {
        auto next = fetch_next();
        const auto results = running.get();
        const auto done = in_flight;
        const bool store_down = std::any_of(results.begin(), results.end(), [](const auto& result) {
            return !result && MustRetryLater(result.error());
        });
        if (!store_down && next && !next->empty()) launch(std::move(*next));
        auto finished = Finish(*done, results, *state, report);
        if (!finished) return core::Fail(finished.error());
        if (!next) return core::Fail(next.error());
    }
    if (report.fetched > 0) {
        spdlog::info("mail {}: {} letters, {} processed, {} kept aside", config_.name,
                     report.fetched, report.processed, report.failed);
    }
    return report;
}

void MailPoller::Start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    stop_requested_ = false;
    thread_ = std::thread([this] { Loop(); });
}

void MailPoller::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        stop_requested_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

bool MailPoller::Leads() {
    if (!leadership_) return true;
    const bool leads = leadership_->Lead(Role());
    if (leading_ != leads) {
        leading_ = leads;
        if (leads) {
            spdlog::info("mail {}: this node polls the mailbox", config_.name);
        } else {
            spdlog::info("mail {}: another node polls the mailbox; this one stands by",
                         config_.name);
            source_->Reset();  // its connection stays closed while another node reads
        }
    }
    return leads;
}

std::string MailPoller::Role() const { return "mailbox:" + config_.name; }

void MailPoller::Loop() {
    auto backoff = std::chrono::seconds(1);
    while (true) {
        std::chrono::seconds wait{std::max(1, config_.poll_seconds)};
        try {
            // A node that does not lead the mailbox asks again at its next pass.
            auto report = Leads() ? PollOnce() : core::Result<PollReport>(PollReport{});
            if (report) {
                backoff = std::chrono::seconds(1);
            } else {
                spdlog::warn("mail {}: {} — retrying in {} s", config_.name, report.error().message,
                             backoff.count());
                source_->Reset();
                wait = backoff;
                backoff = std::min(backoff * 2, std::chrono::seconds(300));
            }
        } catch (const std::exception& e) {
            spdlog::error("mail {}: {}", config_.name, e.what());
            source_->Reset();
            wait = backoff;
            backoff = std::min(backoff * 2, std::chrono::seconds(300));
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
        woken_ = false;
        if (stopping_) break;
    }
    if (leadership_ && leading_.value_or(false)) leadership_->Resign(Role());
}

void MailPoller::Wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

core::Result<IntakeResult> RetryFailure(std::int64_t failure_id,
                                        const std::vector<MailboxConfig>& mailboxes,
                                        LetterIntake& intake, core::MailStore& store,
                                        core::Instant now) {
    auto failure = store.FindFailure(failure_id);
    if (!failure) return core::Fail(failure.error());
    const auto mailbox = std::find_if(mailboxes.begin(), mailboxes.end(),
                                      [&](const auto& m) { return m.name == failure->mailbox; });
    MailboxConfig config;
    if (mailbox != mailboxes.end()) {
        config = *mailbox;
    } else {
        config.name = failure->mailbox;
    }
    RawLetter raw{failure->mailbox, failure->uidvalidity, failure->uid, failure->raw};
    auto result = intake.Process(config, raw);
    if (!result) {
        core::MailFailure again = *failure;
        again.reason = result.error().code + ": " + result.error().message;
        again.at = now;
        auto stored = store.AddFailure(again);
        if (!stored) return core::Fail(stored.error());
        return core::Fail(result.error());
    }
    auto resolved = store.ResolveFailure(failure_id, now);
    if (!resolved) return core::Fail(resolved.error());
    return result;
}

}  // namespace otklik::channels::email

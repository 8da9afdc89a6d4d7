#include "channels/email/mail_poller.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <spdlog/spdlog.h>

#include "channels/email/mime_parser.hpp"

namespace otklik::channels::email {

MailPoller::MailPoller(MailboxConfig config, LetterIntake& intake, core::MailStore& store,
                       std::string raw_dir)
    : config_(std::move(config)),
      intake_(intake),
      store_(store),
      raw_dir_(std::move(raw_dir)),
      client_(config_) {}

MailPoller::~MailPoller() { Stop(); }

void MailPoller::SaveRaw(const RawLetter& raw) const {
    if (raw_dir_.empty()) return;
    const auto dir = std::filesystem::path(raw_dir_) / config_.name;
    std::filesystem::create_directories(dir);
    std::ofstream out(
        dir / (std::to_string(raw.uidvalidity) + "-" + std::to_string(raw.uid) + ".eml"),
        std::ios::binary);
    out.write(raw.bytes.data(), static_cast<std::streamsize>(raw.bytes.size()));
}

core::Result<PollReport> MailPoller::PollOnce() {
    PollReport report;
    auto status = client_.Status();
    if (!status) return tl::unexpected(status.error());
    auto state = store_.LoadMailbox(config_.name);
    if (!state) return tl::unexpected(state.error());
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
    }
    auto uids = client_.UidsAfter(state->last_uid);
    if (!uids) return tl::unexpected(uids.error());
    for (const auto uid : *uids) {
        auto bytes = client_.Fetch(uid);
        if (!bytes) return tl::unexpected(bytes.error());
        ++report.fetched;
        RawLetter raw{config_.name, state->uidvalidity, uid, std::move(*bytes)};
        SaveRaw(raw);
        core::Result<IntakeResult> result = tl::unexpected(core::Error{});
        try {
            result = intake_.Process(config_, raw);
        } catch (const std::exception& e) {
            result = tl::unexpected(
                core::Error{core::ErrorKind::kUnavailable, "exception", e.what(), {}});
        }
        if (result) {
            ++report.processed;
            spdlog::info("mail {}: UID {} → {} {}", config_.name, uid, result->outcome,
                         result->uin);
        } else if (result.error().kind == core::ErrorKind::kUnavailable &&
                   result.error().code != "exception") {
            // The store is down: stop here and take this letter again next time.
            return tl::unexpected(result.error());
        } else {
            ++report.failed;
            core::MailFailure failure;
            failure.mailbox = config_.name;
            failure.uidvalidity = raw.uidvalidity;
            failure.uid = uid;
            failure.reason = result.error().code + ": " + result.error().message;
            if (auto parsed = ParseLetter(raw.bytes)) failure.message_id = parsed->message_id;
            failure.raw = raw.bytes;
            failure.at = std::chrono::time_point_cast<core::Instant::duration>(
                std::chrono::system_clock::now());
            auto stored = store_.AddFailure(failure);
            if (!stored) return tl::unexpected(stored.error());
            spdlog::warn("mail {}: UID {} kept aside: {}", config_.name, uid, failure.reason);
        }
        auto flagged = client_.MarkProcessed(uid);
        if (!flagged) spdlog::warn("mail {}: cannot flag UID {}", config_.name, uid);
        state->last_uid = uid;
        auto saved = store_.SaveMailbox(*state);
        if (!saved) return tl::unexpected(saved.error());
    }
    if (uids->empty()) {
        auto saved = store_.SaveMailbox(*state);
        if (!saved) return tl::unexpected(saved.error());
    }
    return report;
}

void MailPoller::Start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { Loop(); });
}

void MailPoller::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void MailPoller::Loop() {
    auto backoff = std::chrono::seconds(1);
    while (true) {
        std::chrono::seconds wait{std::max(1, config_.poll_seconds)};
        try {
            auto report = PollOnce();
            if (report) {
                backoff = std::chrono::seconds(1);
            } else {
                spdlog::warn("mail {}: {} — retrying in {} s", config_.name, report.error().message,
                             backoff.count());
                client_.Reset();
                wait = backoff;
                backoff = std::min(backoff * 2, std::chrono::seconds(300));
            }
        } catch (const std::exception& e) {
            spdlog::error("mail {}: {}", config_.name, e.what());
            client_.Reset();
            wait = backoff;
            backoff = std::min(backoff * 2, std::chrono::seconds(300));
        }
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, wait, [this] { return stopping_; })) return;
    }
}

core::Result<IntakeResult> RetryFailure(std::int64_t failure_id,
                                        const std::vector<MailboxConfig>& mailboxes,
                                        LetterIntake& intake, core::MailStore& store,
                                        core::Instant now) {
    auto failure = store.FindFailure(failure_id);
    if (!failure) return tl::unexpected(failure.error());
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
        if (!stored) return tl::unexpected(stored.error());
        return tl::unexpected(result.error());
    }
    auto resolved = store.ResolveFailure(failure_id, now);
    if (!resolved) return tl::unexpected(resolved.error());
    return result;
}

}  // namespace otklik::channels::email

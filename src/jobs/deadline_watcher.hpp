#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "core/appeal_service.hpp"
#include "core/clock.hpp"
#include "core/repositories.hpp"

namespace otklik::jobs {

/// Settings of the deadline watcher; every field has a default.
struct WatcherOptions {
    /// Appeals per AppealService::RunDueTimers call.
    int batch = 256;
    /// The longest sleep between checks: bounds the delay when a wake-up was missed, and is how
    /// often a manual clock (which moves without telling anyone) is looked at.
    std::chrono::milliseconds max_sleep{std::chrono::seconds{30}};
    /// Batches per wake-up at most, so that one run cannot hold the thread for ever.
    int max_batches = 100000;
};

/// Watches deadlines (SLA-6): a thread that sleeps until the earliest `next_event_at` in the
/// store (read from its index, never a scan) or until told that something changed, then runs
/// the regulation's timers — escalations, breaches, reminders, auto-closes — in batches until
/// nothing is due. The first run after Start() catches up with everything that fell due while
/// the server was down; each timer takes effect at its own instant (the workflow's Tick).
/// All methods are thread-safe; runs never overlap.
class DeadlineWatcher {
public:
    DeadlineWatcher(core::AppealService& service, core::AppealRepository& store,
                    const core::Clock& clock, WatcherOptions options = {});
    ~DeadlineWatcher();
    DeadlineWatcher(const DeadlineWatcher&) = delete;
    DeadlineWatcher& operator=(const DeadlineWatcher&) = delete;

    /// Starts the thread; it runs what is due at once.
    void Start();
    /// Stops the thread and waits for it; a run in progress finishes its batch first.
    void Stop();
    /// Something was written: the next timer may now be earlier than the one slept for.
    void Notify();
    /// Runs every timer due at the clock's now, batch after batch, in the caller's thread;
    /// returns how many appeal changes were saved. Used by the thread, and by the manual clock
    /// route so that a test sees the effects of moving time when its request returns.
    int RunDue();

    /// Appeal changes saved by timers since construction (metrics).
    [[nodiscard]] std::uint64_t changes() const;

private:
    void Loop();
    std::chrono::milliseconds SleepTime();

    core::AppealService& service_;
    core::AppealRepository& store_;
    const core::Clock& clock_;
    WatcherOptions options_;

    std::mutex run_mutex_;  // serializes RunDue()

    mutable std::mutex mutex_;  // guards the fields below
    std::condition_variable wake_;
    bool stopping_ = false;
    bool notified_ = false;
    std::uint64_t changes_ = 0;
    std::thread thread_;
};

/// An AppealRepository that forwards everything to `inner` and calls `on_write` after every
/// successful registration or update, so that the watcher hears of new timers at once.
class NotifyingRepository final : public core::AppealRepository {
public:
    NotifyingRepository(core::AppealRepository& inner, std::function<void()> on_write)
        : inner_(inner), on_write_(std::move(on_write)) {}

    [[nodiscard]] core::Result<core::Registered> Register(core::NewAppeal request) override;
    [[nodiscard]] core::Result<core::Appeal> Update(core::AppealChange change) override;
    [[nodiscard]] core::Result<core::Appeal> FindByUin(std::string_view uin) override {
        return inner_.FindByUin(uin);
    }
    [[nodiscard]] core::Result<core::Appeal> FindById(std::int64_t id) override {
        return inner_.FindById(id);
    }
    [[nodiscard]] core::Result<core::AppealPage> List(const core::AppealFilter& filter,
                                                      const core::PageRequest& page) override {
        return inner_.List(filter, page);
    }
    [[nodiscard]] core::Result<std::vector<core::Appeal>> FindByApplicantEmail(
        std::string_view canonical_email, int limit) override {
        return inner_.FindByApplicantEmail(canonical_email, limit);
    }
    [[nodiscard]] core::Result<core::Comment> AddComment(const core::Comment& comment,
                                                         const core::HistoryEntry& entry) override {
        return inner_.AddComment(comment, entry);
    }
    [[nodiscard]] core::Result<core::Comment> AddCommentOnce(
        const core::Comment& comment, const core::HistoryEntry& entry,
        const std::string& idempotency_key, const std::string& fingerprint) override {
        return inner_.AddCommentOnce(comment, entry, idempotency_key, fingerprint);
    }
    [[nodiscard]] core::Result<std::vector<core::Comment>> Comments(
        std::int64_t appeal_id) override {
        return inner_.Comments(appeal_id);
    }
    [[nodiscard]] core::Result<std::vector<core::HistoryEntry>> History(
        std::int64_t appeal_id) override {
        return inner_.History(appeal_id);
    }
    [[nodiscard]] core::Result<core::Link> AddLink(const core::Link& link,
                                                   const core::HistoryEntry& entry) override {
        return inner_.AddLink(link, entry);
    }
    [[nodiscard]] core::Result<std::vector<core::Link>> Links(std::int64_t appeal_id) override {
        return inner_.Links(appeal_id);
    }
    [[nodiscard]] core::Result<std::vector<core::Appeal>> FindDue(core::Instant now,
                                                                  int limit) override {
        return inner_.FindDue(now, limit);
    }
    [[nodiscard]] core::Result<std::vector<core::QueueCount>> QueueCounts(
        const core::AppealScope& scope) override {
        return inner_.QueueCounts(scope);
    }
    [[nodiscard]] core::Result<std::int64_t> Count(const core::AppealFilter& filter) override {
        return inner_.Count(filter);
    }

private:
    core::AppealRepository& inner_;
    std::function<void()> on_write_;
};

}  // namespace otklik::jobs

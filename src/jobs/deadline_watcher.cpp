#include "jobs/deadline_watcher.hpp"

#include <algorithm>
#include <exception>

#include <spdlog/spdlog.h>

namespace otklik::jobs {

DeadlineWatcher::DeadlineWatcher(core::AppealService& service, core::AppealRepository& store,
                                 const core::Clock& clock, WatcherOptions options)
    : service_(service), store_(store), clock_(clock), options_(options) {}

DeadlineWatcher::~DeadlineWatcher() { Stop(); }

void DeadlineWatcher::Start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { Loop(); });
}

void DeadlineWatcher::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void DeadlineWatcher::Notify() {
    {
        std::lock_guard lock(mutex_);
        notified_ = true;
    }
    wake_.notify_all();
}

std::uint64_t DeadlineWatcher::changes() const {
    std::lock_guard lock(mutex_);
    return changes_;
}

int DeadlineWatcher::RunDue() {
    std::lock_guard run(run_mutex_);
    int total = 0;
    for (int batch = 0; batch < options_.max_batches; ++batch) {
        const auto changed = service_.RunDueTimers(options_.batch);
        if (!changed) {
            spdlog::error("watcher: {}", changed.error().message);
            break;
        }
        total += *changed;
        // Nothing saved: nothing is due, or what is left lost a race with a user's change and
        // is retried at the next wake-up.
        if (*changed == 0) break;
    }
    if (total > 0) {
        std::lock_guard lock(mutex_);
        changes_ += static_cast<std::uint64_t>(total);
    }
    return total;
}

std::chrono::milliseconds DeadlineWatcher::SleepTime() {
    // The earliest timer of all open appeals, from the next_event_at index.
    const auto next = store_.FindDue(core::Instant::max(), 1);
    if (!next || next->empty() || !next->front().next_event_at) return options_.max_sleep;
    const auto wait = *next->front().next_event_at - clock_.Now();
    return std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(wait),
                      std::chrono::milliseconds::zero(), options_.max_sleep);
}

void DeadlineWatcher::Loop() {
    for (;;) {
        std::chrono::milliseconds sleep = options_.max_sleep;
        try {
            RunDue();
            sleep = SleepTime();
        } catch (const std::exception& e) {
            // Broken infrastructure (the store): log, wait, try again.
            spdlog::error("watcher: run failed: {}", e.what());
        }
        std::unique_lock lock(mutex_);
        if (sleep > std::chrono::milliseconds::zero()) {
            wake_.wait_for(lock, sleep, [this] { return stopping_ || notified_; });
        }
        notified_ = false;
        if (stopping_) return;
    }
}

core::Result<core::Registered> NotifyingRepository::Register(core::NewAppeal request) {
    auto result = inner_.Register(std::move(request));
    if (result) on_write_();
    return result;
}

core::Result<core::Appeal> NotifyingRepository::Update(core::AppealChange change) {
    auto result = inner_.Update(std::move(change));
    if (result) on_write_();
    return result;
}

}  // namespace otklik::jobs

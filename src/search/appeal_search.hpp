#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/appeal_search.hpp"
#include "search/appeal_index.hpp"

namespace otklik::search {

struct XapianAppealSearchOptions {
    /// Where the index lives (DATA/search/appeals); empty: a temporary directory (tests).
    std::string directory;
    /// Changes read and indexed per commit of the index.
    int batch = 512;
    /// The background indexer looks for changes at least this often, and soon after Notify()
    /// tells it about a write.
    std::chrono::milliseconds poll = std::chrono::milliseconds(1000);
    /// After a write's Notify() the indexer lets this long's writes gather before it indexes
    /// them in one commit: under a stream of registrations an index commit per few appeals cost
    /// about a fifth of the server's CPU (issue 18 profile). The index still trails the store by
    /// well under the 1 s of ARCHITECTURE.md, and a search indexes what it lacks itself.
    std::chrono::milliseconds gather = std::chrono::milliseconds(200);
};

/// Full-text search over appeals for the embedded store (issue 16): an AppealIndex fed from the
/// store's change stream (core::AppealSearchFeed) by a background thread, incrementally, from
/// the position the index recorded; an index that is missing, unreadable or ahead of the store
/// (a restored backup) is rebuilt in the background while the server already answers. A search
/// first takes the latest changes itself when nobody else is indexing (so that an operator finds
/// the comment just added), then asks the store to re-check its candidates against the filter:
/// a stale document never shows an appeal the filter or the caller's scope excludes.
/// Thread-safe.
class XapianAppealSearch final : public core::AppealSearch {
public:
    /// `feed` must outlive this.
    XapianAppealSearch(core::AppealSearchFeed& feed, XapianAppealSearchOptions options);
    ~XapianAppealSearch() override;
    XapianAppealSearch(const XapianAppealSearch&) = delete;
    XapianAppealSearch& operator=(const XapianAppealSearch&) = delete;

    [[nodiscard]] core::Result<core::AppealPage> Search(std::string_view text,
                                                        const core::AppealFilter& filter,
                                                        const core::PageRequest& page) override;

    /// Starts the background indexer; Stop() (or destruction) ends it.
    void Start();
    void Stop();
    /// Tells the indexer that the store was written.
    void Notify();
    /// Indexes every change the store has now; returns how many changes were read. Throws
    /// std::runtime_error when the store or the index fails.
    std::int64_t CatchUp();

    /// The change-stream position indexed, and how far behind the store it is (metrics).
    [[nodiscard]] std::int64_t indexed_change() const { return index_.last_change(); }
    [[nodiscard]] std::int64_t lag() const { return lag_.load(); }
    [[nodiscard]] std::size_t size() const { return index_.size(); }

private:
    /// One batch after the index's position; returns the changes read. Needs feed_mutex_.
    std::int64_t IndexBatch();
    /// Rebuilds when the index is ahead of the store. Needs feed_mutex_.
    void CheckAgainstStore();
    void Run();

    core::AppealSearchFeed& feed_;
    XapianAppealSearchOptions options_;
    AppealIndex index_;
    std::atomic<std::int64_t> lag_{0};
    std::timed_mutex feed_mutex_;  // one reader of the change stream at a time
    bool checked_ = false;         // guarded by feed_mutex_

    std::mutex wake_mutex_;
    std::condition_variable wake_;
    bool notified_ = false;  // guarded by wake_mutex_
    bool stopping_ = false;  // guarded by wake_mutex_
    std::thread thread_;
};

}  // namespace otklik::search

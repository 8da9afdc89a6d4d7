// The embedded store's full-text search over appeals: a Xapian index fed from the store's
// change stream.
#include "search/appeal_search.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include <spdlog/spdlog.h>

namespace otklik::search {
XapianAppealSearch::XapianAppealSearch(core::AppealSearchFeed& feed,
                                       XapianAppealSearchOptions options)
    : feed_(feed), options_(std::move(options)), index_(options_.directory) {}

XapianAppealSearch::~XapianAppealSearch() { Stop(); }

void XapianAppealSearch::Start() {
    if (thread_.joinable()) return;
    {
        const std::lock_guard lock(wake_mutex_);
        stopping_ = false;
    }
    thread_ = std::thread([this] { Run(); });
}

void XapianAppealSearch::Stop() {
    {
        const std::lock_guard lock(wake_mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void XapianAppealSearch::Notify() {
    {
        const std::lock_guard lock(wake_mutex_);
        notified_ = true;
    }
    wake_.notify_one();
}

void XapianAppealSearch::CheckAgainstStore() {
    if (checked_) return;
    auto last = feed_.LastChange();
    if (!last) throw std::runtime_error(last.error().message);
    if (index_.last_change() > *last) {
        spdlog::warn("appeal index: it holds change {} but the store ends at {}; rebuilding",
                     index_.last_change(), *last);
        index_.Clear();
    }
    checked_ = true;
}

std::int64_t XapianAppealSearch::IndexBatch() {
    const std::int64_t after = index_.last_change();
    auto changes = feed_.ChangesAfter(after, std::max(1, options_.batch));
    if (!changes) throw std::runtime_error(changes.error().message);
    if (changes->appeal_ids.empty()) return 0;
    std::vector<std::int64_t> ids = changes->appeal_ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto sources = feed_.Sources(ids);
    if (!sources) throw std::runtime_error(sources.error().message);
    index_.Apply(*sources, changes->last);
    return static_cast<std::int64_t>(changes->appeal_ids.size());
}

std::int64_t XapianAppealSearch::CatchUp() {
    const std::lock_guard lock(feed_mutex_);
    CheckAgainstStore();
    std::int64_t total = 0;
    while (const auto read = IndexBatch()) total += read;
    lag_ = 0;
    return total;
}

void XapianAppealSearch::Run() {
    for (;;) {
        try {
            std::int64_t read = 0;
            do {
                {
                    const std::lock_guard lock(wake_mutex_);
                    if (stopping_) return;
                }
                const std::lock_guard lock(feed_mutex_);
                CheckAgainstStore();
                read = IndexBatch();
                if (read > 0) {
                    auto last = feed_.LastChange();
                    if (last) lag_ = std::max<std::int64_t>(0, *last - index_.last_change());
                }
            } while (read > 0);
            lag_ = 0;
        } catch (const std::exception& e) {
            // The next wake-up tries again from the recorded position; nothing is lost.
            spdlog::error("appeal index: {}", e.what());
        }
        std::unique_lock lock(wake_mutex_);
        wake_.wait_for(lock, options_.poll, [this] { return notified_ || stopping_; });
        if (stopping_) return;
        if (notified_) {
            // Let the writes that follow this one join its batch; only Stop() cuts it short.
            wake_.wait_for(lock, options_.gather, [this] { return stopping_; });
            if (stopping_) return;
        }
        notified_ = false;
    }
}

core::Result<core::AppealPage> XapianAppealSearch::Search(std::string_view text,
                                                          const core::AppealFilter& filter,
                                                          const core::PageRequest& page) {
    if (auto refused = core::CheckSearchFilter(filter)) return core::Fail(std::move(*refused));
    const auto offset = core::ParseSearchCursor(page.after);
    if (!offset) {
        return core::Fail(
            core::Error::Validation({{"after", "format", "Неверный курсор страницы"}}));
    }
    // Read-your-writes: the change just made is indexed now. The indexer holds the stream for
    // one batch at a time (512 changes, about 70 ms); a search waits for at most about that
    // long, and during a long catch-up (a rebuild, a burst of writes) answers from what is
    // indexed rather than wait for it all.
    constexpr auto kReadYourWritesWait = std::chrono::milliseconds(100);
    if (std::unique_lock lock(feed_mutex_, kReadYourWritesWait); lock.owns_lock()) {
        try {
            CheckAgainstStore();
            IndexBatch();
        } catch (const std::exception& e) {
            spdlog::error("appeal index: {}", e.what());
        }
    }
    AppealIndexQuery query;
    query.text = std::string(text);
    query.filter = filter;
    query.offset = *offset;
    query.limit = static_cast<std::size_t>(std::clamp(page.limit, 1, 500));
    AppealIndexResult found;
    try {
        // The page's snippets from the store's texts (the index keeps none).
        found = index_.Search(query, [this](const std::vector<std::int64_t>& ids) {
            std::unordered_map<std::int64_t, std::string> passages;
            if (auto sources = feed_.Sources(ids)) {
                for (const auto& source : *sources) {
                    passages.emplace(source.appeal.id, AppealIndex::SnippetPassage(source));
                }
            }
            return passages;
        });
    } catch (const std::exception& e) {
        spdlog::error("appeal index: {}", e.what());
        return core::Fail(core::Error{core::ErrorKind::kUnavailable,
                                      "search_unavailable",
                                      "Поиск по обращениям временно недоступен",
                                      {}});
    }
    std::vector<std::int64_t> ids;
    std::unordered_map<std::int64_t, std::string> snippets;
    for (auto& hit : found.hits) {
        ids.push_back(hit.id);
        snippets.emplace(hit.id, std::move(hit.snippet));
    }
    // The store has the last word: a document not yet re-indexed after a change of status or
    // region is dropped here rather than shown against the filter or the caller's scope.
    auto picked = feed_.Pick(ids, filter, page.summaries_only);
    if (!picked) return core::Fail(picked.error());
    core::AppealPage result;
    result.items = std::move(picked->items);
    result.summaries = std::move(picked->summaries);
    for (const auto id : picked->ids) result.snippets.push_back(std::move(snippets[id]));
    if (found.more) result.next = core::SearchCursor(*offset + query.limit);
    return result;
}

}  // namespace otklik::search

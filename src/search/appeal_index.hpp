#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/appeal_search.hpp"
#include "core/repositories.hpp"

namespace otklik::search {

/// One search in the appeals' index.
struct AppealIndexQuery {
    std::string text;
    /// Used: statuses, open_only, group, assignee, region, visible_regions, category, priority,
    /// channel, regulation, created_from, created_to. The caller refuses the other members.
    core::AppealFilter filter;
    std::size_t offset = 0;
    std::size_t limit = 50;
};

struct AppealIndexHit {
    std::int64_t id = 0;
    std::string snippet;  ///< HTML-escaped, matched words in <mark>…</mark>
};

/// The passages a page's snippets are cut from, by appeal id (AppealIndex::SnippetPassage of
/// the store's texts); an appeal missing from the answer gets no snippet.
using AppealPassages = std::function<std::unordered_map<std::int64_t, std::string>(
    const std::vector<std::int64_t>& ids)>;

struct AppealIndexResult {
    std::vector<AppealIndexHit> hits;  ///< most relevant first, ties by id descending
    bool more = false;                 ///< hits beyond offset + limit exist
};

/// The Xapian index of appeals for the embedded store (issue 16): subject, the applicant's name,
/// text, incoming letters and public comments, through the Russian text path of the knowledge
/// base (russian_text.hpp), with boolean terms for the list's filters and the created instant
/// as a value. Documents are numbered newest first (2^31 minus the appeal id),
/// and only a query's newest matches are ranked (core::RankedSearchMatches). Besides the documents
/// it records the position of the store's change stream it holds (last_change), committed with
/// them, so that after a restart it continues from there. Derived data: opened without fsync,
/// rebuilt when unreadable. All methods are thread-safe; Xapian failures are rethrown as
/// std::runtime_error.
class AppealIndex {
public:
    /// Keeps the database in `directory` (created when missing; replaced when it is unreadable
    /// or of another layout), or in a temporary directory removed with the index when
    /// `directory` is empty.
    explicit AppealIndex(const std::string& directory = {});
    ~AppealIndex();
    AppealIndex(const AppealIndex&) = delete;
    AppealIndex& operator=(const AppealIndex&) = delete;

    /// Adds or replaces these appeals and records `last_change` as the position reached, in one
    /// commit.
    void Apply(const std::vector<core::AppealSearchSource>& sources, std::int64_t last_change);
    /// Drops every document and the recorded position (a rebuild follows).
    void Clear();

    /// The page of hits; with `passages`, each with its snippet. The index keeps no copy of the
    /// texts: zlib-compressing one per appeal in the index was 8 % of a registration's CPU (issue
    /// 18, stop 40), and only a page of them is ever shown.
    [[nodiscard]] AppealIndexResult Search(const AppealIndexQuery& query,
                                           const AppealPassages& passages = {}) const;
    /// The text an appeal's snippet is cut from: its subject, text and comments, up to 16 KB.
    [[nodiscard]] static std::string SnippetPassage(const core::AppealSearchSource& source);

    /// The change-stream position the index holds everything up to (0: nothing indexed).
    [[nodiscard]] std::int64_t last_change() const;
    [[nodiscard]] std::size_t size() const;

private:
    struct State;
    struct Reader;
    [[nodiscard]] std::unique_ptr<Reader> TakeReader() const;
    void GiveBack(std::unique_ptr<Reader> reader) const;
    [[nodiscard]] static AppealIndexResult SearchWith(Reader& reader, const AppealIndexQuery& query,
                                                      const AppealPassages& passages);

    std::string directory_;
    bool temporary_ = false;
    mutable std::mutex mutex_;      // the writer
    std::unique_ptr<State> state_;  // guarded by mutex_
    mutable std::mutex readers_mutex_;
    mutable std::vector<std::unique_ptr<Reader>> idle_readers_;  // guarded by readers_mutex_
    mutable std::uint64_t generation_ = 0;                       // guarded by readers_mutex_
};

}  // namespace otklik::search

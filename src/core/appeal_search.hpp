#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"
#include "core/repositories.hpp"
#include "core/result.hpp"

namespace otklik::core {

/// Full-text search over appeals (issue 16; ARCHITECTURE "scriptable contract": GET
/// /api/v1/appeals?q=): subject, text, the applicant's name, incoming letters and public
/// comments, with Russian stemming, combined with the list's filters and the caller's
/// visibility (AppealFilter::visible_regions, set by AppealScope::Restrict). Implemented by the
/// PostgreSQL store itself (its `russian` text search, the same on every node) and, for the
/// embedded store, by search::XapianAppealSearch over an AppealSearchFeed. Thread-safe.
class AppealSearch {
public:
    virtual ~AppealSearch() = default;

    /// The appeals matching every word of `text` (stemmed; stop words dropped) and `filter`,
    /// most relevant first, ties newest first; `page.order` is ignored, `page.after` is a
    /// cursor from an earlier page of the same search. AppealPage::snippets holds, per item, a
    /// short passage with the matched words (HTML-escaped text, matches in <mark>…</mark>).
    /// A text without any word finds nothing; kValidation on field "after" for a bad cursor,
    /// kBadRequest "search_filter_unsupported" for a filter search cannot combine.
    [[nodiscard]] virtual Result<AppealPage> Search(std::string_view text,
                                                    const AppealFilter& filter,
                                                    const PageRequest& page) = 0;
};

/// Appeals changed after a point of the store's change stream.
struct AppealChanges {
    std::vector<std::int64_t> appeal_ids;  ///< in change order; an appeal may repeat
    std::int64_t last = 0;                 ///< the position after them (the `after` given if none)
};

/// One appeal as an index outside the store takes it.
struct AppealSearchSource {
    Appeal appeal;
    /// What the index holds besides the appeal: public comments and incoming letters (a letter
    /// that joins an appeal is stored as a comment by the e-mail channel), in time order.
    std::vector<Comment> comments;
};

/// Candidates of a search that the store kept: their ids in the order asked, and the appeals or
/// their queue summaries at the same positions.
struct PickedAppeals {
    std::vector<std::int64_t> ids;
    std::vector<Appeal> items;
    std::vector<std::string> summaries;
};

/// What an index kept outside the store (search::XapianAppealSearch) reads from it: the
/// change stream (every write of an appeal, its comments or links records one change, in
/// commit order), the texts to index, and the candidates it found re-checked against the
/// filter. Thread-safe.
class AppealSearchFeed {
public:
    virtual ~AppealSearchFeed() = default;

    /// Up to `limit` changes after position `after` (0: from the beginning).
    [[nodiscard]] virtual Result<AppealChanges> ChangesAfter(std::int64_t after, int limit) = 0;
    /// The position of the newest change (0 when none): an index recorded further on belongs to
    /// other data (a restored backup) and is rebuilt.
    [[nodiscard]] virtual Result<std::int64_t> LastChange() = 0;
    /// The appeals with these ids that exist, with their indexed comments.
    [[nodiscard]] virtual Result<std::vector<AppealSearchSource>> Sources(
        const std::vector<std::int64_t>& ids) = 0;
    /// Of the appeals with these ids, those `filter` keeps as the store has them now, in the
    /// order given: full appeals, or with `summaries_only` their queue summaries.
    [[nodiscard]] virtual Result<PickedAppeals> Pick(const std::vector<std::int64_t>& ids,
                                                     const AppealFilter& filter,
                                                     bool summaries_only) = 0;
};

/// The refusal of a filter full-text search does not combine with (overdue, triage review,
/// the applicant's e-mail, СНИЛС or phone — exact lookups the list answers on its own):
/// kBadRequest "search_filter_unsupported" naming it; nullopt when the filter is fine.
std::optional<Error> CheckSearchFilter(const AppealFilter& filter);

/// A search page's cursor ("s" and the offset of its first hit; "" is the first page):
/// relevance has no key a keyset could continue from, so the cursor counts hits. nullopt when
/// `cursor` is not one.
std::optional<std::size_t> ParseSearchCursor(std::string_view cursor);
std::string SearchCursor(std::size_t offset);

/// How many of a search's newest matches are ranked by relevance (docs/search.md): a query
/// broader than that shows the most relevant of its 5,000 newest matches, so that a word found
/// in most appeals costs the same at 1,000,000 appeals as at 10,000. A page further than that
/// widens the window to reach it.
std::size_t RankedSearchMatches(std::size_t offset, std::size_t limit);

/// Whether a comment is searchable: public comments and incoming letters (author "email").
/// Internal notes of staff are not.
bool IsSearchableComment(const Comment& comment);

}  // namespace otklik::core

#pragma once

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "core/knowledge.hpp"
#include "search/kb_bases.hpp"
#include "search/kb_index.hpp"

namespace otklik::search {

/// The knowledge bases as the API and the chatbot use them (KB-1, KB-2, KB-5): every change
/// goes to the store first and then to the index, so the index never shows what is not stored.
/// Thread-safe.
class KnowledgeBase {
public:
    KnowledgeBase(core::KbRepository& store, KbIndex& index) : store_(store), index_(index) {}

    /// Rebuilds the index from the store (at start and after bulk changes).
    void Reload();
    /// Brings one article's entry in the index to what the store holds now: indexed again, or
    /// removed when the article is gone (another node changed it: issue 14). Throws when the
    /// store does not answer.
    void Refresh(std::int64_t id);

    /// Creates a base (ValidateBase; kConflict "base_exists" when the code is taken).
    [[nodiscard]] core::Result<core::KbBase> CreateBase(const core::KbBase& base);
    /// Changes a base's name, regulation, region or parent (kNotFound for an unknown code). A
    /// new regulation is given to the base's articles, so that the chatbot finds them under it.
    [[nodiscard]] core::Result<core::KbBase> ConfigureBase(const std::string& code,
                                                           const KbBasePatch& patch,
                                                           const std::string& actor);

    /// Creates an article in an existing base; its regulation comes from the base as on import.
    [[nodiscard]] core::Result<core::KbArticle> Create(core::KbArticle article,
                                                       const std::string& actor);
    /// Saves an edit of an article at `article.version`; an edit of a copy published from a
    /// parent base marks it as locally edited, so that the next publication keeps it.
    [[nodiscard]] core::Result<core::KbArticle> Update(core::KbArticle article,
                                                       const std::string& actor);
    [[nodiscard]] core::Result<bool> Delete(std::int64_t id, const std::string& actor);

    /// Inserts new keys and updates known ones (by key) in one transaction; returns how many.
    /// Every article's base must exist; an article that names no regulation takes its base's,
    /// one that names another is refused (issue 15: an article without a regulation was
    /// invisible to the chatbot and the help site).
    [[nodiscard]] core::Result<int> Import(const std::vector<core::KbArticle>& articles,
                                           const std::string& actor);

    /// Publishes the parent's published FAQ into the child base `child` (KB-1, 002 §2.1):
    /// new articles are copied, unchanged copies are refreshed, locally edited copies and the
    /// child's own articles stay as they are. Returns the number of copies written.
    [[nodiscard]] core::Result<int> Publish(const std::string& child, const std::string& actor);

    /// The synonym groups kept for `base` itself (its parents' groups apply too, but are
    /// edited there).
    [[nodiscard]] core::Result<std::vector<core::KbSynonymGroup>> Synonyms(const std::string& base);
    /// Replaces the synonym groups of `base` and re-indexes, so that the next search uses them.
    /// Terms are trimmed and lower-cased; a group needs two different terms.
    [[nodiscard]] core::Result<std::vector<core::KbSynonymGroup>> SetSynonyms(
        const std::string& base, std::vector<std::vector<std::string>> groups);

    /// Loads demo content: articles in the data/demo JSON-lines format and synonym groups
    /// (tab-separated terms per line) that apply to every root base. Bases are derived from
    /// the articles' base codes ("bilet-region-16" is a child of the regulation's root base);
    /// a root base is named by a line's "base_name", else after its regulation.
    [[nodiscard]] core::Result<int> LoadDemo(const std::string& jsonl,
                                             const std::string& synonyms_tsv,
                                             const std::string& actor);

    [[nodiscard]] SearchResult Search(const SearchQuery& query) const {
        return index_.Search(query);
    }

    core::KbRepository& store() { return store_; }
    const KbIndex& index() const { return index_; }

private:
    core::KbRepository& store_;
    KbIndex& index_;
};

/// The JSON form of an article (API, export).
boost::json::object ArticleJson(const core::KbArticle& article);
/// Reads the article fields present in `body` over `article`; validation errors name fields.
[[nodiscard]] core::Result<core::KbArticle> ParseArticle(const boost::json::object& body,
                                                         core::KbArticle article);
/// CSV export (RFC 4180, header row, lists joined with ";").
std::string ArticlesCsv(const std::vector<core::KbArticle>& articles);
/// Parses the CSV that ArticlesCsv writes; the header names the columns.
[[nodiscard]] core::Result<std::vector<core::KbArticle>> ParseArticlesCsv(std::string_view csv);

}  // namespace otklik::search

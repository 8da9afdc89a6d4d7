#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/knowledge.hpp"
#include "search/kb_article_model.hpp"
#include "search/kb_confidence.hpp"

namespace otklik::search {

/// What to look for and for whom.
struct SearchQuery {
    std::string text;
    std::string regulation;          ///< "" for every regulation
    std::vector<std::string> bases;  ///< "" list: every base (after the region filter)
    std::string region;              ///< the applicant's region: its articles rank first and
                                     ///< other regions' articles are left out; "" keeps all
    std::string audience;            ///< the applicant's audience code; matching ranks first
    std::string kind = "faq";        ///< "faq", "script" or "" for both
    bool published_only = true;
    int limit = 3;
};

/// One found article.
struct SearchHit {
    std::int64_t id = 0;
    std::string key;
    std::string base;
    std::string category_name;
    std::string question;
    std::string answer;
    double score = 0;
};

struct SearchResult {
    std::vector<SearchHit> hits;
    /// The query with misspelt words corrected («Возможно, вы имели в виду»), "" when none.
    std::string corrected;
    /// Confidence(evidence, model_probability): how sure the search is that the best hit
    /// answers the question.
    double confidence = 0;
    /// confidence >= kConfidentAt: the chatbot and the help site show the hits only then
    /// (issue 15); below it they say that nothing was found. Always false without hits.
    bool confident = false;
    SearchEvidence evidence;
    /// The article classifier's probability of the best hit, when the index was unsure and
    /// asked it (0 otherwise): a second opinion on the confidence judgement.
    double model_probability = 0;
};

/// Which words of a question the index corrects from its spelling data (the questions' and
/// keywords' words of each base, built with the index).
enum class SpellingMode {
    kOff,
    kShortQueries,  ///< only queries of at most four words (the help site's search box)
    kAllQueries,    ///< every word no article has, whatever the question's length
};

/// The full-text index of the knowledge bases (KB-2, KB-3): Xapian with the Russian stemmer,
/// one database per base holding that base's synonyms and spelling dictionary, so that a search
/// over several bases combines exactly their synonyms. The store is the source of truth: the
/// index is rebuilt from it at start (docs/decisions/0005-kb-index-rebuilt-at-start.md).
/// All methods are thread-safe; Xapian failures are rethrown as std::runtime_error.
class KbIndex {
public:
    /// Keeps the databases in `directory` (created; its contents are replaced by Rebuild), or
    /// in a temporary folder removed at destruction when `directory` is empty. `model`: when
    /// the article classifier fused into the ranking is trained (none by default).
    explicit KbIndex(std::string directory = {}, ArticleModel model = ArticleModel::kOff);
    ~KbIndex();
    KbIndex(const KbIndex&) = delete;
    KbIndex& operator=(const KbIndex&) = delete;

    /// Replaces everything: bases (for their parents and regions), articles and synonym groups.
    /// A base's synonyms apply to it and to its child bases.
    void Rebuild(const std::vector<core::KbBase>& bases,
                 const std::vector<core::KbArticle>& articles,
                 const std::vector<core::KbSynonymGroup>& synonyms);
    /// Adds or replaces one article.
    void Upsert(const core::KbArticle& article);
    void Remove(std::int64_t id);

    /// The best `query.limit` articles, best first; an empty or stop-word-only text finds none.
    /// With the article classifier, the full-text ranking and the classifier's are fused
    /// (reciprocal ranks); which articles are eligible and the confidence stay the index's.
    [[nodiscard]] SearchResult Search(const SearchQuery& query) const;

    [[nodiscard]] std::size_t size() const;

    /// The article classifier's training (nothing trained, never busy without one).
    [[nodiscard]] ArticleModelProgress ModelProgress() const;

    /// Spelling correction; kAllQueries unless changed (measured by tests/search/kb_eval).
    void SetSpelling(SpellingMode mode);

private:
    struct State;
    void UpsertLocked(const core::KbArticle& article);
    /// Returns the classifier's probability of the fused best hit.
    double FuseWithModel(const SearchQuery& query, const std::vector<std::string>& bases,
                         std::vector<SearchHit>& hits) const;
    void TrainModelLocked();
    SearchResult SearchLocked(const SearchQuery& query) const;

    std::string directory_;
    bool temporary_ = false;
    int generation_ = 0;
    SpellingMode spelling_ = SpellingMode::kAllQueries;  // guarded by mutex_
    mutable std::mutex mutex_;
    std::unique_ptr<State> state_;  // guarded by mutex_
    std::unique_ptr<KbArticleModel> model_;
};

}  // namespace otklik::search

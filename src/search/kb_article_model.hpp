#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "classify/text_model.hpp"

#include "core/knowledge.hpp"

namespace otklik::search {

/// When the article classifier is trained (KbIndex).
enum class ArticleModel {
    kOff,          ///< the full-text ranking alone
    kSynchronous,  ///< trained before the index change returns (evaluations, tests)
    kBackground,   ///< trained by a thread of its own; searches use the last one ready (server)
};

/// How far the classifier's training has come, for the server's metrics and the tests that
/// wait for it over HTTP.
struct ArticleModelProgress {
    std::uint64_t trainings = 0;  ///< trainings finished since start
    bool busy = false;            ///< a training pending or under way
};

/// One article in the classifier's ranking and the probability it gives the article.
struct RankedArticle {
    std::int64_t id = 0;
    double probability = 0;
};

/// A classifier from a question to the articles that answer it, learned from the articles' own
/// words: each article's question, keywords and the first sentences of its answer, labelled by
/// its id (issue 15, docs/decisions/0010-kb-article-model.md). Words, word pairs and subwords
/// carry to paraphrases and typos the full-text index misses; KbIndex::Search fuses both
/// rankings. Thread-safe.
class KbArticleModel {
public:
    /// `folder` holds the training file while a model is trained.
    KbArticleModel(ArticleModel mode, std::filesystem::path folder);
    ~KbArticleModel();
    KbArticleModel(const KbArticleModel&) = delete;
    KbArticleModel& operator=(const KbArticleModel&) = delete;

    /// The labelled texts of `articles` (published ones).
    static std::vector<classify::LabelledText> TrainingRows(
        const std::unordered_map<std::int64_t, core::KbArticle>& articles);

    /// Trains on `rows` now (kSynchronous) or on the trainer thread (kBackground: a newer
    /// request replaces one not yet started); nothing with kOff.
    void Train(std::vector<classify::LabelledText> rows);

    /// Every article the model knows, most probable first.
    std::vector<RankedArticle> Rank(std::string_view question) const;

    /// Returns once no training is pending or under way (tests, evaluations).
    void WaitUntilTrained() const;

    [[nodiscard]] ArticleModelProgress Progress() const;

private:
    std::shared_ptr<const classify::TextModel> Build(
        const std::vector<classify::LabelledText>& rows) const;
    void Run(const std::stop_token& stop);

    ArticleModel mode_;
    std::filesystem::path folder_;
    mutable std::mutex mutex_;
    std::shared_ptr<const classify::TextModel> current_;          // guarded by mutex_
    std::optional<std::vector<classify::LabelledText>> pending_;  // guarded by mutex_
    bool training_ = false;                                       // guarded by mutex_
    std::uint64_t trainings_ = 0;                                 // guarded by mutex_
    std::atomic<bool> stopping_{false};  // ends a training under way at destruction
    std::condition_variable_any wake_;
    mutable std::condition_variable_any idle_;
    std::jthread trainer_;  // last: stopped and joined first
};

}  // namespace otklik::search

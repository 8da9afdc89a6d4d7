#include "search/kb_article_model.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <system_error>

#include <spdlog/spdlog.h>

#include "core/parse_integer.hpp"

namespace otklik::search {

namespace {

// The answer's first sentences say what it answers; the rest are steps and details.
constexpr std::size_t kAnswerSentences = 3;

std::vector<std::string> FirstSentences(const std::string& text, std::size_t count) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (out.size() < count && from < text.size()) {
        from = text.find_first_not_of(" \t\n", from);
        if (from == std::string::npos) break;
        std::size_t end = text.find_first_of(".!?\n", from);
        if (end == std::string::npos) end = text.size();
        if (end > from) out.push_back(text.substr(from, end - from));
        from = end + 1;
    }
    return out;
}

}  // namespace

KbArticleModel::KbArticleModel(ArticleModel mode, std::filesystem::path folder)
    : mode_(mode), folder_(std::move(folder)) {
    if (mode_ == ArticleModel::kBackground) {
        trainer_ = std::jthread([this](const std::stop_token& stop) { Run(stop); });
    }
}

KbArticleModel::~KbArticleModel() {
    if (trainer_.joinable()) {
        stopping_ = true;
        trainer_.request_stop();
        wake_.notify_all();
        trainer_.join();
    }
}

std::vector<classify::LabelledText> KbArticleModel::TrainingRows(
    const std::unordered_map<std::int64_t, core::KbArticle>& articles) {
    std::vector<const core::KbArticle*> sorted;  // id order: the same articles, the same model
    for (const auto& [id, article] : articles) {
        if (article.published) sorted.push_back(&article);
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* a, const auto* b) { return a->id < b->id; });
    std::vector<classify::LabelledText> rows;
    for (const core::KbArticle* article : sorted) {
        const std::string label = std::to_string(article->id);
        rows.push_back({label, article->question});
        for (const auto& keyword : article->keywords) rows.push_back({label, keyword});
        for (auto& sentence : FirstSentences(article->answer, kAnswerSentences)) {
            rows.push_back({label, std::move(sentence)});
        }
    }
    return rows;
}

std::shared_ptr<const classify::TextModel> KbArticleModel::Build(
    const std::vector<classify::LabelledText>& rows) const {
    if (rows.empty()) return nullptr;
    const auto file = folder_ / "article-model.bin";
    const auto started = std::chrono::steady_clock::now();
    if (auto trained = classify::TextModel::Train(rows, file, [this] { return stopping_.load(); });
        !trained) {
        if (!stopping_) spdlog::warn("kb: article model not trained: {}", trained.error().message);
        return nullptr;
    }
    auto loaded = classify::TextModel::Load(file);
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    if (!loaded) {
        spdlog::warn("kb: article model not loaded: {}", loaded.error().message);
        return nullptr;
    }
    spdlog::info("kb: article model of {} texts trained in {} ms", rows.size(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count());
    return std::move(*loaded);
}

void KbArticleModel::Train(std::vector<classify::LabelledText> rows) {
    switch (mode_) {
        case ArticleModel::kOff:
            return;
        case ArticleModel::kSynchronous: {
            auto model = Build(rows);
            const std::lock_guard lock(mutex_);
            current_ = std::move(model);
            ++trainings_;
            return;
        }
        case ArticleModel::kBackground: {
            const std::lock_guard lock(mutex_);
            pending_ = std::move(rows);
            wake_.notify_all();
            return;
        }
    }
}

void KbArticleModel::Run(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
        std::vector<classify::LabelledText> rows;
        {
            std::unique_lock lock(mutex_);
            if (!wake_.wait(lock, stop, [&] { return pending_.has_value(); })) return;
            rows = std::move(*pending_);
            pending_.reset();
            training_ = true;
        }
        auto model = Build(rows);
        const std::lock_guard lock(mutex_);
        current_ = std::move(model);
        training_ = false;
        ++trainings_;
        idle_.notify_all();
    }
}

void KbArticleModel::WaitUntilTrained() const {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return !pending_ && !training_; });
}

ArticleModelProgress KbArticleModel::Progress() const {
    const std::lock_guard lock(mutex_);
    return {.trainings = trainings_, .busy = pending_.has_value() || training_};
}

std::vector<RankedArticle> KbArticleModel::Rank(std::string_view question) const {
    std::shared_ptr<const classify::TextModel> model;
    {
        const std::lock_guard lock(mutex_);
        model = current_;
    }
    std::vector<RankedArticle> out;
    if (!model) return out;
    for (const auto& [label, probability] : model->Classify(question)) {
        if (const auto id = core::ParseInteger<std::int64_t>(label)) {
            out.push_back({*id, probability});
        }
    }
    return out;
}

}  // namespace otklik::search

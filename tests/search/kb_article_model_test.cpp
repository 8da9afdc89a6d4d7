// The knowledge base's article classifier fused into the ranking (issue 15, KB-1,
// docs/decisions/0010-kb-article-model.md): what it learns from, that it finds a paraphrase the
// full-text index misses, that a confident answer of the index stands, and its background
// trainer.

#include "search/kb_article_model.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "kb_support.hpp"
#include "support/temp_dir.hpp"
#include <gtest/gtest.h>

namespace otklik::search {
namespace {

core::KbArticle Article(std::int64_t id, std::string question, std::string answer,
                        std::vector<std::string> keywords, bool published = true) {
    core::KbArticle a =
        testing::SmallArticle(id, std::move(question), std::move(answer), std::move(keywords));
    a.published = published;
    return a;
}

std::vector<std::string> Keys(const SearchResult& result) {
    std::vector<std::string> keys;
    for (const auto& hit : result.hits) keys.push_back(hit.key);
    return keys;
}

SearchResult Ask(testing::KbFixture& fixture, const std::string& text,
                 const std::string& regulation = "bilet") {
    SearchQuery query;
    query.text = text;
    query.regulation = regulation;
    query.limit = 3;
    return fixture.kb.Search(query);
}

TEST(KbArticleModel, LearnsEachPublishedArticlesQuestionKeywordsAndFirstSentences) {
    std::unordered_map<std::int64_t, core::KbArticle> articles;
    articles[2] =
        Article(2, "Как сменить школу?", "Раз. Два! Три? Четыре.", {"перевод в другую школу"});
    articles[1] = Article(1, "Черновик", "Текст.", {}, false);
    const auto rows = KbArticleModel::TrainingRows(articles);
    std::vector<std::string> texts;
    for (const auto& row : rows) {
        EXPECT_EQ(row.label, "2") << "unpublished articles are not learned";
        texts.push_back(row.text);
    }
    EXPECT_EQ(texts, (std::vector<std::string>{"Как сменить школу?", "перевод в другую школу",
                                               "Раз", "Два", "Три"}));
}

// A parent's own words for «Зачем нужно согласие родителя…» (bilet-045): the index alone puts
// «Родитель не видит данные ребёнка…» first, on «родителей»; the classifier brings the consent
// article up. (Until stop 32 an engineer's words for bilet-090 showed this; that article's
// everyday phrasings now let the index find it alone.)
TEST(KbArticleModel, BringsUpAParaphraseTheIndexAlonePlacesLow) {
    const std::string question =
        "в школе говорят что без согласия родителей не пустят, где его взять";
    testing::KbFixture index_only;
    index_only.LoadDemo();
    const auto alone = Keys(Ask(index_only, question));
    ASSERT_FALSE(alone.empty());
    EXPECT_NE(alone.front(), "bilet-045") << "the premise";

    testing::KbFixture fused(ArticleModel::kSynchronous);
    fused.LoadDemo();
    const auto both = Keys(Ask(fused, question));
    ASSERT_FALSE(both.empty());
    EXPECT_EQ(both.front(), "bilet-045");
}

// A parent's question about a son's own account: the index alone is unsure and puts «Когда и
// как записать ребёнка в первый класс?» first; fused, «Как ребёнку создать свою учётную
// запись?» comes first and the classifier's share raises the confidence. (Until stop 32 a
// question about the cost turned from unsure to confident; bilet-003's everyday phrasings now
// make the index alone confident of it, which KbTest.ThePublicSearchAndTheChatbotAnswer… checks
// over HTTP.)
TEST(KbArticleModel, RaisesTheRightArticleAndTheConfidenceOfAnUnsureAnswer) {
    const std::string question = "сын получил первый паспорт, как ему отдельный кабинет завести";
    testing::KbFixture index_only;
    index_only.LoadDemo();
    const auto alone = Ask(index_only, question, "epgu");
    ASSERT_FALSE(alone.hits.empty());
    EXPECT_NE(alone.hits.front().key, "epgu-121") << "the premise";
    EXPECT_FALSE(alone.confident) << "the premise";

    testing::KbFixture fused(ArticleModel::kSynchronous);
    fused.LoadDemo();
    const auto both = Ask(fused, question, "epgu");
    ASSERT_FALSE(both.hits.empty());
    EXPECT_EQ(both.hits.front().key, "epgu-121");
    EXPECT_GT(both.model_probability, 0) << "the classifier was asked";
    EXPECT_GT(both.confidence, alone.confidence);
}

// An article the index found below its first ten and the classifier ranks high is listed once.
TEST(KbArticleModel, ListsAnArticleBothRankingsFoundOnce) {
    testing::KbFixture fused(ArticleModel::kSynchronous);
    fused.LoadDemo();
    SearchQuery query;
    query.text = "я инженер на заводе, хочу вести пробы для школьников, с чего начать";
    query.regulation = "bilet";
    query.limit = 20;
    auto keys = Keys(fused.kb.Search(query));
    ASSERT_GE(keys.size(), 10u);
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
}

TEST(KbArticleModel, AConfidentAnswerOfTheIndexStands) {
    testing::KbFixture index_only;
    index_only.LoadDemo();
    testing::KbFixture fused(ArticleModel::kSynchronous);
    fused.LoadDemo();
    const std::string question = "Как ученику зарегистрироваться на платформе?";
    const auto alone = Ask(index_only, question);
    ASSERT_TRUE(alone.confident);
    EXPECT_EQ(Keys(Ask(fused, question)), Keys(alone));
}

TEST(KbArticleModel, TheBackgroundTrainerServesTheLatestArticles) {
    otklik::testing::TempDir dir;
    KbArticleModel model(ArticleModel::kBackground, dir.path());
    EXPECT_TRUE(model.Rank("как сменить школу").empty()) << "nothing before the first training";
    std::unordered_map<std::int64_t, core::KbArticle> articles;
    articles[7] = Article(7, "Как сменить школу?", "Откройте профиль и выберите новую школу.",
                          {"перевод в другую школу", "переехали, новая школа"});
    articles[9] = Article(9, "Как восстановить пароль?", "Нажмите «Забыли пароль».",
                          {"не помню пароль", "забыл пароль"});
    model.Train(KbArticleModel::TrainingRows(articles));
    model.WaitUntilTrained();
    const auto ranked = model.Rank("мы переехали, как перевести ребенка в другую школу");
    ASSERT_EQ(ranked.size(), 2u);
    EXPECT_EQ(ranked.front().id, 7);
    EXPECT_GT(ranked.front().probability, ranked.back().probability);
}

}  // namespace
}  // namespace otklik::search

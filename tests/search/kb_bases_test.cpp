// Issue 15: bases as objects of their own, articles taking their base's regulation, the
// confidence judgement and spelling correction of long questions.
#include "search/kb_bases.hpp"

#include "kb_support.hpp"
#include <gtest/gtest.h>

namespace otklik::search {
namespace {

using testing::KbFixture;

core::KbBase Base(std::string code, std::string parent, std::string regulation) {
    core::KbBase b;
    b.code = std::move(code);
    b.name = "База " + b.code;
    b.parent = std::move(parent);
    b.regulation = std::move(regulation);
    return b;
}

bool HasField(const core::Error& error, const std::string& field, const std::string& code) {
    for (const auto& f : error.fields) {
        if (f.field == field && f.code == code) return true;
    }
    return false;
}

TEST(KbBases, AChildTakesItsParentsRegulationAndMayNotContradictIt) {
    const std::vector<core::KbBase> bases = {Base("root", "", "bilet")};
    auto child = ValidateBase(Base("root-16", "root", ""), bases);
    ASSERT_TRUE(child.has_value()) << child.error().message;
    EXPECT_EQ(child->regulation, "bilet");
    const auto other = ValidateBase(Base("root-77", "root", "epgu"), bases);
    ASSERT_FALSE(other.has_value());
    EXPECT_TRUE(HasField(other.error(), "regulation", "parent_mismatch"));
    const auto orphan = ValidateBase(Base("lonely", "", ""), bases);
    ASSERT_FALSE(orphan.has_value());
    EXPECT_TRUE(HasField(orphan.error(), "regulation", "required"));
}

TEST(KbBases, AParentCycleIsRefused) {
    const std::vector<core::KbBase> bases = {Base("a", "", "bilet"), Base("b", "a", "bilet"),
                                             Base("c", "b", "bilet")};
    const auto cycle = ValidateBase(Base("a", "c", "bilet"), bases);
    ASSERT_FALSE(cycle.has_value());
    EXPECT_TRUE(HasField(cycle.error(), "parent", "cycle"));
    const auto self = ValidateBase(Base("a", "a", "bilet"), bases);
    ASSERT_FALSE(self.has_value());
    EXPECT_TRUE(HasField(self.error(), "parent", "cycle"));
    EXPECT_TRUE(ValidateBase(Base("c", "a", "bilet"), bases).has_value());
}

TEST(KbBases, CodesAndRegionsAreChecked) {
    auto bad = Base("Билет", "", "bilet");
    bad.region = "Татарстан";
    bad.name = " ";
    const auto refused = ValidateBase(bad, {});
    ASSERT_FALSE(refused.has_value());
    EXPECT_TRUE(HasField(refused.error(), "code", "invalid"));
    EXPECT_TRUE(HasField(refused.error(), "region", "invalid"));
    EXPECT_TRUE(HasField(refused.error(), "name", "required"));
}

TEST(KbBases, ImportFillsTheRegulationFromTheBaseAndRefusesUnknownBases) {
    KbFixture f;
    ASSERT_TRUE(f.kb.CreateBase(Base("school", "", "bilet")).has_value());
    EXPECT_EQ(f.kb.CreateBase(Base("school", "", "bilet")).error().code, "base_exists");
    core::KbArticle article;
    article.key = "school-1";
    article.base = "school";
    article.question = "Когда работает школьная столовая?";
    article.answer = "С восьми до четырёх.";
    ASSERT_TRUE(f.kb.Import({article}, "test").has_value());
    EXPECT_EQ(f.kb_store.FindArticleByKey("school-1")->regulation, "bilet");
    // The chatbot's search (under the regulation) sees it.
    SearchQuery query;
    query.text = "столовая";
    query.regulation = "bilet";
    ASSERT_EQ(f.kb.Search(query).hits.size(), 1u);

    article.key = "nowhere-1";
    article.base = "nowhere";
    const auto unknown = f.kb.Import({article}, "test");
    ASSERT_FALSE(unknown.has_value());
    EXPECT_TRUE(HasField(unknown.error(), "items[0].base", "unknown_base"));
    article.base = "school";
    article.regulation = "epgu";
    const auto mismatch = f.kb.Create(article, "test");
    ASSERT_FALSE(mismatch.has_value());
    EXPECT_TRUE(HasField(mismatch.error(), "regulation", "base_mismatch"));
}

TEST(KbBases, ANewRegulationMovesTheBasesArticles) {
    KbFixture f;
    ASSERT_TRUE(f.kb.CreateBase(Base("solo", "", "bilet")).has_value());
    core::KbArticle article;
    article.base = "solo";
    article.question = "Как подтвердить учётную запись?";
    article.answer = "В центре обслуживания.";
    ASSERT_TRUE(f.kb.Create(article, "test").has_value());
    KbBasePatch patch;
    patch.regulation = "epgu";
    ASSERT_TRUE(f.kb.ConfigureBase("solo", patch, "test").has_value());
    const auto articles = f.kb_store.ListArticles("solo", false);
    ASSERT_EQ(articles->size(), 1u);
    EXPECT_EQ(articles->front().regulation, "epgu");
    SearchQuery query;
    query.text = "подтвердить учётную запись";
    query.regulation = "epgu";
    EXPECT_EQ(f.kb.Search(query).hits.size(), 1u);
    EXPECT_EQ(f.kb.ConfigureBase("none", patch, "test").error().kind, core::ErrorKind::kNotFound);
}

TEST(KbConfidence, TheBaseKnowsItsQuestionsAndNotAMortgage) {
    KbFixture f;
    f.LoadDemo();
    SearchQuery query;
    query.regulation = "epgu";
    query.text = "как восстановить пароль от госуслуг";
    const auto known = f.kb.Search(query);
    ASSERT_FALSE(known.hits.empty());
    EXPECT_TRUE(known.confident) << known.confidence;
    EXPECT_EQ(known.hits[0].key, "epgu-020");
    query.text = "можно ли через госуслуги оформить ипотеку";
    const auto unknown = f.kb.Search(query);
    EXPECT_FALSE(unknown.hits.empty()) << "the nearest articles are still listed";
    EXPECT_FALSE(unknown.confident) << unknown.confidence;
    EXPECT_LT(unknown.confidence, known.confidence);
}

TEST(KbConfidence, WordsNoArticleHasCountAgainstTheAnswer) {
    SearchEvidence e;
    e.content_words = 3;
    e.known_words = 2;
    e.matched_words = 2;
    e.known_weight = 4;
    e.weight = 7;  // one unknown word of weight 3
    e.matched_weight = 4;
    e.title_weight = 4;
    e.asked_cover = 0.5;  // the question has half of the article's own question
    EXPECT_NEAR(Confidence(e), 0.7 * 4.0 / (4 + 2 * 3) + 0.3 * 0.5, 1e-9);
    e.weight = 4;  // every word known and matched in the article's own question
    e.asked_cover = 1;
    EXPECT_DOUBLE_EQ(Confidence(e), 1.0);
    EXPECT_DOUBLE_EQ(Confidence(SearchEvidence{}), 0.0);
}

// Issue 15: a typo-heavy chatbot question (more than four words) is corrected from the bases'
// own words and finds its article.
TEST(KbSpelling, ALongTypoHeavyQuestionIsCorrected) {
    KbFixture f;
    f.LoadDemo();
    SearchQuery query;
    query.regulation = "epgu";
    query.text = "как изминить номер тилефона в профеле на портали";
    const auto result = f.kb.Search(query);
    EXPECT_NE(result.corrected.find("изменить"), std::string::npos) << result.corrected;
    EXPECT_NE(result.corrected.find("телефона"), std::string::npos) << result.corrected;
    ASSERT_FALSE(result.hits.empty());
    EXPECT_EQ(result.hits[0].key, "epgu-040");
    EXPECT_TRUE(result.confident) << result.confidence;
    f.index.SetSpelling(SpellingMode::kShortQueries);
    EXPECT_TRUE(f.kb.Search(query).corrected.empty());
}

}  // namespace
}  // namespace otklik::search

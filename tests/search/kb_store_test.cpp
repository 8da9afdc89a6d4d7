#include "kb_support.hpp"
#include <gtest/gtest.h>

namespace otklik::search {
namespace {

using testing::KbFixture;

core::KbArticle Article(std::string key, std::string base, std::string question) {
    core::KbArticle a;
    a.key = std::move(key);
    a.base = std::move(base);
    a.regulation = "bilet";
    a.question = std::move(question);
    a.answer = "Ответ на вопрос.";
    a.audience = {"any"};
    return a;
}

TEST(KbStore, EditWritesAVersionWithWhoChangedWhat) {
    KbFixture f;
    ASSERT_TRUE(f.kb_store.SaveBase({"bilet", "Федеральная", "", "bilet", ""}).has_value());
    auto created = f.kb.Create(Article("a-1", "bilet", "Как войти"), "ivanova");
    ASSERT_TRUE(created.has_value());
    auto edit = *created;
    edit.answer = "Новый ответ.";
    auto saved = f.kb.Update(edit, "petrov");
    ASSERT_TRUE(saved.has_value());
    EXPECT_EQ(saved->version, 2);
    const auto revisions = f.kb_store.Revisions(saved->id);
    ASSERT_TRUE(revisions.has_value());
    ASSERT_EQ(revisions->size(), 2u);
    EXPECT_EQ((*revisions)[1].actor, "petrov");
    EXPECT_NE((*revisions)[1].changes.find("answer"), std::string::npos);
    EXPECT_EQ((*revisions)[1].changes.find("question"), std::string::npos);
    // A stale version is refused.
    EXPECT_EQ(f.kb.Update(edit, "sidorov").error().code, "version_conflict");
}

TEST(KbStore, PublishingKeepsTheChildsLocalArticlesAndEdits) {
    KbFixture f;
    ASSERT_TRUE(f.kb_store.SaveBase({"bilet", "Федеральная", "", "bilet", ""}).has_value());
    ASSERT_TRUE(
        f.kb_store.SaveBase({"bilet-region-16", "Татарстан", "bilet", "bilet", "16"}).has_value());
    auto parent_a = f.kb.Create(Article("p-1", "bilet", "Как записаться на профпробу"), "fed");
    auto parent_b = f.kb.Create(Article("p-2", "bilet", "Как пройти тест"), "fed");
    ASSERT_TRUE(parent_a && parent_b);
    ASSERT_TRUE(f.kb.Create(Article("l-1", "bilet-region-16", "Местный вопрос"), "reg"));
    auto published = f.kb.Publish("bilet-region-16", "reg");
    ASSERT_TRUE(published.has_value());
    EXPECT_EQ(*published, 2);
    // The region edits one copy; the federal base changes both originals.
    auto copy = f.kb_store.FindArticleByKey("p-1@bilet-region-16");
    ASSERT_TRUE(copy.has_value());
    copy->answer = "Местная редакция ответа.";
    ASSERT_TRUE(f.kb.Update(*copy, "reg").has_value());
    for (auto original : {*parent_a, *parent_b}) {
        original.answer = "Федеральная правка.";
        ASSERT_TRUE(f.kb.Update(original, "fed").has_value());
    }
    published = f.kb.Publish("bilet-region-16", "reg");
    ASSERT_TRUE(published.has_value());
    EXPECT_EQ(*published, 1);
    EXPECT_EQ(f.kb_store.FindArticleByKey("p-1@bilet-region-16")->answer,
              "Местная редакция ответа.");
    EXPECT_EQ(f.kb_store.FindArticleByKey("p-2@bilet-region-16")->answer, "Федеральная правка.");
    EXPECT_EQ(f.kb_store.FindArticleByKey("l-1")->question, "Местный вопрос");
}

TEST(KbStore, CsvExportImportsBackUnchanged) {
    KbFixture f;
    ASSERT_TRUE(f.kb_store.SaveBase({"bilet", "Федеральная", "", "bilet", ""}).has_value());
    auto a = Article("c-1", "bilet", "Вопрос, с запятой и \"кавычками\"");
    a.answer = "Строка 1\nСтрока 2";
    a.keywords = {"вход", "пароль"};
    ASSERT_TRUE(f.kb.Create(a, "t").has_value());
    const auto csv = ArticlesCsv(*f.kb_store.ListArticles("", false));
    const auto parsed = ParseArticlesCsv(csv);
    ASSERT_TRUE(parsed.has_value());
    ASSERT_EQ(parsed->size(), 1u);
    EXPECT_EQ((*parsed)[0].question, a.question);
    EXPECT_EQ((*parsed)[0].answer, a.answer);
    EXPECT_EQ((*parsed)[0].keywords, a.keywords);
}

TEST(KbStore, ChatSessionSurvivesReopeningTheFile) {
    otklik::testing::TempDir dir;
    {
        storage::sqlite::SqliteStore store({dir.File("otklik.db"), 1});
        core::KbRepository& kb = store.Knowledge();
        core::ChatSession session{"abc", "{}", "", "", {}, {}, 0};
        auto saved = kb.SaveSession(session);
        ASSERT_TRUE(saved.has_value());
        saved->outcome = "solved";
        ASSERT_TRUE(kb.SaveSession(*saved).has_value());
        // The first version is stale now.
        EXPECT_FALSE(kb.SaveSession(session).has_value());
    }
    storage::sqlite::SqliteStore store({dir.File("otklik.db"), 1});
    core::KbRepository& kb = store.Knowledge();
    const auto found = kb.FindSession("abc");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->outcome, "solved");
    EXPECT_EQ(kb.CountSessions()->solved, 1);
}

}  // namespace
}  // namespace otklik::search

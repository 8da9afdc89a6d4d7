// core::KbRepository: knowledge bases, articles with optimistic versions and revisions,
// synonym groups, and chatbot sessions that survive a restart.
#include <algorithm>

#include "store_contract.hpp"

namespace otklik::storage::contract {
namespace {

class KbContract : public StoreContract {
protected:
    core::KbArticle Article(const std::string& key, const std::string& base = "bilet") {
        core::KbArticle article;
        article.key = key;
        article.base = base;
        article.regulation = "bilet";
        article.category = "login";
        article.category_name = "Вход";
        article.audience = {"school_student", "citizen"};
        article.question = "Как войти в личный кабинет?";
        article.answer = "Нажмите «Войти» и введите логин.";
        article.keywords = {"вход", "кабинет"};
        return article;
    }
};

TEST_P(KbContract, BasesAreSavedByCodeAndListed) {
    ASSERT_TRUE(kb().SaveBase({"bilet", "Федеральная", "", "bilet", ""}));
    ASSERT_TRUE(kb().SaveBase({"bilet-region-16", "Татарстан", "bilet", "bilet", "16"}));
    ASSERT_TRUE(kb().SaveBase({"bilet", "Федеральная база", "", "bilet", ""}));
    const auto bases = kb().ListBases().value();
    ASSERT_EQ(bases.size(), 2u);
    EXPECT_EQ(bases[0].code, "bilet");
    EXPECT_EQ(bases[0].name, "Федеральная база") << "saving a code again replaces the base";
    EXPECT_EQ(bases[1].parent, "bilet");
    EXPECT_EQ(bases[1].region, "16");
}

TEST_P(KbContract, ArticlesAreVersionedWithRevisionsOfWhatChanged) {
    const auto saved = kb().SaveArticle(Article("bilet-001"), "editor");
    ASSERT_TRUE(saved);
    EXPECT_GT(saved->id, 0);
    EXPECT_EQ(saved->version, 1);
    EXPECT_EQ(saved->updated_by, "editor");
    EXPECT_EQ(kb().SaveArticle(Article("bilet-001"), "editor").error().code, "duplicate_key");

    auto edit = *saved;
    edit.answer = "Нажмите «Войти через Госуслуги».";
    const auto edited = kb().SaveArticle(edit, "ivanova");
    ASSERT_TRUE(edited);
    EXPECT_EQ(edited->version, 2);
    const auto stale = kb().SaveArticle(edit, "petrov");
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, "version_conflict");

    const auto found = kb().FindArticle(saved->id).value();
    EXPECT_EQ(found.answer, "Нажмите «Войти через Госуслуги».");
    EXPECT_EQ(found.audience, (std::vector<std::string>{"school_student", "citizen"}));
    EXPECT_EQ(found.keywords, (std::vector<std::string>{"вход", "кабинет"}));
    EXPECT_EQ(found.category_name, "Вход");
    EXPECT_EQ(kb().FindArticleByKey("bilet-001")->id, saved->id);
    EXPECT_EQ(kb().FindArticleByKey("nope").error().kind, core::ErrorKind::kNotFound);

    const auto revisions = kb().Revisions(saved->id).value();
    ASSERT_EQ(revisions.size(), 2u);
    EXPECT_EQ(revisions[1].version, 2);
    EXPECT_EQ(revisions[1].actor, "ivanova");
    EXPECT_NE(revisions[1].changes.find("answer"), std::string::npos);
    EXPECT_EQ(revisions[1].changes.find("question"), std::string::npos) << "only what changed";
}

TEST_P(KbContract, ArticlesAreListedByBaseAndPublicationAndDeletedWithARevision) {
    auto draft = Article("bilet-002");
    draft.published = false;
    auto regional = Article("r16-001", "bilet-region-16");
    regional.origin_key = "bilet-001";
    regional.origin_version = 1;
    regional.locally_edited = true;
    EXPECT_EQ(kb().SaveArticles({Article("bilet-001"), draft, regional}, "import").value(), 3);
    EXPECT_EQ(kb().ListArticles("", false)->size(), 3u);
    EXPECT_EQ(kb().ListArticles("bilet", false)->size(), 2u);
    EXPECT_EQ(kb().ListArticles("bilet", true)->size(), 1u);
    const auto copy = kb().FindArticleByKey("r16-001").value();
    EXPECT_EQ(copy.origin_key, "bilet-001");
    EXPECT_EQ(copy.origin_version, 1);
    EXPECT_TRUE(copy.locally_edited);

    EXPECT_FALSE(kb().SaveArticles({Article("bilet-003"), Article("bilet-001")}, "import"))
        << "one duplicate refuses the whole import";
    EXPECT_FALSE(kb().FindArticleByKey("bilet-003"));

    const auto id = kb().FindArticleByKey("bilet-002")->id;
    EXPECT_TRUE(kb().DeleteArticle(id, "editor").value());
    EXPECT_FALSE(kb().FindArticle(id));
    EXPECT_EQ(kb().Revisions(id)->size(), 2u) << "the deletion is a revision too";
    EXPECT_FALSE(kb().DeleteArticle(id, "editor"));
}

TEST_P(KbContract, SynonymGroupsAreReplacedPerBase) {
    ASSERT_EQ(kb().SetSynonyms("bilet", {{"bilet", {"ЕПГУ", "госуслуги"}},
                                         {"bilet", {"ЛК", "личный кабинет"}}})
                  .value(),
              2);
    ASSERT_TRUE(kb().SetSynonyms("epgu", {{"epgu", {"ЕСИА", "учётная запись"}}}));
    EXPECT_EQ(kb().Synonyms("")->size(), 3u);
    ASSERT_TRUE(kb().SetSynonyms("bilet", {{"bilet", {"вход", "авторизация"}}}));
    const auto bilet = kb().Synonyms("bilet").value();
    ASSERT_EQ(bilet.size(), 1u);
    EXPECT_EQ(bilet[0].terms, (std::vector<std::string>{"вход", "авторизация"}));
    EXPECT_EQ(kb().Synonyms("epgu")->size(), 1u);
}

TEST_P(KbContract, ChatSessionsAreOptimisticCountedAndSurviveAReopening) {
    core::ChatSession session{
        "abc", "{}", "", "", At("2026-03-02T07:00:00Z"), At("2026-03-02T07:00:00Z"), 0};
    auto saved = kb().SaveSession(session);
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->version, 1);
    EXPECT_EQ(kb().SaveSession(session).error().code, "version_conflict")
        << "a second new session with the same id";
    saved->outcome = "solved";
    saved->state = R"({"step":"done"})";
    ASSERT_TRUE(kb().SaveSession(*saved));
    EXPECT_FALSE(kb().SaveSession(*saved)) << "version 1 is stale now";
    core::ChatSession registered{"def",
                                 "{}",
                                 "registered",
                                 "ББ-2026-000001",
                                 At("2026-03-02T07:00:00Z"),
                                 At("2026-03-02T07:00:00Z"),
                                 0};
    ASSERT_TRUE(kb().SaveSession(registered));

    Reopen();
    const auto found = kb().FindSession("abc").value();
    EXPECT_EQ(found.outcome, "solved");
    EXPECT_EQ(found.state, R"({"step":"done"})");
    EXPECT_EQ(found.version, 2);
    EXPECT_EQ(kb().FindSession("def")->appeal_uin, "ББ-2026-000001");
    EXPECT_EQ(kb().FindSession("zzz").error().kind, core::ErrorKind::kNotFound);
    const auto counts = kb().CountSessions().value();
    EXPECT_EQ(counts.sessions, 2);
    EXPECT_EQ(counts.solved, 1);
    EXPECT_EQ(counts.registered, 1);
    EXPECT_EQ(counts.status, 0);
}

OTKLIK_STORE_CONTRACT(KbContract);

}  // namespace
}  // namespace otklik::storage::contract

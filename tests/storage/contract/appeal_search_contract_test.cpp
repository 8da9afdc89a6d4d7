// core::AppealSearch as every store must answer it (issue 16; issue 14: the same on every node):
// the embedded store through the Xapian index fed from its change stream, PostgreSQL through its
// own `russian` text search. Russian stemming, letters and public comments, the list's filters
// and the caller's scope, relevance with a stable tie-break, paging, incremental indexing.
#include <memory>
#include <set>

#include "store_contract.hpp"

#include "search/appeal_search.hpp"

namespace otklik::storage::contract {
namespace {

using core::Appeal;
using core::AppealFilter;
using core::PageRequest;

class AppealSearchContract : public StoreContract {
protected:
    void SetUp() override {
        StoreContract::SetUp();
        OpenSearch();
    }
    void TearDown() override {
        xapian_.reset();
        StoreContract::TearDown();
    }

    // The store's own search, or the embedded store's index in memory over its change stream.
    void OpenSearch() {
        search_ = store().NativeSearch();
        if (search_ == nullptr) {
            xapian_ = std::make_unique<search::XapianAppealSearch>(
                store().SearchFeed(), search::XapianAppealSearchOptions{});
            search_ = xapian_.get();
        }
    }

    Appeal Register(core::NewAppeal request) {
        auto registered = appeals().Register(std::move(request));
        EXPECT_TRUE(registered) << (registered ? "" : registered.error().message);
        return registered ? registered->appeal : Appeal{};
    }

    Appeal Register(const std::string& subject, const std::string& text,
                    const std::string& region = "77", const std::string& group = "line1",
                    core::Instant created = At("2026-03-02T07:00:00Z")) {
        auto request = MakeRequest(text, group, created);
        request.appeal.subject = subject;
        request.appeal.applicant.region = region;
        return Register(std::move(request));
    }

    core::AppealPage Search(const std::string& text, AppealFilter filter = {},
                            PageRequest page = {}) {
        auto found = search_->Search(text, filter, page);
        EXPECT_TRUE(found) << (found ? "" : found.error().message);
        return found ? *found : core::AppealPage{};
    }

    std::vector<std::string> Uins(const core::AppealPage& page) {
        std::vector<std::string> uins;
        for (const auto& appeal : page.items) uins.push_back(appeal.uin);
        return uins;
    }

    void Comment(const Appeal& appeal, const std::string& text, core::Visibility visibility,
                 const std::string& author = "petrov") {
        const core::Comment comment{0,      appeal.id, At("2026-03-02T09:00:00Z"),
                                    author, text,      visibility};
        const core::HistoryEntry entry{0, appeal.id, comment.at, author, "comment", {}, ""};
        ASSERT_TRUE(appeals().AddComment(comment, entry));
    }

    core::AppealSearch* search_ = nullptr;
    std::unique_ptr<search::XapianAppealSearch> xapian_;
};

TEST_P(AppealSearchContract, FindsWordsInAnyFormThroughRussianStemming) {
    const auto report = Register("Не формируется отчёт", "Школа не может сдать отчёты за март");
    Register("Вопрос о пароле", "Не приходит письмо для сброса пароля");
    // «отчетов» ↔ «отчёт», «школы» ↔ «Школа»: the stem, with «ё» as «е».
    EXPECT_EQ(Uins(Search("отчетов")), std::vector<std::string>{report.uin});
    EXPECT_EQ(Uins(Search("школы отчет")), std::vector<std::string>{report.uin});
    // Every word must match.
    EXPECT_TRUE(Search("отчет пароль").items.empty());
    // The applicant's surname in another case (issue 16: «СМИРНОВОЙ» found nothing).
    EXPECT_EQ(Search("СМИРНОВОЙ").items.size(), 2u);
    EXPECT_TRUE(Search("   ").items.empty());
}

TEST_P(AppealSearchContract, FindsLettersAndPublicCommentsButNotInternalNotes) {
    const auto appeal = Register("Справка", "Нужна справка об обучении");
    Comment(appeal, "Просим приложить квитанцию", core::Visibility::kPublic);
    Comment(appeal, "Письмо заявителя:\nОтправляю сканированный договор",
            core::Visibility::kInternal, "email");
    Comment(appeal, "Заявитель грубил по телефону", core::Visibility::kInternal);
    EXPECT_EQ(Uins(Search("квитанции")), std::vector<std::string>{appeal.uin});
    EXPECT_EQ(Uins(Search("договора")), std::vector<std::string>{appeal.uin});
    EXPECT_TRUE(Search("грубил").items.empty());
}

TEST_P(AppealSearchContract, ACommentAddedIsFoundByTheNextSearch) {
    const auto appeal = Register("Доступ", "Не открывается личный кабинет");
    EXPECT_TRUE(Search("перезвонить").items.empty());
    Comment(appeal, "Заявитель просит перезвонить вечером", core::Visibility::kPublic);
    EXPECT_EQ(Uins(Search("перезвоните")), std::vector<std::string>{appeal.uin});
}

TEST_P(AppealSearchContract, AppliesTheCallersRegionsAndTheListsFilters) {
    const auto moscow = Register("Электронный дневник", "Дневник не показывает оценки", "77",
                                 "line1", At("2026-03-02T07:00:00Z"));
    const auto region50 = Register("Электронный дневник", "Дневник не открывается", "50", "line2",
                                   At("2026-03-05T07:00:00Z"));
    AppealFilter scope;
    scope.visible_regions = std::vector<std::string>{"77"};
    EXPECT_EQ(Uins(Search("дневник", scope)), std::vector<std::string>{moscow.uin});
    scope.visible_regions = std::vector<std::string>{};
    EXPECT_TRUE(Search("дневник", scope).items.empty());

    AppealFilter region;
    region.region = "50";
    EXPECT_EQ(Uins(Search("дневник", region)), std::vector<std::string>{region50.uin});
    AppealFilter group;
    group.group = "line1";
    EXPECT_EQ(Uins(Search("дневник", group)), std::vector<std::string>{moscow.uin});
    AppealFilter period;
    period.created_from = At("2026-03-03T00:00:00Z");
    EXPECT_EQ(Uins(Search("дневник", period)), std::vector<std::string>{region50.uin});
    period.created_from.reset();
    period.created_to = At("2026-03-05T07:00:00Z");  // exclusive
    EXPECT_EQ(Uins(Search("дневник", period)), std::vector<std::string>{moscow.uin});
    AppealFilter regulation;
    regulation.regulation = "bilet";
    EXPECT_TRUE(Search("дневник", regulation).items.empty());
    regulation.regulation = "hotline";
    EXPECT_EQ(Search("дневник", regulation).items.size(), 2u);
}

TEST_P(AppealSearchContract, FollowsStatusChangesOfTheStore) {
    const auto appeal = Register("Сертификат", "Не загружается сертификат");
    AppealFilter closed;
    closed.statuses = {core::Status::kClosed};
    EXPECT_TRUE(Search("сертификат", closed).items.empty());
    core::AppealChange change;
    change.appeal = appeal;
    change.appeal.status = core::Status::kClosed;
    change.expected_version = appeal.version;
    change.entry = {0, appeal.id, At("2026-03-02T08:00:00Z"), "petrov", "close", {}, ""};
    ASSERT_TRUE(appeals().Update(change));
    EXPECT_EQ(Uins(Search("сертификат", closed)), std::vector<std::string>{appeal.uin});
    AppealFilter open;
    open.open_only = true;
    EXPECT_TRUE(Search("сертификат", open).items.empty());
}

TEST_P(AppealSearchContract, RanksBySubjectThenNewestAndPagesWithoutRepeats) {
    const auto in_text = Register("Вопрос", "Как получить стипендию за олимпиаду");
    std::vector<std::string> same;
    for (int i = 0; i < 4; ++i) same.push_back(Register("Олимпиада", "Результаты олимпиады").uin);
    auto all = Search("олимпиада");
    ASSERT_EQ(all.items.size(), 5u);
    // Equal relevance: newest first; the word only in the text ranks below the subjects.
    EXPECT_EQ(Uins(all),
              (std::vector<std::string>{same[3], same[2], same[1], same[0], in_text.uin}));
    PageRequest page;
    page.limit = 2;
    std::vector<std::string> paged;
    for (int pages = 0; pages < 5; ++pages) {
        auto one = Search("олимпиада", {}, page);
        for (const auto& uin : Uins(one)) paged.push_back(uin);
        if (one.next.empty()) break;
        page.after = one.next;
    }
    EXPECT_EQ(paged, Uins(all));
}

TEST_P(AppealSearchContract, GivesSummariesWithMarkedSnippets) {
    const auto appeal = Register("Оплата", "Деньги списались, а билет не пришёл <script>");
    PageRequest page;
    page.summaries_only = true;
    auto found = Search("билеты", {}, page);
    ASSERT_EQ(found.summaries.size(), 1u);
    ASSERT_EQ(found.snippets.size(), 1u);
    EXPECT_NE(found.summaries[0].find(appeal.uin), std::string::npos);
    EXPECT_NE(found.snippets[0].find("<mark>билет</mark>"), std::string::npos) << found.snippets[0];
    EXPECT_EQ(found.snippets[0].find("<script>"), std::string::npos) << found.snippets[0];
    auto full = Search("билеты");
    ASSERT_EQ(full.snippets.size(), 1u);
}

TEST_P(AppealSearchContract, RefusesABadCursorAndFiltersItCannotCombine) {
    Register("Тест", "Проверка");
    PageRequest page;
    page.after = "1700000000000_5";
    auto bad = search_->Search("проверка", {}, page);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, core::ErrorKind::kValidation);
    AppealFilter overdue;
    overdue.overdue_at = At("2026-03-02T07:00:00Z");
    auto refused = search_->Search("проверка", overdue, {});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "search_filter_unsupported");
}

OTKLIK_STORE_CONTRACT(AppealSearchContract);

}  // namespace
}  // namespace otklik::storage::contract

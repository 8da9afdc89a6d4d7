// Issue 16, deliverable 3 (SEC-1, SEC-6): full-text search over appeals through the real binary —
// GET /api/v1/appeals?q= with the list's filters, a region given by name, the caller's region
// scope, a comment found by the next search, and the index kept in the data folder across
// restarts (rebuilt when it is gone).
#include <filesystem>

#include "integration/fixture.hpp"

namespace otklik::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRegionalPassword = "regional-secret-77";

class SearchTest : public ServerTest {
public:
    void SetUp() override {
        AddUser("admin", "administrator", kAdminPassword);
        AddUser("operator", "operator", kOperatorPassword, {"--group", "line1"});
        AddUser("moscow", "regional_operator", kRegionalPassword, {"--region", "77"});
        Start();
        regional_ = std::make_unique<HttpClient>(server_->port());
        regional_->SetToken(Login(*regional_, "moscow", kRegionalPassword));
    }

    void TearDown() override { regional_.reset(); }

    json::object CreateIn(const std::string& region, const std::string& subject,
                          const std::string& text) {
        auto body = Distinct(ValidAppeal());
        body["subject"] = subject;
        body["text"] = text;
        body["applicant"].as_object()["region"] = region;
        return Create(body);
    }

    static std::vector<std::string> Uins(const HttpResponse& response) {
        EXPECT_EQ(response.status, 200) << response.body;
        std::vector<std::string> uins;
        if (response.status != 200) return uins;
        const auto body = response.Json();
        for (const auto& item : body.at("items").as_array()) {
            uins.emplace_back(item.at("uin").as_string());
        }
        return uins;
    }

    static std::string Query(const std::string& q, const std::string& more = "") {
        return "/api/v1/appeals?q=" + Encode(q) + more;
    }

    std::unique_ptr<HttpClient> regional_;
};

TEST_F(SearchTest, FindsByWordsWithTheListsFiltersAndARegionByName) {
    const auto moscow = Uin(CreateIn("77", "Не работает электронный дневник",
                                     "Ученики не видят домашние задания в дневнике"));
    const auto primorye = Uin(
        CreateIn("25", "Электронный дневник недоступен", "Дневник школы открывается с ошибкой"));
    CreateIn("77", "Справка об обучении", "Нужна справка для военкомата");

    auto both = Uins(op_->Get(Query("дневники")));
    EXPECT_EQ(both, (std::vector<std::string>{primorye, moscow}));
    EXPECT_EQ(Uins(op_->Get(Query("дневник", "&region=" + Encode("Москва")))),
              std::vector<std::string>{moscow});
    EXPECT_EQ(Uins(op_->Get(Query("дневник", "&region=" + Encode("приморский")))),
              std::vector<std::string>{primorye});
    EXPECT_EQ(Uins(op_->Get(Query("дневник", "&region=25&status=registered,assigned"))),
              std::vector<std::string>{primorye});
    EXPECT_TRUE(Uins(op_->Get(Query("дневник", "&regulation=bilet"))).empty());

    // Several regions match: refused with the candidates, never widened to no filter.
    const auto ambiguous = op_->Get(Query("дневник", "&region=" + Encode("Моск")));
    EXPECT_EQ(ambiguous.status, 400) << ambiguous.body;
    EXPECT_NE(ambiguous.body.find("bad_filter"), std::string::npos);
    EXPECT_NE(ambiguous.body.find("Московская область"), std::string::npos) << ambiguous.body;
    // The list itself takes the region by name too.
    const auto list = op_->Get("/api/v1/appeals?region=" + Encode("г. Москва"));
    EXPECT_EQ(Uins(list).size(), 2u);

    // The queue's summaries carry the matched passage.
    const auto summary = op_->Get(Query("домашнее задание", "&view=summary"));
    ASSERT_EQ(summary.status, 200) << summary.body;
    const auto summary_body = summary.Json();
    const auto& items = summary_body.at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_NE(std::string(items[0].at("snippet").as_string()).find("<mark>"), std::string::npos)
        << summary.body;

    const auto overdue = op_->Get(Query("дневник", "&overdue=true"));
    EXPECT_EQ(overdue.status, 400);
    EXPECT_NE(overdue.body.find("search_filter_unsupported"), std::string::npos);
}

// SEC-6: an operator of region 77 never finds a region-25 appeal by its words, whatever filter
// or form of the list it asks for.
TEST_F(SearchTest, ARegionalOperatorCannotFindAnotherRegionsAppealByItsWords) {
    const auto own = Uin(CreateIn("77", "Тарифы на вывоз мусора", "Просим пересчитать тариф"));
    const auto far = Uin(CreateIn("25", "Тарифы на вывоз мусора во Владивостоке",
                                  "Жители Владивостока просят пересчитать тариф"));
    EXPECT_EQ(Uins(regional_->Get(Query("тариф"))), std::vector<std::string>{own});
    EXPECT_TRUE(Uins(regional_->Get(Query("Владивосток"))).empty());
    EXPECT_TRUE(Uins(regional_->Get(Query("Владивосток", "&region=25"))).empty());
    const auto summary = regional_->Get(Query("Владивостока", "&view=summary"));
    ASSERT_EQ(summary.status, 200);
    EXPECT_TRUE(summary.Json().at("items").as_array().empty());
    EXPECT_EQ(summary.body.find(far), std::string::npos);
    // The federal operator finds it.
    EXPECT_EQ(Uins(op_->Get(Query("Владивосток"))), std::vector<std::string>{far});
}

TEST_F(SearchTest, ACommentAddedIsFoundByTheNextSearch) {
    const auto uin = Uin(CreateIn("77", "Не приходит код", "Код подтверждения не приходит"));
    EXPECT_TRUE(Uins(op_->Get(Query("почтальон"))).empty());
    const auto comment =
        op_->Post("/api/v1/appeals/" + Encode(uin) + "/comments",
                  json::object{{"text", "Письмо доставил почтальон"}, {"visibility", "public"}});
    ASSERT_EQ(comment.status, 201) << comment.body;
    EXPECT_EQ(Uins(op_->Get(Query("почтальону"))), std::vector<std::string>{uin});
}

TEST_F(SearchTest, TheIndexLivesInTheDataFolderAndIsRebuiltWhenGone) {
    const auto uin = Uin(CreateIn("77", "Сломался турникет", "Турникет на входе не пускает"));
    EXPECT_EQ(Uins(op_->Get(Query("турникеты"))), std::vector<std::string>{uin});
    const fs::path index = dir_.path() / "search" / "appeals";
    EXPECT_TRUE(fs::exists(index));
    Restart();
    EXPECT_EQ(Uins(op_->Get(Query("турникет"))), std::vector<std::string>{uin});
    server_.reset();
    fs::remove_all(index);
    Restart();
    EXPECT_EQ(Uins(op_->Get(Query("турникет"))), std::vector<std::string>{uin});
}

}  // namespace
}  // namespace otklik::testing

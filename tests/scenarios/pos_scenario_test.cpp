// Seed 003 (Платформа обратной связи, the intake operator's instruction) over HTTP: the source
// marker and the problem's address, competence by category and subcategory with the default
// coordinating organization and the parent's coordination, the stages, the delivery confirmed
// with its channel, the intake operators' three lists, and the widget's e-mailed answer.
#include <map>
#include <set>

#include "scenario.hpp"

namespace otklik::testing {
namespace {

class Pos : public Scenario {
protected:
    void SetUp() override {
        Start("2026-01-19T07:00:00Z", {{"intake1", "intake_operator", "intake", ""},
                                       {"intake2", "intake_operator", "intake", ""},
                                       {"coord", "coordinator", "", ""},
                                       {"exec", "executor", "", ""},
                                       {"appr", "approver", "", ""}});
    }

    static json::object Message(const char* channel, const char* organization = "",
                                const char* subcategory = "waste") {
        json::object body{
            {"regulation", "pos"},
            {"channel", channel},
            {"subject", "Не вывозят мусор"},
            {"text", "Центр мониторинга 112. Мусор с контейнерной площадки не вывозят неделю."},
            {"category", "ЖКХ"},
            {"subcategory", subcategory},
            {"problem_address", "г. Ульяновск, ул. Гончарова, д. 1"},
            {"applicant", json::object{{"last_name", "Волков"},
                                       {"first_name", "Андрей"},
                                       {"phone", "+79161234567"},
                                       {"email", "volkov@example.ru"},
                                       {"address", "г. Ульяновск, ул. Минаева, д. 5"}}}};
        if (*organization) body["organization"] = organization;
        return body;
    }

    // Coordination → execution → agreement → approval (003, step 4).
    void ThroughTheStages(const std::string& uin) {
        Act("coord", uin, json::object{{"action", "advance_stage"}});
        Act("exec", uin,
            json::object{{"action", "advance_stage"},
                         {"solution", "Вывоз восстановлен по графику, площадка убрана"}});
        Act("coord", uin, json::object{{"action", "advance_stage"}});
        Act("appr", uin, json::object{{"action", "advance_stage"}});
    }
};

// Instruction 2): each message begins with «Центр мониторинга 112»; step 3: «Адрес» is where the
// problem is; instruction 3): organizations not connected to ПОС are not accepted; the category
// and subcategory decide which organizations may be chosen (CH-5).
TEST_F(Pos, IntakeChecks) {
    auto unmarked = Message("phone");
    unmarked["text"] = "Мусор не вывозят неделю.";
    unmarked.erase("problem_address");
    auto response = As("intake1").Post("/api/v1/appeals", unmarked);
    ASSERT_EQ(response.status, 422) << response.body;
    std::vector<std::string> fields;
    const auto error = response.Json();
    for (const auto& f : error.at("error").at("fields").as_array()) {
        fields.push_back(std::string(f.at("field").as_string()) + "/" +
                         std::string(f.at("code").as_string()));
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"problem_address/required", "text/source_marker"}));
    response = As("intake1").Post("/api/v1/appeals", Message("phone", "energy_company", "heating"));
    ASSERT_EQ(response.status, 422);
    EXPECT_EQ(FirstField(response), "organization");
    EXPECT_NE(ErrorMessage(response).find("Проверьте"), std::string::npos);
    response = As("intake1").Post("/api/v1/appeals", Message("phone", "min_transport"));
    ASSERT_EQ(response.status, 422);
    EXPECT_EQ(
        std::string(response.Json().at("error").at("fields").as_array()[0].at("code").as_string()),
        "not_competent");
}

// When the competent organization is unclear, «Правительство Ульяновской области» coordinates
// (CH-5); a problem of a body with subordinates goes to the body (instruction 4, RT-4).
TEST_F(Pos, CoordinatingOrganizations) {
    const auto unclear = Create("intake1", Message("phone"));
    EXPECT_EQ(Str(unclear, "organization"), "gov73");
    EXPECT_EQ(Str(unclear, "stage_name"), "Координация");
    EXPECT_EQ(Str(unclear, "problem_address"), "г. Ульяновск, ул. Гончарова, д. 1");
    const auto subordinate = Create("intake1", Message("phone", "housing_service"));
    EXPECT_EQ(Str(subordinate, "organization"), "min_housing");
    EXPECT_EQ(Attribute(subordinate, "addressed_to"), "housing_service");
    // The coordinator passes it on to a competent executor organization.
    const auto forwarded =
        Act("coord", Str(unclear, "uin"),
            json::object{{"action", "forward"}, {"organization", "city_ulyanovsk"}});
    EXPECT_EQ(Str(forwarded, "organization"), "city_ulyanovsk");
    const auto wrong = TryAct("coord", Str(unclear, "uin"),
                              json::object{{"action", "forward"}, {"organization", "min_health"}});
    EXPECT_EQ(wrong.status, 422);
}

// LC-6, 003: stages, then «Ответ готов к передаче»; the intake operator reaches the applicant and
// confirms the delivery with its channel: «Ответ передан заявителю» (NT-2). The three lists of
// messages entered by intake operators are seen by every intake operator.
TEST_F(Pos, StagesDeliveryAndTheThreeLists) {
    const std::string in_work = Str(Create("intake1", Message("phone")), "uin");
    const std::string ready = Str(Create("intake1", Message("in_person")), "uin");
    const std::string delivered = Str(Create("intake2", Message("phone")), "uin");
    // The executor cannot move coordination on.
    auto response = TryAct("exec", ready, json::object{{"action", "advance_stage"}});
    ASSERT_EQ(response.status, 422);
    EXPECT_EQ(ErrorCode(response), "action_not_allowed");
    ThroughTheStages(ready);
    ThroughTheStages(delivered);
    auto appeal = Get(ready);
    EXPECT_EQ(Str(appeal, "stage_name"), "Ответ готов к передаче");
    EXPECT_EQ(Str(appeal, "status_name"), "Ответ готов к передаче");
    EXPECT_TRUE(Offers(Get(ready, "intake2"), "confirm_delivery"));
    response = TryAct("intake2", delivered, json::object{{"action", "confirm_delivery"}});
    ASSERT_EQ(response.status, 422);
    EXPECT_EQ(FirstField(response), "delivery_channel");
    appeal = Act("intake2", delivered,
                 json::object{{"action", "confirm_delivery"}, {"delivery_channel", "post"}});
    EXPECT_EQ(Str(appeal, "stage_name"), "Ответ передан заявителю");
    EXPECT_EQ(Str(appeal, "status"), "closed");
    EXPECT_EQ(Attribute(appeal, "delivery_channel"), "post");

    // The three lists as the regulation defines them, read by another intake operator.
    const auto regulation = As("intake2").Get("/api/v1/regulations/pos").Json().as_object();
    const auto& lists = regulation.at("lists").as_array();
    ASSERT_EQ(lists.size(), 3u);
    const std::vector<std::string> expected = {in_work, ready, delivered};
    for (std::size_t i = 0; i < lists.size(); ++i) {
        std::string statuses;
        for (const auto& s : lists[i].at("statuses").as_array()) {
            statuses += (statuses.empty() ? "" : ",") + std::string(s.as_string());
        }
        std::vector<std::string> found;
        for (const auto& channel : lists[i].at("channels").as_array()) {
            for (const auto& item :
                 List("intake2", "regulation=pos&channel=" + std::string(channel.as_string()) +
                                     "&status=" + statuses)) {
                found.emplace_back(item.at("uin").as_string());
            }
        }
        EXPECT_EQ(found, std::vector<std::string>{expected[i]}) << lists[i].at("name");
    }
}

// 003: a widget message's answer is e-mailed by the platform itself: «ответ отправлен заявителю».
TEST_F(Pos, WidgetAnswerIsEmailed) {
    auto body = Message("widget");
    body["text"] = "Не работает освещение во дворе.";
    body["category"] = "Благоустройство";
    body["subcategory"] = "lighting";
    const std::string uin = Str(Create("intake1", body), "uin");
    ThroughTheStages(uin);
    const auto appeal = Get(uin);
    EXPECT_EQ(Str(appeal, "stage"), "answer_sent");
    EXPECT_EQ(Str(appeal, "status"), "closed");
    EXPECT_EQ(Attribute(appeal, "notices.answer"), "1");
}

}  // namespace
}  // namespace otklik::testing

namespace otklik::testing {
namespace {

// CH-5: the category and subcategory decide which organizations an intake operator may choose;
// those not connected to ПОС are never offered.
TEST_F(Pos, OrganizationsOfferedFollowCategoryAndConnection) {
    const auto codes = [&](const std::string& query) {
        const auto response = As("intake1").Get("/api/v1/organizations?regulation=pos" + query);
        EXPECT_EQ(response.status, 200) << response.body;
        std::set<std::string> found;
        const auto body = response.Json();
        for (const auto& item : body.at("items").as_array()) {
            found.insert(std::string(item.at("code").as_string()));
        }
        return found;
    };
    EXPECT_EQ(codes("").size(), 8u) << "the whole hierarchy without a category";
    EXPECT_EQ(codes("&category=%D0%96%D0%9A%D0%A5&subcategory=heating"),
              (std::set<std::string>{"gov73", "min_housing", "housing_service"}));
    EXPECT_EQ(codes("&category=%D0%96%D0%9A%D0%A5&subcategory=waste"),
              (std::set<std::string>{"gov73", "min_housing", "housing_service", "city_ulyanovsk"}));
}

// ПОС serves Ulyanovsk oblast: staff choose the applicant's region (SLA-5's time zone) by its
// name, from the shipped reference data, not by typing a code.
TEST_F(Pos, RegionsAreNamedForPeopleToChoose) {
    const auto response = As("intake1").Get("/api/v1/regions");
    ASSERT_EQ(response.status, 200) << response.body;
    std::map<std::string, std::string> names;
    const auto body = response.Json();
    for (const auto& item : body.at("items").as_array()) {
        names[std::string(item.at("code").as_string())] = item.at("name").as_string();
    }
    EXPECT_GE(names.size(), 85u);
    EXPECT_EQ(names["73"], "Ульяновская область");
    EXPECT_EQ(names["77"], "г. Москва");
}

}  // namespace
}  // namespace otklik::testing

// The hotline intake (issue 16 point 6) against the real server and the shipped regulations:
// each step of the call form is validated by the server's own rules without registering
// anything; a transfer moves the call's appeal to the chosen group or person through the
// regulation's transfer action, with the briefing; organizations carry their regions.
#include "scenario.hpp"

namespace otklik::testing {
namespace {

class HotlineIntake : public Scenario {
protected:
    void SetUp() override {
        Start("2026-01-12T07:00:00Z", {{"ivanova", "line1_operator", "line1", ""},
                                       {"petrov", "line1_operator", "line2", ""},
                                       {"chief", "supervisor", "line1", ""}});
    }

    std::string TakeCall() {
        const auto response =
            As("ivanova").Post("/api/v1/calls", json::object{{"regulation", "hotline"}});
        EXPECT_EQ(response.status, 201) << response.body;
        return response.status == 201 ? Str(response.Json().as_object(), "uin") : std::string();
    }

    static json::object Draft(const std::string& reserved_uin) {
        return json::object{
            {"regulation", "hotline"},
            {"channel", "phone"},
            {"reserved_uin", reserved_uin},
            {"text", "Не открывается форма отчёта, ошибка «Превышено время ожидания»."},
            {"category", "ИНЦ"},
            {"priority", "P2"},
            {"applicant", json::object{{"first_name", "Анна"},
                                       {"last_name", "Соколова"},
                                       {"email", "sokolova@example.ru"},
                                       {"inn", "7707083893"}}},
        };
    }

    json::object Validate(const json::object& draft) {
        const auto response = As("ivanova").Post("/api/v1/appeals/validate", draft);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.status == 200 ? response.Json().as_object() : json::object{};
    }

    static const json::object* FieldOf(const json::object& answer, const std::string& field) {
        for (const auto& item : answer.at("fields").as_array()) {
            if (item.at("field").as_string() == field) return &item.as_object();
        }
        return nullptr;
    }

    static const json::object* TargetOf(const json::array& targets, const std::string& kind,
                                        const std::string& code) {
        for (const auto& item : targets) {
            const auto& t = item.as_object();
            if (t.at("kind").as_string() == kind && t.at("code").as_string() == code) return &t;
        }
        return nullptr;
    }
};

// The server's rules, field by field, with the field named in Russian; nothing is registered
// and the call keeps its number.
TEST_F(HotlineIntake, ValidationIsADryRunOfRegistrationWithRussianFieldNames) {
    const std::string uin = TakeCall();
    json::object partial = Draft(uin);
    partial.erase("category");
    partial.erase("priority");
    partial["applicant"].as_object()["email"] = "не-почта";
    partial["applicant"].as_object()["inn"] = "1234567890";
    const auto answer = Validate(partial);
    EXPECT_FALSE(answer.at("valid").as_bool());
    const auto* category = FieldOf(answer, "category");
    ASSERT_NE(category, nullptr) << answer;
    EXPECT_EQ(category->at("code").as_string(), "required");
    EXPECT_EQ(category->at("label").as_string(), "категория");
    EXPECT_NE(std::string(category->at("message").as_string()).find("категория"),
              std::string::npos);
    const auto* email = FieldOf(answer, "applicant.email");
    ASSERT_NE(email, nullptr) << answer;
    EXPECT_EQ(email->at("code").as_string(), "format");
    EXPECT_EQ(email->at("label").as_string(), "адрес электронной почты");
    const auto* inn = FieldOf(answer, "applicant.inn");
    ASSERT_NE(inn, nullptr) << answer;
    EXPECT_EQ(inn->at("code").as_string(), "checksum");
    for (const auto& item : answer.at("fields").as_array()) {
        EXPECT_EQ(std::string(item.at("message").as_string()).find("applicant."), std::string::npos)
            << item;
    }
    EXPECT_TRUE(Validate(Draft(uin)).at("valid").as_bool());
    // Nothing was written: no appeal under the number, the call is still open.
    EXPECT_EQ(As("ivanova").Get(Path(uin)).status, 404);
    const auto call = As("ivanova").Get("/api/v1/calls/" + Encode(uin));
    ASSERT_EQ(call.status, 200) << call.body;
    EXPECT_EQ(Str(call.Json().as_object(), "outcome"), "");
    // The registration itself refuses the same way.
    const auto refused = As("ivanova").Post("/api/v1/appeals", partial);
    EXPECT_EQ(refused.status, 422) << refused.body;
}

// 004 memo 10 through hotline.toml: the targets are the groups the transfer actions accept and
// the people who work appeals; forwarding to a person moves the appeal to them and their group,
// the briefing is on the appeal, and it is in their own queue.
TEST_F(HotlineIntake, TransferMovesTheAppealToTheChosenPersonWithTheBriefing) {
    const std::string uin = TakeCall();
    const auto response = As("ivanova").Get("/api/v1/calls/" + Encode(uin) + "/transfer-targets");
    ASSERT_EQ(response.status, 200) << response.body;
    const auto targets = response.Json().at("items").as_array();
    const auto* next_line = TargetOf(targets, "next_line", "");
    ASSERT_NE(next_line, nullptr) << targets;
    EXPECT_EQ(next_line->at("action").as_string(), "escalate");
    for (const char* group : {"line1", "line2", "line3"}) {
        const auto* target = TargetOf(targets, "group", group);
        ASSERT_NE(target, nullptr) << group << " " << targets;
        // The forward carries the briefing (it is preferred over a plain assignment).
        EXPECT_EQ(target->at("action").as_string(), "forward");
        EXPECT_TRUE(target->at("briefing").as_bool());
    }
    const auto* person = TargetOf(targets, "person", "petrov");
    ASSERT_NE(person, nullptr) << targets;
    EXPECT_EQ(person->at("params").at("assignee").as_string(), "petrov");
    EXPECT_EQ(person->at("params").at("group").as_string(), "line2");
    EXPECT_EQ(TargetOf(targets, "person", "ivanova"), nullptr) << "not to oneself";

    const auto appeal = Create("ivanova", Draft(uin));
    ASSERT_EQ(Str(appeal, "uin"), uin);
    const std::string briefing =
        "Соколова Анна, ИНН 7707083893, обращение " + uin + ": не открывается форма отчёта";
    json::object forward{{"action", person->at("action")}, {"comment", briefing}};
    for (const auto& [name, value] : person->at("params").as_object()) forward[name] = value;
    const auto moved = Act("ivanova", uin, forward);
    EXPECT_EQ(Str(moved, "group"), "line2");
    EXPECT_EQ(Str(moved, "assignee"), "petrov");
    EXPECT_EQ(Attribute(moved, "count.transfer"), "1");

    bool queued = false;
    for (const auto& item : List("petrov", "assignee=me&open=true")) {
        if (item.at("uin").as_string() == uin) queued = true;
    }
    EXPECT_TRUE(queued) << "the appeal is in petrov's own queue";
    const auto comments = As("petrov").Get(Path(uin, "/comments"));
    ASSERT_EQ(comments.status, 200) << comments.body;
    bool briefed = false;
    const auto comment_list = comments.Json();
    for (const auto& item : comment_list.at("items").as_array()) {
        if (std::string(item.at("text").as_string()).find("не открывается форма отчёта") !=
            std::string::npos) {
            briefed = true;
        }
    }
    EXPECT_TRUE(briefed) << comments.body;

    // A group: the next forward goes to the third line's group, unassigned.
    const auto* line3 = TargetOf(targets, "group", "line3");
    ASSERT_NE(line3, nullptr);
    const auto grouped = Act("petrov", uin,
                             json::object{{"action", "forward"},
                                          {"group", "line3"},
                                          {"comment", "Третья линия, обращение " + uin}});
    EXPECT_EQ(Str(grouped, "group"), "line3");
    EXPECT_EQ(Str(grouped, "assignee"), "");
}

// The organizations of ПОС are the Ulyanovsk region's: the hotline warns a caller from another
// region (issue 16 point 6).
TEST_F(HotlineIntake, OrganizationsCarryTheirRegions) {
    const auto response = As("ivanova").Get("/api/v1/regulations/pos");
    ASSERT_EQ(response.status, 200) << response.body;
    const auto regulation = response.Json();
    const auto& organizations = regulation.at("organizations").as_array();
    ASSERT_FALSE(organizations.empty());
    for (const auto& item : organizations) {
        const auto& regions = item.at("regions").as_array();
        ASSERT_EQ(regions.size(), 1u) << item;
        EXPECT_EQ(regions[0].as_string(), "73") << item;
    }
}

}  // namespace
}  // namespace otklik::testing

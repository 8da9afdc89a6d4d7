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

// Issue 16 point 6: the form of a call in progress lives on the server under the reserved
// number, so that a reload or another browser of the same operator continues the call. Only the
// call's operator reads or writes it (it holds the caller's personal data); it survives the
// registration a transfer makes, and goes when the form is finished or the call ends.
TEST_F(HotlineIntake, TheDraftOfACallLivesOnTheServerWithItsOperatorUntilTheCallEnds) {
    const std::string uin = TakeCall();
    const std::string draft = "/api/v1/calls/" + Encode(uin) + "/draft";
    const auto put = [&](const std::string& login, const json::value& body) {
        return As(login).Send("PUT", draft, json::serialize(body));
    };
    const auto code = [](const HttpResponse& r) {
        return r.status >= 400 ? std::string(r.Json().at("error").at("code").as_string()) : "";
    };
    auto missing = As("ivanova").Get(draft);
    EXPECT_EQ(missing.status, 404) << missing.body;
    EXPECT_EQ(code(missing), "draft_not_found");

    const json::object form{
        {"step", 2}, {"form", json::object{{"last_name", "Соколова"}, {"question", "отчёт"}}}};
    const auto saved = put("ivanova", json::object{{"form", form}});
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(Str(saved.Json().as_object(), "uin"), uin);
    EXPECT_EQ(Str(saved.Json().as_object(), "saved_at"), "2026-01-12T07:00:00Z");
    const auto read = As("ivanova").Get(draft);
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.Json().at("form"), form) << "the same form back, as another browser gets it";

    // Another operator, even a supervisor, neither reads nor overwrites nor removes it.
    for (const char* other : {"petrov", "chief"}) {
        EXPECT_EQ(As(other).Get(draft).status, 403) << other;
        EXPECT_EQ(put(other, json::object{{"form", json::object{}}}).status, 403) << other;
        EXPECT_EQ(As(other).Send("DELETE", draft).status, 403) << other;
    }
    // A malformed body is refused by field, in Russian.
    const auto not_object = put("ivanova", json::object{{"form", "Соколова"}});
    EXPECT_EQ(not_object.status, 422) << not_object.body;
    EXPECT_NE(not_object.body.find("\"form\""), std::string::npos);
    EXPECT_EQ(put("ivanova", json::object{{"step", 1}}).status, 422);
    EXPECT_EQ(
        put("ivanova", json::object{{"form", json::object{{"x", std::string(70000, 'a')}}}}).status,
        422);

    // A transfer registers the appeal under the number: the form goes on, the draft with it.
    Advance("PT5M");
    auto appeal = Draft(uin);
    const auto registered = As("ivanova").Post("/api/v1/appeals", appeal);
    ASSERT_EQ(registered.status, 201) << registered.body;
    json::object later = form;
    later["step"] = 6;
    const auto resaved = put("ivanova", json::object{{"form", later}});
    ASSERT_EQ(resaved.status, 200) << resaved.body;
    EXPECT_EQ(Str(resaved.Json().as_object(), "saved_at"), "2026-01-12T07:05:00Z");
    EXPECT_EQ(As("ivanova").Get(draft).Json().at("form"), later);
    // A fresh browser finds it: the call is no longer open, but its form goes on.
    const auto drafted = [&](const std::string& login) {
        std::vector<std::string> uins;
        const auto listed = As(login).Get("/api/v1/calls");
        EXPECT_EQ(listed.status, 200) << listed.body;
        const json::value body = listed.Json();
        for (const auto& c : body.at("drafts").as_array()) {
            uins.emplace_back(c.at("uin").as_string());
        }
        return uins;
    };
    EXPECT_EQ(drafted("ivanova"), std::vector<std::string>{uin});
    EXPECT_TRUE(drafted("petrov").empty()) << "another operator's drafts are not listed";
    // The form is finished: the draft goes.
    EXPECT_EQ(As("ivanova").Send("DELETE", draft).status, 204);
    EXPECT_EQ(As("ivanova").Get(draft).status, 404);
    EXPECT_TRUE(drafted("ivanova").empty());

    // A call that ends without an appeal takes its draft with it and takes no new one.
    const std::string second = TakeCall();
    const std::string second_draft = "/api/v1/calls/" + Encode(second) + "/draft";
    ASSERT_EQ(As("ivanova")
                  .Send("PUT", second_draft, json::serialize(json::object{{"form", form}}))
                  .status,
              200);
    const auto ended = As("ivanova").Post("/api/v1/calls/" + Encode(second) + "/end",
                                          json::object{{"outcome", "dropped"}, {"note", ""}});
    ASSERT_EQ(ended.status, 200) << ended.body;
    EXPECT_EQ(As("ivanova").Get(second_draft).status, 404);
    const auto late =
        As("ivanova").Send("PUT", second_draft, json::serialize(json::object{{"form", form}}));
    EXPECT_EQ(late.status, 409) << late.body;
    EXPECT_EQ(code(late), "call_ended");
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

// Seeds 000/001 («Билет в будущее», 2020) over HTTP with the manual clock: the organization
// mailbox with its 30 calendar days, the project mailbox with 3 business days, technical support's
// 24 hours, the three lines, the chatbot's questions, what is left unanswered, the dates in force.
#include "scenario.hpp"

namespace otklik::testing {
namespace {

class Bilet : public Scenario {
protected:
    void SetUp() override {
        Start("2020-10-05T07:00:00Z",  // Mon 10:00 MSK, within the dates in force
              {{"dept", "line1_operator", "department", ""},
               {"ro77", "regional_operator", "regional_77", "77"},
               {"dev", "tech_support", "tech", ""},
               {"staff", "operator", "union_staff", ""}});
    }

    static json::object Appeal(const char* channel, const char* category, const char* region = "77",
                               const char* role = "student") {
        return json::object{
            {"regulation", "bilet"},
            {"channel", channel},
            {"subject", "Не загружается тест профориентации"},
            {"text", "После третьего вопроса страница зависает и показывает белый экран."},
            {"category", category},
            {"applicant", json::object{{"last_name", "Смирнова"},
                                       {"first_name", "Мария"},
                                       {"email", "smirnova@example.ru"},
                                       {"region", region},
                                       {"login", "smirnova2008"},
                                       {"role", role}}}};
    }
};

// §4.1.1–4.1.4: info@ letters carry last name, first name, reply address, subject and reason; they
// are registered (number and date: the UIN and its instant) and answered within 30 calendar days.
TEST_F(Bilet, OrganizationMailHasThirtyCalendarDays) {
    auto incomplete = Appeal("org_mail", "organizational");
    incomplete["applicant"].as_object().erase("last_name");
    const auto refused = As("dept").Post("/api/v1/appeals", incomplete);
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(FirstField(refused), "applicant.last_name");
    const auto appeal = Create("dept", Appeal("org_mail", "organizational"));
    EXPECT_EQ(Str(appeal, "uin").rfind("ББ-2020-", 0), 0u) << Str(appeal, "uin");
    EXPECT_EQ(Str(appeal, "created_at"), "2020-10-05T07:00:00Z");
    EXPECT_EQ(Str(appeal, "group"), "union_staff");  // §4.1.3: to the competent employee
    EXPECT_EQ(Deadline(appeal, "resolution"), "2020-11-04T07:00:00Z");
}

// §4.3: the project mailbox — 3 business days; 3 November 2020 is a shortened day (until 17:00)
// and 4 November a holiday: Fri 30 Oct 15:00 → Thu 5 Nov 16:00 MSK.
TEST_F(Bilet, ProjectMailHasThreeBusinessDays) {
    SetClock("2020-10-30T12:00:00Z");
    const auto appeal = Create("dept", Appeal("project_mail", "technical"));
    EXPECT_EQ(Str(appeal, "group"), "department");
    EXPECT_EQ(Deadline(appeal, "resolution"), "2020-11-05T13:00:00Z");
    const std::string uin = Str(appeal, "uin");
    SetClock("2020-11-05T13:00:01Z");
    EXPECT_EQ(Attribute(Get(uin), "breached.resolution"), "2020-11-05T13:00:00Z");
}

// §5.1 three lines; §4.4, §5.6.2: the chatbot's request goes to the department; §4.6, §5.4: a
// technical question the typical instructions did not solve goes to the developers' technical
// support, which has 24 hours (§5.5); §6.3: answered through the channel the appeal named.
TEST_F(Bilet, TechnicalQuestionThroughTheThreeLines) {
    auto appeal = Create("dept", Appeal("chatbot", "technical"));
    const std::string uin = Str(appeal, "uin");
    EXPECT_EQ(Str(appeal, "group"), "department");
    EXPECT_TRUE(appeal.at("deadlines").as_object().empty())
        << "the seed sets no term for the chatbot";
    SetClock("2020-10-06T09:00:00Z");
    appeal = Act("dept", uin,
                 json::object{{"action", "forward"},
                              {"group", "tech"},
                              {"comment", "Типовая инструкция (очистка кэша) не помогла"}});
    EXPECT_EQ(Deadline(appeal, "tech_support"), "2020-10-07T09:00:00Z");
    SetClock("2020-10-07T09:00:01Z");
    EXPECT_EQ(Attribute(Get(uin), "breached.tech_support"), "2020-10-07T09:00:00Z");
    appeal = Act("dev", uin,
                 json::object{{"action", "return"},
                              {"comment", "Исправлено в выпуске 2.3, обновите страницу"}});
    EXPECT_EQ(Str(appeal, "group"), "department");
    EXPECT_EQ(Deadline(appeal, "tech_support"), "none");
    appeal = Act("dept", uin,
                 json::object{{"action", "resolve"},
                              {"solution", "Ошибка исправлена, пройдите тест заново"}});
    EXPECT_EQ(Str(appeal, "status_name"), "Рассмотрено");
    EXPECT_EQ(Attribute(appeal, "notices.answer"), "1");

    const auto lines = As("dept").Get("/api/v1/regulations/bilet").Json().at("groups").as_array();
    std::map<std::string, std::int64_t> line_of;
    for (const auto& group : lines)
        line_of[std::string(group.at("code").as_string())] = group.at("line").as_int64();
    EXPECT_EQ(line_of["department"], 1);
    EXPECT_EQ(line_of["regional_77"], 2);
    EXPECT_EQ(line_of["tech"], 3);
}

// §4.5: organizational and methodological questions may go to the regional operator; §5.8:
// venues' and mentors' questions go there directly.
TEST_F(Bilet, OrganizationalQuestionsReachTheRegionalOperator) {
    auto appeal = Create("dept", Appeal("chatbot", "methodological"));
    appeal = Act("dept", Str(appeal, "uin"), json::object{{"action", "forward_regional"}});
    EXPECT_EQ(Str(appeal, "group"), "regional_77");
    EXPECT_TRUE(Offers(Get(Str(appeal, "uin"), "ro77"), "resolve"));
    const auto venue = Create("dept", Appeal("chatbot", "organizational", "77", "venue"));
    EXPECT_EQ(Str(venue, "group"), "regional_77");
    const auto mentor = Create("dept", Appeal("chatbot", "organizational", "25", "mentor"));
    EXPECT_EQ(Str(mentor, "group"), "regional");
}

// §5.6.1: the chatbot asks region, role and login, registered e-mail and the question type.
TEST_F(Bilet, ChatbotNeedsWhatItAsks) {
    auto draft = Appeal("chatbot", "");
    draft["applicant"].as_object().erase("login");
    const auto response = As("dept").Post("/api/v1/appeals", draft);
    ASSERT_EQ(response.status, 422);
    std::vector<std::string> fields;
    const auto error = response.Json();
    for (const auto& f : error.at("error").at("fields").as_array()) {
        fields.emplace_back(f.at("field").as_string());
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"applicant.login", "category"}));
}

// §4.7: appeals in foreign languages are not considered — refused, and no answer is sent.
TEST_F(Bilet, ForeignLanguageIsNotConsidered) {
    const std::string uin = Str(Create("dept", Appeal("project_mail", "informational")), "uin");
    const auto appeal =
        Act("dept", uin, json::object{{"action", "refuse"}, {"reason", "foreign_language"}});
    EXPECT_EQ(Str(appeal, "status_name"), "Оставлено без рассмотрения");
    EXPECT_EQ(Attribute(appeal, "refusal_reason"), "foreign_language");
    EXPECT_EQ(Attribute(appeal, "notices.answer"), "");
}

// §6.5: «Настоящий Порядок действует … до 15 декабря 2020 года» (SLA-7).
TEST_F(Bilet, NotInForceAfterTheFifteenthOfDecember) {
    SetClock("2020-12-15T20:59:59Z");  // 23:59:59 MSK on the last day
    Create("dept", Appeal("project_mail", "technical"));
    Advance("PT1S");
    const auto response = As("dept").Post("/api/v1/appeals", Appeal("project_mail", "technical"));
    ASSERT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(FirstField(response), "regulation");
}

}  // namespace
}  // namespace otklik::testing

// Seed 004 (contact-center hotline) over HTTP with the manual clock: the deadlines of table 2 in
// Moscow and Vladivostok across weekends, holidays and a shortened day; priority changes;
// pauses of table 5; escalation; the 14-day and 30-day closures with their reminders.
#include "scenario.hpp"

namespace otklik::testing {
namespace {

class Hotline : public Scenario {
protected:
    void SetUp() override {
        Start("2026-01-12T07:00:00Z", {{"ivanova", "line1_operator", "line1", ""},
                                       {"chief", "supervisor", "line1", ""},
                                       {"approver", "approver", "", ""}});
    }

    // What the hotline takes by e-mail: category, priority and the reply address (004).
    static json::object Appeal(const char* category, const char* priority,
                               const char* region = "77") {
        return json::object{
            {"regulation", "hotline"},
            {"channel", "email"},
            {"subject", "Не формируется отчёт"},
            {"text",
             "При формировании ежемесячного отчёта появляется ошибка «Превышено время ожидания»."},
            {"category", category},
            {"priority", priority},
            {"applicant", json::object{{"first_name", "Анна"},
                                       {"last_name", "Соколова"},
                                       {"email", "sokolova@example.ru"},
                                       {"region", region}}},
        };
    }

    std::string Register(const std::string& at, const char* category, const char* priority,
                         const char* region = "77") {
        SetClock(at);
        const auto appeal = Create("ivanova", Appeal(category, priority, region));
        return Str(appeal, "uin");
    }
};

// 004, appendix 1, table 2; table 4 item 5: 8×5 in the customer's working hours (09–18, lunch
// 13–14), by the production calendar, in the customer's zone (SLA-1, SLA-5).
TEST_F(Hotline, DeadlinesOfEveryPriorityAndCategory) {
    struct Case {
        const char* at;
        const char* category;
        const char* priority;
        const char* region;
        const char* due;
    };
    const Case cases[] = {
        // Incident P1, 1 business day: Fri 16 Jan 15:00 MSK → Mon 19 Jan 15:00 MSK (weekend).
        {"2026-01-16T12:00:00Z", "ИНЦ", "P1", "77", "2026-01-19T12:00:00Z"},
        // Incident P2, 2 days: Tue 30 Dec 2025 11:00 → 13 Jan 11:00 (31 Dec – 11 Jan are off).
        {"2025-12-30T08:00:00Z", "ИНЦ", "P2", "77", "2026-01-13T08:00:00Z"},
        // Incident P3, 5 days: Mon 2 Nov 10:00; 3 Nov shortened (7 h), 4 Nov holiday → 10 Nov
        // 11:00.
        {"2026-11-02T07:00:00Z", "ИНЦ", "P3", "77", "2026-11-10T08:00:00Z"},
        // Consultation P2, 5 days, and P3, 7 days: Wed 18 Feb 09:00; 23 Feb is a holiday.
        {"2026-02-18T06:00:00Z", "ЗнК", "P2", "77", "2026-02-25T15:00:00Z"},
        {"2026-02-18T06:00:00Z", "ЗнК", "P3", "77", "2026-02-27T15:00:00Z"},
        // Priority 4: «по согласованию» — no deadline until agreed.
        {"2026-02-18T06:00:00Z", "ИНЦ", "P4", "77", "none"},
        {"2026-02-18T06:00:00Z", "ЗнК", "P4", "77", "none"},
        // Table 4 item 5: «по рабочему времени Заказчика» (Moscow here), whatever the user's
        // region. Fri 16 Jan 05:00 UTC is 15:00 in Vladivostok but 08:00 in Moscow, before
        // opening → Fri 18:00 MSK for both (issue 11).
        {"2026-01-16T05:00:00Z", "ИНЦ", "P1", "25", "2026-01-16T15:00:00Z"},
        {"2026-01-16T05:00:00Z", "ИНЦ", "P1", "77", "2026-01-16T15:00:00Z"},
        // Consultation P2 from a Vladivostok user at Fri 10:00 MSK (07:00 UTC): 7 h on Friday,
        // 32 h Mon–Thu, 1 h on Fri 23 Jan → 10:00 MSK.
        {"2026-01-16T07:00:00Z", "ЗнК", "P2", "25", "2026-01-23T07:00:00Z"},
    };
    for (const Case& c : cases) {
        const std::string uin = Register(c.at, c.category, c.priority, c.region);
        EXPECT_EQ(Deadline(Get(uin), "resolution"), c.due)
            << c.category << " " << c.priority << " registered " << c.at << " in region "
            << c.region;
    }
}

// 004, table 2: consultations have no priority 1; the user's choice is checked at intake.
TEST_F(Hotline, ConsultationWithPriorityOneIsRefused) {
    const auto response = As("ivanova").Post("/api/v1/appeals", Appeal("ЗнК", "P1"));
    ASSERT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(FirstField(response), "priority");
}

// 004: «В случае понижения приоритета … вычитается время, в течение которого заявка находилась в
// работе…»; «В случае повышения … отсчет времени … начинается заново с момента повышения» (SLA-3).
TEST_F(Hotline, PriorityLoweredAndRaisedMidWay) {
    const std::string lowered = Register("2026-01-19T07:00:00Z", "ИНЦ", "P1");  // Mon 10:00
    EXPECT_EQ(Deadline(Get(lowered), "resolution"), "2026-01-20T07:00:00Z");    // Tue 10:00
    SetClock("2026-01-19T09:00:00Z");                                           // 2 h worked
    auto appeal =
        Act("ivanova", lowered,
            json::object{{"action", "change_priority"},
                         {"priority", "P3"},
                         {"agreement", "phone"},
                         {"comment", "По согласованию с пользователем: есть обходной путь"}});
    // 40 h − 2 h = 38 h from Mon 12:00 → Mon 26 Jan 10:00.
    EXPECT_EQ(Deadline(appeal, "resolution"), "2026-01-26T07:00:00Z");

    const std::string raised = Register("2026-01-19T07:00:00Z", "ИНЦ", "P3");
    SetClock("2026-01-20T08:00:00Z");  // Tue 11:00
    appeal = Act(
        "ivanova", raised,
        json::object{{"action", "change_priority"}, {"priority", "P1"}, {"agreement", "email"}});
    // A new count of 8 h from the raise: Tue 11–13, 14–18, Wed 9–11.
    EXPECT_EQ(Deadline(appeal, "resolution"), "2026-01-21T08:00:00Z");
}

// 004, appendix 3, table 5: «Время приостановки не включается в общее время решения заявки».
TEST_F(Hotline, PauseIsExcludedFromTheTerm) {
    const std::string uin = Register("2026-01-19T07:00:00Z", "ИНЦ", "P2");  // Mon 10:00, 16 h
    Act("ivanova", uin, json::object{{"action", "take"}});
    SetClock("2026-01-19T12:00:00Z");  // Mon 15:00: 4 h worked
    auto appeal = Act("ivanova", uin,
                      json::object{{"action", "pause"},
                                   {"reason", "external_system"},
                                   {"vendor_ticket", "4411"},
                                   {"comment", "Заявка у производителя внешней системы"}});
    EXPECT_EQ(Str(appeal, "status"), "pending");
    EXPECT_EQ(Str(appeal, "pending_reason_name"), "Создан запрос по внешней системе");
    // Table 5: the vendor's ticket number is recorded with the pause.
    EXPECT_EQ(appeal.at("attributes").at("vendor_ticket").as_string(), "4411");
    EXPECT_EQ(Deadline(appeal, "resolution"), "none");
    // The card tells the time left on the customer's calendar, frozen while paused (issue 16
    // point 2): 12 working hours on an 8-hour day.
    const auto clock_of = [&](const json::value& full) {
        for (const auto& c : full.at("clocks").as_array()) {
            if (c.at("clock") == "resolution") return c.as_object();
        }
        ADD_FAILURE() << "no resolution clock";
        return json::object{};
    };
    SetClock("2026-01-20T12:00:00Z");  // Tue 15:00: a day later, still paused
    auto clock = clock_of(Get(uin));
    EXPECT_EQ(clock.at("paused"), true);
    EXPECT_EQ(clock.at("remaining_minutes"), 12 * 60);
    EXPECT_EQ(clock.at("remaining_text"), "1 раб. день 4 ч");
    EXPECT_TRUE(clock.at("due").is_null());
    SetClock("2026-01-21T07:00:00Z");  // Wed 10:00
    appeal = Act("ivanova", uin, json::object{{"action", "resume"}});
    // 12 h left: Wed 7 h, Thu 5 h → Thu 22 Jan 15:00 MSK.
    EXPECT_EQ(Deadline(appeal, "resolution"), "2026-01-22T12:00:00Z");
    EXPECT_EQ(Str(appeal, "status_name"), "В работе");
    clock = clock_of(Get(uin));
    EXPECT_EQ(clock.at("paused"), false);
    EXPECT_EQ(clock.at("due"), "2026-01-22T12:00:00Z");
    // RT-5: escalation at 75 % of the 16 h: 12 h worked, i.e. 8 h after the resume → Thu 10:00.
    EXPECT_EQ(clock.at("escalate_at"), "2026-01-22T07:00:00Z");
}

// 004: «При достижении определенного уровня срока … эскалацию заявки на следующую линию … без
// нарушения установленных сроков» (RT-5): at 75 % of the term; then the breach is marked (SLA-6).
TEST_F(Hotline, EscalationBeforeTheDeadlineThenBreach) {
    const std::string uin =
        Register("2026-01-16T12:00:00Z", "ИНЦ", "P1");  // Fri 15:00, due Mon 15:00
    auto appeal = Get(uin);
    EXPECT_EQ(Str(appeal, "next_event_at"), "2026-01-19T09:00:00Z");  // Mon 12:00: 6 h of 8
    SetClock("2026-01-19T08:59:59Z");
    EXPECT_EQ(Str(Get(uin), "group"), "line1");
    Advance("PT1S");
    appeal = Get(uin);
    EXPECT_EQ(Str(appeal, "group"), "line2");
    EXPECT_EQ(Attribute(appeal, "escalated.resolution"), "2026-01-19T09:00:00Z");
    EXPECT_EQ(Deadline(appeal, "resolution"), "2026-01-19T12:00:00Z")
        << "the deadline does not move";
    SetClock("2026-01-19T12:00:00Z");
    EXPECT_EQ(Attribute(Get(uin), "breached.resolution"), "") << "met at the deadline itself";
    Advance("PT1M");
    EXPECT_EQ(Attribute(Get(uin), "breached.resolution"), "2026-01-19T12:00:00Z");
    EXPECT_EQ(Actions(uin), (std::vector<std::string>{"register", "escalate", "breach"}));
}

// 004: refusal «если пользователь … не предоставил … информацию … по истечении 14 рабочих дней с
// момента направления запроса (при условии, что … запрашивал … не менее 2 раз)» (LC-2).
TEST_F(Hotline, NoReplyClosesAfterFourteenBusinessDaysAndTwoReminders) {
    const std::string uin = Register("2026-01-30T07:00:00Z", "ЗнК", "P3");
    Act("ivanova", uin, json::object{{"action", "take"}});
    SetClock("2026-02-02T07:00:00Z");  // Mon 10:00
    auto appeal = Act("ivanova", uin,
                      json::object{{"action", "request_info"},
                                   {"comment", "Пришлите, пожалуйста, снимок экрана с ошибкой"}});
    EXPECT_EQ(Str(appeal, "pending_reason"), "more_info");
    EXPECT_EQ(Attribute(appeal, "notices.info_request"), "1");
    EXPECT_EQ(Deadline(appeal, "auto_close"), "2026-02-20T07:00:00Z");
    // Reminders after 5 and 10 business days: Mon 9 Feb and Mon 16 Feb, 10:00.
    SetClock("2026-02-09T07:00:00Z");
    EXPECT_EQ(Attribute(Get(uin), "reminders_sent"), "1");
    SetClock("2026-02-16T06:59:00Z");
    EXPECT_EQ(Attribute(Get(uin), "reminders_sent"), "1");
    SetClock("2026-02-16T07:00:00Z");
    EXPECT_EQ(Attribute(Get(uin), "reminders_sent"), "2");
    SetClock("2026-02-20T06:59:59Z");
    EXPECT_EQ(Str(Get(uin), "status"), "pending");
    Advance("PT1S");
    appeal = Get(uin);
    EXPECT_EQ(Str(appeal, "status"), "closed");
    EXPECT_EQ(Str(appeal, "closed_at"), "2026-02-20T07:00:00Z");
    EXPECT_EQ(Attribute(appeal, "notices.info_not_provided"), "1");
    EXPECT_EQ(Actions(uin), (std::vector<std::string>{"register", "take", "request_info", "remind",
                                                      "remind", "auto_close"}));
}

// An answer in time resumes the work and the clock.
TEST_F(Hotline, ReplyInTimeResumesTheWork) {
    const std::string uin = Register("2026-02-02T07:00:00Z", "ИНЦ", "P3");
    Act("ivanova", uin, json::object{{"action", "take"}});
    Act("ivanova", uin, json::object{{"action", "request_info"}, {"comment", "Версия браузера?"}});
    SetClock("2026-02-05T07:00:00Z");
    const auto appeal =
        Act("ivanova", uin, json::object{{"action", "provide_info"}, {"comment", "Chrome 120"}});
    EXPECT_EQ(Str(appeal, "status"), "in_progress");
    EXPECT_EQ(Deadline(appeal, "auto_close"), "none");
    // Paused Mon 10:00 – Thu 10:00: the 40 h now end on Thu 12 Feb 10:00.
    EXPECT_EQ(Deadline(appeal, "resolution"), "2026-02-12T07:00:00Z");
}

// 004: the resolution e-mail carries the UIN, the solution and the confirmation request; closed
// by itself 30 business days later after at least two requests (LC-5). The watcher catches up
// in one move of the clock, each step at its own instant.
TEST_F(Hotline, UnconfirmedResolutionClosesAfterThirtyBusinessDays) {
    const std::string uin = Register("2026-03-02T06:00:00Z", "ИНЦ", "P3");
    SetClock("2026-03-02T07:00:00Z");  // Mon 10:00
    auto appeal = Act(
        "ivanova", uin,
        json::object{{"action", "resolve"}, {"solution", "Очищен кэш отчётов, отчёт формируется"}});
    EXPECT_EQ(Str(appeal, "status_name"), "Решена");
    EXPECT_EQ(Attribute(appeal, "notices.resolved"), "1");
    // Reminders on 17 and 31 March (9 March is a day off), closure on 14 April, 10:00 MSK.
    EXPECT_EQ(Str(appeal, "next_event_at"), "2026-03-17T07:00:00Z");
    EXPECT_EQ(Deadline(appeal, "auto_close"), "2026-04-14T07:00:00Z");
    SetClock("2026-04-20T07:00:00Z");
    appeal = Get(uin);
    EXPECT_EQ(Str(appeal, "status"), "closed");
    EXPECT_EQ(Str(appeal, "closed_at"), "2026-04-14T07:00:00Z");
    EXPECT_EQ(Attribute(appeal, "reminders_sent"), "2");
    EXPECT_EQ(Actions(uin),
              (std::vector<std::string>{"register", "resolve", "remind", "remind", "auto_close"}));
}

TEST_F(Hotline, ConfirmationClosesAndDisputeReopens) {
    const std::string uin = Register("2026-03-02T06:00:00Z", "ИНЦ", "P2");
    Act("ivanova", uin, json::object{{"action", "resolve"}, {"solution", "Перезапущена служба"}});
    auto appeal =
        Act("ivanova", uin, json::object{{"action", "dispute"}, {"comment", "Ошибка повторилась"}});
    EXPECT_EQ(Str(appeal, "status"), "in_progress");
    EXPECT_NE(Deadline(appeal, "resolution"), "none");
    Act("ivanova", uin,
        json::object{{"action", "resolve"}, {"solution", "Исправлена конфигурация"}});
    appeal = Act("ivanova", uin, json::object{{"action", "confirm"}});
    EXPECT_EQ(Str(appeal, "status"), "closed");
    EXPECT_TRUE(appeal.at("next_event_at").is_null());
    EXPECT_TRUE(appeal.at("available_actions").as_array().empty());
    EXPECT_TRUE(Offers(Get(uin, "chief"), "reopen"));
}

// Actions the role or the state does not allow are refused with a Russian reason.
TEST_F(Hotline, RefusalsSayWhy) {
    const std::string uin = Register("2026-01-19T07:00:00Z", "ИНЦ", "P2");
    auto response = TryAct("approver", uin, json::object{{"action", "take"}});
    ASSERT_EQ(response.status, 422);
    EXPECT_EQ(ErrorCode(response), "action_not_allowed");
    EXPECT_EQ(ErrorMessage(response),
              "Действие «Взять в работу» недоступно для роли «Утверждающий»");
    EXPECT_TRUE(Get(uin, "approver").at("available_actions").as_array().empty());
    // Memo item 10: a call is transferred at most twice, each time with the briefing.
    const json::object forward{{"action", "forward"},
                               {"assignee", "petrov"},
                               {"comment", "Соколова Анна, ИНН 7707083893, обращение " + uin}};
    Act("ivanova", uin, forward);
    Act("ivanova", uin, forward);
    response = TryAct("ivanova", uin, forward);
    ASSERT_EQ(response.status, 422);
    EXPECT_EQ(ErrorMessage(response),
              "Переадресация допускается не более двух раз (004, памятка, п. 10)");
}

// GET /api/v1/regulations/hotline shows the guidance of table 3 to the operator (SLA-2).
TEST_F(Hotline, RegulationDescribesPrioritiesAndTerms) {
    const auto response = As("ivanova").Get("/api/v1/regulations/hotline");
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = response.Json().as_object();
    EXPECT_EQ(body.at("version").as_int64(), 1);
    EXPECT_EQ(body.at("priorities").as_array().size(), 4u);
    EXPECT_NE(std::string(body.at("priorities").as_array()[0].at("guidance").as_string())
                  .find("Система не функционирует"),
              std::string::npos);
    EXPECT_EQ(body.at("terms").as_array()[0].at("term_name").as_string(), "1 рабочий день");
    const auto list = As("ivanova").Get("/api/v1/regulations").Json().at("items").as_array();
    EXPECT_EQ(list.size(), 4u);
    for (const auto& item : list) EXPECT_EQ(item.at("verdict").as_string(), "ok");
}

}  // namespace
}  // namespace otklik::testing

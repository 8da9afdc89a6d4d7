// Seed 002 (СП ЕПГУ and СП РПГУ) over HTTP with the manual clock: the written flow of §4 and the
// phone flow of §3 — registration by the regional service, the knowledge-base miss and the
// hand-over to «Начальник смены ЦПП», the return for lack of competence, information requests
// with the 3-business-day closure, the agency referral with one notice, the resolution, and the
// disagreement that registers a linked claim in ГРП with 7 business days.
#include "scenario.hpp"

namespace otklik::testing {
namespace {

class Epgu : public Scenario {
protected:
    void SetUp() override {
        Start("2026-01-19T07:00:00Z",  // Mon 10:00 MSK
              {{"rpgu", "regional_operator", "rpgu_77", "77"},
               {"cpp", "line1_operator", "cpp_shift", ""},
               {"stp", "tech_support", "stp", ""},
               {"grp", "claims", "grp", ""}});
    }

    static json::object Applicant(bool complete) {
        json::object applicant{{"last_name", "Петров"},
                               {"first_name", "Иван"},
                               {"middle_name", "Сергеевич"},
                               {"email", "petrov@example.ru"},
                               {"phone", "+79161234567"},
                               {"contact_channel", "email"},
                               {"region", "77"}};
        if (complete) {
            applicant["snils"] = "112-233-445 95";
            applicant["inn"] = "500100732259";
            applicant["birth_date"] = "1980-04-12";
        }
        return applicant;
    }

    static json::object Appeal(const char* channel, bool complete) {
        return json::object{{"regulation", "epgu"},
                            {"channel", channel},
                            {"subject", "Не подтверждается учётная запись"},
                            {"text",
                             "Запрос на подтверждение учётной записи через банк подан две недели "
                             "назад, подтверждения нет."},
                            {"category", "incident"},
                            {"applicant", Applicant(complete)}};
    }
};

// §4.1–§4.3.1, §4.7.2: the written flow up to the closure for no reply.
TEST_F(Epgu, WrittenFlowWithHandOverReturnAndClosureForNoReply) {
    // §4.1, §4.2.1–4.2.2: the regional operator registers; the user's data is missing, so the
    // ticket waits in «В ожидании» for it — with no closure: the seed closes only after the
    // §3.7/§4.7 requests (issue 11).
    auto appeal = Create("rpgu", Appeal("letter", false));
    const std::string uin = Str(appeal, "uin");
    EXPECT_EQ(uin.rfind("ЕП-2026-", 0), 0u) << uin;
    EXPECT_EQ(Str(appeal, "group"), "rpgu_77");
    EXPECT_EQ(Str(appeal, "status_name"), "В ожидании");
    EXPECT_EQ(Str(appeal, "pending_reason_name"), "Запрошены данные пользователя для тикета");
    EXPECT_FALSE(appeal.at("deadlines").as_object().contains("auto_close"));
    // §4.2.3: not handed over to СП ЕПГУ until the data is there — refused with the reason.
    auto response =
        TryAct("rpgu", uin, json::object{{"action", "forward"}, {"group", "cpp_shift"}});
    ASSERT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(ErrorCode(response), "action_not_allowed");
    EXPECT_NE(ErrorMessage(response).find("СНИЛС, дата рождения, ИНН"), std::string::npos);
    EXPECT_FALSE(Offers(appeal, "forward"));
    // §4.7.3: the data arrives within 3 business days → «Назначен».
    SetClock("2026-01-20T07:00:00Z");
    appeal = Act("rpgu", uin,
                 json::object{{"action", "provide_info"},
                              {"snils", "112-233-445 95"},
                              {"inn", "500100732259"},
                              {"birth_date", "1980-04-12"}});
    EXPECT_EQ(Str(appeal, "status_name"), "Назначен");
    // §4.1 miss in the regional FAQ → §4.2: hand-over to the group «Начальник смены ЦПП».
    appeal = Act("rpgu", uin, json::object{{"action", "forward"}, {"group", "cpp_shift"}});
    EXPECT_EQ(Str(appeal, "group"), "cpp_shift");
    EXPECT_EQ(Str(appeal, "status"), "assigned");
    // §4.3: the responsible employee of СП ЕПГУ takes it.
    appeal = Act("cpp", uin, json::object{{"action", "take"}});
    EXPECT_EQ(Str(appeal, "assignee"), "cpp");
    // §4.3.1: not СП ЕПГУ's competence — back to СП РПГУ with a comment.
    appeal =
        Act("cpp", uin,
            json::object{{"action", "return"},
                         {"comment", "Вопрос о региональной услуге — вне компетенции СП ЕПГУ"}});
    EXPECT_EQ(Str(appeal, "group"), "rpgu_77");
    const auto comments = As("rpgu").Get(Path(uin, "/comments")).Json().at("items").as_array();
    ASSERT_EQ(comments.size(), 1u);
    EXPECT_EQ(comments[0].at("visibility").as_string(), "internal");
    // Handed over again, and §4.7: СП ЕПГУ needs more from the user and gives the ticket to СП
    // РПГУ, which asks (§4.7.1).
    Act("rpgu", uin, json::object{{"action", "forward"}, {"group", "cpp_shift"}});
    SetClock("2026-01-21T07:00:00Z");  // Wed 10:00
    appeal = Act("cpp", uin,
                 json::object{{"action", "request_info"},
                              {"group", "rpgu_77"},
                              {"comment", "Уточните номер заявления на подтверждение"}});
    EXPECT_EQ(Str(appeal, "pending_reason"), "info_requested_user");
    EXPECT_EQ(Str(appeal, "group"), "rpgu_77");
    // §4.7.2: no reply within 3 business days (Wed 10:00 → Mon 26 Jan 10:00) — closed.
    EXPECT_EQ(Deadline(appeal, "auto_close"), "2026-01-26T07:00:00Z");
    SetClock("2026-01-26T06:59:59Z");
    EXPECT_EQ(Str(Get(uin), "status"), "pending");
    Advance("PT1S");
    appeal = Get(uin);
    EXPECT_EQ(Str(appeal, "status_name"), "Закрыт");
    EXPECT_EQ(Str(appeal, "closed_at"), "2026-01-26T07:00:00Z");
    EXPECT_EQ(Actions(uin).back(), "auto_close");
}

// §4.7.3: the reply comes within 3 business days: «Назначен», back to СП ЕПГУ.
TEST_F(Epgu, ReplyReturnsTheTicketToTheFederalService) {
    const std::string uin = Str(Create("rpgu", Appeal("letter", true)), "uin");
    EXPECT_EQ(Str(Get(uin), "status"), "registered");
    Act("rpgu", uin, json::object{{"action", "forward"}, {"group", "cpp_shift"}});
    Act("cpp", uin, json::object{{"action", "take"}});
    Act("cpp", uin,
        json::object{{"action", "request_info"},
                     {"group", "rpgu_77"},
                     {"comment", "Какой банк подтверждал учётную запись?"}});
    SetClock("2026-01-21T12:00:00Z");
    const auto appeal = Act(
        "rpgu", uin,
        json::object{{"action", "provide_info"}, {"comment", "Пользователь: Сбербанк, 5 января"}});
    EXPECT_EQ(Str(appeal, "status_name"), "Назначен");
    EXPECT_EQ(Str(appeal, "group"), "cpp_shift");
    EXPECT_TRUE(appeal.at("next_event_at").is_null());
}

// §4.8–4.12, §4.3.2–4.3.4: agency, resolution, disagreement and the claim.
TEST_F(Epgu, AgencyReferralResolutionAndClaim) {
    const std::string uin = Str(Create("rpgu", Appeal("letter", true)), "uin");
    Act("rpgu", uin, json::object{{"action", "forward"}, {"group", "cpp_shift"}});
    Act("cpp", uin, json::object{{"action", "take"}});
    // §4.8: a question to the agency (ФОИВ): «Отклонено на ведомство»; the user is told once.
    auto appeal =
        Act("cpp", uin,
            json::object{{"action", "refer_agency"}, {"comment", "Запрос в ФНС о сведениях ИНН"}});
    EXPECT_EQ(Str(appeal, "pending_reason_name"), "Отклонено на ведомство");
    EXPECT_EQ(Attribute(appeal, "notices.agency_referral"), "1");
    EXPECT_TRUE(appeal.at("next_event_at").is_null());
    // §4.8.4: the user asks about the status — no new ticket, a comment on this one.
    SetClock("2026-01-26T08:00:00Z");
    appeal = Act("rpgu", uin,
                 json::object{{"action", "status_inquiry"},
                              {"comment", "Пользователь звонил уточнить сроки"}});
    EXPECT_EQ(Str(appeal, "pending_reason"), "agency");
    // §4.8.3: no reminders or further notices while the agency answers.
    SetClock("2026-02-16T08:00:00Z");
    appeal = Get(uin);
    EXPECT_EQ(Attribute(appeal, "notices.agency_referral"), "1");
    EXPECT_EQ(Actions(uin), (std::vector<std::string>{"register", "forward", "take", "refer_agency",
                                                      "status_inquiry"}));
    // §4.9: the agency's answer goes to СТП ЕПГУ as a comment; §4.10: СТП resolves — «Решен».
    appeal = Act(
        "cpp", uin,
        json::object{{"action", "agency_answer"}, {"comment", "ФНС: сведения обновлены 10.02"}});
    EXPECT_EQ(Str(appeal, "group"), "stp");
    appeal = Act("stp", uin,
                 json::object{{"action", "resolve"},
                              {"solution", "Данные обновлены, учётная запись подтверждена"}});
    EXPECT_EQ(Str(appeal, "status_name"), "Решен");
    EXPECT_EQ(Attribute(appeal, "notices.resolved"), "1");
    // §4.11: the answer goes back to СП РПГУ, which informs the user (§4.12).
    appeal = Act("stp", uin, json::object{{"action", "send_answer"}});
    EXPECT_EQ(Str(appeal, "group"), "rpgu_77");
    // §4.12.2 → §4.3.2–4.3.4: the user disagrees — a claim in ГРП, 7 business days, linked.
    SetClock("2026-02-17T09:00:00Z");  // Tue 12:00
    appeal = Act("rpgu", uin,
                 json::object{{"action", "dispute"},
                              {"comment", "Пользователь не согласен: статус не изменился"}});
    EXPECT_EQ(Str(appeal, "pending_reason_name"), "Зарегистрирована претензия");
    const auto links = As("rpgu").Get(Path(uin, "/links")).Json().at("items").as_array();
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].at("type").as_string(), "claim_about");
    EXPECT_EQ(links[0].at("to").as_string(), uin);
    const std::string claim_uin(links[0].at("from").as_string());
    const auto claim = Get(claim_uin, "grp");
    EXPECT_EQ(Str(claim, "group"), "grp");
    EXPECT_EQ(Attribute(claim, "claim_of"), uin);
    // 7 business days from Tue 17 Feb 12:00; 23 February is a holiday → Fri 27 Feb 12:00 MSK.
    EXPECT_EQ(Deadline(claim, "claim"), "2026-02-27T09:00:00Z");
    EXPECT_EQ(Str(claim, "subject"), "Претензия по обращению " + uin);
    // The claims group works it.
    const auto taken = Act("grp", claim_uin, json::object{{"action", "take"}});
    EXPECT_EQ(Str(taken, "assignee"), "grp");
}

// §3: the phone flow — the call goes to СП ЕПГУ when the FAQ has no answer (§3.2), data is asked
// at registration (§3.4.2), the decision goes to the user (§3.11) who agrees (§3.11.1).
TEST_F(Epgu, PhoneFlowToAgreement) {
    auto incomplete = Create("rpgu", Appeal("phone", false));
    // §3.2: the call is transferred to СП ЕПГУ without preconditions; СП ЕПГУ asks the data
    // when it registers the ticket (§3.4.2) — unlike the written flow (§4.2.3, issue 11).
    EXPECT_EQ(Str(incomplete, "status"), "registered");
    EXPECT_TRUE(Offers(incomplete, "forward"));
    const std::string uin = Str(Create("rpgu", Appeal("phone", true)), "uin");
    Act("rpgu", uin, json::object{{"action", "forward"}, {"group", "cpp_shift"}});
    Act("cpp", uin, json::object{{"action", "take"}});
    // §3.5: deeper technical analysis by СТП ЕПГУ.
    auto appeal = Act("cpp", uin, json::object{{"action", "forward"}, {"group", "stp"}});
    EXPECT_EQ(Str(appeal, "group"), "stp");
    appeal =
        Act("stp", uin, json::object{{"action", "resolve"}, {"solution", "Сброшен кэш профиля"}});
    appeal = Act("cpp", uin, json::object{{"action", "confirm"}});
    EXPECT_EQ(Str(appeal, "status_name"), "Закрыт");
    // §3.1.1: an answer found in the regional FAQ needs no СП ЕПГУ.
    const std::string faq = Str(Create("rpgu", Appeal("phone", false)), "uin");
    appeal =
        Act("rpgu", faq, json::object{{"action", "resolve"}, {"solution", "Ответ из FAQ: п. 12"}});
    EXPECT_EQ(Str(appeal, "status"), "resolved");
}

}  // namespace
}  // namespace otklik::testing

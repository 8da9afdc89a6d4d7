// Phone calls that reserve the UIN first (CH-2, PH-1) and the speed-and-quality report (RP-1,
// RP-3), against the real server with the hotline regulation and the manual clock.
#include "scenario.hpp"

namespace otklik::testing {
namespace {

class CallsAndReports : public Scenario {
protected:
    void SetUp() override {
        Start("2026-01-12T07:00:00Z", {{"ivanova", "line1_operator", "line1", ""},
                                       {"petrov", "line1_operator", "line1", ""},
                                       {"chief", "supervisor", "line1", ""}});
    }

    json::object TakeCall(const std::string& login) {
        const auto response =
            As(login).Post("/api/v1/calls", json::object{{"regulation", "hotline"}});
        EXPECT_EQ(response.status, 201) << response.body;
        return response.status == 201 ? response.Json().as_object() : json::object{};
    }

    static json::object PhoneAppeal(const std::string& reserved_uin) {
        return json::object{
            {"regulation", "hotline"},
            {"channel", "phone"},
            {"reserved_uin", reserved_uin},
            {"text", "Не открывается форма отчёта, ошибка «Превышено время ожидания»."},
            {"category", "ИНЦ"},
            {"priority", "P2"},
            {"applicant", json::object{{"first_name", "Анна"}, {"email", "anna@example.ru"}}},
        };
    }

    json::object Report(const std::string& query) {
        const auto response = As("chief").Get("/api/v1/reports/summary?" + query);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.status == 200 ? response.Json().as_object() : json::object{};
    }

    static std::int64_t Int(const json::object& row, const char* key) {
        return row.at(key).as_int64();
    }
    static double Num(const json::object& row, const char* key) {
        return row.at(key).is_null() ? -1 : row.at(key).to_number<double>();
    }
};

// CH-2: the number exists as soon as the call is taken; the appeal registered from the call
// carries exactly that number, and the numbers between calls and appeals never repeat.
TEST_F(CallsAndReports, TakingACallReservesTheUinTheAppealThenCarries) {
    const auto call = TakeCall("ivanova");
    const std::string uin = Str(call, "uin");
    EXPECT_EQ(uin, "ГЛ-2026-000001");
    EXPECT_EQ(Str(call, "outcome"), "");
    EXPECT_EQ(Str(call, "operator"), "ivanova");
    const auto open = As("ivanova").Get("/api/v1/calls");
    ASSERT_EQ(open.status, 200) << open.body;
    EXPECT_EQ(open.Json().at("items").as_array().size(), 1u);

    // An appeal registered meanwhile from e-mail takes the next number, not the reserved one.
    auto mail = PhoneAppeal("");
    mail.erase("reserved_uin");
    mail["channel"] = "email";
    EXPECT_EQ(Str(Create("petrov", mail), "uin"), "ГЛ-2026-000002");

    // The form is incomplete first: refused with the field named, and the call stays open.
    auto incomplete = PhoneAppeal(uin);
    incomplete.erase("category");
    const auto refused = As("ivanova").Post("/api/v1/appeals", incomplete);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(Str(As("ivanova").Get("/api/v1/calls/" + uin).Json().as_object(), "outcome"), "");

    const auto appeal = Create("ivanova", PhoneAppeal("гл-2026-1"));
    EXPECT_EQ(Str(appeal, "uin"), uin);
    EXPECT_EQ(Str(appeal, "channel"), "phone");
    const auto ended = As("ivanova").Get("/api/v1/calls/" + uin).Json().as_object();
    EXPECT_EQ(Str(ended, "outcome"), "registered");
    EXPECT_EQ(As("ivanova").Get("/api/v1/calls").Json().at("items").as_array().size(), 0u);

    // A number is used once.
    const auto again = As("ivanova").Post("/api/v1/appeals", Unique(PhoneAppeal(uin)));
    EXPECT_EQ(again.status, 422) << again.body;
    EXPECT_EQ(FirstField(again), "reserved_uin");
    const auto unknown =
        As("ivanova").Post("/api/v1/appeals", Unique(PhoneAppeal("ГЛ-2026-000777")));
    EXPECT_EQ(unknown.status, 422) << unknown.body;
    EXPECT_EQ(FirstField(unknown), "reserved_uin");
}

// Every reserved number is accounted for: a call without an appeal ends with its reason, by its
// operator or a supervisor only, and once.
TEST_F(CallsAndReports, ACallWithoutAnAppealEndsWithItsReason) {
    const std::string uin = Str(TakeCall("ivanova"), "uin");
    const auto body = json::object{{"outcome", "dropped"}, {"note", "Связь прервалась"}};
    EXPECT_EQ(As("petrov").Post("/api/v1/calls/" + uin + "/end", body).status, 403);
    const auto bad = As("ivanova").Post("/api/v1/calls/" + uin + "/end",
                                        json::object{{"outcome", "registered"}});
    EXPECT_EQ(bad.status, 422) << bad.body;
    EXPECT_EQ(FirstField(bad), "outcome");
    const auto ended = As("ivanova").Post("/api/v1/calls/" + uin + "/end", body);
    ASSERT_EQ(ended.status, 200) << ended.body;
    EXPECT_EQ(Str(ended.Json().as_object(), "outcome_name"), "Звонок прервался до регистрации");
    EXPECT_EQ(As("chief").Post("/api/v1/calls/" + uin + "/end", body).status, 409);
    const auto late = As("ivanova").Post("/api/v1/appeals", Unique(PhoneAppeal(uin)));
    EXPECT_EQ(late.status, 422) << late.body;
    EXPECT_EQ(FirstField(late), "reserved_uin");
    EXPECT_NE(late.body.find("уже завершён"), std::string::npos) << late.body;
}

// RP-1: volumes, first response, resolution time, share within deadline, escalations, backlog,
// by group and by period; RP-3: the same figures as CSV.
TEST_F(CallsAndReports, ReportFiguresFollowWhatHappened) {
    // Mon 12 Jan 10:00 MSK: two incidents P2 by phone and a consultation P3 by e-mail.
    SetClock("2026-01-12T07:00:00Z");
    const auto a = Create("ivanova", PhoneAppeal(""));
    const auto b = Create("ivanova", PhoneAppeal(""));
    auto body = PhoneAppeal("");
    body.erase("reserved_uin");
    body["channel"] = "email";
    body["category"] = "ЗнК";
    body["priority"] = "P3";
    const auto c = Create("ivanova", body);
    const std::string ua = Str(a, "uin"), ub = Str(b, "uin");
    ASSERT_FALSE(Str(c, "uin").empty());

    SetClock("2026-01-12T08:00:00Z");  // a: taken after 1 h, resolved and confirmed after 2 h
    Act("ivanova", ua, json::object{{"action", "take"}});
    SetClock("2026-01-12T09:00:00Z");
    Act("ivanova", ua, json::object{{"action", "resolve"}, {"solution", "Перезапущена служба"}});
    Act("ivanova", ua, json::object{{"action", "confirm"}});
    SetClock("2026-01-12T10:00:00Z");  // b: taken after 3 h, then left to breach
    Act("ivanova", ub, json::object{{"action", "take"}});
    SetClock("2026-02-02T07:00:00Z");  // long after every P2 deadline

    const auto total = Report("from=2026-01-12&to=2026-01-13").at("total").as_object();
    EXPECT_EQ(Int(total, "registered"), 3);
    EXPECT_EQ(Int(total, "closed"), 1);
    EXPECT_EQ(Int(total, "backlog"), 2);
    EXPECT_EQ(Int(total, "closed_within_deadline"), 1);
    EXPECT_DOUBLE_EQ(Num(total, "share_within_deadline"), 1.0);
    EXPECT_EQ(Int(total, "responded"), 2);
    EXPECT_DOUBLE_EQ(Num(total, "first_response_avg_hours"), 2.0);  // (1 + 3) / 2
    EXPECT_DOUBLE_EQ(Num(total, "resolution_avg_hours"), 2.0);
    EXPECT_GE(Int(total, "breached"), 1);  // b at least; c too, untouched
    EXPECT_GE(Int(total, "escalations"), 1);

    const auto by_channel = Report("from=2026-01-12&to=2026-01-13&by=channel").at("rows");
    ASSERT_EQ(by_channel.as_array().size(), 2u);
    EXPECT_EQ(Str(by_channel.as_array()[0].as_object(), "key"), "email");
    EXPECT_EQ(Int(by_channel.as_array()[0].as_object(), "registered"), 1);
    EXPECT_EQ(Int(by_channel.as_array()[1].as_object(), "registered"), 2);

    const auto by_day = Report("from=2026-01-01&to=2026-02-01&by=day").at("rows").as_array();
    ASSERT_EQ(by_day.size(), 1u);
    EXPECT_EQ(Str(by_day[0].as_object(), "key"), "2026-01-12");
    EXPECT_EQ(Int(Report("from=2026-01-13&to=2026-01-14").at("total").as_object(), "registered"),
              0);

    const auto csv = As("chief").Get(
        "/api/v1/reports/summary?from=2026-01-12&to=2026-01-13&by=group&format=csv");
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_NE(csv.body.find("Поступило;"), std::string::npos);
    EXPECT_NE(csv.body.find("Итого;3;2;1;1;1,00;"), std::string::npos) << csv.body;

    EXPECT_EQ(As("ivanova").Get("/api/v1/reports/summary").status, 403);
    const auto bad = As("chief").Get("/api/v1/reports/summary?by=planet&from=вчера");
    EXPECT_EQ(bad.status, 422) << bad.body;
    EXPECT_NE(bad.body.find("\"by\""), std::string::npos);
    EXPECT_NE(bad.body.find("\"from\""), std::string::npos);
}

}  // namespace
}  // namespace otklik::testing

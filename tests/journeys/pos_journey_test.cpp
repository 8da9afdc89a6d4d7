// Seed 003 (Платформа обратной связи, the intake operator's instruction, Ульяновская область)
// walked end to end through the shipped pos.toml: a hotline call taken by an intake operator (the
// number reserved first), the source marker and the problem's address, competence by category,
// the default coordinating organization and the parent's coordination, the four stages, the
// delivery of the answer confirmed with its channel, the intake operators' three lists, and the
// widget whose answer the platform e-mails itself; every letter read back from the SMTP server
// (issue 11, obligations P1–P13 of audits/seed-obligations.md).
#include "journeys/journey.hpp"

namespace otklik::testing {
namespace {

constexpr const char* kApplicant = "volkov@example.ru";

class PosJourney : public Journey {
protected:
    void SetUp() override {
        Journey::SetUp();
        if (IsSkipped()) return;
        StartJourney("2026-01-19T07:00:00Z",  // Mon 11:00 in Ульяновск (UTC+4)
                     {{"intake1", "intake_operator", "intake", ""},
                      {"intake2", "intake_operator", "intake", ""},
                      {"coord", "coordinator", "", ""},
                      {"exec", "executor", "", ""},
                      {"appr", "approver", "", ""}},
                     {});
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
                                       {"email", kApplicant},
                                       {"address", "г. Ульяновск, ул. Минаева, д. 5"}}}};
        if (*organization) body["organization"] = organization;
        return body;
    }

    // Step 4: coordination → execution → agreement → approval, each by its role.
    void ThroughTheStages(const std::string& uin, const std::string& solution) {
        EXPECT_EQ(Field(Get(uin), "stage_name"), "Координация");
        EXPECT_EQ(Field(Act("coord", uin, json::object{{"action", "advance_stage"}}), "stage_name"),
                  "Исполнение");
        EXPECT_EQ(Field(Act("exec", uin,
                            json::object{{"action", "advance_stage"}, {"solution", solution}}),
                        "stage_name"),
                  "Согласование");
        EXPECT_EQ(Field(Act("coord", uin, json::object{{"action", "advance_stage"}}), "stage_name"),
                  "Утверждение");
        Act("appr", uin, json::object{{"action", "advance_stage"}});
    }
};

// P1, P2, P5, P7, P8, P9, P11, P12 (003: the intake operator's role, instruction items 2–4, steps
// 3–4): an intake operator takes a hotline call — the number exists first (CH-2) — and enters the
// message with the marker «Центр мониторинга 112» and the problem's address; the competent
// organization is unclear, so «Правительство Ульяновской области» coordinates; the stages run;
// the answer is «готов к передаче» and the platform does not e-mail a phone applicant by itself
// (P10); another intake operator reaches the applicant and confirms the delivery by phone:
// «Ответ передан заявителю».
TEST_F(PosJourney, HotlineCallFromTheNumberToTheDeliveredAnswer) {
    const auto call = TakeCall("intake1", "pos");
    const std::string reserved = Str(call, "uin");
    ASSERT_EQ(reserved.rfind("ПОС-2026-", 0), 0u) << call;
    auto body = Message("phone");
    body["reserved_uin"] = reserved;
    auto appeal = Register("intake1", body);
    const std::string uin = Field(appeal, "uin");
    EXPECT_EQ(uin, reserved);
    EXPECT_EQ(Field(appeal, "organization"), "gov73");
    EXPECT_EQ(Field(appeal, "problem_address"), "г. Ульяновск, ул. Гончарова, д. 1");
    EXPECT_EQ(Field(appeal, "status_name"), "На координации");
    EXPECT_EQ(Str(As("intake1").Get("/api/v1/calls/" + Encode(uin)).Json().as_object(), "outcome"),
              "registered");
    EXPECT_EQ(NextLetterTo(kApplicant).subject, "Сообщение " + uin + " зарегистрировано");

    // The coordinator passes it to the competent executor organization (step 3).
    appeal =
        Act("coord", uin, json::object{{"action", "forward"}, {"organization", "city_ulyanovsk"}});
    EXPECT_EQ(Field(appeal, "organization"), "city_ulyanovsk");
    ThroughTheStages(uin, "Вывоз восстановлен по графику, площадка убрана");
    appeal = Get(uin);
    EXPECT_EQ(Field(appeal, "stage_name"), "Ответ готов к передаче");
    EXPECT_EQ(Field(appeal, "status"), "resolved");
    EXPECT_TRUE(UntakenLettersTo(kApplicant).empty())
        << "P10: the platform itself answers only the widget by e-mail";

    // P12: every intake operator sees it and confirms the delivery with its channel.
    EXPECT_TRUE(Offers(Scenario::Get(uin, "intake2"), "confirm_delivery"));
    const auto missing = TryAct("intake2", uin, json::object{{"action", "confirm_delivery"}});
    EXPECT_EQ(missing.status, 422) << missing.body;
    appeal = Act("intake2", uin,
                 json::object{{"action", "confirm_delivery"},
                              {"delivery_channel", "phone"},
                              {"comment", "Ответ сообщён заявителю по телефону"}});
    EXPECT_EQ(Field(appeal, "stage_name"), "Ответ передан заявителю");
    EXPECT_EQ(Field(appeal, "status"), "closed");
    EXPECT_EQ(Attribute(appeal, "delivery_channel"), "phone");
    EXPECT_TRUE(UntakenLettersTo(kApplicant).empty());
}

// P1, P9 (003): a message received in person is answered by hand, confirmed with that channel;
// one delivered by post, likewise.
TEST_F(PosJourney, InPersonMessageAnsweredByHandAndAnotherByPost) {
    struct Case {
        const char* channel;
        const char* delivery;
        const char* email;
        const char* text;
    };
    // Two applicants: the same question again from the same one would be refused as resolved.
    const Case cases[] = {
        {"in_person", "by_hand", kApplicant,
         "Центр мониторинга 112. Нет горячей воды в доме по ул. Гончарова, 1."},
        {"phone", "post", "petrova@example.ru",
         "Центр мониторинга 112. В подъезде холодные батареи, отопление не работает."}};
    for (const auto& [channel, delivery, email, text] : cases) {
        auto body = Message(channel);
        body["text"] = text;
        body["subcategory"] = "hot_water";
        body["applicant"].as_object()["email"] = email;
        body["applicant"].as_object()["phone"] =
            std::string(email) == kApplicant ? "+79161234567" : "+79167654321";
        const auto registered = Register("intake1", body);
        const std::string uin = Field(registered, "uin");
        ASSERT_EQ(Field(registered, "status"), "assigned") << registered;
        NextLetterTo(email);
        ThroughTheStages(uin, "Подача горячей воды восстановлена");
        const auto appeal =
            Act("intake1", uin,
                json::object{{"action", "confirm_delivery"}, {"delivery_channel", delivery}});
        EXPECT_EQ(Field(appeal, "status_name"), "Ответ передан заявителю") << channel;
        EXPECT_EQ(Attribute(appeal, "delivery_channel"), delivery);
    }
}

// P2, P3, P5, P6 (instruction items 2–3, step 3, CH-5): the text begins with the source marker,
// «Адрес» is required and is the problem's place; organizations not connected to ПОС are not
// accepted; the category and subcategory limit the organizations offered. Nothing registers and
// nothing is sent.
TEST_F(PosJourney, IntakeChecksRefuseWhatTheInstructionForbids) {
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
    ASSERT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(FirstField(response), "organization");
    response = As("intake1").Post("/api/v1/appeals", Message("phone", "min_transport"));
    ASSERT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(FirstField(response), "organization");
    const auto offered = As("intake1").Get(
        "/api/v1/organizations?regulation=pos&category=%D0%96%D0%9A%D0%A5"
        "&subcategory=heating");
    ASSERT_EQ(offered.status, 200) << offered.body;
    std::set<std::string> codes;
    const auto items = offered.Json();
    for (const auto& item : items.at("items").as_array()) {
        codes.insert(std::string(item.at("code").as_string()));
    }
    EXPECT_EQ(codes, (std::set<std::string>{"gov73", "min_housing", "housing_service"}));
    EXPECT_TRUE(List("admin", "regulation=pos").empty());
    EXPECT_TRUE(UntakenLettersTo(kApplicant).empty());
}

// P4, P6 (instruction item 4, RT-4): a problem of a subordinate organization goes to its parent
// for coordination, which passes it down; an organization outside the competence is refused; the
// executor may send it back to coordination with a comment (step 4); the intake operator may
// correct the category during coordination.
TEST_F(PosJourney, SubordinateProblemIsCoordinatedByTheParent) {
    const std::string uin =
        Field(Register("intake1", Message("phone", "housing_service", "heating")), "uin");
    auto appeal = Get(uin);
    EXPECT_EQ(Field(appeal, "organization"), "min_housing");
    EXPECT_EQ(Attribute(appeal, "addressed_to"), "housing_service");
    NextLetterTo(kApplicant);
    const auto wrong =
        TryAct("coord", uin, json::object{{"action", "forward"}, {"organization", "min_health"}});
    EXPECT_EQ(wrong.status, 422) << wrong.body;
    appeal =
        Act("coord", uin, json::object{{"action", "forward"}, {"organization", "housing_service"}});
    EXPECT_EQ(Field(appeal, "organization"), "housing_service");
    Act("coord", uin, json::object{{"action", "advance_stage"}});
    appeal = Act("exec", uin,
                 json::object{{"action", "return"}, {"comment", "Отопление — не наш участок"}});
    EXPECT_EQ(Field(appeal, "stage_name"), "Координация");
    appeal = Act("intake1", uin,
                 json::object{{"action", "change_category"},
                              {"category", "Благоустройство"},
                              {"subcategory", "yards"},
                              {"comment", "Уточнено со слов заявителя"}});
    EXPECT_EQ(Field(appeal, "category"), "Благоустройство");
    EXPECT_TRUE(UntakenLettersTo(kApplicant).empty());
}

// P10, P11 (003, the widget's standard algorithm): a widget message's answer is e-mailed by the
// platform itself after approval: «Ответ отправлен заявителю», with the organization and the
// solution in the letter.
TEST_F(PosJourney, WidgetMessageIsAnsweredByEmail) {
    json::object body{{"regulation", "pos"},
                      {"channel", "widget"},
                      {"subject", "Не работает освещение"},
                      {"text", "Во дворе дома не горят фонари уже две недели."},
                      {"category", "Благоустройство"},
                      {"subcategory", "lighting"},
                      {"applicant", json::object{{"first_name", "Андрей"}, {"email", kApplicant}}}};
    const std::string uin = Field(Register("intake1", body), "uin");
    EXPECT_EQ(NextLetterTo(kApplicant).subject, "Сообщение " + uin + " зарегистрировано");
    ThroughTheStages(uin, "Фонари заменены 22 января");
    const auto appeal = Get(uin);
    EXPECT_EQ(Field(appeal, "stage"), "answer_sent");
    EXPECT_EQ(Field(appeal, "status"), "closed");
    const auto answer = NextLetterTo(kApplicant);
    EXPECT_EQ(answer.subject, "Ответ на сообщение " + uin);
    EXPECT_NE(answer.body.find("Фонари заменены 22 января"), std::string::npos) << answer.body;
}

// TR-4 (003: «Адрес» is where the problem is; messages for bodies not connected to the
// platform are not entered): an intake operator enters a call about a pothole in Samara, outside
// Ульяновская область — it is registered and triage holds it as that region's matter, naming the
// region; a supervisor confirms: refused without an answer, nothing more sent. The same call about
// a street of Ульяновск goes to work.
TEST_F(PosJourney, AProblemInAnotherRegionIsHeldAsThatRegionsMatter) {
    auto elsewhere = Message("phone", "", "potholes");
    elsewhere["category"] = "Дороги";
    elsewhere["text"] = "Центр мониторинга 112. На дороге яма, уже две машины пробили колёса.";
    elsewhere["problem_address"] = "г. Самара, ул. Ташкентская, д. 112";
    const auto held = Register("intake1", elsewhere);
    const std::string uin = Field(held, "uin");
    EXPECT_EQ(NextLetterTo(kApplicant).subject, "Сообщение " + uin + " зарегистрировано");
    const auto appeal = Get(uin);
    EXPECT_EQ(Field(appeal, "status"), "pending") << appeal;
    const auto& triage = appeal.at("triage").as_object();
    EXPECT_EQ(Str(triage, "decision"), "hold");
    bool named = false;
    for (const auto& rule : triage.at("rules").as_array()) {
        const auto& r = rule.as_object();
        if (Str(r, "code") != "misdirected") continue;
        named = Str(r.at("evidence").as_object(), "organization") ==
                "Органы власти другого региона (Самарская область)";
    }
    EXPECT_TRUE(named) << appeal;
    const auto reviewed = As("admin").Post(
        Path(uin, "/triage/review"),
        json::object{{"decision", "refuse"}, {"comment", "Адрес в Самарской области"}});
    ASSERT_EQ(reviewed.status, 200) << reviewed.body;
    EXPECT_EQ(Field(reviewed.Json().as_object(), "status"), "refused");
    EXPECT_TRUE(UntakenLettersTo(kApplicant).empty());
    auto here = elsewhere;
    here["problem_address"] = "г. Ульяновск, ул. Гончарова, д. 1";
    const std::string local = Field(Register("intake1", here), "uin");
    EXPECT_NE(Field(Get(local), "status"), "pending");
}

// Issue 15 (frozen set 21): the problem's address written out in the text of a message that
// has no address field filled («Адрес проблемы: г. Саранск, …», as the widget's free text or a
// call note carries it) is held as another region's matter too; the writer's own address
// («мой адрес: г. Саранск, …») is where they live, and the message goes on.
TEST_F(PosJourney, AProblemsAddressInTheTextNamesItsRegion) {
    auto note = Message("widget", "", "heating");
    note.erase("problem_address");
    note["text"] =
        "Адрес проблемы: г. Саранск, общежитие на ул. Студенческой. Вторую неделю холодные "
        "батареи, прошу включить отопление.";
    const std::string uin = Field(Register("intake1", note), "uin");
    const auto appeal = Get(uin);
    EXPECT_EQ(Field(appeal, "status"), "pending") << appeal;
    EXPECT_EQ(Str(appeal.at("triage").as_object(), "decision"), "hold") << appeal;
    auto lives = note;
    lives["text"] =
        "Мой адрес: г. Саранск, ул. Студенческая, 4. Вторую неделю холодные батареи в подъезде "
        "дома на ул. Гончарова, 1, прошу включить отопление.";
    const std::string local = Field(Register("intake1", lives), "uin");
    EXPECT_NE(Field(Get(local), "status"), "pending");
}

// TR-2 (issue 15, frozen set 22): an intake operator writes down a call in which the caller
// knows which kindergarten a foreman's granddaughter goes to and when she is collected, then
// sets a choice; through the real server with pos.toml the appeal waits for a person. The same
// note without the watching is registered.
TEST_F(PosJourney, ACallNoteWatchingAStaffMembersGrandchildIsHeld) {
    auto call = Message("phone");
    call["text"] =
        "Центр мониторинга 112. Звонит женщина, представилась Ниной. Жалуется, что управляющая "
        "компания не ремонтирует крышу над её квартирой. Говорит, что у мастера участка Лысенко "
        "есть внучка. Она знает, в какой детсад девочку водят и в какое время её забирает "
        "бабушка. «Пусть подумает, что ему дороже — моя крыша или его внучка».";
    const auto held = Get(Field(Register("intake1", call), "uin"));
    EXPECT_EQ(Field(held, "status"), "pending") << held;
    EXPECT_EQ(Str(held.at("triage").as_object(), "decision"), "hold") << held;
    call["text"] =
        "Центр мониторинга 112. Звонит женщина, представилась Ниной. Жалуется, что управляющая "
        "компания не ремонтирует крышу над её квартирой, просит прислать мастера участка.";
    EXPECT_NE(Field(Get(Field(Register("intake1", call), "uin")), "status"), "pending");
}

// TR-3, TR-4 (issue 15, frozen set 23), through the real server with pos.toml: an intake
// operator's note of a call that was a fax signal, and a citizen's refund for a taxi ride, wait
// for a person (held); a citizen's pothole is registered.
TEST_F(PosJourney, AFaxCallAndATaxiRefundWaitForAPersonAPotholeIsRegistered) {
    const auto decision_of = [&](const char* channel, const char* text) {
        auto body = Message(channel);
        body["text"] = text;
        const auto appeal = Get(Field(Register("intake1", body), "uin"));
        return std::pair{Field(appeal, "status"), Str(appeal.at("triage").as_object(), "decision")};
    };
    const auto fax = decision_of("phone",
                                 "Центр мониторинга 112. В трубке сигнал факса, на голос оператора "
                                 "никто не отвечает. Через 30 секунд соединение разорвано.");
    EXPECT_EQ(fax.first, "pending");
    EXPECT_EQ(fax.second, "hold");
    const auto taxi =
        decision_of("phone",
                    "Центр мониторинга 112. Звонит Полина, водитель «Яндекс Go» "
                    "отменил поездку, а деньги за неё списали. Просит вернуть деньги.");
    EXPECT_EQ(taxi.first, "pending");
    EXPECT_EQ(taxi.second, "hold");
    const auto pit = decision_of("phone",
                                 "Центр мониторинга 112. Звонит Полина, на ул. Минаева напротив "
                                 "дома 34 яма на правой полосе, просит заделать.");
    EXPECT_NE(pit.first, "pending");
}

// P12 (003): the intake operators' three lists — in work, answer ready, answer delivered — hold
// every intake operator's messages, read by another intake operator.
TEST_F(PosJourney, ThreeListsOfTheIntakeOperators) {
    const std::string in_work = Field(Register("intake1", Message("phone")), "uin");
    auto ready_body = Message("in_person");
    ready_body["text"] = "Центр мониторинга 112. Контейнеры переполнены у школы № 3.";
    const std::string ready = Field(Register("intake1", ready_body), "uin");
    auto delivered_body = Message("phone");
    delivered_body["text"] = "Центр мониторинга 112. Мусор у дома 7 не вывозят с понедельника.";
    const std::string delivered = Field(Register("intake2", delivered_body), "uin");
    ThroughTheStages(ready, "Контейнеры вывезены");
    ThroughTheStages(delivered, "Вывоз выполнен");
    Act("intake2", delivered,
        json::object{{"action", "confirm_delivery"}, {"delivery_channel", "email"}});
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

}  // namespace
}  // namespace otklik::testing

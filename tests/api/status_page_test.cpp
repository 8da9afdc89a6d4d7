// Issue 17 (SEC-5, LC-2, LC-4, LC-5, NT-1): the applicant's status page through the real binary
// with the shipped regulations, the manual clock and a loopback SMTP server. A link from a letter
// opens one appeal once; the session opens only that appeal and expires; the answers are the
// regulation's, applied as the applicant; refusals are Russian with a stable code.
#include <regex>

#include "integration/fixture.hpp"
#include "support/smtp_sink.hpp"

namespace otklik::testing {
namespace {

constexpr const char* kEmail = "status.owner@example.ru";

class StatusPageTest : public ServerTest {
public:
    void SetUp() override {
        AddUser("admin", "administrator", kAdminPassword);
        AddUser("operator", "operator", kOperatorPassword, {"--group", "line1"});
        smtp_ = std::make_unique<SmtpSink>(dir_.path() / "smtp");
        std::ofstream(dir_.path() / "otklik.toml")
            << "[mail]\nsmtp_url = \"smtp://127.0.0.1:" << smtp_->port()
            << "\"\nsmtp_tls = \"off\"\nfrom_address = \"support@otklik.local\"\n";
        Start({"--config", (dir_.path() / "otklik.toml").string(), "--clock", "manual",
               "--clock-start", "2026-03-02T07:00:00Z"});
        public_ = std::make_unique<HttpClient>(server_->port());
    }

    // An e-government portal appeal by e-mail with every datum the ticket needs.
    json::object Epgu(const std::string& email = kEmail) {
        return Create(json::object{
            {"regulation", "epgu"},
            {"channel", "email"},
            {"subject", "Не приходит код подтверждения"},
            {"text", "При входе на портал не приходит SMS с кодом подтверждения."},
            {"applicant", json::object{{"last_name", "Кузнецова"},
                                       {"first_name", "Ольга"},
                                       {"email", email},
                                       {"snils", "112-233-445 95"},
                                       {"inn", "500100732259"},
                                       {"birth_date", "1985-04-12"},
                                       {"contact_channel", "email"}}},
        });
    }

    // Moves the manual clock; the outbox is sent before the answer.
    void Advance(const std::string& duration) {
        const auto moved = admin_->Post("/api/v1/test/clock", json::object{{"advance", duration}});
        ASSERT_EQ(moved.status, 200) << moved.body;
    }

    // The status link of the next letter to `to` whose subject matches `subject`.
    std::string NextStatusLink(const std::string& to, const std::string& subject = "") {
        Advance("PT0S");
        const std::regex link(R"(/status/#([A-Za-z0-9_\-\.~%]+))");
        for (std::string letter = smtp_->NextLetterTo(to); !letter.empty();
             letter = smtp_->NextLetterTo(to)) {
            if (!subject.empty() && letter.find(subject) == std::string::npos) continue;
            std::smatch match;
            if (std::regex_search(letter, match, link)) return match[1].str();
        }
        ADD_FAILURE() << "no letter with a status link to " << to;
        return {};
    }

    HttpResponse Open(const std::string& link) {
        return public_->Post("/api/v1/public/status/session", json::object{{"link", link}});
    }

    std::string Session(const std::string& link) {
        const auto opened = Open(link);
        EXPECT_EQ(opened.status, 200) << opened.body;
        return opened.status == 200 ? std::string(opened.Json().at("token").as_string()) : "";
    }

    HttpResponse View(const std::string& uin, const std::string& token) {
        return public_->Send("GET", "/api/v1/public/status/appeals/" + Encode(uin), "",
                             {{"X-Status-Token", token}});
    }

    HttpResponse Answer(const std::string& uin, const std::string& token, json::object body) {
        return public_->Post("/api/v1/public/status/appeals/" + Encode(uin) + "/answers", body,
                             {{"X-Status-Token", token}});
    }

    void Act(const std::string& uin, json::object body) {
        const auto response = op_->Post("/api/v1/appeals/" + Encode(uin) + "/actions", body, {});
        ASSERT_EQ(response.status, 200) << response.body;
    }

    static std::string Code(const HttpResponse& response) {
        return std::string(response.Json().at("error").at("code").as_string());
    }

    static std::vector<std::string> Intents(const json::value& view) {
        std::vector<std::string> intents;
        for (const auto& a : view.at("actions").as_array()) {
            intents.emplace_back(a.at("intent").as_string());
        }
        return intents;
    }

    std::unique_ptr<SmtpSink> smtp_;
    std::unique_ptr<HttpClient> public_;
};

TEST_F(StatusPageTest, NoticeLetterLinkOpensItsAppealOnceInPlainRussian) {
    // A contact-center request (004): its term gives the page a deadline.
    auto body_in = ValidAppeal();
    body_in["applicant"].as_object()["email"] = kEmail;
    const auto uin = Uin(Create(body_in));
    const auto link = NextStatusLink(kEmail, "зарегистрирова");
    ASSERT_FALSE(link.empty());
    const auto token = Session(link);
    const auto view = View(uin, token);
    ASSERT_EQ(view.status, 200) << view.body;
    const auto body = view.Json();
    EXPECT_EQ(body.at("uin").as_string(), uin);
    EXPECT_EQ(body.at("status_name").as_string(), "Зарегистрирована");
    EXPECT_NE(std::string(body.at("explanation").as_string()).find("зарегистрировано"),
              std::string::npos);
    // The deadline as a local date, and the address masked (SEC-3).
    EXPECT_TRUE(std::regex_match(std::string(body.at("deadline").at("date").as_string()),
                                 std::regex(R"(\d\d\.\d\d\.\d{4})")))
        << body;
    EXPECT_EQ(std::string(body.at("email").as_string()).find("status.owner"), std::string::npos);
    EXPECT_EQ(view.Header("cache-control"), "no-store");
    // The regulation lets the applicant withdraw a request without a solution; nothing else yet.
    EXPECT_EQ(Intents(body), std::vector<std::string>{"withdraw"});

    // A link opens once.
    const auto again = Open(link);
    EXPECT_EQ(again.status, 422) << again.body;
    EXPECT_EQ(Code(again), "link_used");
}

TEST_F(StatusPageTest, EntryFormSendsALinkOnlyToTheAppealsOwnAddress) {
    const auto uin = Uin(Epgu());
    NextStatusLink(kEmail);  // the registration letter
    const auto wrong = public_->Post("/api/v1/public/status/link",
                                     json::object{{"uin", uin}, {"email", "other@example.ru"}});
    const auto missing =
        public_->Post("/api/v1/public/status/link",
                      json::object{{"uin", "ЕП-2026-999999"}, {"email", "other@example.ru"}});
    const auto right =
        public_->Post("/api/v1/public/status/link",
                      json::object{{"uin", uin}, {"email", "Status.Owner@Example.RU"}});
    // SEC-5: one answer for all three.
    ASSERT_EQ(right.status, 202) << right.body;
    EXPECT_EQ(wrong.status, 202);
    EXPECT_EQ(wrong.body, right.body);
    EXPECT_EQ(missing.body, right.body);
    const auto link = NextStatusLink(kEmail, "Ссылка на страницу обращения");
    EXPECT_TRUE(smtp_->ArrivedTo("other@example.ru").empty());
    EXPECT_EQ(View(uin, Session(link)).status, 200);

    const auto malformed = public_->Post("/api/v1/public/status/link",
                                         json::object{{"uin", "12"}, {"email", "no-at-sign"}});
    EXPECT_EQ(malformed.status, 422) << malformed.body;
    EXPECT_EQ(Code(malformed), "validation_failed");
}

TEST_F(StatusPageTest, SessionOpensOnlyItsOwnAppealAndExpires) {
    const auto mine = Uin(Epgu());
    const auto theirs = Uin(Epgu("someone.else@example.ru"));
    const auto token = Session(NextStatusLink(kEmail));
    ASSERT_EQ(View(mine, token).status, 200);
    // Another appeal, existing or not: the same refusal, decided before any lookup.
    const auto other = View(theirs, token);
    const auto absent = View("ЕП-2026-999999", token);
    EXPECT_EQ(other.status, 403) << other.body;
    EXPECT_EQ(Code(other), "status_other_appeal");
    EXPECT_EQ(absent.body, other.body);
    // No token, a forged one, an expired one.
    EXPECT_EQ(Code(View(mine, "")), "status_session_invalid");
    EXPECT_EQ(View(mine, "forged-token").status, 401);
    Advance("PT31M");
    const auto expired = View(mine, token);
    EXPECT_EQ(expired.status, 401) << expired.body;
    EXPECT_EQ(Code(expired), "status_session_invalid");
    EXPECT_FALSE(std::string(expired.Json().at("error").at("message").as_string()).empty());
}

// «Выйти» ends the session on the server: the token stops working at once, long before it would
// have expired; a second logout, a forged or an empty token get the same empty answer.
TEST_F(StatusPageTest, LogoutEndsTheSessionOnTheServerAtOnce) {
    const auto mine = Uin(Epgu());
    const auto token = Session(NextStatusLink(kEmail));
    ASSERT_EQ(
        public_->Post("/api/v1/public/status/link", json::object{{"uin", mine}, {"email", kEmail}})
            .status,
        202);
    const auto other = Session(NextStatusLink(kEmail));
    ASSERT_EQ(View(mine, token).status, 200);
    const auto logout = [&](const std::string& t) {
        return public_->Send("POST", "/api/v1/public/status/logout", "", {{"X-Status-Token", t}});
    };
    const auto out = logout(token);
    EXPECT_EQ(out.status, 204) << out.body;
    const auto after = View(mine, token);
    EXPECT_EQ(after.status, 401) << after.body;
    EXPECT_EQ(Code(after), "status_session_invalid");
    // Answering is refused too, before anything is looked at.
    const auto answer = Answer(
        mine, token, json::object{{"intent", "withdraw"}, {"comment", "нет"}, {"version", 1}});
    EXPECT_EQ(answer.status, 401) << answer.body;
    for (const std::string& again : {token, std::string("forged-token"), std::string()}) {
        EXPECT_EQ(logout(again).status, 204);
    }
    // Another session of the same appeal (another tab, another link) is not ended by it.
    EXPECT_EQ(View(mine, other).status, 200);
}

TEST_F(StatusPageTest, RequestedLinkExpiresAndForgedLinksAreRefused) {
    const auto uin = Uin(Epgu());
    NextStatusLink(kEmail);
    ASSERT_EQ(
        public_->Post("/api/v1/public/status/link", json::object{{"uin", uin}, {"email", kEmail}})
            .status,
        202);
    const auto link = NextStatusLink(kEmail, "Ссылка на страницу обращения");
    Advance("PT2H");
    const auto expired = Open(link);
    EXPECT_EQ(expired.status, 422) << expired.body;
    EXPECT_EQ(Code(expired), "link_expired");
    const auto forged = Open(link.substr(0, link.size() - 4) + "AAAA");
    EXPECT_EQ(forged.status, 404);
    EXPECT_EQ(Code(forged), "link_invalid");
}

TEST_F(StatusPageTest, StatusAndConfirmLinksAreNotInterchangeable) {
    const auto uin = Uin(Epgu());
    const auto status_link = NextStatusLink(kEmail);
    Act(uin, json::object{{"action", "resolve"}, {"solution", "Код приходит на новый номер."}});
    Advance("PT0S");
    std::string resolved;
    for (auto letter = smtp_->NextLetterTo(kEmail); !letter.empty();
         letter = smtp_->NextLetterTo(kEmail)) {
        if (letter.find("Решение по обращению") != std::string::npos) {
            resolved = letter;
            break;
        }
    }
    std::smatch match;
    ASSERT_TRUE(std::regex_search(resolved, match, std::regex(R"(/public/confirm/(\S+))")))
        << resolved;
    const std::string confirm_token = match[1].str();
    // A confirm link opens no status page; a status link confirms nothing.
    EXPECT_EQ(Code(Open(confirm_token)), "link_invalid");
    const auto misused = public_->Post("/api/v1/public/confirm/" + status_link, json::object{});
    EXPECT_EQ(misused.status, 404) << misused.body;
    EXPECT_EQ(Code(misused), "link_invalid");
    EXPECT_EQ(View(uin, Session(status_link)).Json().at("status").as_string(), "resolved");
}

TEST_F(StatusPageTest, AnswersFollowTheRegulationAndActAsTheApplicant) {
    const auto uin = Uin(Epgu());
    NextStatusLink(kEmail);
    Act(uin,
        json::object{{"action", "request_info"}, {"comment", "Пришлите снимок экрана с ошибкой"}});
    const auto token = Session(NextStatusLink(kEmail, "Запрос информации"));
    auto view = View(uin, token).Json();
    EXPECT_EQ(view.at("status").as_string(), "pending");
    EXPECT_EQ(Intents(view), (std::vector<std::string>{"reply", "withdraw"}));
    // The question is among the messages; nothing internal is.
    const auto& messages = view.at("messages").as_array();
    ASSERT_FALSE(messages.empty());
    EXPECT_EQ(messages.back().at("text").as_string(), "Пришлите снимок экрана с ошибкой");

    // Not offered now: refused with the reason; a reply needs words or a file.
    const auto confirm = Answer(uin, token, json::object{{"intent", "confirm"}});
    EXPECT_EQ(confirm.status, 422) << confirm.body;
    EXPECT_EQ(Code(confirm), "action_not_allowed");
    EXPECT_EQ(Code(Answer(uin, token, json::object{{"intent", "reply"}})), "validation_failed");
    const auto exe =
        Answer(uin, token,
               json::object{{"intent", "reply"},
                            {"files", json::array{json::object{{"name", "run.exe"},
                                                               {"type", "application/x-msdownload"},
                                                               {"content", "TVqQAAMAAAAEAAAA"}}}}});
    EXPECT_EQ(exe.status, 422) << exe.body;
    const auto stale =
        Answer(uin, token, json::object{{"intent", "reply"}, {"comment", "x"}, {"version", 1}});
    EXPECT_EQ(stale.status, 409) << stale.body;

    // "скриншот" as base64: the file is kept with the appeal and staff can download it.
    const auto answered =
        Answer(uin, token,
               json::object{
                   {"intent", "reply"},
                   {"comment", "Снимок экрана прилагаю"},
                   {"version", view.at("version")},
                   {"files", json::array{json::object{{"name", "снимок.png"},
                                                      {"type", "image/png"},
                                                      {"content", "0YHQutGA0LjQvdGI0L7Rgg=="}}}}});
    ASSERT_EQ(answered.status, 200) << answered.body;
    view = answered.Json();
    EXPECT_EQ(view.at("status").as_string(), "assigned");
    EXPECT_EQ(view.at("files").as_array().size(), 1u);
    const auto file = op_->Get("/api/v1/appeals/" + Encode(uin) + "/attachments/1");
    EXPECT_EQ(file.status, 200);
    EXPECT_EQ(file.body, "скриншот");
    const auto history = op_->Get("/api/v1/appeals/" + Encode(uin) + "/history").Json();
    const auto& last = history.at("items").as_array().back();
    EXPECT_EQ(last.at("action").as_string(), "provide_info");
    EXPECT_EQ(last.at("actor").as_string(), "applicant:status");

    // The decision: confirm or dispute; a dispute says what is wrong (LC-4).
    Act(uin, json::object{{"action", "resolve"}, {"solution", "Номер обновлён."}});
    // Each letter's link is its own, even within the same second of the manual clock.
    const auto decision = Session(NextStatusLink(kEmail, "Решение по обращению"));
    ASSERT_FALSE(decision.empty());
    view = View(uin, decision).Json();
    EXPECT_EQ(view.at("solution").as_string(), "Номер обновлён.");
    EXPECT_EQ(Intents(view), (std::vector<std::string>{"confirm", "dispute"}));
    EXPECT_EQ(Code(Answer(uin, token, json::object{{"intent", "dispute"}})), "validation_failed");
    const auto confirmed = Answer(uin, decision, json::object{{"intent", "confirm"}});
    ASSERT_EQ(confirmed.status, 200) << confirmed.body;
    EXPECT_EQ(confirmed.Json().at("status").as_string(), "closed");
    EXPECT_TRUE(confirmed.Json().at("actions").as_array().empty());
}

TEST_F(StatusPageTest, WithdrawingClosesTheAppealAndTellsTheApplicant) {
    const auto uin = Uin(Epgu());
    const auto token = Session(NextStatusLink(kEmail));
    const auto withdrawn =
        Answer(uin, token, json::object{{"intent", "withdraw"}, {"comment", "Решилось"}});
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    EXPECT_EQ(withdrawn.Json().at("status").as_string(), "closed");
    EXPECT_FALSE(NextStatusLink(kEmail, "отозвано").empty());
}

}  // namespace
}  // namespace otklik::testing

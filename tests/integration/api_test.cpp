// HTTP API v1 against the real binary (ARCHITECTURE.md "The scriptable contract").
#include <set>

#include "integration/fixture.hpp"

using namespace otklik::testing;

namespace {

std::string AppealPath(const std::string& uin, const std::string& tail = "") {
    return "/api/v1/appeals/" + Encode(uin) + tail;
}

std::set<std::string> FieldCodes(const HttpResponse& response) {
    std::set<std::string> codes;
    const auto body = response.Json();
    for (const auto& field : body.at("error").at("fields").as_array()) {
        codes.insert(std::string(field.at("field").as_string()) + ":" +
                     std::string(field.at("code").as_string()));
    }
    return codes;
}

}  // namespace

// CH-2: a registered appeal gets a UIN and comes back by it.
TEST_F(ServerTest, CreateReturnsUinAndTheAppealComesBackByIt) {
    const auto response = op_->Post("/api/v1/appeals", ValidAppeal());
    ASSERT_EQ(response.status, 201) << response.body;
    const auto created = response.Json().as_object();
    const std::string uin = Uin(created);
    EXPECT_EQ(uin.rfind("ГЛ-", 0), 0u) << uin;
    EXPECT_EQ(created.at("status").as_string(), "registered");
    EXPECT_EQ(created.at("version").as_int64(), 1);
    EXPECT_TRUE(created.contains("deadlines"));
    EXPECT_TRUE(created.contains("triage"));
    EXPECT_TRUE(created.at("available_actions").is_array());
    EXPECT_EQ(response.Header("location"), AppealPath(uin));
    const auto fetched = op_->Get(AppealPath(uin));
    ASSERT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.Json().at("text"), created.at("text"));
    EXPECT_EQ(fetched.Header("etag"), "\"1\"");
}

// SEC-3: lists and cards mask personal data; the reveal is logged.
TEST_F(ServerTest, PersonalDataIsMaskedAndEveryRevealIsLogged) {
    const std::string uin = Uin(Create(ValidAppeal()));
    const auto card = op_->Get(AppealPath(uin)).Json();
    const auto& applicant = card.at("applicant");
    EXPECT_EQ(applicant.at("snils").as_string(), "***-***-*** 95");
    EXPECT_EQ(applicant.at("last_name").as_string(), "С.");
    EXPECT_EQ(applicant.at("email").as_string(), "s***@example.ru");

    const auto revealed =
        op_->Get(AppealPath(uin, "/applicant?purpose=%D0%B7%D0%B2%D0%BE%D0%BD%D0%BE%D0%BA"));
    ASSERT_EQ(revealed.status, 200);
    EXPECT_EQ(revealed.Json().at("snils").as_string(), "112-233-445 95");
    EXPECT_EQ(revealed.Json().at("phone").as_string(), "+79161234567");
    const auto log = admin_->Get("/api/v1/audit/personal-data?uin=" + Encode(uin)).Json();
    ASSERT_EQ(log.at("items").as_array().size(), 1u);
    EXPECT_EQ(log.at("items").at(0).at("login").as_string(), "operator");
    EXPECT_EQ(log.at("items").at(0).at("purpose").as_string(), "звонок");
}

// CH-3: СНИЛС and ИНН with wrong check digits are refused naming the field and the reason.
TEST_F(ServerTest, InvalidFieldsAreRefusedWithFieldLevelCodes) {
    auto body = ValidAppeal();
    body["applicant"].as_object()["snils"] = "112-233-445 96";
    body["applicant"].as_object()["inn"] = "500100732250";
    body["applicant"].as_object()["email"] = "not-an-email";
    body["applicant"].as_object()["snills"] = "typo";
    const auto response = op_->Post("/api/v1/appeals", body);
    ASSERT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(response.Json().at("error").at("code").as_string(), "validation_failed");
    EXPECT_EQ(FieldCodes(response),
              (std::set<std::string>{"applicant.snils:checksum", "applicant.inn:checksum",
                                     "applicant.email:format", "applicant.snills:unknown"}));
    const auto not_json = op_->Send("POST", "/api/v1/appeals", "{oops");
    EXPECT_EQ(not_json.status, 400);
    EXPECT_EQ(not_json.Json().at("error").at("code").as_string(), "bad_request");
}

// CH-7: the same Idempotency-Key never registers twice.
TEST_F(ServerTest, IdempotencyKeyRegistersOnce) {
    const auto first = op_->Post("/api/v1/appeals", ValidAppeal(), {{"Idempotency-Key", "crm-42"}});
    const auto second =
        op_->Post("/api/v1/appeals", ValidAppeal(), {{"Idempotency-Key", "crm-42"}});
    ASSERT_EQ(first.status, 201);
    ASSERT_EQ(second.status, 201);
    EXPECT_EQ(first.Json().at("uin"), second.Json().at("uin"));
    EXPECT_EQ(second.Header("idempotent-replayed"), "true");
    const auto list = op_->Get("/api/v1/appeals").Json();
    EXPECT_EQ(list.at("items").as_array().size(), 1u);
    auto other = ValidAppeal();
    other["text"] = "Совсем другой вопрос";
    const auto reused = op_->Post("/api/v1/appeals", other, {{"Idempotency-Key", "crm-42"}});
    EXPECT_EQ(reused.status, 409);
    EXPECT_EQ(reused.Json().at("error").at("code").as_string(), "idempotency_key_reused");
}

// Concurrency: a stale If-Match is refused with 409 and changes nothing.
TEST_F(ServerTest, StaleIfMatchIsAConflict) {
    const std::string uin = Uin(Create());
    const json::object assign{{"action", "assign"}, {"group", "line1"}};
    const auto fresh = op_->Post(AppealPath(uin, "/actions"), assign, {{"If-Match", "\"1\""}});
    ASSERT_EQ(fresh.status, 200) << fresh.body;
    EXPECT_EQ(fresh.Json().at("version").as_int64(), 2);
    const auto stale = op_->Post(AppealPath(uin, "/actions"), json::object{{"action", "take"}},
                                 {{"If-Match", "\"1\""}});
    EXPECT_EQ(stale.status, 409);
    EXPECT_EQ(stale.Json().at("error").at("code").as_string(), "version_conflict");
    EXPECT_EQ(op_->Get(AppealPath(uin)).Json().at("version").as_int64(), 2);
}

TEST_F(ServerTest, ActionsNotAllowedAreRefusedWithTheReason) {
    const std::string uin = Uin(Create());
    ASSERT_EQ(op_->Post(AppealPath(uin, "/actions"), json::object{{"action", "close"}}).status,
              200);
    const auto again = op_->Post(AppealPath(uin, "/actions"), json::object{{"action", "take"}});
    EXPECT_EQ(again.status, 422);
    EXPECT_EQ(again.Json().at("error").at("code").as_string(), "action_not_allowed");
    EXPECT_FALSE(again.Json().at("error").at("message").as_string().empty());
    EXPECT_TRUE(op_->Get(AppealPath(uin)).Json().at("available_actions").as_array().empty());
}

// SEC-1, SEC-2: roles are checked on every route.
TEST_F(ServerTest, OperatorIsForbiddenOnAdministratorRoutes) {
    const auto users = op_->Get("/api/v1/users");
    EXPECT_EQ(users.status, 403);
    EXPECT_EQ(users.Json().at("error").at("code").as_string(), "forbidden");
    EXPECT_EQ(op_->Get("/api/v1/audit/personal-data").status, 403);
    EXPECT_EQ(admin_->Get("/api/v1/users").status, 200);
    HttpClient anonymous(server_->port());
    EXPECT_EQ(anonymous.Get("/api/v1/appeals").status, 401);
}

// SEC-4: a cookie session needs the CSRF header for changes; logout revokes the session.
TEST_F(ServerTest, CookieSessionsNeedCsrfAndLogoutRevokes) {
    HttpClient browser(server_->port());
    const auto login = browser.Post(
        "/api/v1/auth/login", json::object{{"login", "operator"}, {"password", kOperatorPassword}});
    ASSERT_EQ(login.status, 200);
    const std::string cookie_header = login.Header("set-cookie");
    EXPECT_NE(cookie_header.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie_header.find("SameSite=Strict"), std::string::npos);
    const std::string cookie = cookie_header.substr(0, cookie_header.find(';'));
    const std::string csrf(login.Json().at("csrf_token").as_string());
    const std::string body = json::serialize(ValidAppeal());
    EXPECT_EQ(browser.Send("GET", "/api/v1/appeals", "", {{"Cookie", cookie}}).status, 200);
    const auto without = browser.Send("POST", "/api/v1/appeals", body, {{"Cookie", cookie}});
    EXPECT_EQ(without.status, 403);
    const auto with =
        browser.Send("POST", "/api/v1/appeals", body, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
    EXPECT_EQ(with.status, 201);
    EXPECT_EQ(
        browser
            .Send("POST", "/api/v1/auth/logout", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}})
            .status,
        204);
    EXPECT_EQ(browser.Send("GET", "/api/v1/appeals", "", {{"Cookie", cookie}}).status, 401);
}

TEST_F(ServerTest, WrongPasswordIsRefusedWithoutTellingWhichPartWasWrong) {
    HttpClient client(server_->port());
    const auto wrong = client.Post("/api/v1/auth/login",
                                   json::object{{"login", "operator"}, {"password", "nope-nope"}});
    const auto unknown = client.Post("/api/v1/auth/login",
                                     json::object{{"login", "ghost"}, {"password", "nope-nope"}});
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.Json().at("error").at("message"), unknown.Json().at("error").at("message"));
}

// SEC-2, SEC-4: administrators manage named accounts; disabling ends their sessions and tokens.
TEST_F(ServerTest, AdministratorManagesUsersGroupsAndTokens) {
    ASSERT_EQ(admin_
                  ->Post("/api/v1/groups",
                         json::object{{"code", "line2"}, {"name", "Вторая линия"}, {"line", 2}})
                  .status,
              201);
    const auto created =
        admin_->Post("/api/v1/users", json::object{{"login", "petrova"},
                                                   {"password", "petrova-secret"},
                                                   {"role", "supervisor"},
                                                   {"group", "line2"},
                                                   {"full_name", "Петрова Е. А."}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto bad = admin_->Post(
        "/api/v1/users", json::object{{"login", "Bad Login"}, {"password", "x"}, {"role", "king"}});
    EXPECT_EQ(bad.status, 422);
    EXPECT_EQ(FieldCodes(bad),
              (std::set<std::string>{"login:format", "password:too_short", "role:unknown"}));

    HttpClient petrova(server_->port());
    petrova.SetToken(Login(petrova, "petrova", "petrova-secret"));
    const auto token = petrova.Post("/api/v1/tokens", json::object{{"name", "отчёты"}});
    ASSERT_EQ(token.status, 201);
    HttpClient script(server_->port());
    script.SetToken(std::string(token.Json().at("token").as_string()));
    EXPECT_EQ(script.Get("/api/v1/appeals").status, 200);

    ASSERT_EQ(admin_->Send("PATCH", "/api/v1/users/petrova", R"({"disabled": true})").status, 200);
    EXPECT_EQ(script.Get("/api/v1/appeals").status, 401);
    EXPECT_EQ(petrova.Get("/api/v1/appeals").status, 401);
}

TEST_F(ServerTest, ApiTokensCanBeRevoked) {
    const auto token =
        op_->Post("/api/v1/tokens", json::object{{"name", "crm"}, {"expires_in_days", 30}});
    ASSERT_EQ(token.status, 201);
    HttpClient script(server_->port());
    script.SetToken(std::string(token.Json().at("token").as_string()));
    EXPECT_EQ(script.Get("/api/v1/appeals").status, 200);
    const auto id = token.Json().at("id").as_int64();
    EXPECT_EQ(op_->Send("DELETE", "/api/v1/tokens/" + std::to_string(id)).status, 200);
    EXPECT_EQ(script.Get("/api/v1/appeals").status, 401);
}

// LC-9: every change and comment is in the history; comments are internal or public.
TEST_F(ServerTest, CommentsAndHistoryRecordWhoChangedWhat) {
    const std::string uin = Uin(Create());
    ASSERT_EQ(op_->Post(AppealPath(uin, "/actions"), json::object{{"action", "take"}}).status, 200);
    ASSERT_EQ(
        op_->Post(AppealPath(uin, "/comments"),
                  json::object{{"text", "Запросили логи у заявителя"}, {"visibility", "public"}})
            .status,
        201);
    ASSERT_EQ(op_->Post(AppealPath(uin, "/comments"),
                        json::object{{"text", "Похоже на сбой отчётного модуля"}})
                  .status,
              201);
    EXPECT_EQ(op_->Post(AppealPath(uin, "/comments"), json::object{{"text", "  "}}).status, 422);
    const auto comments = op_->Get(AppealPath(uin, "/comments")).Json().at("items").as_array();
    ASSERT_EQ(comments.size(), 2u);
    EXPECT_EQ(comments[0].at("visibility").as_string(), "public");
    EXPECT_EQ(comments[1].at("visibility").as_string(), "internal");
    const auto history = op_->Get(AppealPath(uin, "/history")).Json().at("items").as_array();
    ASSERT_EQ(history.size(), 4u);
    EXPECT_EQ(history[0].at("action").as_string(), "register");
    EXPECT_EQ(history[1].at("action").as_string(), "take");
    EXPECT_EQ(history[1].at("actor").as_string(), "operator");
    bool status_change = false;
    for (const auto& change : history[1].at("changes").as_array()) {
        if (change.at("field") == "status") {
            status_change = change.at("from") == "registered" && change.at("to") == "in_progress";
        }
    }
    EXPECT_TRUE(status_change);
}

// LC-8: typed links, visible from both appeals.
TEST_F(ServerTest, LinksConnectAppealsBothWays) {
    const std::string original = Uin(Create());
    const std::string repeat = Uin(Create());
    const auto link = op_->Post(AppealPath(repeat, "/links"),
                                json::object{{"type", "duplicate_of"}, {"target", original}});
    ASSERT_EQ(link.status, 201) << link.body;
    EXPECT_EQ(op_->Post(AppealPath(repeat, "/links"),
                        json::object{{"type", "duplicate_of"}, {"target", original}})
                  .status,
              409);
    EXPECT_EQ(op_->Post(AppealPath(repeat, "/links"),
                        json::object{{"type", "cousin_of"}, {"target", original}})
                  .status,
              422);
    const auto from_original =
        op_->Get(AppealPath(original, "/links")).Json().at("items").as_array();
    ASSERT_EQ(from_original.size(), 1u);
    EXPECT_EQ(from_original[0].at("from").as_string(), repeat);
    EXPECT_EQ(op_->Get(AppealPath(original)).Json().at("links").as_array().size(), 1u);
}

TEST_F(ServerTest, ListFiltersAndPagesWithACursor) {
    for (int i = 0; i < 5; ++i) Create();
    auto other = Distinct(ValidAppeal());
    other["applicant"].as_object()["email"] = "other@example.ru";
    Create(other);
    const auto first = op_->Get("/api/v1/appeals?limit=4&sort=created").Json();
    ASSERT_EQ(first.at("items").as_array().size(), 4u);
    ASSERT_TRUE(first.at("next").is_string());
    const auto second = op_->Get("/api/v1/appeals?limit=4&sort=created&after=" +
                                 std::string(first.at("next").as_string()))
                            .Json();
    EXPECT_EQ(second.at("items").as_array().size(), 2u);
    EXPECT_TRUE(second.at("next").is_null());
    const auto by_email = op_->Get("/api/v1/appeals?applicant_email=other%40example.ru").Json();
    EXPECT_EQ(by_email.at("items").as_array().size(), 1u);
    EXPECT_EQ(op_->Get("/api/v1/appeals?status=registered,closed").status, 200);
    EXPECT_EQ(op_->Get("/api/v1/appeals?status=lost").status, 422);
    EXPECT_EQ(op_->Get("/api/v1/appeals?limit=9999").status, 422);
    const auto counts = op_->Get("/api/v1/appeals/counts").Json().at("items").as_array();
    ASSERT_FALSE(counts.empty());
}

// PL-1: an acknowledged write is there after a restart.
TEST_F(ServerTest, DataSurvivesARestart) {
    const auto created = Create();
    Restart();
    const auto fetched = op_->Get(AppealPath(Uin(created)));
    ASSERT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.Json().at("text"), created.at("text"));
}

// The manual clock exists only in test mode.
TEST_F(ServerTest, ManualClockRouteExistsOnlyWithManualClock) {
    EXPECT_EQ(op_->Post("/api/v1/test/clock", json::object{{"advance", "PT1H"}}).status, 404);
    Restart({"--clock", "manual", "--clock-start", "2025-12-30T07:00:00Z"});
    const auto set = op_->Post("/api/v1/test/clock", json::object{{"set", "2026-01-12T07:00:00Z"}});
    ASSERT_EQ(set.status, 200);
    EXPECT_EQ(set.Json().at("now").as_string(), "2026-01-12T07:00:00Z");
    const auto advanced = op_->Post("/api/v1/test/clock", json::object{{"advance", "PT3H"}});
    EXPECT_EQ(advanced.Json().at("now").as_string(), "2026-01-12T10:00:00Z");
    EXPECT_EQ(op_->Post("/api/v1/test/clock", json::object{{"advance", "3 hours"}}).status, 422);
    const auto created = Create();
    EXPECT_EQ(created.at("created_at").as_string(), "2026-01-12T10:00:00Z");
    EXPECT_EQ(Uin(created).substr(Uin(created).find('-') + 1, 4), "2026");
}

// PL-3: health, readiness and Prometheus metrics.
TEST_F(ServerTest, HealthReadinessAndMetrics) {
    HttpClient anonymous(server_->port());
    EXPECT_EQ(anonymous.Get("/healthz").status, 200);
    EXPECT_EQ(anonymous.Get("/readyz").Json().at("status").as_string(), "ready");
    Create();
    EXPECT_EQ(anonymous.Get("/metrics").status, 401);  // staff only unless configured public
    const auto metrics = admin_->Get("/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.Header("content-type").find("text/plain"), std::string::npos);
    EXPECT_NE(metrics.body.find("otklik_appeals_registered_total{channel=\"api\"} 1"),
              std::string::npos)
        << metrics.body;
    EXPECT_NE(metrics.body.find("otklik_http_request_duration_seconds_bucket"), std::string::npos);
}

// A public status lookup needs the contact the applicant gave, proven by a code sent to it
// (SEC-5, issue 12): the number and the e-mail alone no longer give the status, and the answer
// without the proof is the same for every number. The whole flow: visibility_test.cpp.
TEST_F(ServerTest, PublicStatusLookupNeedsAProvenContact) {
    const std::string uin = Uin(Create(ValidAppeal()));
    HttpClient anonymous(server_->port());
    const auto bare = anonymous.Get("/api/v1/public/appeals/" + Encode(uin));
    EXPECT_EQ(bare.status, 401);
    const auto wrong = anonymous.Get("/api/v1/public/appeals/" + Encode(uin) + "?email=x%40y.ru");
    EXPECT_EQ(wrong.status, 401);
    const auto right =
        anonymous.Get("/api/v1/public/appeals/" + Encode(uin) + "?email=sokolova%40example.ru");
    EXPECT_EQ(right.status, 401);
    EXPECT_EQ(right.Json().at("error").at("code").as_string(), "contact_unverified");
    EXPECT_EQ(right.body, wrong.body);
    EXPECT_EQ(right.body.find("registered"), std::string::npos);
}

// SEC-1: a regional operator sees only its region.
TEST_F(ServerTest, RegionalOperatorSeesOnlyItsRegion) {
    AddUser("vladivostok", "regional_operator", "regional-secret", {"--region", "25"});
    auto far_east = Distinct(ValidAppeal());
    far_east["applicant"].as_object()["region"] = "25";
    const std::string local = Uin(Create(far_east));
    const std::string moscow = Uin(Create());
    HttpClient regional(server_->port());
    regional.SetToken(Login(regional, "vladivostok", "regional-secret"));
    const auto list = regional.Get("/api/v1/appeals").Json().at("items").as_array();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("uin").as_string(), local);
    EXPECT_EQ(regional.Get(AppealPath(moscow)).status, 404);
}

TEST_F(ServerTest, UinLookupForgivesHowPeopleTypeIt) {
    const std::string uin = Uin(Create());
    // "гл 2026 1" typed on the phone: lower case, spaces, no leading zeros.
    const std::string typed = "гл " + uin.substr(uin.find('-') + 1, 4) + " 1";
    EXPECT_EQ(op_->Get("/api/v1/appeals/" + Encode(typed)).status, 200);
}

namespace otklik::testing {
namespace {

// The card's files: an appeal that came without attachments has none to give, and a position
// that is not a number is no file either; the answer says so in Russian.
TEST_F(ServerTest, AttachmentsOfAnAppealWithoutFilesAreNotFound) {
    const auto uin = Uin(Create());
    for (const char* n : {"1", "0", "x", "-1"}) {
        const auto response = op_->Get("/api/v1/appeals/" + uin + "/attachments/" + n);
        EXPECT_EQ(response.status, 404) << n;
        EXPECT_NE(response.body.find("вложения"), std::string::npos) << response.body;
    }
    // A path out of the appeal's folder is not even a route.
    EXPECT_EQ(op_->Get("/api/v1/appeals/" + uin + "/attachments/..%2F..%2Fotklik.db").status, 404);
}

}  // namespace
}  // namespace otklik::testing

namespace otklik::testing {
namespace {

// The queue's view: what a row shows, and nothing of the applicant or the text.
TEST_F(ServerTest, QueueViewListsRowsWithoutTextsOrPersonalData) {
    const auto uin = Uin(Create());
    const auto page = op_->Get("/api/v1/appeals?open=true&sort=deadline&view=summary");
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = page.Json();
    const auto& items = body.at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    const auto& row = items[0].as_object();
    EXPECT_EQ(row.at("uin").as_string(), uin);
    EXPECT_FALSE(row.at("status_name").as_string().empty());
    EXPECT_EQ(row.at("region").as_string(), "77");
    for (const char* hidden : {"text", "applicant", "attributes", "available_actions"}) {
        EXPECT_FALSE(row.contains(hidden)) << hidden;
    }
    EXPECT_EQ(page.body.find("example.ru"), std::string::npos) << "no e-mail, not even masked";
    const auto full = op_->Get("/api/v1/appeals?open=true").Json();
    EXPECT_TRUE(full.at("items").as_array()[0].as_object().contains("available_actions"));
    const auto wrong = op_->Get("/api/v1/appeals?view=wide");
    EXPECT_EQ(wrong.status, 422);
    EXPECT_NE(wrong.body.find("\"view\""), std::string::npos);
}

}  // namespace
}  // namespace otklik::testing

namespace otklik::testing {
namespace {

// The workplace shows what the role permits from the server's own rules (SEC-1).
TEST_F(ServerTest, MeListsWhatTheRolePermits) {
    const auto permissions = [](HttpClient& client) {
        std::set<std::string> found;
        const auto body = client.Get("/api/v1/auth/me").Json();
        for (const auto& p : body.at("permissions").as_array()) {
            found.insert(std::string(p.as_string()));
        }
        return found;
    };
    const auto admin = permissions(*admin_);
    EXPECT_TRUE(admin.contains("manage_users"));
    EXPECT_TRUE(admin.contains("manage_knowledge"));
    const auto operator_ = permissions(*op_);
    EXPECT_TRUE(operator_.contains("work_appeals"));
    EXPECT_FALSE(operator_.contains("manage_users"));
    EXPECT_FALSE(operator_.contains("manage_knowledge"));
}

}  // namespace
}  // namespace otklik::testing

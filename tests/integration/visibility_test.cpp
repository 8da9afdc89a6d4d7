// Issue 12 (SEC-1, SEC-3, SEC-5, SEC-6, CH-7, KB-3): no appeal reachable around the region and
// identity checks. A regional operator of region 77 probes a region-25 appeal on every route that
// names, lists, counts, streams or writes appeals; the public channels reveal and write nothing
// about an existing appeal before the applicant proves the e-mail address with a code sent there.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "integration/fixture.hpp"
#include "support/event_stream.hpp"
#include "support/smtp_sink.hpp"
#include <boost/asio.hpp>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

namespace otklik::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRegionalPassword = "regional-secret-77";
constexpr const char* kTechPassword = "techsupport-secret-1";
constexpr const char* kVictimEmail = "far.east@example.ru";

class VisibilityTest : public ServerTest {
public:
    void SetUp() override {
        AddUser("admin", "administrator", kAdminPassword);
        AddUser("operator", "operator", kOperatorPassword, {"--group", "line1"});
        AddUser("moscow", "regional_operator", kRegionalPassword, {"--region", "77"});
        AddUser("techsupport", "tech_support", kTechPassword, {"--group", "line1"});
        smtp_ = std::make_unique<SmtpSink>(dir_.path() / "smtp");
        std::ofstream(dir_.path() / "otklik.toml")
            << "[mail]\nsmtp_url = \"smtp://127.0.0.1:" << smtp_->port()
            << "\"\nsmtp_tls = \"off\"\nfrom_address = \"support@otklik.local\"\n";
        Start({"--config", (dir_.path() / "otklik.toml").string()});
        regional_ = std::make_unique<HttpClient>(server_->port());
        regional_->SetToken(Login(*regional_, "moscow", kRegionalPassword));
        public_ = std::make_unique<HttpClient>(server_->port());
    }

    // The appeal of region 25 that region 77 must not reach, registered by a federal operator.
    json::object FarEastAppeal() {
        auto body = ValidAppeal();
        auto& applicant = body["applicant"].as_object();
        applicant["region"] = "25";
        applicant["email"] = kVictimEmail;
        applicant["snils"] = "123-456-789 64";
        applicant["phone"] = "+7 (423) 200-00-01";
        return Create(body);
    }

    static std::string Path(const std::string& uin, const std::string& tail = "") {
        return "/api/v1/appeals/" + Encode(uin) + tail;
    }

    std::size_t CommentCount(const std::string& uin) {
        return op_->Get(Path(uin, "/comments")).Json().at("items").as_array().size();
    }

    std::unique_ptr<SmtpSink> smtp_;
    std::unique_ptr<HttpClient> regional_;
    std::unique_ptr<HttpClient> public_;
};

// One route probed with the far-east appeal's number and with a number that exists nowhere.
struct Probe {
    const char* method;
    const char* route;  ///< as `otklik routes` prints it
    std::string target_tail;
    std::string body;
};

// Deliver item 1: every served route is either probed here with region 77 against a region-25
// appeal, or named with the reason it cannot reach one appeal of another region; a new route
// fails this test until it is placed in one of the two lists.
TEST_F(VisibilityTest, EveryRouteAnswersAnotherRegionsAppealLikeAMissingOne) {
    const std::string far = Uin(FarEastAppeal());
    const std::string own = Uin(Create());  // region 77
    const std::string missing = "ГЛ-2026-999999";
    const std::size_t far_comments = CommentCount(far);

    const std::vector<Probe> probes = {
        {"GET", "/api/v1/appeals/{uin}", "", ""},
        {"GET", "/api/v1/appeals/{uin}/applicant", "/applicant", ""},
        {"POST", "/api/v1/appeals/{uin}/actions", "/actions", R"({"action":"take"})"},
        {"GET", "/api/v1/appeals/{uin}/comments", "/comments", ""},
        {"POST", "/api/v1/appeals/{uin}/comments", "/comments", R"({"text":"Проверка"})"},
        {"GET", "/api/v1/appeals/{uin}/history", "/history", ""},
        {"GET", "/api/v1/appeals/{uin}/conversation", "/conversation", ""},
        {"GET", "/api/v1/appeals/{uin}/attachments/{n}", "/attachments/1", ""},
        {"GET", "/api/v1/appeals/{uin}/links", "/links", ""},
        {"POST", "/api/v1/appeals/{uin}/links", "/links",
         R"({"type":"related","target":")" + own + "\"}"},
        {"POST", "/api/v1/appeals/{uin}/triage/review", "/triage/review",
         R"({"decision":"accept","comment":""})"},
        {"GET", "/api/v1/appeals/{uin}/suggestions", "/suggestions", ""},
    };
    std::set<std::string> probed;
    for (const auto& probe : probes) {
        probed.insert(std::string(probe.method) + " " + probe.route);
        const auto hidden = regional_->Send(probe.method, Path(far, probe.target_tail), probe.body,
                                            {{"Content-Type", "application/json"}});
        const auto absent = regional_->Send(probe.method, Path(missing, probe.target_tail),
                                            probe.body, {{"Content-Type", "application/json"}});
        EXPECT_EQ(hidden.status, absent.status) << probe.method << " " << probe.route;
        EXPECT_NE(hidden.status / 100, 2) << probe.method << " " << probe.route;
        // The same code; the message may only echo the number the caller typed.
        EXPECT_EQ(hidden.body.find("far.east"), std::string::npos) << probe.route;
        if (absent.status / 100 != 2 && hidden.status / 100 != 2) {
            EXPECT_EQ(hidden.Json().at("error").at("code"), absent.Json().at("error").at("code"))
                << probe.method << " " << probe.route;
        }
    }

    // Linking to an appeal the caller may not see answers exactly like linking to a missing one.
    const auto link_hidden =
        regional_->Post(Path(own, "/links"), json::object{{"type", "related"}, {"target", far}});
    const auto link_absent = regional_->Post(
        Path(own, "/links"), json::object{{"type", "related"}, {"target", missing}});
    EXPECT_EQ(link_hidden.status, 422) << link_hidden.body;
    EXPECT_EQ(link_hidden.status, link_absent.status);
    EXPECT_EQ(link_hidden.body, link_absent.body);
    EXPECT_TRUE(op_->Get(Path(far, "/links")).Json().at("items").as_array().empty());

    // The public status lookup: the same answer for every number without a proven contact.
    const auto public_hidden =
        public_->Get("/api/v1/public/appeals/" + Encode(far) + "?email=far.east%40example.ru");
    const auto public_absent =
        public_->Get("/api/v1/public/appeals/" + Encode(missing) + "?email=far.east%40example.ru");
    EXPECT_EQ(public_hidden.status, 401) << public_hidden.body;
    EXPECT_EQ(public_hidden.body, public_absent.body);
    probed.insert("GET /api/v1/public/appeals/{uin}");

    // Lists, counts, triage, registration and events have tests of their own below.
    const std::set<std::string> elsewhere = {
        "GET /api/v1/appeals",          // ListsAndCountsHoldOnlyTheCallersRegion
        "GET /api/v1/appeals/counts",   // ListsAndCountsHoldOnlyTheCallersRegion
        "POST /api/v1/appeals",         // StatusQuestionWithAnotherRegionsContact…
        "POST /api/v1/triage/check",    // TriageEvidenceNamesNoOtherRegionsAppeal
        "GET /api/v1/events",           // EventStreamCarriesOnlyTheCallersRegion
        "GET /api/v1/reports/summary",  // supervisors only; a regional scope filters rows
        "POST /api/v1/chat/sessions/{id}/messages",  // ChatbotNamesAndTouchesNoAppeal…
        "POST /api/v1/public/contact/code",          // PublicStatusNeedsAProvenAddress
        "POST /api/v1/public/contact/verify",        // PublicStatusNeedsAProvenAddress
        // The status page (issue 17): a session opens only its own appeal, the same refusal for
        // another or a missing one (StatusPageTest.SessionOpensOnlyItsOwnAppealAndExpires).
        "POST /api/v1/public/status/link", "POST /api/v1/public/status/session",
        "GET /api/v1/public/status/appeals/{uin}",
        "POST /api/v1/public/status/appeals/{uin}/answers",
        // Ends the caller's own session; names no appeal (StatusPageTest.LogoutEnds…).
        "POST /api/v1/public/status/logout",
        // A dry run of the registration's field checks: it reads no stored appeal.
        "POST /api/v1/appeals/validate",
        "GET /api/v1/deliveries",        // DeliveryTasksOfAnotherRegionAreHidden
        "POST /api/v1/deliveries/{id}",  // DeliveryTasksOfAnotherRegionAreHidden
    };
    // Routes that never name one appeal of another region: they answer about the caller, staff
    // accounts, regulations and the reference regions, the knowledge base, calls (a reserved
    // number, not an appeal), signed links (the token is the proof), operations.
    const std::regex unrelated(
        R"(^(GET|POST|PATCH|PUT|DELETE) /(healthz|readyz|metrics|api/v1/(auth|users|groups|tokens|audit|roles|mail|regulations|organizations|regions|kb|calls|test|public/kb|public/confirm|public/regions|reports/chatbot|chat/sessions)(/.*)?)$)");
    std::string output;
    ASSERT_EQ(RunOtklik({"routes"}, "", output), 0) << output;
    std::istringstream lines(output);
    std::string line;
    int routes = 0;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string method;
        std::string path;
        words >> method >> path;
        if (path.empty()) continue;
        ++routes;
        const std::string route = method + " " + path;
        const bool classified = probed.contains(route) || elsewhere.contains(route) ||
                                (std::regex_match(route, unrelated) &&
                                 route != "POST /api/v1/chat/sessions/{id}/messages");
        EXPECT_TRUE(classified) << route
                                << " is new: probe it here with another region's appeal, or "
                                   "say why it cannot reach one";
    }
    EXPECT_GT(routes, 50);
    // Nothing was written into the far-east appeal by any of the probes.
    EXPECT_EQ(CommentCount(far), far_comments);
}

// A link a federal operator made from a region-77 appeal to a region-25 one named the far-east
// appeal to region 77 in the card and in the links list.
TEST_F(VisibilityTest, LinksNameNoAppealOfAnotherRegion) {
    const std::string far = Uin(FarEastAppeal());
    const std::string own = Uin(Create());
    ASSERT_EQ(
        op_->Post(Path(own, "/links"), json::object{{"type", "related"}, {"target", far}}).status,
        201);
    EXPECT_EQ(op_->Get(Path(own, "/links")).Json().at("items").as_array().size(), 1u);
    const auto links = regional_->Get(Path(own, "/links"));
    ASSERT_EQ(links.status, 200) << links.body;
    EXPECT_TRUE(links.Json().at("items").as_array().empty()) << links.body;
    const auto card = regional_->Get(Path(own));
    ASSERT_EQ(card.status, 200) << card.body;
    EXPECT_EQ(card.Json().at("links").as_array().size(), 0u) << card.body;
    // Stored text names it too: the history of the link, a note that cites the number.
    ASSERT_EQ(
        op_->Post(Path(own, "/comments"), json::object{{"text", "См. также " + far + "."}}).status,
        201);
    for (const char* tail : {"/history", "/comments", ""}) {
        const auto read = regional_->Get(Path(own, tail));
        ASSERT_EQ(read.status, 200) << read.body;
        EXPECT_EQ(read.body.find(far), std::string::npos) << tail << ": " << read.body;
    }
    EXPECT_NE(regional_->Get(Path(own, "/comments")).body.find("[обращение другого региона]"),
              std::string::npos);
    EXPECT_NE(op_->Get(Path(own, "/history")).body.find(far), std::string::npos);
}

TEST_F(VisibilityTest, ListsAndCountsHoldOnlyTheCallersRegion) {
    const std::string far = Uin(FarEastAppeal());
    const std::string own = Uin(Create());
    const auto list = regional_->Get("/api/v1/appeals").Json().at("items").as_array();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("uin").as_string(), own);
    // A filter that names the far-east applicant finds nothing for region 77.
    EXPECT_TRUE(regional_->Get("/api/v1/appeals?applicant_email=far.east%40example.ru")
                    .Json()
                    .at("items")
                    .as_array()
                    .empty());
    EXPECT_TRUE(regional_->Get("/api/v1/appeals?region=25").Json().at("items").as_array().empty());
    EXPECT_TRUE(regional_->Get("/api/v1/appeals?view=summary&applicant_snils=12345678964")
                    .Json()
                    .at("items")
                    .as_array()
                    .empty());

    const auto total = [](HttpClient& client) {
        std::int64_t sum = 0;
        const auto counts = client.Get("/api/v1/appeals/counts").Json();
        for (const auto& row : counts.at("items").as_array()) sum += row.at("count").as_int64();
        return sum;
    };
    // Before issue 12 the counts were global: 2 for everybody.
    EXPECT_EQ(total(*regional_), 1);
    EXPECT_EQ(total(*op_), 2);
    // Counts follow the appeal when it changes (the per-region counters move with it).
    const auto taken = op_->Post(Path(far, "/actions"), json::object{{"action", "take"}});
    ASSERT_EQ(taken.status, 200) << taken.body;
    EXPECT_EQ(total(*regional_), 1);
    EXPECT_EQ(total(*op_), 2);
}

// Issue 16: a queue's count is the number its list holds, with the same filter and scope:
// count=true adds `total` to the page, count=only answers `total` alone.
TEST_F(VisibilityTest, ListCountsHoldTheSameFilterAndScopeAsTheList) {
    Uin(FarEastAppeal());
    Uin(Create());
    Uin(Create());
    const auto total = [](HttpClient& client, const std::string& query) {
        const auto body = client.Get("/api/v1/appeals?" + query).Json();
        return body.at("total").as_int64();
    };
    EXPECT_EQ(total(*op_, "count=only"), 3);
    EXPECT_EQ(total(*regional_, "count=only"), 2) << "only the caller's region";
    EXPECT_EQ(total(*regional_, "count=only&region=25"), 0);
    EXPECT_EQ(total(*op_, "count=only&region=25"), 1);
    const auto page = op_->Get("/api/v1/appeals?count=true&limit=1&view=summary").Json();
    EXPECT_EQ(page.at("items").as_array().size(), 1u);
    EXPECT_EQ(page.at("total").as_int64(), 3) << "the total of every page, not this one";
    const auto full = regional_->Get("/api/v1/appeals?count=true&limit=1").Json();
    EXPECT_EQ(full.at("total").as_int64(), 2);
    EXPECT_FALSE(op_->Get("/api/v1/appeals?limit=1").Json().as_object().contains("total"))
        << "without count=, the answer is as before";
    EXPECT_EQ(total(*op_, "count=only&overdue=true&open=true"), 0);
    EXPECT_EQ(total(*op_, "count=only&due_soon=true&stage=x"), 0) << "no appeal at these stages";
    EXPECT_EQ(op_->Get("/api/v1/appeals?count=maybe").status, 422);
}

// The High finding: a status question registered by a regional operator with another region's
// applicant e-mail (or СНИЛС, or phone) returned that appeal whole and commented it.
TEST_F(VisibilityTest, StatusQuestionWithAnotherRegionsContactNeitherReturnsNorTouchesIt) {
    const std::string far = Uin(FarEastAppeal());
    const std::size_t comments = CommentCount(far);
    for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
             {"email", kVictimEmail}, {"snils", "123-456-789 64"}, {"phone", "+74232000001"}}) {
        auto body = ValidAppeal();
        auto& applicant = body["applicant"].as_object();
        applicant.erase("email");
        applicant.erase("snils");
        applicant.erase("phone");
        applicant[field] = value;
        if (field != "email") applicant["email"] = "other-" + field + "@example.ru";
        body["subject"] = "Статус обращения";
        body["text"] = "Какой статус моего обращения " + far + "? Когда будет ответ?";
        const auto response = regional_->Post("/api/v1/appeals", body);
        ASSERT_EQ(response.status / 100, 2) << response.body;
        const auto parsed = response.Json();
        const auto& answer = parsed.as_object();
        EXPECT_FALSE(answer.contains("registered") && !answer.at("registered").as_bool())
            << field << ": " << response.body;
        EXPECT_FALSE(answer.contains("appeal")) << field;
        EXPECT_NE(answer.at("uin").as_string(), far) << field;
        EXPECT_EQ(response.body.find("far.east"), std::string::npos) << field;
        EXPECT_EQ(response.body.find("\"comment_on\""), std::string::npos) << field;
    }
    EXPECT_EQ(CommentCount(far), comments);
}

// CH-7: replaying the Idempotency-Key of a status inquiry added a second comment.
TEST_F(VisibilityTest, StatusInquiryReplayedWithItsIdempotencyKeyCommentsOnce) {
    const std::string far = Uin(FarEastAppeal());
    const std::size_t comments = CommentCount(far);
    auto body = ValidAppeal();
    body["applicant"].as_object()["email"] = kVictimEmail;
    body["applicant"].as_object()["region"] = "25";
    body["subject"] = "Статус обращения";
    body["text"] = "Какой статус моего обращения " + far + "? Когда будет ответ?";
    const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "ask-1"}};
    const auto first = op_->Post("/api/v1/appeals", body, key);
    ASSERT_EQ(first.status, 200) << first.body;
    ASSERT_FALSE(first.Json().at("registered").as_bool()) << first.body;
    EXPECT_EQ(CommentCount(far), comments + 1);
    const auto replay = op_->Post("/api/v1/appeals", body, key);
    EXPECT_EQ(replay.status, 200) << replay.body;
    EXPECT_EQ(CommentCount(far), comments + 1);
    // The same key for another request is refused, as for registrations.
    body["text"] = "Какой статус моего обращения " + far + "? Прошу ответить скорее.";
    EXPECT_EQ(op_->Post("/api/v1/appeals", body, key).status, 409);
    EXPECT_EQ(CommentCount(far), comments + 1);
}

TEST_F(VisibilityTest, TriageEvidenceNamesNoOtherRegionsAppeal) {
    const std::string far = Uin(FarEastAppeal());
    // The same applicant, the same text: a duplicate for whoever may see the original.
    auto body = ValidAppeal();
    body["applicant"].as_object()["email"] = kVictimEmail;
    body["applicant"].as_object()["region"] = "77";
    const auto federal = op_->Post("/api/v1/triage/check", body);
    ASSERT_EQ(federal.status, 200) << federal.body;
    EXPECT_NE(federal.body.find(far), std::string::npos) << federal.body;
    const auto regional = regional_->Post("/api/v1/triage/check", body);
    ASSERT_EQ(regional.status, 200) << regional.body;
    EXPECT_EQ(regional.body.find(far), std::string::npos) << regional.body;
    EXPECT_EQ(regional.body.find("\"related\""), std::string::npos) << regional.body;
}

TEST_F(VisibilityTest, EventStreamCarriesOnlyTheCallersRegion) {
    HttpClient login(server_->port());
    EventStream events(server_->port(), Login(login, "moscow", kRegionalPassword));
    ASSERT_NE(events.ReadUntil("event: ready").find("event: ready"), std::string::npos);
    const std::string far = Uin(FarEastAppeal());
    ASSERT_EQ(op_->Post(Path(far, "/comments"), json::object{{"text", "Заметка"}}).status, 201);
    const std::string own = Uin(Create());
    // Events arrive in order: the far-east ones would have come before this one.
    const auto received = events.ReadUntil("\"uin\":\"" + own + "\"");
    EXPECT_NE(received.find(own), std::string::npos) << received;
    EXPECT_EQ(received.find(far), std::string::npos) << received;
}

// SEC-1: a regional operator's own phone registration without a region stays its own.
TEST_F(VisibilityTest, RegionalOperatorSeesThePhoneAppealItRegisteredWithoutARegion) {
    auto body = Distinct(ValidAppeal());
    body["channel"] = "phone";
    body["applicant"].as_object().erase("region");
    const auto created = regional_->Post("/api/v1/appeals", body);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string uin(created.Json().at("uin").as_string());
    const auto read = regional_->Get(Path(uin));
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.Json().at("applicant").at("region").as_string(), "77");
    EXPECT_EQ(regional_->Get("/api/v1/appeals").Json().at("items").as_array().size(), 1u);
}

// The High finding (chatbot): someone types another person's e-mail, then asks about the status
// and answers «нет»: the bot named that person's appeal and wrote a comment into it.
TEST_F(VisibilityTest, ChatbotNamesAndTouchesNoAppealOfAnUnprovenAddress) {
    auto body = ValidAppeal();
    body["regulation"] = "epgu";
    body.erase("category");
    body.erase("priority");
    body["applicant"].as_object()["email"] = kVictimEmail;
    body["applicant"].as_object()["region"] = "77";
    const auto victim = op_->Post("/api/v1/appeals", body);
    ASSERT_EQ(victim.status, 201) << victim.body;
    const std::string uin(victim.Json().at("uin").as_string());
    const std::size_t comments = CommentCount(uin);

    const auto started =
        public_->Post("/api/v1/chat/sessions", json::object{{"regulation", "epgu"},
                                                            {"region", "77"},
                                                            {"role", "citizen"},
                                                            {"login", "intruder"},
                                                            {"email", kVictimEmail}});
    ASSERT_EQ(started.status, 201) << started.body;
    const std::string id(started.Json().at("session_id").as_string());
    const auto say = [&](const std::string& text) {
        const auto reply = public_->Post("/api/v1/chat/sessions/" + id + "/messages",
                                         json::object{{"text", text}});
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply;
    };
    say("1");
    // A status question without the number, then «нет» if answers were offered, or «да» if
    // the bot found nothing and offers to register (issue 15): either way an appeal is
    // registered with the unproven address.
    auto reply = say("Какой статус моего обращения? Когда будет ответ?");
    const std::string step(reply.Json().at("step").as_string());
    if (step == "feedback") reply = say("нет");
    if (step == "offer") reply = say("да");
    EXPECT_EQ(reply.body.find(uin), std::string::npos) << reply.body;
    EXPECT_EQ(CommentCount(uin), comments);
    // With the number: the bot asks for the code sent to the address and says nothing else.
    const auto asked = say("Что с обращением " + uin + "?");
    EXPECT_EQ(asked.Json().at("step").as_string(), "code") << asked.body;
    EXPECT_EQ(json::serialize(asked.Json().at("messages")).find(uin), std::string::npos);
    EXPECT_EQ(json::serialize(asked.Json().at("messages")).find("статус «"), std::string::npos);
    const auto wrong = say("000000");
    EXPECT_EQ(json::serialize(wrong.Json().at("messages")).find(uin), std::string::npos);
    // The code went to the address's owner, not to whoever typed it.
    const std::string code = smtp_->NextCodeTo(kVictimEmail);
    ASSERT_FALSE(code.empty());
    // The owner, who reads that mailbox, gets the status.
    const auto told = say(code);
    EXPECT_EQ(told.Json().at("outcome").as_string(), "status") << told.body;
    EXPECT_NE(json::serialize(told.Json().at("messages")).find(uin), std::string::npos);
    EXPECT_EQ(CommentCount(uin), comments);
}

// The public status API gave the status for the number and the e-mail alone (SEC-5).
TEST_F(VisibilityTest, PublicStatusNeedsAProvenAddress) {
    const std::string far = Uin(FarEastAppeal());
    const std::string other = Uin(Create());
    const auto bare =
        public_->Get("/api/v1/public/appeals/" + Encode(far) + "?email=far.east%40example.ru");
    ASSERT_EQ(bare.status, 401) << bare.body;
    EXPECT_EQ(bare.Json().at("error").at("code").as_string(), "contact_unverified");

    // The code request answers the same for an address with and without appeals.
    const auto sent = public_->Post("/api/v1/public/contact/code",
                                    json::object{{"email", "Far.East@example.ru"}});
    ASSERT_EQ(sent.status, 202) << sent.body;
    const auto nobody =
        public_->Post("/api/v1/public/contact/code", json::object{{"email", "nobody@example.ru"}});
    ASSERT_EQ(nobody.status, 202) << nobody.body;
    EXPECT_EQ(sent.Json().at("message"), nobody.Json().at("message"));

    const std::string code = smtp_->NextCodeTo(kVictimEmail);
    ASSERT_FALSE(code.empty());
    const auto wrong = public_->Post("/api/v1/public/contact/verify",
                                     json::object{{"email", kVictimEmail}, {"code", "999999"}});
    EXPECT_EQ(wrong.status, 422) << wrong.body;
    EXPECT_EQ(wrong.Json().at("error").at("code").as_string(), "code_invalid");
    const auto verified = public_->Post("/api/v1/public/contact/verify",
                                        json::object{{"email", kVictimEmail}, {"code", code}});
    ASSERT_EQ(verified.status, 200) << verified.body;
    const std::string token(verified.Json().at("token").as_string());
    // Single use.
    EXPECT_EQ(public_
                  ->Post("/api/v1/public/contact/verify",
                         json::object{{"email", kVictimEmail}, {"code", code}})
                  .status,
              422);

    const auto status = public_->Send("GET", "/api/v1/public/appeals/" + Encode(far), "",
                                      {{"X-Contact-Token", token}});
    ASSERT_EQ(status.status, 200) << status.body;
    EXPECT_EQ(status.Json().at("status").as_string(), "registered");
    EXPECT_FALSE(status.Json().as_object().contains("applicant"));
    // The proof is for this address only: another applicant's appeal is "not found".
    const auto foreign = public_->Send("GET", "/api/v1/public/appeals/" + Encode(other), "",
                                       {{"X-Contact-Token", token}});
    EXPECT_EQ(foreign.status, 404) << foreign.body;
    const auto fake = public_->Send("GET", "/api/v1/public/appeals/" + Encode(far), "",
                                    {{"X-Contact-Token", "forged"}});
    EXPECT_EQ(fake.status, 401);
}

// SEC-3: the hotline call card («Карточка звонка») held the caller's name, phone, e-mail and
// address in clear text, readable by a role that may not reveal personal data, unlogged.
TEST_F(VisibilityTest, CallCardKeepsNoPersonalDataInClearText) {
    auto body = ValidAppeal();
    body["channel"] = "phone";
    body["applicant"].as_object()["address"] = "г. Москва, ул. Тверская, д. 1, кв. 5";
    const std::string uin = Uin(Create(body));
    const std::string card =
        "Карточка звонка\nПринял: operator\nЗаявитель: Соколова Анна; тел. +7 (916) 123-45-67; "
        "e-mail sokolova@example.ru; ИНН организации 500100732259\nАдрес проживания: г. Москва, "
        "ул. Тверская, д. 1, кв. 5\nАдрес проблемы: ул. Ленина, 3";
    ASSERT_EQ(op_->Post(Path(uin, "/comments"), json::object{{"text", card}}).status, 201);

    HttpClient tech(server_->port());
    tech.SetToken(Login(tech, "techsupport", kTechPassword));
    EXPECT_EQ(tech.Get(Path(uin, "/applicant")).status, 403);
    for (HttpClient* reader : {&tech, op_.get()}) {
        const auto comments = reader->Get(Path(uin, "/comments"));
        ASSERT_EQ(comments.status, 200) << comments.body;
        for (const char* value :
             {"Соколова", "123-45-67", "sokolova@", "Тверская", "500100732259"}) {
            EXPECT_EQ(comments.body.find(value), std::string::npos) << value << comments.body;
        }
        EXPECT_NE(comments.body.find("Карточка звонка"), std::string::npos);
        EXPECT_NE(comments.body.find("[телефон заявителя]"), std::string::npos);
        EXPECT_NE(comments.body.find("ул. Ленина, 3"), std::string::npos);
    }
    // The values are read through the applicant card, and that read is in the access log.
    const auto revealed = op_->Get(Path(uin, "/applicant?purpose=call"));
    ASSERT_EQ(revealed.status, 200) << revealed.body;
    EXPECT_NE(revealed.body.find("Тверская"), std::string::npos);
    const auto log = admin_->Get("/api/v1/audit/personal-data?uin=" + Encode(uin));
    ASSERT_EQ(log.status, 200) << log.body;
    EXPECT_NE(log.body.find("\"login\":\"operator\""), std::string::npos) << log.body;
}

// NT-3, issue 11: a notice the far-east applicant asked to get by phone is a task for staff; a
// regional operator of region 77 neither sees it in the task list nor can confirm it, and the
// answer to confirming it is the answer for a task that does not exist.
TEST_F(VisibilityTest, DeliveryTasksOfAnotherRegionAreHidden) {
    auto body = ValidAppeal();
    body["regulation"] = "epgu";
    body["channel"] = "phone";
    body.erase("category");
    body.erase("priority");
    auto& applicant = body["applicant"].as_object();
    applicant["region"] = "25";
    applicant["contact_channel"] = "phone";
    const std::string far = Uin(Create(body));
    const auto asked = op_->Post(
        Path(far, "/actions"),
        json::object{{"action", "request_info"}, {"comment", "Уточните номер заявления"}});
    ASSERT_EQ(asked.status, 200) << asked.body;
    const auto all = op_->Get("/api/v1/deliveries").Json().at("items").as_array();
    ASSERT_EQ(all.size(), 1u) << all;
    EXPECT_EQ(all[0].at("uin").as_string(), far);
    EXPECT_EQ(all[0].at("channel").as_string(), "phone");
    const auto id = std::to_string(all[0].at("id").as_int64());

    EXPECT_TRUE(regional_->Get("/api/v1/deliveries").Json().at("items").as_array().empty());
    const auto hidden =
        regional_->Post("/api/v1/deliveries/" + id, json::object{{"channel", "phone"}});
    const auto absent =
        regional_->Post("/api/v1/deliveries/999999", json::object{{"channel", "phone"}});
    EXPECT_EQ(hidden.status, 404) << hidden.body;
    EXPECT_EQ(hidden.body, absent.body);
    // Still waiting for the staff who may see it.
    EXPECT_EQ(op_->Get("/api/v1/deliveries").Json().at("items").as_array().size(), 1u);
}

}  // namespace
}  // namespace otklik::testing

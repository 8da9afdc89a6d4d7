// Issue 13: the dispatcher finds the route, checks the caller, runs the handler and maps what it
// returns or throws — expected failures to their statuses, broken infrastructure to 503, bugs to
// an assertion in debug builds (a 500 in release).
#include <set>
#include <stdexcept>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/api.hpp"
#include "api/router.hpp"
#include "core/basic_workflow.hpp"
#include "core/time.hpp"

using namespace otklik;
namespace json = boost::json;

namespace {

core::Error Missing() { return core::Error::NotFound("нет"); }

// Stores that hold nothing: the routes exercised here never reach data.
class EmptyAppeals final : public core::AppealRepository {
public:
    core::Result<core::Registered> Register(core::NewAppeal) override {
        return core::Fail(Missing());
    }
    core::Result<core::Appeal> Update(core::AppealChange) override { return core::Fail(Missing()); }
    core::Result<core::Appeal> FindByUin(std::string_view) override {
        return core::Fail(Missing());
    }
    core::Result<core::Appeal> FindById(std::int64_t) override { return core::Fail(Missing()); }
    core::Result<core::AppealPage> List(const core::AppealFilter&,
                                        const core::PageRequest&) override {
        return core::Fail(Missing());
    }
    core::Result<std::vector<core::Appeal>> FindByApplicantEmail(std::string_view, int) override {
        return core::Fail(Missing());
    }
    core::Result<core::Comment> AddComment(const core::Comment&,
                                           const core::HistoryEntry&) override {
        return core::Fail(Missing());
    }
    core::Result<core::Comment> AddCommentOnce(const core::Comment&, const core::HistoryEntry&,
                                               const std::string&, const std::string&) override {
        return core::Fail(Missing());
    }
    core::Result<std::vector<core::Comment>> Comments(std::int64_t) override {
        return core::Fail(Missing());
    }
    core::Result<std::vector<core::HistoryEntry>> History(std::int64_t) override {
        return core::Fail(Missing());
    }
    core::Result<core::Link> AddLink(const core::Link&, const core::HistoryEntry&) override {
        return core::Fail(Missing());
    }
    core::Result<std::vector<core::Link>> Links(std::int64_t) override {
        return core::Fail(Missing());
    }
    core::Result<std::vector<core::Appeal>> FindDue(core::Instant, int) override {
        return core::Fail(Missing());
    }
    core::Result<std::vector<core::QueueCount>> QueueCounts(const core::AppealScope&) override {
        return core::Fail(Missing());
    }
};

class EmptyUsers final : public core::UserRepository, public core::AuditRepository {
public:
    core::Result<core::User> CreateUser(const core::User&) override {
        return core::Fail(Missing());
    }
    core::Result<core::User> UpdateUser(const core::User&) override {
        return core::Fail(Missing());
    }
    core::Result<core::User> FindUserByLogin(std::string_view) override {
        return core::Fail(Missing());
    }
    core::Result<core::User> FindUserById(std::int64_t) override { return core::Fail(Missing()); }
    core::Result<std::vector<core::User>> ListUsers() override { return core::Fail(Missing()); }
    core::Result<core::Group> CreateGroup(const core::Group&) override {
        return core::Fail(Missing());
    }
    core::Result<core::Group> UpdateGroup(const core::Group&) override {
        return core::Fail(Missing());
    }
    core::Result<std::vector<core::Group>> ListGroups() override { return core::Fail(Missing()); }
    core::Result<core::Group> FindGroup(std::string_view) override { return core::Fail(Missing()); }
    core::Result<core::Credential> CreateCredential(const core::Credential&) override {
        return core::Fail(Missing());
    }
    core::Result<core::Credential> FindCredential(std::string_view) override {
        return core::Fail(Missing());
    }
    core::Result<std::vector<core::Credential>> ListCredentials(std::int64_t) override {
        return core::Fail(Missing());
    }
    core::Result<core::Credential> RevokeCredential(std::int64_t, core::Instant) override {
        return core::Fail(Missing());
    }
    core::Result<int> RevokeAllCredentials(std::int64_t, core::Instant) override {
        return core::Fail(Missing());
    }
    core::Result<core::PersonalDataAccess> LogAccess(const core::PersonalDataAccess&) override {
        return core::Fail(Missing());
    }
    core::Result<std::vector<core::PersonalDataAccess>> Accesses(std::string_view, int) override {
        return core::Fail(Missing());
    }
};

class DispatcherTest : public ::testing::Test {
protected:
    api::Response Send(std::string method, std::string target, std::string body = "") {
        api::Request request;
        request.method = std::move(method);
        request.target = std::move(target);
        api::ParseTarget(request.target, request.path, request.query);
        request.body = std::move(body);
        request.peer_address = "127.0.0.1";
        return api_.Handle(request);
    }

    static std::string Code(const api::Response& response) {
        return std::string(json::parse(response.body).at("error").at("code").as_string());
    }

    core::ManualClock clock_{*core::ParseInstant("2026-01-12T07:00:00Z")};
    EmptyAppeals appeals_;
    EmptyUsers users_;
    core::BasicWorkflow workflow_{{{"test", "ТТ"}}, "test"};
    core::AppealService service_{appeals_, workflow_, clock_};
    api::Authenticator auth_{users_, clock_};
    api::Metrics metrics_;
    std::function<bool()> ready_ = [] { return true; };
    api::Api api_{api::ApiDependencies{.appeals = service_,
                                       .appeal_store = appeals_,
                                       .users = users_,
                                       .audit = users_,
                                       .auth = auth_,
                                       .clock = clock_,
                                       .manual_clock = &clock_,
                                       .metrics = metrics_,
                                       .ready = [this] { return ready_(); },
                                       .after_clock_change = {}}};
};

}  // namespace

TEST_F(DispatcherTest, AnswersAPublicRoute) {
    const auto response = Send("GET", "/healthz");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"status":"ok"})");
}

TEST_F(DispatcherTest, UnknownPathIsNotFoundAndWrongMethodIsRefused) {
    const auto unknown = Send("GET", "/api/v1/nothing");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(Code(unknown), "not_found");
    const auto method = Send("DELETE", "/api/v1/appeals");
    EXPECT_EQ(method.status, 400);
    EXPECT_EQ(Code(method), "method_not_allowed");
}

TEST_F(DispatcherTest, StaffRoutesWantACaller) {
    const auto response = Send("GET", "/api/v1/appeals?limit=12abc");
    EXPECT_EQ(response.status, 401);
}

TEST_F(DispatcherTest, HandlerFailuresAreMappedOnce) {
    const auto not_json = Send("POST", "/api/v1/auth/login", "{");
    EXPECT_EQ(not_json.status, 400);
    EXPECT_EQ(Code(not_json), "bad_request");
    const auto empty = Send("POST", "/api/v1/auth/login", "{}");
    EXPECT_EQ(empty.status, 422);
    EXPECT_EQ(Code(empty), "validation_failed");
    const auto fields = json::parse(empty.body).at("error").at("fields").as_array();
    ASSERT_EQ(fields.size(), 2u);
    EXPECT_EQ(fields[0].at("field"), "login");
    EXPECT_EQ(fields[1].at("field"), "password");
    const auto clock = Send("POST", "/api/v1/test/clock", R"({"set":"вчера"})");
    EXPECT_EQ(clock.status, 422);
}

TEST_F(DispatcherTest, EveryAnswerCarriesTheSafetyHeaders) {
    for (const auto& response : {Send("GET", "/healthz"), Send("GET", "/nothing")}) {
        std::set<std::string> names;
        for (const auto& [name, value] : response.headers) names.insert(name);
        EXPECT_TRUE(names.contains("Cache-Control"));
        EXPECT_TRUE(names.contains("X-Content-Type-Options"));
        EXPECT_TRUE(names.contains("X-Frame-Options"));
    }
}

TEST_F(DispatcherTest, ChatAnswersAreEmbeddableErrorsToo) {
    const auto response = Send("POST", "/api/v1/chat/sessions", "{}");
    EXPECT_EQ(response.status, 503);  // no chatbot wired
    bool cross_origin = false;
    for (const auto& [name, value] : response.headers) {
        cross_origin |= name == "Access-Control-Allow-Origin" && value == "*";
    }
    EXPECT_TRUE(cross_origin);
}

TEST_F(DispatcherTest, BrokenInfrastructureIsUnavailable) {
    ready_ = []() -> bool { throw std::runtime_error("database is locked"); };
    const auto response = Send("GET", "/readyz");
    EXPECT_EQ(response.status, 503);
    EXPECT_EQ(Code(response), "unavailable");
}

TEST_F(DispatcherTest, ABugStopsADebugBuild) {
    ready_ = []() -> bool { throw std::out_of_range("map::at"); };
#ifdef NDEBUG
    const auto response = Send("GET", "/readyz");
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(Code(response), "internal");
#else
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(Send("GET", "/readyz"), "");
#endif
}

TEST(RouteTable, PatternsAreUniquePerMethodAndAllHaveHandlers) {
    std::set<std::string> seen;
    for (const auto& route : api::Api::Routes()) {
        EXPECT_TRUE(
            seen.insert(std::string(route.method) + " " + std::string(route.pattern)).second)
            << route.pattern;
        EXPECT_NE(route.handler, nullptr) << route.pattern;
    }
    EXPECT_EQ(seen.size(), 87u);
}

TEST(FindRoute, MatchesSegmentsAndNamesParameters) {
    const auto& routes = api::Api::Routes();
    auto match =
        api::FindRoute(routes, "GET", "/api/v1/appeals/ББ-2026-000001/attachments/2", false);
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/api/v1/appeals/{uin}/attachments/{n}");
    EXPECT_EQ(match.params.at("uin"), "ББ-2026-000001");
    EXPECT_EQ(match.params.at("n"), "2");
    // A fixed segment wins when listed first; an empty segment never fills a parameter.
    EXPECT_EQ(api::FindRoute(routes, "GET", "/api/v1/appeals/counts", false).route->pattern,
              "/api/v1/appeals/counts");
    EXPECT_EQ(api::FindRoute(routes, "GET", "/api/v1/appeals//history", false).route, nullptr);
    auto wrong = api::FindRoute(routes, "PUT", "/api/v1/appeals", false);
    EXPECT_EQ(wrong.route, nullptr);
    EXPECT_TRUE(wrong.path_known);
    // The test clock exists only when test routes are on.
    auto hidden = api::FindRoute(routes, "POST", "/api/v1/test/clock", false);
    EXPECT_EQ(hidden.route, nullptr);
    EXPECT_FALSE(hidden.path_known);
    EXPECT_NE(api::FindRoute(routes, "POST", "/api/v1/test/clock", true).route, nullptr);
}

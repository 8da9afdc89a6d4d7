// Issue 13: request targets are read with Boost.URL, the appeal list's query strictly.
#include <gtest/gtest.h>

#include "api/appeal_requests.hpp"
#include "api/http.hpp"
#include "core/time.hpp"

using namespace otklik;
using api::ParseTarget;
using api::Request;

namespace {

Request Get(std::string_view target) {
    Request request;
    request.method = "GET";
    request.target = std::string(target);
    ParseTarget(request.target, request.path, request.query);
    return request;
}

const core::Actor kOperator{7, "operator", core::Role::kOperator, "", ""};
const core::Instant kNow = *core::ParseInstant("2026-01-12T07:00:00Z");

}  // namespace

TEST(ParseTarget, DecodesPathAndQuery) {
    const auto request =
        Get("/api/v1/appeals/"
            "%D0%91%D0%91-2026-000123?q=%D0%B3%D0%B4%D0%B5+%D0%BC%D0%BE%D0%B9&open=true");
    EXPECT_EQ(request.path, "/api/v1/appeals/ББ-2026-000123");
    EXPECT_EQ(request.Query("q"), "где мой");
    EXPECT_EQ(request.Query("open"), "true");
    EXPECT_EQ(request.query.size(), 2u);
}

TEST(ParseTarget, PlusIsASpaceOnlyInTheQuery) {
    const auto request = Get("/a+b/c%2Bd?x=1+2&y=1%2B2");
    EXPECT_EQ(request.path, "/a+b/c+d");
    EXPECT_EQ(request.Query("x"), "1 2");
    EXPECT_EQ(request.Query("y"), "1+2");
}

TEST(ParseTarget, KeepsWhatClientsSendOutsideTheGrammar) {
    // A "%" that starts no escape, raw UTF-8 and "|" stand for themselves, as before.
    const auto request = Get("/x%zz/ё?q=a|b&p=100%&r=%");
    EXPECT_EQ(request.path, "/x%zz/ё");
    EXPECT_EQ(request.Query("q"), "a|b");
    EXPECT_EQ(request.Query("p"), "100%");
    EXPECT_EQ(request.Query("r"), "%");
}

TEST(ParseTarget, EmptyAndRepeatedParameters) {
    const auto request = Get("/p?a&&b=&=c&status=registered&status=closed");
    EXPECT_TRUE(request.HasQuery("a"));
    EXPECT_EQ(request.Query("a"), "");
    EXPECT_TRUE(request.HasQuery("b"));
    EXPECT_EQ(request.Query(""), "c");
    EXPECT_EQ(request.query.count("status"), 2u);
    EXPECT_EQ(request.query.size(), 5u);
}

TEST(ParseTarget, OddTargetsMatchNoRouteRatherThanFail) {
    EXPECT_EQ(Get("//etc/passwd").path, "//etc/passwd");
    EXPECT_EQ(Get("/a#b").path, "/a#b");
    EXPECT_EQ(Get("*").path, "*");
    EXPECT_EQ(Get("http://host/api/v1/appeals").path, "http://host/api/v1/appeals");
}

TEST(PercentCoding, RoundTripsAndFormBodies) {
    EXPECT_EQ(api::PercentEncode("ББ-2026 1"), "%D0%91%D0%91-2026%201");
    EXPECT_EQ(api::PercentDecode(api::PercentEncode("a/b?c&d"), false), "a/b?c&d");
    EXPECT_EQ(api::PercentDecode("a+b%20c", true), "a b c");
    EXPECT_EQ(api::PercentDecode("a+b%2", false), "a+b%2");
    const auto form =
        api::ParseQuery("comment=%D0%BD%D0%B5+%D1%80%D0%B5%D1%88%D0%B5%D0%BD%D0%BE&x=1");
    ASSERT_EQ(form.count("comment"), 1u);
    EXPECT_EQ(form.find("comment")->second, "не решено");
}

TEST(AppealListQuery, ReadsFiltersPageAndView) {
    auto query = api::ParseAppealListQuery(
        Get("/api/v1/appeals?status=registered,assigned&assignee=me&triage=flag,hold"
            "&overdue=true&sort=deadline&limit=20&view=summary&after=abc"
            "&applicant_snils=112-233-445%2095&created_from=2026-01-01T00:00:00Z"),
        kOperator, kNow);
    ASSERT_TRUE(query) << query.error().code;
    EXPECT_EQ(query->filter.statuses,
              (std::vector<core::Status>{core::Status::kRegistered, core::Status::kAssigned}));
    EXPECT_EQ(query->filter.assignee, "operator");
    EXPECT_EQ(query->filter.triage_decisions, (std::vector<std::string>{"flag", "hold"}));
    EXPECT_EQ(query->filter.overdue_at, kNow);
    EXPECT_EQ(query->filter.applicant_snils, "11223344595");
    EXPECT_EQ(query->filter.created_from, core::ParseInstant("2026-01-01T00:00:00Z"));
    EXPECT_EQ(query->page.order, core::AppealOrder::kByDeadline);
    EXPECT_EQ(query->page.limit, 20);
    EXPECT_EQ(query->page.after, "abc");
    EXPECT_TRUE(query->summaries_only);
}

TEST(AppealListQuery, DefaultsWithoutParameters) {
    auto query = api::ParseAppealListQuery(Get("/api/v1/appeals"), kOperator, kNow);
    ASSERT_TRUE(query);
    EXPECT_TRUE(query->filter.statuses.empty());
    EXPECT_EQ(query->page.order, core::AppealOrder::kByCreatedDesc);
    EXPECT_FALSE(query->summaries_only);
    EXPECT_FALSE(query->filter.overdue_at);
}

TEST(AppealListQuery, RefusesBadParametersByName) {
    const std::pair<const char*, const char*> cases[] = {
        {"status=registered,bogus", "status"},
        {"triage=flag,", "triage"},
        {"sort=newest", "sort"},
        {"limit=0", "limit"},
        {"limit=501", "limit"},
        {"limit=12abc", "limit"},  // once read as 12
        {"limit=-5", "limit"},
        {"limit=99999999999999999999", "limit"},
        {"limit=", "limit"},
        {"view=cards", "view"},
        {"created_from=yesterday", "created_from"},
        {"created_to=2026-13-01T00:00:00Z", "created_to"},
    };
    for (const auto& [parameters, field] : cases) {
        auto query = api::ParseAppealListQuery(Get(std::string("/api/v1/appeals?") + parameters),
                                               kOperator, kNow);
        ASSERT_FALSE(query) << parameters;
        EXPECT_EQ(query.error().kind, core::ErrorKind::kValidation) << parameters;
        ASSERT_EQ(query.error().fields.size(), 1u) << parameters;
        EXPECT_EQ(query.error().fields[0].field, field) << parameters;
    }
    auto snils =
        api::ParseAppealListQuery(Get("/api/v1/appeals?applicant_snils=123"), kOperator, kNow);
    ASSERT_FALSE(snils);
    EXPECT_EQ(snils.error().code, "bad_filter");
}

TEST(IfMatch, TakesAVersionInAnyOfItsForms) {
    EXPECT_EQ(*api::ParseIfMatch(""), std::nullopt);
    EXPECT_EQ(*api::ParseIfMatch("3"), 3);
    EXPECT_EQ(*api::ParseIfMatch("\"3\""), 3);
    EXPECT_EQ(*api::ParseIfMatch("W/\"3\""), 3);
    for (const char* bad : {"0", "-1", "3abc", "\"\"", "*", " 3", "99999999999999999999"}) {
        auto version = api::ParseIfMatch(bad);
        ASSERT_FALSE(version) << bad;
        EXPECT_EQ(version.error().fields.at(0).field, "If-Match");
    }
}

TEST(ActionBody, ParametersAsText) {
    auto action = api::ParseActionBody(R"({"action":"pause","days":3,"urgent":true,"note":null})");
    ASSERT_TRUE(action);
    EXPECT_EQ(action->action, "pause");
    EXPECT_EQ(action->params.at("days"), "3");
    EXPECT_EQ(action->params.at("urgent"), "true");
    EXPECT_EQ(action->params.at("note"), "");
    auto missing = api::ParseActionBody(R"({"days":[1]})");
    ASSERT_FALSE(missing);
    ASSERT_EQ(missing.error().fields.size(), 2u);
    EXPECT_EQ(missing.error().fields[0].code, "type");
    EXPECT_EQ(missing.error().fields[1].field, "action");
}

TEST(CommentBody, RefusesUnknownFieldsAndVisibilities) {
    auto comment = api::ParseCommentBody(R"({"text":"Позвонили","visibility":"public"})");
    ASSERT_TRUE(comment);
    EXPECT_EQ(comment->visibility, core::Visibility::kPublic);
    EXPECT_EQ(api::ParseCommentBody(R"({"txt":"a"})").error().code, "unknown_field");
    EXPECT_EQ(api::ParseCommentBody(R"({"visibility":"all"})").error().fields.at(0).field,
              "visibility");
    EXPECT_EQ(api::ParseCommentBody("[]").error().kind, core::ErrorKind::kBadRequest);
}

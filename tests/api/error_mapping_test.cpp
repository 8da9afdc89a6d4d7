// Issue 13: expected failures become HTTP answers in one place, with the documented statuses
// and the {"error": {"code", "message", "fields"}} body.
#include "api/error_mapping.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace json = boost::json;
using otklik::api::AnswerOf;
using otklik::api::ErrorResponse;
using otklik::api::Response;
using otklik::core::Error;
using otklik::core::ErrorKind;

namespace {

json::object ErrorBody(const Response& response) {
    return json::parse(response.body).as_object().at("error").as_object();
}

}  // namespace

TEST(ErrorMapping, EveryKindHasItsStatus) {
    const std::pair<ErrorKind, int> expected[] = {
        {ErrorKind::kBadRequest, 400},    {ErrorKind::kValidation, 422},
        {ErrorKind::kUnauthorized, 401},  {ErrorKind::kForbidden, 403},
        {ErrorKind::kNotFound, 404},      {ErrorKind::kConflict, 409},
        {ErrorKind::kUnprocessable, 422}, {ErrorKind::kPreconditionFailed, 428},
        {ErrorKind::kRateLimited, 429},   {ErrorKind::kUnavailable, 503},
    };
    for (const auto& [kind, status] : expected) {
        EXPECT_EQ(otklik::api::HttpStatus(kind), status);
        EXPECT_EQ(AnswerOf(otklik::core::Fail(Error{kind, "code", "message", {}})).status, status);
    }
}

TEST(ErrorMapping, ValidationNamesEveryField) {
    const auto response = AnswerOf(otklik::core::Fail(
        Error::Validation({{"applicant.snils", "checksum", "Неверная контрольная сумма"},
                           {"text", "required", "Опишите проблему"}})));
    EXPECT_EQ(response.status, 422);
    EXPECT_EQ(response.content_type, "application/json; charset=utf-8");
    const auto error = ErrorBody(response);
    EXPECT_EQ(error.at("code"), "validation_failed");
    EXPECT_EQ(error.at("message"), "Проверьте заполнение полей");
    const auto& fields = error.at("fields").as_array();
    ASSERT_EQ(fields.size(), 2u);
    EXPECT_EQ(fields[0].as_object().at("field"), "applicant.snils");
    EXPECT_EQ(fields[0].as_object().at("code"), "checksum");
    EXPECT_EQ(fields[1].as_object().at("field"), "text");
}

TEST(ErrorMapping, ForbiddenAndNotFoundKeepTheirCodes) {
    auto forbidden = AnswerOf(otklik::core::Fail(Error::Forbidden("Нет доступа")));
    EXPECT_EQ(forbidden.status, 403);
    EXPECT_EQ(ErrorBody(forbidden).at("code"), "forbidden");
    EXPECT_TRUE(ErrorBody(forbidden).at("fields").as_array().empty());
    auto missing = AnswerOf(otklik::core::Fail(Error::NotFound("Нет такого")));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(ErrorBody(missing).at("code"), "not_found");
    auto conflict = AnswerOf(otklik::core::Fail(Error::Conflict("version_conflict", "Изменено")));
    EXPECT_EQ(conflict.status, 409);
    EXPECT_EQ(ErrorBody(conflict).at("code"), "version_conflict");
}

TEST(ErrorMapping, TooManyFieldErrorsAreSummedUp) {
    std::vector<otklik::core::FieldError> fields(otklik::api::kMaxFieldErrors + 7,
                                                 {"x", "unknown", "Неизвестное поле"});
    const auto error = ErrorBody(ErrorResponse(Error::Validation(std::move(fields))));
    const auto& listed = error.at("fields").as_array();
    ASSERT_EQ(listed.size(), otklik::api::kMaxFieldErrors + 1);
    EXPECT_EQ(listed.back().as_object().at("code"), "too_many_errors");
    EXPECT_EQ(listed.back().as_object().at("message"), "И ещё ошибок: 7");
}

TEST(ErrorMapping, ASuccessfulResultIsAnsweredAsBuilt) {
    Response built;
    built.status = 201;
    built.body = "{}";
    built.Header("Location", "/api/v1/appeals/X");
    const auto response = AnswerOf(built);
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.body, "{}");
    ASSERT_EQ(response.headers.size(), 1u);
}

TEST(ErrorMapping, RateLimitedAndInternalErrorAnswers) {
    const auto limited = otklik::api::RateLimited(7);
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(ErrorBody(limited).at("code"), "rate_limited");
    ASSERT_EQ(limited.headers.size(), 1u);
    EXPECT_EQ(limited.headers[0], (std::pair<std::string, std::string>{"Retry-After", "7"}));
    const auto internal = otklik::api::InternalError();
    EXPECT_EQ(internal.status, 500);
    EXPECT_EQ(ErrorBody(internal).at("code"), "internal");
}

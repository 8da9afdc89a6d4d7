#include "api/error_mapping.hpp"

#include <string>

#include <boost/json.hpp>

namespace otklik::api {

namespace json = boost::json;

int HttpStatus(core::ErrorKind kind) {
    switch (kind) {
        case core::ErrorKind::kBadRequest:
            return 400;
        case core::ErrorKind::kValidation:
            return 422;
        case core::ErrorKind::kUnauthorized:
            return 401;
        case core::ErrorKind::kForbidden:
            return 403;
        case core::ErrorKind::kNotFound:
            return 404;
        case core::ErrorKind::kConflict:
            return 409;
        case core::ErrorKind::kUnprocessable:
            return 422;
        case core::ErrorKind::kPreconditionFailed:
            return 428;
        case core::ErrorKind::kRateLimited:
            return 429;
        case core::ErrorKind::kUnavailable:
            return 503;
    }
    return 500;
}

Response JsonResponse(int status, const json::value& body) {
    Response response;
    response.status = status;
    response.body = json::serialize(body);
    return response;
}

Response ErrorResponse(const core::Error& error) {
    json::array fields;
    for (std::size_t i = 0; i < error.fields.size() && i < kMaxFieldErrors; ++i) {
        const auto& field = error.fields[i];
        fields.push_back(
            json::object{{"field", field.field}, {"code", field.code}, {"message", field.message}});
    }
    if (error.fields.size() > kMaxFieldErrors) {
        fields.push_back(json::object{
            {"field", ""},
            {"code", "too_many_errors"},
            {"message", "И ещё ошибок: " + std::to_string(error.fields.size() - kMaxFieldErrors)}});
    }
    return JsonResponse(HttpStatus(error.kind),
                        json::object{{"error", json::object{{"code", error.code},
                                                            {"message", error.message},
                                                            {"fields", std::move(fields)}}}});
}

Response RateLimited(int retry_after) {
    auto response = ErrorResponse({core::ErrorKind::kRateLimited,
                                   "rate_limited",
                                   "Слишком много запросов: повторите позже",
                                   {}});
    response.Header("Retry-After", std::to_string(retry_after));
    return response;
}

Response InternalError() {
    return JsonResponse(
        500, json::object{{"error", json::object{{"code", "internal"},
                                                 {"message", "Внутренняя ошибка сервера"},
                                                 {"fields", json::array{}}}}});
}

Response AnswerOf(core::Result<Response> result) {
    if (!result) return ErrorResponse(result.error());
    return std::move(*result);
}

}  // namespace otklik::api

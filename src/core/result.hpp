#pragma once

#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace otklik::core {

/// The kind of an expected failure. Decides the HTTP status in one place (api/error_mapping);
/// the stable machine-readable code for clients lives in Error::code.
enum class ErrorKind {
    kBadRequest,          ///< malformed request (not JSON, wrong types)
    kValidation,          ///< well-formed but invalid fields
    kUnauthorized,        ///< no or bad credentials
    kForbidden,           ///< authenticated, but the role may not do this
    kNotFound,            ///< no such object (or not visible to this user)
    kConflict,            ///< stale version, duplicate key
    kUnprocessable,       ///< action not allowed in this state, admissibility refusal
    kPreconditionFailed,  ///< a required precondition header is missing
    kRateLimited,         ///< too many requests
    kUnavailable,         ///< not ready, shutting down
};

/// One invalid field: `field` is a JSON path such as "applicant.snils", `code` a stable
/// machine-readable reason ("required", "checksum", "format"), `message` Russian text.
struct FieldError {
    std::string field;
    std::string code;
    std::string message;
};

/// An expected failure: a value, never an exception. `code` is stable API vocabulary
/// ("validation_failed", "version_conflict"...), `message` is Russian for people.
struct Error {
    ErrorKind kind = ErrorKind::kBadRequest;
    std::string code;
    std::string message;
    std::vector<FieldError> fields;

    static Error Validation(std::vector<FieldError> fields) {
        return {ErrorKind::kValidation, "validation_failed", "Проверьте заполнение полей",
                std::move(fields)};
    }
    static Error NotFound(std::string message) {
        return {ErrorKind::kNotFound, "not_found", std::move(message), {}};
    }
    static Error Forbidden(std::string message) {
        return {ErrorKind::kForbidden, "forbidden", std::move(message), {}};
    }
    static Error Conflict(std::string code, std::string message) {
        return {ErrorKind::kConflict, std::move(code), std::move(message), {}};
    }
    static Error BadRequest(std::string message) {
        return {ErrorKind::kBadRequest, "bad_request", std::move(message), {}};
    }
    static Error Unprocessable(std::string code, std::string message) {
        return {ErrorKind::kUnprocessable, std::move(code), std::move(message), {}};
    }
};

/// Expected-failure result. C++23: std::expected<T, Error>; use only what it also has.
template <class T>
using Result = tl::expected<T, Error>;

/// Builds the error side of a Result.
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace otklik::core

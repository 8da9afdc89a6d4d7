#pragma once

#include <cstddef>

#include <boost/json/value.hpp>

#include "api/http.hpp"
#include "core/result.hpp"

namespace otklik::api {

/// The HTTP status of an error kind: one switch, no default, so a new kind must be mapped.
int HttpStatus(core::ErrorKind kind);

/// At most this many field errors in one error body; the rest are summed up in a last entry
/// with code "too_many_errors" (issue 12: a body of 300,000 unknown keys).
inline constexpr std::size_t kMaxFieldErrors = 50;

/// {"error": {"code", "message", "fields": [...]}} with the mapped status: the one place an
/// expected failure becomes an HTTP answer.
Response ErrorResponse(const core::Error& error);
Response JsonResponse(int status, const boost::json::value& body);
/// 429 "rate_limited" with Retry-After (SEC-4: public endpoints and logins).
Response RateLimited(int retry_after);

/// 500 "internal": the last resort of a release build for a bug (see Api::Handle).
Response InternalError();

/// What a handler's result answers: the response it built, or its error mapped by
/// ErrorResponse.
Response AnswerOf(core::Result<Response> result);

}  // namespace otklik::api

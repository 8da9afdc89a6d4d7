#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "api/http.hpp"
#include "core/appeal.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "core/workflow.hpp"
#include "views/appeal_view.hpp"

namespace otklik::api {

namespace json = boost::json;

/// The HTTP status of an error kind: one switch, no default, so a new kind must be mapped.
int HttpStatus(core::ErrorKind kind);

/// At most this many field errors in one error body; the rest are summed up in a last entry
/// with code "too_many_errors" (issue 12: a body of 300,000 unknown keys).
inline constexpr std::size_t kMaxFieldErrors = 50;
/// Most members of a request object (or of any object nested in it): more is a 400
/// "too_many_fields" before any field is looked at.
inline constexpr std::size_t kMaxObjectMembers = 200;

/// {"error": {"code", "message", "fields": [...]}} with the mapped status.
Response ErrorResponse(const core::Error& error);
Response JsonResponse(int status, const json::value& body);
/// 429 "rate_limited" with Retry-After (SEC-4: public endpoints and logins).
Response RateLimited(int retry_after);

/// Parses a JSON object body; kBadRequest naming the problem when it is not one, and
/// "too_many_fields" when an object in it has more than kMaxObjectMembers members. The value
/// lives in one arena released with it, so a huge body leaves no fragmented heap behind.
/// A whole decimal number taken from a path segment ("/deliveries/{id}"); nullopt for anything
/// else ("12abc", "", "-"), which the caller answers as a missing object.
std::optional<std::int64_t> ParseId(std::string_view text);

core::Result<json::object> ParseObject(const std::string& body);

/// kBadRequest "unknown_field" naming the first members of `object` not in `known`.
core::Result<void> RefuseUnknownFields(const json::object& object,
                                       std::initializer_list<std::string_view> known);

/// Reads an appeal draft (the scriptable create body) strictly: every field a string, unknown
/// fields refused, so that a typo ("snills") is an error rather than silently lost data. On
/// failure the error lists these problems together with every field check of the draft.
core::Result<core::AppealDraft> ParseDraft(const json::object& body);

// The appeal's and the applicant's forms are rendered once, by the views library.
using views::AppealJson;
using views::FullApplicant;
using views::MaskedApplicant;

json::object CommentJson(const core::Comment& comment);
json::object HistoryJson(const core::HistoryEntry& entry);
json::object LinkJson(const core::Link& link);
json::object UserJson(const core::User& user);
json::object GroupJson(const core::Group& group);
json::object CredentialJson(const core::Credential& credential);

/// A string member or "" when absent; kValidation when present but not a string.
core::Result<std::string> OptionalString(const json::object& object, std::string_view key,
                                         const std::string& path);

}  // namespace otklik::api

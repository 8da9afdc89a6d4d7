#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "api/error_mapping.hpp"
#include "api/http.hpp"
#include "core/appeal.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "core/workflow.hpp"
#include "views/appeal_view.hpp"

namespace otklik::api {

namespace json = boost::json;

/// Most members of a request object (or of any object nested in it): more is a 400
/// "too_many_fields" before any field is looked at.
inline constexpr std::size_t kMaxObjectMembers = 200;

/// Parses a JSON object body; kBadRequest naming the problem when it is not one, and
/// "too_many_fields" when an object in it has more than kMaxObjectMembers members. The value
/// lives in one arena released with it, so a huge body leaves no fragmented heap behind.
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

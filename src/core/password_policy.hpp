#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace otklik::core {

/// Shortest password accepted for a staff account (SEC-4).
inline constexpr std::size_t kMinPasswordLength = 10;
/// Longest password accepted: longer ones are refused before they are hashed.
inline constexpr std::size_t kMaxPasswordLength = 256;
/// Longest login accepted anywhere, sign-in included.
inline constexpr std::size_t kMaxLoginLength = 64;

/// Why a password is refused for `login`, or nullopt when it is acceptable (SEC-4). The
/// FieldError names the field "password" and carries a stable code — "too_short", "too_long",
/// "contains_login", "common" — and the reason in Russian. Lengths count characters (UTF-8).
std::optional<FieldError> CheckPassword(std::string_view password, std::string_view login);

/// True when `password`, lower-cased and without trailing digits and punctuation, is one of the
/// widely used passwords of the built-in list (common_passwords.cpp).
bool IsCommonPassword(std::string_view password);

}  // namespace otklik::core

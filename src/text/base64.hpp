#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace otklik::text {

/// Base64 of `bytes` (RFC 4648 §4, with padding): MIME bodies and RFC 2047 words.
std::string Base64(std::string_view bytes);

/// URL-safe base64 without padding (RFC 4648 §5): tokens in links and headers.
std::string Base64Url(std::string_view bytes);

/// Decodes URL-safe base64 without padding; nullopt when `text` is not exactly that.
std::optional<std::string> FromBase64Url(std::string_view text);

/// Decodes base64 as mail readers do (RFC 2045 §6.8): characters outside the alphabet (line
/// breaks, padding, stray bytes) are skipped and a trailing partial group keeps its whole bytes.
/// Never fails.
std::string FromBase64Lenient(std::string_view text);

}  // namespace otklik::text

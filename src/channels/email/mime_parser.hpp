#pragma once

#include <string_view>

#include "channels/email/letter.hpp"
#include "core/result.hpp"

namespace otklik::channels::email {

/// Parses a raw RFC 5322 message with GMime 3: headers decoded to UTF-8 (RFC 2047, raw 8-bit
/// headers in windows-1251 / KOI8-R detected), the text part (or the HTML part converted)
/// decoded from quoted-printable / base64 and its charset, attachments decoded, auto-replies
/// and bounces recognized. Thread-safe. kValidation "mime_unparsable" when GMime cannot read
/// a message at all; odd but readable letters parse.
[[nodiscard]] core::Result<ParsedLetter> ParseLetter(std::string_view raw);

/// The bare Message-ID, without angle brackets and surrounding spaces.
std::string NormalizeMessageId(std::string_view id);

}  // namespace otklik::channels::email

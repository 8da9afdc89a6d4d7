#pragma once

#include <string>
#include <string_view>

namespace otklik::channels::email {

/// Converts `bytes` to UTF-8. The declared charset is tried first, but real Russian mail often
/// declares a wrong one or none (GLPI #7876, FreeScout #351): valid UTF-8 wins, then whichever
/// of the declared charset, windows-1251 and KOI8-R reads as more plausible Russian.
/// `used` receives the charset chosen. Never fails: undecodable bytes become U+FFFD.
std::string ToUtf8(std::string_view bytes, std::string_view declared, std::string* used = nullptr);

/// Plain text from HTML: scripts, styles and head dropped, block elements as line breaks,
/// entities decoded, blockquotes prefixed with "> " so that reply trimming sees them.
std::string HtmlToText(std::string_view html);

/// The part of a reply the author wrote: quoted lines ("> "), everything after a reply header
/// ("-----Original Message-----", «… пишет:», "On … wrote:") and the signature ("-- ") removed.
std::string TrimReply(std::string_view text);

/// Collapses runs of blank lines, trims trailing spaces and the text's ends.
std::string TidyText(std::string_view text);

}  // namespace otklik::channels::email

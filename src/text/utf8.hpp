#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace otklik::text {

/// The character that stands for bytes that are not UTF-8.
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

/// One step of decoding: the code point at a position and how many bytes it took. An ill-formed
/// sequence (stray or truncated continuation, overlong form, surrogate, beyond U+10FFFF) is
/// `valid == false`, reads as U+FFFD and takes one byte, so offsets into the caller's text stay
/// exact and decoding never fails.
struct DecodedCodePoint {
    char32_t value = kReplacementCharacter;
    std::size_t size = 1;
    bool valid = false;
};

/// Decodes the code point that starts at byte `pos` (< text.size()) of `text`.
DecodedCodePoint DecodeAt(std::string_view text, std::size_t pos);

/// Decodes the code point at `pos` and advances `pos` past it (see DecodeAt). ASCII and
/// two-byte sequences (Cyrillic) are decoded inline: text rules call this for every character.
inline char32_t NextCodePoint(std::string_view text, std::size_t& pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    if (lead >= 0xC2 && lead <= 0xDF && pos + 1 < text.size()) {
        const auto next = static_cast<unsigned char>(text[pos + 1]);
        if ((next & 0xC0U) == 0x80) {
            pos += 2;
            return static_cast<char32_t>(((lead & 0x1FU) << 6) | (next & 0x3FU));
        }
    }
    const auto decoded = DecodeAt(text, pos);
    pos += decoded.size;
    return decoded.value;
}

/// Whether `text` is well-formed UTF-8 (RFC 3629). Text from outside that is not JSON (CSV
/// uploads, mail) must pass this before it is stored, since the API hands it out as JSON strings.
bool IsValidUtf8(std::string_view text);

/// Appends `code_point` to `out` as UTF-8.
inline void AppendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        const char bytes[2] = {static_cast<char>(0xC0 | (cp >> 6)),
                               static_cast<char>(0x80 | (cp & 0x3F))};
        out.append(bytes, 2);
    } else if (cp < 0x10000) {
        const char bytes[3] = {static_cast<char>(0xE0 | (cp >> 12)),
                               static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                               static_cast<char>(0x80 | (cp & 0x3F))};
        out.append(bytes, 3);
    } else {
        const char bytes[4] = {
            static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
            static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
        out.append(bytes, 4);
    }
}

/// Decodes a whole string; ill-formed bytes become U+FFFD one by one.
std::u32string DecodeUtf8(std::string_view text);

/// Encodes code points as UTF-8.
std::string EncodeUtf8(std::u32string_view code_points);

/// Character classes the text rules need without a Unicode database.
inline bool IsCyrillic(char32_t c) { return c >= 0x0400 && c <= 0x052F; }
inline bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }

}  // namespace otklik::text

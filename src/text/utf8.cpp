#include "text/utf8.hpp"

#include <cstdint>

namespace otklik::text {

DecodedCodePoint DecodeAt(std::string_view text, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) return {lead, 1, true};
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if ((lead & 0xE0U) == 0xC0) {
        extra = 1;
        cp = lead & 0x1FU;
    } else if ((lead & 0xF0U) == 0xE0) {
        extra = 2;
        cp = lead & 0x0FU;
    } else if ((lead & 0xF8U) == 0xF0) {
        extra = 3;
        cp = lead & 0x07U;
    } else {
        return {};
    }
    if (pos + extra >= text.size()) return {};
    for (std::size_t k = 1; k <= extra; ++k) {
        const auto next = static_cast<unsigned char>(text[pos + k]);
        if ((next & 0xC0U) != 0x80) return {};
        cp = (cp << 6) | (next & 0x3FU);
    }
    // Overlong forms and surrogates are not UTF-8 (RFC 3629 §3).
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return {};
    }
    return {static_cast<char32_t>(cp), extra + 1, true};
}

bool IsValidUtf8(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto decoded = DecodeAt(text, pos);
        if (!decoded.valid) return false;
        pos += decoded.size;
    }
    return true;
}

std::u32string DecodeUtf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) out.push_back(NextCodePoint(text, pos));
    return out;
}

std::string EncodeUtf8(std::u32string_view code_points) {
    std::string out;
    out.reserve(code_points.size() * 2);
    for (const char32_t cp : code_points) AppendUtf8(out, cp);
    return out;
}

}  // namespace otklik::text

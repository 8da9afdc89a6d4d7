#include "text/case_folding.hpp"

#include <cstdint>
#include <optional>
#include <utility>

#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace otklik::text {

namespace {

// The one-letter folds of what nearly every appeal is written in: ASCII and the Cyrillic block's
// first 96 code points (U+0400-U+045F: capitals fold by a fixed offset), and punctuation that has
// no case (no-break space, « », §, °, ·, U+2000-U+203F: dashes, quotes, ellipsis; №). The same
// bytes ICU gives (tests/text/case_folding_test.cpp); ICU converts to UTF-16 and back, which cost
// a tenth of a registration's triage (issue 18). nullopt: anything else, ICU's to fold.
std::optional<std::string> FoldCommon(std::string_view utf8) {
    std::string out(utf8);
    const auto continuation = [&](std::size_t at) {
        return at < out.size() && (static_cast<unsigned char>(out[at]) & 0xC0U) == 0x80U;
    };
    for (std::size_t i = 0; i < out.size();) {
        const auto lead = static_cast<unsigned char>(out[i]);
        if (lead < 0x80U) {
            if (lead >= 'A' && lead <= 'Z') out[i] = static_cast<char>(lead - 'A' + 'a');
            ++i;
        } else if ((lead == 0xD0U || lead == 0xD1U) && continuation(i + 1)) {
            auto code = static_cast<char32_t>(((lead & 0x1FU) << 6U) |
                                              (static_cast<unsigned char>(out[i + 1]) & 0x3FU));
            if (code > 0x45F) return std::nullopt;
            if (code <= 0x40F) {
                code += 0x50;  // Ѐ…Џ → ѐ…џ
            } else if (code <= 0x42F) {
                code += 0x20;  // А…Я → а…я
            }
            out[i] = static_cast<char>(0xC0U | (code >> 6U));
            out[i + 1] = static_cast<char>(0x80U | (code & 0x3FU));
            i += 2;
        } else if (lead == 0xC2U && continuation(i + 1)) {
            const auto next = static_cast<unsigned char>(out[i + 1]);
            if (next != 0xA0U && next != 0xABU && next != 0xBBU && next != 0xA7U && next != 0xB0U &&
                next != 0xB7U) {
                return std::nullopt;
            }
            i += 2;
        } else if (lead == 0xE2U && continuation(i + 1) && continuation(i + 2)) {
            const auto second = static_cast<unsigned char>(out[i + 1]);
            const auto third = static_cast<unsigned char>(out[i + 2]);
            if (second != 0x80U && !(second == 0x84U && third == 0x96U)) return std::nullopt;
            i += 3;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

}  // namespace

std::string FoldCase(std::string_view utf8) {
    if (auto common = FoldCommon(utf8)) return std::move(*common);
    auto text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
    text.foldCase(U_FOLD_CASE_DEFAULT);
    std::string out;
    text.toUTF8String(out);
    return out;
}

char32_t FoldCase(char32_t code_point) {
    return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(code_point), U_FOLD_CASE_DEFAULT));
}

std::string AsciiLower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace otklik::text

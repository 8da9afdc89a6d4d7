#include "text/case_folding.hpp"

#include <cstdint>
#include <optional>
#include <utility>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/utf8.hpp"

namespace otklik::text {

namespace {

// The one-letter folds of what nearly every appeal is written in: ASCII and the Cyrillic block's
// first 96 code points (U+0400-U+045F: capitals fold by a fixed offset), and punctuation that has
// no case (no-break space, « », §, °, ·, U+2000-U+203F: dashes, quotes, ellipsis; №). The same
// bytes ICU gives (tests/text/case_folding_test.cpp); ICU converts to UTF-16 and back, which cost
// a tenth of a registration's triage (issue 18). nullopt: anything else (ill-formed bytes too,
// decoded as U+FFFD), ICU's to fold.
std::optional<std::string> FoldCommon(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t pos = 0; pos < utf8.size();) {
        char32_t c = NextCodePoint(utf8, pos);
        if (c >= U'A' && c <= U'Z') {
            c += U'a' - U'A';
        } else if (c >= 0x400 && c <= 0x40F) {
            c += 0x50;  // Ѐ…Џ → ѐ…џ
        } else if (c >= 0x410 && c <= 0x42F) {
            c += 0x20;  // А…Я → а…я
        } else if (!(c < 0x80 || (c >= 0x430 && c <= 0x45F) || (c >= 0x2000 && c <= 0x203F) ||
                     c == 0xA0 || c == 0xA7 || c == 0xAB || c == 0xB0 || c == 0xB7 || c == 0xBB ||
                     c == 0x2116)) {
            return std::nullopt;
        }
        AppendUtf8(out, c);
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

char32_t BaseLetter(char32_t code_point) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
    icu::UnicodeString decomposition;
    if (U_FAILURE(status) || nfkd == nullptr ||
        !nfkd->getDecomposition(static_cast<UChar32>(code_point), decomposition) ||
        decomposition.isEmpty()) {
        return code_point;
    }
    return static_cast<char32_t>(decomposition.char32At(0));
}

}  // namespace otklik::text

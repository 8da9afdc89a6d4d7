#pragma once

#include <string>
#include <string_view>

namespace otklik::text {

/// Unicode full case folding (ICU, default mappings): the form to compare words, addresses and
/// answers in regardless of case, for every script ("Ёлка" and "ёЛКА" fold alike). The result may
/// differ in length from the input ("ß" folds to "ss"); bytes that are not UTF-8 become U+FFFD.
std::string FoldCase(std::string_view utf8);

/// Simple case folding of one code point (ICU), length-preserving in code points.
char32_t FoldCase(char32_t code_point);

/// The letter a letter is drawn from: the first code point of its compatibility decomposition
/// (ICU NFKD) — «ӱ» → «у», «ö» → «o», fullwidth «ｘ» → «x», the Roman numeral «ⅰ» → «i», «й» →
/// «и» — or the code point itself when it has none. For matching letters of other alphabets put
/// for Russian ones; callers keep «й», «ё».
char32_t BaseLetter(char32_t code_point);

/// Lower-cases ASCII letters only, byte for byte: for protocol tokens (charset names, header
/// values, HTML tags) where offsets into the lowered text must hold in the original.
std::string AsciiLower(std::string_view text);

}  // namespace otklik::text

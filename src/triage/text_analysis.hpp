#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "triage/triage_outcome.hpp"

namespace otklik::triage {

/// The letters a token is written in.
enum class Script : std::uint8_t {
    kNone,      ///< digits only
    kCyrillic,  ///< Cyrillic letters (digits may be mixed in)
    kLatin,     ///< Latin letters (digits may be mixed in)
    kMixed,     ///< Cyrillic and Latin letters in one word: look-alike substitution
    kOther,     ///< any other script (Greek, CJK, Arabic…)
};

/// What separates a token from the previous one; lets detectors re-join "х.у.й" or "б л я".
enum class Gap : std::uint8_t {
    kStart,   ///< first token of its field
    kInWord,  ///< one to three of . - _ * ' ` · / | + ~ and no space
    kSpace,   ///< exactly one space
    kOther,   ///< anything else (other punctuation, several spaces, a line break)
};

/// One word of the appeal. `folded` is ICU case folding with ё→е and invisible characters
/// (soft hyphens, zero-width spaces, combining accents) removed; look-alike letters are NOT
/// replaced here (that is the abuse detector's business, it needs the original letters too).
struct Token {
    TextField field = TextField::kText;
    std::uint32_t begin = 0;  ///< UTF-8 byte offset into the field
    std::uint32_t end = 0;
    std::string folded;
    std::string stem;  ///< Russian stem for Cyrillic words, `folded` otherwise
    Script script = Script::kNone;
    std::uint16_t letters = 0;  ///< letters in the word (code points)
    bool has_digit = false;
    bool technical = false;  ///< inside a URL, e-mail, path, code identifier, stack trace line
    bool upper_initial = false;
    bool all_upper = false;
    bool quoted = false;  ///< inside «…», “…” or "…"
    Gap gap = Gap::kStart;
    std::uint16_t sentence = 0;  ///< sentences are numbered across subject and text
};

/// Letter counts over prose tokens (technical tokens and Latin acronyms excluded) — TR-1.
struct ProseStats {
    std::size_t cyrillic_letters = 0;
    std::size_t latin_letters = 0;
    std::size_t other_letters = 0;
    std::size_t cyrillic_words = 0;
    std::size_t latin_words = 0;
    std::size_t other_words = 0;

    std::size_t Letters() const { return cyrillic_letters + latin_letters + other_letters; }
};

/// Hashes of a token's stem, folded form and WordHead: the keys phrase indexes look words up
/// by, computed once per appeal instead of once per matcher.
struct TokenKeys {
    std::uint64_t stem = 0;
    std::uint64_t folded = 0;
    std::uint64_t head = 0;
    std::size_t head_bytes = 0;  // WordHead's length, so that it is not decoded again per matcher
};

/// The first two code points of a word (prefix patterns are indexed by them).
std::string_view WordHead(std::string_view word);

/// The hash TokenKeys hold (std::hash of the bytes).
std::uint64_t WordHash(std::string_view word);

/// A draft's subject and text split into words, with the statistics the rules share.
/// Holds views of the caller's strings: they must outlive it.
struct AnalyzedText {
    std::string_view subject;
    std::string_view text;
    std::vector<Token> tokens;    ///< subject's tokens first, then the text's
    std::vector<TokenKeys> keys;  ///< by token; filled by AnalyzeText
    ProseStats prose;
    bool has_question_mark = false;  ///< a "?" outside technical fragments
    /// Of them, one outside quotes: the caller's quoted «Алло, это поддержка?» asks nothing.
    bool has_question_outside_quotes = false;
    std::size_t sentence_count = 0;

    std::string_view Field(TextField field) const {
        return field == TextField::kSubject ? subject : text;
    }
    std::string_view Original(const Token& token) const {
        return Field(token.field).substr(token.begin, token.end - token.begin);
    }
    /// Original characters from token `first` to token `last` inclusive (same field).
    std::string_view Span(std::size_t first, std::size_t last) const;
    /// A TextMatch covering tokens `first`…`last`.
    TextMatch Match(std::size_t first, std::size_t last, std::string matched,
                    std::string kind) const;
};

/// Normalizes and tokenizes an appeal. Pure; about a microsecond per word.
AnalyzedText AnalyzeText(std::string_view subject, std::string_view text);

/// Case folding plus ё→е of an arbitrary string (for lexicon entries and keywords).
std::string FoldText(std::string_view text);

}  // namespace otklik::triage

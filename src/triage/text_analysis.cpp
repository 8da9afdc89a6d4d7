#include "triage/text_analysis.hpp"

#include <algorithm>
#include <functional>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "text/case_folding.hpp"
#include "text/utf8.hpp"
#include "triage/stemmer.hpp"

namespace otklik::triage {

namespace {

using text::IsAsciiDigit;
using text::IsAsciiLetter;
using text::IsCyrillic;

enum class LetterScript { kCyrillic, kLatin, kOther };

bool IsLatinExtended(char32_t c) {
    return IsAsciiLetter(c) || (c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7);
}

bool IsLetter(char32_t c) {
    if (c < 0x80) return IsAsciiLetter(c);
    if (IsCyrillic(c)) return c != 0x0482 && !(c >= 0x0483 && c <= 0x0489);
    return u_isalpha(static_cast<UChar32>(c)) != 0;
}

LetterScript ScriptOf(char32_t c) {
    if (IsCyrillic(c)) return LetterScript::kCyrillic;
    if (IsLatinExtended(c)) return LetterScript::kLatin;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
    if (U_SUCCESS(status)) {
        if (script == USCRIPT_CYRILLIC) return LetterScript::kCyrillic;
        if (script == USCRIPT_LATIN) return LetterScript::kLatin;
    }
    return LetterScript::kOther;
}

bool IsUpper(char32_t c) {
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    if (c >= 0x0410 && c <= 0x042F) return true;
    if (c == 0x0401) return true;
    if (c >= 0x0430 && c <= 0x045F) return false;
    return u_isupper(static_cast<UChar32>(c)) != 0;
}

// ё is folded to е everywhere: people write either, and the lexicons are written with е.
char32_t Fold(char32_t c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0x0410 && c <= 0x042F) return c + 0x20;
    if (c == 0x0401 || c == 0x0451) return 0x0435;
    if (c >= 0x0430 && c <= 0x044F) return c;
    const auto folded = text::FoldCase(c);
    return folded == 0x0451 ? 0x0435 : folded;
}

bool IsMark(char32_t c) {
    if (c < 0x0300) return false;
    return u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK;
}

// Soft hyphens and zero-width characters hide words from naive filters ("х\u00ADуй").
bool IsInvisible(char32_t c) {
    if (c == 0x00AD || (c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF) return true;
    if (c < 0x0600) return false;
    return u_charType(static_cast<UChar32>(c)) == U_FORMAT_CHAR;
}

bool IsSpace(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x00A0 || c == 0x2009 ||
           c == 0x202F || c == 0x3000 || c == '\f' || c == '\v';
}

struct Range {
    std::size_t begin = 0;
    std::size_t end = 0;
};

bool Contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char a = s[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
        if (a != prefix[i]) return false;
    }
    return true;
}

bool HasCyrillic(std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        if (IsCyrillic(text::NextCodePoint(s, pos))) return true;
    }
    return false;
}

// A line of a stack trace, log or code: no Russian in it and the marks of code.
bool IsTechnicalLine(std::string_view line) {
    if (HasCyrillic(line)) return false;
    std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) return false;
    const std::string_view trimmed = line.substr(start);
    if (StartsWithNoCase(trimmed, "at ") && Contains(trimmed, "(")) return true;
    for (std::string_view marker : {"Exception", "Traceback", "File \"", "Caused by", "stack trace",
                                    "SQLSTATE", "errno", "HTTP/1", "<html", "<?xml"}) {
        if (Contains(trimmed, marker)) return true;
    }
    int code_marks = 0;
    for (char c : trimmed) {
        if (c == '{' || c == '}' || c == '[' || c == ']' || c == ';' || c == '=' || c == '<' ||
            c == '>' || c == '\\') {
            ++code_marks;
        }
    }
    return code_marks >= 2;
}

bool IsAlnumAscii(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A whitespace-delimited chunk that is a URL, an e-mail, a path or a code identifier.
bool IsTechnicalChunk(std::string_view chunk) {
    while (!chunk.empty() && (chunk.back() == '.' || chunk.back() == ',' || chunk.back() == ')' ||
                              chunk.back() == ';' || chunk.back() == ':' || chunk.back() == '!' ||
                              chunk.back() == '?' || chunk.back() == '"' || chunk.back() == '\'')) {
        chunk.remove_suffix(1);
    }
    while (!chunk.empty() && (chunk.front() == '(' || chunk.front() == '"' ||
                              chunk.front() == '\'' || chunk.front() == '<')) {
        chunk.remove_prefix(1);
    }
    if (chunk.size() < 2) return false;
    if (Contains(chunk, "://") || StartsWithNoCase(chunk, "www.")) return true;
    if (const std::size_t at = chunk.find('@'); at != std::string_view::npos && at > 0) {
        const std::size_t dot = chunk.find('.', at);
        if (dot != std::string_view::npos && dot + 1 < chunk.size()) return true;
    }
    const bool cyrillic = HasCyrillic(chunk);
    if (cyrillic) {
        // Cyrillic domains (госуслуги.рф); "т.е." and "х.у.й" are not domains.
        for (std::string_view tld : {".рф", ".рус", ".ру", ".su"}) {
            const std::size_t pos = chunk.find(tld);
            if (pos != std::string_view::npos && pos > 2 &&
                (pos + tld.size() == chunk.size() || chunk[pos + tld.size()] == '/')) {
                return true;
            }
        }
        return false;
    }
    if (chunk.front() == '/' || StartsWithNoCase(chunk, "~/") ||
        (chunk.size() > 2 && chunk[1] == ':' && chunk[2] == '\\')) {
        return true;
    }
    bool letters = false;
    bool digits = false;
    for (std::size_t i = 0; i < chunk.size(); ++i) {
        const char c = chunk[i];
        if (c == '_' || c == '=' || c == '{' || c == '}' || c == '<' || c == '>' || c == '\\' ||
            c == '[' || c == ']' || c == '#' || c == '$' || c == '%' || c == '&') {
            return true;
        }
        if ((c == ':' && i + 1 < chunk.size() && chunk[i + 1] == ':') ||
            (c == '-' && i + 1 < chunk.size() && chunk[i + 1] == '>')) {
            return true;
        }
        if ((c == '.' || c == '/' || c == '(') && i > 0 && i + 1 < chunk.size() &&
            IsAlnumAscii(chunk[i - 1]) && (IsAlnumAscii(chunk[i + 1]) || chunk[i + 1] == ')')) {
            // 3.5 is a number, file.py and a/b are not prose.
            if (!(c == '.' && IsAsciiDigit(static_cast<unsigned char>(chunk[i - 1])) &&
                  IsAsciiDigit(static_cast<unsigned char>(chunk[i + 1])))) {
                return true;
            }
        }
        if (c >= '0' && c <= '9') digits = true;
        if (IsAsciiLetter(static_cast<unsigned char>(c))) letters = true;
        // camelCase: NullPointerException, getUser, iPhone.
        if (i > 0 && c >= 'A' && c <= 'Z' && chunk[i - 1] >= 'a' && chunk[i - 1] <= 'z') {
            return true;
        }
    }
    return letters && digits;
}

std::vector<Range> TechnicalRanges(std::string_view s) {
    std::vector<Range> ranges;
    // Lines: fenced code blocks and lines of logs, traces or code.
    bool fenced = false;
    std::size_t line_start = 0;
    while (line_start < s.size()) {
        std::size_t line_end = s.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = s.size();
        const std::string_view line = s.substr(line_start, line_end - line_start);
        const std::size_t first = line.find_first_not_of(" \t");
        const bool fence = first != std::string_view::npos && line.substr(first).starts_with("```");
        if (fence || fenced || IsTechnicalLine(line)) ranges.push_back({line_start, line_end});
        if (fence) fenced = !fenced;
        line_start = line_end + 1;
    }
    // Chunks: URLs, e-mails, paths, identifiers inside prose lines.
    std::size_t pos = 0;
    while (pos < s.size()) {
        while (pos < s.size() &&
               (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) {
            ++pos;
        }
        const std::size_t begin = pos;
        while (pos < s.size() && s[pos] != ' ' && s[pos] != '\t' && s[pos] != '\n' &&
               s[pos] != '\r') {
            ++pos;
        }
        if (pos > begin && IsTechnicalChunk(s.substr(begin, pos - begin))) {
            ranges.push_back({begin, pos});
        }
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const Range& a, const Range& b) { return a.begin < b.begin; });
    return ranges;
}

bool InRanges(const std::vector<Range>& ranges, std::size_t offset) {
    for (const Range& range : ranges) {
        if (range.begin > offset) break;
        if (offset < range.end) return true;
    }
    return false;
}

Gap GapOf(std::string_view separator) {
    if (separator == " ") return Gap::kSpace;
    if (separator.empty()) return Gap::kInWord;
    std::size_t pos = 0;
    std::size_t count = 0;
    while (pos < separator.size()) {
        const char32_t c = text::NextCodePoint(separator, pos);
        const bool in_word = c == '.' || c == '-' || c == '_' || c == '*' || c == '\'' ||
                             c == '`' || c == 0x00B7 || c == '/' || c == '|' || c == '+' ||
                             c == '~' || c == 0x2019 || c == 0x2010 || c == 0x2011;
        if (!in_word || ++count > 3) return Gap::kOther;
    }
    return Gap::kInWord;
}

class FieldTokenizer {
public:
    FieldTokenizer(AnalyzedText& out, TextField field, std::string_view s)
        : out_(out), field_(field), s_(s), technical_(TechnicalRanges(s)) {}

    void Run() {
        std::size_t pos = 0;
        while (pos < s_.size()) {
            const std::size_t at = pos;
            const char32_t c = text::NextCodePoint(s_, pos);
            if (IsLetter(c)) {
                StartIfNeeded(at);
                AddLetter(c);
                continue;
            }
            // «×уйня»: the multiplication sign drawn for «х» at the start of a Cyrillic word stays
            // in the word, for the abuse detector to read (frozen set 21). Inside a word («ху×ня»)
            // it is a mark put for a hidden letter, read as such; «2×3» is no word.
            if (c == 0x00D7 && !in_word_ && CyrillicAt(pos)) {
                StartIfNeeded(at);
                ++cyrillic_;
                text::AppendUtf8(current_.folded, c);
                continue;
            }
            if (IsAsciiDigit(c)) {
                StartIfNeeded(at);
                current_.has_digit = true;
                current_.folded.push_back(static_cast<char>(c));
                continue;
            }
            if (in_word_ && IsMark(c)) {
                // A decomposed "й" is "и" + U+0306; other accents are dropped.
                if (c == 0x0306 && current_.folded.ends_with("и")) {
                    current_.folded.resize(current_.folded.size() - 2);
                    text::AppendUtf8(current_.folded, 0x0439);
                }
                continue;
            }
            if (IsInvisible(c)) continue;
            if (in_word_ && (c == '\'' || c == 0x2019 || c == '@') && pos < s_.size()) {
                std::size_t next_pos = pos;
                const char32_t next = text::NextCodePoint(s_, next_pos);
                if (IsLetter(next) && (c == '@' ? !InRanges(technical_, at) : latin_ > 0)) {
                    // "бл@дь": '@' stands for "а"; "pod'ezd": the apostrophe is a soft sign.
                    if (c == '@') current_.has_digit = true;
                    current_.folded.push_back(c == '@' ? '@' : '\'');
                    continue;
                }
            }
            Finish(at);
            Punctuation(c, pos);
        }
        Finish(s_.size());
        boundary_ = true;
    }

    bool boundary() const { return boundary_; }

private:
    // A Cyrillic letter starts at `pos`.
    bool CyrillicAt(std::size_t pos) const {
        return pos < s_.size() && IsCyrillic(text::NextCodePoint(s_, pos));
    }

    void StartIfNeeded(std::size_t at) {
        if (in_word_) return;
        in_word_ = true;
        current_ = Token{};
        current_.field = field_;
        current_.begin = static_cast<std::uint32_t>(at);
        current_.quoted = quote_depth_ > 0 || ascii_quote_;
        cyrillic_ = latin_ = other_ = uppers_ = 0;
        first_upper_ = false;
    }

    void AddLetter(char32_t c) {
        const bool upper = IsUpper(c);
        if (cyrillic_ + latin_ + other_ == 0) first_upper_ = upper;
        if (upper) ++uppers_;
        switch (ScriptOf(c)) {
            case LetterScript::kCyrillic:
                ++cyrillic_;
                break;
            case LetterScript::kLatin:
                ++latin_;
                break;
            case LetterScript::kOther:
                ++other_;
                break;
        }
        text::AppendUtf8(current_.folded, Fold(c));
    }

    void Finish(std::size_t at) {
        if (!in_word_) return;
        in_word_ = false;
        Token& t = current_;
        t.end = static_cast<std::uint32_t>(at);
        const std::size_t letters = cyrillic_ + latin_ + other_;
        t.letters = static_cast<std::uint16_t>(std::min<std::size_t>(letters, 0xFFFF));
        if (cyrillic_ > 0 && latin_ > 0) {
            t.script = Script::kMixed;
        } else if (cyrillic_ > 0) {
            t.script = Script::kCyrillic;
        } else if (latin_ > 0) {
            t.script = Script::kLatin;
        } else if (other_ > 0) {
            t.script = Script::kOther;
        } else {
            t.script = Script::kNone;
        }
        t.upper_initial = first_upper_;
        t.all_upper = letters > 0 && uppers_ == letters;
        t.technical = InRanges(technical_, t.begin);
        t.gap = previous_end_ == kNoToken
                    ? Gap::kStart
                    : GapOf(s_.substr(previous_end_, t.begin - previous_end_));
        if (boundary_) {
            // Saturates: a text of 65,535 sentences keeps numbering its tail as one sentence.
            if (!out_.tokens.empty() && sentence < 0xFFFF) ++sentence;
            boundary_ = false;
        }
        t.sentence = sentence;
        if (t.script == Script::kCyrillic && !t.has_digit) {
            t.stem = StemRussian(t.folded);
        } else {
            t.stem = t.folded;
        }
        if (!t.technical && letters > 0) {
            ProseStats& p = out_.prose;
            if (t.script == Script::kCyrillic || t.script == Script::kMixed) {
                p.cyrillic_letters += letters;
                ++p.cyrillic_words;
            } else if (t.script == Script::kLatin) {
                // Acronyms (SMS, PDF, HTTP) say nothing about the language of the prose.
                if (!(t.all_upper && letters <= 5)) {
                    p.latin_letters += latin_;
                    ++p.latin_words;
                }
            } else if (t.script == Script::kOther) {
                p.other_letters += letters;
                ++p.other_words;
            }
        }
        previous_end_ = t.end;
        out_.tokens.push_back(std::move(t));
    }

    void Punctuation(char32_t c, std::size_t next) {
        const bool technical = InRanges(technical_, next - 1);
        if (c == '\n') {
            quote_depth_ = 0;
            ascii_quote_ = false;
            boundary_ = true;
            return;
        }
        if (c == 0x00AB || c == 0x201E) {
            ++quote_depth_;
        } else if (c == 0x00BB || c == 0x201D) {
            if (quote_depth_ > 0) --quote_depth_;
        } else if (c == 0x201C) {
            if (quote_depth_ > 0) {
                --quote_depth_;
            } else {
                ++quote_depth_;
            }
        } else if (c == '"' && !technical) {
            ascii_quote_ = !ascii_quote_;
        }
        if (c == '?' && !technical) {
            out_.has_question_mark = true;
            if (quote_depth_ == 0 && !ascii_quote_) out_.has_question_outside_quotes = true;
        }
        if (quote_depth_ > 0 || ascii_quote_ || technical) return;
        if (c == '!' || c == '?' || c == 0x2026 || c == ';') {
            boundary_ = true;
        } else if (c == '.') {
            if (next >= s_.size() || IsSpace(static_cast<unsigned char>(s_[next])) ||
                s_[next] == '\n') {
                boundary_ = true;
            }
        }
    }

    static constexpr std::size_t kNoToken = static_cast<std::size_t>(-1);

    AnalyzedText& out_;
    TextField field_;
    std::string_view s_;
    std::vector<Range> technical_;
    Token current_;
    bool in_word_ = false;
    std::size_t cyrillic_ = 0;
    std::size_t latin_ = 0;
    std::size_t other_ = 0;
    std::size_t uppers_ = 0;
    bool first_upper_ = false;
    int quote_depth_ = 0;
    bool ascii_quote_ = false;
    bool boundary_ = false;
    std::size_t previous_end_ = kNoToken;

public:
    std::uint16_t sentence = 0;
};

}  // namespace

std::string_view AnalyzedText::Span(std::size_t first, std::size_t last) const {
    const Token& a = tokens[first];
    const Token& b = tokens[last];
    if (a.field != b.field) return Original(a);
    return Field(a.field).substr(a.begin, b.end - a.begin);
}

TextMatch AnalyzedText::Match(std::size_t first, std::size_t last, std::string matched,
                              std::string kind) const {
    const Token& a = tokens[first];
    const Token& b = tokens[last];
    const std::size_t end = a.field == b.field ? b.end : a.end;
    return TextMatch{a.field,
                     a.begin,
                     end - a.begin,
                     std::string(Field(a.field).substr(a.begin, end - a.begin)),
                     std::move(matched),
                     std::move(kind)};
}

AnalyzedText AnalyzeText(std::string_view subject, std::string_view text) {
    AnalyzedText out;
    out.subject = subject;
    out.text = text;
    out.tokens.reserve((subject.size() + text.size()) / 6 + 4);
    std::uint16_t sentence = 0;
    bool any = false;
    for (TextField field : {TextField::kSubject, TextField::kText}) {
        FieldTokenizer tokenizer(out, field, out.Field(field));
        const std::size_t before = out.tokens.size();
        tokenizer.sentence =
            any && sentence < 0xFFFF ? static_cast<std::uint16_t>(sentence + 1) : sentence;
        tokenizer.Run();
        if (out.tokens.size() > before) {
            // A new field always starts a new sentence; the first token of a field set
            // sentence itself, fix the numbering to continue after the previous field.
            any = true;
            sentence = out.tokens.back().sentence;
        }
    }
    out.sentence_count = out.tokens.empty() ? 0 : static_cast<std::size_t>(sentence) + 1;
    out.keys.reserve(out.tokens.size());
    for (const Token& token : out.tokens) {
        const std::string_view head = WordHead(token.folded);
        out.keys.push_back(
            {WordHash(token.stem), WordHash(token.folded), WordHash(head), head.size()});
    }
    return out;
}

std::string_view WordHead(std::string_view word) {
    std::size_t pos = 0;
    for (int i = 0; i < 2 && pos < word.size(); ++i) text::NextCodePoint(word, pos);
    return word.substr(0, pos);
}

std::uint64_t WordHash(std::string_view word) { return std::hash<std::string_view>{}(word); }

std::string FoldText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) text::AppendUtf8(out, Fold(text::NextCodePoint(text, pos)));
    return out;
}

}  // namespace otklik::triage

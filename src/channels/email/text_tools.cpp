#include "channels/email/text_tools.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <vector>

#include <unicode/ucnv.h>

#include "text/case_folding.hpp"
#include "text/utf8.hpp"

namespace otklik::channels::email {
namespace {

using text::IsValidUtf8;

bool IsAscii(std::string_view bytes) {
    return std::all_of(bytes.begin(), bytes.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0x80U) == 0; });
}

bool IsUtf8Name(std::string_view charset) {
    const auto name = text::AsciiLower(charset);
    return name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii";
}

// ICU substitutes undecodable input by default, which is what a mail reader should do.
bool Convert(std::string_view bytes, const std::string& charset, std::string& out) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* probe = ucnv_open(charset.c_str(), &status);
    if (U_FAILURE(status) || probe == nullptr) return false;
    ucnv_close(probe);
    out.assign(bytes.size() * 3 + 16, '\0');
    status = U_ZERO_ERROR;
    const auto written =
        ucnv_convert("UTF-8", charset.c_str(), out.data(), static_cast<int32_t>(out.size()),
                     bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status)) return false;
    out.resize(static_cast<std::size_t>(written));
    return true;
}

// How much a UTF-8 text looks like Russian: lower-case Cyrillic letters count for it,
// upper-case letters inside words (KOI8-R read as windows-1251 and back) count against it.
long RussianScore(std::string_view s) {
    long score = 0;
    bool prev_lower = false;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = c;
        std::size_t len = 1;
        if ((c & 0xE0U) == 0xC0 && i + 1 < s.size()) {
            cp = ((c & 0x1FU) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3FU);
            len = 2;
        } else if ((c & 0xF0U) == 0xE0 && i + 2 < s.size()) {
            cp = ((c & 0x0FU) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3FU) << 6) |
                 (static_cast<unsigned char>(s[i + 2]) & 0x3FU);
            len = 3;
        } else if ((c & 0xF8U) == 0xF0) {
            len = 4;
        }
        const bool lower = (cp >= 0x430 && cp <= 0x44F) || cp == 0x451;
        const bool upper = (cp >= 0x410 && cp <= 0x42F) || cp == 0x401;
        if (lower) {
            score += 2;
        } else if (upper) {
            score += prev_lower ? -6 : 0;
        } else if (cp == 0xFFFD || (cp >= 0x80 && cp < 0xA0)) {
            score -= 10;
        } else if (cp >= 0x2500 && cp <= 0x25FF) {
            score -= 5;  // box drawing: KOI8-R read as something else
        }
        prev_lower = lower;
        i += len;
    }
    return score;
}

}  // namespace

std::string ToUtf8(std::string_view bytes, std::string_view declared, std::string* used) {
    auto choose = [&](std::string charset, std::string text) {
        if (used) *used = std::move(charset);
        return text;
    };
    if (IsAscii(bytes))
        return choose(declared.empty() ? "us-ascii" : text::AsciiLower(declared),
                      std::string(bytes));
    // A windows-1251 or KOI8-R text is practically never valid UTF-8, so valid UTF-8 wins
    // over any declaration.
    if (IsValidUtf8(bytes)) return choose("utf-8", std::string(bytes));
    std::vector<std::string> candidates;
    if (!declared.empty() && !IsUtf8Name(declared))
        candidates.push_back(text::AsciiLower(declared));
    for (const char* fallback : {"windows-1251", "koi8-r"}) {
        if (std::find(candidates.begin(), candidates.end(), fallback) == candidates.end()) {
            candidates.emplace_back(fallback);
        }
    }
    std::string best;
    std::string best_charset;
    long best_score = 0;
    bool have = false;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        std::string text;
        if (!Convert(bytes, candidates[k], text)) continue;
        long score = RussianScore(text);
        if (k == 0 && !declared.empty()) score += score / 10 + 1;  // ties go to the declaration
        if (!have || score > best_score) {
            have = true;
            best_score = score;
            best = std::move(text);
            best_charset = candidates[k];
        }
    }
    return choose(best_charset, std::move(best));
}

namespace {

struct Entity {
    std::string_view name;
    std::string_view text;
};

constexpr std::array<Entity, 20> kEntities = {
    {{"nbsp", " "},   {"amp", "&"},   {"lt", "<"},    {"gt", ">"},    {"quot", "\""},
     {"apos", "'"},   {"laquo", "«"}, {"raquo", "»"}, {"mdash", "—"}, {"ndash", "–"},
     {"hellip", "…"}, {"copy", "©"},  {"reg", "®"},   {"trade", "™"}, {"bdquo", "„"},
     {"ldquo", "“"},  {"rdquo", "”"}, {"lsquo", "‘"}, {"rsquo", "’"}, {"numero", "№"}}};

void AppendCodePoint(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0U | (cp >> 6));
        out += static_cast<char>(0x80U | (cp & 0x3FU));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0U | (cp >> 12));
        out += static_cast<char>(0x80U | ((cp >> 6) & 0x3FU));
        out += static_cast<char>(0x80U | (cp & 0x3FU));
    } else {
        out += static_cast<char>(0xF0U | (cp >> 18));
        out += static_cast<char>(0x80U | ((cp >> 12) & 0x3FU));
        out += static_cast<char>(0x80U | ((cp >> 6) & 0x3FU));
        out += static_cast<char>(0x80U | (cp & 0x3FU));
    }
}

// Decodes the entity starting at html[i] == '&'; returns the characters consumed (0: none).
std::size_t DecodeEntity(std::string_view html, std::size_t i, std::string& out) {
    const auto end = html.find(';', i);
    if (end == std::string_view::npos || end - i > 12) return 0;
    const auto name = html.substr(i + 1, end - i - 1);
    if (name.empty()) return 0;
    if (name[0] == '#') {
        std::uint32_t cp = 0;
        const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        for (std::size_t k = hex ? 2 : 1; k < name.size(); ++k) {
            const auto ch = static_cast<unsigned char>(name[k]);
            if (hex && std::isxdigit(ch)) {
                cp = cp * 16 + static_cast<std::uint32_t>(
                                   std::isdigit(ch) ? ch - '0' : std::tolower(ch) - 'a' + 10);
            } else if (!hex && std::isdigit(ch)) {
                cp = cp * 10 + static_cast<std::uint32_t>(ch - '0');
            } else {
                return 0;
            }
            if (cp > 0x10FFFF) return 0;
        }
        AppendCodePoint(out, cp);
        return end - i + 1;
    }
    const auto lowered = text::AsciiLower(name);
    for (const auto& entity : kEntities) {
        if (entity.name == lowered) {
            out += entity.text;
            return end - i + 1;
        }
    }
    return 0;
}

}  // namespace

std::string HtmlToText(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    int quote_depth = 0;
    bool line_start = true;
    std::size_t i = 0;
    auto newline = [&] {
        out += '\n';
        line_start = true;
    };
    while (i < html.size()) {
        const char c = html[i];
        if (c == '<') {
            if (html.compare(i, 4, "<!--") == 0) {
                const auto end = html.find("-->", i + 4);
                i = end == std::string_view::npos ? html.size() : end + 3;
                continue;
            }
            const auto end = html.find('>', i);
            if (end == std::string_view::npos) break;
            auto tag = text::AsciiLower(html.substr(i + 1, end - i - 1));
            const bool closing = !tag.empty() && tag[0] == '/';
            if (closing) tag.erase(0, 1);
            const auto name_end = tag.find_first_of(" \t\r\n/");
            const auto name = tag.substr(0, name_end);
            i = end + 1;
            if (!closing &&
                (name == "script" || name == "style" || name == "head" || name == "title")) {
                const auto close = text::AsciiLower(html.substr(i)).find("</" + name);
                i = close == std::string::npos ? html.size() : i + close;
                continue;
            }
            if (name == "blockquote") {
                quote_depth += closing ? -1 : 1;
                if (quote_depth < 0) quote_depth = 0;
                newline();
            } else if (name == "br" || name == "p" || name == "div" || name == "tr" ||
                       name == "li" || name == "h1" || name == "h2" || name == "h3" ||
                       name == "h4" || name == "table" || name == "ul" || name == "ol" ||
                       name == "hr") {
                if (!closing || name != "br") newline();
                if (!closing && name == "li") out += "- ";
            } else if (name == "td" || name == "th") {
                if (closing) out += ' ';
            }
            continue;
        }
        if (line_start && quote_depth > 0 && c != '\n' && c != '\r' && c != ' ') {
            for (int d = 0; d < quote_depth; ++d) out += "> ";
        }
        if (c == '&') {
            const auto used = DecodeEntity(html, i, out);
            if (used > 0) {
                i += used;
                line_start = false;
                continue;
            }
        }
        if (c == '\r' || c == '\n' || c == '\t') {
            if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
        } else if (c == ' ') {
            if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
        } else {
            out += c;
            line_start = false;
        }
        ++i;
    }
    return TidyText(out);
}

namespace {

std::string_view TrimView(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool Contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}

// Lines that begin what the author did not write: the quoted letter or the signature.
bool StartsQuotedTail(const std::vector<std::string_view>& lines, std::size_t i) {
    const auto line = TrimView(lines[i]);
    const auto lowered = text::AsciiLower(line);
    if (line == "--" || lines[i] == "-- " || lines[i] == "-- \r") return true;
    if (Contains(lowered, "-----original message-----") || Contains(line, "Исходное сообщение") ||
        Contains(line, "Исходное письмо") || Contains(lowered, "-----ursprüngliche nachricht")) {
        return true;
    }
    if (StartsWith(line, "Отправлено с ") || StartsWith(line, "Отправлено из ") ||
        StartsWith(lowered, "sent from my ") || StartsWith(line, "Отправлено через ")) {
        return true;
    }
    // «12.03.2026, 10:15, "Иван" <ivan@example.ru>:» and the classic «… пишет:» forms.
    if (EndsWith(line, "пишет:") || EndsWith(line, "писал:") || EndsWith(line, "писал(а):") ||
        EndsWith(line, "написал:") || EndsWith(line, "написал(а):") ||
        EndsWith(lowered, "wrote:") || (EndsWith(line, ">:") && Contains(line, "@"))) {
        return true;
    }
    // Outlook's header block: «От: …» followed by «Отправлено:» / «Дата:» / «Sent:».
    if (StartsWith(line, "От:") || StartsWith(lowered, "from:")) {
        for (std::size_t k = i + 1; k < lines.size() && k <= i + 3; ++k) {
            const auto next = TrimView(lines[k]);
            if (StartsWith(next, "Отправлено:") || StartsWith(next, "Дата:") ||
                StartsWith(next, "Sent:") || StartsWith(next, "Date:") ||
                StartsWith(next, "Кому:") || StartsWith(next, "To:")) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

std::string TrimReply(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (StartsQuotedTail(lines, i)) break;
        if (StartsWith(TrimView(lines[i]), ">")) continue;
        out.append(lines[i]);
        out += '\n';
    }
    auto tidy = TidyText(out);
    // A letter that is nothing but a quote keeps its text: better too much than nothing.
    return tidy.empty() ? TidyText(text) : tidy;
}

std::string TidyText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    int blank_run = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        auto line = text.substr(start, end - start);
        while (!line.empty() &&
               (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            ++blank_run;
        } else {
            if (!out.empty()) out += blank_run > 0 ? "\n\n" : "\n";
            blank_run = 0;
            // Leading spaces left by HTML block boundaries carry no meaning.
            while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
            out.append(line);
        }
        start = end + 1;
    }
    return out;
}

}  // namespace otklik::channels::email

#include "core/uin.hpp"

#include <array>
#include <cstdio>
#include <utility>
#include <vector>

#include "core/parse_integer.hpp"

namespace otklik::core {
namespace {

// Latin letters that look like Cyrillic capitals; a number read off a screen or typed on an
// English layout must still find its appeal.
constexpr std::array<std::pair<char, std::string_view>, 12> kLookAlikes = {{
    {'A', "А"},
    {'B', "В"},
    {'E', "Е"},
    {'K', "К"},
    {'M', "М"},
    {'H', "Н"},
    {'O', "О"},
    {'P', "Р"},
    {'C', "С"},
    {'T', "Т"},
    {'X', "Х"},
    {'Y', "У"},
}};

// Lower-case Cyrillic (U+0430..U+044F, ё) to upper case in UTF-8.
bool UpperCyrillic(std::string_view text, std::size_t& i, std::string& out) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (i + 1 >= text.size()) return false;
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    unsigned cp = 0;
    if ((b0 & 0xE0) == 0xC0)
        cp = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
    else
        return false;
    if (cp >= 0x430 && cp <= 0x44F)
        cp -= 0x20;
    else if (cp == 0x451)
        cp = 0x401;
    else if (!(cp >= 0x410 && cp <= 0x42F) && cp != 0x401)
        return false;
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    i += 2;
    return true;
}

}  // namespace

std::string FormatUin(std::string_view prefix, int year, std::int64_t sequence) {
    char tail[40];
    std::snprintf(tail, sizeof tail, "-%04d-%06lld", year, static_cast<long long>(sequence));
    return std::string(prefix) + tail;
}

std::optional<std::string> NormalizeUin(std::string_view text) {
    // Split into prefix letters, year digits and sequence digits, tolerating separators.
    std::string prefix;
    std::vector<std::string> numbers;
    std::string current;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            current.push_back(c);
            ++i;
            continue;
        }
        if (!current.empty()) {
            numbers.push_back(std::move(current));
            current.clear();
        }
        if (c == '-' || c == ' ' || c == '_' || c == '/') {
            ++i;
        } else if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < text.size()) {
            i += 3;  // en dash, em dash and similar
        } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            if (!numbers.empty()) return std::nullopt;
            const char upper = (c >= 'a') ? static_cast<char>(c - 'a' + 'A') : c;
            bool mapped = false;
            for (const auto& [latin, cyrillic] : kLookAlikes) {
                if (latin == upper) {
                    prefix += cyrillic;
                    mapped = true;
                }
            }
            if (!mapped) prefix.push_back(upper);
            ++i;
        } else if (!numbers.empty() || !UpperCyrillic(text, i, prefix)) {
            return std::nullopt;
        }
    }
    if (!current.empty()) numbers.push_back(std::move(current));
    if (prefix.empty() || numbers.size() != 2 || numbers[0].size() != 4 || numbers[1].size() > 12) {
        return std::nullopt;
    }
    const auto year = ParseInteger<int>(numbers[0]);
    const auto sequence = ParseInteger<std::int64_t>(numbers[1]);
    if (!year || !sequence) return std::nullopt;
    return FormatUin(prefix, *year, *sequence);
}

}  // namespace otklik::core

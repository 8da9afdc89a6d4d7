#include "core/json_text.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace otklik::core {
namespace {

// Characters a JSON string cannot hold as they are: controls, the quote and the backslash.
constexpr auto kEscaped = [] {
    std::array<bool, 256> escaped{};
    for (std::size_t c = 0; c < 0x20; ++c) escaped[c] = true;
    escaped['"'] = true;
    escaped['\\'] = true;
    return escaped;
}();

constexpr std::uint64_t kOnes = 0x0101010101010101;
constexpr std::uint64_t kHighBits = 0x8080808080808080;

constexpr bool HasZeroByte(std::uint64_t word) { return ((word - kOnes) & ~word & kHighBits) != 0; }

// Whether any of the eight bytes of `word` needs escaping: a control, '"' or '\\'.
constexpr bool NeedsEscape(std::uint64_t word) {
    return ((word - kOnes * 0x20) & ~word & kHighBits) != 0 || HasZeroByte(word ^ (kOnes * '"')) ||
           HasZeroByte(word ^ (kOnes * '\\'));
}

}  // namespace

std::string JsonString(std::string_view text) {
    std::string out;
    AppendJsonString(out, text);
    return out;
}

void AppendJsonString(std::string& out, std::string_view text) {
    out += '"';
    std::size_t plain = 0;  // start of the run of characters copied as they are
    for (std::size_t i = 0; i < text.size(); ++i) {
        // Texts are long runs of plain characters: skip them eight at a time.
        while (i + 8 <= text.size()) {
            std::uint64_t word = 0;
            std::memcpy(&word, text.data() + i, sizeof word);
            if (NeedsEscape(word)) break;
            i += 8;
        }
        if (i >= text.size()) break;
        const auto c = static_cast<unsigned char>(text[i]);
        if (!kEscaped[c]) continue;
        out.append(text, plain, i - plain);
        plain = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default: {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                out += escaped;
            }
        }
    }
    out.append(text, plain, text.size() - plain);
    out += '"';
}

}  // namespace otklik::core

#include "text/keyboard_layout.hpp"

#include <iterator>

namespace otklik::text {

std::string FromLatinLayout(std::string_view token) {
    static constexpr std::string_view kLatin = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`{}:\"<>~&?/^$@#";
    static const char* const kCyrillic[] = {
        "й", "ц", "у", "к", "е", "н", "г", "ш", "щ", "з", "х", "ъ", "ф", "ы",  "в", "а",
        "п", "р", "о", "л", "д", "ж", "э", "я", "ч", "с", "м", "и", "т", "ь",  "б", "ю",
        "е", "х", "ъ", "ж", "э", "б", "ю", "е", "?", ",", ".", ":", ";", "\"", "№"};
    static_assert(std::size(kCyrillic) == kLatin.size());
    std::string out;
    bool letter = false;
    for (const char raw : token) {
        const char c = (raw >= 'A' && raw <= 'Z') ? static_cast<char>(raw - 'A' + 'a') : raw;
        if ((c >= '0' && c <= '9') || c == '-') {
            out += c;
            continue;
        }
        const auto at = kLatin.find(c);
        if (at == std::string_view::npos) return {};
        letter = letter || (c >= 'a' && c <= 'z');
        out += kCyrillic[at];
    }
    return letter ? out : std::string();
}

}  // namespace otklik::text

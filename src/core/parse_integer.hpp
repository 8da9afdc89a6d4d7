#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace otklik::core {

/// The one reading of a whole integer from text: digits (of `base`, decimal unless said) with an
/// optional leading '-' (for signed types only), nothing before or after them. No '+', no
/// spaces, no "12abc", no value outside T: each of those is nullopt, never a clamp or a partial
/// read. Callers that want a range check it on the value.
template <class T>
[[nodiscard]] std::optional<T> ParseInteger(std::string_view text, int base = 10) {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    if (text.empty()) return std::nullopt;
    T value{};
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value, base);
    if (error != std::errc() || stop != end) return std::nullopt;
    return value;
}

/// ParseInteger, then a closed range: nullopt when the text is no integer or lies outside
/// [min, max].
template <class T>
[[nodiscard]] std::optional<T> ParseIntegerIn(std::string_view text, T min, T max) {
    const auto value = ParseInteger<T>(text);
    if (!value || *value < min || *value > max) return std::nullopt;
    return value;
}

}  // namespace otklik::core

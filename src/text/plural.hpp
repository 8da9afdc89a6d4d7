#pragma once

#include <string_view>

namespace otklik::text {

/// The Russian plural form for `amount`: 1 рабочий день, 2 рабочих дня, 5 рабочих дней, 11 дней,
/// 21 день; a fractional amount takes the «few» form (1,5 дня).
[[nodiscard]] std::string_view RussianPlural(double amount, std::string_view one,
                                             std::string_view few, std::string_view many);

}  // namespace otklik::text

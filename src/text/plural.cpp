#include "text/plural.hpp"

#include <cmath>

namespace otklik::text {

std::string_view RussianPlural(double amount, std::string_view one, std::string_view few,
                               std::string_view many) {
    if (amount != std::floor(amount)) return few;
    const auto n = static_cast<long long>(std::fabs(amount)) % 100;
    if (n >= 11 && n <= 14) return many;
    switch (n % 10) {
        case 1:
            return one;
        case 2:
        case 3:
        case 4:
            return few;
        default:
            return many;
    }
}

}  // namespace otklik::text

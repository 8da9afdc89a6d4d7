#include "core/screening.hpp"

namespace otklik::core {

std::string_view ScreeningDecisionCode(Screening::Decision decision) {
    switch (decision) {
        case Screening::Decision::kAccept:
            return "accept";
        case Screening::Decision::kFlag:
            return "flag";
        case Screening::Decision::kHold:
            return "hold";
        case Screening::Decision::kRefuse:
            return "refuse";
        case Screening::Decision::kReturn:
            return "return";
        case Screening::Decision::kComment:
            return "comment";
    }
    return "accept";
}

}  // namespace otklik::core

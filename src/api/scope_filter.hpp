#pragma once

#include "api/http.hpp"
#include "core/appeal_scope.hpp"
#include "core/repositories.hpp"

namespace otklik::api {

/// Replaces in a successful JSON answer every appeal number `scope` does not cover with a
/// placeholder (SEC-6): the last line for a restricted caller, for numbers that stored text
/// carries. `appeals` tells which region a number belongs to.
void HideForeignAppeals(Response& response, const core::AppealScope& scope,
                        core::AppealRepository& appeals);

}  // namespace otklik::api

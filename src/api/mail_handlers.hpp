#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// The e-mail channel: failed letters for administrators (CH-1) and the signed confirm / dispute
/// links of resolution letters (LC-4, LC-5).
/// Thread-safe: the API calls it from every worker.
class MailHandlers {
public:
    explicit MailHandlers(HandlerContext context) : deps_(context.deps), limits_(context.limits) {}

    [[nodiscard]] core::Result<Response> ListMailFailures(Call& call);
    [[nodiscard]] core::Result<Response> RetryMailFailure(Call& call);
    [[nodiscard]] core::Result<Response> ReadConfirmLink(Call& call);
    [[nodiscard]] core::Result<Response> UseConfirmLink(Call& call);

private:
    const ApiDependencies& deps_;
    SharedLimits& limits_;
};

}  // namespace otklik::api

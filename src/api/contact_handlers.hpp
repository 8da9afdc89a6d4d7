#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// The applicant's proof of control of an e-mail address (SEC-5) and the public status lookup that
/// requires it.
/// Thread-safe: the API calls it from every worker.
class ContactHandlers {
public:
    explicit ContactHandlers(HandlerContext context)
        : deps_(context.deps), limits_(context.limits) {}

    [[nodiscard]] core::Result<Response> SendContactCode(Call& call);
    [[nodiscard]] core::Result<Response> VerifyContact(Call& call);
    [[nodiscard]] core::Result<Response> PublicStatus(Call& call);

private:
    const ApiDependencies& deps_;
    SharedLimits& limits_;
};

}  // namespace otklik::api

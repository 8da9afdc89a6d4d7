#pragma once

#include "api/handler_context.hpp"
#include "api/login_guard.hpp"
#include "api/rate_limiter.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// Staff sign-in and sign-out (SEC-4): login limits and back-off live here.
/// Thread-safe: the API calls it from every worker.
class AuthHandlers {
public:
    explicit AuthHandlers(HandlerContext context)
        : deps_(context.deps),
          login_guard_(context.deps.login_guard ? *context.deps.login_guard : own_login_guard_) {}

    [[nodiscard]] core::Result<Response> Login(Call& call);
    [[nodiscard]] core::Result<Response> Logout(Call& call);
    [[nodiscard]] core::Result<Response> Me(Call& call);

private:
    const ApiDependencies& deps_;
    LoginGuard own_login_guard_;  // unless ApiDependencies::login_guard names another
    LoginGuard& login_guard_;
    RateLimiter login_limiter_{10, 10};
    /// Every login attempt per client address, successful or not, before any hashing.
    RateLimiter login_address_limiter_{30, 30};
};

}  // namespace otklik::api

#pragma once

#include "api/appeal_events.hpp"
#include "api/dependencies.hpp"
#include "api/rate_limiter.hpp"

namespace otklik::api {

/// Rate limits that several resources share (SEC-4): the public lookups (status, contact
/// proof, confirm links, knowledge-base search) draw from one budget per client address.
struct SharedLimits {
    RateLimiter public_requests{30, 60};
    RateLimiter chat{40, 120};
};

/// What every resource's handlers get; all of it outlives them (the Api owns it).
struct HandlerContext {
    const ApiDependencies& deps;
    SharedLimits& limits;
    const AppealEvents& events;
};

}  // namespace otklik::api

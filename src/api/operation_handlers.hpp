#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// Operations: health, readiness, metrics, live updates and the manual test clock.
/// Thread-safe: the API calls it from every worker.
class OperationHandlers {
public:
    explicit OperationHandlers(HandlerContext context) : deps_(context.deps) {}

    [[nodiscard]] core::Result<Response> Health(Call& call);
    [[nodiscard]] core::Result<Response> Ready(Call& call);
    [[nodiscard]] core::Result<Response> MetricsText(Call& call);
    [[nodiscard]] core::Result<Response> Events(Call& call);
    [[nodiscard]] core::Result<Response> SetClock(Call& call);

private:
    const ApiDependencies& deps_;
};

}  // namespace otklik::api

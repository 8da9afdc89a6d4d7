#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// Reports on speed and quality (RP-1) and their CSV export (RP-3).
/// Thread-safe: the API calls it from every worker.
class ReportHandlers {
public:
    explicit ReportHandlers(HandlerContext context) : deps_(context.deps) {}

    [[nodiscard]] core::Result<Response> SummaryReport(Call& call);

private:
    const ApiDependencies& deps_;
};

}  // namespace otklik::api

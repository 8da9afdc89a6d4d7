#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// The regulations a deployment works by, the loader's verdict on each file, and their
/// organizations.
/// Thread-safe: the API calls it from every worker.
class RegulationHandlers {
public:
    explicit RegulationHandlers(HandlerContext context) : deps_(context.deps) {}

    [[nodiscard]] core::Result<Response> ListRegulations(Call& call);
    [[nodiscard]] core::Result<Response> GetRegulation(Call& call);
    [[nodiscard]] core::Result<Response> ListOrganizations(Call& call);
    /// The regions an appeal or a user may name, so that people choose a name, not a code.
    [[nodiscard]] core::Result<Response> ListRegions(Call& call);

private:
    const ApiDependencies& deps_;
};

}  // namespace otklik::api

#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/route.hpp"

namespace otklik::api {

/// Where a request's method and decoded path lead in a route table.
struct RouteMatch {
    /// The route to run, or null.
    const RouteSpec* route = nullptr;
    /// The values of the pattern's "{name}" segments.
    std::map<std::string, std::string> params;
    /// Some route has this path (with another method): 405-like "method_not_allowed" rather than
    /// "not_found" when `route` is null.
    bool path_known = false;
};

/// The first route of `routes` whose pattern matches `path` segment by segment ("{name}" takes
/// one non-empty segment) and whose method is `method`. Test-only routes take part only when
/// `test_routes` is set.
RouteMatch FindRoute(const std::vector<RouteSpec>& routes, std::string_view method,
                     std::string_view path, bool test_routes);

}  // namespace otklik::api

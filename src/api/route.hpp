#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/auth.hpp"
#include "api/http.hpp"
#include "core/result.hpp"
#include "core/user.hpp"

namespace otklik::api {

/// Who may call a route.
enum class Access {
    kPublic,      ///< no staff login (health, public lookups, chatbot)
    kStaff,       ///< any signed-in staff member
    kPermission,  ///< a staff member whose role has the route's permission
};

/// One request in flight: the request, the path parameters, and the caller when known.
struct Call {
    Request& request;
    std::map<std::string, std::string> params;
    std::optional<Principal> principal;

    const std::string& Param(const std::string& name) const { return params.at(name); }
    core::Actor Actor() const { return principal ? principal->ToActor() : core::Actor{}; }
};

class Handlers;

/// A handler answers with the response it built or with an expected failure, which the
/// dispatcher alone maps to an HTTP error (error_mapping.hpp).
using HandlerFn = core::Result<Response> (*)(Handlers&, Call&);

/// A route of the HTTP API; the table of them (routes.cpp) is the API's single list of what it
/// serves.
struct RouteSpec {
    std::string_view method;
    std::string_view pattern;
    Access access;
    core::Permission permission;
    bool test_only;   ///< served only with --clock manual, and only to loopback peers
    bool embeddable;  ///< every answer, errors too, may be read cross-origin (the chat widget)
    HandlerFn handler;
};

}  // namespace otklik::api

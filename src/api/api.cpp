#include "api/api.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <new>
#include <stdexcept>
#include <typeinfo>

#include <spdlog/spdlog.h>

#include "api/error_mapping.hpp"
#include "api/handlers.hpp"
#include "api/router.hpp"
#include "api/scope_filter.hpp"

namespace otklik::api {
namespace {

bool IsLoopback(const std::string& address) {
    return address.rfind("127.", 0) == 0 || address == "::1" || address.empty();
}

Response Unavailable(const Request& request, const std::string& route, std::string_view why) {
    spdlog::error("api: {} {} failed: {}", MetricMethod(request.method), route, why);
    return ErrorResponse({core::ErrorKind::kUnavailable,
                          "unavailable",
                          "Сервис временно недоступен: повторите запрос позже",
                          {}});
}

// A handler threw what no expected failure or broken infrastructure throws: a bug. The log names
// the route pattern and the exception's type only, never its text (it may quote the request).
Response Bug(const Request& request, const std::string& route, std::string_view what) {
    spdlog::critical("api: {} {} threw {}: a bug", MetricMethod(request.method), route, what);
    assert(false && "a handler threw something other than an infrastructure failure");
    return InternalError();
}

}  // namespace

Api::Api(ApiDependencies deps)
    : deps_(std::move(deps)),
      handlers_(std::make_unique<Handlers>(HandlerContext{deps_, limits_, events_})) {}

Api::~Api() = default;

Response Api::Handle(Request& request) {
    const auto started = std::chrono::steady_clock::now();
    std::string route = "unmatched";
    Response response;
    // Behind a reverse proxy the peer is the proxy: rate limits and logs need the client.
    std::string forwarded;
    for (const auto& [name, value] : request.headers) {
        if (name != "x-forwarded-for") continue;
        if (!forwarded.empty()) forwarded += ',';
        forwarded += value;
    }
    request.remote_address =
        ClientAddress(request.peer_address.empty() ? request.remote_address : request.peer_address,
                      forwarded, deps_.trusted_proxies);
    try {
        response = Dispatch(request, route);
    } catch (const std::bad_alloc&) {
        response = Unavailable(request, route, "out of memory");
    } catch (const std::runtime_error& e) {
        // Broken infrastructure (the store, the index): the one place that turns it into 503.
        response = Unavailable(request, route, e.what());
    } catch (const std::exception& e) {
        response = Bug(request, route, typeid(e).name());
    } catch (...) {
        response = Bug(request, route, "an exception of unknown type");
    }
    // Answers carry personal data: never cached, never sniffed into another type, never framed.
    const auto has = [&response](std::string_view name) {
        return std::any_of(response.headers.begin(), response.headers.end(),
                           [&](const auto& header) { return header.first == name; });
    };
    if (!response.stream && !has("Cache-Control")) response.Header("Cache-Control", "no-store");
    response.Header("X-Content-Type-Options", "nosniff");
    response.Header("X-Frame-Options", "DENY");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    deps_.metrics.ObserveRequest(route, request.method, response.status, seconds);
    // The route pattern, not the path: paths and bodies may carry personal data.
    spdlog::debug("http {} {} -> {} in {:.2f} ms", MetricMethod(request.method), route,
                  response.status, seconds * 1000);
    return response;
}

Response Api::Dispatch(Request& request, std::string& route_pattern) {
    // The test clock moves every deadline: only with the manual clock, only from this machine
    // (issue 12).
    const bool test_routes = deps_.manual_clock && IsLoopback(request.peer_address);
    auto match = FindRoute(Routes(), request.method, request.path, test_routes);
    if (!match.route) {
        if (match.path_known) {
            return ErrorResponse({core::ErrorKind::kBadRequest,
                                  "method_not_allowed",
                                  "Метод " + std::string(MetricMethod(request.method)) +
                                      " не поддерживается для этого адреса",
                                  {}});
        }
        return ErrorResponse(core::Error::NotFound("Адрес не найден"));
    }
    const RouteSpec& route = *match.route;
    route_pattern = std::string(route.pattern);
    Call call{request, std::move(match.params), std::nullopt};
    Response response =
        AnswerOf(Authorize(route, call).and_then([&] { return route.handler(*handlers_, call); }));
    if (route.embeddable) {
        // The chatbot is embedded into other sites (the widget): its answers may be read
        // cross-origin.
        response.Header("Access-Control-Allow-Origin", "*");
        response.Header("Cache-Control", "no-store");
    }
    if (call.principal) {
        HideForeignAppeals(response, core::AppealScope::Of(call.Actor()), deps_.appeal_store);
    }
    return response;
}

core::Result<void> Api::Authorize(const RouteSpec& route, Call& call) {
    if (route.access == Access::kPublic) return {};
    auto principal = deps_.auth.Authenticate(call.request);
    if (!principal) return core::Fail(principal.error());
    if (route.access == Access::kPermission &&
        !core::RoleAllows(principal->user.role, route.permission)) {
        return core::Fail(core::Error::Forbidden(
            "Роль «" + std::string(core::RoleDisplayName(principal->user.role)) +
            "» не даёт доступа к этому разделу"));
    }
    // A regional operator without a region of its own works in its group's (SEC-1).
    if (principal->user.role == core::Role::kRegionalOperator && principal->user.region.empty() &&
        !principal->user.group.empty()) {
        if (auto group = deps_.users.FindGroup(principal->user.group); group) {
            principal->user.region = group->region;
        }
    }
    call.principal = std::move(*principal);
    return {};
}

}  // namespace otklik::api

#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/appeal_events.hpp"
#include "api/dependencies.hpp"
#include "api/handler_context.hpp"
#include "api/http.hpp"
#include "api/route.hpp"
#include "core/contact_proof.hpp"

namespace otklik::api {

/// Randomness and hashing for core::ContactProof from libsodium: six-digit codes, 32-byte
/// tokens, BLAKE2b hashes.
core::ContactProofCrypto ContactProofCryptoOfSodium();

class Handlers;

/// The HTTP API v1: the dispatcher in front of the per-resource handlers (*_handlers.hpp).
/// It finds the route, authenticates and checks the role, runs the handler, maps its expected
/// failure to an error answer (error_mapping.hpp), and adds the headers every answer carries.
/// Handle() is thread-safe.
class Api {
public:
    explicit Api(ApiDependencies deps);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    /// Answers one request. Expected failures become error bodies; broken infrastructure (an
    /// exception derived from std::runtime_error) becomes 503; any other exception is a bug:
    /// it stops a debug build and is a 500 in a release build.
    Response Handle(Request& request);

    /// Every route the API can serve, test-only ones included (routes.cpp).
    static const std::vector<RouteSpec>& Routes();

    /// Whether answering `request` is a few index reads that never wait for a commit or a
    /// remote server: the health probes and an appeal list without full-text search or count
    /// (the operator queue). The embedded store answers these on the I/O thread (serve.cpp).
    static bool IsShortRead(const Request& request);

private:
    Response Dispatch(Request& request, std::string& route_pattern);
    /// Sets the caller of a non-public route and checks the route's permission.
    core::Result<void> Authorize(const RouteSpec& route, Call& call);

    ApiDependencies deps_;
    SharedLimits limits_;
    AppealEvents events_{deps_};
    std::unique_ptr<Handlers> handlers_;
};

}  // namespace otklik::api

#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// The applicant's status page `/status/` (issue 17; SEC-5, LC-2, LC-4, LC-5): a one-time link
/// by letter, a short-lived session for that one appeal (header X-Status-Token), the appeal's
/// state in plain Russian, and the answers the regulation lets the applicant give now, applied
/// through the workflow as the applicant. Thread-safe: the API calls it from every worker.
class StatusHandlers {
public:
    explicit StatusHandlers(HandlerContext context)
        : deps_(context.deps), limits_(context.limits), events_(context.events) {}

    /// POST /api/v1/public/status/link {"uin", "email"}: the same 202 whatever the pair is.
    [[nodiscard]] core::Result<Response> RequestLink(Call& call);
    /// POST /api/v1/public/status/session {"link"}: opens a link once, for a session.
    [[nodiscard]] core::Result<Response> OpenSession(Call& call);
    /// GET /api/v1/public/status/appeals/{uin}: the appeal as the applicant sees it.
    [[nodiscard]] core::Result<Response> GetStatus(Call& call);
    /// POST /api/v1/public/status/appeals/{uin}/answers {"intent", "comment", "version",
    /// "files"}: the applicant's answer; the page's new state.
    [[nodiscard]] core::Result<Response> Answer(Call& call);
    /// POST /api/v1/public/status/logout (X-Status-Token): ends the session on the server; 204
    /// whatever the token was.
    [[nodiscard]] core::Result<Response> Logout(Call& call);
    /// GET /api/v1/public/regions: the regions the applicant's pages offer (the help site).
    [[nodiscard]] core::Result<Response> ListRegions(Call& call);

private:
    const ApiDependencies& deps_;
    SharedLimits& limits_;
    const AppealEvents& events_;
};

}  // namespace otklik::api

#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// Phone calls (CH-2, PH-1): taking a call reserves the UIN the operator says first.
/// Thread-safe: the API calls it from every worker.
class CallHandlers {
public:
    explicit CallHandlers(HandlerContext context) : deps_(context.deps) {}

    [[nodiscard]] core::Result<Response> TakeCall(Call& call);
    [[nodiscard]] core::Result<Response> ListOpenCalls(Call& call);
    [[nodiscard]] core::Result<Response> GetCall(Call& call);
    [[nodiscard]] core::Result<Response> EndCall(Call& call);
    /// GET /api/v1/calls/{uin}/transfer-targets: where the caller's operator may transfer the
    /// call's appeal — the groups and people the regulation's transfer actions (those counted
    /// as "transfer", 004 memo 10) accept for the operator's role, each with the action and the
    /// parameters that carry the transfer out (issue 16 point 6).
    [[nodiscard]] core::Result<Response> TransferTargets(Call& call);
    /// GET / PUT / DELETE /api/v1/calls/{uin}/draft: the intake form of the caller's own call in
    /// progress, kept on the server so that a reload or another browser continues the call
    /// (issue 16 point 6). PUT takes {"form": {...}}; the form is never logged.
    [[nodiscard]] core::Result<Response> GetDraft(Call& call);
    [[nodiscard]] core::Result<Response> SaveDraft(Call& call);
    [[nodiscard]] core::Result<Response> DropDraft(Call& call);

private:
    const ApiDependencies& deps_;
};

}  // namespace otklik::api

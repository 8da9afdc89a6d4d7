#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// Files that came with an appeal (e-mail attachments the intake kept), read with a logged access.
/// Thread-safe: the API calls it from every worker.
class AttachmentHandlers {
public:
    explicit AttachmentHandlers(HandlerContext context) : deps_(context.deps) {}

    [[nodiscard]] core::Result<Response> GetAttachment(Call& call);

private:
    const ApiDependencies& deps_;
};

}  // namespace otklik::api

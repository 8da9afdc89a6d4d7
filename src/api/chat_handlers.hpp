#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// The chatbot (KB-3) for the widget and the help site, and its report.
/// Thread-safe: the API calls it from every worker.
class ChatHandlers {
public:
    explicit ChatHandlers(HandlerContext context) : deps_(context.deps), limits_(context.limits) {}

    [[nodiscard]] core::Result<Response> StartChat(Call& call);
    [[nodiscard]] core::Result<Response> ChatMessage(Call& call);
    [[nodiscard]] core::Result<Response> GetChat(Call& call);
    [[nodiscard]] core::Result<Response> ChatbotReport(Call& call);

private:
    const ApiDependencies& deps_;
    SharedLimits& limits_;
};

}  // namespace otklik::api

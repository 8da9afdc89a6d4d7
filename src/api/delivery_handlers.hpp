#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// Delivery tasks (NT-3): notices staff pass on by phone, SMS or post, and their confirmation.
/// Thread-safe: the API calls it from every worker.
class DeliveryHandlers {
public:
    explicit DeliveryHandlers(HandlerContext context)
        : deps_(context.deps), events_(context.events) {}

    [[nodiscard]] core::Result<Response> ListDeliveries(Call& call);
    [[nodiscard]] core::Result<Response> ConfirmDelivery(Call& call);

private:
    const ApiDependencies& deps_;
    const AppealEvents& events_;
};

}  // namespace otklik::api

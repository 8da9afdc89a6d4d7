#pragma once

#include <tuple>

#include "api/admin_handlers.hpp"
#include "api/appeal_handlers.hpp"
#include "api/attachment_handlers.hpp"
#include "api/auth_handlers.hpp"
#include "api/call_handlers.hpp"
#include "api/chat_handlers.hpp"
#include "api/contact_handlers.hpp"
#include "api/delivery_handlers.hpp"
#include "api/handler_context.hpp"
#include "api/kb_handlers.hpp"
#include "api/mail_handlers.hpp"
#include "api/operation_handlers.hpp"
#include "api/regulation_handlers.hpp"
#include "api/report_handlers.hpp"
#include "api/route.hpp"
#include "api/status_handlers.hpp"

namespace otklik::api {

/// One object of each resource's handlers, all built from the same context.
template <class... Resources>
class ResourceSet {
public:
    explicit ResourceSet(HandlerContext context) : all_(Same<Resources>(context)...) {}

    template <class Resource>
    Resource& Of() {
        return std::get<Resource>(all_);
    }

private:
    template <class>
    static HandlerContext Same(HandlerContext context) {
        return context;
    }

    std::tuple<Resources...> all_;
};

/// Every resource of the API; the route table reaches a handler through
/// On<&XHandlers::Method>.
class Handlers : public ResourceSet<AuthHandlers, AppealHandlers, AdminHandlers, AttachmentHandlers,
                                    CallHandlers, ChatHandlers, ContactHandlers, DeliveryHandlers,
                                    KbHandlers, MailHandlers, OperationHandlers, RegulationHandlers,
                                    ReportHandlers, StatusHandlers> {
public:
    using ResourceSet::ResourceSet;
};

namespace detail {
template <class Method>
struct ResourceOf;
template <class Resource>
struct ResourceOf<core::Result<Response> (Resource::*)(Call&)> {
    using type = Resource;
};
}  // namespace detail

/// A route's HandlerFn for a member function of one of the resources.
template <auto method>
core::Result<Response> On(Handlers& handlers, Call& call) {
    using Resource = typename detail::ResourceOf<decltype(method)>::type;
    return (handlers.Of<Resource>().*method)(call);
}

}  // namespace otklik::api

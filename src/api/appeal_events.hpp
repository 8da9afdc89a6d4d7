#pragma once

#include <string_view>

#include "api/dependencies.hpp"
#include "core/appeal.hpp"

namespace otklik::api {

class EventHub;

/// Publishes on `hub` that `appeal` changed (`change`: "created", "action"…) with its status,
/// group and version, to the subscribers whose scope covers its region.
void PublishAppeal(EventHub& hub, const core::Appeal& appeal, std::string_view change);

/// Tells live subscribers (GET /api/v1/events) that an appeal changed. Codes only: a subscriber
/// reads the appeal through the API with its own permissions. Does nothing without an EventHub.
class AppealEvents {
public:
    explicit AppealEvents(const ApiDependencies& deps) : deps_(deps) {}

    /// The appeal as the change left it: status, group and version go with the code.
    void Published(const core::Appeal& appeal, std::string_view change) const;
    /// A change known by number only (a comment, a link); the system reads the appeal's region.
    void Changed(std::string_view uin, std::string_view change) const;

private:
    const ApiDependencies& deps_;
};

}  // namespace otklik::api

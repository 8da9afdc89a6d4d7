#include "api/appeal_events.hpp"

#include <boost/json.hpp>

#include "api/event_hub.hpp"

namespace otklik::api {

namespace json = boost::json;

void PublishAppeal(EventHub& hub, const core::Appeal& appeal, std::string_view change) {
    hub.Publish("appeal",
                json::serialize(json::object{
                    {"uin", appeal.uin},
                    {"change", change},
                    {"status", core::StatusCode(appeal.status)},
                    {"group", appeal.group},
                    {"version", appeal.version},
                }),
                appeal.applicant.region);
}

void AppealEvents::Published(const core::Appeal& appeal, std::string_view change) const {
    if (deps_.events) PublishAppeal(*deps_.events, appeal, change);
}

void AppealEvents::Changed(std::string_view uin, std::string_view change) const {
    if (!deps_.events) return;
    // The region decides who hears of it.
    auto appeal =
        deps_.appeals.Get(uin, core::Actor{0, "system", core::Role::kAdministrator, "", ""});
    if (!appeal) return;
    deps_.events->Publish("appeal",
                          json::serialize(json::object{{"uin", appeal->uin}, {"change", change}}),
                          appeal->applicant.region);
}

}  // namespace otklik::api

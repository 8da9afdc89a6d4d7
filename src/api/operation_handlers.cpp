// Operations: health, readiness, metrics, live updates and the manual test clock.
#include "api/operation_handlers.hpp"

#include "api/event_hub.hpp"
#include "api/json_mapping.hpp"
#include "core/time.hpp"

namespace otklik::api {
namespace {

/// POST /api/v1/test/clock: a moment to set, a duration to advance by, or both (set first).
struct ClockBody {
    std::optional<core::Instant> set;
    std::optional<core::Duration> advance;
};

core::Result<ClockBody> ParseClockBody(const std::string& text) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    auto set = OptionalString(*body, "set", "set");
    auto advance = OptionalString(*body, "advance", "advance");
    if (!set) return core::Fail(set.error());
    if (!advance) return core::Fail(advance.error());
    ClockBody clock;
    if (!set->empty()) {
        clock.set = core::ParseInstant(*set);
        if (!clock.set) {
            return core::Fail(core::Error::Validation(
                {{"set", "format", "Время в формате RFC 3339, например 2025-12-30T07:00:00Z"}}));
        }
    }
    if (!advance->empty()) {
        clock.advance = core::ParseIsoDuration(*advance);
        if (!clock.advance) {
            return core::Fail(core::Error::Validation(
                {{"advance", "format", "Длительность в формате ISO 8601, например PT3H"}}));
        }
    }
    if (!clock.set && !clock.advance) {
        return core::Fail(core::Error::Validation(
            {{"set", "required", "Укажите set (момент) или advance (длительность)"}}));
    }
    return clock;
}

}  // namespace

core::Result<Response> OperationHandlers::Events(Call& call) {
    if (!deps_.events) {
        return core::Fail(core::Error{core::ErrorKind::kUnavailable,
                                      "unavailable",
                                      "Обновления в реальном времени не включены",
                                      {}});
    }
    Response response;
    response.content_type = "text/event-stream; charset=utf-8";
    // The client reconnects after 3 s; "ready" tells it the subscription is in place.
    response.body = "retry: 3000\n\n" + EventHub::Frame("ready", "{}");
    // Each connection hears only of the appeals its user may see (SEC-6).
    response.stream = [hub = deps_.events, scope = core::AppealScope::Of(call.Actor())](
                          std::shared_ptr<StreamSink> sink) {
        hub->Subscribe(std::move(sink), scope);
    };
    return response;
}

core::Result<Response> OperationHandlers::Health(Call&) {
    return JsonResponse(200, json::object{{"status", "ok"}});
}

core::Result<Response> OperationHandlers::Ready(Call&) {
    if (deps_.ready && !deps_.ready()) {
        return JsonResponse(503, json::object{{"status", "not_ready"}});
    }
    return JsonResponse(200, json::object{{"status", "ready"}});
}

core::Result<Response> OperationHandlers::MetricsText(Call& call) {
    // Route and status counts describe the deployment: staff only unless configured public.
    if (!deps_.metrics_public) {
        auto principal = deps_.auth.Authenticate(call.request);
        if (!principal) return core::Fail(principal.error());
        if (!core::RoleAllows(principal->user.role, core::Permission::kReadReports)) {
            return core::Fail(
                core::Error::Forbidden("Метрики доступны ролям с доступом к отчётам"));
        }
    }
    Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = deps_.metrics.Render();
    return response;
}

core::Result<Response> OperationHandlers::SetClock(Call& call) {
    auto body = ParseClockBody(call.request.body);
    if (!body) return core::Fail(body.error());
    if (body->set) deps_.manual_clock->Set(*body->set);
    if (body->advance) deps_.manual_clock->Advance(*body->advance);
    if (deps_.after_clock_change) deps_.after_clock_change();
    return JsonResponse(200, json::object{{"now", core::FormatInstant(deps_.manual_clock->Now())}});
}

}  // namespace otklik::api

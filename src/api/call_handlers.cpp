// Phone calls (CH-2, PH-1): taking a call reserves the UIN the operator says first.
#include "api/call_handlers.hpp"

#include <map>
#include <set>

#include "api/json_mapping.hpp"
#include "core/calls.hpp"

namespace otklik::api {
namespace {

core::Error Unavailable() {
    return {core::ErrorKind::kUnavailable, "unavailable", "Приём звонков не подключён", {}};
}

json::object CallJson(const core::Call& call) {
    std::string outcome_name;
    for (const auto& outcome : core::CallOutcomes()) {
        if (outcome.code == call.outcome) outcome_name = outcome.name;
    }
    json::object body{{"uin", call.uin},
                      {"regulation", call.regulation},
                      {"channel", call.channel},
                      {"operator", call.operator_login},
                      {"started_at", core::FormatInstant(call.started_at)},
                      {"ended_at", call.ended_at ? json::value(core::FormatInstant(*call.ended_at))
                                                 : json::value(nullptr)},
                      {"outcome", call.outcome},
                      {"outcome_name", outcome_name},
                      {"note", call.note}};
    return body;
}

// Reads the string fields of a small body, refusing unknown ones by name.
core::Result<std::map<std::string, std::string>> ReadFields(const std::string& text,
                                                            const std::set<std::string>& allowed) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    std::map<std::string, std::string> fields;
    std::vector<core::FieldError> errors;
    for (const auto& [key, value] : *body) {
        const std::string name(key);
        if (!allowed.contains(name)) {
            errors.push_back({name, "unknown", "Неизвестное поле"});
        } else if (!value.is_string()) {
            errors.push_back({name, "type", "Ожидается строка"});
        } else {
            fields[name] = std::string(value.as_string());
        }
    }
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    return fields;
}

/// POST /api/v1/calls; an empty body takes the defaults.
struct TakeCallBody {
    std::string regulation;
    std::string channel;
};

core::Result<TakeCallBody> ParseTakeCallBody(const std::string& text) {
    auto fields = ReadFields(text.empty() ? "{}" : text, {"regulation", "channel"});
    if (!fields) return core::Fail(fields.error());
    return TakeCallBody{(*fields)["regulation"], (*fields)["channel"]};
}

/// POST /api/v1/calls/{uin}/end.
struct EndCallBody {
    std::string outcome;
    std::string note;
};

core::Result<EndCallBody> ParseEndCallBody(const std::string& text) {
    auto fields = ReadFields(text, {"outcome", "note"});
    if (!fields) return core::Fail(fields.error());
    return EndCallBody{(*fields)["outcome"], (*fields)["note"]};
}

}  // namespace

core::Result<Response> CallHandlers::TakeCall(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto body = ParseTakeCallBody(call.request.body);
    if (!body) return core::Fail(body.error());
    auto taken = deps_.calls->Take(body->regulation, body->channel, call.Actor());
    if (!taken) return core::Fail(taken.error());
    auto response = JsonResponse(201, CallJson(*taken));
    response.Header("Location", "/api/v1/calls/" + taken->uin);
    return response;
}

core::Result<Response> CallHandlers::ListOpenCalls(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto calls = deps_.calls->Open(call.Actor());
    if (!calls) return core::Fail(calls.error());
    json::array items;
    for (const auto& c : *calls) items.push_back(CallJson(c));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> CallHandlers::GetCall(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto found = deps_.calls->Get(call.Param("uin"), call.Actor());
    if (!found) return core::Fail(found.error());
    return JsonResponse(200, CallJson(*found));
}

core::Result<Response> CallHandlers::EndCall(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto body = ParseEndCallBody(call.request.body);
    if (!body) return core::Fail(body.error());
    auto ended = deps_.calls->End(call.Param("uin"), body->outcome, body->note, call.Actor());
    if (!ended) return core::Fail(ended.error());
    return JsonResponse(200, CallJson(*ended));
}

}  // namespace otklik::api

// Phone calls (CH-2, PH-1): taking a call reserves the UIN the operator says first.
#include <map>
#include <set>

#include "api/api.hpp"
#include "api/json_mapping.hpp"
#include "core/calls.hpp"

namespace otklik::api {
namespace {

Response Unavailable() {
    return ErrorResponse(
        {core::ErrorKind::kUnavailable, "unavailable", "Приём звонков не подключён", {}});
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

}  // namespace

Response Api::TakeCall(Call& call) {
    if (!deps_.calls) return Unavailable();
    auto fields =
        ReadFields(call.request.body.empty() ? "{}" : call.request.body, {"regulation", "channel"});
    if (!fields) return ErrorResponse(fields.error());
    auto taken = deps_.calls->Take((*fields)["regulation"], (*fields)["channel"], call.Actor());
    if (!taken) return ErrorResponse(taken.error());
    auto response = JsonResponse(201, CallJson(*taken));
    response.Header("Location", "/api/v1/calls/" + taken->uin);
    return response;
}

Response Api::ListOpenCalls(Call& call) {
    if (!deps_.calls) return Unavailable();
    auto calls = deps_.calls->Open(call.Actor());
    if (!calls) return ErrorResponse(calls.error());
    json::array items;
    for (const auto& c : *calls) items.push_back(CallJson(c));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

Response Api::GetCall(Call& call) {
    if (!deps_.calls) return Unavailable();
    auto found = deps_.calls->Get(call.Param("uin"), call.Actor());
    if (!found) return ErrorResponse(found.error());
    return JsonResponse(200, CallJson(*found));
}

Response Api::EndCall(Call& call) {
    if (!deps_.calls) return Unavailable();
    auto fields = ReadFields(call.request.body, {"outcome", "note"});
    if (!fields) return ErrorResponse(fields.error());
    auto ended =
        deps_.calls->End(call.Param("uin"), (*fields)["outcome"], (*fields)["note"], call.Actor());
    if (!ended) return ErrorResponse(ended.error());
    return JsonResponse(200, CallJson(*ended));
}

}  // namespace otklik::api

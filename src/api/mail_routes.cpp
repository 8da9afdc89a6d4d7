// The e-mail channel's routes: failed letters for administrators (CH-1: one broken letter never
// blocks a mailbox, it waits here), and the signed confirm / dispute links of resolution letters,
// which work without a staff login (LC-4, LC-5).
#include <charconv>

#include "api/api.hpp"
#include "api/json_mapping.hpp"

namespace otklik::api {
namespace {

core::Error MailOff() {
    return {core::ErrorKind::kUnavailable, "unavailable", "Почтовый канал не настроен", {}};
}

Response TooMany(int retry_after) {
    auto response = ErrorResponse({core::ErrorKind::kRateLimited,
                                   "rate_limited",
                                   "Слишком много запросов: повторите позже",
                                   {}});
    response.Header("Retry-After", std::to_string(retry_after));
    return response;
}

std::string HtmlEscape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string_view ActionName(std::string_view action) {
    return action == "confirm" ? "подтвердить решение" : "сообщить о несогласии с решением";
}

}  // namespace

Response Api::ListMailFailures(Call& call) {
    if (!deps_.mail) return ErrorResponse(MailOff());
    auto failures = deps_.mail->Failures(call.request.Query("all") != "true", 200);
    if (!failures) return ErrorResponse(failures.error());
    json::array items;
    for (const auto& f : *failures) {
        items.push_back(json::object{
            {"id", f.id},
            {"mailbox", f.mailbox},
            {"uidvalidity", f.uidvalidity},
            {"uid", f.uid},
            {"message_id", f.message_id},
            {"reason", f.reason},
            {"at", core::FormatInstant(f.at)},
            {"attempts", f.attempts},
            {"size", f.raw.size()},
            {"resolved_at", f.resolved_at ? json::value(core::FormatInstant(*f.resolved_at))
                                          : json::value(nullptr)},
        });
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

Response Api::RetryMailFailure(Call& call) {
    if (!deps_.mail) return ErrorResponse(MailOff());
    const auto& text = call.Param("id");
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return ErrorResponse(core::Error::NotFound("Нет такого письма"));
    }
    auto retried = deps_.mail->Retry(id);
    if (!retried) return ErrorResponse(retried.error());
    return JsonResponse(200, json::object{{"outcome", retried->outcome}, {"uin", retried->uin}});
}

Response Api::ReadConfirmLink(Call& call) {
    if (!deps_.mail) return ErrorResponse(MailOff());
    int retry_after = 0;
    if (!public_limiter_.Allow(call.request.remote_address, retry_after)) {
        return TooMany(retry_after);
    }
    auto target = deps_.mail->OpenLink(call.Param("token"));
    if (!target) return ErrorResponse(target.error());
    // Opening a link never acts (mail scanners follow links): a browser gets a page with a
    // button that posts to the same address.
    if (call.request.Header("Accept").find("text/html") != std::string::npos) {
        Response page;
        page.content_type = "text/html; charset=utf-8";
        page.body = "<!doctype html><html lang=\"ru\"><meta charset=\"utf-8\"><title>Обращение " +
                    HtmlEscape(target->uin) + "</title><body><h1>Обращение " +
                    HtmlEscape(target->uin) + "</h1><form method=\"post\"><button>Нажмите, чтобы " +
                    std::string(ActionName(target->action)) + "</button></form></body></html>";
        return page;
    }
    return JsonResponse(200, json::object{{"uin", target->uin},
                                          {"action", target->action},
                                          {"expires_at", core::FormatInstant(target->expires)}});
}

Response Api::UseConfirmLink(Call& call) {
    if (!deps_.mail) return ErrorResponse(MailOff());
    int retry_after = 0;
    if (!public_limiter_.Allow(call.request.remote_address, retry_after)) {
        return TooMany(retry_after);
    }
    auto target = deps_.mail->OpenLink(call.Param("token"));
    if (!target) return ErrorResponse(target.error());
    core::ActionRequest request;
    request.action = target->action;
    request.params["channel"] = "link";
    // The applicant acts through the link the signature vouches for; no staff account is involved.
    const core::Actor applicant{0, "applicant", core::Role::kOperator, "", ""};
    auto appeal = deps_.appeals.Act(target->uin, request, applicant, std::nullopt);
    if (!appeal) return ErrorResponse(appeal.error());
    return JsonResponse(200, json::object{{"uin", appeal->uin},
                                          {"action", target->action},
                                          {"status", core::StatusCode(appeal->status)}});
}

}  // namespace otklik::api

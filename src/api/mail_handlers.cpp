// The e-mail channel's routes: failed letters for administrators (CH-1: one broken letter never
// blocks a mailbox, it waits here), and the signed confirm / dispute links of resolution letters,
// which work without a staff login (LC-4, LC-5).
#include "api/mail_handlers.hpp"

#include "api/json_mapping.hpp"
#include "core/parse_integer.hpp"

namespace otklik::api {
namespace {

core::Error MailOff() {
    return {core::ErrorKind::kUnavailable, "unavailable", "Почтовый канал не настроен", {}};
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

// The applicant's words sent with the link's form: a JSON body {"comment": "…"} or the page's
// own form (application/x-www-form-urlencoded).
std::string LinkComment(const Request& request) {
    if (request.body.empty()) return {};
    if (request.Header("content-type").find("application/x-www-form-urlencoded") !=
        std::string::npos) {
        const auto form = ParseQuery(request.body);
        const auto comment = form.find("comment");
        if (comment != form.end()) return comment->second;
        return {};
    }
    std::error_code ec;
    const auto parsed = json::parse(request.body, ec);
    if (ec || !parsed.is_object()) return {};
    const auto* comment = parsed.as_object().if_contains("comment");
    return comment && comment->is_string() ? std::string(comment->as_string()) : std::string();
}

// The links this route serves; a status page link (action "status.<letter>") acts on nothing.
core::Result<core::LinkTarget> ConfirmLinkOnly(core::Result<core::LinkTarget> target) {
    if (target && target->action != "confirm" && target->action != "dispute") {
        return core::Fail(core::Error{core::ErrorKind::kNotFound,
                                      "link_invalid",
                                      "Ссылка недействительна: она не для подтверждения решения",
                                      {}});
    }
    return target;
}

}  // namespace

core::Result<Response> MailHandlers::ListMailFailures(Call& call) {
    if (!deps_.mail) return core::Fail(MailOff());
    auto failures = deps_.mail->Failures(call.request.Query("all") != "true", 200);
    if (!failures) return core::Fail(failures.error());
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

core::Result<Response> MailHandlers::RetryMailFailure(Call& call) {
    if (!deps_.mail) return core::Fail(MailOff());
    const auto parsed = core::ParseInteger<std::int64_t>(call.Param("id"));
    if (!parsed) return core::Fail(core::Error::NotFound("Нет такого письма"));
    const std::int64_t id = *parsed;
    auto retried = deps_.mail->Retry(id);
    if (!retried) return core::Fail(retried.error());
    return JsonResponse(200, json::object{{"outcome", retried->outcome}, {"uin", retried->uin}});
}

core::Result<Response> MailHandlers::ReadConfirmLink(Call& call) {
    if (!deps_.mail) return core::Fail(MailOff());
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address, retry_after)) {
        return RateLimited(retry_after);
    }
    auto target = ConfirmLinkOnly(deps_.mail->OpenLink(call.Param("token")));
    if (!target) return core::Fail(target.error());
    // Opening a link never acts (mail scanners follow links): a browser gets a page with a
    // button that posts to the same address.
    if (call.request.Header("accept").find("text/html") != std::string::npos) {
        Response page;
        page.content_type = "text/html; charset=utf-8";
        page.body = "<!doctype html><html lang=\"ru\"><meta charset=\"utf-8\"><title>Обращение " +
                    HtmlEscape(target->uin) + "</title><body><h1>Обращение " +
                    HtmlEscape(target->uin) + "</h1><form method=\"post\">" +
                    // LC-4: a disagreement says what is still wrong; a confirmation may add words.
                    (target->action == "dispute"
                         ? "<p><label for=\"comment\">Что осталось нерешённым?</label></p>"
                           "<p><textarea id=\"comment\" name=\"comment\" rows=\"5\" "
                           "cols=\"60\" required maxlength=\"4000\"></textarea></p>"
                         : "<p><label for=\"comment\">Комментарий (необязательно)</label></p>"
                           "<p><textarea id=\"comment\" name=\"comment\" rows=\"3\" "
                           "cols=\"60\" maxlength=\"4000\"></textarea></p>") +
                    "<button>Нажмите, чтобы " + std::string(ActionName(target->action)) +
                    "</button></form></body></html>";
        return page;
    }
    return JsonResponse(200, json::object{{"uin", target->uin},
                                          {"action", target->action},
                                          {"expires_at", core::FormatInstant(target->expires)}});
}

core::Result<Response> MailHandlers::UseConfirmLink(Call& call) {
    if (!deps_.mail) return core::Fail(MailOff());
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address, retry_after)) {
        return RateLimited(retry_after);
    }
    auto target = ConfirmLinkOnly(deps_.mail->OpenLink(call.Param("token")));
    if (!target) return core::Fail(target.error());
    const auto intent = target->action == "confirm" ? core::ApplicantIntent::kConfirm
                                                    : core::ApplicantIntent::kDispute;
    const std::string comment = LinkComment(call.request);
    if (intent == core::ApplicantIntent::kDispute && comment.empty()) {
        return core::Fail(
            core::Error::Validation({{"comment", "required",
                                      "Опишите, что осталось нерешённым: без этого несогласие не "
                                      "может быть рассмотрено"}}));
    }
    auto current = deps_.appeals.Get(target->uin, core::ApplicantActor("link"));
    if (!current) return core::Fail(current.error());
    const auto action = deps_.appeals.ApplicantAction(*current, intent);
    if (!action) {
        return core::Fail({core::ErrorKind::kUnprocessable,
                           "action_not_allowed",
                           "По обращению " + target->uin + " уже нельзя " +
                               std::string(ActionName(target->action)) + ": оно в статусе «" +
                               std::string(core::StatusCode(current->status)) + "»",
                           {}});
    }
    core::ActionRequest request;
    request.action = *action;
    if (!comment.empty()) request.params[core::kApplicantAnswerParam] = comment;
    // The applicant acts through the link the signature vouches for; no staff account is involved.
    auto appeal =
        deps_.appeals.Act(target->uin, request, core::ApplicantActor("link"), std::nullopt);
    if (!appeal) return core::Fail(appeal.error());
    return JsonResponse(200, json::object{{"uin", appeal->uin},
                                          {"action", target->action},
                                          {"status", core::StatusCode(appeal->status)}});
}

}  // namespace otklik::api

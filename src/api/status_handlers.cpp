// The applicant's status page (issue 17): links, sessions and answers. Every path to an appeal
// goes through core::StatusAccess, which binds the session to one appeal and its address.
#include "api/status_handlers.hpp"

#include "api/applicant_files.hpp"
#include "api/json_mapping.hpp"
#include "api/status_view.hpp"
#include "sla/regions.hpp"

namespace otklik::api {
namespace {

constexpr std::size_t kMaxComment = 20000;

core::Error Unavailable() {
    return {core::ErrorKind::kUnavailable,
            "unavailable",
            "Страница статуса обращения не подключена: обратитесь в службу поддержки",
            {}};
}

core::Result<Response> NoStore(Response response) {
    response.Header("Cache-Control", "no-store");
    return response;
}

}  // namespace

core::Result<Response> StatusHandlers::RequestLink(Call& call) {
    if (!deps_.status_access) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address, retry_after)) {
        return RateLimited(retry_after);
    }
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    if (auto known = RefuseUnknownFields(*body, {"uin", "email"}); !known) {
        return core::Fail(known.error());
    }
    auto uin = OptionalString(*body, "uin", "uin");
    if (!uin) return core::Fail(uin.error());
    auto email = OptionalString(*body, "email", "email");
    if (!email) return core::Fail(email.error());
    auto queued = deps_.status_access->RequestLink(*uin, *email);
    if (!queued) return core::Fail(queued.error());
    // SEC-5: the same answer whether or not the number exists and the address is its own.
    return NoStore(JsonResponse(
        202, json::object{{"sent", true},
                          {"message",
                           "Если номер обращения и адрес указаны верно, на этот адрес придёт "
                           "письмо со ссылкой на страницу обращения. Ссылка открывается один "
                           "раз."}}));
}

core::Result<Response> StatusHandlers::OpenSession(Call& call) {
    if (!deps_.status_access || !deps_.mail) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address, retry_after)) {
        return RateLimited(retry_after);
    }
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    auto link = OptionalString(*body, "link", "link");
    if (!link) return core::Fail(link.error());
    const core::Error invalid{core::ErrorKind::kNotFound,
                              "link_invalid",
                              "Ссылка недействительна: запросите новую на странице статуса",
                              {}};
    if (link->empty() || link->size() > 1000) return core::Fail(invalid);
    auto target = deps_.mail->OpenLink(*link);
    if (!target) return core::Fail(target.error());
    // A confirm or dispute link acts; only a status link ("status.<letter>") opens the page.
    if (target->action.rfind("status.", 0) != 0) return core::Fail(invalid);
    auto session = deps_.status_access->OpenSession(target->uin, *link, target->expires);
    if (!session) return core::Fail(session.error());
    return NoStore(
        JsonResponse(200, json::object{{"token", session->token},
                                       {"uin", session->uin},
                                       {"expires_at", core::FormatInstant(session->expires_at)}}));
}

core::Result<Response> StatusHandlers::GetStatus(Call& call) {
    if (!deps_.status_access) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address, retry_after)) {
        return RateLimited(retry_after);
    }
    auto appeal =
        deps_.status_access->Authorize(call.Param("uin"), call.request.Header("x-status-token"));
    if (!appeal) return core::Fail(appeal.error());
    return NoStore(JsonResponse(200, StatusView(deps_, *appeal)));
}

core::Result<Response> StatusHandlers::Logout(Call& call) {
    if (!deps_.status_access) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address, retry_after)) {
        return RateLimited(retry_after);
    }
    auto closed = deps_.status_access->CloseSession(call.request.Header("x-status-token"));
    if (!closed) return core::Fail(closed.error());
    Response response;
    response.status = 204;
    return NoStore(std::move(response));
}

core::Result<Response> StatusHandlers::Answer(Call& call) {
    if (!deps_.status_access) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address, retry_after)) {
        return RateLimited(retry_after);
    }
    auto appeal =
        deps_.status_access->Authorize(call.Param("uin"), call.request.Header("x-status-token"));
    if (!appeal) return core::Fail(appeal.error());
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    if (auto known = RefuseUnknownFields(*body, {"intent", "comment", "version", "files"});
        !known) {
        return core::Fail(known.error());
    }
    auto intent_code = OptionalString(*body, "intent", "intent");
    if (!intent_code) return core::Fail(intent_code.error());
    const auto intent = core::ParseApplicantIntent(*intent_code);
    if (!intent) {
        return core::Fail(core::Error::Validation(
            {{"intent", "unknown", "Ответ: reply, confirm, dispute или withdraw"}}));
    }
    auto comment = OptionalString(*body, "comment", "comment");
    if (!comment) return core::Fail(comment.error());
    if (comment->size() > kMaxComment) {
        return core::Fail(
            core::Error::Validation({{"comment", "too_long", "Текст слишком длинный"}}));
    }
    std::optional<std::int64_t> version;
    if (const auto* given = body->if_contains("version"); given && !given->is_null()) {
        if (!given->is_int64()) {
            return core::Fail(
                core::Error::Validation({{"version", "type", "Версия обращения — число"}}));
        }
        version = given->as_int64();
    }
    auto files = ParseApplicantFiles(body->if_contains("files"));
    if (!files) return core::Fail(files.error());

    // The regulation decides what the applicant may do now; the page offered the same.
    const auto action = deps_.appeals.ApplicantAction(*appeal, *intent);
    if (!action) {
        return core::Fail(
            core::Error::Unprocessable("action_not_allowed",
                                       "Сейчас это действие по обращению недоступно: обновите "
                                       "страницу, чтобы увидеть, что можно сделать"));
    }
    const bool blank = comment->find_first_not_of(" \t\r\n") == std::string::npos;
    const auto view = StatusView(deps_, *appeal);
    for (const auto& offered : view.at("actions").as_array()) {
        const auto& o = offered.as_object();
        if (o.at("intent").as_string() != *intent_code) continue;
        if (o.at("comment_required").as_bool() && blank) {
            return core::Fail(core::Error::Validation(
                {{"comment", "required", std::string(o.at("label").as_string()) + ": напишите"}}));
        }
    }
    if (*intent == core::ApplicantIntent::kReply && blank && files->empty()) {
        return core::Fail(core::Error::Validation(
            {{"comment", "required", "Напишите ответ или приложите файл"}}));
    }
    if (*intent != core::ApplicantIntent::kReply && !files->empty()) {
        return core::Fail(core::Error::Validation(
            {{"files", "not_allowed", "Файлы прикладываются к ответу на запрос информации"}}));
    }
    auto stored = StoreApplicantFiles(deps_.attachments_dir, appeal->id, *files);
    if (!stored) return core::Fail(stored.error());
    core::ActionRequest request;
    request.action = *action;
    if (!blank) request.params[core::kApplicantAnswerParam] = *comment;
    request.files = stored->kept;
    auto acted = deps_.appeals.Act(appeal->uin, request, core::ApplicantActor("status"), version);
    if (!acted) {
        stored->Discard();
        if (acted.error().code == "version_conflict") {
            return core::Fail(core::Error::Conflict(
                "version_conflict",
                "Обращение изменилось, пока страница была открыта: обновите её и повторите"));
        }
        return core::Fail(acted.error());
    }
    events_.Published(*acted, "action");
    return NoStore(JsonResponse(200, StatusView(deps_, *acted)));
}

core::Result<Response> StatusHandlers::ListRegions(Call&) {
    json::array items;
    if (deps_.regions) {
        items.reserve(deps_.regions->All().size());
        for (const auto& region : deps_.regions->All()) {
            items.push_back(json::object{{"code", region.code}, {"name", region.name}});
        }
    }
    auto response = JsonResponse(200, json::object{{"items", std::move(items)}});
    response.Header("Cache-Control", "public, max-age=3600");
    return response;
}

}  // namespace otklik::api

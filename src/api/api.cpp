#include "api/api.hpp"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "api/event_hub.hpp"
#include "api/json_mapping.hpp"
#include "core/password_policy.hpp"
#include "core/personal_data.hpp"
#include "core/uin.hpp"
#include "views/triage_view.hpp"

namespace otklik::api {
namespace {

using core::Permission;
constexpr auto kNoPermission = Permission::kReadAppeals;

std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t pos = 1;
    while (pos <= path.size()) {
        const auto next = path.find('/', pos);
        parts.push_back(
            path.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
        if (next == std::string_view::npos) break;
        pos = next + 1;
    }
    return parts;
}

bool Match(std::string_view pattern, const std::vector<std::string_view>& path,
           std::map<std::string, std::string>& params) {
    const auto parts = Split(pattern);
    if (parts.size() != path.size()) return false;
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].size() > 2 && parts[i].front() == '{' && parts[i].back() == '}') {
            if (path[i].empty()) return false;
            found[std::string(parts[i].substr(1, parts[i].size() - 2))] = std::string(path[i]);
        } else if (parts[i] != path[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

Response NoContent() {
    Response response;
    response.status = 204;
    response.content_type = "text/plain";
    return response;
}

std::string Etag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

// If-Match: "3", W/"3" or 3.
core::Result<std::optional<std::int64_t>> ParseIfMatch(const std::string& header) {
    if (header.empty()) return std::optional<std::int64_t>{};
    std::string value = header;
    if (value.rfind("W/", 0) == 0) value = value.substr(2);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
    }
    try {
        std::size_t used = 0;
        const auto version = std::stoll(value, &used);
        if (used == value.size() && version > 0) return std::optional<std::int64_t>{version};
    } catch (...) {
    }
    return core::Fail(core::Error::Validation(
        {{"If-Match", "format", "Заголовок If-Match должен содержать версию обращения"}}));
}

core::Result<std::vector<core::Status>> ParseStatuses(const std::string& text) {
    std::vector<core::Status> statuses;
    std::size_t pos = 0;
    while (pos <= text.size() && !text.empty()) {
        const auto comma = text.find(',', pos);
        const std::string code =
            text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        const auto status = core::ParseStatus(code);
        if (!status) {
            return core::Fail(
                core::Error::Validation({{"status", "unknown", "Неизвестный статус: " + code}}));
        }
        statuses.push_back(*status);
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return statuses;
}

core::Result<std::optional<core::Instant>> QueryInstant(const Request& request, const char* name) {
    const std::string text = request.Query(name);
    if (text.empty()) return std::optional<core::Instant>{};
    if (auto at = core::ParseInstant(text)) return std::optional<core::Instant>{*at};
    return core::Fail(core::Error::Validation(
        {{name, "format", "Время указывается в формате RFC 3339, например 2026-01-12T07:00:00Z"}}));
}

bool IsLoopback(const std::string& address) {
    return address.rfind("127.", 0) == 0 || address == "::1" || address.empty();
}

// A login or address as it may appear in the log: short, printable ASCII only.
std::string ForLog(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, 32)) {
        out.push_back(c > 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
    }
    if (text.size() > 32) out += "...";
    return out;
}

// 400 naming a field that is longer than the API takes.
Response TooLong(const char* field, std::string message) {
    return ErrorResponse(
        {core::ErrorKind::kBadRequest, "too_long", message, {{field, "too_long", message}}});
}

// What the workplace may offer a role, so that it never repeats the role rules (SEC-1).
json::array PermissionsOf(core::Role role) {
    static constexpr std::pair<core::Permission, const char*> kPermissions[] = {
        {core::Permission::kReadAppeals, "read_appeals"},
        {core::Permission::kRegisterAppeals, "register_appeals"},
        {core::Permission::kWorkAppeals, "work_appeals"},
        {core::Permission::kRevealPersonalData, "reveal_personal_data"},
        {core::Permission::kManageUsers, "manage_users"},
        {core::Permission::kReadReports, "read_reports"},
        {core::Permission::kReviewTriage, "review_triage"},
        {core::Permission::kManageKnowledge, "manage_knowledge"},
    };
    json::array permissions;
    for (const auto& [permission, code] : kPermissions) {
        if (core::RoleAllows(role, permission)) permissions.emplace_back(code);
    }
    return permissions;
}

}  // namespace

const std::vector<RouteSpec>& Api::Routes() {
    using A = Access;
    static const std::vector<RouteSpec> kRoutes = {
        {"POST", "/api/v1/auth/login", A::kPublic, kNoPermission, false, &Api::Login},
        {"POST", "/api/v1/auth/logout", A::kStaff, kNoPermission, false, &Api::Logout},
        {"GET", "/api/v1/auth/me", A::kStaff, kNoPermission, false, &Api::Me},
        {"GET", "/api/v1/appeals", A::kPermission, Permission::kReadAppeals, false,
         &Api::ListAppeals},
        {"POST", "/api/v1/appeals", A::kPermission, Permission::kRegisterAppeals, false,
         &Api::CreateAppeal},
        {"GET", "/api/v1/appeals/counts", A::kPermission, Permission::kReadAppeals, false,
         &Api::CountAppeals},
        {"GET", "/api/v1/appeals/{uin}", A::kPermission, Permission::kReadAppeals, false,
         &Api::GetAppeal},
        {"GET", "/api/v1/appeals/{uin}/applicant", A::kPermission, Permission::kRevealPersonalData,
         false, &Api::RevealApplicant},
        {"POST", "/api/v1/appeals/{uin}/actions", A::kPermission, Permission::kWorkAppeals, false,
         &Api::ActOnAppeal},
        {"GET", "/api/v1/appeals/{uin}/comments", A::kPermission, Permission::kReadAppeals, false,
         &Api::ListComments},
        {"POST", "/api/v1/appeals/{uin}/comments", A::kPermission, Permission::kWorkAppeals, false,
         &Api::AddComment},
        {"GET", "/api/v1/appeals/{uin}/history", A::kPermission, Permission::kReadAppeals, false,
         &Api::GetHistory},
        {"GET", "/api/v1/appeals/{uin}/attachments/{n}", A::kPermission, Permission::kReadAppeals,
         false, &Api::GetAttachment},
        {"GET", "/api/v1/appeals/{uin}/links", A::kPermission, Permission::kReadAppeals, false,
         &Api::ListLinks},
        {"POST", "/api/v1/appeals/{uin}/links", A::kPermission, Permission::kWorkAppeals, false,
         &Api::AddLink},
        {"POST", "/api/v1/calls", A::kPermission, Permission::kRegisterAppeals, false,
         &Api::TakeCall},
        {"GET", "/api/v1/calls", A::kPermission, Permission::kRegisterAppeals, false,
         &Api::ListOpenCalls},
        {"GET", "/api/v1/calls/{uin}", A::kStaff, kNoPermission, false, &Api::GetCall},
        {"POST", "/api/v1/calls/{uin}/end", A::kStaff, kNoPermission, false, &Api::EndCall},
        {"GET", "/api/v1/events", A::kPermission, Permission::kReadAppeals, false, &Api::Events},
        {"GET", "/api/v1/public/appeals/{uin}", A::kPublic, kNoPermission, false,
         &Api::PublicStatus},
        {"POST", "/api/v1/public/contact/code", A::kPublic, kNoPermission, false,
         &Api::SendContactCode},
        {"POST", "/api/v1/public/contact/verify", A::kPublic, kNoPermission, false,
         &Api::VerifyContact},
        {"POST", "/api/v1/triage/check", A::kPermission, Permission::kRegisterAppeals, false,
         &Api::CheckTriage},
        {"POST", "/api/v1/appeals/{uin}/triage/review", A::kPermission, Permission::kReviewTriage,
         false, &Api::ReviewTriage},
        {"GET", "/api/v1/users", A::kPermission, Permission::kManageUsers, false, &Api::ListUsers},
        {"POST", "/api/v1/users", A::kPermission, Permission::kManageUsers, false,
         &Api::CreateUser},
        {"GET", "/api/v1/users/{login}", A::kPermission, Permission::kManageUsers, false,
         &Api::GetUser},
        {"PATCH", "/api/v1/users/{login}", A::kPermission, Permission::kManageUsers, false,
         &Api::UpdateUser},
        {"GET", "/api/v1/groups", A::kStaff, kNoPermission, false, &Api::ListGroups},
        {"POST", "/api/v1/groups", A::kPermission, Permission::kManageUsers, false,
         &Api::CreateGroup},
        {"PATCH", "/api/v1/groups/{code}", A::kPermission, Permission::kManageUsers, false,
         &Api::UpdateGroup},
        {"GET", "/api/v1/tokens", A::kStaff, kNoPermission, false, &Api::ListTokens},
        {"POST", "/api/v1/tokens", A::kStaff, kNoPermission, false, &Api::CreateToken},
        {"DELETE", "/api/v1/tokens/{id}", A::kStaff, kNoPermission, false, &Api::RevokeToken},
        {"GET", "/api/v1/audit/personal-data", A::kPermission, Permission::kManageUsers, false,
         &Api::PersonalDataLog},
        {"GET", "/api/v1/roles", A::kStaff, kNoPermission, false, &Api::ListRoles},
        {"GET", "/api/v1/mail/failures", A::kPermission, Permission::kManageUsers, false,
         &Api::ListMailFailures},
        {"POST", "/api/v1/mail/failures/{id}/retry", A::kPermission, Permission::kManageUsers,
         false, &Api::RetryMailFailure},
        {"GET", "/api/v1/public/confirm/{token}", A::kPublic, kNoPermission, false,
         &Api::ReadConfirmLink},
        {"POST", "/api/v1/public/confirm/{token}", A::kPublic, kNoPermission, false,
         &Api::UseConfirmLink},
        {"GET", "/api/v1/deliveries", A::kPermission, Permission::kWorkAppeals, false,
         &Api::ListDeliveries},
        {"POST", "/api/v1/deliveries/{id}", A::kPermission, Permission::kWorkAppeals, false,
         &Api::ConfirmDelivery},
        {"GET", "/api/v1/regulations", A::kStaff, kNoPermission, false, &Api::ListRegulations},
        {"GET", "/api/v1/regulations/{id}", A::kStaff, kNoPermission, false, &Api::GetRegulation},
        {"GET", "/api/v1/organizations", A::kStaff, kNoPermission, false, &Api::ListOrganizations},
        {"GET", "/api/v1/kb/bases", A::kStaff, kNoPermission, false, &Api::ListKbBases},
        {"POST", "/api/v1/kb/bases/{code}/publish", A::kPermission, Permission::kManageKnowledge,
         false, &Api::PublishKbBase},
        {"GET", "/api/v1/kb/bases/{code}/synonyms", A::kStaff, kNoPermission, false,
         &Api::GetKbSynonyms},
        {"PUT", "/api/v1/kb/bases/{code}/synonyms", A::kPermission, Permission::kManageKnowledge,
         false, &Api::SetKbSynonyms},
        {"GET", "/api/v1/kb/articles", A::kStaff, kNoPermission, false, &Api::ListKbArticles},
        {"POST", "/api/v1/kb/articles", A::kPermission, Permission::kManageKnowledge, false,
         &Api::CreateKbArticle},
        {"GET", "/api/v1/kb/articles/{id}", A::kStaff, kNoPermission, false, &Api::GetKbArticle},
        {"PATCH", "/api/v1/kb/articles/{id}", A::kPermission, Permission::kManageKnowledge, false,
         &Api::UpdateKbArticle},
        {"DELETE", "/api/v1/kb/articles/{id}", A::kPermission, Permission::kManageKnowledge, false,
         &Api::DeleteKbArticle},
        {"GET", "/api/v1/kb/articles/{id}/versions", A::kStaff, kNoPermission, false,
         &Api::KbArticleVersions},
        {"GET", "/api/v1/kb/export", A::kStaff, kNoPermission, false, &Api::ExportKb},
        {"POST", "/api/v1/kb/import", A::kPermission, Permission::kManageKnowledge, false,
         &Api::ImportKb},
        {"GET", "/api/v1/kb/search", A::kPublic, kNoPermission, false, &Api::SearchKb},
        {"GET", "/api/v1/public/kb/articles", A::kPublic, kNoPermission, false,
         &Api::PublicKbArticles},
        {"GET", "/api/v1/kb/scripts", A::kStaff, kNoPermission, false, &Api::SearchKbScripts},
        {"GET", "/api/v1/appeals/{uin}/suggestions", A::kPermission, Permission::kReadAppeals,
         false, &Api::AppealSuggestions},
        {"POST", "/api/v1/chat/sessions", A::kPublic, kNoPermission, false, &Api::StartChat},
        {"GET", "/api/v1/chat/sessions/{id}", A::kPublic, kNoPermission, false, &Api::GetChat},
        {"POST", "/api/v1/chat/sessions/{id}/messages", A::kPublic, kNoPermission, false,
         &Api::ChatMessage},
        {"GET", "/api/v1/reports/summary", A::kPermission, Permission::kReadReports, false,
         &Api::SummaryReport},
        {"GET", "/api/v1/reports/chatbot", A::kPermission, Permission::kReadReports, false,
         &Api::ChatbotReport},
        {"POST", "/api/v1/test/clock", A::kPublic, kNoPermission, true, &Api::SetClock},
        {"GET", "/healthz", A::kPublic, kNoPermission, false, &Api::Health},
        {"GET", "/readyz", A::kPublic, kNoPermission, false, &Api::Ready},
        {"GET", "/metrics", A::kPublic, kNoPermission, false, &Api::MetricsText},
    };
    return kRoutes;
}

Api::Api(ApiDependencies deps) : deps_(std::move(deps)) {}

Response Api::Handle(Request& request) {
    const auto started = std::chrono::steady_clock::now();
    std::string route = "unmatched";
    Response response;
    // Behind a reverse proxy the peer is the proxy: rate limits and logs need the client.
    std::string forwarded;
    for (const auto& [name, value] : request.headers) {
        if (name != "x-forwarded-for") continue;
        if (!forwarded.empty()) forwarded += ',';
        forwarded += value;
    }
    request.remote_address =
        ClientAddress(request.peer_address.empty() ? request.remote_address : request.peer_address,
                      forwarded, deps_.trusted_proxies);
    try {
        response = Dispatch(request, route);
    } catch (const std::exception& e) {
        // Broken infrastructure: the one place that turns it into 503/500 (STYLE.md).
        spdlog::error("api: {} {} failed: {}", MetricMethod(request.method), route, e.what());
        response = ErrorResponse({core::ErrorKind::kUnavailable,
                                  "unavailable",
                                  "Сервис временно недоступен: повторите запрос позже",
                                  {}});
    }
    // Answers carry personal data: never cached, never sniffed into another type, never framed.
    const auto has = [&response](std::string_view name) {
        return std::any_of(response.headers.begin(), response.headers.end(),
                           [&](const auto& header) { return header.first == name; });
    };
    if (!response.stream && !has("Cache-Control")) response.Header("Cache-Control", "no-store");
    response.Header("X-Content-Type-Options", "nosniff");
    response.Header("X-Frame-Options", "DENY");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    deps_.metrics.ObserveRequest(route, request.method, response.status, seconds);
    // The route pattern, not the path: paths and bodies may carry personal data.
    spdlog::debug("http {} {} -> {} in {:.2f} ms", MetricMethod(request.method), route,
                  response.status, seconds * 1000);
    return response;
}

Response Api::Dispatch(Request& request, std::string& route_pattern) {
    const auto path = Split(request.path);
    bool path_known = false;
    for (const auto& spec : Routes()) {
        std::map<std::string, std::string> params;
        if (!Match(spec.pattern, path, params)) continue;
        // The test clock moves every deadline: only with the manual clock, only from this
        // machine (issue 12).
        if (spec.test_only && (!deps_.manual_clock || !IsLoopback(request.peer_address))) {
            continue;
        }
        path_known = true;
        if (spec.method != request.method) continue;
        route_pattern = std::string(spec.pattern);
        Call call{request, std::move(params), std::nullopt};
        if (spec.access != Access::kPublic) {
            auto principal = deps_.auth.Authenticate(request);
            if (!principal) return ErrorResponse(principal.error());
            if (spec.access == Access::kPermission &&
                !core::RoleAllows(principal->user.role, spec.permission)) {
                return ErrorResponse(core::Error::Forbidden(
                    "Роль «" + std::string(core::RoleDisplayName(principal->user.role)) +
                    "» не даёт доступа к этому разделу"));
            }
            // A regional operator without a region of its own works in its group's (SEC-1).
            if (principal->user.role == core::Role::kRegionalOperator &&
                principal->user.region.empty() && !principal->user.group.empty()) {
                if (auto group = deps_.users.FindGroup(principal->user.group); group) {
                    principal->user.region = group->region;
                }
            }
            call.principal = std::move(*principal);
        }
        Response response = (this->*spec.handler)(call);
        if (call.principal) HideForeignAppeals(response, core::AppealScope::Of(call.Actor()));
        return response;
    }
    if (path_known) {
        return ErrorResponse({core::ErrorKind::kBadRequest,
                              "method_not_allowed",
                              "Метод " + std::string(MetricMethod(request.method)) +
                                  " не поддерживается для этого адреса",
                              {}});
    }
    return ErrorResponse(core::Error::NotFound("Адрес не найден"));
}

// --- auth ---

Response Api::Login(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return ErrorResponse(body.error());
    auto login = OptionalString(*body, "login", "login");
    auto password = OptionalString(*body, "password", "password");
    if (!login) return ErrorResponse(login.error());
    if (!password) return ErrorResponse(password.error());
    std::vector<core::FieldError> missing;
    if (login->empty()) missing.push_back({"login", "required", "Введите логин"});
    if (password->empty()) missing.push_back({"password", "required", "Введите пароль"});
    if (!missing.empty()) return ErrorResponse(core::Error::Validation(std::move(missing)));
    // Refused before any limiter keeps them or any hash is computed (issue 12).
    if (login->size() > core::kMaxLoginLength) {
        return TooLong("login",
                       "Логин длиннее " + std::to_string(core::kMaxLoginLength) + " символов");
    }
    if (password->size() > core::kMaxPasswordLength) {
        return TooLong("password",
                       "Пароль длиннее " + std::to_string(core::kMaxPasswordLength) + " байт");
    }
    const std::string& address = call.request.remote_address;
    int retry_after = 0;
    if (!login_address_limiter_.Allow(address, retry_after) ||
        !login_limiter_.Allow(address + "|" + *login, retry_after)) {
        return RateLimited(retry_after);
    }
    const auto now = LoginGuard::Clock::now();
    switch (login_guard_.Check(address, *login, now, retry_after)) {
        case LoginGuard::Verdict::kAllow:
            break;
        case LoginGuard::Verdict::kAccountBackoff: {
            spdlog::warn("auth: login '{}' from {} refused: account in back-off", ForLog(*login),
                         ForLog(address));
            auto response = ErrorResponse(
                {core::ErrorKind::kRateLimited,
                 "login_backoff",
                 "Слишком много неудачных попыток входа под этим логином: повторите позже",
                 {}});
            response.Header("Retry-After", std::to_string(retry_after));
            return response;
        }
        case LoginGuard::Verdict::kAddressThrottled:
            spdlog::warn("auth: login '{}' from {} refused: too many failures from the address",
                         ForLog(*login), ForLog(address));
            return RateLimited(retry_after);
    }
    auto result = deps_.auth.Login(*login, *password);
    if (!result) {
        if (result.error().code == "login_busy") {
            auto response = ErrorResponse(result.error());
            response.Header("Retry-After", "1");
            return response;
        }
        // SEC-4: who tried and from where, never the password.
        login_guard_.Failed(address, *login, now);
        spdlog::warn("auth: failed login '{}' from {}", ForLog(*login), ForLog(address));
        return ErrorResponse(result.error());
    }
    login_guard_.Succeeded(*login);
    spdlog::info("auth: user #{} signed in from {}", result->user.id, ForLog(address));
    auto response =
        JsonResponse(200, json::object{
                              {"token", result->token},
                              {"csrf_token", result->credential.csrf_token},
                              {"expires_at", core::FormatInstant(*result->credential.expires_at)},
                              {"user", UserJson(result->user)},
                              {"permissions", PermissionsOf(result->user.role)},
                          });
    response.Header("Set-Cookie", deps_.auth.SessionCookie(result->token));
    response.Header("Cache-Control", "no-store");
    return response;
}

Response Api::Logout(Call& call) {
    auto revoked = deps_.users.RevokeCredential(call.principal->credential.id, deps_.clock.Now());
    if (!revoked) return ErrorResponse(revoked.error());
    auto response = NoContent();
    response.Header("Set-Cookie", deps_.auth.ExpiredCookie());
    return response;
}

Response Api::Me(Call& call) {
    json::object body{{"user", UserJson(call.principal->user)},
                      {"permissions", PermissionsOf(call.principal->user.role)}};
    if (call.principal->credential.kind == core::CredentialKind::kSession) {
        body["csrf_token"] = call.principal->credential.csrf_token;
    }
    return JsonResponse(200, body);
}

// --- appeals ---

Response Api::CreateAppeal(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return ErrorResponse(body.error());
    auto draft = ParseDraft(*body);
    if (!draft) return ErrorResponse(draft.error());
    const std::string key = call.request.Header("idempotency-key");
    if (key.size() > 200) {
        return ErrorResponse(core::Error::Validation(
            {{"Idempotency-Key", "too_long", "Ключ идемпотентности длиннее 200 символов"}}));
    }
    const auto actor = call.Actor();
    // Keys are scoped per user: two systems choosing the same key do not collide.
    const std::string scoped_key = key.empty() ? "" : std::to_string(actor.user_id) + ":" + key;
    auto registered =
        deps_.appeals.Register(*draft, actor, scoped_key, TokenHash(call.request.body));
    if (!registered) return ErrorResponse(registered.error());
    if (!registered->registered) {
        // TR-8: a status inquiry about an appeal in work is not a new ticket.
        json::value triage = registered->triage
                                 ? json::value(views::TriageJson(*registered->triage))
                                 : json::value(nullptr);
        auto response = JsonResponse(
            200, json::object{
                     {"registered", false},
                     {"message", registered->message},
                     {"triage", std::move(triage)},
                     {"appeal", AppealJson(registered->appeal, deps_.appeals.AvailableActions(
                                                                   registered->appeal, actor))},
                 });
        if (registered->replayed) response.Header("Idempotent-Replayed", "true");
        return response;
    }
    if (!registered->replayed) deps_.metrics.CountAppealRegistered(registered->appeal.channel);
    const auto& appeal = registered->appeal;
    auto response =
        JsonResponse(201, AppealJson(appeal, deps_.appeals.AvailableActions(appeal, actor)));
    response.Header("Location", "/api/v1/appeals/" + PercentEncode(appeal.uin));
    response.Header("ETag", Etag(appeal.version));
    if (registered->replayed) response.Header("Idempotent-Replayed", "true");
    if (!registered->replayed) PublishAppeal(appeal, "created");
    return response;
}

Response Api::ListAppeals(Call& call) {
    const Request& r = call.request;
    const auto actor = call.Actor();
    core::AppealFilter filter;
    if (auto statuses = ParseStatuses(r.Query("status")); statuses) {
        filter.statuses = std::move(*statuses);
    } else {
        return ErrorResponse(statuses.error());
    }
    filter.group = r.Query("group");
    filter.assignee = r.Query("assignee") == "me" ? actor.login : r.Query("assignee");
    filter.region = r.Query("region");
    filter.category = r.Query("category");
    filter.priority = r.Query("priority");
    filter.channel = r.Query("channel");
    filter.regulation = r.Query("regulation");
    filter.applicant_email = r.Query("applicant_email");
    filter.applicant_snils = core::DigitsOnly(r.Query("applicant_snils"));
    // A filter that keeps nothing must not become no filter at all (issue 12).
    if (!r.Query("applicant_snils").empty() && filter.applicant_snils.size() != 11) {
        const std::string message = "СНИЛС в фильтре: 11 цифр, например 112-233-445 95";
        return ErrorResponse({core::ErrorKind::kBadRequest,
                              "bad_filter",
                              message,
                              {{"applicant_snils", "format", message}}});
    }
    if (!r.Query("applicant_phone").empty()) {
        filter.applicant_phone = core::NormalizePhone(r.Query("applicant_phone"));
    }
    filter.open_only = r.Query("open") == "true";
    if (const std::string triage = r.Query("triage"); !triage.empty()) {
        std::size_t pos = 0;
        while (pos <= triage.size()) {
            const auto comma = triage.find(',', pos);
            const std::string code =
                triage.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            if (code != "flag" && code != "hold" && code != "refuse") {
                return ErrorResponse(core::Error::Validation(
                    {{"triage", "unknown", "Список на проверку: flag, hold или refuse"}}));
            }
            filter.triage_decisions.push_back(code);
            if (comma == std::string::npos) break;
            pos = comma + 1;
        }
    }
    if (r.Query("overdue") == "true") filter.overdue_at = deps_.clock.Now();
    auto from = QueryInstant(r, "created_from");
    auto to = QueryInstant(r, "created_to");
    if (!from) return ErrorResponse(from.error());
    if (!to) return ErrorResponse(to.error());
    filter.created_from = *from;
    filter.created_to = *to;
    // Only what the caller may see (SEC-1, SEC-6).
    core::AppealScope::Of(actor).Restrict(filter);
    core::PageRequest page;
    const std::string sort = r.Query("sort");
    if (sort.empty() || sort == "-created")
        page.order = core::AppealOrder::kByCreatedDesc;
    else if (sort == "deadline")
        page.order = core::AppealOrder::kByDeadline;
    else if (sort == "created")
        page.order = core::AppealOrder::kByCreated;
    else {
        return ErrorResponse(core::Error::Validation(
            {{"sort", "unknown", "Сортировка: deadline, created или -created"}}));
    }
    if (r.HasQuery("limit")) {
        try {
            page.limit = std::stoi(r.Query("limit"));
        } catch (...) {
            page.limit = 0;
        }
        if (page.limit < 1 || page.limit > 500) {
            return ErrorResponse(
                core::Error::Validation({{"limit", "range", "Размер страницы — от 1 до 500"}}));
        }
    }
    const std::string view = r.Query("view");
    if (!view.empty() && view != "full" && view != "summary") {
        return ErrorResponse(core::Error::Validation(
            {{"view", "unknown", "Вид списка: full (полный) или summary (для очереди)"}}));
    }
    page.after = r.Query("after");
    page.summaries_only = view == "summary";
    auto result = deps_.appeal_store.List(filter, page);
    if (!result) return ErrorResponse(result.error());
    const json::value next =
        result->next.empty() ? json::value(nullptr) : json::value(result->next);
    if (view == "summary") {
        Response response;
        std::size_t size = 64;
        for (const auto& summary : result->summaries) size += summary.size() + 1;
        response.body.reserve(size);
        response.body += "{\"items\":[";
        for (std::size_t i = 0; i < result->summaries.size(); ++i) {
            if (i > 0) response.body += ',';
            response.body += result->summaries[i];
        }
        response.body += "],\"next\":" + json::serialize(next) + "}";
        return response;
    }
    json::array items;
    items.reserve(result->items.size());
    for (const auto& appeal : result->items) {
        items.push_back(AppealJson(appeal, deps_.appeals.AvailableActions(appeal, actor)));
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}, {"next", next}});
}

Response Api::CountAppeals(Call& call) {
    // Counts of what the caller may see only (SEC-6).
    auto counts = deps_.appeal_store.QueueCounts(core::AppealScope::Of(call.Actor()));
    if (!counts) return ErrorResponse(counts.error());
    json::array items;
    for (const auto& count : *counts) {
        items.push_back(
            json::object{{"group", count.group}, {"status", count.status}, {"count", count.count}});
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

Response Api::GetAppeal(Call& call) {
    const auto actor = call.Actor();
    auto appeal = deps_.appeals.Get(call.Param("uin"), actor);
    if (!appeal) return ErrorResponse(appeal.error());
    auto body = AppealJson(*appeal, deps_.appeals.AvailableActions(*appeal, actor));
    if (auto links = deps_.appeals.VisibleLinks(*appeal, actor); links) {
        json::array array;
        for (const auto& link : *links) array.push_back(LinkJson(link));
        body["links"] = std::move(array);
    }
    auto response = JsonResponse(200, body);
    response.Header("ETag", Etag(appeal->version));
    return response;
}

Response Api::RevealApplicant(Call& call) {
    const auto actor = call.Actor();
    auto appeal = deps_.appeals.Get(call.Param("uin"), actor);
    if (!appeal) return ErrorResponse(appeal.error());
    // SEC-3, 152-ФЗ: every read of personal data by staff is logged before it is shown.
    auto logged = deps_.audit.LogAccess({0, deps_.clock.Now(), actor.login, appeal->uin,
                                         "applicant", call.request.Query("purpose")});
    if (!logged) return ErrorResponse(logged.error());
    auto response = JsonResponse(200, FullApplicant(appeal->applicant));
    response.Header("Cache-Control", "no-store");
    return response;
}

Response Api::ActOnAppeal(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return ErrorResponse(body.error());
    core::ActionRequest action;
    std::vector<core::FieldError> errors;
    for (const auto& [key, value] : *body) {
        std::string text;
        if (value.is_string())
            text = std::string(value.get_string());
        else if (value.is_int64())
            text = std::to_string(value.get_int64());
        else if (value.is_bool())
            text = value.get_bool() ? "true" : "false";
        else if (!value.is_null()) {
            errors.push_back({std::string(key), "type", "Ожидается строка или число"});
            continue;
        }
        if (key == "action")
            action.action = text;
        else
            action.params[std::string(key)] = text;
    }
    if (action.action.empty()) errors.push_back({"action", "required", "Укажите действие"});
    if (!errors.empty()) return ErrorResponse(core::Error::Validation(std::move(errors)));
    auto if_match = ParseIfMatch(call.request.Header("if-match"));
    if (!if_match) return ErrorResponse(if_match.error());
    const auto actor = call.Actor();
    auto appeal = deps_.appeals.Act(call.Param("uin"), action, actor, *if_match);
    if (!appeal) return ErrorResponse(appeal.error());
    PublishAppeal(*appeal, "action");
    auto response =
        JsonResponse(200, AppealJson(*appeal, deps_.appeals.AvailableActions(*appeal, actor)));
    response.Header("ETag", Etag(appeal->version));
    return response;
}

Response Api::ListComments(Call& call) {
    auto appeal = deps_.appeals.Get(call.Param("uin"), call.Actor());
    if (!appeal) return ErrorResponse(appeal.error());
    auto comments = deps_.appeal_store.Comments(appeal->id);
    if (!comments) return ErrorResponse(comments.error());
    json::array items;
    for (auto comment : *comments) {
        // Comments written before personal data was kept out of them (SEC-3).
        comment.text = core::ScrubApplicantData(comment.text, appeal->applicant);
        items.push_back(CommentJson(comment));
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

Response Api::AddComment(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return ErrorResponse(body.error());
    if (auto unknown = RefuseUnknownFields(*body, {"text", "visibility"}); !unknown) {
        return ErrorResponse(unknown.error());
    }
    auto text = OptionalString(*body, "text", "text");
    auto visibility = OptionalString(*body, "visibility", "visibility");
    if (!text) return ErrorResponse(text.error());
    if (!visibility) return ErrorResponse(visibility.error());
    if (!visibility->empty() && *visibility != "internal" && *visibility != "public") {
        return ErrorResponse(core::Error::Validation(
            {{"visibility", "unknown",
              "Видимость: internal (внутренний) или public (для заявителя)"}}));
    }
    auto comment = deps_.appeals.AddComment(
        call.Param("uin"), *text,
        *visibility == "public" ? core::Visibility::kPublic : core::Visibility::kInternal,
        call.Actor());
    if (!comment) return ErrorResponse(comment.error());
    PublishChange(call.Param("uin"), "comment");
    return JsonResponse(201, CommentJson(*comment));
}

Response Api::GetHistory(Call& call) {
    auto appeal = deps_.appeals.Get(call.Param("uin"), call.Actor());
    if (!appeal) return ErrorResponse(appeal.error());
    auto history = deps_.appeal_store.History(appeal->id);
    if (!history) return ErrorResponse(history.error());
    json::array items;
    for (const auto& entry : *history) items.push_back(HistoryJson(entry));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

Response Api::ListLinks(Call& call) {
    auto appeal = deps_.appeals.Get(call.Param("uin"), call.Actor());
    if (!appeal) return ErrorResponse(appeal.error());
    auto links = deps_.appeals.VisibleLinks(*appeal, call.Actor());
    if (!links) return ErrorResponse(links.error());
    json::array items;
    for (const auto& link : *links) items.push_back(LinkJson(link));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

Response Api::AddLink(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return ErrorResponse(body.error());
    auto type = OptionalString(*body, "type", "type");
    auto target = OptionalString(*body, "target", "target");
    if (!type) return ErrorResponse(type.error());
    if (!target) return ErrorResponse(target.error());
    const auto link_type = core::ParseLinkType(*type);
    std::vector<core::FieldError> errors;
    if (!link_type) {
        errors.push_back({"type", "unknown",
                          "Тип связи: duplicate_of, claim_about, related, status_inquiry_about "
                          "или merged_into"});
    }
    if (target->empty())
        errors.push_back({"target", "required", "Укажите номер связываемого обращения"});
    if (!errors.empty()) return ErrorResponse(core::Error::Validation(std::move(errors)));
    auto link = deps_.appeals.AddLink(call.Param("uin"), *link_type, *target, call.Actor());
    if (!link) return ErrorResponse(link.error());
    PublishChange(link->from_uin, "link");
    return JsonResponse(201, LinkJson(*link));
}

// --- live updates ---

Response Api::Events(Call& call) {
    if (!deps_.events) {
        return ErrorResponse({core::ErrorKind::kUnavailable,
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

void Api::PublishAppeal(const core::Appeal& appeal, std::string_view change) {
    if (!deps_.events) return;
    // Codes only: a subscriber reads the appeal through the API with its own permissions.
    deps_.events->Publish("appeal",
                          json::serialize(json::object{
                              {"uin", appeal.uin},
                              {"change", change},
                              {"status", core::StatusCode(appeal.status)},
                              {"group", appeal.group},
                              {"version", appeal.version},
                          }),
                          appeal.applicant.region);
}

void Api::PublishChange(std::string_view uin, std::string_view change) {
    if (!deps_.events) return;
    // The region decides who hears of it; the system reads the appeal for it.
    auto appeal =
        deps_.appeals.Get(uin, core::Actor{0, "system", core::Role::kAdministrator, "", ""});
    if (!appeal) return;
    deps_.events->Publish("appeal",
                          json::serialize(json::object{{"uin", appeal->uin}, {"change", change}}),
                          appeal->applicant.region);
}

Response Api::CheckTriage(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return ErrorResponse(body.error());
    auto draft = ParseDraft(*body);
    if (!draft) return ErrorResponse(draft.error());
    auto screening = deps_.appeals.Check(*draft, call.Actor());
    if (!screening) return ErrorResponse(screening.error());
    return JsonResponse(200, screening->report ? views::TriageJson(*screening->report)
                                               : views::UnscreenedTriageJson());
}

Response Api::ReviewTriage(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return ErrorResponse(body.error());
    auto decision = OptionalString(*body, "decision", "decision");
    auto comment = OptionalString(*body, "comment", "comment");
    if (!decision) return ErrorResponse(decision.error());
    if (!comment) return ErrorResponse(comment.error());
    auto if_match = ParseIfMatch(call.request.Header("if-match"));
    if (!if_match) return ErrorResponse(if_match.error());
    const auto actor = call.Actor();
    auto appeal =
        deps_.appeals.ReviewTriage(call.Param("uin"), *decision, *comment, actor, *if_match);
    if (!appeal) return ErrorResponse(appeal.error());
    auto response =
        JsonResponse(200, AppealJson(*appeal, deps_.appeals.AvailableActions(*appeal, actor)));
    response.Header("ETag", Etag(appeal->version));
    return response;
}

// --- operations ---

Response Api::Health(Call&) { return JsonResponse(200, json::object{{"status", "ok"}}); }

Response Api::Ready(Call&) {
    if (deps_.ready && !deps_.ready()) {
        return JsonResponse(503, json::object{{"status", "not_ready"}});
    }
    return JsonResponse(200, json::object{{"status", "ready"}});
}

Response Api::MetricsText(Call& call) {
    // Route and status counts describe the deployment: staff only unless configured public.
    if (!deps_.metrics_public) {
        auto principal = deps_.auth.Authenticate(call.request);
        if (!principal) return ErrorResponse(principal.error());
        if (!core::RoleAllows(principal->user.role, core::Permission::kReadReports)) {
            return ErrorResponse(
                core::Error::Forbidden("Метрики доступны ролям с доступом к отчётам"));
        }
    }
    Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = deps_.metrics.Render();
    return response;
}

Response Api::SetClock(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return ErrorResponse(body.error());
    auto set = OptionalString(*body, "set", "set");
    auto advance = OptionalString(*body, "advance", "advance");
    if (!set) return ErrorResponse(set.error());
    if (!advance) return ErrorResponse(advance.error());
    if (!set->empty()) {
        const auto at = core::ParseInstant(*set);
        if (!at) {
            return ErrorResponse(core::Error::Validation(
                {{"set", "format", "Время в формате RFC 3339, например 2025-12-30T07:00:00Z"}}));
        }
        deps_.manual_clock->Set(*at);
    }
    if (!advance->empty()) {
        const auto by = core::ParseIsoDuration(*advance);
        if (!by) {
            return ErrorResponse(core::Error::Validation(
                {{"advance", "format", "Длительность в формате ISO 8601, например PT3H"}}));
        }
        deps_.manual_clock->Advance(*by);
    }
    if (set->empty() && advance->empty()) {
        return ErrorResponse(core::Error::Validation(
            {{"set", "required", "Укажите set (момент) или advance (длительность)"}}));
    }
    if (deps_.after_clock_change) deps_.after_clock_change();
    return JsonResponse(200, json::object{{"now", core::FormatInstant(deps_.manual_clock->Now())}});
}

}  // namespace otklik::api

// Staff sign-in and sign-out (SEC-4).
#include "api/auth_handlers.hpp"

#include <spdlog/spdlog.h>

#include "api/json_mapping.hpp"
#include "core/password_policy.hpp"
#include "core/time.hpp"

namespace otklik::api {
namespace {

/// POST /api/v1/auth/login.
struct LoginBody {
    std::string login;
    std::string password;
};

// 400 naming a field that is longer than the API takes.
core::Error TooLong(const char* field, std::string message) {
    return {core::ErrorKind::kBadRequest, "too_long", message, {{field, "too_long", message}}};
}

core::Result<LoginBody> ParseLoginBody(const std::string& text) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    auto login = OptionalString(*body, "login", "login");
    auto password = OptionalString(*body, "password", "password");
    if (!login) return core::Fail(login.error());
    if (!password) return core::Fail(password.error());
    std::vector<core::FieldError> missing;
    if (login->empty()) missing.push_back({"login", "required", "Введите логин"});
    if (password->empty()) missing.push_back({"password", "required", "Введите пароль"});
    if (!missing.empty()) return core::Fail(core::Error::Validation(std::move(missing)));
    // Refused before any limiter keeps them or any hash is computed (issue 12).
    if (login->size() > core::kMaxLoginLength) {
        return core::Fail(TooLong(
            "login", "Логин длиннее " + std::to_string(core::kMaxLoginLength) + " символов"));
    }
    if (password->size() > core::kMaxPasswordLength) {
        return core::Fail(TooLong(
            "password", "Пароль длиннее " + std::to_string(core::kMaxPasswordLength) + " байт"));
    }
    return LoginBody{std::move(*login), std::move(*password)};
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

Response NoContent() {
    Response response;
    response.status = 204;
    response.content_type = "text/plain";
    return response;
}

}  // namespace

core::Result<Response> AuthHandlers::Login(Call& call) {
    auto body = ParseLoginBody(call.request.body);
    if (!body) return core::Fail(body.error());
    // Refusals that tell the client when to come back carry Retry-After: they are answered here
    // as built responses (through the same ErrorResponse), the rest are returned as errors.
    const std::string& address = call.request.remote_address;
    int retry_after = 0;
    if (!login_address_limiter_.Allow(address, retry_after) ||
        !login_limiter_.Allow(address + "|" + body->login, retry_after)) {
        return RateLimited(retry_after);
    }
    const auto now = LoginGuard::Clock::now();
    switch (login_guard_.Check(address, body->login, now, retry_after)) {
        case LoginGuard::Verdict::kAllow:
            break;
        case LoginGuard::Verdict::kAccountBackoff: {
            spdlog::warn("auth: login '{}' from {} refused: account in back-off",
                         ForLog(body->login), ForLog(address));
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
                         ForLog(body->login), ForLog(address));
            return RateLimited(retry_after);
    }
    auto result = deps_.auth.Login(body->login, body->password);
    if (!result) {
        if (result.error().code == "login_busy") {
            auto response = ErrorResponse(result.error());
            response.Header("Retry-After", "1");
            return response;
        }
        // SEC-4: who tried and from where, never the password.
        login_guard_.Failed(address, body->login, now);
        spdlog::warn("auth: failed login '{}' from {}", ForLog(body->login), ForLog(address));
        return core::Fail(result.error());
    }
    login_guard_.Succeeded(body->login);
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

core::Result<Response> AuthHandlers::Logout(Call& call) {
    auto revoked = deps_.users.RevokeCredential(call.principal->credential.id, deps_.clock.Now());
    if (!revoked) return core::Fail(revoked.error());
    auto response = NoContent();
    response.Header("Set-Cookie", deps_.auth.ExpiredCookie());
    return response;
}

core::Result<Response> AuthHandlers::Me(Call& call) {
    json::object body{{"user", UserJson(call.principal->user)},
                      {"permissions", PermissionsOf(call.principal->user.role)}};
    if (call.principal->credential.kind == core::CredentialKind::kSession) {
        body["csrf_token"] = call.principal->credential.csrf_token;
    }
    return JsonResponse(200, body);
}

}  // namespace otklik::api

// Staff administration: users, groups, API tokens, the personal-data access log (SEC-2..4).
#include "api/admin_handlers.hpp"

#include <spdlog/spdlog.h>

#include "api/json_mapping.hpp"
#include "core/parse_integer.hpp"
#include "core/password_policy.hpp"

namespace otklik::api {
namespace {

core::Result<bool> OptionalBool(const json::object& object, std::string_view key, bool fallback) {
    const auto* value = object.if_contains(key);
    if (!value || value->is_null()) return fallback;
    if (!value->is_bool()) {
        return core::Fail(
            core::Error::Validation({{std::string(key), "type", "Ожидается true или false"}}));
    }
    return value->get_bool();
}

bool IsValidCode(const std::string& code) {
    if (code.empty() || code.size() > 64) return false;
    for (const char c : code) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.')) {
            return false;
        }
    }
    return true;
}

/// POST /api/v1/groups.
core::Result<core::Group> ParseNewGroupBody(const std::string& text) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    core::Group group;
    std::vector<core::FieldError> errors;
    auto code = OptionalString(*body, "code", "code");
    auto name = OptionalString(*body, "name", "name");
    auto region = OptionalString(*body, "region", "region");
    if (!code || !name || !region) {
        return core::Fail(core::Error::Validation({{"code", "type", "Ожидаются строки"}}));
    }
    group.code = *code;
    group.name = *name;
    group.region = *region;
    if (const auto* line = body->if_contains("line")) {
        if (!line->is_int64() || line->get_int64() < 1 || line->get_int64() > 3) {
            errors.push_back({"line", "range", "Линия поддержки: 1, 2 или 3"});
        } else {
            group.line = static_cast<int>(line->get_int64());
        }
    }
    if (!IsValidCode(group.code)) {
        errors.push_back({"code", "format", "Код: латинские строчные буквы, цифры, точка, дефис"});
    }
    if (group.name.empty()) errors.push_back({"name", "required", "Укажите название группы"});
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    return group;
}

/// POST /api/v1/tokens: a name and a lifetime of 1..`max_days` days (`default_days` when absent).
struct TokenBody {
    std::string name;
    int days;
};

core::Result<TokenBody> ParseTokenBody(const std::string& text, int max_days, int default_days) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    if (auto unknown = RefuseUnknownFields(*body, {"name", "expires_in_days"}); !unknown) {
        return core::Fail(unknown.error());
    }
    auto name = OptionalString(*body, "name", "name");
    if (!name) return core::Fail(name.error());
    int days = default_days;
    if (const auto* value = body->if_contains("expires_in_days")) {
        if (!value->is_int64() || value->get_int64() < 1 || value->get_int64() > max_days) {
            return core::Fail(
                core::Error::Validation({{"expires_in_days", "range",
                                          "Срок действия токена для вашей роли: от 1 до " +
                                              std::to_string(max_days) + " дней"}}));
        }
        days = static_cast<int>(value->get_int64());
    }
    if (name->empty()) {
        return core::Fail(core::Error::Validation({{"name", "required", "Назовите токен"}}));
    }
    if (name->size() > 100) {
        return core::Fail(core::Error::Validation(
            {{"name", "too_long", "Название токена длиннее 100 символов"}}));
    }
    return TokenBody{std::move(*name), days};
}

}  // namespace

core::Result<Response> AdminHandlers::ListUsers(Call&) {
    auto users = deps_.users.ListUsers();
    if (!users) return core::Fail(users.error());
    json::array items;
    for (const auto& user : *users) items.push_back(UserJson(user));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> AdminHandlers::CreateUser(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    if (auto unknown = RefuseUnknownFields(
            *body, {"login", "password", "role", "full_name", "group", "region"});
        !unknown) {
        return core::Fail(unknown.error());
    }
    std::vector<core::FieldError> errors;
    const auto field = [&](const char* name) {
        auto value = OptionalString(*body, name, name);
        if (!value) {
            errors.push_back(value.error().fields.front());
            return std::string();
        }
        return *value;
    };
    core::User user;
    user.login = field("login");
    const std::string password = field("password");
    const std::string role = field("role");
    user.full_name = field("full_name");
    user.group = field("group");
    user.region = field("region");
    if (!IsValidCode(user.login)) {
        errors.push_back({"login", "format",
                          "Логин: латинские строчные буквы, цифры, точка, дефис и подчёркивание"});
    }
    if (auto weak = core::CheckPassword(password, user.login)) errors.push_back(std::move(*weak));
    const auto parsed_role = core::ParseRole(role);
    if (!parsed_role) errors.push_back({"role", "unknown", "Неизвестная роль: " + role});
    if (!user.group.empty() && !deps_.users.FindGroup(user.group)) {
        errors.push_back({"group", "not_found", "Группа не найдена"});
    }
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    user.role = *parsed_role;
    auto hash = deps_.auth.Hash(password);
    if (!hash) return core::Fail(hash.error());
    user.password_hash = std::move(*hash);
    user.created_at = deps_.clock.Now();
    auto created = deps_.users.CreateUser(user);
    if (!created) return core::Fail(created.error());
    spdlog::info("admin: user #{} created by #{}", created->id, call.principal->user.id);
    return JsonResponse(201, UserJson(*created));
}

core::Result<Response> AdminHandlers::GetUser(Call& call) {
    auto user = deps_.users.FindUserByLogin(call.Param("login"));
    if (!user) return core::Fail(user.error());
    return JsonResponse(200, UserJson(*user));
}

core::Result<Response> AdminHandlers::UpdateUser(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    if (auto unknown = RefuseUnknownFields(
            *body, {"full_name", "region", "group", "role", "password", "disabled"});
        !unknown) {
        return core::Fail(unknown.error());
    }
    auto user = deps_.users.FindUserByLogin(call.Param("login"));
    if (!user) return core::Fail(user.error());
    std::vector<core::FieldError> errors;
    const auto read = [&](const char* name, std::string& out) {
        if (!body->contains(name)) return false;
        auto value = OptionalString(*body, name, name);
        if (!value) {
            errors.push_back(value.error().fields.front());
            return false;
        }
        out = *value;
        return true;
    };
    std::string role;
    std::string password;
    read("full_name", user->full_name);
    read("region", user->region);
    if (read("group", user->group) && !user->group.empty() && !deps_.users.FindGroup(user->group)) {
        errors.push_back({"group", "not_found", "Группа не найдена"});
    }
    if (read("role", role)) {
        if (const auto parsed = core::ParseRole(role))
            user->role = *parsed;
        else
            errors.push_back({"role", "unknown", "Неизвестная роль: " + role});
    }
    const bool password_changed = read("password", password);
    if (password_changed) {
        if (auto weak = core::CheckPassword(password, user->login)) {
            errors.push_back(std::move(*weak));
        }
    }
    auto disabled = OptionalBool(*body, "disabled", user->disabled);
    if (!disabled) errors.push_back(disabled.error().fields.front());
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    if (user->id == call.principal->user.id &&
        (*disabled || user->role != core::Role::kAdministrator)) {
        return core::Fail(core::Error::Unprocessable(
            "self_lockout", "Нельзя отключить себя или снять с себя роль администратора"));
    }
    const bool newly_disabled = *disabled && !user->disabled;
    user->disabled = *disabled;
    if (password_changed) {
        auto hash = deps_.auth.Hash(password);
        if (!hash) return core::Fail(hash.error());
        user->password_hash = std::move(*hash);
    }
    auto saved = deps_.users.UpdateUser(*user);
    if (!saved) return core::Fail(saved.error());
    // A disabled account or a changed password ends every open session and token (SEC-4).
    if (newly_disabled || password_changed) {
        auto revoked = deps_.users.RevokeAllCredentials(user->id, deps_.clock.Now());
        if (!revoked) return core::Fail(revoked.error());
    }
    return JsonResponse(200, UserJson(*saved));
}

core::Result<Response> AdminHandlers::ListGroups(Call&) {
    auto groups = deps_.users.ListGroups();
    if (!groups) return core::Fail(groups.error());
    json::array items;
    for (const auto& group : *groups) items.push_back(GroupJson(group));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> AdminHandlers::CreateGroup(Call& call) {
    auto group = ParseNewGroupBody(call.request.body);
    if (!group) return core::Fail(group.error());
    auto created = deps_.users.CreateGroup(*group);
    if (!created) return core::Fail(created.error());
    return JsonResponse(201, GroupJson(*created));
}

core::Result<Response> AdminHandlers::UpdateGroup(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    auto group = deps_.users.FindGroup(call.Param("code"));
    if (!group) return core::Fail(group.error());
    if (auto name = OptionalString(*body, "name", "name"); name && !name->empty())
        group->name = *name;
    if (auto region = OptionalString(*body, "region", "region");
        region && body->contains("region")) {
        group->region = *region;
    }
    if (const auto* line = body->if_contains("line")) {
        if (!line->is_int64() || line->get_int64() < 1 || line->get_int64() > 3) {
            return core::Fail(
                core::Error::Validation({{"line", "range", "Линия поддержки: 1, 2 или 3"}}));
        }
        group->line = static_cast<int>(line->get_int64());
    }
    auto saved = deps_.users.UpdateGroup(*group);
    if (!saved) return core::Fail(saved.error());
    return JsonResponse(200, GroupJson(*saved));
}

core::Result<Response> AdminHandlers::ListTokens(Call& call) {
    auto credentials = deps_.users.ListCredentials(call.principal->user.id);
    if (!credentials) return core::Fail(credentials.error());
    json::array items;
    for (const auto& credential : *credentials) {
        if (credential.kind == core::CredentialKind::kApiToken)
            items.push_back(CredentialJson(credential));
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> AdminHandlers::CreateToken(Call& call) {
    // Every token expires (issue 12): administrators may issue them for up to a year, other
    // staff for themselves for a shorter time; the default suits an integration's rotation.
    const int max_days = deps_.auth.MaxTokenDays(call.principal->user.role);
    auto token = ParseTokenBody(call.request.body, max_days,
                                std::min(deps_.auth.options().token_default_days, max_days));
    if (!token) return core::Fail(token.error());
    auto issued = deps_.auth.IssueApiToken(call.principal->user, token->name, token->days);
    if (!issued) return core::Fail(issued.error());
    auto body_json = CredentialJson(issued->credential);
    body_json["token"] = issued->token;  // shown once; only its hash is kept
    auto response = JsonResponse(201, body_json);
    response.Header("Cache-Control", "no-store");
    return response;
}

core::Result<Response> AdminHandlers::RevokeToken(Call& call) {
    const auto parsed = core::ParseInteger<std::int64_t>(call.Param("id"));
    if (!parsed) return core::Fail(core::Error::NotFound("Токен не найден"));
    const std::int64_t id = *parsed;
    auto own = deps_.users.ListCredentials(call.principal->user.id);
    if (!own) return core::Fail(own.error());
    const bool mine =
        std::any_of(own->begin(), own->end(), [&](const auto& c) { return c.id == id; });
    if (!mine && !core::RoleAllows(call.principal->user.role, core::Permission::kManageUsers)) {
        return core::Fail(core::Error::NotFound("Токен не найден"));
    }
    auto revoked = deps_.users.RevokeCredential(id, deps_.clock.Now());
    if (!revoked) return core::Fail(revoked.error());
    return JsonResponse(200, CredentialJson(*revoked));
}

core::Result<Response> AdminHandlers::PersonalDataLog(Call& call) {
    auto accesses = deps_.audit.Accesses(call.request.Query("uin"), 500);
    if (!accesses) return core::Fail(accesses.error());
    json::array items;
    for (const auto& access : *accesses) {
        items.push_back(json::object{{"at", core::FormatInstant(access.at)},
                                     {"login", access.login},
                                     {"uin", access.appeal_uin},
                                     {"fields", access.fields},
                                     {"purpose", access.purpose}});
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> AdminHandlers::ListRoles(Call&) {
    json::array items;
    for (const auto role : core::AllRoles()) {
        items.push_back(
            json::object{{"code", core::RoleCode(role)}, {"name", core::RoleDisplayName(role)}});
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

}  // namespace otklik::api

#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// Staff administration: users, groups, API tokens, roles and the personal-data access log
/// (SEC-2..4).
/// Thread-safe: the API calls it from every worker.
class AdminHandlers {
public:
    explicit AdminHandlers(HandlerContext context) : deps_(context.deps) {}

    [[nodiscard]] core::Result<Response> ListUsers(Call& call);
    [[nodiscard]] core::Result<Response> CreateUser(Call& call);
    [[nodiscard]] core::Result<Response> GetUser(Call& call);
    [[nodiscard]] core::Result<Response> UpdateUser(Call& call);
    [[nodiscard]] core::Result<Response> ListGroups(Call& call);
    [[nodiscard]] core::Result<Response> CreateGroup(Call& call);
    [[nodiscard]] core::Result<Response> UpdateGroup(Call& call);
    [[nodiscard]] core::Result<Response> ListTokens(Call& call);
    [[nodiscard]] core::Result<Response> CreateToken(Call& call);
    [[nodiscard]] core::Result<Response> RevokeToken(Call& call);
    [[nodiscard]] core::Result<Response> PersonalDataLog(Call& call);
    [[nodiscard]] core::Result<Response> ListRoles(Call& call);

private:
    const ApiDependencies& deps_;
};

}  // namespace otklik::api

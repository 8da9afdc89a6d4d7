#include "core/user.hpp"

#include <array>
#include <tuple>

namespace otklik::core {
namespace {

struct RoleInfo {
    Role role;
    std::string_view code;
    std::string_view name;
};

constexpr std::array<RoleInfo, 11> kRoles = {{
    {Role::kAdministrator, "administrator", "Администратор"},
    {Role::kSupervisor, "supervisor", "Руководитель"},
    {Role::kOperator, "operator", "Оператор"},
    {Role::kIntakeOperator, "intake_operator", "Оператор приёма"},
    {Role::kLine1Operator, "line1_operator", "Оператор первой линии"},
    {Role::kRegionalOperator, "regional_operator", "Региональный оператор"},
    {Role::kTechSupport, "tech_support", "Техническая поддержка"},
    {Role::kClaims, "claims", "Группа разбора претензий"},
    {Role::kCoordinator, "coordinator", "Координатор"},
    {Role::kExecutor, "executor", "Исполнитель"},
    {Role::kApprover, "approver", "Утверждающий"},
}};

}  // namespace

std::string_view RoleCode(Role role) {
    for (const auto& info : kRoles) {
        if (info.role == role) return info.code;
    }
    return "operator";
}

std::optional<Role> ParseRole(std::string_view code) {
    for (const auto& info : kRoles) {
        if (info.code == code) return info.role;
    }
    return std::nullopt;
}

std::string_view RoleDisplayName(Role role) {
    for (const auto& info : kRoles) {
        if (info.role == role) return info.name;
    }
    return "";
}

std::vector<Role> AllRoles() {
    std::vector<Role> roles;
    for (const auto& info : kRoles) roles.push_back(info.role);
    return roles;
}

bool RoleAllows(Role role, Permission permission) {
    switch (permission) {
        case Permission::kReadAppeals:
        case Permission::kWorkAppeals:
            return true;
        case Permission::kRegisterAppeals:
            return role != Role::kApprover;
        case Permission::kRevealPersonalData:
            return role != Role::kTechSupport;
        case Permission::kManageUsers:
            return role == Role::kAdministrator;
        case Permission::kReadReports:
        case Permission::kReviewTriage:
        case Permission::kManageKnowledge:
            return role == Role::kAdministrator || role == Role::kSupervisor;
    }
    return false;
}

}  // namespace otklik::core

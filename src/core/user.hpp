#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace otklik::core {

/// Staff roles (SEC-1). Applicants have no staff account; they use public endpoints.
enum class Role {
    kAdministrator,
    kSupervisor,
    kOperator,          ///< generic line operator
    kIntakeOperator,    ///< hotline intake (003)
    kLine1Operator,     ///< first line (000 §5.1)
    kRegionalOperator,  ///< sees only its region
    kTechSupport,       ///< third line / СТП
    kClaims,            ///< claims group ГРП (002)
    kCoordinator,       ///< 003 stages
    kExecutor,
    kApprover,
};

std::string_view RoleCode(Role role);
std::optional<Role> ParseRole(std::string_view code);
std::string_view RoleDisplayName(Role role);
std::vector<Role> AllRoles();

/// What a route or action needs; the role table in user.cpp decides who has it.
enum class Permission {
    kReadAppeals,      ///< queues and appeal cards
    kRegisterAppeals,  ///< create on behalf of an applicant
    kWorkAppeals,      ///< actions, comments, links
    kRevealPersonalData,
    kManageUsers,  ///< users, groups, tokens of others, audit log
    kReadReports,
    kReviewTriage,     ///< overturn automatic decisions
    kManageKnowledge,  ///< edit, import and publish knowledge-base articles (KB-1)
};

bool RoleAllows(Role role, Permission permission);

/// A named staff account (SEC-2).
struct User {
    std::int64_t id = 0;
    std::string login;
    std::string full_name;
    Role role = Role::kOperator;
    std::string group;          ///< code of the user's group, may be empty
    std::string region;         ///< region code for regional operators
    std::string password_hash;  ///< Argon2id, libsodium's string form
    bool disabled = false;
    Instant created_at{};
};

/// A group (служба, линия): appeals are assigned to groups and to people in them (RT-7).
struct Group {
    std::int64_t id = 0;
    std::string code;
    std::string name;
    int line = 1;  ///< support line, 1…3 (RT-1)
    std::string region;
};

enum class CredentialKind { kSession, kApiToken };

/// A login session or an API token. Only a hash of the secret is stored (SEC-4).
struct Credential {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    CredentialKind kind = CredentialKind::kSession;
    std::string name;        ///< label for API tokens
    std::string token_hash;  ///< hex of a keyed hash of the bearer secret
    std::string csrf_token;  ///< sessions only: must come back in X-CSRF-Token
    Instant created_at{};
    std::optional<Instant> expires_at;
    std::optional<Instant> revoked_at;
};

/// A logged read of personal data by staff (SEC-3, 152-ФЗ).
struct PersonalDataAccess {
    std::int64_t id = 0;
    Instant at{};
    std::string login;
    std::string appeal_uin;
    std::string fields;  ///< which fields were shown
    std::string purpose;
};

/// The person behind a request, as the domain needs them.
struct Actor {
    std::int64_t user_id = 0;
    std::string login;
    Role role = Role::kOperator;
    std::string group;
    std::string region;
    /// The applicant acting on their own appeal through a channel that proved who they are (a
    /// signed link, a reply from their address): no staff role applies; the regulation's
    /// `[applicant]` answers are all they may do.
    bool applicant = false;
};

/// The applicant acting through `via` ("email", "link"); the login is what the history shows.
inline Actor ApplicantActor(std::string via) {
    Actor actor;
    actor.login = "applicant:" + via;
    actor.applicant = true;
    return actor;
}

}  // namespace otklik::core

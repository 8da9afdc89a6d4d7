#include "storage/postgres/repositories.hpp"

namespace otklik::storage::postgres {

using core::Error;
using core::Fail;
using core::Result;

namespace {

constexpr const char* kUserColumns =
    "id, login, full_name, role, grp, region, password_hash, disabled, created_at";
constexpr const char* kCredentialColumns =
    "id, user_id, kind, name, token_hash, csrf_token, created_at, expires_at, revoked_at";

core::User ReadUser(const Rows& rows, int r) {
    core::User user;
    user.id = rows.Int(r, 0);
    user.login = rows.Text(r, 1);
    user.full_name = rows.Text(r, 2);
    user.role = core::ParseRole(rows.Text(r, 3)).value_or(core::Role::kOperator);
    user.group = rows.Text(r, 4);
    user.region = rows.Text(r, 5);
    user.password_hash = rows.Text(r, 6);
    user.disabled = rows.Bool(r, 7);
    user.created_at = core::FromUnixMillis(rows.Int(r, 8));
    return user;
}

core::Credential ReadCredential(const Rows& rows, int r) {
    core::Credential credential;
    credential.id = rows.Int(r, 0);
    credential.user_id = rows.Int(r, 1);
    credential.kind =
        rows.Text(r, 2) == "api" ? core::CredentialKind::kApiToken : core::CredentialKind::kSession;
    credential.name = rows.Text(r, 3);
    credential.token_hash = rows.Text(r, 4);
    credential.csrf_token = rows.Text(r, 5);
    credential.created_at = core::FromUnixMillis(rows.Int(r, 6));
    if (!rows.IsNull(r, 7)) credential.expires_at = core::FromUnixMillis(rows.Int(r, 7));
    if (!rows.IsNull(r, 8)) credential.revoked_at = core::FromUnixMillis(rows.Int(r, 8));
    return credential;
}

core::Group ReadGroup(const Rows& rows, int r) {
    return {rows.Int(r, 0), rows.Text(r, 1), rows.Text(r, 2), static_cast<int>(rows.Int(r, 3)),
            rows.Text(r, 4)};
}

Result<core::User> OneUser(const Rows& rows) {
    if (rows.empty()) return Fail(Error::NotFound("Пользователь не найден"));
    return ReadUser(rows, 0);
}

}  // namespace

Result<core::User> PgUserRepository::CreateUser(const core::User& user) {
    return db_.Submit<core::User>([&](Connection& c) -> Result<core::User> {
        const auto rows = c.Query(
            "INSERT INTO users (login, full_name, role, grp, region, password_hash, disabled, "
            "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (login) DO NOTHING "
            "RETURNING id",
            Params()
                .Add(user.login)
                .Add(user.full_name)
                .Add(core::RoleCode(user.role))
                .Add(user.group)
                .Add(user.region)
                .Add(user.password_hash)
                .Add(user.disabled)
                .Add(core::ToUnixMillis(user.created_at)));
        if (rows.empty()) {
            return Fail(Error::Conflict("login_taken", "Пользователь с таким логином уже есть"));
        }
        core::User saved = user;
        saved.id = rows.Int(0, 0);
        return saved;
    });
}

Result<core::User> PgUserRepository::UpdateUser(const core::User& user) {
    return db_.Submit<core::User>([&](Connection& c) -> Result<core::User> {
        const auto rows = c.Query(
            "UPDATE users SET full_name = $1, role = $2, grp = $3, region = $4, "
            "password_hash = $5, disabled = $6 WHERE id = $7",
            Params()
                .Add(user.full_name)
                .Add(core::RoleCode(user.role))
                .Add(user.group)
                .Add(user.region)
                .Add(user.password_hash)
                .Add(user.disabled)
                .Add(user.id));
        if (rows.affected() == 0) return Fail(Error::NotFound("Пользователь не найден"));
        return user;
    });
}

Result<core::User> PgUserRepository::FindUserByLogin(std::string_view login) {
    auto c = db_.Borrow();
    return OneUser(c->Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE login = $1",
                            Params().Add(login)));
}

Result<core::User> PgUserRepository::FindUserById(std::int64_t id) {
    auto c = db_.Borrow();
    return OneUser(c->Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1",
                            Params().Add(id)));
}

Result<std::vector<core::User>> PgUserRepository::ListUsers() {
    auto c = db_.Borrow();
    const auto rows = c->Query(std::string("SELECT ") + kUserColumns +
                               " FROM users ORDER BY login COLLATE \"C\"");
    std::vector<core::User> users;
    for (int r = 0; r < rows.size(); ++r) users.push_back(ReadUser(rows, r));
    return users;
}

Result<core::Group> PgUserRepository::CreateGroup(const core::Group& group) {
    return db_.Submit<core::Group>([&](Connection& c) -> Result<core::Group> {
        const auto rows = c.Query(
            "INSERT INTO groups (code, name, line, region) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (code) DO NOTHING RETURNING id",
            Params().Add(group.code).Add(group.name).Add(group.line).Add(group.region));
        if (rows.empty()) {
            return Fail(Error::Conflict("group_exists", "Группа с таким кодом уже есть"));
        }
        core::Group saved = group;
        saved.id = rows.Int(0, 0);
        return saved;
    });
}

Result<core::Group> PgUserRepository::UpdateGroup(const core::Group& group) {
    return db_.Submit<core::Group>([&](Connection& c) -> Result<core::Group> {
        const auto rows =
            c.Query("UPDATE groups SET name = $1, line = $2, region = $3 WHERE code = $4",
                    Params().Add(group.name).Add(group.line).Add(group.region).Add(group.code));
        if (rows.affected() == 0) return Fail(Error::NotFound("Группа не найдена"));
        return group;
    });
}

Result<std::vector<core::Group>> PgUserRepository::ListGroups() {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT id, code, name, line, region FROM groups ORDER BY line, code COLLATE \"C\"");
    std::vector<core::Group> groups;
    for (int r = 0; r < rows.size(); ++r) groups.push_back(ReadGroup(rows, r));
    return groups;
}

Result<core::Group> PgUserRepository::FindGroup(std::string_view code) {
    auto c = db_.Borrow();
    const auto rows = c->Query("SELECT id, code, name, line, region FROM groups WHERE code = $1",
                               Params().Add(code));
    if (rows.empty()) return Fail(Error::NotFound("Группа не найдена"));
    return ReadGroup(rows, 0);
}

Result<core::Credential> PgUserRepository::CreateCredential(const core::Credential& credential) {
    return db_.Submit<core::Credential>([&](Connection& c) -> Result<core::Credential> {
        const auto rows = c.Query(
            "INSERT INTO credentials (user_id, kind, name, token_hash, csrf_token, created_at, "
            "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            Params()
                .Add(credential.user_id)
                .Add(credential.kind == core::CredentialKind::kApiToken ? "api" : "session")
                .Add(credential.name)
                .Add(credential.token_hash)
                .Add(credential.csrf_token)
                .Add(core::ToUnixMillis(credential.created_at))
                .AddOptional(credential.expires_at
                                 ? std::optional(core::ToUnixMillis(*credential.expires_at))
                                 : std::nullopt));
        core::Credential saved = credential;
        saved.id = rows.Int(0, 0);
        return saved;
    });
}

Result<core::Credential> PgUserRepository::FindCredential(std::string_view token_hash) {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        std::string("SELECT ") + kCredentialColumns + " FROM credentials WHERE token_hash = $1",
        Params().Add(token_hash));
    if (rows.empty()) {
        return Fail(Error{
            core::ErrorKind::kUnauthorized, "unauthorized", "Сеанс не найден: войдите снова", {}});
    }
    return ReadCredential(rows, 0);
}

Result<std::vector<core::Credential>> PgUserRepository::ListCredentials(std::int64_t user_id) {
    auto c = db_.Borrow();
    const auto rows = c->Query(std::string("SELECT ") + kCredentialColumns +
                                   " FROM credentials WHERE user_id = $1 ORDER BY id",
                               Params().Add(user_id));
    std::vector<core::Credential> credentials;
    for (int r = 0; r < rows.size(); ++r) credentials.push_back(ReadCredential(rows, r));
    return credentials;
}

Result<core::Credential> PgUserRepository::RevokeCredential(std::int64_t id, core::Instant at) {
    return db_.Submit<core::Credential>([&](Connection& c) -> Result<core::Credential> {
        const auto rows =
            c.Query(std::string("UPDATE credentials SET revoked_at = COALESCE(revoked_at, $1) "
                                "WHERE id = $2 RETURNING ") +
                        kCredentialColumns,
                    Params().Add(core::ToUnixMillis(at)).Add(id));
        if (rows.empty()) return Fail(Error::NotFound("Токен не найден"));
        return ReadCredential(rows, 0);
    });
}

Result<int> PgUserRepository::RevokeAllCredentials(std::int64_t user_id, core::Instant at) {
    return db_.Submit<int>([&](Connection& c) -> Result<int> {
        const auto rows = c.Query(
            "UPDATE credentials SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            Params().Add(core::ToUnixMillis(at)).Add(user_id));
        return static_cast<int>(rows.affected());
    });
}

Result<core::PersonalDataAccess> PgAuditRepository::LogAccess(
    const core::PersonalDataAccess& access) {
    return db_.Submit<core::PersonalDataAccess>(
        [&](Connection& c) -> Result<core::PersonalDataAccess> {
            const auto rows = c.Query(
                "INSERT INTO pd_access_log (at, login, appeal_uin, fields, purpose) "
                "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                Params()
                    .Add(core::ToUnixMillis(access.at))
                    .Add(access.login)
                    .Add(access.appeal_uin)
                    .Add(access.fields)
                    .Add(access.purpose));
            core::PersonalDataAccess saved = access;
            saved.id = rows.Int(0, 0);
            return saved;
        });
}

Result<std::vector<core::PersonalDataAccess>> PgAuditRepository::Accesses(
    std::string_view appeal_uin, int limit) {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT id, at, login, appeal_uin, fields, purpose FROM pd_access_log "
        "WHERE ($1 = '' OR appeal_uin = $1) ORDER BY id DESC LIMIT $2",
        Params().Add(appeal_uin).Add(limit));
    std::vector<core::PersonalDataAccess> accesses;
    for (int r = 0; r < rows.size(); ++r) {
        accesses.push_back({rows.Int(r, 0), core::FromUnixMillis(rows.Int(r, 1)), rows.Text(r, 2),
                            rows.Text(r, 3), rows.Text(r, 4), rows.Text(r, 5)});
    }
    return accesses;
}

}  // namespace otklik::storage::postgres

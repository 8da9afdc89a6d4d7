// Staff accounts, groups, sessions and API tokens in the embedded store (core::UserRepository).
#include "storage/sqlite/user_store.hpp"

namespace otklik::storage::sqlite {

using core::Error;
using core::Fail;
using core::Result;

namespace {

core::User ReadUser(const Statement& row) {
    core::User user;
    user.id = row.Int(0);
    user.login = row.Text(1);
    user.full_name = row.Text(2);
    user.role = core::ParseRole(row.Text(3)).value_or(core::Role::kOperator);
    user.group = row.Text(4);
    user.region = row.Text(5);
    user.password_hash = row.Text(6);
    user.disabled = row.Int(7) != 0;
    user.created_at = core::FromUnixMillis(row.Int(8));
    return user;
}

constexpr const char* kUserColumns =
    "id, login, full_name, role, grp, region, password_hash, disabled, created_at";

core::Credential ReadCredential(const Statement& row) {
    core::Credential credential;
    credential.id = row.Int(0);
    credential.user_id = row.Int(1);
    credential.kind =
        row.Text(2) == "api" ? core::CredentialKind::kApiToken : core::CredentialKind::kSession;
    credential.name = row.Text(3);
    credential.token_hash = row.Text(4);
    credential.csrf_token = row.Text(5);
    credential.created_at = core::FromUnixMillis(row.Int(6));
    if (!row.IsNull(7)) credential.expires_at = core::FromUnixMillis(row.Int(7));
    if (!row.IsNull(8)) credential.revoked_at = core::FromUnixMillis(row.Int(8));
    return credential;
}

constexpr const char* kCredentialColumns =
    "id, user_id, kind, name, token_hash, csrf_token, created_at, expires_at, revoked_at";
}  // namespace

Result<core::User> UserStore::CreateUser(const core::User& user) {
    return db_.Write<core::User>([&](Connection& c) -> Result<core::User> {
        try {
            c.Prepare(
                 "INSERT INTO users (login, full_name, role, grp, region, password_hash, "
                 "disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .Bind(1, user.login)
                .Bind(2, user.full_name)
                .Bind(3, core::RoleCode(user.role))
                .Bind(4, user.group)
                .Bind(5, user.region)
                .Bind(6, user.password_hash)
                .Bind(7, std::int64_t{user.disabled ? 1 : 0})
                .Bind(8, core::ToUnixMillis(user.created_at))
                .Run();
        } catch (const SqliteError& e) {
            if (!IsUniqueViolation(e)) throw;
            return Fail(Error::Conflict("login_taken", "Пользователь с таким логином уже есть"));
        }
        core::User saved = user;
        saved.id = c.LastInsertId();
        return saved;
    });
}

Result<core::User> UserStore::UpdateUser(const core::User& user) {
    return db_.Write<core::User>([&](Connection& c) -> Result<core::User> {
        c.Prepare(
             "UPDATE users SET full_name = ?, role = ?, grp = ?, region = ?, "
             "password_hash = ?, disabled = ? WHERE id = ?")
            .Bind(1, user.full_name)
            .Bind(2, core::RoleCode(user.role))
            .Bind(3, user.group)
            .Bind(4, user.region)
            .Bind(5, user.password_hash)
            .Bind(6, std::int64_t{user.disabled ? 1 : 0})
            .Bind(7, user.id)
            .Run();
        if (c.Changes() == 0) return Fail(Error::NotFound("Пользователь не найден"));
        return user;
    });
}

Result<core::User> UserStore::FindUserByLogin(std::string_view login) {
    auto c = db_.Read();
    auto& query = c->Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE login = ?");
    query.Bind(1, login);
    if (!query.Step()) return Fail(Error::NotFound("Пользователь не найден"));
    auto user = ReadUser(query);
    query.Reset();
    return user;
}

Result<core::User> UserStore::FindUserById(std::int64_t id) {
    auto c = db_.Read();
    auto& query = c->Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?");
    query.Bind(1, id);
    if (!query.Step()) return Fail(Error::NotFound("Пользователь не найден"));
    auto user = ReadUser(query);
    query.Reset();
    return user;
}

Result<std::vector<core::User>> UserStore::ListUsers() {
    auto c = db_.Read();
    auto& query = c->Prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY login");
    std::vector<core::User> users;
    while (query.Step()) users.push_back(ReadUser(query));
    query.Reset();
    return users;
}

Result<core::Group> UserStore::CreateGroup(const core::Group& group) {
    return db_.Write<core::Group>([&](Connection& c) -> Result<core::Group> {
        try {
            c.Prepare("INSERT INTO groups (code, name, line, region) VALUES (?, ?, ?, ?)")
                .Bind(1, group.code)
                .Bind(2, group.name)
                .Bind(3, std::int64_t{group.line})
                .Bind(4, group.region)
                .Run();
        } catch (const SqliteError& e) {
            if (!IsUniqueViolation(e)) throw;
            return Fail(Error::Conflict("group_exists", "Группа с таким кодом уже есть"));
        }
        core::Group saved = group;
        saved.id = c.LastInsertId();
        return saved;
    });
}

Result<core::Group> UserStore::UpdateGroup(const core::Group& group) {
    return db_.Write<core::Group>([&](Connection& c) -> Result<core::Group> {
        c.Prepare("UPDATE groups SET name = ?, line = ?, region = ? WHERE code = ?")
            .Bind(1, group.name)
            .Bind(2, std::int64_t{group.line})
            .Bind(3, group.region)
            .Bind(4, group.code)
            .Run();
        if (c.Changes() == 0) return Fail(Error::NotFound("Группа не найдена"));
        return group;
    });
}

Result<std::vector<core::Group>> UserStore::ListGroups() {
    auto c = db_.Read();
    auto& query = c->Prepare("SELECT id, code, name, line, region FROM groups ORDER BY line, code");
    std::vector<core::Group> groups;
    while (query.Step()) {
        groups.push_back({query.Int(0), query.Text(1), query.Text(2),
                          static_cast<int>(query.Int(3)), query.Text(4)});
    }
    query.Reset();
    return groups;
}

Result<core::Group> UserStore::FindGroup(std::string_view code) {
    auto c = db_.Read();
    auto& query = c->Prepare("SELECT id, code, name, line, region FROM groups WHERE code = ?");
    query.Bind(1, code);
    if (!query.Step()) return Fail(Error::NotFound("Группа не найдена"));
    core::Group group{query.Int(0), query.Text(1), query.Text(2), static_cast<int>(query.Int(3)),
                      query.Text(4)};
    query.Reset();
    return group;
}

Result<core::Credential> UserStore::CreateCredential(const core::Credential& credential) {
    return db_.Write<core::Credential>([&](Connection& c) -> Result<core::Credential> {
        auto& insert = c.Prepare(
            "INSERT INTO credentials (user_id, kind, name, token_hash, csrf_token, created_at, "
            "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.Bind(1, credential.user_id)
            .Bind(2, credential.kind == core::CredentialKind::kApiToken ? "api" : "session")
            .Bind(3, credential.name)
            .Bind(4, credential.token_hash)
            .Bind(5, credential.csrf_token)
            .Bind(6, core::ToUnixMillis(credential.created_at));
        if (credential.expires_at)
            insert.Bind(7, core::ToUnixMillis(*credential.expires_at));
        else
            insert.BindNull(7);
        insert.Run();
        core::Credential saved = credential;
        saved.id = c.LastInsertId();
        return saved;
    });
}

Result<core::Credential> UserStore::FindCredential(std::string_view token_hash) {
    auto c = db_.Read();
    auto& query = c->Prepare(std::string("SELECT ") + kCredentialColumns +
                             " FROM credentials WHERE token_hash = ?");
    query.Bind(1, token_hash);
    if (!query.Step())
        return Fail(Error{
            core::ErrorKind::kUnauthorized, "unauthorized", "Сеанс не найден: войдите снова", {}});
    auto credential = ReadCredential(query);
    query.Reset();
    return credential;
}

Result<std::vector<core::Credential>> UserStore::ListCredentials(std::int64_t user_id) {
    auto c = db_.Read();
    auto& query = c->Prepare(std::string("SELECT ") + kCredentialColumns +
                             " FROM credentials WHERE user_id = ? ORDER BY id");
    query.Bind(1, user_id);
    std::vector<core::Credential> credentials;
    while (query.Step()) credentials.push_back(ReadCredential(query));
    query.Reset();
    return credentials;
}

Result<core::Credential> UserStore::RevokeCredential(std::int64_t id, core::Instant at) {
    return db_.Write<core::Credential>([&](Connection& c) -> Result<core::Credential> {
        c.Prepare("UPDATE credentials SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
            .Bind(1, core::ToUnixMillis(at))
            .Bind(2, id)
            .Run();
        auto& query = c.Prepare(std::string("SELECT ") + kCredentialColumns +
                                " FROM credentials WHERE id = ?");
        query.Bind(1, id);
        if (!query.Step()) return Fail(Error::NotFound("Токен не найден"));
        auto credential = ReadCredential(query);
        query.Reset();
        return credential;
    });
}

Result<int> UserStore::RevokeAllCredentials(std::int64_t user_id, core::Instant at) {
    return db_.Write<int>([&](Connection& c) -> Result<int> {
        c.Prepare("UPDATE credentials SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
            .Bind(1, core::ToUnixMillis(at))
            .Bind(2, user_id)
            .Run();
        return c.Changes();
    });
}

}  // namespace otklik::storage::sqlite

// core::UserRepository and core::AuditRepository: staff accounts, groups, sessions and tokens,
// and the log of personal-data reads.
#include "store_contract.hpp"

namespace otklik::storage::contract {
namespace {

using core::ErrorKind;

class UserContract : public StoreContract {
protected:
    core::User MakeUser(const std::string& login, core::Role role = core::Role::kOperator) {
        core::User user;
        user.login = login;
        user.full_name = "Иванова Мария";
        user.role = role;
        user.group = "line1";
        user.region = "16";
        user.password_hash = "$argon2id$hash";
        user.created_at = At("2026-03-01T07:00:00Z");
        return user;
    }

    core::Credential MakeCredential(std::int64_t user_id, const std::string& hash,
                                    core::CredentialKind kind = core::CredentialKind::kSession) {
        core::Credential credential;
        credential.user_id = user_id;
        credential.kind = kind;
        credential.name = kind == core::CredentialKind::kApiToken ? "интеграция" : "";
        credential.token_hash = hash;
        credential.csrf_token = "csrf-" + hash;
        credential.created_at = At("2026-03-02T07:00:00Z");
        credential.expires_at = At("2026-03-02T15:00:00Z");
        return credential;
    }
};

class AuditContract : public StoreContract {};

TEST_P(UserContract, UsersAreCreatedOncePerLoginAndReadBack) {
    const auto created = users().CreateUser(MakeUser("ivanova", core::Role::kSupervisor));
    ASSERT_TRUE(created);
    EXPECT_GT(created->id, 0);
    const auto taken = users().CreateUser(MakeUser("ivanova"));
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().kind, ErrorKind::kConflict);
    EXPECT_EQ(taken.error().code, "login_taken");

    const auto found = users().FindUserByLogin("ivanova").value();
    EXPECT_EQ(found.id, created->id);
    EXPECT_EQ(found.full_name, "Иванова Мария");
    EXPECT_EQ(found.role, core::Role::kSupervisor);
    EXPECT_EQ(found.group, "line1");
    EXPECT_EQ(found.region, "16");
    EXPECT_EQ(found.password_hash, "$argon2id$hash");
    EXPECT_FALSE(found.disabled);
    EXPECT_EQ(found.created_at, At("2026-03-01T07:00:00Z"));
    EXPECT_EQ(users().FindUserById(created->id)->login, "ivanova");
    EXPECT_EQ(users().FindUserByLogin("nobody").error().kind, ErrorKind::kNotFound);
    EXPECT_EQ(users().FindUserById(created->id + 100).error().kind, ErrorKind::kNotFound);
}

TEST_P(UserContract, UpdateSavesEveryEditableField) {
    auto user = users().CreateUser(MakeUser("petrov")).value();
    user.full_name = "Петров Пётр";
    user.role = core::Role::kAdministrator;
    user.group = "line2";
    user.region = "77";
    user.password_hash = "$argon2id$new";
    user.disabled = true;
    ASSERT_TRUE(users().UpdateUser(user));
    const auto found = users().FindUserById(user.id).value();
    EXPECT_EQ(found.full_name, "Петров Пётр");
    EXPECT_EQ(found.role, core::Role::kAdministrator);
    EXPECT_EQ(found.group, "line2");
    EXPECT_EQ(found.region, "77");
    EXPECT_EQ(found.password_hash, "$argon2id$new");
    EXPECT_TRUE(found.disabled);
    user.id += 100;
    EXPECT_EQ(users().UpdateUser(user).error().kind, ErrorKind::kNotFound);
}

TEST_P(UserContract, UsersAreListedByLogin) {
    ASSERT_TRUE(users().CreateUser(MakeUser("sidorov")));
    ASSERT_TRUE(users().CreateUser(MakeUser("antonova")));
    ASSERT_TRUE(users().CreateUser(MakeUser("markov")));
    const auto list = users().ListUsers().value();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].login, "antonova");
    EXPECT_EQ(list[1].login, "markov");
    EXPECT_EQ(list[2].login, "sidorov");
}

TEST_P(UserContract, GroupsAreUniqueByCodeAndListedByLine) {
    const auto created = users().CreateGroup({0, "line2", "Вторая линия", 2, ""});
    ASSERT_TRUE(created);
    EXPECT_GT(created->id, 0);
    ASSERT_TRUE(users().CreateGroup({0, "line1", "Первая линия", 1, "16"}));
    EXPECT_EQ(users().CreateGroup({0, "line1", "x", 1, ""}).error().code, "group_exists");
    ASSERT_TRUE(users().UpdateGroup({0, "line1", "Первая линия поддержки", 1, "77"}));
    const auto found = users().FindGroup("line1").value();
    EXPECT_EQ(found.name, "Первая линия поддержки");
    EXPECT_EQ(found.line, 1);
    EXPECT_EQ(found.region, "77");
    EXPECT_EQ(users().FindGroup("line9").error().kind, ErrorKind::kNotFound);
    EXPECT_EQ(users().UpdateGroup({0, "line9", "нет", 1, ""}).error().kind, ErrorKind::kNotFound);
    const auto groups = users().ListGroups().value();
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[0].code, "line1");
    EXPECT_EQ(groups[1].code, "line2");
}

TEST_P(UserContract, SessionsAndTokensAreFoundByHashAndRevoked) {
    const auto user = users().CreateUser(MakeUser("ivanova")).value();
    const auto session = users().CreateCredential(MakeCredential(user.id, "abc"));
    ASSERT_TRUE(session);
    EXPECT_GT(session->id, 0);
    auto token = MakeCredential(user.id, "def", core::CredentialKind::kApiToken);
    token.expires_at.reset();
    ASSERT_TRUE(users().CreateCredential(token));

    const auto found = users().FindCredential("abc").value();
    EXPECT_EQ(found.id, session->id);
    EXPECT_EQ(found.user_id, user.id);
    EXPECT_EQ(found.kind, core::CredentialKind::kSession);
    EXPECT_EQ(found.csrf_token, "csrf-abc");
    EXPECT_EQ(found.created_at, At("2026-03-02T07:00:00Z"));
    EXPECT_EQ(found.expires_at, At("2026-03-02T15:00:00Z"));
    EXPECT_FALSE(found.revoked_at);
    const auto api = users().FindCredential("def").value();
    EXPECT_EQ(api.kind, core::CredentialKind::kApiToken);
    EXPECT_EQ(api.name, "интеграция");
    EXPECT_FALSE(api.expires_at);
    EXPECT_EQ(users().FindCredential("nope").error().kind, ErrorKind::kUnauthorized);

    const auto revoked = users().RevokeCredential(session->id, At("2026-03-02T09:00:00Z"));
    ASSERT_TRUE(revoked);
    EXPECT_EQ(revoked->revoked_at, At("2026-03-02T09:00:00Z"));
    EXPECT_EQ(users().RevokeCredential(session->id, At("2026-03-02T10:00:00Z"))->revoked_at,
              At("2026-03-02T09:00:00Z"))
        << "the first revocation stands";
    EXPECT_EQ(users().FindCredential("abc")->revoked_at, At("2026-03-02T09:00:00Z"));
    EXPECT_EQ(users().RevokeCredential(session->id + 100, At("2026-03-02T10:00:00Z")).error().kind,
              ErrorKind::kNotFound);

    ASSERT_TRUE(users().CreateCredential(MakeCredential(user.id, "ghi")));
    EXPECT_EQ(users().RevokeAllCredentials(user.id, At("2026-03-02T11:00:00Z")).value(), 2)
        << "the live ones: the token and the new session";
    const auto all = users().ListCredentials(user.id).value();
    ASSERT_EQ(all.size(), 3u);
    for (const auto& credential : all) EXPECT_TRUE(credential.revoked_at);
    EXPECT_EQ(all[0].token_hash, "abc");
    EXPECT_TRUE(users().ListCredentials(user.id + 100)->empty());
}

TEST_P(AuditContract, ReadsOfPersonalDataAreLoggedNewestFirst) {
    const auto first = audit().LogAccess({0, At("2026-03-02T09:00:00Z"), "petrov", "ГЛ-2026-000001",
                                          "applicant", "звонок заявителю"});
    ASSERT_TRUE(first);
    EXPECT_GT(first->id, 0);
    ASSERT_TRUE(audit().LogAccess(
        {0, At("2026-03-02T09:05:00Z"), "ivanova", "ГЛ-2026-000002", "applicant", ""}));
    ASSERT_TRUE(audit().LogAccess(
        {0, At("2026-03-02T09:10:00Z"), "ivanova", "ГЛ-2026-000001", "applicant.phone", ""}));
    const auto all = audit().Accesses("", 10).value();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].fields, "applicant.phone");
    EXPECT_EQ(audit().Accesses("", 2)->size(), 2u);
    const auto one = audit().Accesses("ГЛ-2026-000001", 10).value();
    ASSERT_EQ(one.size(), 2u);
    EXPECT_EQ(one[1].login, "petrov");
    EXPECT_EQ(one[1].purpose, "звонок заявителю");
    EXPECT_EQ(one[1].at, At("2026-03-02T09:00:00Z"));
}

OTKLIK_STORE_CONTRACT(UserContract);
OTKLIK_STORE_CONTRACT(AuditContract);

}  // namespace
}  // namespace otklik::storage::contract

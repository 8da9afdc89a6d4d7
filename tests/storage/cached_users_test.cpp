// The server's kept reads of staff accounts (issue 18): a credential and a user are read from
// the store once per second at most, and any write through the cache takes effect at once.
#include "storage/cached_users.hpp"

#include "support/temp_dir.hpp"
#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.hpp"

using namespace otklik;
using namespace otklik::core;

namespace {

class CachedUsersTest : public ::testing::Test {
protected:
    void SetUp() override {
        User user;
        user.login = "ivanova";
        user.full_name = "Иванова Мария";
        user.password_hash = "not-a-real-hash";
        user_ = store_.Users().CreateUser(user).value();
        Credential credential;
        credential.user_id = user_.id;
        credential.token_hash = "hash-1";
        credential.created_at = Instant{};
        credential_ = store_.Users().CreateCredential(credential).value();
    }

    otklik::testing::TempDir dir_;
    storage::sqlite::SqliteStore store_{{dir_.File("otklik.db"), 2}};
    std::chrono::steady_clock::time_point now_{};
    storage::CachedUsers cached_{store_.Users(), std::chrono::milliseconds(1000),
                                 [this] { return now_; }};
    User user_;
    Credential credential_;
};

TEST_F(CachedUsersTest, AChangeByAnotherProcessIsSeenAfterTheTtl) {
    ASSERT_FALSE(cached_.FindUserById(user_.id)->disabled);
    ASSERT_FALSE(cached_.FindCredential("hash-1")->revoked_at);
    // Another node (or `otklik user`) disables the account and revokes the session.
    User disabled = user_;
    disabled.disabled = true;
    ASSERT_TRUE(store_.Users().UpdateUser(disabled));
    ASSERT_TRUE(store_.Users().RevokeCredential(credential_.id, Instant{}));
    now_ += std::chrono::milliseconds(999);
    EXPECT_FALSE(cached_.FindUserById(user_.id)->disabled);
    EXPECT_FALSE(cached_.FindCredential("hash-1")->revoked_at);
    now_ += std::chrono::milliseconds(2);
    EXPECT_TRUE(cached_.FindUserById(user_.id)->disabled);
    EXPECT_TRUE(cached_.FindCredential("hash-1")->revoked_at);
}

TEST_F(CachedUsersTest, AWriteThroughTheCacheTakesEffectAtOnce) {
    ASSERT_FALSE(cached_.FindCredential("hash-1")->revoked_at);
    ASSERT_FALSE(cached_.FindUserById(user_.id)->disabled);
    ASSERT_TRUE(cached_.RevokeCredential(credential_.id, Instant{}));
    EXPECT_TRUE(cached_.FindCredential("hash-1")->revoked_at);
    User disabled = user_;
    disabled.disabled = true;
    ASSERT_TRUE(cached_.UpdateUser(disabled));
    EXPECT_TRUE(cached_.FindUserById(user_.id)->disabled);
}

TEST_F(CachedUsersTest, RevokingEveryCredentialOfAUserTakesEffectAtOnce) {
    ASSERT_FALSE(cached_.FindCredential("hash-1")->revoked_at);
    ASSERT_EQ(cached_.RevokeAllCredentials(user_.id, Instant{}).value(), 1);
    EXPECT_TRUE(cached_.FindCredential("hash-1")->revoked_at);
}

TEST_F(CachedUsersTest, AnUnknownTokenIsAskedOfTheStoreEveryTime) {
    EXPECT_FALSE(cached_.FindCredential("hash-2"));
    Credential later;
    later.user_id = user_.id;
    later.token_hash = "hash-2";
    ASSERT_TRUE(store_.Users().CreateCredential(later));
    EXPECT_TRUE(cached_.FindCredential("hash-2"));  // not a kept "not found"
}

}  // namespace

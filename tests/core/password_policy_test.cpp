// SEC-4, issue 12: the password policy.
#include "core/password_policy.hpp"

#include <gtest/gtest.h>

using namespace otklik::core;

namespace {

std::string Code(std::string_view password, std::string_view login) {
    const auto problem = CheckPassword(password, login);
    return problem ? problem->code : "ok";
}

}  // namespace

TEST(PasswordPolicy, RefusesShortCommonAndLoginBasedPasswords) {
    EXPECT_EQ(Code("12345678", "petrova"), "too_short");
    EXPECT_EQ(Code("1234567890", "petrova"), "common");
    EXPECT_EQ(Code("qwertyuiop", "petrova"), "common");
    EXPECT_EQ(Code("Password2024!", "petrova"), "common");
    EXPECT_EQ(Code("йцукенгшщз", "petrova"), "common");
    EXPECT_EQ(Code("aaaaaaaaaaaa", "petrova"), "common");
    EXPECT_EQ(Code("petrova2026!", "petrova"), "contains_login");
    EXPECT_EQ(Code("PETROVA-PETROVA", "petrova"), "contains_login");
    EXPECT_EQ(Code(std::string(257, 'x'), "petrova"), "too_long");
    EXPECT_EQ(Code("лунная-дорожка-7", "petrova"), "ok");
    // Ten characters counted as characters, not bytes: five Cyrillic letters are ten bytes.
    EXPECT_EQ(Code("дорожка", "petrova"), "too_short");
}

TEST(PasswordPolicy, RefusalsSayWhyInRussian) {
    const auto problem = CheckPassword("12345678", "petrova");
    ASSERT_TRUE(problem.has_value());
    EXPECT_EQ(problem->field, "password");
    EXPECT_NE(problem->message.find("не короче 10"), std::string::npos) << problem->message;
}

// The README's demo logins are a contract for newcomers: they keep passing the policy.
TEST(PasswordPolicy, ReadmeDemoLoginsPass) {
    for (const auto& [login, password] : std::initializer_list<std::pair<const char*, const char*>>{
             {"admin", "admin-demo"},
             {"supervisor", "supervisor-demo"},
             {"operator", "operator-demo"},
             {"intake", "intake-demo"},
             {"regional", "regional-demo"},
             {"techsupport", "techsupport-demo"}}) {
        EXPECT_EQ(Code(password, login), "ok") << login;
    }
    // And the fixtures' passwords.
    EXPECT_EQ(Code("admin-secret-1", "admin"), "ok");
    EXPECT_EQ(Code("operator-secret-1", "operator"), "ok");
    EXPECT_EQ(Code("scenario-secret-1", "rpgu"), "ok");
}

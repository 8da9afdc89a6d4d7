#pragma once

#include <optional>
#include <string>

#include "api/http.hpp"
#include "core/clock.hpp"
#include "core/repositories.hpp"

namespace otklik::api {

/// Argon2id password hash in libsodium's self-describing string form (SEC-4).
std::string HashPassword(const std::string& password);
bool VerifyPassword(const std::string& hash, const std::string& password);
/// A password policy check; nullopt when acceptable, else the Russian reason.
std::optional<std::string> CheckPasswordStrength(const std::string& password);

/// A fresh random secret, URL-safe.
std::string RandomToken(std::size_t bytes = 32);
/// The stored form of a bearer secret: hex BLAKE2b-256.
std::string TokenHash(const std::string& token);

/// Who made a request and how.
struct Principal {
    core::User user;
    core::Credential credential;
    bool via_cookie = false;

    core::Actor ToActor() const {
        return {user.id, user.login, user.role, user.group, user.region};
    }
};

/// Sessions and API tokens: login, authentication of a request, logout (SEC-2, SEC-4).
class Authenticator {
public:
    static constexpr const char* kCookieName = "otklik_session";

    /// `clock` is wall-clock time: sessions and tokens expire in real time even when the
    /// domain runs on the manual test clock.
    Authenticator(core::UserRepository& users, const core::Clock& clock);

    struct LoginResult {
        std::string token;
        core::Credential credential;
        core::User user;
    };

    /// Checks login and password; the same message for an unknown login and a wrong password.
    [[nodiscard]] core::Result<LoginResult> Login(const std::string& login,
                                                  const std::string& password);
    /// Issues a named API token for `user`, valid for `days` (0: no expiry).
    [[nodiscard]] core::Result<LoginResult> IssueApiToken(const core::User& user,
                                                          const std::string& name, int days);
    /// Finds the principal behind a request's bearer token or session cookie. A cookie session
    /// must send its CSRF token in X-CSRF-Token on every method that changes something.
    [[nodiscard]] core::Result<Principal> Authenticate(const Request& request);

    /// The Set-Cookie value for a session (HttpOnly, SameSite=Strict) or its removal.
    static std::string SessionCookie(const std::string& token);
    static std::string ExpiredCookie();

private:
    core::UserRepository& users_;
    const core::Clock& clock_;
};

}  // namespace otklik::api

#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <semaphore>
#include <string>

#include "api/http.hpp"
#include "core/clock.hpp"
#include "core/repositories.hpp"

namespace otklik::api {

/// Argon2id password hash in libsodium's self-describing string form (SEC-4). Unbounded: for
/// the command line; the server hashes through Authenticator::Hash, which bounds concurrency.
std::string HashPassword(const std::string& password);
bool VerifyPassword(const std::string& hash, const std::string& password);

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

/// Limits of the authenticator (SEC-4); `[auth]`-free top-level keys of the configuration.
struct AuthOptions {
    /// Argon2id computations at once; each takes 64 MiB, so this bounds the memory logins use.
    int max_concurrent_hashes = 2;
    /// How long a login waits for a hashing slot before "login_busy" (503, Retry-After).
    std::chrono::milliseconds hash_wait{3000};
    /// API tokens: the lifetime when none is asked for, and the longest an administrator
    /// (kManageUsers) or any other staff member may ask for. Every token expires.
    int token_default_days = 90;
    int token_max_days_admin = 365;
    int token_max_days_staff = 30;
    /// Adds `Secure` to the session cookie: the server is reached over HTTPS (a TLS proxy).
    bool cookie_secure = false;
};

/// Sessions and API tokens: login, authentication of a request, logout (SEC-2, SEC-4).
/// Thread-safe.
class Authenticator {
public:
    static constexpr const char* kCookieName = "otklik_session";
    /// Upper bound of AuthOptions::max_concurrent_hashes.
    static constexpr int kMaxHashSlots = 16;

    /// `clock` is wall-clock time: sessions and tokens expire in real time even when the
    /// domain runs on the manual test clock.
    Authenticator(core::UserRepository& users, const core::Clock& clock, AuthOptions options = {});

    struct LoginResult {
        std::string token;
        core::Credential credential;
        core::User user;
    };

    /// Checks login and password; the same message for an unknown login and a wrong password.
    /// kUnavailable "login_busy" when no hashing slot freed within AuthOptions::hash_wait.
    [[nodiscard]] core::Result<LoginResult> Login(const std::string& login,
                                                  const std::string& password);
    /// Hashes a new password within the same concurrency bound as logins.
    [[nodiscard]] core::Result<std::string> Hash(const std::string& password);
    /// Issues a named API token for `user`, valid for `days` (1…the role's maximum).
    [[nodiscard]] core::Result<LoginResult> IssueApiToken(const core::User& user,
                                                          const std::string& name, int days);
    /// The longest lifetime `role` may ask for a token of its own.
    int MaxTokenDays(core::Role role) const;
    const AuthOptions& options() const { return options_; }
    /// Finds the principal behind a request's bearer token or session cookie. A cookie session
    /// must send its CSRF token in X-CSRF-Token on every method that changes something.
    [[nodiscard]] core::Result<Principal> Authenticate(const Request& request);

    /// The Set-Cookie value for a session (HttpOnly, SameSite=Strict, Secure when configured)
    /// or its removal.
    std::string SessionCookie(const std::string& token) const;
    std::string ExpiredCookie() const;

private:
    int MaxWaiting() const;

    core::UserRepository& users_;
    const core::Clock& clock_;
    AuthOptions options_;
    std::counting_semaphore<kMaxHashSlots> hash_slots_;
    /// Requests waiting for a slot: beyond a few per slot they fail at once rather than hold
    /// handler threads that other requests need.
    std::atomic<int> hash_waiting_{0};
};

}  // namespace otklik::api

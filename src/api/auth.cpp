#include "api/auth.hpp"

#include <algorithm>
#include <stdexcept>

#include <sodium.h>

#include "text/base64.hpp"

namespace otklik::api {
namespace {

constexpr auto kSessionLifetime = std::chrono::hours(12);

core::Error Unauthorized(std::string message) {
    return {core::ErrorKind::kUnauthorized, "unauthorized", std::move(message), {}};
}

bool IsSafeMethod(const std::string& method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

std::string Hex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

}  // namespace

std::string HashPassword(const std::string& password) {
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw std::runtime_error("password hashing ran out of memory");
    }
    return hash;
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
    if (hash.empty()) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    return text::Base64Url(raw);
}

std::string TokenHash(const std::string& token) {
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    return Hex(digest, sizeof digest);
}

namespace {

// Holds one hashing slot for its lifetime.
class HashSlot {
public:
    HashSlot(std::counting_semaphore<Authenticator::kMaxHashSlots>& slots,
             std::chrono::milliseconds wait, std::atomic<int>& waiting, int max_waiting)
        : slots_(slots), held_(false) {
        if (waiting.fetch_add(1) < max_waiting) held_ = slots.try_acquire_for(wait);
        waiting.fetch_sub(1);
    }
    ~HashSlot() {
        if (held_) slots_.release();
    }
    HashSlot(const HashSlot&) = delete;
    HashSlot& operator=(const HashSlot&) = delete;
    bool held() const { return held_; }

private:
    std::counting_semaphore<Authenticator::kMaxHashSlots>& slots_;
    bool held_;
};

core::Error Busy() {
    return {core::ErrorKind::kUnavailable,
            "login_busy",
            "Сервер занят проверкой паролей: повторите через несколько секунд",
            {}};
}

}  // namespace

Authenticator::Authenticator(core::UserRepository& users, const core::Clock& clock,
                             AuthOptions options)
    : users_(users),
      clock_(clock),
      options_(options),
      hash_slots_(std::clamp(options.max_concurrent_hashes, 1, kMaxHashSlots)) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

core::Result<std::string> Authenticator::Hash(const std::string& password) {
    HashSlot slot(hash_slots_, options_.hash_wait, hash_waiting_, MaxWaiting());
    if (!slot.held()) return core::Fail(Busy());
    return HashPassword(password);
}

int Authenticator::MaxWaiting() const {
    return 4 * std::clamp(options_.max_concurrent_hashes, 1, kMaxHashSlots);
}

int Authenticator::MaxTokenDays(core::Role role) const {
    return core::RoleAllows(role, core::Permission::kManageUsers) ? options_.token_max_days_admin
                                                                  : options_.token_max_days_staff;
}

core::Result<Authenticator::LoginResult> Authenticator::Login(const std::string& login,
                                                              const std::string& password) {
    auto user = users_.FindUserByLogin(login);
    // Hash even for unknown logins so that timing does not tell which logins exist.
    static const std::string kDummyHash = HashPassword("dummy-password-for-timing");
    bool valid = false;
    {
        // Argon2id takes 64 MiB per computation: a flood of logins waits here instead of
        // multiplying the server's memory (issue 12).
        HashSlot slot(hash_slots_, options_.hash_wait, hash_waiting_, MaxWaiting());
        if (!slot.held()) return core::Fail(Busy());
        valid = VerifyPassword(user ? user->password_hash : kDummyHash, password);
    }
    if (!user || !valid) return core::Fail(Unauthorized("Неверный логин или пароль"));
    if (user->disabled) return core::Fail(Unauthorized("Учётная запись отключена администратором"));
    core::Credential credential;
    credential.user_id = user->id;
    credential.kind = core::CredentialKind::kSession;
    credential.name = "session";
    const std::string token = RandomToken();
    credential.token_hash = TokenHash(token);
    credential.csrf_token = RandomToken(18);
    credential.created_at = clock_.Now();
    credential.expires_at = credential.created_at + kSessionLifetime;
    auto saved = users_.CreateCredential(credential);
    if (!saved) return core::Fail(saved.error());
    return LoginResult{token, *saved, *user};
}

core::Result<Authenticator::LoginResult> Authenticator::IssueApiToken(const core::User& user,
                                                                      const std::string& name,
                                                                      int days) {
    core::Credential credential;
    credential.user_id = user.id;
    credential.kind = core::CredentialKind::kApiToken;
    credential.name = name;
    const std::string token = "otk_" + RandomToken();
    credential.token_hash = TokenHash(token);
    credential.created_at = clock_.Now();
    credential.expires_at = credential.created_at + std::chrono::days(std::max(1, days));
    auto saved = users_.CreateCredential(credential);
    if (!saved) return core::Fail(saved.error());
    return LoginResult{token, *saved, user};
}

core::Result<Principal> Authenticator::Authenticate(const Request& request) {
    std::string token;
    bool via_cookie = false;
    const std::string authorization = request.Header("authorization");
    if (authorization.rfind("Bearer ", 0) == 0) {
        token = authorization.substr(7);
    } else if (!authorization.empty()) {
        return core::Fail(Unauthorized("Поддерживается только авторизация Bearer"));
    } else {
        token = request.Cookie(kCookieName);
        via_cookie = true;
    }
    if (token.empty()) return core::Fail(Unauthorized("Требуется вход в систему"));
    auto credential = users_.FindCredential(TokenHash(token));
    if (!credential) return core::Fail(Unauthorized("Сеанс не найден: войдите снова"));
    const auto now = clock_.Now();
    if (credential->revoked_at) return core::Fail(Unauthorized("Сеанс завершён: войдите снова"));
    // Tokens issued before every token had an expiry end after the longest allowed lifetime.
    const auto expires_at =
        credential->expires_at
            ? *credential->expires_at
            : credential->created_at + std::chrono::days(options_.token_max_days_admin);
    if (expires_at <= now) {
        return core::Fail(Unauthorized("Срок действия сеанса истёк: войдите снова"));
    }
    auto user = users_.FindUserById(credential->user_id);
    if (!user) return core::Fail(Unauthorized("Пользователь не найден"));
    if (user->disabled) return core::Fail(Unauthorized("Учётная запись отключена администратором"));
    if (via_cookie && !IsSafeMethod(request.method)) {
        const std::string csrf = request.Header("x-csrf-token");
        if (csrf.size() != credential->csrf_token.size() || credential->csrf_token.empty() ||
            sodium_memcmp(csrf.data(), credential->csrf_token.data(), csrf.size()) != 0) {
            return core::Fail(core::Error::Forbidden(
                "Запрос без CSRF-токена отклонён: передайте заголовок X-CSRF-Token"));
        }
    }
    return Principal{std::move(*user), std::move(*credential), via_cookie};
}

std::string Authenticator::SessionCookie(const std::string& token) const {
    return std::string(kCookieName) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" +
           (options_.cookie_secure ? "; Secure" : "") + "; Max-Age=43200";
}

std::string Authenticator::ExpiredCookie() const {
    return std::string(kCookieName) + "=; Path=/; HttpOnly; SameSite=Strict" +
           (options_.cookie_secure ? "; Secure" : "") + "; Max-Age=0";
}

}  // namespace otklik::api

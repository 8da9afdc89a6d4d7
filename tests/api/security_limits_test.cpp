// Issue 12: the API's bounds and its reading of forwarded addresses, without a server.
#include <gtest/gtest.h>

#include "api/http.hpp"
#include "api/json_mapping.hpp"
#include "api/login_guard.hpp"
#include "api/metrics.hpp"
#include "api/rate_limiter.hpp"
#include "notify/smtp_transport.hpp"

using namespace otklik::api;
using namespace std::chrono_literals;

TEST(ClientAddress, ForwardedForIsReadOnlyFromTrustedProxies) {
    const std::vector<std::string> trusted = {"127.0.0.1", "10.0.0.5"};
    EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7", trusted), "203.0.113.7");
    // A client's own forged entries stay left of the one our proxy appended.
    EXPECT_EQ(ClientAddress("127.0.0.1", "1.2.3.4, 203.0.113.7", trusted), "203.0.113.7");
    EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7, 10.0.0.5", trusted), "203.0.113.7");
    // From an untrusted peer the header means nothing.
    EXPECT_EQ(ClientAddress("198.51.100.1", "203.0.113.7", trusted), "198.51.100.1");
    EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7", {}), "127.0.0.1");
    // Garbage stops the walk at the last trusted hop.
    EXPECT_EQ(ClientAddress("127.0.0.1", "not-an-address", trusted), "127.0.0.1");
    EXPECT_EQ(ClientAddress("127.0.0.1", "2001:DB8::1", trusted), "2001:db8::1");
    EXPECT_EQ(CanonicalAddress("127.0.0.1"), "127.0.0.1");
    EXPECT_EQ(CanonicalAddress("localhost"), "");
}

TEST(LoginGuard, BacksOffAnAccountFailingFromManyAddresses) {
    LoginGuard guard;
    const auto now = LoginGuard::Clock::now();
    int retry = 0;
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(guard.Check("10.0.0." + std::to_string(i), "operator", now, retry),
                  LoginGuard::Verdict::kAllow);
        guard.Failed("10.0.0." + std::to_string(i), "operator", now);
    }
    EXPECT_EQ(guard.Check("10.0.0.99", "operator", now, retry),
              LoginGuard::Verdict::kAccountBackoff);
    EXPECT_EQ(retry, 2);
    EXPECT_EQ(guard.Check("10.0.0.99", "operator", now + 3s, retry), LoginGuard::Verdict::kAllow);
    guard.Failed("10.0.0.99", "operator", now + 3s);
    EXPECT_EQ(guard.Check("10.0.0.99", "operator", now + 4s, retry),
              LoginGuard::Verdict::kAccountBackoff);
    EXPECT_EQ(retry, 3);  // 4 s from the sixth failure
    guard.Succeeded("operator");
    EXPECT_EQ(guard.Check("10.0.0.99", "operator", now + 4s, retry), LoginGuard::Verdict::kAllow);
    // Other accounts are not affected.
    EXPECT_EQ(guard.Check("10.0.0.1", "admin", now, retry), LoginGuard::Verdict::kAllow);
}

TEST(LoginGuard, ThrottlesSprayingFromOneAddressAndStaysBounded) {
    LoginGuard::Options options;
    options.max_entries = 100;
    LoginGuard guard(options);
    const auto now = LoginGuard::Clock::now();
    int retry = 0;
    int allowed = 0;
    for (int i = 0; i < 1000; ++i) {
        const std::string login = "user" + std::to_string(i) + std::string(10000, 'x');
        if (guard.Check("203.0.113.7", login, now, retry) != LoginGuard::Verdict::kAllow) break;
        ++allowed;
        guard.Failed("203.0.113.7", login, now);
    }
    EXPECT_EQ(allowed, 20);
    EXPECT_GT(retry, 0);
    // Another address still has its budget.
    EXPECT_EQ(guard.Check("203.0.113.8", "user1", now, retry), LoginGuard::Verdict::kAllow);
    for (int i = 0; i < 1000; ++i) {
        guard.Failed("198.51.100." + std::to_string(i), "user" + std::to_string(i), now);
    }
    EXPECT_LE(guard.size(), 200u);
}

TEST(RateLimiter, KeepsNoHugeKeys) {
    RateLimiter limiter(1, 1);
    int retry = 0;
    const std::string huge(1 << 20, 'a');
    EXPECT_TRUE(limiter.Allow(huge, retry));
    // Cut to the same key: the second attempt shares the first one's bucket.
    EXPECT_FALSE(limiter.Allow(huge + "b", retry));
}

TEST(Metrics, MethodLabelsAreAFixedSet) {
    Metrics metrics;
    for (int i = 0; i < 1000; ++i)
        metrics.ObserveRequest("unmatched", "X" + std::to_string(i), 400, 0);
    metrics.ObserveRequest("/healthz", "GET", 200, 0);
    const std::string text = metrics.Render();
    EXPECT_NE(text.find("method=\"other\""), std::string::npos);
    EXPECT_EQ(text.find("method=\"X1\""), std::string::npos);
    EXPECT_LT(text.size(), 4096u);
}

TEST(ErrorBody, ListsAtMostFiftyFields) {
    std::vector<otklik::core::FieldError> fields;
    for (int i = 0; i < 330000; ++i)
        fields.push_back({"k" + std::to_string(i), "unknown", "Неизвестное поле"});
    const auto response = ErrorResponse(otklik::core::Error::Validation(std::move(fields)));
    EXPECT_LT(response.body.size(), 8192u);
    EXPECT_NE(response.body.find("too_many_errors"), std::string::npos);
}

TEST(ParseObject, RefusesObjectsWithTooManyMembers) {
    std::string body = "{";
    for (int i = 0; i < 1000; ++i) body += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
    body += "}";
    const auto parsed = ParseObject(body);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error().code, "too_many_fields");
    EXPECT_TRUE(ParseObject("{\"a\":{\"b\":1}}").has_value());
}

// The SMTP transport refuses an address with CR/LF even if one got past validation.
TEST(SmtpTransport, RefusesAddressesWithLineBreaks) {
    EXPECT_TRUE(otklik::notify::IsSafeAddress("ivan@example.ru"));
    EXPECT_FALSE(otklik::notify::IsSafeAddress("ivan@example.ru\r\nRCPT TO:<x@example.ru>"));
    EXPECT_FALSE(otklik::notify::IsSafeAddress("ivan@example.ru>"));
    EXPECT_FALSE(otklik::notify::IsSafeAddress(""));
    otklik::notify::SmtpOptions options;
    options.url = "smtp://127.0.0.1:1";
    otklik::notify::SmtpTransport transport(options);
    const auto sent = transport.Send("noreply@otklik.local", "a@example.ru\r\nDATA", "x");
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, "smtp_rejected");
}

// Issue 12 (SEC-4, CH-7): bounded resources and hardened defaults, tried against the real binary
// the way an attacker on the network would.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "integration/fixture.hpp"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace otklik::testing;

namespace {

// A field of /proc/<pid>/status in kB (VmRSS, VmHWM).
long StatusKb(pid_t pid, const std::string& field) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    }
    return -1;
}

long OpenDescriptors(pid_t pid) {
    long count = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
        ++count;
    }
    return count;
}

// A socket to the server with a receive timeout, so that a test never hangs on it.
int Connect(unsigned short port, int timeout_seconds = 30) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval timeout{timeout_seconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

// Sends raw bytes and reads the answer until the server closes (requests say Connection: close).
std::string RawExchange(unsigned short port, const std::string& bytes) {
    const int fd = Connect(port);
    if (fd < 0) return {};
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const auto n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    std::string answer;
    char buffer[65536];
    ssize_t n = 0;
    while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) {
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    return answer;
}

std::string ErrorCode(const HttpResponse& response) {
    const auto value = response.Json();
    return std::string(value.at("error").at("code").as_string());
}

std::string FirstFieldName(const HttpResponse& response) {
    const auto value = response.Json();
    const auto& fields = value.at("error").at("fields").as_array();
    return fields.empty() ? std::string() : std::string(fields.front().at("field").as_string());
}

std::string FieldCode(const HttpResponse& response, const std::string& field) {
    const auto value = response.Json();
    for (const auto& item : value.at("error").at("fields").as_array()) {
        if (item.at("field").as_string() == field) return std::string(item.at("code").as_string());
    }
    return {};
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

// Every abuse of issue 12 in turn against one server, whose memory and descriptors stay bounded
// and whose /healthz keeps answering: 64 concurrent logins (Argon2id, 64 MiB each), 2 MB login
// names, 3,000 odd HTTP methods, a body of 300,000 unknown keys, 300 half-open sockets.
TEST_F(ServerTest, AbuseLeavesMemoryAndDescriptorsBounded) {
    Restart({"--max-connections", "64", "--header-timeout", "2"});
    const pid_t pid = server_->pid();
    const unsigned short port = server_->port();
    ASSERT_EQ(admin_->Get("/healthz").status, 200);
    const long rss_start = StatusKb(pid, "VmRSS");
    const long fds_start = OpenDescriptors(pid);

    // 1. Concurrent logins: at most a few Argon2id hashes at once; the rest wait or get 503/429.
    {
        std::vector<std::thread> threads;
        std::atomic<int> unexpected{0};
        for (int i = 0; i < 64; ++i) {
            threads.emplace_back([&, i] {
                HttpClient client(port);
                const auto response =
                    client.Post("/api/v1/auth/login",
                                json::object{{"login", "user" + std::to_string(i)},
                                             {"password", "wrong-password-" + std::to_string(i)}});
                if (response.status != 401 && response.status != 429 && response.status != 503) {
                    ++unexpected;
                }
            });
        }
        for (auto& thread : threads) thread.join();
        EXPECT_EQ(unexpected.load(), 0);
    }
    const long peak_after_logins = StatusKb(pid, "VmHWM");

    // 2. Giant login names: refused before the limiter keeps them or a hash is computed.
    {
        HttpClient client(port);
        for (int i = 0; i < 20; ++i) {
            const auto response = client.Post(
                "/api/v1/auth/login",
                json::object{{"login", std::string(2 * 1024 * 1024, static_cast<char>('a' + i))},
                             {"password", "whatever-password"}});
            ASSERT_EQ(response.status, 400) << response.body.substr(0, 200);
            EXPECT_EQ(ErrorCode(response), "too_long");
            EXPECT_EQ(FirstFieldName(response), "login");
        }
    }

    // 3. Odd HTTP methods: one "other" label, whatever the method.
    for (int i = 0; i < 3000; ++i) {
        const std::string answer = RawExchange(port, "M" + std::to_string(i) +
                                                         "X /api/v1/appeals HTTP/1.1\r\nHost: x\r\n"
                                                         "Connection: close\r\n\r\n");
        ASSERT_FALSE(answer.empty()) << i;
    }
    const auto metrics = admin_->Get("/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("method=\"other\""), std::string::npos);
    EXPECT_EQ(metrics.body.find("method=\"M1X\""), std::string::npos);
    EXPECT_LT(metrics.body.size(), 64u * 1024u) << "metric series grew with the methods";

    // 4. A body of 300,000 unknown keys: a short 400, not a 26 MB list of errors.
    {
        std::string body = "{";
        for (int i = 0; i < 300000; ++i) {
            if (i > 0) body += ',';
            body += "\"k" + std::to_string(i) + "\":1";
        }
        body += "}";
        const auto response =
            op_->Send("POST", "/api/v1/appeals", body, {{"Content-Type", "application/json"}});
        EXPECT_EQ(response.status, 400);
        EXPECT_EQ(ErrorCode(response), "too_many_fields");
        EXPECT_LT(response.body.size(), 4096u);
        // Fewer keys, all unknown: at most 50 field errors and one line saying how many more.
        body = "{";
        for (int i = 0; i < 150; ++i) {
            if (i > 0) body += ',';
            body += "\"u" + std::to_string(i) + "\":\"x\"";
        }
        body += "}";
        const auto listed =
            op_->Send("POST", "/api/v1/appeals", body, {{"Content-Type", "application/json"}});
        ASSERT_EQ(listed.status, 422) << listed.body.substr(0, 300);
        const auto listed_json = listed.Json();
        const auto& fields = listed_json.at("error").at("fields").as_array();
        EXPECT_EQ(fields.size(), 51u);
        EXPECT_EQ(fields.back().at("code").as_string(), "too_many_errors");
    }

    // 5. Half-open sockets: capped at --max-connections, dropped after --header-timeout;
    //    /healthz still answers.
    std::vector<int> sockets;
    for (int i = 0; i < 300; ++i) {
        const int fd = Connect(port);
        if (fd < 0) break;
        const std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
        [[maybe_unused]] const auto n = send(fd, partial.data(), partial.size(), MSG_NOSIGNAL);
        sockets.push_back(fd);
    }
    EXPECT_EQ(sockets.size(), 300u);
    const long fds_half_open = OpenDescriptors(pid);
    long healthz_ms = 0;
    {
        // Waits until silent sockets ahead of it time out and slots free up.
        const auto asked = std::chrono::steady_clock::now();
        const std::string answer =
            RawExchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        healthz_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::steady_clock::now() - asked)
                                           .count());
        EXPECT_NE(answer.find("200 OK"), std::string::npos) << answer;
        // Served at once: the oldest silent connection makes room, it does not queue behind
        // the 300 of them until their header timeout (2 s) runs out.
        EXPECT_LT(healthz_ms, 1500);
    }
    for (const int fd : sockets) close(fd);
    // The server sees the closes as it reads them; a few requests later every slot is free.
    long fds_end = OpenDescriptors(pid);
    for (int i = 0; i < 500 && fds_end > fds_start + 4; ++i) {
        EXPECT_EQ(admin_->Get("/healthz").status, 200);
        fds_end = OpenDescriptors(pid);
    }

    const long rss_end = StatusKb(pid, "VmRSS");
    const long peak = StatusKb(pid, "VmHWM");
    std::printf(
        "resources: RSS start %ld MB, end %ld MB, peak %ld MB (after logins %ld MB); "
        "descriptors start %ld, with 300 half-open sockets %ld, end %ld; /healthz behind them "
        "answered in %ld ms\n",
        rss_start / 1024, rss_end / 1024, peak / 1024, peak_after_logins / 1024, fds_start,
        fds_half_open, fds_end, healthz_ms);
    // 64 connections at most, plus the store, the listener and the log.
    EXPECT_LE(fds_half_open, fds_start + 64 + 8);
    // Two Argon2id hashes of 64 MiB at once instead of 64 (4 GB before the cap); the server
    // runs under AddressSanitizer, whose quarantine holds freed memory a while.
    EXPECT_LT(peak - rss_start, 1024L * 1024L) << "peak grew by more than 1 GB";
    EXPECT_LT(rss_end - rss_start, 512L * 1024L) << "memory was not given back";
    EXPECT_LE(fds_end, fds_start + 4) << "connections were not released";
    EXPECT_EQ(admin_->Get("/healthz").status, 200);
}

// A login or password longer than the API takes is a 400 naming the field.
TEST_F(ServerTest, OverlongLoginAndPasswordAreRefusedNamingTheField) {
    HttpClient client(server_->port());
    auto response = client.Post("/api/v1/auth/login",
                                json::object{{"login", std::string(65, 'a')}, {"password", "x"}});
    ASSERT_EQ(response.status, 400) << response.body;
    EXPECT_EQ(FirstFieldName(response), "login");
    response = client.Post("/api/v1/auth/login", json::object{{"login", "operator"},
                                                              {"password", std::string(300, 'p')}});
    ASSERT_EQ(response.status, 400) << response.body;
    EXPECT_EQ(FirstFieldName(response), "password");
}

// Per-account back-off: guesses from ten addresses behind the proxy still lock the account's
// guessing out after five failures — and the failures are logged with login and address, never
// the password.
TEST_F(ServerTest, FailedLoginsFromManyAddressesBackOffTheAccount) {
    const std::string log = dir_.File("server.log");
    admin_.reset();
    op_.reset();
    server_.reset();
    server_ = std::make_unique<ServerProcess>(
        dir_.path().string(), std::vector<std::string>{"--trusted-proxies", "127.0.0.1"}, log);
    HttpClient client(server_->port());
    int backoff_at = 0;
    for (int attempt = 0; attempt < 11 && backoff_at == 0; ++attempt) {
        for (int address = 1; address <= 10; ++address) {
            const auto response = client.Post(
                "/api/v1/auth/login",
                json::object{{"login", "operator"},
                             {"password", "guess-" + std::to_string(attempt * 10 + address)}},
                {{"X-Forwarded-For", "203.0.113." + std::to_string(address)}});
            if (response.status == 429) {
                EXPECT_EQ(ErrorCode(response), "login_backoff");
                EXPECT_FALSE(response.Header("retry-after").empty());
                backoff_at = attempt * 10 + address;
                break;
            }
            ASSERT_EQ(response.status, 401) << response.body;
        }
    }
    // The sixth guess waits 2 s, the seventh 4 s…: on a slow machine one may slip past a wait.
    EXPECT_GE(backoff_at, 6);
    EXPECT_LE(backoff_at, 8);
    const std::string text = ReadFile(log);
    EXPECT_NE(text.find("failed login 'operator' from 203.0.113.1"), std::string::npos) << text;
    EXPECT_EQ(text.find("guess-1"), std::string::npos) << "a password reached the log";
}

// Password spraying: one address trying one password on many accounts is throttled although
// no account sees more than one failure; a forged X-Forwarded-For from an untrusted peer does
// not buy a fresh budget.
TEST_F(ServerTest, PasswordSprayingFromOneAddressIsThrottled) {
    HttpClient client(server_->port());
    int throttled_at = 0;
    for (int i = 1; i <= 40 && throttled_at == 0; ++i) {
        const auto response = client.Post(
            "/api/v1/auth/login",
            json::object{{"login", "user" + std::to_string(i)}, {"password", "Winter-2026!"}},
            {{"X-Forwarded-For", "198.51.100." + std::to_string(i)}});
        if (response.status == 429) throttled_at = i;
    }
    // A budget of 20 failures, refilled at 10 a minute while the attempts run (slowly, under
    // the sanitizers): throttled long before the 40 accounts are through.
    EXPECT_GT(throttled_at, 20);
    EXPECT_LE(throttled_at, 30);
}

// Behind a trusted proxy each client has its own budget: one citizen's failures do not lock out
// everybody behind the same proxy.
TEST_F(ServerTest, TrustedProxyGivesEachForwardedClientItsOwnBudget) {
    Restart({"--trusted-proxies", "127.0.0.1"});
    HttpClient client(server_->port());
    for (int i = 1; i <= 30; ++i) {
        const auto response = client.Post(
            "/api/v1/auth/login",
            json::object{{"login", "user" + std::to_string(i)}, {"password", "Winter-2026!"}},
            {{"X-Forwarded-For", "198.51.100." + std::to_string(i)}});
        ASSERT_EQ(response.status, 401) << i << response.body;
    }
    const auto real = client.Post(
        "/api/v1/auth/login", json::object{{"login", "operator"}, {"password", kOperatorPassword}},
        {{"X-Forwarded-For", "198.51.100.200"}});
    EXPECT_EQ(real.status, 200) << real.body;
}

// SEC-4: the password policy, with reasons and codes, through the API and the command line.
TEST_F(ServerTest, WeakPasswordsAreRefusedWithTheReason) {
    const auto create = [&](const std::string& login, const std::string& password) {
        return admin_->Post(
            "/api/v1/users",
            json::object{{"login", login}, {"password", password}, {"role", "operator"}});
    };
    auto response = create("petrova", "12345678");
    ASSERT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(FieldCode(response, "password"), "too_short");
    response = create("petrova", "1234567890");
    EXPECT_EQ(FieldCode(response, "password"), "common");
    response = create("petrova", "qwertyuiop");
    EXPECT_EQ(FieldCode(response, "password"), "common");
    response = create("petrova", "Password2024!");
    EXPECT_EQ(FieldCode(response, "password"), "common");
    response = create("petrova", "petrova2026!!");
    EXPECT_EQ(FieldCode(response, "password"), "contains_login");
    EXPECT_EQ(create("petrova", "лунная-дорожка-7").status, 201);
    std::string output;
    EXPECT_EQ(RunOtklik({"user", "add", "ivanov", "--role", "operator", "--password-stdin",
                         "--data", dir_.path().string()},
                        "12345678\n", output),
              2);
    EXPECT_NE(output.find("too_short"), std::string::npos) << output;
}

// Unknown fields are refused by name on users and comments, not silently dropped.
TEST_F(ServerTest, UnknownFieldsOnUsersAndCommentsAreRefusedByName) {
    auto response = admin_->Post("/api/v1/users", json::object{{"login", "sidorov"},
                                                               {"password", "лунная-дорожка-7"},
                                                               {"role", "operator"},
                                                               {"is_admin", true}});
    ASSERT_EQ(response.status, 400) << response.body;
    EXPECT_EQ(ErrorCode(response), "unknown_field");
    EXPECT_EQ(FirstFieldName(response), "is_admin");
    const std::string uin = Uin(Create());
    response = op_->Post("/api/v1/appeals/" + Encode(uin) + "/comments",
                         json::object{{"text", "Проверено"}, {"visiblity", "public"}});
    ASSERT_EQ(response.status, 400) << response.body;
    EXPECT_EQ(FirstFieldName(response), "visiblity");
}

// An applicant_snils filter without its digits is an error, not "every appeal".
TEST_F(ServerTest, SnilsFilterWithoutDigitsIsRefused) {
    Create();
    const auto response = op_->Get("/api/v1/appeals?applicant_snils=abc");
    ASSERT_EQ(response.status, 400) << response.body;
    EXPECT_EQ(FirstFieldName(response), "applicant_snils");
}

// CR/LF in an applicant's e-mail would become SMTP commands: refused as a format error.
TEST_F(ServerTest, EmailWithLineBreaksIsRefused) {
    auto body = ValidAppeal();
    // No space, no second "@", no angle bracket: only the line break betrays it.
    body["applicant"].as_object()["email"] = "victim@example.ru\r\nX-Injected:yes";
    const auto response = op_->Post("/api/v1/appeals", body);
    ASSERT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(FieldCode(response, "applicant.email"), "format");
}

// API tokens always expire; how long depends on the role.
TEST_F(ServerTest, ApiTokensExpireWithinTheRolesLimit) {
    auto response = op_->Post("/api/v1/tokens", json::object{{"name", "script"}});
    ASSERT_EQ(response.status, 201) << response.body;
    EXPECT_FALSE(response.Json().at("expires_at").is_null());
    response =
        op_->Post("/api/v1/tokens", json::object{{"name", "forever"}, {"expires_in_days", 0}});
    EXPECT_EQ(response.status, 422) << response.body;
    response =
        op_->Post("/api/v1/tokens", json::object{{"name", "a year"}, {"expires_in_days", 365}});
    EXPECT_EQ(response.status, 422) << response.body;
    response = admin_->Post("/api/v1/tokens",
                            json::object{{"name", "integration"}, {"expires_in_days", 365}});
    EXPECT_EQ(response.status, 201) << response.body;
    response =
        admin_->Post("/api/v1/tokens", json::object{{"name", "decade"}, {"expires_in_days", 3650}});
    EXPECT_EQ(response.status, 422) << response.body;
}

// The store and its WAL are the service account's only; so is the data folder.
TEST_F(ServerTest, DataFolderAndStoreFilesAreOwnerOnly) {
    Create();
    struct stat info {};
    ASSERT_EQ(stat(dir_.path().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0700u);
    for (const char* name : {"otklik.db", "otklik.db-wal"}) {
        ASSERT_EQ(stat(dir_.File(name).c_str(), &info), 0) << name;
        EXPECT_EQ(info.st_mode & 0777, 0600u) << name;
    }
}

// Answers are not cached or sniffed; the cookie is Secure behind TLS.
TEST_F(ServerTest, AnswersCarryNoStoreAndNosniffAndTheCookieIsSecureBehindTls) {
    auto response = op_->Get("/api/v1/appeals");
    EXPECT_EQ(response.Header("cache-control"), "no-store");
    EXPECT_EQ(response.Header("x-content-type-options"), "nosniff");
    HttpClient client(server_->port());
    response = client.Post("/api/v1/auth/login",
                           json::object{{"login", "operator"}, {"password", kOperatorPassword}});
    EXPECT_EQ(response.Header("set-cookie").find("Secure"), std::string::npos);
    Restart({"--cookie-secure", "true"});
    HttpClient secure(server_->port());
    response = secure.Post("/api/v1/auth/login",
                           json::object{{"login", "operator"}, {"password", kOperatorPassword}});
    EXPECT_NE(response.Header("set-cookie").find("; Secure"), std::string::npos)
        << response.Header("set-cookie");
}

// /metrics is for staff with access to reports unless the deployment makes it public.
TEST_F(ServerTest, MetricsNeedAStaffTokenUnlessConfiguredPublic) {
    HttpClient anonymous(server_->port());
    EXPECT_EQ(anonymous.Get("/metrics").status, 401);
    EXPECT_EQ(op_->Get("/metrics").status, 403);
    EXPECT_EQ(admin_->Get("/metrics").status, 200);
    // The keys of the configuration file (docs/otklik.example.toml).
    const std::string config = dir_.File("otklik.toml");
    std::ofstream(config) << "metrics_public = true\ntrusted_proxies = [\"127.0.0.1\"]\n"
                             "max_connections = 100\nheader_timeout_seconds = 5\n";
    Restart({"--config", config});
    HttpClient scraper(server_->port());
    EXPECT_EQ(scraper.Get("/metrics").status, 200);
}

// OTKLIK_CLOCK=manual alone does not open the unauthenticated test clock.
TEST_F(ServerTest, ManualClockFromTheEnvironmentAloneIsRefused) {
    admin_.reset();
    op_.reset();
    server_.reset();
    setenv("OTKLIK_CLOCK", "manual", 1);
    EXPECT_THROW(ServerProcess(dir_.path().string()), std::runtime_error);
    setenv("OTKLIK_ALLOW_TEST_CLOCK", "1", 1);
    {
        ServerProcess allowed(dir_.path().string());
        HttpClient client(allowed.port());
        EXPECT_EQ(client.Post("/api/v1/test/clock", json::object{{"advance", "PT1H"}}).status, 200);
    }
    unsetenv("OTKLIK_CLOCK");
    unsetenv("OTKLIK_ALLOW_TEST_CLOCK");
    Start();
    EXPECT_EQ(admin_->Post("/api/v1/test/clock", json::object{{"advance", "PT1H"}}).status, 404);
}

// CH-7: replaying a status inquiry's Idempotency-Key adds no second comment.
TEST_F(ServerTest, ReplayedStatusInquiryAddsNoSecondComment) {
    const json::object applicant{{"last_name", "Петров"},
                                 {"first_name", "Иван"},
                                 {"email", "petrov-inquiry@example.ru"},
                                 {"snils", "112-233-445 95"},
                                 {"inn", "500100732259"},
                                 {"birth_date", "1980-04-12"},
                                 {"contact_channel", "email"},
                                 {"region", "77"}};
    const json::object first{{"regulation", "epgu"},
                             {"channel", "letter"},
                             {"subject", "Не подтверждается учётная запись"},
                             {"text",
                              "Запрос на подтверждение учётной записи через банк подан две недели "
                              "назад, подтверждения нет."},
                             {"category", "incident"},
                             {"applicant", applicant}};
    const std::string uin = Uin(Create(first));
    const json::object inquiry{{"regulation", "epgu"},
                               {"channel", "letter"},
                               {"subject", "Статус обращения"},
                               {"text", "Какой статус обращения " + uin + "? Когда будет ответ?"},
                               {"category", "incident"},
                               {"applicant", applicant}};
    const auto once = op_->Post("/api/v1/appeals", inquiry, {{"Idempotency-Key", "inquiry-1"}});
    ASSERT_EQ(once.status, 200) << once.body;
    ASSERT_FALSE(once.Json().at("registered").as_bool());
    const auto twice = op_->Post("/api/v1/appeals", inquiry, {{"Idempotency-Key", "inquiry-1"}});
    ASSERT_EQ(twice.status, 200) << twice.body;
    EXPECT_EQ(twice.Header("idempotent-replayed"), "true");
    const auto comments = op_->Get("/api/v1/appeals/" + Encode(uin) + "/comments");
    ASSERT_EQ(comments.status, 200);
    EXPECT_EQ(comments.Json().at("items").as_array().size(), 1u) << comments.body;
}

// Chat session ids are the dialog's only credential: 128 random bits each. The chatbot checks
// the e-mail with the same validator as the API: a line break is not an address.
TEST_F(ServerTest, ChatSessionIdsAreRandomAndTheChatbotRefusesLineBreaksInEmail) {
    HttpClient client(server_->port());
    std::set<std::string> ids;
    std::string id;
    for (int i = 0; i < 5; ++i) {
        const auto response =
            client.Post("/api/v1/chat/sessions", json::object{{"regulation", "epgu"}});
        ASSERT_EQ(response.status, 201) << response.body;
        id = std::string(response.Json().at("session_id").as_string());
        EXPECT_EQ(id.size(), 32u);
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), 5u);
    const auto say = [&](const std::string& text) {
        const auto response =
            client.Post("/api/v1/chat/sessions/" + id + "/messages", json::object{{"text", text}});
        EXPECT_EQ(response.status, 200) << response.body;
        return std::string(response.Json().at("step").as_string());
    };
    EXPECT_EQ(say("Татарстан"), "role");
    EXPECT_EQ(say("1"), "login");
    EXPECT_EQ(say("ivanov2010"), "email");
    EXPECT_EQ(say("ivan@example.ru\r\nX-Injected:yes"), "email");
    EXPECT_EQ(say("ivan@example.ru"), "type");
}

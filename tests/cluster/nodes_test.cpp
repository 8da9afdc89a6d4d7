// Issue 14 (PL-1, CH-7, SEC-4): several `otklik serve` nodes on one PostgreSQL are one system.
// A real PostgreSQL 15 (tests/support/postgres-server) and two real nodes, the built binary with
// the shipped regulations: a live event of one node reaches an operator streaming from the other;
// the jobs a killed node held are done once by the other; a mailbox is polled by one node at a
// time and each letter registered once, also when the polling node is killed; a knowledge-base
// article written on one node is found on the other; failed logins count on every node.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "support/event_stream.hpp"
#include "support/http_client.hpp"
#include "support/postgres_server.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/time.h>

#include "channels/loopback_servers.hpp"

namespace otklik::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace json = boost::json;
namespace mail = channels::email::testing;

constexpr const char* kAdminPassword = "admin-secret-1";
constexpr const char* kSupervisorPassword = "supervisor-secret-1";
// What the nodes do happens within milliseconds; the bound is for a loaded machine under the
// sanitizers.
constexpr auto kPatience = 60s;

bool HavePostgres() {
    if (std::getenv("OTKLIK_TEST_PG_URL")) return true;
    const char* bindir = std::getenv("OTKLIK_PG_BINDIR");
    return fs::exists(fs::path(bindir ? bindir : "/usr/lib/postgresql/15/bin") / "initdb");
}

// Looks at `done` until it holds or the patience ends.
bool WaitFor(const std::function<bool()>& done, std::chrono::seconds patience = kPatience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(50ms);
    }
    return true;
}

std::size_t Count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An SMTP server that accepts connections and never says a word: a node sending through it
// hangs in the SMTP session, holding the letter it began to deliver.
class SilentSmtp {
public:
    SilentSmtp() {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        listen(listener_, 16);
        socklen_t size = sizeof address;
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] {
            while (!stopping_) {
                pollfd fd{listener_, POLLIN, 0};
                if (poll(&fd, 1, 100) <= 0) continue;
                const int client = accept(listener_, nullptr, nullptr);
                if (client < 0) continue;
                const std::lock_guard lock(mutex_);
                clients_.push_back(client);
            }
        });
    }
    ~SilentSmtp() {
        stopping_ = true;
        thread_.join();
        for (const int client : clients_) close(client);
        close(listener_);
    }
    int port() const { return port_; }
    std::size_t connections() {
        const std::lock_guard lock(mutex_);
        return clients_.size();
    }

private:
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::vector<int> clients_;  // guarded by mutex_
    std::thread thread_;
};

// A psql session that holds a lock until Release: a node's writes that need it wait.
class LockingSession {
public:
    LockingSession(const std::string& url, const std::string& lock) {
        psql_ = popen(("psql '" + url + "' -q -v ON_ERROR_STOP=1 >/dev/null").c_str(), "w");
        if (!psql_) throw std::runtime_error("psql did not start");
        std::fprintf(psql_, "BEGIN;\n%s;\n", lock.c_str());
        std::fflush(psql_);
    }
    void Release() {
        if (!psql_) return;
        std::fprintf(psql_, "ROLLBACK;\n");
        pclose(psql_);
        psql_ = nullptr;
    }
    ~LockingSession() { Release(); }

private:
    FILE* psql_ = nullptr;
};

class Nodes : public ::testing::Test {
protected:
    void SetUp() override {
        if (!HavePostgres()) GTEST_SKIP() << "PostgreSQL 15 is not installed";
        url_ = SharedPostgresServer().FreshDatabase("otklik_nodes");
        Run({"migrate", "--store", url_});
        Run({"user", "add", "admin", "--role", "administrator", "--password-stdin", "--store",
             url_},
            std::string(kAdminPassword) + "\n");
        Run({"user", "add", "supervisor", "--role", "supervisor", "--password-stdin", "--store",
             url_},
            std::string(kSupervisorPassword) + "\n");
    }

    void TearDown() override {
        nodes_.clear();
        if (url_.empty()) return;
        try {
            SharedPostgresServer().DropDatabase(url_);
        } catch (const std::exception&) {
            // The server's folder goes with the process; a leftover database is harmless.
        }
    }

    static void Run(const std::vector<std::string>& args, const std::string& input = "") {
        std::string output;
        ASSERT_EQ(RunOtklik(args, input, output), 0) << output;
    }

    // Starts node `name` on the shared store with its own data folder, `config` as its
    // configuration file, and its log in DIR/<name>.log.
    ServerProcess& StartNode(const std::string& name, const std::string& config = "",
                             std::vector<std::string> extra = {}) {
        const auto data = dir_.path() / name;
        fs::create_directories(data);
        std::ofstream(data / "otklik.toml") << config;
        std::vector<std::string> args = {"--store",       url_,
                                         "--config",      (data / "otklik.toml").string(),
                                         "--regulations", OTKLIK_SHIPPED_REGULATIONS};
        args.insert(args.end(), extra.begin(), extra.end());
        auto& node = nodes_[name];
        node = std::make_unique<ServerProcess>(data.string(), args, Log(name).string());
        return *node;
    }

    fs::path Log(const std::string& name) const { return dir_.path() / (name + ".log"); }

    static std::unique_ptr<HttpClient> SignIn(const ServerProcess& node, const std::string& login,
                                              const std::string& password) {
        auto client = std::make_unique<HttpClient>(node.port());
        const auto response = client->Post("/api/v1/auth/login",
                                           json::object{{"login", login}, {"password", password}});
        EXPECT_EQ(response.status, 200) << response.body;
        if (response.status == 200) {
            client->SetToken(std::string(response.Json().at("token").as_string()));
        }
        return client;
    }

    // A gauge of GET /metrics, -1 when absent.
    static double Gauge(HttpClient& client, const std::string& name) {
        const auto metrics = client.Get("/metrics");
        std::istringstream lines(metrics.body);
        std::string line;
        while (std::getline(lines, line)) {
            if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
        }
        return -1;
    }

    // Waits until the node hears the other nodes: what they publish from now on reaches it.
    static void WaitListening(HttpClient& client) {
        ASSERT_TRUE(WaitFor([&] { return Gauge(client, "otklik_node_bus_listening") == 1; }))
            << "the node does not listen to the other nodes";
    }

    static json::object Appeal(int n) {
        return json::object{
            {"regulation", "hotline"},
            {"channel", "api"},
            {"subject", "Не формируется отчёт " + std::to_string(n)},
            {"text", "При формировании отчёта № " + std::to_string(n) +
                         " появляется ошибка «Превышено время ожидания»."},
            {"category", "ИНЦ"},
            {"priority", "P1"},
            {"applicant", json::object{{"last_name", "Соколова"},
                                       {"first_name", "Анна"},
                                       {"email", "applicant-" + std::to_string(n) + "@example.ru"},
                                       {"region", "77"}}},
        };
    }

    static json::object Register(HttpClient& client, int n) {
        const auto created = client.Post("/api/v1/appeals", Appeal(n),
                                         {{"Idempotency-Key", "nodes-" + std::to_string(n)}});
        EXPECT_EQ(created.status, 201) << created.body;
        return created.status == 201 ? created.Json().as_object() : json::object{};
    }

    std::string Sql(const std::string& sql) const { return Psql(url_, sql); }

    // Nodes "a" and "b" on the store, a supervisor signed in on each, each hearing the other.
    struct TwoNodes {
        ServerProcess& a;
        ServerProcess& b;
        std::unique_ptr<HttpClient> on_a;
        std::unique_ptr<HttpClient> on_b;
    };
    TwoNodes StartTwoListeningNodes() {
        auto& a = StartNode("a");
        auto& b = StartNode("b");
        TwoNodes nodes{a, b, SignIn(a, "supervisor", kSupervisorPassword),
                       SignIn(b, "supervisor", kSupervisorPassword)};
        WaitListening(*nodes.on_a);
        WaitListening(*nodes.on_b);
        return nodes;
    }

    TempDir dir_;
    std::string url_;
    std::map<std::string, std::unique_ptr<ServerProcess>> nodes_;
};

// The operators of a contact centre work on whichever node the proxy gave them: an appeal
// registered through node A shows up on the stream of an operator connected to node B, and the
// operator on A hears of it once, not echoed back by B.
TEST_F(Nodes, LiveEventOfOneNodeReachesAnOperatorOnTheOther) {
    auto [a, b, on_a, on_b] = StartTwoListeningNodes();
    const auto token = [](const ServerProcess& node) {
        HttpClient client(node.port());
        return std::string(
            client
                .Post("/api/v1/auth/login",
                      json::object{{"login", "supervisor"}, {"password", kSupervisorPassword}})
                .Json()
                .at("token")
                .as_string());
    };
    EventStream stream_a(a.port(), token(a));
    EventStream stream_b(b.port(), token(b));
    ASSERT_NE(stream_a.ReadUntil("event: ready").find("event: ready"), std::string::npos);
    ASSERT_NE(stream_b.ReadUntil("event: ready").find("event: ready"), std::string::npos);

    const std::string on_a_uin(Register(*on_a, 1).at("uin").as_string());
    const auto heard_on_b = stream_b.ReadUntil("\"uin\":\"" + on_a_uin + "\"");
    ASSERT_NE(heard_on_b.find("\"uin\":\"" + on_a_uin + "\""), std::string::npos) << heard_on_b;
    EXPECT_NE(heard_on_b.find("\"change\":\"created\""), std::string::npos) << heard_on_b;
    // Identifiers and codes only: nothing of the applicant travels between the nodes.
    EXPECT_EQ(heard_on_b.find("Соколова"), std::string::npos) << heard_on_b;

    const std::string on_b_uin(Register(*on_b, 2).at("uin").as_string());
    const auto heard_on_a = stream_a.ReadUntil("\"uin\":\"" + on_b_uin + "\"");
    ASSERT_NE(heard_on_a.find("\"uin\":\"" + on_b_uin + "\""), std::string::npos) << heard_on_a;
    EXPECT_EQ(Count(heard_on_a, "\"uin\":\"" + on_a_uin + "\""), 1u) << heard_on_a;
    EXPECT_GE(Gauge(*on_b, "otklik_node_events_received_total"), 1);
}

// A mass incident's reports come in through every node: the third report, through node B, joins
// the two that came through node A (B's triage remembers what A registered).
TEST_F(Nodes, AMassIncidentsReportsThroughBothNodesAreOneGroup) {
    auto nodes = StartTwoListeningNodes();
    auto& on_a = nodes.on_a;
    auto& on_b = nodes.on_b;
    const auto report = [](int n) {
        json::object body = Appeal(n);
        body["subject"] = "Белый экран";
        body["text"] =
            "С утра не открывается личный кабинет: после входа белый экран и ошибка 502. Что "
            "случилось и когда заработает?";
        return body;
    };
    const auto has_mass = [](const json::value& triage) {
        for (const auto& rule : triage.at("rules").as_array()) {
            if (rule.at("code").as_string() == "mass_incident") return true;
        }
        return false;
    };
    const auto first = on_a->Post("/api/v1/appeals", report(1), {{"Idempotency-Key", "mass-1"}});
    ASSERT_EQ(first.status, 201) << first.body;
    ASSERT_EQ(on_a->Post("/api/v1/appeals", report(2), {{"Idempotency-Key", "mass-2"}}).status,
              201);
    // The check registers nothing: asked until B has heard of A's two reports.
    ASSERT_TRUE(WaitFor([&] {
        const auto check = on_b->Post("/api/v1/triage/check", report(3));
        return check.status == 200 && has_mass(check.Json());
    })) << "node B does not know the reports registered through node A";
    const auto third = on_b->Post("/api/v1/appeals", report(3), {{"Idempotency-Key", "mass-3"}});
    ASSERT_EQ(third.status, 201) << third.body;
    EXPECT_TRUE(has_mass(third.Json().at("triage")));
    const std::string first_uin(first.Json().at("uin").as_string());
    const auto links =
        on_b->Get("/api/v1/appeals/" + std::string(third.Json().at("uin").as_string()) + "/links");
    ASSERT_EQ(links.status, 200) << links.body;
    bool to_first = false;
    const auto body = links.Json();
    for (const auto& link : body.at("items").as_array()) {
        to_first = to_first || link.at("to").as_string() == first_uin;
    }
    EXPECT_TRUE(to_first) << links.body;
}

// PostgreSQL keeps no notification for a node that is not listening. When a node's link to the
// others breaks and comes back, its operators' screens are told to re-read (`ready`, as after
// their own reconnect), and the events after that reach them again.
TEST_F(Nodes, OperatorsReReadWhenTheirNodeListensAgain) {
    auto& a = StartNode("a");
    auto& b = StartNode("b");
    auto on_a = SignIn(a, "supervisor", kSupervisorPassword);
    auto on_b = SignIn(b, "supervisor", kSupervisorPassword);
    WaitListening(*on_a);
    WaitListening(*on_b);
    HttpClient login(b.port());
    const std::string token(
        login
            .Post("/api/v1/auth/login",
                  json::object{{"login", "supervisor"}, {"password", kSupervisorPassword}})
            .Json()
            .at("token")
            .as_string());
    EventStream stream_b(b.port(), token);
    ASSERT_EQ(Count(stream_b.ReadUntil("event: ready"), "event: ready"), 1u);

    // Both nodes lose their listening sessions, as when the database restarts or a proxy
    // between them drops idle connections.
    // A listening session's last statement is its LISTEN or the notifications it sent.
    Sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
        "AND (query LIKE 'LISTEN %' OR query LIKE '%pg_notify($1%')");
    const auto after_gap = stream_b.ReadUntil("event: ready", 2);
    ASSERT_EQ(Count(after_gap, "event: ready"), 2u) << after_gap;
    WaitListening(*on_a);
    WaitListening(*on_b);

    const std::string uin(Register(*on_a, 3).at("uin").as_string());
    const auto heard = stream_b.ReadUntil("\"uin\":\"" + uin + "\"");
    EXPECT_NE(heard.find("\"uin\":\"" + uin + "\""), std::string::npos) << heard;
}

// The deadline watcher and the outbox sender of a node that is killed while it holds work: node
// A began delivering the registration letters (its SMTP server never answers) and claimed the
// escalations that fell due (its writes wait on a lock the test holds) when it is killed. Node B
// leaves what A holds alone until A's leases end, then escalates each appeal once and sends each
// letter once (SLA-6, NT-1).
TEST_F(Nodes, JobsOfAKilledNodeAreDoneOnceByTheOther) {
    if (!mail::HaveAiosmtpd()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
    mail::SmtpSink sink;
    ASSERT_TRUE(sink.Start(dir_.path() / "smtp")) << "the SMTP sink did not start";
    SilentSmtp silent;
    const auto smtp = [](int port) {
        return "[mail]\nsmtp_url = \"smtp://127.0.0.1:" + std::to_string(port) +
               "\"\nsmtp_tls = \"off\"\nfrom_address = \"support@otklik.local\"\n";
    };
    // Friday 15:00 in Moscow; a P1 incident escalates at 6 of its 8 working hours.
    const std::vector<std::string> clock = {"--clock", "manual", "--clock-start",
                                            "2026-01-16T12:00:00Z"};
    auto& a = StartNode("a", smtp(silent.port()), clock);
    auto& b = StartNode("b", smtp(sink.port()), clock);
    auto on_a = SignIn(a, "supervisor", kSupervisorPassword);
    auto on_b = SignIn(b, "supervisor", kSupervisorPassword);

    constexpr int kAppeals = 12;
    std::vector<std::string> uins;
    for (int n = 0; n < kAppeals; ++n) {
        const auto appeal = Register(*on_a, n);
        ASSERT_FALSE(appeal.empty());
        uins.emplace_back(appeal.at("uin").as_string());
        ASSERT_EQ(appeal.at("next_event_at").as_string(), "2026-01-19T09:00:00Z") << appeal;
    }

    // A claims the registration letters and hangs in the SMTP session of the first one.
    const auto move_clock = [](unsigned short port, json::object body) {
        return std::thread([port, body = std::move(body)] {
            try {
                HttpClient client(port);
                client.Post("/api/v1/test/clock", body);
            } catch (const std::exception&) {
                // The node was killed under the request.
            }
        });
    };
    auto sending = move_clock(a.port(), {{"advance", "PT1S"}});
    ASSERT_TRUE(WaitFor([&] { return silent.connections() > 0; })) << "A sent nothing";
    // A claims the escalations that fell due, and its writes wait for the counters' lock.
    LockingSession lock(url_, "LOCK TABLE queue_counters IN EXCLUSIVE MODE");
    ASSERT_TRUE(WaitFor([&] {
        return Sql("SELECT count(*) FROM pg_locks WHERE relation = 'queue_counters'::regclass "
                   "AND mode = 'ExclusiveLock' AND granted") == "1";
    }));
    auto escalating = move_clock(a.port(), {{"set", "2026-01-19T09:00:01Z"}});
    ASSERT_TRUE(WaitFor([&] {
        return Sql("SELECT count(*) FROM appeals WHERE timer_claimed_by IS NOT NULL") ==
                   std::to_string(kAppeals) &&
               Sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
                   "datname = current_database()") != "0";
    })) << "A did not claim the escalations";
    const auto held_letters =
        Sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND (claimed_by IS NOT NULL OR "
            "attempts > 0)");
    EXPECT_EQ(held_letters, std::to_string(kAppeals));

    nodes_.at("a")->Kill();
    lock.Release();
    sending.join();
    escalating.join();
    EXPECT_EQ(Sql("SELECT count(*) FROM history WHERE action = 'escalate'"), "0");
    EXPECT_EQ(Sql("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL"), "0");

    // B's clock passes the escalation and the retry of the letter A was delivering (10 min in
    // domain time); the other letters and the escalations are still A's.
    auto advance = [&](json::object body) {
        const auto moved = on_b->Post("/api/v1/test/clock", body);
        ASSERT_EQ(moved.status, 200) << moved.body;
    };
    advance({{"set", "2026-01-19T09:00:02Z"}});
    EXPECT_EQ(Sql("SELECT count(*) FROM history WHERE action = 'escalate'"), "0");
    ASSERT_TRUE(WaitFor([&] { return sink.Messages().size() == 1; }))
        << sink.Messages().size() << " letters";

    // A's leases end (30 s for timers, 60 s for the outbox, on the database server's clock, which
    // no test moves): ended here as that clock would end them. B then takes over.
    Sql("UPDATE appeals SET timer_claimed_until = 0 WHERE timer_claimed_by IS NOT NULL");
    Sql("UPDATE outbox SET claimed_until = 0 WHERE claimed_by IS NOT NULL");
    advance({{"advance", "PT1S"}});
    ASSERT_TRUE(WaitFor([&] { return sink.Messages().size() >= kAppeals; }))
        << sink.Messages().size() << " letters";
    advance({{"advance", "PT1H"}});

    // Each appeal escalated once, each registration letter sent once.
    for (const auto& uin : uins) {
        const auto appeal = on_b->Get("/api/v1/appeals/" + Encode(uin));
        ASSERT_EQ(appeal.status, 200) << appeal.body;
        EXPECT_EQ(appeal.Json().at("group").as_string(), "line2") << uin;
        const auto history = on_b->Get("/api/v1/appeals/" + Encode(uin) + "/history");
        ASSERT_EQ(history.status, 200) << history.body;
        int escalations = 0;
        const auto entries = history.Json();
        for (const auto& entry : entries.at("items").as_array()) {
            if (entry.at("action").as_string() == "escalate") ++escalations;
        }
        EXPECT_EQ(escalations, 1) << uin;
    }
    std::map<std::string, int> letters_to;
    for (const auto& letter : sink.Messages()) {
        const auto at = letter.find("X-RcptTo: ");
        ASSERT_NE(at, std::string::npos) << letter;
        ++letters_to[letter.substr(at + 10, letter.find_first_of("\r\n", at) - at - 10)];
    }
    EXPECT_EQ(letters_to.size(), static_cast<std::size_t>(kAppeals));
    for (const auto& [to, letters] : letters_to) EXPECT_EQ(letters, 1) << to;
    EXPECT_EQ(Sql("SELECT count(*) FROM outbox WHERE channel = 'email' AND sent_at IS NULL"), "0");
}

// CH-1, CH-7: both nodes read the same mailbox; one polls it at a time, each letter becomes one
// appeal; when the polling node is killed the other takes the mailbox over and goes on.
TEST_F(Nodes, MailboxIsPolledByOneNodeAndTheOtherTakesOverWhenItIsKilled) {
    if (!fs::exists(mail::kDovecot)) GTEST_SKIP() << "dovecot-imapd is not installed";
    mail::Dovecot dovecot;
    ASSERT_TRUE(dovecot.Start(dir_.path() / "dovecot")) << "dovecot did not start";
    const auto mailbox = dovecot.Mailbox();
    const std::string config =
        "[[mailbox]]\nname = \"portal\"\nurl = \"" + mailbox.url +
        "\"\nuser = \"box\"\npassword = \"secret\"\nregulation = "
        "\"epgu\"\nchannel = \"email\"\npoll_seconds = 1\nstarttls = false\n";
    const auto letter = [](int n) {
        return "From: =?utf-8?B?0JXQu9C10L3QsCDQodC+0LrQvtC70L7QstCw?= <applicant-" +
               std::to_string(n) + "@example.ru>\r\nTo: portal@example.org\r\nSubject: Letter " +
               std::to_string(n) + "\r\nMessage-ID: <nodes-" + std::to_string(n) +
               "@example.ru>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
               "\r\nНе могу подать заявление на портале, вопрос номер " +
               std::to_string(n) + ".\r\n";
    };
    for (int n = 0; n < 4; ++n) dovecot.Deliver(letter(n));
    // The nodes say in their logs, at the info level, which of them polls.
    setenv("OTKLIK_TEST_LOG_LEVEL", "info", 1);
    StartNode("a", config);
    StartNode("b", config);
    const auto registered = [&] {
        return Sql("SELECT count(*) FROM appeals WHERE channel = 'email'");
    };
    ASSERT_TRUE(WaitFor([&] { return registered() == "4"; })) << registered();

    const auto polls = [&](const std::string& node) {
        return ReadFile(Log(node)).find("mail portal: this node polls the mailbox") !=
               std::string::npos;
    };
    ASSERT_TRUE(WaitFor([&] {
        return ReadFile(Log("a")).find("mail portal: another node polls") != std::string::npos ||
               ReadFile(Log("b")).find("mail portal: another node polls") != std::string::npos;
    })) << "no node stands by";
    ASSERT_NE(polls("a"), polls("b")) << "exactly one node polls";
    const std::string leader = polls("a") ? "a" : "b";
    const std::string other = leader == "a" ? "b" : "a";

    nodes_.at(leader)->Kill();
    for (int n = 4; n < 8; ++n) dovecot.Deliver(letter(n));
    ASSERT_TRUE(WaitFor([&] { return registered() == "8"; })) << registered();
    EXPECT_TRUE(polls(other));
    // One appeal and one letter record per Message-ID.
    EXPECT_EQ(Sql("SELECT count(DISTINCT appeal_id) FROM mail_letters"), "8");
    EXPECT_EQ(Sql("SELECT count(*) FROM mail_letters"), "8");
    EXPECT_EQ(Sql("SELECT count(*) FROM mail_letters WHERE outcome = 'registered'"), "8");
    dovecot.Stop();
}

// KB-1, KB-2: an article written through node A is found by the search of node B, a synonym set
// on A widens B's search, and an edit on B reaches A.
TEST_F(Nodes, KnowledgeBaseEditsOfOneNodeAreFoundOnTheOther) {
    Run({"demo", "--store", url_, "--data", (dir_.path() / "demo").string(), "--appeals", "0",
         "--regulations", OTKLIK_SHIPPED_REGULATIONS});
    // The seed bilet regulation is in force in 2020 only.
    const std::vector<std::string> clock = {"--clock", "manual", "--clock-start",
                                            "2020-06-01T07:00:00Z"};
    auto& a = StartNode("a", "", clock);
    auto& b = StartNode("b", "", clock);
    auto admin_a = SignIn(a, "admin", kAdminPassword);
    auto admin_b = SignIn(b, "admin", kAdminPassword);
    WaitListening(*admin_a);
    WaitListening(*admin_b);
    const auto found = [](HttpClient& client, const std::string& query_encoded) {
        const auto response = client.Get("/api/v1/kb/search?q=" + query_encoded);
        std::set<std::int64_t> ids;
        if (response.status != 200) return ids;
        const auto body = response.Json();
        for (const auto& item : body.at("items").as_array()) {
            ids.insert(item.at("id").as_int64());
        }
        return ids;
    };
    const std::string badge = Encode("значок");
    const std::string pin = Encode("пинчик");

    const auto created = admin_a->Post(
        "/api/v1/kb/articles", json::object{{"base", "bilet"},
                                            {"question", "Как получить значок участника"},
                                            {"answer", "Значок выдают на площадке фестиваля."},
                                            {"keywords", json::array{"значок", "фестиваль"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.Json().at("id").as_int64();
    ASSERT_TRUE(WaitFor([&] { return found(*admin_b, badge).contains(id); }))
        << "node B does not find the article written on A";

    const json::object groups{{"groups", json::array{json::array{"значок", "пинчик"}}}};
    const auto synonyms =
        admin_a->Send("PUT", "/api/v1/kb/bases/bilet/synonyms", json::serialize(groups));
    ASSERT_EQ(synonyms.status, 200) << synonyms.body;
    ASSERT_TRUE(WaitFor([&] { return found(*admin_b, pin).contains(id); }))
        << "node B does not use the synonyms set on A";

    const auto hidden =
        admin_b->Send("PATCH", "/api/v1/kb/articles/" + std::to_string(id),
                      json::serialize(json::object{{"version", 1}, {"published", false}}));
    ASSERT_EQ(hidden.status, 200) << hidden.body;
    ASSERT_TRUE(WaitFor([&] { return !found(*admin_a, badge).contains(id); }))
        << "node A still shows the article unpublished on B";
}

// SEC-4: an account's back-off holds on every node: failures through node A count when the
// next attempt comes through node B.
TEST_F(Nodes, FailedLoginsOnOneNodeHoldTheAccountOnTheOther) {
    auto& a = StartNode("a");
    auto& b = StartNode("b");
    auto admin_b = SignIn(b, "admin", kAdminPassword);
    WaitListening(*admin_b);
    HttpClient on_a(a.port());
    for (int attempt = 0; attempt < 5; ++attempt) {
        const auto refused =
            on_a.Post("/api/v1/auth/login",
                      json::object{{"login", "supervisor"},
                                   {"password", "wrong-password-" + std::to_string(attempt)}});
        ASSERT_EQ(refused.status, 401) << refused.body;
    }
    ASSERT_TRUE(WaitFor([&] { return Gauge(*admin_b, "otklik_node_logins_received_total") >= 5; }));
    HttpClient on_b(b.port());
    const auto held =
        on_b.Post("/api/v1/auth/login",
                  json::object{{"login", "supervisor"}, {"password", kSupervisorPassword}});
    EXPECT_EQ(held.status, 429) << held.body;
    EXPECT_NE(held.body.find("login_backoff"), std::string::npos) << held.body;
}

}  // namespace
}  // namespace otklik::testing

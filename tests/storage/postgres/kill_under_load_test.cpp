// Issue 14, deliverable 3 (CH-7, PL-1): registrations with Idempotency-Keys through HAProxy to
// three `otklik serve` nodes on one PostgreSQL 15, one node killed with SIGKILL in the middle of
// the load and restarted on its port. Every appeal the API acknowledged is present and unchanged
// afterwards, a key retried after a failure never registers a second appeal, and the UINs stay
// one gap-free sequence across the nodes.
//
// OTKLIK_LOAD_REQUESTS changes the number of registrations (default 450).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/haproxy_process.hpp"
#include "support/http_client.hpp"
#include "support/postgres_server.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace otklik::testing {
namespace {

namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;

constexpr int kNodes = 3;
constexpr int kClients = 8;
constexpr const char* kPassword = "load-test-secret-1";
// A request is retried with its key until this long after its first attempt.
constexpr auto kRequestDeadline = std::chrono::seconds(30);

int Requests() {
    const char* configured = std::getenv("OTKLIK_LOAD_REQUESTS");
    return configured && *configured ? std::max(10, std::atoi(configured)) : 450;
}

// Distinct applicants and texts: no appeal is taken for a status inquiry about another (TR-8).
json::object Draft(int n) {
    const std::string number = std::to_string(n);
    return json::object{
        {"regulation", "hotline"},
        {"channel", "api"},
        {"subject", "Не формируется отчёт № " + number},
        {"text", "При формировании отчёта № " + number +
                     " появляется ошибка «Превышено время ожидания». Просим помочь."},
        {"category", "ИНЦ"},
        {"priority", "P3"},
        {"applicant", json::object{{"last_name", "Кузнецова"},
                                   {"first_name", "Ольга"},
                                   {"email", "applicant" + number + "@example.ru"},
                                   {"region", "77"}}},
    };
}

std::string Key(int n) { return "load-" + std::to_string(n); }

// What the API answered when it acknowledged request n.
struct Acknowledged {
    bool done = false;
    int status = 0;
    json::object appeal;
    bool replayed = false;  // the answer was a replay of an earlier commit of the same key
    int attempts = 0;
};

// Runs `work(thread, i)` for i in [0, count) on `threads` threads numbered from 0.
void ParallelFor(int count, int threads, const std::function<void(int, int)>& work) {
    std::atomic<int> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = next++; i < count; i = next++) work(t, i);
        });
    }
    for (auto& thread : pool) thread.join();
}

// The fields of the acknowledged answer that the card now shows differently, each with both
// values; empty when none does. The card adds `links`, which later appeals extend (triage
// relates them), so only the acknowledged fields are compared.
std::string ChangedFields(const json::object& acknowledged, const json::object& now) {
    std::string changed;
    const auto describe = [](const json::object& card, std::string_view key) {
        const auto* value = card.if_contains(key);
        return value ? json::serialize(*value) : std::string("(absent)");
    };
    for (const auto& field : acknowledged) {
        const std::string key(field.key());
        if (describe(acknowledged, key) == describe(now, key)) continue;
        changed += key + ": " + describe(acknowledged, key) + " → " + describe(now, key) + "; ";
    }
    return changed;
}

// The numbers of the UINs `ББ-2026-000123` → 123, per prefix and year.
std::string UinSequenceCheck() {
    return "SELECT count(*), count(DISTINCT uin), min(n), max(n) FROM ("
           "SELECT uin, substring(uin from '([0-9]+)$')::bigint AS n FROM appeals) numbered";
}

class Cluster {
public:
    explicit Cluster(const std::string& url) : url_(url) {
        for (int i = 0; i < kNodes; ++i) {
            nodes_.push_back({"node" + std::to_string(i + 1), FreeLoopbackPort()});
            std::filesystem::create_directories(Data(i));
            Start(i);
        }
        proxy_ = std::make_unique<HaproxyProcess>(folder_.path().string(), nodes_);
    }

    void Start(int i) {
        processes_.resize(kNodes);
        processes_[static_cast<std::size_t>(i)] = std::make_unique<ServerProcess>(
            Data(i),
            std::vector<std::string>{"--store", url_, "--listen",
                                     "127.0.0.1:" + std::to_string(Node(i).port)},
            folder_.File(Node(i).name + ".log"));
    }
    void Kill(int i) { processes_[static_cast<std::size_t>(i)]->Kill(); }

    const HaproxyProcess::Node& Node(int i) const { return nodes_[static_cast<std::size_t>(i)]; }
    HaproxyProcess& proxy() { return *proxy_; }

private:
    std::string Data(int i) const { return folder_.File("data-" + std::to_string(i + 1)); }

    std::string url_;
    TempDir folder_;
    std::vector<HaproxyProcess::Node> nodes_;
    std::vector<std::unique_ptr<ServerProcess>> processes_;
    std::unique_ptr<HaproxyProcess> proxy_;
};

class KillUnderLoad : public ::testing::Test {
protected:
    void SetUp() override {
        if (HaproxyProcess::Binary().empty()) {
            GTEST_FAIL() << "no HAProxy: install haproxy (scripts/install-deps)";
        }
        url_ = SharedPostgresServer().FreshDatabase("otklik_load");
        std::string output;
        ASSERT_EQ(RunOtklik({"migrate", "--store", url_}, "", output), 0) << output;
        ASSERT_EQ(RunOtklik({"user", "add", "loader", "--role", "supervisor", "--password-stdin",
                             "--store", url_},
                            std::string(kPassword) + "\n", output),
                  0)
            << output;
    }
    void TearDown() override {
        if (!url_.empty()) SharedPostgresServer().DropDatabase(url_);
    }

    static std::string Login(unsigned short port) {
        HttpClient client(port);
        const auto response = client.Post(
            "/api/v1/auth/login", json::object{{"login", "loader"}, {"password", kPassword}});
        EXPECT_EQ(response.status, 200) << response.body;
        return response.status == 200 ? std::string(response.Json().at("token").as_string())
                                      : std::string();
    }

    std::string url_;
};

TEST_F(KillUnderLoad, NodeKilledMidLoadLosesNoAcknowledgedAppealAndRegistersNoneTwice) {
    const int requests = Requests();
    Cluster cluster(url_);
    const auto start_deadline = SteadyClock::now() + std::chrono::seconds(15);
    for (int i = 0; i < kNodes; ++i) {
        ASSERT_TRUE(cluster.proxy().WaitForNode(cluster.Node(i).name, true, start_deadline))
            << cluster.Node(i).name << " never came up behind the proxy\n"
            << cluster.proxy().config();
    }
    const std::string token = Login(cluster.proxy().port());
    ASSERT_FALSE(token.empty());

    std::vector<Acknowledged> acks(static_cast<std::size_t>(requests));
    std::atomic<int> retried{0};
    std::mutex mutex;
    std::condition_variable progress;
    int acknowledged = 0;  // guarded by mutex

    // Each client sends its next registration as soon as the last one is answered, and retries
    // it with the same key after a connection failure or a 5xx until its deadline.
    std::vector<std::unique_ptr<HttpClient>> clients(kClients);
    std::thread load([&] {
        ParallelFor(requests, kClients, [&](int thread, int n) {
            auto& client = clients[static_cast<std::size_t>(thread)];
            const std::string body = json::serialize(Draft(n));
            const auto deadline = SteadyClock::now() + kRequestDeadline;
            auto& ack = acks[static_cast<std::size_t>(n)];
            while (SteadyClock::now() < deadline) {
                ++ack.attempts;
                if (ack.attempts > 1) ++retried;
                if (!client) {
                    client = std::make_unique<HttpClient>(cluster.proxy().port());
                    client->SetToken(token);
                }
                HttpResponse response;
                try {
                    response = client->Send("POST", "/api/v1/appeals", body,
                                            {{"Idempotency-Key", Key(n)}});
                } catch (const std::exception&) {
                    client.reset();
                    continue;
                }
                if (response.status >= 500) continue;
                ack.status = response.status;
                if (response.status == 201) {
                    ack.appeal = response.Json().as_object();
                    ack.replayed = response.Header("idempotent-replayed") == "true";
                    ack.done = true;
                }
                break;
            }
            {
                std::lock_guard lock(mutex);
                if (ack.done) ++acknowledged;
            }
            progress.notify_all();
        });
    });

    // The kill falls in the middle of the load: after half the registrations were acknowledged.
    int acknowledged_at_kill = 0;
    {
        std::unique_lock lock(mutex);
        const bool halfway =
            progress.wait_until(lock, SteadyClock::now() + std::chrono::seconds(40),
                                [&] { return acknowledged >= requests / 2; });
        acknowledged_at_kill = acknowledged;
        EXPECT_TRUE(halfway) << "only " << acknowledged << " of " << requests
                             << " acknowledged before the deadline";
    }
    cluster.Kill(0);
    cluster.Start(0);  // same port, same store: back when it prints that it listens
    const bool back = cluster.proxy().WaitForNode(cluster.Node(0).name, true,
                                                  SteadyClock::now() + std::chrono::seconds(15));
    load.join();
    EXPECT_TRUE(back) << "the restarted node never came back behind the proxy";

    // Present and unchanged: each acknowledged appeal read again, from every node in turn
    // (the restarted one included), equals what was acknowledged.
    std::vector<std::string> tokens;
    for (int i = 0; i < kNodes; ++i) tokens.push_back(Login(cluster.Node(i).port));
    std::atomic<int> present{0};
    std::atomic<int> unchanged{0};
    std::atomic<int> same_on_replay{0};
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    const auto fail = [&](std::string what) {
        std::lock_guard lock(failures_mutex);
        if (failures.size() < 5) failures.push_back(std::move(what));
    };
    ParallelFor(requests, kClients, [&](int, int n) {
        const auto& ack = acks[static_cast<std::size_t>(n)];
        if (!ack.done) return;
        const std::string uin(ack.appeal.at("uin").as_string());
        const int node = n % kNodes;
        HttpClient reader(cluster.Node(node).port);
        reader.SetToken(tokens[static_cast<std::size_t>(node)]);
        const auto now = reader.Get("/api/v1/appeals/" + Encode(uin));
        if (now.status == 200) {
            ++present;
            const auto changed = ChangedFields(ack.appeal, now.Json().as_object());
            if (changed.empty()) {
                ++unchanged;
            } else {
                fail(uin + " changed: " + changed);
            }
        } else {
            fail(uin + " answered " + std::to_string(now.status) + ": " + now.body);
        }
        // The same key again through the proxy: the same appeal, marked as a replay.
        HttpClient again(cluster.proxy().port());
        again.SetToken(token);
        const auto replay = again.Send("POST", "/api/v1/appeals", json::serialize(Draft(n)),
                                       {{"Idempotency-Key", Key(n)}});
        if (replay.status == 201 && replay.Header("idempotent-replayed") == "true" &&
            replay.Json().at("uin").as_string() == uin) {
            ++same_on_replay;
        } else {
            fail(Key(n) + " replayed as " + std::to_string(replay.status) + ": " + replay.body);
        }
    });

    int total_acknowledged = 0;
    int replayed = 0;
    for (const auto& ack : acks) {
        total_acknowledged += ack.done ? 1 : 0;
        replayed += ack.replayed ? 1 : 0;
    }
    const int appeals = std::stoi(Psql(url_, "SELECT count(*) FROM appeals"));
    const int keys = std::stoi(Psql(url_, "SELECT count(*) FROM idempotency_keys"));
    const int duplicated = appeals - keys;
    // Requests the proxy itself sent again (to another node) when node1 died under them.
    const long proxy_resent =
        cluster.proxy().Stat("BACKEND", "wretr") + cluster.proxy().Stat("BACKEND", "wredis");
    std::printf(
        "kill under load: %d requests, node1 killed after %d acknowledged; acknowledged %d, "
        "present %d, unchanged %d, duplicated %d, retried %d (by the proxy %ld), replayed %d, "
        "same on replay %d\n",
        requests, acknowledged_at_kill, total_acknowledged, present.load(), unchanged.load(),
        duplicated, retried.load(), proxy_resent, replayed, same_on_replay.load());
    for (const auto& failure : failures) ADD_FAILURE() << failure;

    EXPECT_EQ(total_acknowledged, requests) << "a registration failed for good";
    EXPECT_EQ(present.load(), total_acknowledged);
    EXPECT_EQ(unchanged.load(), total_acknowledged);
    EXPECT_EQ(same_on_replay.load(), total_acknowledged);
    EXPECT_EQ(appeals, requests);
    EXPECT_EQ(keys, requests);
    EXPECT_EQ(duplicated, 0);
    // One gap-free sequence: as many distinct UINs as appeals, numbered 1..N.
    EXPECT_EQ(Psql(url_, UinSequenceCheck()), std::to_string(requests) + "|" +
                                                  std::to_string(requests) + "|1|" +
                                                  std::to_string(requests));
}

}  // namespace
}  // namespace otklik::testing

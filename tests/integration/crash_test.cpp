// Every write the API acknowledged survives a crash (kill -9): clients register appeals
// concurrently, the server is killed mid-stream, and after a restart every appeal that got a
// 2xx answer is there, unchanged.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "integration/fixture.hpp"

using namespace otklik::testing;

namespace {

struct Acknowledged {
    std::string uin;
    std::string text;
    std::int64_t version;
};

}  // namespace

TEST_F(ServerTest, AcknowledgedAppealsSurviveSigkill) {
    constexpr int kClients = 8;
    constexpr int kKillAfter = 300;  // acknowledged writes before the crash
    const std::string token = Login(*op_, "operator", kOperatorPassword);

    std::mutex mutex;
    std::condition_variable enough;
    std::vector<Acknowledged> acknowledged;  // guarded by mutex
    std::atomic<bool> crashed{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            HttpClient client(server_->port());
            client.SetToken(token);
            for (int i = 0; !crashed.load(); ++i) {
                auto body = ValidAppeal();
                const std::string text =
                    "Обращение клиента " + std::to_string(c) + " № " + std::to_string(i);
                body["text"] = text;
                HttpResponse response;
                try {
                    response = client.Post("/api/v1/appeals", body,
                                           {{"Idempotency-Key", "crash-" + std::to_string(c) + "-" +
                                                                    std::to_string(i)}});
                } catch (const std::exception&) {
                    return;  // the server is gone: this request was never acknowledged
                }
                if (response.status != 201) continue;
                const auto json = response.Json();
                std::lock_guard lock(mutex);
                acknowledged.push_back(
                    {std::string(json.at("uin").as_string()), text, json.at("version").as_int64()});
                if (acknowledged.size() >= kKillAfter) enough.notify_one();
            }
        });
    }
    {
        std::unique_lock lock(mutex);
        enough.wait(lock, [&] { return acknowledged.size() >= kKillAfter; });
    }
    // Kill while the clients are still sending: some requests are in flight right now.
    server_->Kill();
    crashed = true;
    for (auto& client : clients) client.join();

    Restart();
    std::lock_guard lock(mutex);
    ASSERT_GE(acknowledged.size(), static_cast<std::size_t>(kKillAfter));
    for (const auto& ack : acknowledged) {
        const auto fetched = op_->Get("/api/v1/appeals/" + Encode(ack.uin));
        ASSERT_EQ(fetched.status, 200) << ack.uin << " was acknowledged but is lost";
        EXPECT_EQ(fetched.Json().at("text").as_string(), ack.text);
        EXPECT_EQ(fetched.Json().at("version").as_int64(), ack.version);
    }
}

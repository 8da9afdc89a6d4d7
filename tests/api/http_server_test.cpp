// Issue 18: the listener answers short reads on the I/O thread that read them. A queue page then
// costs no hand-off to a worker and back, and does not wait behind workers that are all waiting
// for a group commit.
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "support/http_client.hpp"
#include <gtest/gtest.h>

#include "api/api.hpp"
#include "api/server.hpp"

using namespace otklik;

namespace {

api::Request Get(std::string path, std::string query_name = "") {
    api::Request request;
    request.method = "GET";
    request.path = std::move(path);
    if (!query_name.empty()) request.query.emplace(std::move(query_name), "x");
    return request;
}

}  // namespace

TEST(HttpServerTest, AShortReadIsAnsweredWhileTheOnlyWorkerIsHeld) {
    std::promise<void> held;
    std::promise<void> release;
    const std::shared_future<void> released = release.get_future().share();
    api::ServerOptions options;
    options.port = 0;
    options.io_threads = 1;
    options.worker_threads = 1;
    options.answers_on_io_thread = [](const api::Request& request) {
        return request.path == "/short";
    };
    api::HttpServer server(options, [&](api::Request& request) {
        if (request.path == "/held") {
            held.set_value();
            released.wait();
        }
        api::Response response;
        response.body = request.path;
        return response;
    });
    const unsigned short port = server.Start();

    auto held_answer = std::async(std::launch::async, [port] {
        otklik::testing::HttpClient client(port);
        return client.Get("/held").body;
    });
    held.get_future().wait();  // the pool's only worker now waits
    auto short_answer = std::async(std::launch::async, [port] {
        otklik::testing::HttpClient client(port);
        return client.Get("/short").body;
    });
    // A deadline for a failure, not a timing: through the worker it would never come.
    const bool answered =
        short_answer.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
    release.set_value();
    EXPECT_EQ(held_answer.get(), "/held");
    ASSERT_TRUE(answered) << "the short read waited for the held worker";
    EXPECT_EQ(short_answer.get(), "/short");
    server.Stop();
}

TEST(HttpServerTest, OnlyProbesAndThePlainAppealListAreShortReads) {
    EXPECT_TRUE(api::Api::IsShortRead(Get("/healthz")));
    EXPECT_TRUE(api::Api::IsShortRead(Get("/readyz")));
    EXPECT_TRUE(api::Api::IsShortRead(Get("/api/v1/appeals", "group")));
    // Full-text search runs Xapian; an exact count may read many rows.
    EXPECT_FALSE(api::Api::IsShortRead(Get("/api/v1/appeals", "q")));
    EXPECT_FALSE(api::Api::IsShortRead(Get("/api/v1/appeals", "count")));
    // Writes wait for the group commit.
    auto create = Get("/api/v1/appeals");
    create.method = "POST";
    EXPECT_FALSE(api::Api::IsShortRead(create));
    EXPECT_FALSE(api::Api::IsShortRead(Get("/api/v1/appeals/ГЛ-2026-000001")));
    EXPECT_FALSE(api::Api::IsShortRead(Get("/metrics")));
}

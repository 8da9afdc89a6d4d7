// The PostgreSQL writer's round trips (issue 14, registration rate within 2x of SQLite): libpq
// pipeline mode in storage::postgres::Connection, and a registration's claim, row and links
// sent together. Failures must still land where they did before: the first failed statement is
// thrown, the transaction is aborted, the connection is usable afterwards.
#include <atomic>
#include <set>
#include <thread>

#include "support/postgres_server.hpp"
#include <gtest/gtest.h>

#include "core/basic_workflow.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/pg_store.hpp"

using namespace otklik;
using namespace otklik::core;
using storage::postgres::Connection;
using storage::postgres::Params;
using storage::postgres::PgError;
using storage::postgres::PgStore;

namespace {

Instant At(const char* text) { return *ParseInstant(text); }

NewAppeal MakeRequest(const std::string& text) {
    NewAppeal request;
    request.appeal.regulation = "hotline";
    request.appeal.channel = "api";
    request.appeal.text = text;
    request.appeal.group = "line1";
    request.appeal.applicant.last_name = "Смирнова";
    request.appeal.applicant.region = "77";
    request.appeal.created_at = At("2026-03-02T07:00:00Z");
    request.appeal.updated_at = request.appeal.created_at;
    request.uin_prefix = "ГЛ";
    request.uin_year = 2026;
    request.entry.at = request.appeal.created_at;
    request.entry.actor = "operator";
    request.entry.action = "register";
    return request;
}

class PgPipeline : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = otklik::testing::SharedPostgresServer().FreshDatabase("otklik_pg_pipeline");
        Connection setup(url_);
        setup.Exec("CREATE TABLE t (n integer PRIMARY KEY)");
    }
    void TearDown() override { otklik::testing::SharedPostgresServer().DropDatabase(url_); }

    std::string url_;
};

TEST_F(PgPipeline, SentStatementsRunInOrderAndTheirRowsAreTaken) {
    Connection c(url_);
    c.Exec("BEGIN");
    const auto first = c.Send("INSERT INTO t VALUES ($1) RETURNING n * 10", Params().Add(1));
    const auto second = c.Send("INSERT INTO t VALUES ($1) RETURNING n * 10", Params().Add(2));
    // A Query after them sees what they did, in the same round trip.
    EXPECT_EQ(c.Query("SELECT count(*) FROM t").Int(0, 0), 2);
    EXPECT_EQ(c.Take(second).Int(0, 0), 20);
    EXPECT_EQ(c.Take(first).Int(0, 0), 10);
    EXPECT_THROW(c.Take(first), std::logic_error);
    c.Exec("COMMIT");
    EXPECT_TRUE(c.Idle());
    EXPECT_EQ(c.Query("SELECT sum(n) FROM t").Int(0, 0), 3);
}

TEST_F(PgPipeline, AFailedSentStatementIsThrownAtTheNextQueryAndAbortsTheTransaction) {
    Connection c(url_);
    c.Exec("BEGIN");
    c.Send("INSERT INTO t VALUES ($1)", Params().Add(1));
    c.Send("INSERT INTO t VALUES ($1)", Params().Add(1));  // duplicate key
    // Prepared for the first time inside the pipeline, after the failure: never prepared.
    c.Send("INSERT INTO t SELECT $1::integer + 100", Params().Add(2));
    try {
        c.Query("SELECT 1");
        FAIL() << "the duplicate key was not reported";
    } catch (const PgError& e) {
        EXPECT_EQ(e.sqlstate(), "23505");
        EXPECT_FALSE(e.connection_lost());
    }
    c.Exec("ROLLBACK");
    // The connection goes on; the statement whose preparation was skipped is prepared again.
    c.Exec("BEGIN");
    c.Send("INSERT INTO t SELECT $1::integer + 100", Params().Add(2));
    c.Exec("COMMIT");
    EXPECT_EQ(c.Query("SELECT array_agg(n ORDER BY n)::text FROM t").Text(0, 0), "{102}");
}

TEST_F(PgPipeline, WaitThrowsTheFailureAndLeavesTheConnectionIdle) {
    Connection c(url_);
    c.Exec("BEGIN");
    c.Send("SELECT 1 / $1::integer", Params().Add(0));
    EXPECT_FALSE(c.Idle());
    EXPECT_THROW(c.Wait(), PgError);
    c.Exec("ROLLBACK");
    EXPECT_TRUE(c.Idle());
    EXPECT_TRUE(c.Healthy());
}

TEST_F(PgPipeline, ConcurrentRegistrationsKeepLinksInOrderAndSkipVanishedTargets) {
    ASSERT_EQ(storage::postgres::MigrateDatabase(url_),
              static_cast<int>(storage::postgres::Migrations().size()));
    PgStore store({url_, 4, 64});
    const auto original = store.Appeals().Register(MakeRequest("исходное"));
    const auto related = store.Appeals().Register(MakeRequest("связанное"));
    ASSERT_TRUE(original && related);
    constexpr int kThreads = 8;
    constexpr int kEach = 10;
    std::atomic<int> failures{0};
    std::vector<std::int64_t> ids(kThreads * kEach);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                auto request = MakeRequest("повторное " + std::to_string(t * kEach + i));
                // The order triage gave; the middle one was never registered.
                request.links = {{related->appeal.uin, LinkType::kRelated},
                                 {"ГЛ-2026-999999", LinkType::kRelated},
                                 {original->appeal.uin, LinkType::kDuplicateOf}};
                auto registered = store.Appeals().Register(request);
                if (!registered) {
                    ++failures;
                    continue;
                }
                ids[static_cast<std::size_t>(t * kEach + i)] = registered->appeal.id;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_EQ(failures.load(), 0);
    for (const auto id : ids) {
        const auto links = store.Appeals().Links(id);
        ASSERT_TRUE(links);
        ASSERT_EQ(links->size(), 2u) << "appeal " << id;
        EXPECT_EQ((*links)[0].to_uin, related->appeal.uin);
        EXPECT_EQ((*links)[0].type, LinkType::kRelated);
        EXPECT_EQ((*links)[1].to_uin, original->appeal.uin);
        EXPECT_EQ((*links)[1].type, LinkType::kDuplicateOf);
    }
    // Batched: fewer commits than registrations, and the numbers gap-free.
    EXPECT_LT(store.database().commits(), store.database().units());
    Connection check(url_);
    EXPECT_EQ(check.Query("SELECT count(DISTINCT uin) || ' ' || max(uin) FROM appeals").Text(0, 0),
              "82 ГЛ-2026-000082");
}

TEST_F(PgPipeline, OneKeyTwiceInOneBatchRegistersOnce) {
    ASSERT_EQ(storage::postgres::MigrateDatabase(url_),
              static_cast<int>(storage::postgres::Migrations().size()));
    PgStore store({url_, 4, 64});
    constexpr int kThreads = 16;
    std::vector<std::string> uins(kThreads);
    std::vector<bool> replayed(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            auto request = MakeRequest("один ключ");
            request.idempotency_key = "same-key";
            request.idempotency_fingerprint = "same-body";
            auto registered = store.Appeals().Register(request);
            if (registered) {
                uins[static_cast<std::size_t>(t)] = registered->appeal.uin;
                replayed[static_cast<std::size_t>(t)] = registered->replayed;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(std::set<std::string>(uins.begin(), uins.end()),
              std::set<std::string>{"ГЛ-2026-000001"});
    EXPECT_EQ(std::count(replayed.begin(), replayed.end(), false), 1);
    Connection check(url_);
    EXPECT_EQ(check.Query("SELECT count(*) FROM appeals").Int(0, 0), 1);
}

}  // namespace

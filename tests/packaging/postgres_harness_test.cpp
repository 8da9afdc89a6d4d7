// The PostgreSQL the shared-store tests start (tests/support/postgres-server): a real server,
// reachable at the URL it gives, with fresh databases on demand, gone when the test ends.
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/postgres_server.hpp"
#include <gtest/gtest.h>

namespace otklik::testing {
namespace {

TEST(PostgresHarness, StartsAServerThatAnswersAtItsUrl) {
    PostgresServer server;
    EXPECT_TRUE(server.url().starts_with("postgresql://")) << server.url();
    EXPECT_EQ(Psql(server.url(), "SELECT 1"), "1");
    // PostgreSQL 15 or later, with the Russian text search the appeal search may use.
    EXPECT_GE(std::stoi(Psql(server.url(), "SHOW server_version_num")), 150000);
    EXPECT_EQ(Psql(server.url(),
                   "SELECT to_tsvector('russian', 'обращения') @@ plainto_tsquery('russian', "
                   "'обращение')"),
              "t");
}

TEST(PostgresHarness, GivesEachTestItsOwnDatabase) {
    auto& server = SharedPostgresServer();
    const auto first = server.FreshDatabase();
    const auto second = server.FreshDatabase();
    ASSERT_NE(first, second);
    Psql(first, "CREATE TABLE marker (id int)");
    EXPECT_EQ(Psql(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"), "0");
    server.DropDatabase(first);
    server.DropDatabase(second);
    EXPECT_THROW(Psql(first, "SELECT 1"), std::runtime_error);
}

TEST(PostgresHarness, StopsTheServerAndRemovesItsFolder) {
    if (std::getenv("OTKLIK_TEST_PG_URL")) GTEST_SKIP() << "an external server is not stopped";
    std::string url;
    std::filesystem::path folder;
    {
        PostgresServer server;
        url = server.url();
        folder = Psql(url, "SHOW unix_socket_directories");
        ASSERT_TRUE(std::filesystem::exists(folder)) << folder;
    }
    EXPECT_FALSE(std::filesystem::exists(folder.parent_path())) << folder;
    EXPECT_THROW(Psql(url, "SELECT 1"), std::runtime_error);
}

}  // namespace
}  // namespace otklik::testing

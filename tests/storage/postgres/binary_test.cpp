// The real otklik binary on PostgreSQL (issue 14): `migrate`, `user`, `demo` and `serve` with
// `--store URL` against the harness's server; what one node writes is read back after a restart,
// and backup / restore refuse a PostgreSQL store pointing at pg_dump.
#include "support/http_client.hpp"
#include "support/postgres_server.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace otklik::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPassword = "operator-secret-1";

class PostgresBinary : public ::testing::Test {
protected:
    void SetUp() override { url_ = SharedPostgresServer().FreshDatabase("otklik_binary"); }
    void TearDown() override { SharedPostgresServer().DropDatabase(url_); }

    std::string Run(const std::vector<std::string>& args, const std::string& input = "",
                    int expected = 0) {
        std::string output;
        EXPECT_EQ(RunOtklik(args, input, output), expected) << output;
        return output;
    }

    static std::string Login(HttpClient& client) {
        const auto response = client.Post(
            "/api/v1/auth/login", json::object{{"login", "operator"}, {"password", kPassword}});
        EXPECT_EQ(response.status, 200) << response.body;
        return std::string(response.Json().at("token").as_string());
    }

    std::string url_;
    TempDir files_;  // --data still holds attachments
};

TEST_F(PostgresBinary, MigrateServeRegisterRestartAndReadAgain) {
    // 1: the schema of the embedded store; 2: knowledge-base changes notify the other nodes;
    // 3: full-text search over appeals (issue 16); 4: its document computed once per appeal;
    // 5: appeals by the applicant's e-mail; 6: the letters of an appeal by its index; 7: appeals
    // of a region by their deadlines; 8: the intake form of a call in progress.
    EXPECT_EQ(Run({"migrate", "--store", url_}), "migrations applied: 8\n");
    EXPECT_EQ(Run({"migrate", "--store", url_}), "migrations applied: 0\n");
    Run({"user", "add", "operator", "--role", "operator", "--group", "line1", "--password-stdin",
         "--store", url_},
        std::string(kPassword) + "\n");

    const std::vector<std::string> store = {"--store", url_};
    std::string uin;
    const std::string text = "Не приходит уведомление о записи на приём (PostgreSQL)";
    {
        ServerProcess server(files_.path().string(), store);
        HttpClient client(server.port());
        client.SetToken(Login(client));
        json::object body{
            {"regulation", "hotline"},
            {"channel", "api"},
            {"subject", "Уведомление"},
            {"text", text},
            {"category", "ИНЦ"},
            {"priority", "P2"},
            {"applicant",
             json::object{
                 {"last_name", "Соколова"}, {"email", "sokolova@example.ru"}, {"region", "77"}}},
        };
        const auto created = client.Post("/api/v1/appeals", body, {{"Idempotency-Key", "pg-1"}});
        ASSERT_EQ(created.status, 201) << created.body;
        uin = std::string(created.Json().at("uin").as_string());
        const auto again = client.Post("/api/v1/appeals", body, {{"Idempotency-Key", "pg-1"}});
        EXPECT_EQ(std::string(again.Json().at("uin").as_string()), uin) << again.body;
        const auto fetched = client.Get("/api/v1/appeals/" + Encode(uin));
        ASSERT_EQ(fetched.status, 200) << fetched.body;
        EXPECT_EQ(fetched.Json().at("text").as_string(), text);
        EXPECT_EQ(server.Stop(), 0);
    }
    // The SQLite file in --data was never created: the appeal lives in PostgreSQL only.
    EXPECT_FALSE(std::filesystem::exists(files_.path() / "otklik.db"));
    EXPECT_EQ(Psql(url_, "SELECT count(*) FROM appeals"), "1");

    ServerProcess restarted(files_.path().string(), store);
    HttpClient client(restarted.port());
    client.SetToken(Login(client));
    const auto fetched = client.Get("/api/v1/appeals/" + Encode(uin));
    ASSERT_EQ(fetched.status, 200) << fetched.body;
    EXPECT_EQ(fetched.Json().at("text").as_string(), text);
    const auto list = client.Get("/api/v1/appeals");
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_NE(list.body.find(uin), std::string::npos);
}

TEST_F(PostgresBinary, DemoAndPasswdWorkOnTheSharedStore) {
    const std::vector<std::string> demo_args = {
        "demo", "--appeals", "20", "--regulations", OTKLIK_SHIPPED_REGULATIONS, "--store", url_};
    const std::string demo = Run(demo_args);
    EXPECT_NE(demo.find("demo data loaded: 20 appeals"), std::string::npos) << demo;
    EXPECT_EQ(Psql(url_, "SELECT count(*) FROM appeals"), "20");
    EXPECT_NE(Psql(url_, "SELECT count(*) FROM kb_articles"), "0");
    EXPECT_NE(Run(demo_args).find("already present"), std::string::npos);
    Run({"user", "add", "pg-operator", "--role", "operator", "--password-stdin", "--store", url_},
        std::string(kPassword) + "\n");
    Run({"user", "passwd", "pg-operator", "--password-stdin", "--store", url_},
        "brand-new-secret-2\n");
    EXPECT_EQ(Psql(url_, "SELECT count(*) FROM credentials"), "0");
}

TEST_F(PostgresBinary, BackupAndRestoreNamePgDump) {
    const std::string file = files_.File("backup.db");
    EXPECT_NE(Run({"backup", file, "--store", url_}, "", 1).find("pg_dump"), std::string::npos);
    std::string output;
    EXPECT_EQ(RunOtklik({"restore", "/dev/null", "--store", url_}, "", output), 1);
    EXPECT_NE(output.find("pg_dump"), std::string::npos) << output;
    EXPECT_NE(Run({"migrate", "--store", "mysql://x"}, "", 1).find("postgresql://"),
              std::string::npos);
}

}  // namespace
}  // namespace otklik::testing

// The otklik command: migrate, user passwd, backup and restore, routes.
#include "integration/fixture.hpp"

using namespace otklik::testing;

TEST(Cli, MigrateReportsAppliedMigrationsThenNothing) {
    TempDir dir;
    std::string output;
    ASSERT_EQ(RunOtklik({"migrate", "--data", dir.path().string()}, "", output), 0);
    EXPECT_NE(output.find("migrations applied: "), std::string::npos) << output;
    EXPECT_EQ(output.find("migrations applied: 0"), std::string::npos) << output;
    ASSERT_EQ(RunOtklik({"migrate", "--data", dir.path().string()}, "", output), 0);
    EXPECT_NE(output.find("migrations applied: 0"), std::string::npos) << output;
}

TEST(Cli, UserAddRefusesUnknownRolesAndWeakPasswords) {
    TempDir dir;
    std::string output;
    EXPECT_EQ(RunOtklik({"user", "add", "x", "--role", "king", "--password-stdin", "--data",
                         dir.path().string()},
                        "long-enough\n", output),
              2);
    EXPECT_EQ(RunOtklik({"user", "add", "x", "--role", "operator", "--password-stdin", "--data",
                         dir.path().string()},
                        "short\n", output),
              2);
}

TEST_F(ServerTest, PasswdChangesThePasswordAndEndsSessions) {
    std::string output;
    ASSERT_EQ(RunOtklik({"user", "passwd", "operator", "--password-stdin", "--data",
                         dir_.path().string()},
                        "brand-new-secret\n", output),
              0);
    EXPECT_EQ(op_->Get("/api/v1/appeals").status, 401);
    HttpClient client(server_->port());
    client.SetToken(Login(client, "operator", "brand-new-secret"));
    EXPECT_EQ(client.Get("/api/v1/appeals").status, 200);
}

// PL-3: online backup while the server runs, restore into a fresh folder.
TEST_F(ServerTest, BackupWhileServingAndRestoreElsewhere) {
    const auto created = Create();
    const std::string backup = dir_.File("backup.db");
    std::string output;
    ASSERT_EQ(RunOtklik({"backup", backup, "--data", dir_.path().string()}, "", output), 0)
        << output;
    TempDir other;
    ASSERT_EQ(RunOtklik({"restore", backup, "--data", other.path().string()}, "", output), 0)
        << output;
    ServerProcess restored(other.path().string());
    HttpClient client(restored.port());
    client.SetToken(Login(client, "operator", kOperatorPassword));
    const auto fetched = client.Get("/api/v1/appeals/" + Encode(Uin(created)));
    ASSERT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.Json().at("text"), created.at("text"));
}

TEST(Cli, ConfigFileWithAnUnknownKeyIsRefusedNamingTheLine) {
    TempDir dir;
    const std::string config = dir.File("otklik.toml");
    FILE* file = std::fopen(config.c_str(), "w");
    std::fputs("listen = \"127.0.0.1:0\"\n\nlisten_port = 8080\n", file);
    std::fclose(file);
    std::string output;
    EXPECT_EQ(RunOtklik({"serve", "--config", config, "--data", dir.path().string()}, "", output),
              1);
    EXPECT_NE(output.find("otklik.toml:3: unknown key 'listen_port'"), std::string::npos) << output;
}

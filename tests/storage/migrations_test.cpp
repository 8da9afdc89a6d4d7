#include "storage/sqlite/migrations.hpp"

#include "support/temp_dir.hpp"
#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.hpp"

using namespace otklik::storage::sqlite;

TEST(Migrations, BringAnEmptyFileToTheLatestSchema) {
    otklik::testing::TempDir dir;
    Connection connection(dir.File("otklik.db"));
    EXPECT_EQ(SchemaVersion(connection), 0);
    EXPECT_EQ(Migrate(connection), static_cast<int>(Migrations().size()));
    EXPECT_EQ(SchemaVersion(connection), Migrations().back().version);
    EXPECT_EQ(Migrate(connection), 0) << "a second run has nothing to do";
}

TEST(Migrations, UpgradeAnOlderSchemaKeepingItsDataAndBackfillingCounters) {
    otklik::testing::TempDir dir;
    const std::string path = dir.File("otklik.db");
    {
        Connection connection(path);
        ASSERT_EQ(Migrate(connection, 1), 1);
        // A v1 file with two open appeals of the same group, as an older release wrote it.
        connection.Exec(
            "INSERT INTO appeals (uin, regulation, regulation_version, channel, status, grp, "
            "is_open, due_at, created_at, updated_at, version, doc) VALUES "
            "('ГЛ-2025-000001', 'hotline', 1, 'phone', 'assigned', 'line1', 1, 10, 1, 1, 1, "
            "'{\"text\":\"старое обращение\"}'),"
            "('ГЛ-2025-000002', 'hotline', 1, 'phone', 'assigned', 'line1', 1, 20, 2, 2, 1, "
            "'{\"text\":\"ещё одно\"}')");
    }
    EXPECT_EQ(MigrateDatabase(path), static_cast<int>(Migrations().size()) - 1);
    SqliteStore store({path, 1});
    const auto old = store.Appeals().FindByUin("ГЛ-2025-000001");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->text, "старое обращение");
    const auto counts = store.Appeals().QueueCounts(otklik::core::AppealScope::All()).value();
    ASSERT_EQ(counts.size(), 1u);
    EXPECT_EQ(counts[0].group, "line1");
    EXPECT_EQ(counts[0].count, 2);
}

TEST(Migrations, ApplyAnEarlierVersionThatLandedAfterALaterOne) {
    otklik::testing::TempDir dir;
    Connection connection(dir.File("otklik.db"));
    Migrate(connection);
    // As if the file had been migrated without version 2 (it landed on another branch later).
    connection.Exec(
        "DROP TABLE queue_counters; DROP TABLE pd_access_log;"
        "DELETE FROM schema_migrations WHERE version = 2");
    EXPECT_EQ(Migrate(connection), 1);
    connection.Exec("SELECT COUNT(*) FROM queue_counters");
}

TEST(Migrations, RefuseAFileFromANewerProgram) {
    otklik::testing::TempDir dir;
    Connection connection(dir.File("otklik.db"));
    Migrate(connection);
    connection.Exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)");
    EXPECT_THROW(Migrate(connection), SqliteError);
}

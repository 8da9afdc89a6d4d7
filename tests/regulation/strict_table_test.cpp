// One strict TOML table reader for the regulation files and the server configuration: unknown
// keys and values of the wrong type are refused with their line, in the file's own words.
#include "regulation/strict_table.hpp"

#include <string>

#include <gtest/gtest.h>

namespace otklik::regulation {
namespace {

toml::table Parse(const char* text) {
    return toml::parse(std::string_view(text), std::string("test.toml"));
}

TEST(StrictTable, RefusesUnknownKeysWithTheirLine) {
    const toml::table root = Parse("name = \"x\"\n\nsurprise = 1\n");
    TomlProblems problems;
    StrictTable table(root, "[t]", problems);
    EXPECT_EQ(table.String("name", true), "x");
    table.RejectUnknown();
    ASSERT_EQ(problems.items.size(), 1u);
    EXPECT_EQ(problems.items[0].first, 3);
    EXPECT_EQ(problems.items[0].second, "[t]: неизвестный ключ «surprise»");
}

TEST(StrictTable, TellsWrongTypesAndMissingKeys) {
    const toml::table root = Parse("line = \"2\"\nflag = 1\n");
    TomlProblems problems;
    StrictTable table(root, "[g]", problems);
    EXPECT_FALSE(table.Integer("line"));
    EXPECT_TRUE(table.Bool("flag", true));
    EXPECT_EQ(table.String("name", true), "");
    table.RejectUnknown();
    const auto ordered = problems.InLineOrder();
    ASSERT_EQ(ordered.size(), 3u);
    // The missing key is told at the table's line, the first one here; same-line problems keep
    // the order they were found in.
    EXPECT_EQ(ordered[0].second, "[g]: «line» должен быть целым числом");
    EXPECT_EQ(ordered[1].second, "[g]: нет обязательного ключа «name»");
    EXPECT_EQ(ordered[2].second, "[g]: «flag» должен быть true или false");
}

TEST(StrictTable, SpeaksEnglishToTheServerConfiguration) {
    const toml::table root = Parse("workers = \"many\"\nlisten = \"127.0.0.1:0\"\nport = 8\n");
    TomlProblems problems;
    StrictTable table(root, "", problems, TomlWording::kEnglish);
    int workers = 64;
    std::string listen;
    table.Read("workers", workers);
    table.Read("listen", listen);
    table.RejectUnknown();
    EXPECT_EQ(workers, 64);  // a mistyped value keeps the default
    EXPECT_EQ(listen, "127.0.0.1:0");
    const auto ordered = problems.InLineOrder();
    ASSERT_EQ(ordered.size(), 2u);
    EXPECT_EQ(ordered[0], (std::pair<int, std::string>{1, "'workers' has the wrong type"}));
    EXPECT_EQ(ordered[1], (std::pair<int, std::string>{3, "unknown key 'port'"}));
}

}  // namespace
}  // namespace otklik::regulation

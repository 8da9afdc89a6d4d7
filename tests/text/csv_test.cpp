#include "text/csv.hpp"

#include <gtest/gtest.h>

namespace otklik::text {

TEST(Csv, ReadsRfc4180) {
    const auto records =
        ParseCsv("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\n\"two\nlines\",z,\n3,,\"\"");
    ASSERT_TRUE(records.has_value()) << records.error().what;
    ASSERT_EQ(records->size(), 4u);
    EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"x, y", "say \"hi\"", ""}));
    EXPECT_EQ((*records)[2].line, 4u);
    EXPECT_EQ((*records)[2].fields, (std::vector<std::string>{"two\nlines", "z", ""}));
    EXPECT_EQ((*records)[3].line, 6u);
    EXPECT_EQ((*records)[3].fields, (std::vector<std::string>{"3", "", ""}));
}

TEST(Csv, RefusesMalformedQuotingWithItsLine) {
    const auto stray = ParseCsv("a,b\nx,y\"z\n");
    ASSERT_FALSE(stray.has_value());
    EXPECT_EQ(stray.error().line, 2u);
    const auto after = ParseCsv("a,b\n\"x\"y,z\n");
    ASSERT_FALSE(after.has_value());
    EXPECT_EQ(after.error().line, 2u);
    const auto unclosed = ParseCsv("a,b\n\n\"x,\ny\n");
    ASSERT_FALSE(unclosed.has_value());
    EXPECT_EQ(unclosed.error().line, 3u);
}

TEST(Csv, WritesWhatItReads) {
    const std::vector<std::string> fields = {"plain", "a,b", "say \"hi\"", "two\r\nlines", ""};
    const auto line = CsvLine(fields);
    EXPECT_EQ(line, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\r\n");
    const auto back = ParseCsv(line);
    ASSERT_TRUE(back.has_value());
    ASSERT_EQ(back->size(), 1u);
    EXPECT_EQ(back->front().fields, fields);
}

TEST(Csv, TheDelimiterIsTheCallers) {
    EXPECT_EQ(CsvField("a;b", ';'), "\"a;b\"");
    EXPECT_EQ(CsvField("a,b", ';'), "a,b");
    const auto records = ParseCsv("1,5;\"x;y\"", ';');
    ASSERT_TRUE(records.has_value());
    EXPECT_EQ(records->front().fields, (std::vector<std::string>{"1,5", "x;y"}));
}

}  // namespace otklik::text

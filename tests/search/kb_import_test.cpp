#include <string>

#include "support/fuzz_regressions.hpp"
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "search/knowledge_base.hpp"

namespace otklik::search {
namespace {

std::string Regression(const std::string& name) {
    for (auto& [file, bytes] :
         testing::FuzzRegressions(std::string(OTKLIK_SOURCE_DIR) + "/tests/data", "kb_import")) {
        if (file == name) return bytes;
    }
    ADD_FAILURE() << "no saved input " << name;
    return {};
}

// What tests/fuzz/kb_import_fuzzer checks: every article the CSV import takes shows as valid
// JSON and passes the JSON import's own checks.
TEST(KbImport, FuzzRegressionsKeepTheImportContract) {
    const auto inputs =
        testing::FuzzRegressions(std::string(OTKLIK_SOURCE_DIR) + "/tests/data", "kb_import");
    ASSERT_FALSE(inputs.empty());
    for (const auto& [name, bytes] : inputs) {
        SCOPED_TRACE(name);
        const auto articles = ParseArticlesCsv(bytes);
        if (!articles) continue;
        for (const auto& article : *articles) {
            boost::system::error_code ec;
            const auto json = boost::json::parse(boost::json::serialize(ArticleJson(article)), ec);
            ASSERT_FALSE(ec) << ec.message();
            EXPECT_TRUE(ParseArticle(json.as_object(), {}).has_value());
        }
    }
}

TEST(KbImport, CsvInWindows1251IsRefusedNotStored) {
    const auto articles = ParseArticlesCsv(Regression("windows-1251.csv"));
    ASSERT_FALSE(articles.has_value());
    EXPECT_EQ(articles.error().fields.at(0).field, "csv");
    EXPECT_NE(articles.error().fields.at(0).message.find("UTF-8"), std::string::npos);
}

TEST(KbImport, CsvWithAKindTheJsonImportRefusesIsRefused) {
    const auto articles = ParseArticlesCsv(Regression("unknown-kind.csv"));
    ASSERT_FALSE(articles.has_value());
    EXPECT_NE(articles.error().fields.at(0).message.find("Строка 2"), std::string::npos);
}

TEST(KbImport, CsvScriptsAndFaqStillImport) {
    const auto articles =
        ParseArticlesCsv("base,question,answer,kind\nbilet,q1,a1,script\nbilet,q2,a2,\n");
    ASSERT_TRUE(articles.has_value());
    ASSERT_EQ(articles->size(), 2u);
    EXPECT_EQ((*articles)[0].kind, "script");
    EXPECT_EQ((*articles)[1].kind, "faq");
}

}  // namespace
}  // namespace otklik::search

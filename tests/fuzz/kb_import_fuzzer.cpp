// libFuzzer target: a knowledge-base import body, read both ways POST /api/v1/kb/import reads
// it (api/kb_routes.cpp): as CSV (?format=csv) and as {"items": [...]} JSON, each item through
// ParseArticle. Both forms accept the same articles: what the CSV import takes, the JSON form
// of it passes ParseArticle too. Imported CSV, exported with ArticlesCsv and imported again,
// gives the same articles: a round trip through the export loses nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include <boost/json.hpp>

#include "api/json_mapping.hpp"
#include "core/knowledge.hpp"
#include "search/knowledge_base.hpp"

namespace core = otklik::core;
namespace search = otklik::search;
using otklik::fuzz::Require;

namespace {

bool SameArticle(const core::KbArticle& a, const core::KbArticle& b) {
    return a.key == b.key && a.base == b.base && a.regulation == b.regulation && a.kind == b.kind &&
           a.category == b.category && a.category_name == b.category_name &&
           a.audience == b.audience && a.region_scope == b.region_scope &&
           a.question == b.question && a.answer == b.answer && a.keywords == b.keywords &&
           a.published == b.published;
}

void ImportCsv(std::string_view csv, bool exact) {
    const auto articles = search::ParseArticlesCsv(csv);
    if (!articles) {
        Require(!articles.error().fields.empty(), "a refused CSV says why");
        return;
    }
    for (const auto& article : *articles) {
        boost::system::error_code ec;
        const auto json =
            boost::json::parse(boost::json::serialize(search::ArticleJson(article)), ec);
        Require(!ec && json.is_object(), "an imported article shows as valid JSON");
        Require(search::ParseArticle(json.get_object(), {}).has_value(),
                "an article the CSV import takes passes the JSON import");
    }
    const auto again = search::ParseArticlesCsv(search::ArticlesCsv(*articles));
    Require(again.has_value(), "exported CSV imports");
    Require(again->size() == articles->size(), "round trip keeps every article");
    for (std::size_t i = 0; exact && i < articles->size(); ++i) {
        Require(SameArticle((*articles)[i], (*again)[i]), "round trip keeps every field");
    }
}

void ImportJson(const std::string& body) {
    const auto object = otklik::api::ParseObject(body);
    if (!object) return;
    const auto* items = object->if_contains("items");
    if (!items || !items->is_array()) return;
    for (const auto& item : items->as_array()) {
        if (!item.is_object()) continue;
        const auto article = search::ParseArticle(item.as_object(), {});
        if (!article) continue;
        (void)boost::json::serialize(search::ArticleJson(*article));
        // Lists are joined with ";" in CSV, so an item holding ";" comes back split.
        ImportCsv(search::ArticlesCsv({*article}), false);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    ImportCsv(body, true);
    ImportJson(body);
    return 0;
}

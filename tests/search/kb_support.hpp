#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

#include "search/kb_index.hpp"
#include "search/knowledge_base.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace otklik::search::testing {

inline std::string ReadSource(const std::string& relative) {
    std::ifstream in(std::string(OTKLIK_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// An article of base "t" (regulation bilet, every audience) with key "t-<id>".
inline core::KbArticle SmallArticle(std::int64_t id, std::string question, std::string answer,
                                    std::vector<std::string> keywords = {}) {
    core::KbArticle a;
    a.id = id;
    a.key = "t-" + std::to_string(id);
    a.base = "t";
    a.regulation = "bilet";
    a.question = std::move(question);
    a.answer = std::move(answer);
    a.keywords = std::move(keywords);
    a.audience = {"any"};
    return a;
}

/// A store in a temporary folder with the knowledge base and its index (with the article
/// classifier trained before each index change returns, when asked for).
struct KbFixture {
    explicit KbFixture(ArticleModel model = ArticleModel::kOff) : index({}, model) {}

    otklik::testing::TempDir dir;
    storage::sqlite::SqliteStore store{{dir.File("otklik.db"), 2}};
    core::KbRepository& kb_store = store.Knowledge();
    KbIndex index;
    KnowledgeBase kb{kb_store, index};

    void LoadDemo() {
        const auto loaded = kb.LoadDemo(ReadSource("data/demo/kb_articles.jsonl"),
                                        ReadSource("data/demo/kb_synonyms.tsv"), "test");
        if (!loaded) throw std::runtime_error(loaded.error().message);
    }
};

}  // namespace otklik::search::testing

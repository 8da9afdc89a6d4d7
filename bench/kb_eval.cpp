// Knowledge-base evaluation (issue 15): hit@1, hit@3, MRR and the confidence judgement per kind
// of question, on the tuning questions and on the frozen set written apart from the search.
// Only the summaries are printed: the frozen rows stay unread.
//
// Usage: otklik_kb_eval

#include "kb_eval.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "search/knowledge_base.hpp"
#include "storage/store.hpp"

using namespace otklik;

namespace {

std::string Read(const std::string& relative) {
    std::ifstream in(std::string(OTKLIK_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

int main() {
    const auto dir = std::filesystem::temp_directory_path() / "otklik-kb-eval";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    int status = 0;
    {
        const auto store = storage::OpenStore({(dir / "otklik.db").string(), 2});
        search::KbIndex index((dir / "kb-index").string());
        search::KnowledgeBase kb(store->Knowledge(), index);
        if (auto loaded = kb.LoadDemo(Read("data/demo/kb_articles.jsonl"),
                                      Read("data/demo/kb_synonyms.tsv"), "bench");
            !loaded) {
            std::fprintf(stderr, "demo: %s\n", loaded.error().message.c_str());
            return 1;
        }
        for (const auto& [name, file] : {std::pair{"KB tuning set", "questions.tsv"},
                                         std::pair{"KB frozen set", "frozen_questions.tsv"}}) {
            auto questions = search::testing::LoadKbQuestions(std::string(OTKLIK_SOURCE_DIR) +
                                                              "/tests/data/kb/" + file);
            if (!questions) {
                std::fprintf(stderr, "%s\n", questions.error().message.c_str());
                status = 1;
                continue;
            }
            const auto report = search::testing::EvaluateKb(name, *questions, kb);
            std::printf("%s\n", search::testing::FormatKbEvalReport(report).c_str());
        }
    }
    std::filesystem::remove_all(dir);
    return status;
}

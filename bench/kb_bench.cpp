// Knowledge-base benchmark (issue 6): index build time and chatbot answer latency (p50/p99,
// target p99 ≤ 20 ms) with 10,000 articles. The demo articles are multiplied with varied
// wording up to the article count; the labelled questions are asked through the chatbot
// (search, ranking and the durable session write included).
//
// Usage: otklik_kb_bench [articles]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kb_variants.hpp"
#include <unistd.h>

#include "core/basic_workflow.hpp"
#include "core/clock.hpp"
#include "search/chatbot.hpp"
#include "storage/store.hpp"

using namespace otklik;
using Clock = std::chrono::steady_clock;

namespace {

std::string Read(const std::string& relative) {
    std::ifstream in(std::string(OTKLIK_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    return values[index];
}

}  // namespace

int main(int argc, char** argv) {
    const int target = argc > 1 ? std::atoi(argv[1]) : 10000;
    const auto dir = std::filesystem::temp_directory_path() /
                     ("otklik-kb-bench-" + std::to_string(::getpid()));  // runs side by side
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    int status = 0;
    {
        const auto store = storage::OpenStore({(dir / "otklik.db").string(), 4});
        core::KbRepository& kb_store = store->Knowledge();
        search::KbIndex index((dir / "kb-index").string());
        search::KnowledgeBase kb(kb_store, index);
        if (auto loaded = kb.LoadDemo(Read("data/demo/kb_articles.jsonl"),
                                      Read("data/demo/kb_synonyms.tsv"), "bench");
            !loaded) {
            std::fprintf(stderr, "demo: %s\n", loaded.error().message.c_str());
            return 1;
        }
        const auto extra = search::testing::DemoVariants(*kb_store.ListArticles("", false),
                                                         static_cast<std::size_t>(target));
        if (auto saved = kb_store.SaveArticles(extra, "bench"); !saved) return 1;

        const auto build_started = Clock::now();
        const std::clock_t build_cpu = std::clock();
        kb.Reload();
        const double build_ms = Ms(Clock::now() - build_started);
        const double build_cpu_ms =
            1000.0 * static_cast<double>(std::clock() - build_cpu) / CLOCKS_PER_SEC;

        core::SystemClock clock;
        core::BasicWorkflow workflow({{"bilet", "ББ"}, {"epgu", "ЕП"}}, "bilet");
        core::AppealService appeals(store->Appeals(), workflow, clock);
        search::ChatbotOptions options;
        options.regions = {{"16", "Республика Татарстан"}, {"77", "г. Москва"}};
        search::Chatbot chatbot(kb, kb_store, appeals, store->Appeals(), clock, options);

        std::vector<std::pair<std::string, std::string>> questions;  // text, regulation
        std::istringstream lines(Read("tests/data/kb/questions.tsv"));
        std::string line;
        std::getline(lines, line);
        while (std::getline(lines, line)) {
            // question, article_id, regulation, kind
            std::vector<std::string> fields;
            std::istringstream row(line);
            for (std::string field; std::getline(row, field, '\t');) fields.push_back(field);
            if (fields.size() < 3) continue;
            questions.emplace_back(fields[0], fields[2]);
        }
        std::vector<double> answer_ms;
        std::vector<double> search_ms;
        for (int round = 0; round < 4; ++round) {
            for (const auto& [text, regulation] : questions) {
                const boost::json::object start{
                    {"regulation", regulation},
                    {"region", "16"},
                    {"role", regulation == "epgu" ? "citizen" : "parent"},
                    {"login", "bench"},
                    {"email", "bench@example.ru"}};
                auto session = chatbot.Start(start);
                if (!session) return 1;
                const std::string id(session->at("session_id").as_string());
                if (!chatbot.Reply(id, "1")) return 1;  // question type
                const auto started = Clock::now();
                const auto reply = chatbot.Reply(id, text);
                answer_ms.push_back(Ms(Clock::now() - started));
                if (!reply) return 1;
                search::SearchQuery query{text, regulation, {}, "16", "parent"};
                const auto search_started = Clock::now();
                (void)kb.Search(query);
                search_ms.push_back(Ms(Clock::now() - search_started));
            }
        }
        const double p99 = Percentile(answer_ms, 0.99);
        std::printf("kb: %zu articles, index build %.0f ms (%.0f ms CPU)\n", index.size(), build_ms,
                    build_cpu_ms);
        std::printf("kb: search p50 %.2f ms, p99 %.2f ms (%zu queries)\n",
                    Percentile(search_ms, 0.5), Percentile(search_ms, 0.99), search_ms.size());
        std::printf("kb: chatbot answer p50 %.2f ms, p99 %.2f ms (target p99 <= 20 ms) %s\n",
                    Percentile(answer_ms, 0.5), p99, p99 <= 20 ? "ok" : "SLOW");
    }
    std::filesystem::remove_all(dir);
    return status;
}

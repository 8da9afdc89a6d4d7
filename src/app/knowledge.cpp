#include "app/knowledge.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "sla/regions.hpp"

namespace otklik::app {
namespace {

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::unique_ptr<Knowledge> MakeKnowledge(storage::Store& store, core::AppealService& appeals,
                                         const core::Clock& clock, const std::string& data_dir,
                                         const std::string& default_regulation,
                                         const core::Workflow& workflow,
                                         const regulation::RegulationCatalog* catalog) {
    search::ChatbotOptions options;
    // A regulation takes a chat when it would number an appeal of that channel now.
    options.takes = [&workflow, &clock](const std::string& regulation, const std::string& channel) {
        return workflow.Numbering(regulation, channel, clock.Now()).has_value();
    };
    // 000 §5.6.1: the question types are the categories the regulation's chat channel lists.
    options.question_types = [catalog](const std::string& regulation, const std::string& channel) {
        std::vector<std::pair<std::string, std::string>> types;
        const regulation::Regulation* r = catalog ? catalog->Latest(regulation) : nullptr;
        const regulation::Channel* chat = r ? r->FindChannel(channel) : nullptr;
        if (!chat) return types;
        for (const auto& code : chat->question_types) {
            if (const auto* category = r->FindCategory(code))
                types.emplace_back(code, category->name);
        }
        return types;
    };
    if (default_regulation == "bilet" || default_regulation == "epgu") {
        options.default_regulation = default_regulation;
    }
    // Without the list the chatbot still takes two-digit region codes.
    if (auto regions = sla::Regions::LoadFile(data_dir + "/ru_regions.csv")) {
        for (const auto& region : regions->All()) {
            options.regions.emplace_back(region.code, region.name);
        }
    } else {
        spdlog::warn("chatbot: no list of regions ({}); only region codes are understood",
                     regions.error().message);
    }
    auto knowledge = std::make_unique<Knowledge>(store, appeals, clock, std::move(options));
    const auto started = std::chrono::steady_clock::now();
    knowledge->kb.Reload();
    spdlog::info("kb: index of {} articles built in {} ms", knowledge->index.size(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count());
    return knowledge;
}

int LoadDemoKnowledge(storage::Store& store, const std::string& data_dir) {
    search::KbIndex index;
    search::KnowledgeBase kb(store.Knowledge(), index);
    const auto loaded = kb.LoadDemo(ReadFile(data_dir + "/demo/kb_articles.jsonl"),
                                    ReadFile(data_dir + "/demo/kb_synonyms.tsv"), "demo");
    if (!loaded) {
        std::cerr << "otklik: demo knowledge base: " << loaded.error().message << '\n';
        for (const auto& field : loaded.error().fields) {
            std::cerr << "  " << field.field << ": " << field.message << '\n';
        }
        return -1;
    }
    return *loaded;
}

}  // namespace otklik::app

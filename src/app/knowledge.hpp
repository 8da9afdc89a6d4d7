#pragma once

#include <map>
#include <memory>
#include <string>

#include "app/channel_settings.hpp"
#include "core/appeal_service.hpp"
#include "core/clock.hpp"
#include "regulation/catalog.hpp"
#include "search/chatbot.hpp"
#include "search/kb_index.hpp"
#include "search/knowledge_base.hpp"
#include "storage/store.hpp"

namespace otklik::app {

/// The knowledge bases, their index and the chatbot, wired to the store.
struct Knowledge {
    Knowledge(storage::Store& store, core::AppealService& appeals, const core::Clock& clock,
              search::ChatbotOptions options)
        : kb_store(store.Knowledge()),
          kb(kb_store, index),
          chatbot(kb, kb_store, appeals, store.Appeals(), clock, std::move(options)) {}

    core::KbRepository& kb_store;
    search::KbIndex index{{}, search::ArticleModel::kBackground};
    search::KnowledgeBase kb;
    search::Chatbot chatbot;
};

/// Builds the knowledge base and the chatbot and fills the index from the store; the regions
/// come from `data_dir`/ru_regions.csv. The chatbot serves the catalog's regulations with a
/// chatbot channel and talks under each as its channel `settings` say.
std::unique_ptr<Knowledge> MakeKnowledge(storage::Store& store, core::AppealService& appeals,
                                         const core::Clock& clock, const std::string& data_dir,
                                         const std::string& default_regulation,
                                         const core::Workflow& workflow,
                                         const regulation::RegulationCatalog* catalog,
                                         const std::map<std::string, ChannelSettings>& settings);

/// Loads data/demo/kb_articles.jsonl and kb_synonyms.tsv from `data_dir`; returns the number of
/// articles, or -1 with the reason on stderr.
int LoadDemoKnowledge(storage::Store& store, const std::string& data_dir);

}  // namespace otklik::app

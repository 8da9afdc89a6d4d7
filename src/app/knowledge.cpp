#include "app/knowledge.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <spdlog/spdlog.h>

#include "core/local_time.hpp"
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
                                         const regulation::RegulationCatalog* catalog,
                                         const std::map<std::string, ChannelSettings>& settings) {
    search::ChatbotOptions options;
    // A regulation takes a chat when it would number an appeal of that channel now.
    options.takes = [&workflow, &clock](const std::string& regulation, const std::string& channel) {
        return workflow.Numbering(regulation, channel, clock.Now()).has_value();
    };
    // SLA-7, issue 17: a regulation out of its dates says so, with its own contacts.
    options.not_in_force = [catalog, &clock](const std::string& id) -> std::string {
        const regulation::Regulation* r = catalog ? catalog->Latest(id) : nullptr;
        const auto today = core::TimeZone::Default().LocalDate(clock.Now());
        if (!r || (catalog->InForce(id, today) != nullptr)) return {};
        std::string text = "Этот чат поддержки («" + r->name + "») сейчас не принимает обращения: ";
        text += r->in_force_until && today > *r->in_force_until
                    ? "порядок работы с обращениями действовал до " +
                          core::FormatRussianDate(*r->in_force_until) + "."
                    : "порядок работы с обращениями начнёт действовать " +
                          core::FormatRussianDate(r->in_force_from) + ".";
        if (!r->contacts.empty())
            text += " Обратитесь, пожалуйста, по контактам: " + r->contacts + ".";
        return text;
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
    // The chatbot serves the regulations with a chatbot channel (in id order), each talking as
    // its channel settings say; whether the login is required is the regulation's channel's.
    std::set<std::string> served;
    for (const auto* r : catalog ? catalog->All() : std::vector<const regulation::Regulation*>{}) {
        for (const auto& channel : r->channels) {
            if (channel.adapter == regulation::ChannelAdapter::kChatbot) served.insert(r->id);
        }
    }
    options.regulations.assign(served.begin(), served.end());
    for (const auto& id : options.regulations) {
        const auto found = settings.find(id);
        search::ChatbotProfile profile;
        if (found != settings.end() && found->second.chatbot) profile = *found->second.chatbot;
        profile.login_required = false;
        for (const auto& channel : catalog->Latest(id)->channels) {
            profile.login_required = profile.login_required ||
                                     (channel.adapter == regulation::ChannelAdapter::kChatbot &&
                                      std::find(channel.required.begin(), channel.required.end(),
                                                "applicant.login") != channel.required.end());
        }
        options.profiles.emplace(id, std::move(profile));
    }
    for (const auto& [id, file] : settings) {
        if (file.chatbot && !served.count(id)) {
            spdlog::warn("chatbot: settings for '{}', which has no chatbot channel, unused", id);
        }
    }
    options.default_regulation =
        served.count(default_regulation) || served.empty() ? default_regulation : *served.begin();
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

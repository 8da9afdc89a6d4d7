#include "app/channel_settings.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <toml++/toml.h>

namespace otklik::app {
namespace {

[[noreturn]] void Refuse(const std::string& source, const toml::node& node,
                         const std::string& reason) {
    throw std::runtime_error(source + ":" + std::to_string(node.source().begin.line) + ": " +
                             reason);
}

void RefuseUnknown(const toml::table& table, const std::string& source, const std::string& where,
                   std::initializer_list<std::string_view> keys) {
    for (const auto& [key, node] : table) {
        if (std::find(keys.begin(), keys.end(), key.str()) == keys.end()) {
            Refuse(source, node, "unknown key '" + where + std::string(key.str()) + "'");
        }
    }
}

// A non-empty string, or nullopt when the key is absent.
std::optional<std::string> Text(const toml::table& table, const std::string& source,
                                const std::string& key) {
    const auto* node = table.get(key);
    if (!node) return std::nullopt;
    const auto value = node->value<std::string>();
    if (!value || value->empty()) Refuse(source, *node, "'" + key + "' must be a non-empty text");
    return value;
}

const toml::table& TableAt(const toml::node& node, const std::string& source,
                           const std::string& key) {
    const auto* table = node.as_table();
    if (!table) Refuse(source, node, "'" + key + "' must be a table");
    return *table;
}

search::ChatbotProfile ParseChatbot(const toml::table& table, const std::string& source) {
    RefuseUnknown(table, source, "chatbot.",
                  {"greeting", "login_prompt", "login_refusal", "roles"});
    search::ChatbotProfile profile;
    if (auto greeting = Text(table, source, "greeting")) profile.greeting = std::move(*greeting);
    if (auto prompt = Text(table, source, "login_prompt"))
        profile.login_prompt = std::move(*prompt);
    if (auto refusal = Text(table, source, "login_refusal")) {
        profile.login_refusal = std::move(*refusal);
    }
    if (const auto* node = table.get("roles")) {
        const auto* list = node->as_array();
        if (!list) Refuse(source, *node, "'chatbot.roles' must be a list of { code, name }");
        for (const auto& item : *list) {
            const auto& role = TableAt(item, source, "chatbot.roles");
            RefuseUnknown(role, source, "chatbot.roles.", {"code", "name"});
            auto code = Text(role, source, "code");
            auto name = Text(role, source, "name");
            if (!code || !name) Refuse(source, item, "a chatbot role needs code and name");
            for (const auto& earlier : profile.roles) {
                if (earlier.code == *code) Refuse(source, item, "role '" + *code + "' repeated");
            }
            profile.roles.push_back({std::move(*code), std::move(*name)});
        }
    }
    return profile;
}

}  // namespace

ChannelSettings ParseChannelSettings(std::string_view text, const std::string& source) {
    toml::table table;
    try {
        table = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw std::runtime_error(source + ":" + std::to_string(e.source().begin.line) + ": " +
                                 std::string(e.description()));
    }
    RefuseUnknown(table, source, "", {"chatbot", "email"});
    ChannelSettings settings;
    if (const auto* node = table.get("chatbot")) {
        settings.chatbot = ParseChatbot(TableAt(*node, source, "chatbot"), source);
    }
    if (const auto* node = table.get("email")) {
        for (const auto& [channel, channel_node] : TableAt(*node, source, "email")) {
            const std::string where = "email." + std::string(channel.str());
            const auto& channel_table = TableAt(channel_node, source, where);
            RefuseUnknown(channel_table, source, where + ".", {"registration_card"});
            if (const auto* card = channel_table.get("registration_card")) {
                const auto value = card->value<bool>();
                if (!value)
                    Refuse(source, *card,
                           "'" + where + ".registration_card' must be true or false");
                if (*value) settings.registration_card_channels.emplace(channel.str());
            }
        }
    }
    return settings;
}

std::map<std::string, ChannelSettings> LoadChannelSettings(const std::string& regulations_folder) {
    namespace fs = std::filesystem;
    std::map<std::string, ChannelSettings> settings;
    const fs::path folder = fs::path(regulations_folder) / "channels";
    std::error_code error;
    if (regulations_folder.empty() || !fs::is_directory(folder, error)) return settings;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") {
            files.push_back(entry.path());
        }
    }
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw std::runtime_error(file.string() + ": cannot be read");
        std::stringstream text;
        text << in.rdbuf();
        settings.emplace(file.stem().string(), ParseChannelSettings(text.str(), file.string()));
    }
    return settings;
}

}  // namespace otklik::app

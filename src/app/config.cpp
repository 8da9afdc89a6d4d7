#include "app/config.hpp"

#include <filesystem>
#include <stdexcept>

#include <toml++/toml.h>

namespace otklik::app {
namespace {

template <class T>
void Read(const toml::table& table, const std::string& path, const char* key, T& out) {
    const auto* node = table.get(key);
    if (!node) return;
    if (const auto value = node->value<T>()) {
        out = *value;
        return;
    }
    throw std::runtime_error(path + ":" + std::to_string(node->source().begin.line) + ": '" + key +
                             "' has the wrong type");
}

}  // namespace

void LoadConfigFile(const std::string& path, ServeConfig& config) {
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw std::runtime_error(path + ":" + std::to_string(e.source().begin.line) + ": " +
                                 std::string(e.description()));
    }
    static const char* kKeys[] = {
        "listen",      "data",    "clock",      "clock_start", "default_regulation",
        "regulations", "workers", "io_threads", "readers",     "log_level",
        "web_root"};
    for (const auto& [key, node] : table) {
        bool known = false;
        for (const char* name : kKeys) known = known || key.str() == name;
        if (!known) {
            throw std::runtime_error(path + ":" + std::to_string(node.source().begin.line) +
                                     ": unknown key '" + std::string(key.str()) + "'");
        }
    }
    Read(table, path, "listen", config.listen);
    Read(table, path, "data", config.data);
    Read(table, path, "clock", config.clock);
    Read(table, path, "clock_start", config.clock_start);
    Read(table, path, "default_regulation", config.default_regulation);
    Read(table, path, "regulations", config.regulations);
    std::int64_t number = 0;
    const auto read_int = [&](const char* key, int& out) {
        number = out;
        Read(table, path, key, number);
        out = static_cast<int>(number);
    };
    read_int("workers", config.workers);
    read_int("io_threads", config.io_threads);
    read_int("readers", config.readers);
    Read(table, path, "log_level", config.log_level);
    Read(table, path, "web_root", config.web_root);
}

std::string DatabasePath(const std::string& data_dir) {
    return (std::filesystem::path(data_dir) / "otklik.db").string();
}

}  // namespace otklik::app

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

void RefuseUnknown(const toml::table& table, const std::string& path,
                   std::initializer_list<const char*> keys) {
    for (const auto& [key, node] : table) {
        bool known = false;
        for (const char* name : keys) known = known || key.str() == name;
        if (!known) {
            throw std::runtime_error(path + ":" + std::to_string(node.source().begin.line) +
                                     ": unknown key '" + std::string(key.str()) + "'");
        }
    }
}

// `[mail]` and `[[mailbox]]`: the e-mail channel.
void ReadMail(const toml::table& table, const std::string& path, ServeConfig& config) {
    if (const auto* mail = table.get_as<toml::table>("mail")) {
        RefuseUnknown(*mail, path,
                      {"smtp_url", "smtp_user", "smtp_password", "smtp_tls", "verify_tls",
                       "ca_file", "from_address", "from_name", "message_id_domain", "public_url",
                       "templates", "link_days"});
        auto& m = config.mail;
        Read(*mail, path, "smtp_url", m.smtp_url);
        Read(*mail, path, "smtp_user", m.smtp_user);
        Read(*mail, path, "smtp_password", m.smtp_password);
        Read(*mail, path, "smtp_tls", m.smtp_tls);
        Read(*mail, path, "verify_tls", m.verify_tls);
        Read(*mail, path, "ca_file", m.ca_file);
        Read(*mail, path, "from_address", m.from_address);
        Read(*mail, path, "from_name", m.from_name);
        Read(*mail, path, "message_id_domain", m.message_id_domain);
        Read(*mail, path, "public_url", m.public_url);
        Read(*mail, path, "templates", m.templates);
        std::int64_t days = m.link_days;
        Read(*mail, path, "link_days", days);
        m.link_days = static_cast<int>(days);
        if (m.smtp_tls != "off" && m.smtp_tls != "try" && m.smtp_tls != "required") {
            throw std::runtime_error(path + ": mail.smtp_tls must be off, try or required");
        }
    }
    const auto* boxes = table.get_as<toml::array>("mailbox");
    if (!boxes) return;
    for (const auto& node : *boxes) {
        const auto* box = node.as_table();
        if (!box) throw std::runtime_error(path + ": [[mailbox]] entries must be tables");
        RefuseUnknown(*box, path,
                      {"name", "url", "user", "password", "regulation", "channel", "poll_seconds",
                       "starttls", "verify_tls", "ca_file"});
        channels::email::MailboxConfig m;
        Read(*box, path, "name", m.name);
        Read(*box, path, "url", m.url);
        Read(*box, path, "user", m.user);
        Read(*box, path, "password", m.password);
        Read(*box, path, "regulation", m.regulation);
        Read(*box, path, "channel", m.channel);
        std::int64_t seconds = m.poll_seconds;
        Read(*box, path, "poll_seconds", seconds);
        m.poll_seconds = static_cast<int>(seconds);
        Read(*box, path, "starttls", m.starttls);
        Read(*box, path, "verify_tls", m.verify_tls);
        Read(*box, path, "ca_file", m.ca_file);
        const auto line = std::to_string(box->source().begin.line);
        if (m.name.empty() || m.url.empty() || m.regulation.empty()) {
            throw std::runtime_error(path + ":" + line +
                                     ": a mailbox needs name, url and regulation");
        }
        // The regulation decides at registration whether it takes the channel; a letter it does
        // not take is kept aside as "mailbox_misconfigured".
        if (m.channel.empty() ||
            m.channel.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
            throw std::runtime_error(path + ":" + line +
                                     ": mailbox channel must be a channel code of its regulation "
                                     "(project_mail, org_mail, email…)");
        }
        config.mailboxes.push_back(std::move(m));
    }
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
    static const char* kKeys[] = {"listen",
                                  "data",
                                  "store",
                                  "clock",
                                  "clock_start",
                                  "default_regulation",
                                  "regulations",
                                  "workers",
                                  "io_threads",
                                  "readers",
                                  "log_level",
                                  "triage",
                                  "web_root",
                                  "mail",
                                  "mailbox",
                                  "trusted_proxies",
                                  "metrics_public",
                                  "cookie_secure",
                                  "max_connections",
                                  "header_timeout_seconds",
                                  "password_hash_concurrency"};
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
    Read(table, path, "store", config.store);
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
    Read(table, path, "triage", config.triage);
    Read(table, path, "web_root", config.web_root);
    Read(table, path, "metrics_public", config.metrics_public);
    Read(table, path, "cookie_secure", config.cookie_secure);
    read_int("max_connections", config.max_connections);
    read_int("header_timeout_seconds", config.header_timeout_seconds);
    read_int("password_hash_concurrency", config.password_hash_concurrency);
    if (const auto* node = table.get("trusted_proxies")) {
        const auto* list = node->as_array();
        if (!list) {
            throw std::runtime_error(path + ":" + std::to_string(node->source().begin.line) +
                                     ": 'trusted_proxies' must be a list of IP addresses");
        }
        config.trusted_proxies.clear();
        for (const auto& item : *list) {
            const auto value = item.value<std::string>();
            if (!value) {
                throw std::runtime_error(path + ":" + std::to_string(item.source().begin.line) +
                                         ": 'trusted_proxies' must be a list of IP addresses");
            }
            config.trusted_proxies.push_back(*value);
        }
    }
    ReadMail(table, path, config);
}

std::string InstalledShareDir() {
#ifdef OTKLIK_SHARE_FROM_BIN
    namespace fs = std::filesystem;
    std::error_code error;
    const auto binary = fs::read_symlink("/proc/self/exe", error);
    if (error) return {};
    const auto share = (binary.parent_path() / OTKLIK_SHARE_FROM_BIN).lexically_normal();
    if (fs::is_directory(share / "regulations", error)) return share.string();
#endif
    return {};
}

std::string DefaultRegulationsFolder() {
    const auto share = InstalledShareDir();
    return share.empty() ? "regulations" : share + "/regulations";
}

std::string DefaultWebRoot() {
    const auto share = InstalledShareDir();
    std::error_code error;
    if (share.empty() || !std::filesystem::exists(share + "/web/index.html", error)) return {};
    return share + "/web";
}

std::string DatabasePath(const std::string& data_dir) {
    return (std::filesystem::path(data_dir) / "otklik.db").string();
}

}  // namespace otklik::app

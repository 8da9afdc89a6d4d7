#include "app/config.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include <toml++/toml.h>

#include "core/local_time.hpp"
#include "regulation/strict_table.hpp"

namespace otklik::app {
namespace {

using regulation::StrictTable;
using regulation::TomlProblems;
using regulation::TomlWording;

// The first problem found, the first line first: the server does not start on a broken file.
void ThrowFirst(const std::string& path, const TomlProblems& problems) {
    if (problems.Empty()) return;
    const auto ordered = problems.InLineOrder();
    const auto& [line, reason] = ordered.front();
    throw std::runtime_error(path + ":" + std::to_string(line) + ": " + reason);
}

// `[mail]`: outgoing mail.
void ReadMail(const toml::table& table, const std::string& path, MailConfig& m) {
    TomlProblems problems;
    StrictTable mail(table, "", problems, TomlWording::kEnglish);
    mail.Read("smtp_url", m.smtp_url);
    mail.Read("smtp_user", m.smtp_user);
    mail.Read("smtp_password", m.smtp_password);
    mail.Read("smtp_tls", m.smtp_tls);
    mail.Read("verify_tls", m.verify_tls);
    mail.Read("ca_file", m.ca_file);
    mail.Read("from_address", m.from_address);
    mail.Read("from_name", m.from_name);
    mail.Read("message_id_domain", m.message_id_domain);
    mail.Read("public_url", m.public_url);
    mail.Read("templates", m.templates);
    mail.Read("link_days", m.link_days);
    mail.RejectUnknown();
    ThrowFirst(path, problems);
    if (m.smtp_tls != "off" && m.smtp_tls != "try" && m.smtp_tls != "required") {
        throw std::runtime_error(path + ": mail.smtp_tls must be off, try or required");
    }
}

// `[[mailbox]]`: mailboxes read for appeals.
void ReadMailboxes(const toml::array& boxes, const std::string& path,
                   std::vector<channels::email::MailboxConfig>& out) {
    TomlProblems problems;
    for (const auto& node : boxes) {
        const auto* table = node.as_table();
        if (!table) throw std::runtime_error(path + ": [[mailbox]] entries must be tables");
        StrictTable box(*table, "", problems, TomlWording::kEnglish);
        channels::email::MailboxConfig m;
        box.Read("name", m.name);
        box.Read("url", m.url);
        box.Read("user", m.user);
        box.Read("password", m.password);
        box.Read("regulation", m.regulation);
        m.channel.clear();  // not given: the regulation's e-mail channel (ResolveMailboxes)
        box.Read("channel", m.channel);
        box.Read("poll_seconds", m.poll_seconds);
        box.Read("starttls", m.starttls);
        box.Read("verify_tls", m.verify_tls);
        box.Read("ca_file", m.ca_file);
        box.RejectUnknown();
        ThrowFirst(path, problems);
        const auto line = std::to_string(box.Line());
        if (m.name.empty() || m.url.empty() || m.regulation.empty()) {
            throw std::runtime_error(path + ":" + line +
                                     ": a mailbox needs name, url and regulation");
        }
        // The regulation decides at registration whether it takes the channel; a letter it does
        // not take is kept aside as "mailbox_misconfigured".
        if (m.channel.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
            throw std::runtime_error(path + ":" + line +
                                     ": mailbox channel must be a channel code of its regulation "
                                     "(project_mail, org_mail, email…)");
        }
        out.push_back(std::move(m));
    }
}

}  // namespace

void ResolveMailboxes(std::vector<channels::email::MailboxConfig>& mailboxes,
                      const regulation::RegulationCatalog& catalog) {
    for (auto& mailbox : mailboxes) {
        const auto where = "mailbox '" + mailbox.name + "': ";
        if (!catalog.HasRegulations()) {
            if (mailbox.channel.empty()) mailbox.channel = "project_mail";
            continue;
        }
        const auto* regulation = catalog.Latest(mailbox.regulation);
        if (regulation == nullptr) {
            std::string loaded;
            for (const auto* r : catalog.All()) loaded += (loaded.empty() ? "" : ", ") + r->id;
            throw std::runtime_error(where + "regulation '" + mailbox.regulation +
                                     "' is not loaded (loaded: " + loaded + ")");
        }
        std::string email_channels;
        for (const auto& channel : regulation->channels) {
            if (channel.adapter != regulation::ChannelAdapter::kEmail) continue;
            email_channels += (email_channels.empty() ? "" : ", ") + channel.code;
            if (mailbox.channel.empty()) mailbox.channel = channel.code;
        }
        const bool known = std::any_of(
            regulation->channels.begin(), regulation->channels.end(),
            [&](const regulation::Channel& channel) { return channel.code == mailbox.channel; });
        if (!known) {
            throw std::runtime_error(
                where +
                (mailbox.channel.empty()
                     ? "regulation '" + mailbox.regulation + "' has no e-mail channel"
                     : "channel '" + mailbox.channel + "' is not a channel of regulation '" +
                           mailbox.regulation + "'") +
                " (its e-mail channels: " + (email_channels.empty() ? "none" : email_channels) +
                ")");
        }
    }
}

void LoadConfigFile(const std::string& path, ServeConfig& config) {
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw std::runtime_error(path + ":" + std::to_string(e.source().begin.line) + ": " +
                                 std::string(e.description()));
    }
    TomlProblems problems;
    StrictTable top(table, "", problems, TomlWording::kEnglish);
    top.Read("listen", config.listen);
    top.Read("data", config.data);
    top.Read("store", config.store);
    top.Read("clock", config.clock);
    top.Read("clock_start", config.clock_start);
    top.Read("default_regulation", config.default_regulation);
    top.Read("time_zone", config.time_zone);
    if (top.Has("time_zone") && !core::TimeZone::Find(config.time_zone)) {
        top.Problem(top.KeyLine("time_zone"),
                    "'time_zone' is not a zone of the tz database: " + config.time_zone);
    }
    top.Read("regulations", config.regulations);
    top.Read("workers", config.workers);
    top.Read("io_threads", config.io_threads);
    top.Read("readers", config.readers);
    top.Read("log_level", config.log_level);
    top.Read("triage", config.triage);
    top.Read("web_root", config.web_root);
    top.Read("metrics_public", config.metrics_public);
    top.Read("cookie_secure", config.cookie_secure);
    top.Read("max_connections", config.max_connections);
    top.Read("header_timeout_seconds", config.header_timeout_seconds);
    top.Read("password_hash_concurrency", config.password_hash_concurrency);
    if (const toml::node* node = top.Take("trusted_proxies")) {
        const auto* list = node->as_array();
        const auto refuse = [&](const toml::node& at) {
            problems.Add(regulation::TomlLine(at),
                         "'trusted_proxies' must be a list of IP addresses");
        };
        if (!list) {
            refuse(*node);
        } else {
            config.trusted_proxies.clear();
            for (const auto& item : *list) {
                if (const auto* value = item.as_string()) {
                    config.trusted_proxies.push_back(value->get());
                } else {
                    refuse(item);
                }
            }
        }
    }
    const toml::table* mail = top.SubTable("mail");
    const toml::array* mailboxes = top.Array("mailbox");
    top.RejectUnknown();
    ThrowFirst(path, problems);
    if (mail) ReadMail(*mail, path, config.mail);
    if (mailboxes) ReadMailboxes(*mailboxes, path, config.mailboxes);
}

core::TimeZone TimeZoneOf(const std::string& name) {
    const auto zone = core::TimeZone::Find(name);
    if (!zone) {
        throw std::runtime_error("time_zone: not a zone of the tz database: '" + name +
                                 "' (e.g. Europe/Moscow)");
    }
    return *zone;
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

#pragma once

#include <string>
#include <vector>

#include "channels/email/mailbox_config.hpp"
#include "core/local_time.hpp"
#include "regulation/catalog.hpp"

namespace otklik::app {

/// The share/otklik folder of an installed binary: <prefix>/bin/otklik reads
/// <prefix>/share/otklik wherever the prefix was installed or unpacked (packaging/). Empty when
/// the binary runs from a build tree, which keeps reading the source tree's folders.
std::string InstalledShareDir();

/// Where regulation files are read when no flag, variable or file key says: the installed
/// share/otklik/regulations, else ./regulations (the source tree).
std::string DefaultRegulationsFolder();

/// The web workplace served when none is configured: the installed share/otklik/web when it
/// holds a build; empty (none) otherwise.
std::string DefaultWebRoot();

/// Outgoing mail and the e-mail channel's common settings: the `[mail]` table of the file.
struct MailConfig {
    /// smtp://host:port or smtps://host:port; empty: notifications wait in the outbox.
    std::string smtp_url;
    std::string smtp_user;
    std::string smtp_password;
    /// "off", "try" (STARTTLS when offered) or "required".
    std::string smtp_tls = "try";
    /// Check the servers' certificates (off only for self-signed test servers).
    bool verify_tls = true;
    /// PEM file with the authority (or the self-signed certificate) the SMTP server's
    /// certificate must chain to; empty: the system's authorities.
    std::string ca_file;
    std::string from_address = "noreply@otklik.local";
    std::string from_name = "Отклик — обработка обращений";
    /// Right-hand side of the outgoing Message-IDs; replies are threaded by it.
    std::string message_id_domain = "otklik.local";
    /// The address applicants reach the public routes at (confirm / dispute links).
    std::string public_url = "http://127.0.0.1:8080";
    /// Folder of notification templates (<regulation>/<kind>.txt); empty: the `templates`
    /// folder beside the regulation files when there is one (the shipped
    /// regulations/templates), else the built-in templates.
    std::string templates;
    /// Days a confirm / dispute link works.
    int link_days = 60;
};

/// Everything `otklik serve` is configured by. Each field has a flag, an OTKLIK_* environment
/// variable and a key of the same name in the --config TOML file; flags win over the file.
struct ServeConfig {
    /// host:port to listen on; port 0 picks a free one and prints it.
    std::string listen = "127.0.0.1:8080";
    /// Folder of the embedded store and files (DIR/otklik.db).
    std::string data = "var";
    /// Empty: the embedded store in `data`. postgresql://USER@HOST:PORT/DB: the PostgreSQL
    /// store several nodes share (issue 14); `data` still holds files.
    std::string store;
    /// "system", or "manual" for tests: time moves only through POST /api/v1/test/clock.
    std::string clock = "system";
    /// With the manual clock: where time starts (RFC 3339); empty: the system time at start.
    std::string clock_start;
    /// The deployment's civil time (an IANA name of the tz database): local dates in letters,
    /// registration cards and reports, the UIN's year — wherever no regulation's calendar
    /// applies. Checked against the tz database at start.
    std::string time_zone = std::string(core::TimeZone::kBuiltInDefault);
    /// Regulation for appeals that name none; empty: the regulation files' choice
    /// (`default = true`, RegulationCatalog::DefaultRegulation).
    std::string default_regulation;
    /// Folder of the regulation files (*.toml) the deployment works by; reference data (the
    /// production calendar, regions) is read from the `data` folder beside it.
    std::string regulations = DefaultRegulationsFolder();
    /// Handler threads; blocked handlers wait for the group commit.
    int workers = 64;
    /// Socket I/O threads.
    int io_threads = 2;
    /// Store read connections.
    int readers = 4;
    /// Intake triage (TR-1…TR-8) on every draft: "on", or "off" (tests of other parts).
    std::string triage = "on";
    /// trace, debug, info, warn, error.
    std::string log_level = "info";
    /// Folder with the built web workplace (served at /); empty: none.
    std::string web_root = DefaultWebRoot();
    /// Reverse proxies whose X-Forwarded-For names the client (IP addresses, e.g.
    /// ["127.0.0.1"]); from any other peer the header is ignored. Empty: none trusted.
    std::vector<std::string> trusted_proxies;
    /// Serve GET /metrics without a staff login (a scraper on a private network); off: it takes
    /// a role with access to reports.
    bool metrics_public = false;
    /// Mark the session cookie `Secure`: the server is reached over HTTPS through a TLS proxy.
    /// On by itself when `[mail] public_url` starts with https://.
    bool cookie_secure = false;
    /// Connections served at once; more wait in the listen queue. Kept below the descriptor
    /// limit (RLIMIT_NOFILE) at start.
    int max_connections = 512;
    /// Seconds a connection may take to send a request's headers (and to idle between
    /// keep-alive requests) before it is closed.
    int header_timeout_seconds = 10;
    /// Argon2id password hashes computed at once (64 MiB each); logins beyond wait up to 3 s.
    int password_hash_concurrency = 2;
    /// The manual clock may be used: set by `--clock manual` given on the command line, or by
    /// OTKLIK_ALLOW_TEST_CLOCK=1; `clock = "manual"` from the file or OTKLIK_CLOCK alone is
    /// refused, so a stray variable cannot open the unauthenticated test clock.
    bool allow_test_clock = false;
    /// Outgoing mail (`[mail]`).
    MailConfig mail;
    /// Mailboxes read for appeals (`[[mailbox]]`, CH-1).
    std::vector<channels::email::MailboxConfig> mailboxes;
};

/// Reads a TOML configuration file into `config`; unknown keys are refused with their line.
/// Throws std::runtime_error naming the file, line and reason.
void LoadConfigFile(const std::string& path, ServeConfig& config);

/// Checks the mailboxes against the regulations loaded, before anything is served: each names a
/// loaded regulation and one of its channels; a mailbox that names no channel takes its
/// regulation's first e-mail channel. Without regulations (the basic workflow) a mailbox without
/// a channel takes "project_mail". Throws std::runtime_error naming the mailbox and the reason,
/// where letters would otherwise be kept aside one by one as "mailbox_misconfigured".
void ResolveMailboxes(std::vector<channels::email::MailboxConfig>& mailboxes,
                      const regulation::RegulationCatalog& catalog);

/// The zone of the IANA name `name`; throws std::runtime_error when the tz database has none.
core::TimeZone TimeZoneOf(const std::string& name);

/// The store file inside the data folder.
std::string DatabasePath(const std::string& data_dir);

}  // namespace otklik::app

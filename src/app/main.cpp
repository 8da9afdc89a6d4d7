// The otklik command: serve, migrate, user, demo, backup, restore, routes.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "api/api.hpp"
#include "api/auth.hpp"
#include "app/config.hpp"
#include "app/demo.hpp"
#include "app/knowledge.hpp"
#include "app/regulations.hpp"
#include "app/serve.hpp"
#include "core/basic_workflow.hpp"
#include "core/password_policy.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/store.hpp"

namespace {

using namespace otklik;

std::string ReadPasswordFromStdin() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
}

// The selected store: the PostgreSQL database `store` names (postgresql://…), or without it the
// embedded store in the data folder.
storage::StoreOptions StoreAt(const std::string& data, const std::string& store) {
    if (!store.empty()) {
        if (!storage::IsPostgresUrl(store)) {
            throw std::runtime_error(
                "--store: ожидается postgresql://USER@HOST:PORT/DB (expected a PostgreSQL URL), "
                "получено " +
                store);
        }
        return {store, 1};
    }
    std::filesystem::create_directories(data);
    return {app::DatabasePath(data), 1};
}

// backup and restore copy the SQLite file; a PostgreSQL database is saved by its own tools.
void RefuseForPostgres(const std::string& store, const char* command) {
    if (store.empty()) return;
    throw std::runtime_error(
        std::string("`") + command +
        "` работает только со встроенным хранилищем SQLite; базу PostgreSQL сохраняйте и "
        "восстанавливайте через pg_dump / pg_restore (или pg_basebackup), см. docs/deployment.md "
        "(`" +
        command +
        "` works with the embedded SQLite store only; back up PostgreSQL with pg_dump / "
        "pg_basebackup)");
}

int UserAdd(const std::string& data, const std::string& store_location, const std::string& login,
            const std::string& role, const std::string& group, const std::string& full_name,
            const std::string& region) {
    const auto parsed_role = core::ParseRole(role);
    if (!parsed_role) {
        std::cerr << "otklik: unknown role '" << role << "'; roles:";
        for (const auto r : core::AllRoles()) std::cerr << ' ' << core::RoleCode(r);
        std::cerr << '\n';
        return 2;
    }
    const std::string password = ReadPasswordFromStdin();
    if (const auto weak = core::CheckPassword(password, login)) {
        std::cerr << "otklik: password refused (" << weak->code << "): " << weak->message << '\n';
        return 2;
    }
    const auto store = storage::OpenStore(StoreAt(data, store_location));
    core::UserRepository& users = store->Users();
    if (!group.empty() && !users.FindGroup(group)) {
        auto created = users.CreateGroup({0, group, group, 1, ""});
        if (!created) {
            std::cerr << "otklik: " << created.error().message << '\n';
            return 1;
        }
    }
    core::User user;
    user.login = login;
    user.role = *parsed_role;
    user.group = group;
    user.full_name = full_name;
    user.region = region;
    user.password_hash = api::HashPassword(password);
    user.created_at = core::SystemClock().Now();
    auto created = users.CreateUser(user);
    if (!created) {
        std::cerr << "otklik: " << created.error().message << '\n';
        return 1;
    }
    std::cout << "user " << login << " (" << role << ") created\n";
    return 0;
}

int UserPasswd(const std::string& data, const std::string& store_location,
               const std::string& login) {
    const std::string password = ReadPasswordFromStdin();
    if (const auto weak = core::CheckPassword(password, login)) {
        std::cerr << "otklik: password refused (" << weak->code << "): " << weak->message << '\n';
        return 2;
    }
    const auto store = storage::OpenStore(StoreAt(data, store_location));
    core::UserRepository& users = store->Users();
    auto user = users.FindUserByLogin(login);
    if (!user) {
        std::cerr << "otklik: no user '" << login << "'\n";
        return 1;
    }
    user->password_hash = api::HashPassword(password);
    if (auto saved = users.UpdateUser(*user); !saved) {
        std::cerr << "otklik: " << saved.error().message << '\n';
        return 1;
    }
    (void)users.RevokeAllCredentials(user->id, core::SystemClock().Now());
    std::cout << "password of " << login << " changed; its sessions and tokens are revoked\n";
    return 0;
}

int Demo(const std::string& data, const std::string& store_location, int count,
         const std::string& regulations) {
    const auto store = storage::OpenStore(StoreAt(data, store_location));
    core::ManualClock clock(core::SystemClock().Now());
    const auto catalog = app::LoadRegulationFolder(regulations);
    const std::string default_regulation = catalog->DefaultRegulation();
    core::BasicWorkflow basic(app::UinPrefixes(*catalog), default_regulation);
    std::unique_ptr<regulation::RegulationWorkflow> regulated;
    const core::Workflow* workflow = &basic;
    if (catalog->HasRegulations()) {
        regulated = app::MakeRegulationWorkflow(catalog, app::ReferenceDataDir(regulations),
                                                default_regulation, &basic);
        workflow = regulated.get();
    }
    core::AppealService appeals(store->Appeals(), *workflow, clock);
    const bool loaded = app::LoadDemo(store->Users(), appeals, clock, count,
                                      app::ReferenceDataDir(regulations) + "/demo/appeals.toml");
    std::cout << (loaded ? "demo data loaded: " + std::to_string(count) + " appeals\n"
                         : std::string("demo data already present\n"));
    const int articles = app::LoadDemoKnowledge(*store, app::ReferenceDataDir(regulations));
    if (articles < 0) return 1;
    std::cout << "demo knowledge base loaded: " + std::to_string(articles) + " articles\n";
    std::cout << "demo logins (login / password / role):\n";
    for (const auto& login : app::DemoLogins()) {
        std::cout << "  " << login.login << " / " << login.password << " / " << login.role << '\n';
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // The store, its WAL, backups and attachments hold personal data: readable by the service
    // account only (issue 12), whatever the caller's umask.
    umask(077);
    CLI::App cli{"Otklik — registration and processing of appeals"};
    cli.require_subcommand(1);
    auto logger = spdlog::stderr_color_mt("otklik");
    spdlog::set_default_logger(logger);

    app::ServeConfig config;
    std::string store;
    static constexpr const char* kStoreHelp =
        "postgresql://USER@HOST:PORT/DB: the shared PostgreSQL store; without it, SQLite in --data";
    std::string config_file;
    auto* serve = cli.add_subcommand("serve", "Run the HTTP server");
    serve->add_option("--config", config_file, "TOML configuration file")->envname("OTKLIK_CONFIG");
    serve->add_option("--listen", config.listen, "HOST:PORT (port 0: any free)")
        ->envname("OTKLIK_LISTEN");
    serve->add_option("--data", config.data, "Data folder")->envname("OTKLIK_DATA");
    serve->add_option("--store", config.store, kStoreHelp)->envname("OTKLIK_STORE");
    serve->add_option("--clock", config.clock, "system or manual (tests)")->envname("OTKLIK_CLOCK");
    serve->add_option("--clock-start", config.clock_start, "Manual clock start, RFC 3339")
        ->envname("OTKLIK_CLOCK_START");
    serve->add_option("--default-regulation", config.default_regulation)
        ->envname("OTKLIK_DEFAULT_REGULATION");
    serve->add_option("--regulations", config.regulations, "Folder of regulation files (*.toml)")
        ->envname("OTKLIK_REGULATIONS");
    serve->add_option("--time-zone", config.time_zone, "Civil time zone (tz database name)")
        ->envname("OTKLIK_TIME_ZONE");
    serve->add_option("--workers", config.workers, "Handler threads")->envname("OTKLIK_WORKERS");
    serve->add_option("--io-threads", config.io_threads, "Socket threads")
        ->envname("OTKLIK_IO_THREADS");
    serve->add_option("--log-level", config.log_level)->envname("OTKLIK_LOG_LEVEL");
    serve->add_option("--triage", config.triage, "on or off: intake triage of every draft")
        ->envname("OTKLIK_TRIAGE");
    serve->add_option("--web-root", config.web_root, "Built web workplace")
        ->envname("OTKLIK_WEB_ROOT");
    serve
        ->add_option("--trusted-proxies", config.trusted_proxies,
                     "Comma-separated proxy addresses whose X-Forwarded-For is honoured")
        ->delimiter(',')
        ->envname("OTKLIK_TRUSTED_PROXIES");
    serve->add_option("--metrics-public", config.metrics_public, "true: /metrics without login")
        ->envname("OTKLIK_METRICS_PUBLIC");
    serve->add_option("--cookie-secure", config.cookie_secure, "true: session cookie Secure")
        ->envname("OTKLIK_COOKIE_SECURE");
    serve->add_option("--max-connections", config.max_connections, "Connections at once")
        ->envname("OTKLIK_MAX_CONNECTIONS");
    serve
        ->add_option("--header-timeout", config.header_timeout_seconds,
                     "Seconds to receive a request's headers")
        ->envname("OTKLIK_HEADER_TIMEOUT");
    serve
        ->add_option("--password-hash-concurrency", config.password_hash_concurrency,
                     "Password hashes at once")
        ->envname("OTKLIK_PASSWORD_HASH_CONCURRENCY");

    std::string data = "var";
    auto* migrate = cli.add_subcommand("migrate", "Bring the store to the current schema");
    migrate->add_option("--data", data, "Data folder")->envname("OTKLIK_DATA");
    migrate->add_option("--store", store, kStoreHelp)->envname("OTKLIK_STORE");

    auto* user = cli.add_subcommand("user", "Staff accounts");
    user->require_subcommand(1);
    std::string login, role, group, full_name, region;
    bool password_stdin = false;
    auto* user_add = user->add_subcommand("add", "Create a staff account");
    user_add->add_option("login", login)->required();
    user_add->add_option("--role", role)->required();
    user_add->add_option("--group", group);
    user_add->add_option("--full-name", full_name);
    user_add->add_option("--region", region);
    user_add->add_flag("--password-stdin", password_stdin, "Read the password from standard input")
        ->required();
    user_add->add_option("--data", data)->envname("OTKLIK_DATA");
    user_add->add_option("--store", store, kStoreHelp)->envname("OTKLIK_STORE");
    auto* user_passwd = user->add_subcommand("passwd", "Set a new password");
    user_passwd->add_option("login", login)->required();
    user_passwd->add_flag("--password-stdin", password_stdin)->required();
    user_passwd->add_option("--data", data)->envname("OTKLIK_DATA");
    user_passwd->add_option("--store", store, kStoreHelp)->envname("OTKLIK_STORE");

    int demo_count = 300;
    std::string regulations = app::DefaultRegulationsFolder();
    auto* demo = cli.add_subcommand("demo", "Load demo users, groups and appeals");
    demo->add_option("--data", data)->envname("OTKLIK_DATA");
    demo->add_option("--store", store, kStoreHelp)->envname("OTKLIK_STORE");
    demo->add_option("--appeals", demo_count, "How many demo appeals");
    demo->add_option("--regulations", regulations, "Folder of regulation files (*.toml)")
        ->envname("OTKLIK_REGULATIONS");

    std::string regulation_file;
    auto* check_regulation = cli.add_subcommand(
        "check-regulation", "Check a regulation file: prints OK or FILE:LINE: reason");
    check_regulation->add_option("file", regulation_file)->required();

    std::string file;
    auto* backup = cli.add_subcommand("backup", "Online backup of the store into FILE");
    backup->add_option("file", file)->required();
    backup->add_option("--data", data)->envname("OTKLIK_DATA");
    backup->add_option("--store", store, kStoreHelp)->envname("OTKLIK_STORE");
    auto* restore =
        cli.add_subcommand("restore", "Replace the store with the backup FILE (server stopped)");
    restore->add_option("file", file)->required()->check(CLI::ExistingFile);
    restore->add_option("--data", data)->envname("OTKLIK_DATA");
    restore->add_option("--store", store, kStoreHelp)->envname("OTKLIK_STORE");

    auto* routes = cli.add_subcommand("routes", "Print the HTTP routes (METHOD PATH)");

    CLI11_PARSE(cli, argc, argv);
    try {
        if (*serve) {
            if (!config_file.empty()) {
                app::ServeConfig from_file;
                app::LoadConfigFile(config_file, from_file);
                // Flags and environment win over the file.
                const auto keep = [&](const char* flag, auto& field, const auto& file_value) {
                    if (serve->count(flag) == 0) field = file_value;
                };
                keep("--listen", config.listen, from_file.listen);
                keep("--data", config.data, from_file.data);
                keep("--store", config.store, from_file.store);
                keep("--clock", config.clock, from_file.clock);
                keep("--clock-start", config.clock_start, from_file.clock_start);
                keep("--default-regulation", config.default_regulation,
                     from_file.default_regulation);
                keep("--regulations", config.regulations, from_file.regulations);
                keep("--time-zone", config.time_zone, from_file.time_zone);
                keep("--workers", config.workers, from_file.workers);
                keep("--io-threads", config.io_threads, from_file.io_threads);
                keep("--log-level", config.log_level, from_file.log_level);
                keep("--triage", config.triage, from_file.triage);
                keep("--web-root", config.web_root, from_file.web_root);
                keep("--trusted-proxies", config.trusted_proxies, from_file.trusted_proxies);
                keep("--metrics-public", config.metrics_public, from_file.metrics_public);
                keep("--cookie-secure", config.cookie_secure, from_file.cookie_secure);
                keep("--max-connections", config.max_connections, from_file.max_connections);
                keep("--header-timeout", config.header_timeout_seconds,
                     from_file.header_timeout_seconds);
                keep("--password-hash-concurrency", config.password_hash_concurrency,
                     from_file.password_hash_concurrency);
                // The e-mail channel is configured only in the file.
                config.mail = from_file.mail;
                config.mailboxes = from_file.mailboxes;
            }
            // Only an explicit `--clock manual` on the command line, or the deliberate
            // OTKLIK_ALLOW_TEST_CLOCK=1, opens the test clock; OTKLIK_CLOCK alone does not.
            for (int i = 1; i < argc; ++i) {
                const std::string_view arg = argv[i];
                if ((arg == "--clock" && i + 1 < argc &&
                     std::string_view(argv[i + 1]) == "manual") ||
                    arg == "--clock=manual") {
                    config.allow_test_clock = true;
                }
            }
            if (const char* allow = std::getenv("OTKLIK_ALLOW_TEST_CLOCK");
                allow && std::string_view(allow) == "1") {
                config.allow_test_clock = true;
            }
            spdlog::set_level(spdlog::level::from_str(config.log_level));
            return app::Serve(config);
        }
        if (*migrate) {
            const int applied = storage::MigrateStore(StoreAt(data, store));
            std::cout << "migrations applied: " << applied << '\n';
            return 0;
        }
        if (*user_add) return UserAdd(data, store, login, role, group, full_name, region);
        if (*user_passwd) return UserPasswd(data, store, login);
        if (*demo) return Demo(data, store, demo_count, regulations);
        if (*check_regulation) return app::CheckRegulation(regulation_file, std::cout, std::cerr);
        if (*backup) {
            RefuseForPostgres(store, "backup");
            storage::sqlite::BackupDatabase(app::DatabasePath(data), file);
            std::cout << "backup written to " << file << '\n';
            return 0;
        }
        if (*restore) {
            RefuseForPostgres(store, "restore");
            std::filesystem::create_directories(data);
            storage::sqlite::RestoreDatabase(file, app::DatabasePath(data));
            std::cout << "restored " << file << " into " << data << '\n';
            return 0;
        }
        if (*routes) {
            for (const auto& route : api::Api::Routes()) {
                std::cout << route.method << ' ' << route.pattern
                          << (route.test_only ? " test-only" : "") << '\n';
            }
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "otklik: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

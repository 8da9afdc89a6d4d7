#include "app/serve.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include "api/api.hpp"
#include "api/appeal_events.hpp"
#include "api/event_hub.hpp"
#include "api/server.hpp"
#include "api/static_files.hpp"
#include "app/appeal_search.hpp"
#include "app/channel_settings.hpp"
#include "app/knowledge.hpp"
#include "app/mail_channel.hpp"
#include "app/node_links.hpp"
#include "app/regulations.hpp"
#include "app/triage_screener.hpp"
#include "core/basic_workflow.hpp"
#include "core/parse_integer.hpp"
#include "jobs/deadline_watcher.hpp"
#include "sla/regions.hpp"
#include "storage/cached_users.hpp"
#include "storage/store.hpp"

namespace otklik::app {
namespace {

// KB-3: how the chatbot's dialogs end, for dashboards next to the request latencies.
void AddKnowledgeGauges(api::Metrics& metrics, core::KbRepository& store,
                        const search::KnowledgeBase& kb) {
    const auto count = [&store](std::int64_t core::ChatCounts::*field) {
        return [&store, field] {
            const auto counts = store.CountSessions();
            return counts ? static_cast<double>((*counts).*field) : 0.0;
        };
    };
    metrics.AddGauge("otklik_chatbot_sessions_total", "Chatbot dialogs started.",
                     count(&core::ChatCounts::sessions));
    metrics.AddGauge("otklik_chatbot_solved_total", "Chatbot dialogs solved by self-service.",
                     count(&core::ChatCounts::solved));
    metrics.AddGauge("otklik_chatbot_registered_total",
                     "Chatbot dialogs that ended by registering an appeal.",
                     count(&core::ChatCounts::registered));
    metrics.AddGauge("otklik_chatbot_status_answered_total",
                     "Chatbot dialogs answered about an earlier appeal's status.",
                     count(&core::ChatCounts::status));
    metrics.AddGauge("otklik_kb_indexed_articles", "Knowledge-base articles in the index.",
                     [&kb] { return static_cast<double>(kb.index().size()); });
    // Issue 15: the article classifier trains in the background after each change of the
    // articles; these say when the ranking of the latest articles includes it.
    metrics.AddGauge("otklik_kb_article_model_trainings_total",
                     "Trainings of the knowledge-base article classifier finished since start.",
                     [&kb] { return static_cast<double>(kb.index().ModelProgress().trainings); });
    metrics.AddGauge("otklik_kb_article_model_busy",
                     "1 while a training of the article classifier is pending or under way.",
                     [&kb] { return kb.index().ModelProgress().busy ? 1.0 : 0.0; });
}

void SplitListen(const std::string& listen, std::string& host, unsigned short& port) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos)
        throw std::runtime_error("--listen must be HOST:PORT, got " + listen);
    host = listen.substr(0, colon);
    const auto value = core::ParseIntegerIn<int>(listen.substr(colon + 1), 0, 65535);
    if (!value)
        throw std::runtime_error("--listen port is not a number from 0 to 65535: " + listen);
    port = static_cast<unsigned short>(*value);
}

}  // namespace

int Serve(const ServeConfig& given) {
    ServeConfig config = given;  // its mailboxes are resolved against the regulations below
    // Block the stop signals in every thread; the main thread waits for them below.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    // A closed stdout or a client gone mid-write must not kill the server.
    signal(SIGPIPE, SIG_IGN);

    // Local dates where no regulation's calendar applies (letters, cards, reports, UIN year).
    core::TimeZone::SetDefault(TimeZoneOf(config.time_zone));
    spdlog::info("serve: civil time zone {}", config.time_zone);

    std::filesystem::create_directories(config.data);
    // The data folder holds the store and the applicants' attachments: the service's only.
    std::filesystem::permissions(config.data, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
    // `store`: the PostgreSQL database several nodes share; without it, SQLite in `data`.
    const auto store = storage::OpenStore(
        {config.store.empty() ? DatabasePath(config.data) : config.store, config.readers});

    std::unique_ptr<core::Clock> clock;
    core::ManualClock* manual = nullptr;
    if (config.clock == "manual") {
        if (!config.allow_test_clock) {
            throw std::runtime_error(
                "the manual clock is for tests: give --clock manual on the command line or set "
                "OTKLIK_ALLOW_TEST_CLOCK=1");
        }
        core::Instant start = core::SystemClock().Now();
        if (!config.clock_start.empty()) {
            const auto parsed = core::ParseInstant(config.clock_start);
            if (!parsed)
                throw std::runtime_error("--clock-start is not RFC 3339: " + config.clock_start);
            start = *parsed;
        }
        auto manual_clock = std::make_unique<core::ManualClock>(start);
        manual = manual_clock.get();
        clock = std::move(manual_clock);
        spdlog::warn("serve: manual clock — for tests only; POST /api/v1/test/clock moves time");
    } else if (config.clock == "system") {
        clock = std::make_unique<core::SystemClock>();
    } else {
        throw std::runtime_error("--clock must be system or manual, got " + config.clock);
    }

    // The regulations of the deployment; the basic workflow only when none loaded, and for
    // appeals of regulations no longer loaded.
    const auto catalog = LoadRegulationFolder(config.regulations);
    // What the channel adapters say and do under each regulation (regulations/channels/).
    const auto channel_settings = LoadChannelSettings(config.regulations);
    ResolveMailboxes(config.mailboxes, *catalog);
    const std::string default_regulation = config.default_regulation.empty()
                                               ? catalog->DefaultRegulation()
                                               : config.default_regulation;
    core::BasicWorkflow basic(UinPrefixes(*catalog), default_regulation);
    std::unique_ptr<regulation::RegulationWorkflow> regulated;
    const core::Workflow* workflow = &basic;
    if (catalog->HasRegulations()) {
        regulated = MakeRegulationWorkflow(catalog, ReferenceDataDir(config.regulations),
                                           default_regulation, &basic);
        workflow = regulated.get();
    } else {
        spdlog::warn("serve: no regulation loaded from '{}'; appeals follow the basic workflow",
                     config.regulations);
    }
    // Every write may bring a timer earlier than the one the watcher sleeps for.
    jobs::DeadlineWatcher* watcher_of_writes = nullptr;
    // Full-text search over appeals; the embedded store's index follows every write.
    AppealSearchSetup appeal_search(*store, config.data, ReferenceDataDir(config.regulations));
    jobs::NotifyingRepository notifying(store->Appeals(), [&watcher_of_writes, &appeal_search] {
        if (watcher_of_writes) watcher_of_writes->Notify();
        appeal_search.Notify();
    });
    api::EventHub events;
    core::AppealService appeals(notifying, *workflow, *clock);
    // Issue 16: every channel's new appeal reaches live queues from the one place that
    // registers appeals — the web and API, the chatbot, e-mail intake, calls, spawned claims.
    appeals.SetRegistrationListener(
        [&events](const core::Appeal& appeal) { api::PublishAppeal(events, appeal, "created"); });
    // Every draft passes triage before it is registered (TR-1…TR-8).
    std::unique_ptr<TriageScreener> screener;
    if (config.triage == "on") {
        screener =
            std::make_unique<TriageScreener>(ReferenceDataDir(config.regulations), catalog.get());
        const std::size_t remembered = screener->RememberRecent(store->Appeals(), clock->Now());
        spdlog::info("triage: {} recent appeals remembered for mass incidents", remembered);
        appeals.SetScreener(screener.get());
    } else if (config.triage != "off") {
        throw std::runtime_error("--triage must be on or off, got " + config.triage);
    } else {
        spdlog::warn("serve: intake triage is off");
    }
    jobs::DeadlineWatcher watcher(appeals, store->Appeals(), *clock);
    watcher_of_writes = &watcher;
    const core::SystemClock wall_clock;
    api::AuthOptions auth_options;
    auth_options.max_concurrent_hashes = config.password_hash_concurrency;
    auth_options.cookie_secure =
        config.cookie_secure || config.mail.public_url.rfind("https://", 0) == 0;
    // Every request reads its credential and user: kept for a second, forgotten on any write.
    storage::CachedUsers users(store->Users());
    api::Authenticator auth(users, wall_clock, auth_options);
    api::Metrics metrics;
    metrics.AddGauge("otklik_store_commits_total", "Store transactions committed since start.",
                     [&store] { return static_cast<double>(store->Counters().commits); });
    metrics.AddGauge("otklik_store_units_total",
                     "Write units committed since start (group commit).",
                     [&store] { return static_cast<double>(store->Counters().units); });
    metrics.AddGauge("otklik_store_pages_total",
                     "Database pages written by those commits (0 where the store does not count).",
                     [&store] { return static_cast<double>(store->Counters().pages); });
    metrics.AddGauge("otklik_watcher_changes_total",
                     "Appeal changes saved by SLA timers since start.",
                     [&watcher] { return static_cast<double>(watcher.changes()); });
    api::ApiDependencies deps{appeals,
                              store->Appeals(),
                              users,
                              store->Audit(),
                              auth,
                              *clock,
                              manual,
                              metrics,
                              [&store] { return store->Ping(); },
                              catalog.get(),
                              {},
                              &events};
    // The e-mail channel: mailbox pollers, the outbox sender, failed letters, signed links.
    MailChannel mail(config, store->Mail(), store->Appeals(), appeals, *clock, channel_settings,
                     store->Leadership());
    deps.mail = &mail;
    deps.outbox = &store->Mail();
    // With the manual clock, moving time runs what fell due before the answer: the timers, the
    // outbox, and a poll of every mailbox (tests).
    if (manual) {
        deps.after_clock_change = [&watcher, &mail] {
            watcher.RunDue();
            mail.RunDue();
        };
    }
    // The knowledge bases and the chatbot; the index is rebuilt from the store at start.
    const auto knowledge =
        MakeKnowledge(*store, appeals, *clock, ReferenceDataDir(config.regulations),
                      default_regulation, *workflow, catalog.get(), channel_settings);
    deps.kb = &knowledge->kb;
    // The regulations' regions (the regions routes, the list's region filter by name), else the
    // reference list the search loaded.
    deps.regions = regulated && regulated->KnownRegions() != nullptr ? regulated->KnownRegions()
                                                                     : appeal_search.regions();
    deps.chatbot = &knowledge->chatbot;
    // SEC-5: public channels reveal an existing appeal only to a proven e-mail address.
    core::ContactProof contact_proof(store->ContactProofs(), *clock,
                                     api::ContactProofCryptoOfSodium());
    deps.contact_proof = &contact_proof;
    core::StatusAccess status_access(store->ContactProofs(), store->Appeals(), *clock,
                                     api::ContactProofCryptoOfSodium());
    deps.status_access = &status_access;
    knowledge->chatbot.SetContactProof(&contact_proof);
    core::CallService calls(store->Calls(), *workflow, *clock);
    deps.calls = &calls;
    deps.reports = &store->Reports();
    deps.attachments_dir = (std::filesystem::path(config.data) / "mail" / "attachments").string();
    for (const auto& proxy : config.trusted_proxies) {
        const std::string address = api::CanonicalAddress(proxy);
        if (address.empty()) {
            throw std::runtime_error("trusted_proxies: not an IP address: " + proxy);
        }
        deps.trusted_proxies.push_back(address);
    }
    deps.metrics_public = config.metrics_public;
    deps.appeal_search = &appeal_search.search();
    AddKnowledgeGauges(metrics, knowledge->kb_store, knowledge->kb);
    appeal_search.AddGauges(metrics);
    // Several nodes on one store: live events, knowledge-base changes and failed logins.
    api::LoginGuard login_guard;
    deps.login_guard = &login_guard;
    NodeLinks links(store->Bus(), events, knowledge->kb, login_guard, metrics);
    if (screener) {
        // Triage's memory of recent reports takes in the other nodes' registrations too: a mass
        // incident's reports arrive through every node.
        links.FollowRegistrations(
            [&store, &screener](const std::string& uin) {
                auto appeal = store->Appeals().FindByUin(uin);
                if (appeal) screener->Remember(*appeal);
            },
            [&store, &screener, &clock] {
                screener->RememberRecent(store->Appeals(), clock->Now());
            });
    }
    api::Api api(std::move(deps));
    std::unique_ptr<api::StaticFiles> web;
    if (!config.web_root.empty()) web = std::make_unique<api::StaticFiles>(config.web_root);

    api::ServerOptions options;
    SplitListen(config.listen, options.address, options.port);
    options.worker_threads = config.workers;
    options.io_threads = config.io_threads;
    options.header_timeout = std::chrono::seconds(std::max(1, config.header_timeout_seconds));
    // Every connection is a descriptor: leave room below the limit for the store, the mail
    // channel and the listening socket, so accept never fails for want of one.
    options.max_connections = std::max(1, config.max_connections);
    if (rlimit limit{}; getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        const auto room = static_cast<long>(limit.rlim_cur) - 64;
        if (room < options.max_connections) {
            options.max_connections = static_cast<int>(std::max(16L, room));
            spdlog::warn("serve: max_connections lowered to {} by the descriptor limit {}",
                         options.max_connections, limit.rlim_cur);
        }
    }
    // Short reads of the embedded store are answered on the I/O threads: a SQLite read of a
    // queue page takes tens of microseconds, less than handing it to a worker and back. A
    // PostgreSQL read is a round trip to another server and would hold an I/O thread for it.
    if (config.store.empty()) options.answers_on_io_thread = &api::Api::IsShortRead;
    api::HttpServer server(options, [&api, &web](api::Request& request) {
        if (web && web->Handles(request)) {
            auto response = web->Serve(request);
            response.Header("X-Content-Type-Options", "nosniff");
            return response;
        }
        return api.Handle(request);
    });
    links.Start();
    watcher.Start();
    appeal_search.Start();
    mail.Start(/*outbox_thread=*/manual == nullptr);
    const unsigned short port = server.Start();
    std::printf("otklik: listening on http://%s:%u\n", options.address.c_str(), port);
    std::fflush(stdout);
    spdlog::info("serve: listening on {}:{}, data in {}", options.address, port, config.data);

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    spdlog::info("serve: signal {} — stopping", signal_number);
    server.Stop();
    events.Clear();
    mail.Stop();
    watcher.Stop();
    appeal_search.Stop();
    return 0;
}

}  // namespace otklik::app

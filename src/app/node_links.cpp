#include "app/node_links.hpp"

#include <charconv>
#include <set>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace otklik::app {
namespace {

namespace json = boost::json;

// The store's knowledge-base notices (storage/postgres/migrations.cpp): "article:<id>" or
// "reload".
void ApplyKnowledgeChanges(search::KnowledgeBase& kb, const std::vector<std::string>& messages) {
    std::set<std::int64_t> articles;
    bool reload = false;
    for (const auto& message : messages) {
        constexpr std::string_view kArticle = "article:";
        std::int64_t id = 0;
        if (message.starts_with(kArticle) &&
            std::from_chars(message.data() + kArticle.size(), message.data() + message.size(), id)
                    .ec == std::errc{}) {
            articles.insert(id);
        } else {
            reload = true;
        }
    }
    if (reload || articles.size() > NodeLinks::kMaxRefreshes) {
        kb.Reload();
        spdlog::info("kb: index reloaded after another node's change");
        return;
    }
    for (const auto id : articles) kb.Refresh(id);
}

std::string Text(const json::object& message, std::string_view key) {
    const auto* value = message.if_contains(key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

NodeLinks::NodeLinks(storage::NodeBus& bus, api::EventHub& events, search::KnowledgeBase& kb,
                     api::LoginGuard& login_guard, api::Metrics& metrics)
    : bus_(bus) {
    metrics.AddGauge("otklik_node_bus_listening",
                     "1 while this node hears the other nodes on the store (LISTEN), else 0.",
                     [&bus] { return bus.Listening() ? 1.0 : 0.0; });
    const auto counter = [&metrics](const char* name, const char* help,
                                    const std::atomic<std::uint64_t>& count) {
        metrics.AddGauge(name, help, [&count] { return static_cast<double>(count.load()); });
    };
    counter("otklik_node_events_received_total", "Live events heard from the other nodes.",
            events_);
    counter("otklik_node_kb_changes_received_total",
            "Knowledge-base changes heard from the other nodes.", kb_changes_);
    counter("otklik_node_logins_received_total", "Login outcomes heard from the other nodes.",
            logins_);
    events.SetRelay([&bus](std::string_view event, std::string_view data, std::string_view region) {
        const auto message =
            json::serialize(json::object{{"event", event}, {"data", data}, {"region", region}});
        if (!bus.Publish("events", message)) {
            spdlog::warn("events: an event of {} bytes is too long for the other nodes",
                         message.size());
        }
    });
    // Notifications sent while this node did not listen are not kept by PostgreSQL: once it
    // listens again, every operator's screen re-reads instead of trusting a stream with a gap.
    bus.Subscribe(
        "events",
        [this, &events](const std::vector<std::string>& messages) {
            events_.fetch_add(messages.size());
            for (const auto& text : messages) {
                boost::system::error_code error;
                const auto parsed = json::parse(text, error);
                if (error || !parsed.is_object()) continue;
                const auto& message = parsed.get_object();
                events.Deliver(Text(message, "event"), Text(message, "data"),
                               Text(message, "region"));
                if (on_registered_ && Text(message, "event") == "appeal") {
                    const auto data = json::parse(Text(message, "data"), error);
                    if (!error && data.is_object() &&
                        Text(data.get_object(), "change") == "created") {
                        on_registered_(Text(data.get_object(), "uin"));
                    }
                }
            }
        },
        [this, &events] {
            events.Resync();
            if (on_resync_) on_resync_();
        });

    bus.Subscribe(
        "kb",
        [this, &kb](const std::vector<std::string>& messages) {
            ApplyKnowledgeChanges(kb, messages);
            kb_changes_.fetch_add(messages.size());
        },
        [&kb] { kb.Reload(); });

    login_guard.SetRelay([&bus](bool failed, const std::string& address, const std::string& login) {
        bus.Publish("logins", json::serialize(json::object{
                                  {"failed", failed}, {"address", address}, {"login", login}}));
    });
    bus.Subscribe("logins", [this, &login_guard](const std::vector<std::string>& messages) {
        const auto now = api::LoginGuard::Clock::now();
        for (const auto& text : messages) {
            boost::system::error_code error;
            const auto parsed = json::parse(text, error);
            if (error || !parsed.is_object()) continue;
            const auto& message = parsed.get_object();
            const auto* failed = message.if_contains("failed");
            if (failed && failed->is_bool() && failed->get_bool()) {
                login_guard.FailedElsewhere(Text(message, "address"), Text(message, "login"), now);
            } else {
                login_guard.SucceededElsewhere(Text(message, "login"));
            }
        }
        logins_.fetch_add(messages.size());
    });
}

NodeLinks::~NodeLinks() { bus_.Stop(); }

void NodeLinks::FollowRegistrations(std::function<void(const std::string& uin)> on_registered,
                                    std::function<void()> on_resync) {
    on_registered_ = std::move(on_registered);
    on_resync_ = std::move(on_resync);
}

void NodeLinks::Start() { bus_.Start(); }

}  // namespace otklik::app

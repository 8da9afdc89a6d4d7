#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "api/event_hub.hpp"
#include "api/login_guard.hpp"
#include "api/metrics.hpp"
#include "search/knowledge_base.hpp"
#include "storage/node_bus.hpp"

namespace otklik::app {

/// What makes several `otklik serve` nodes on one store one system beyond the store itself
/// (issue 14), over the store's bus (storage::NodeBus; nothing with the embedded store):
/// - the live events this node publishes reach the operators connected to the other nodes, and
///   theirs reach this node's subscribers (identifiers and codes only, as on the stream);
/// - knowledge-base changes any node commits reach this node's index: the store announces each
///   changed article, or a reload for bases and synonyms; the whole index is reloaded each time
///   the bus (re)connects, which catches up with what was missed while it could not listen;
/// - failed and successful logins reach every node's login guard, so that an account's back-off
///   and an address's throttle hold whichever node a client tries;
/// - appeals registered on the other nodes reach FollowRegistrations' callback (triage's memory
///   of recent reports, for mass incidents).
/// Construct after the objects it feeds and before the server starts; the bus stops when this
/// object goes, before they do.
class NodeLinks {
public:
    /// Adds its gauges to `metrics`: whether the bus listens, and the messages heard per topic.
    NodeLinks(storage::NodeBus& bus, api::EventHub& events, search::KnowledgeBase& kb,
              api::LoginGuard& login_guard, api::Metrics& metrics);
    ~NodeLinks();
    NodeLinks(const NodeLinks&) = delete;
    NodeLinks& operator=(const NodeLinks&) = delete;

    /// Starts listening to the other nodes.
    void Start();

    /// `on_registered` gets the UIN of each appeal another node registers, on the bus's thread;
    /// `on_resync` runs each time the bus (re)connects, when such notices may have been missed.
    /// Call before Start.
    void FollowRegistrations(std::function<void(const std::string& uin)> on_registered,
                             std::function<void()> on_resync);

    /// A knowledge-base batch of more articles than this is applied as one reload.
    static constexpr std::size_t kMaxRefreshes = 64;

private:
    storage::NodeBus& bus_;
    // Messages heard from the other nodes, by topic (the bus's thread writes).
    std::atomic<std::uint64_t> events_{0};
    std::atomic<std::uint64_t> kb_changes_{0};
    std::atomic<std::uint64_t> logins_{0};
    std::function<void(const std::string&)> on_registered_;
    std::function<void()> on_resync_;
};

}  // namespace otklik::app

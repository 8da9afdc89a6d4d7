#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace otklik::storage {

/// Messages between the nodes that share a store (issue 14): what one node publishes on a
/// topic, every other node that subscribed to the topic hears soon after, in the order that
/// node published. Best effort, for hints such as "appeal X changed": a message published while
/// the store is unreachable is lost, and a subscriber is told when it may have missed some
/// (`on_connected`), so that it can catch up from the store. A node never hears its own
/// messages. The embedded store serves one node: publishing does nothing, nothing is heard.
/// Thread-safe.
class NodeBus {
public:
    /// The longest message: PostgreSQL's NOTIFY carries fewer than 8000 bytes, and the sender's
    /// name goes with each message.
    static constexpr std::size_t kMaxMessage = 7900;

    /// The messages that arrived together on one topic, oldest first.
    using Handler = std::function<void(const std::vector<std::string>& messages)>;

    virtual ~NodeBus() = default;

    /// Queues `message` for the other nodes and returns at once (never waits for the store).
    /// False, and nothing is sent, when the message is longer than kMaxMessage or the topic is
    /// not made of the letters a–z and '_'.
    virtual bool Publish(std::string_view topic, std::string_view message) = 0;

    /// Calls `on_messages` on the bus's thread with the messages the other nodes publish on
    /// `topic`, and `on_connected` (when given) each time the bus has connected to the store:
    /// at Start and after a lost connection, when messages of the time before may be missing.
    /// Call before Start.
    virtual void Subscribe(std::string topic, Handler on_messages,
                           std::function<void()> on_connected = {}) = 0;

    /// Starts listening in a thread of the bus.
    virtual void Start() = 0;
    /// Stops the thread: no handler runs once it returns. Safe to call more than once.
    virtual void Stop() = 0;

    /// True while the bus hears the other nodes (always, with no other node).
    [[nodiscard]] virtual bool Listening() const = 0;
};

}  // namespace otklik::storage

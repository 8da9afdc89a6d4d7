#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "api/http.hpp"
#include "core/appeal_scope.hpp"

namespace otklik::api {

/// Server-sent events inside one process: GET /api/v1/events subscribes a connection, and the
/// API publishes after each successful write (a new appeal, an action, a comment, a link).
/// Events carry identifiers and codes only, never personal data; a client reads what it may see
/// through the ordinary API. With several nodes on one store, app/ relays what this node
/// publishes to the others and delivers theirs here (issue 14). Thread-safe.
class EventHub {
public:
    /// Told of every event published here (not those delivered from other nodes).
    using Relay =
        std::function<void(std::string_view event, std::string_view data, std::string_view region)>;

    /// Sets the relay to the other nodes; before the server starts.
    void SetRelay(Relay relay) { relay_ = std::move(relay); }

    /// Keeps `sink` until a write to it fails; it hears only of appeals `scope` covers (SEC-6).
    void Subscribe(std::shared_ptr<StreamSink> sink, core::AppealScope scope);

    /// Sends `event: <event>` with one `data:` line (`data` must hold no newline) to every
    /// subscriber whose scope covers an appeal of applicant region `region`, dropping those
    /// whose connection has closed.
    void Publish(std::string_view event, std::string_view data, std::string_view region);

    /// Sends an event another node published to this node's subscribers, as Publish does,
    /// without relaying it again.
    void Deliver(std::string_view event, std::string_view data, std::string_view region);

    /// Sends `event: ready` to every subscriber: what they hear may have a gap (the link to the
    /// other nodes was down), so they re-read what they show, as after their own reconnect.
    void Resync();

    /// Drops every subscriber. Call after the HTTP server stopped and before it is destroyed:
    /// a sink's connection must not outlive the server's I/O context.
    void Clear();

    /// Subscribers still connected at the last publish.
    std::size_t Subscribers() const;

    /// One SSE frame.
    static std::string Frame(std::string_view event, std::string_view data);

private:
    mutable std::mutex mutex_;
    struct Subscriber {
        std::shared_ptr<StreamSink> sink;
        core::AppealScope scope;
    };
    std::vector<Subscriber> sinks_;  ///< Guarded by `mutex_`.
    Relay relay_;
};

}  // namespace otklik::api

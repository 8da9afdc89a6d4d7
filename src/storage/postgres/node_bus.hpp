#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "storage/node_bus.hpp"
#include "storage/postgres/connection.hpp"

namespace otklik::storage::postgres {

/// The nodes' bus over PostgreSQL's LISTEN/NOTIFY (issue 14). One thread and one connection of
/// its own per node: it LISTENs on "otklik_<topic>" for every subscribed topic, and sends what
/// Publish queued, many messages per round trip, so that a request never waits for it. A
/// payload is "<sender>|<message>", the sender being the node's application_name; a node skips
/// its own. Database triggers may publish too (the knowledge base: migrations.cpp), with the
/// writing session's application_name as the sender. After a lost connection the thread
/// reconnects (1 s, 2 s… up to 30 s apart), LISTENs again and calls every `on_connected`.
class PgNodeBus final : public NodeBus {
public:
    /// `url` names this node (Database::url()); `sender` is that application_name.
    PgNodeBus(std::string url, std::string sender);
    ~PgNodeBus() override;

    bool Publish(std::string_view topic, std::string_view message) override;
    void Subscribe(std::string topic, Handler on_messages,
                   std::function<void()> on_connected) override;
    void Start() override;
    void Stop() override;
    bool Listening() const override { return listening_.load(); }

    /// Messages dropped because the store was unreachable and the queue was full (metrics).
    std::uint64_t dropped() const { return dropped_.load(); }

    /// Messages queued at most while the store cannot be reached; older ones are dropped.
    static constexpr std::size_t kMaxQueued = 10000;

private:
    struct Subscription {
        Handler on_messages;
        std::function<void()> on_connected;
    };

    void Loop();
    /// Connects, LISTENs and tells the subscribers; false when the store cannot be reached.
    bool Connect();
    void SendQueued();
    void Dispatch(const std::vector<Notification>& received);
    /// Waits until the connection has something to read, a message is queued or `timeout_ms`.
    void Wait(int timeout_ms);
    void Wake();

    const std::string url_;
    const std::string sender_;
    std::map<std::string, Subscription> subscriptions_;  // by channel; fixed once started
    std::unique_ptr<Connection> connection_;             // the thread's only
    int wake_fd_ = -1;                                   // an eventfd: Publish and Stop
    std::uint64_t sent_ = 0;                             // the thread's only

    std::mutex mutex_;
    std::deque<std::pair<std::string, std::string>> queue_;  // guarded by mutex_
    bool stopping_ = false;                                  // guarded by mutex_
    std::condition_variable stop_signal_;
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<bool> listening_{false};
    std::thread thread_;
};

}  // namespace otklik::storage::postgres

#include "storage/postgres/node_bus.hpp"

#include <algorithm>
#include <chrono>

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace otklik::storage::postgres {
namespace {

constexpr std::string_view kChannelPrefix = "otklik_";

bool ValidTopic(std::string_view topic) {
    return !topic.empty() && topic.size() <= 40 &&
           std::all_of(topic.begin(), topic.end(),
                       [](char c) { return c == '_' || (c >= 'a' && c <= 'z'); });
}

// A PostgreSQL array literal of text elements: {"a","b\"c"}.
std::string TextArray(const std::vector<std::string>& items) {
    std::string literal = "{";
    for (const auto& item : items) {
        if (literal.size() > 1) literal += ',';
        literal += '"';
        for (const char c : item) {
            if (c == '"' || c == '\\') literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    literal += '}';
    return literal;
}

}  // namespace

PgNodeBus::PgNodeBus(std::string url, std::string sender)
    : url_(std::move(url)), sender_(std::move(sender)), wake_fd_(eventfd(0, EFD_NONBLOCK)) {
    if (wake_fd_ < 0) throw std::runtime_error("node bus: eventfd failed");
}

PgNodeBus::~PgNodeBus() {
    Stop();
    close(wake_fd_);
}

bool PgNodeBus::Publish(std::string_view topic, std::string_view message) {
    if (!ValidTopic(topic) || message.size() > kMaxMessage) return false;
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= kMaxQueued) {
            queue_.pop_front();
            dropped_.fetch_add(1);
        }
        queue_.emplace_back(std::string(kChannelPrefix).append(topic), std::string(message));
    }
    Wake();
    return true;
}

void PgNodeBus::Subscribe(std::string topic, Handler on_messages,
                          std::function<void()> on_connected) {
    if (!ValidTopic(topic)) throw std::invalid_argument("node bus: bad topic " + topic);
    subscriptions_[std::string(kChannelPrefix).append(topic)] = {std::move(on_messages),
                                                                 std::move(on_connected)};
}

void PgNodeBus::Start() {
    if (thread_.joinable()) return;
    thread_ = std::thread([this] { Loop(); });
}

void PgNodeBus::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_signal_.notify_all();
    Wake();
    if (thread_.joinable()) thread_.join();
}

void PgNodeBus::Wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = write(wake_fd_, &one, sizeof one);
}

bool PgNodeBus::Connect() {
    try {
        connection_ = std::make_unique<Connection>(url_);
        for (const auto& [channel, subscription] : subscriptions_) {
            connection_->Exec("LISTEN " + channel);
        }
    } catch (const PgError& e) {
        spdlog::warn("node bus: cannot listen: {}", e.what());
        connection_.reset();
        return false;
    }
    listening_ = true;
    spdlog::info("node bus: listening to the other nodes on {} topics", subscriptions_.size());
    // From here on nothing is missed; what was published before may have been.
    for (const auto& [channel, subscription] : subscriptions_) {
        if (!subscription.on_connected) continue;
        try {
            subscription.on_connected();
        } catch (const std::exception& e) {
            spdlog::error("node bus: {}: catching up failed: {}", channel, e.what());
        }
    }
    return true;
}

void PgNodeBus::SendQueued() {
    std::deque<std::pair<std::string, std::string>> queued;
    {
        std::lock_guard lock(mutex_);
        queued.swap(queue_);
    }
    if (queued.empty()) return;
    // One statement per channel, its messages in order. Each payload carries a number of its
    // own: PostgreSQL folds equal notifications of one transaction into one.
    std::map<std::string, std::vector<std::string>> by_channel;
    for (auto& [channel, message] : queued) {
        by_channel[channel].push_back(sender_ + "#" + std::to_string(++sent_) + "|" + message);
    }
    try {
        for (const auto& [channel, payloads] : by_channel) {
            connection_->Query(
                "SELECT count(pg_notify($1, m)) FROM unnest($2::text[]) WITH ORDINALITY "
                "AS t(m, n)",
                Params().Add(channel).Add(TextArray(payloads)));
        }
    } catch (const PgError&) {
        dropped_.fetch_add(queued.size());
        throw;
    }
}

void PgNodeBus::Dispatch(const std::vector<Notification>& received) {
    if (received.empty()) return;
    std::map<std::string, std::vector<std::string>> by_channel;
    for (const auto& notification : received) {
        const auto bar = notification.payload.find('|');
        if (bar == std::string::npos) continue;
        const std::string_view origin(notification.payload.data(), bar);
        if (origin.substr(0, origin.find('#')) == sender_) continue;  // our own
        by_channel[notification.channel].push_back(notification.payload.substr(bar + 1));
    }
    for (const auto& [channel, messages] : by_channel) {
        const auto found = subscriptions_.find(channel);
        if (found == subscriptions_.end()) continue;
        try {
            found->second.on_messages(messages);
        } catch (const std::exception& e) {
            spdlog::error("node bus: {}: {}", channel, e.what());
        }
    }
}

void PgNodeBus::Wait(int timeout_ms) {
    pollfd fds[2] = {{connection_->Socket(), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (poll(fds, 2, timeout_ms) > 0 && (fds[1].revents & POLLIN)) {
        std::uint64_t count = 0;
        [[maybe_unused]] const auto n = read(wake_fd_, &count, sizeof count);
    }
}

void PgNodeBus::Loop() {
    auto backoff = std::chrono::seconds(1);
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        if (!connection_ && !Connect()) {
            // Only Stop ends this wait: a Publish must not hurry the next attempt.
            std::unique_lock lock(mutex_);
            stop_signal_.wait_for(lock, backoff, [this] { return stopping_; });
            backoff = std::min(backoff * 2, std::chrono::seconds(30));
            continue;
        }
        backoff = std::chrono::seconds(1);
        try {
            SendQueued();
            Dispatch(connection_->TakeNotifications());
            Wait(1000);
            Dispatch(connection_->TakeNotifications());
        } catch (const PgError& e) {
            spdlog::warn("node bus: connection lost: {}", e.what());
            listening_ = false;
            connection_.reset();
        }
    }
}

}  // namespace otklik::storage::postgres

#include "api/event_hub.hpp"

#include <algorithm>

namespace otklik::api {

void EventHub::Subscribe(std::shared_ptr<StreamSink> sink, core::AppealScope scope) {
    const std::lock_guard lock(mutex_);
    sinks_.push_back({std::move(sink), std::move(scope)});
}

std::string EventHub::Frame(std::string_view event, std::string_view data) {
    std::string frame;
    frame.reserve(event.size() + data.size() + 16);
    frame.append("event: ").append(event).append("\ndata: ").append(data).append("\n\n");
    return frame;
}

void EventHub::Publish(std::string_view event, std::string_view data, std::string_view region) {
    Deliver(event, data, region);
    if (relay_) relay_(event, data, region);
}

void EventHub::Deliver(std::string_view event, std::string_view data, std::string_view region) {
    const std::string frame = Frame(event, data);
    const std::lock_guard lock(mutex_);
    std::erase_if(sinks_, [&](const Subscriber& subscriber) {
        return subscriber.scope.CoversRegion(region) && !subscriber.sink->Send(frame);
    });
}

void EventHub::Resync() {
    const std::string frame = Frame("ready", "{}");
    const std::lock_guard lock(mutex_);
    std::erase_if(sinks_,
                  [&](const Subscriber& subscriber) { return !subscriber.sink->Send(frame); });
}

void EventHub::Clear() {
    std::vector<Subscriber> sinks;
    {
        const std::lock_guard lock(mutex_);
        sinks.swap(sinks_);
    }
}

std::size_t EventHub::Subscribers() const {
    const std::lock_guard lock(mutex_);
    return sinks_.size();
}

}  // namespace otklik::api

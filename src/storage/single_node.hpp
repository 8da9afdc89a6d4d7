#pragma once

#include "core/leadership.hpp"
#include "storage/node_bus.hpp"

namespace otklik::storage {

/// The embedded store's one node leads every role.
class SoleLeadership final : public core::Leadership {
public:
    bool Lead(std::string_view /*role*/) override { return true; }
    void Resign(std::string_view /*role*/) override {}
};

/// The embedded store's one node has no other node to tell or hear from.
class NoOtherNodes final : public NodeBus {
public:
    bool Publish(std::string_view /*topic*/, std::string_view /*message*/) override { return true; }
    void Subscribe(std::string /*topic*/, Handler /*on_messages*/,
                   std::function<void()> /*on_connected*/) override {}
    void Start() override {}
    void Stop() override {}
    bool Listening() const override { return true; }
};

}  // namespace otklik::storage

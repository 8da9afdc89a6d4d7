#pragma once

#include <string_view>

namespace otklik::core {

/// Which node runs a job that must run on one node at a time among the nodes that share a
/// store (a mailbox's poller: issue 14). At most one node leads a role; a node that dies loses
/// its roles with its database session, and the next node that asks takes them. Implemented by
/// the store: the embedded store serves one node, which leads every role. Thread-safe.
class Leadership {
public:
    virtual ~Leadership() = default;

    /// True when this node leads `role` now: it held the role and still does, or no node held
    /// it and this one took it. False when another node leads it, or when the store cannot be
    /// reached (a node that cannot tell must not act). Ask before each run of the job: a node
    /// loses its roles when its session with the store ends.
    [[nodiscard]] virtual bool Lead(std::string_view role) = 0;

    /// Gives `role` up, so that another node may take it at once (a stopping node).
    virtual void Resign(std::string_view role) = 0;
};

}  // namespace otklik::core

#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "core/leadership.hpp"
#include "storage/postgres/connection.hpp"

namespace otklik::storage::postgres {

/// Leadership among the nodes on one PostgreSQL database (issue 14): a role is a session-level
/// advisory lock (pg_try_advisory_lock) held on a connection of its own, opened on first use.
/// When a node dies its session ends and the server releases the lock, so the next node that
/// asks takes the role; a node vanished from the network is noticed by the server's TCP
/// keepalive, which this session sets to about 25 s. Each Lead call checks that the session is
/// alive, so a node whose session ended (and with it its roles) stops leading at its next call.
/// Thread-safe.
class PgLeadership final : public core::Leadership {
public:
    /// `url` should name the node (WithApplicationName): pg_locks then shows who leads.
    explicit PgLeadership(std::string url) : url_(std::move(url)) {}
    ~PgLeadership() override;

    bool Lead(std::string_view role) override;
    void Resign(std::string_view role) override;

    /// The advisory lock key of `role` (a 64-bit FNV-1a of "otklik:" and the role).
    static std::int64_t Key(std::string_view role);

private:
    /// Opens the session, or a fresh one when the old one ended; its locks are gone then.
    void Connect();

    const std::string url_;
    std::mutex mutex_;
    std::unique_ptr<Connection> connection_;   // guarded by mutex_
    std::set<std::string, std::less<>> held_;  // guarded by mutex_
};

}  // namespace otklik::storage::postgres

#include "storage/postgres/leadership.hpp"

#include <spdlog/spdlog.h>

namespace otklik::storage::postgres {

PgLeadership::~PgLeadership() = default;  // closing the session releases every role

std::int64_t PgLeadership::Key(std::string_view role) {
    std::uint64_t hash = 14695981039346656037ULL;
    const std::string key = "otklik:" + std::string(role);
    for (const char c : key) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return static_cast<std::int64_t>(hash);
}

void PgLeadership::Connect() {
    held_.clear();
    if (connection_) {
        connection_->Reset();
    } else {
        connection_ = std::make_unique<Connection>(url_);
    }
    // The server notices a node that vanished without closing its connection by TCP keepalive:
    // idle 10 s, then 3 probes 5 s apart. A killed process closes its socket: at once.
    connection_->Exec(
        "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; "
        "SET tcp_keepalives_count = 3");
}

bool PgLeadership::Lead(std::string_view role) {
    std::lock_guard lock(mutex_);
    try {
        if (!connection_ || !connection_->Healthy()) {
            if (!held_.empty()) {
                spdlog::warn("leadership: the session with the store ended; {} roles lost",
                             held_.size());
            }
            Connect();
        }
        if (held_.contains(role)) return true;
        const auto taken =
            connection_->Query("SELECT pg_try_advisory_lock($1)", Params().Add(Key(role)));
        if (!taken.Bool(0, 0)) return false;
        held_.emplace(role);
        return true;
    } catch (const PgError& e) {
        spdlog::warn("leadership: cannot reach the store: {}", e.what());
        held_.clear();
        connection_.reset();
        return false;
    }
}

void PgLeadership::Resign(std::string_view role) {
    std::lock_guard lock(mutex_);
    const auto it = held_.find(role);
    if (it == held_.end()) return;
    held_.erase(it);
    try {
        connection_->Query("SELECT pg_advisory_unlock($1)", Params().Add(Key(role)));
    } catch (const PgError& e) {
        spdlog::warn("leadership: cannot give up a role: {}", e.what());
    }
}

}  // namespace otklik::storage::postgres

#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/appeal_search.hpp"
#include "core/calls.hpp"
#include "core/contact_proof.hpp"
#include "core/knowledge.hpp"
#include "core/leadership.hpp"
#include "core/mail_store.hpp"
#include "core/reports.hpp"
#include "core/repositories.hpp"
#include "storage/node_bus.hpp"

namespace otklik::storage {

/// Where a store lives and how it is opened.
struct StoreOptions {
    /// A file path for the embedded SQLite store (e.g. DIR/otklik.db, created when missing), or
    /// a `postgresql://USER@HOST:PORT/DB` URL for the shared store of several nodes.
    std::string location;
    /// Read connections; reads never wait for writes.
    int readers = 4;
};

/// Durable transactions and the units of work they carried since the store was opened: their
/// ratio is the average batch of group commit (metrics, benchmarks).
struct WriteCounters {
    std::uint64_t commits = 0;
    std::uint64_t units = 0;
    /// Database pages written by those commits (the embedded store's WAL frames; 0 where the
    /// store does not count them): pages per unit is the write volume of a registration.
    std::uint64_t pages = 0;
};

/// One open store: the repositories of every core interface over one database (an SQLite file
/// or a PostgreSQL database), which stays open while this object lives. The repositories are
/// owned by the store; every one is thread-safe and returns from a write once it is durable.
/// The app wires these references, never a concrete store (one factory: OpenStore).
class Store {
public:
    virtual ~Store() = default;

    [[nodiscard]] virtual core::AppealRepository& Appeals() = 0;
    [[nodiscard]] virtual core::UserRepository& Users() = 0;
    [[nodiscard]] virtual core::AuditRepository& Audit() = 0;
    /// The e-mail channel's state and the outbox.
    [[nodiscard]] virtual core::MailStore& Mail() = 0;
    [[nodiscard]] virtual core::CallRepository& Calls() = 0;
    [[nodiscard]] virtual core::ReportRepository& Reports() = 0;
    [[nodiscard]] virtual core::ContactProofRepository& ContactProofs() = 0;
    /// Knowledge bases and chatbot sessions.
    [[nodiscard]] virtual core::KbRepository& Knowledge() = 0;
    /// Full-text search over appeals that the store answers itself, the same on every node
    /// (PostgreSQL's `russian` text search), or nullptr when an index outside the store serves
    /// it from SearchFeed() (the embedded store: search::XapianAppealSearch).
    [[nodiscard]] virtual core::AppealSearch* NativeSearch() = 0;
    /// The change stream and texts an index outside the store is fed from.
    [[nodiscard]] virtual core::AppealSearchFeed& SearchFeed() = 0;
    /// Which node runs the jobs that must run on one node at a time (mailbox pollers).
    [[nodiscard]] virtual core::Leadership& Leadership() = 0;
    /// Messages to and from the other nodes on the same store (live events, knowledge-base
    /// changes, failed logins).
    [[nodiscard]] virtual NodeBus& Bus() = 0;

    /// Registers already-built appeals (no idempotency keys), many per transaction: demo data
    /// and benchmarks. Returns how many were stored.
    virtual std::int64_t BulkRegister(std::vector<core::NewAppeal>& requests) = 0;
    /// Registers the chunks `next` fills (it clears and fills the vector, false when there is no
    /// more), as BulkRegister would chunk by chunk: benchmarks loading millions of appeals. A
    /// store may load them another way as long as the same rows end up stored (the embedded
    /// store loads an empty file in one transaction and builds the appeals' indexes after the
    /// rows). Returns how many were stored.
    virtual std::int64_t BulkLoad(const std::function<bool(std::vector<core::NewAppeal>&)>& next);

    /// True when the database answers a trivial query (readiness).
    [[nodiscard]] virtual bool Ping() = 0;
    [[nodiscard]] virtual WriteCounters Counters() const = 0;
};

/// True when `location` names a PostgreSQL database (postgresql:// or postgres://) rather than
/// an SQLite file.
bool IsPostgresUrl(std::string_view location);

/// Opens the store at `options.location`, bringing its schema to the current version. Throws
/// (std::runtime_error or the store's own error) when it cannot be opened: a startup failure.
std::unique_ptr<Store> OpenStore(const StoreOptions& options);

/// Brings the store at `options.location` to the current schema without opening it for work;
/// returns the number of migrations applied (`otklik migrate`).
int MigrateStore(const StoreOptions& options);

}  // namespace otklik::storage

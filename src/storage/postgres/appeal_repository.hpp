#pragma once

#include "core/repositories.hpp"
#include "storage/postgres/database.hpp"

namespace otklik::storage::postgres {

/// Appeals, their history, comments and links in PostgreSQL (core::AppealRepository).
/// Writes go through the Database's group-commit writer; reads use the pool.
class PgAppealRepository final : public core::AppealRepository {
public:
    explicit PgAppealRepository(Database& db) : db_(db) {}

    [[nodiscard]] core::Result<core::Registered> Register(core::NewAppeal request) override;
    [[nodiscard]] core::Result<core::Appeal> Update(core::AppealChange change) override;
    [[nodiscard]] core::Result<core::Appeal> FindByUin(std::string_view uin) override;
    [[nodiscard]] core::Result<core::Appeal> FindById(std::int64_t id) override;
    [[nodiscard]] core::Result<core::AppealPage> List(const core::AppealFilter& filter,
                                                      const core::PageRequest& page) override;
    [[nodiscard]] core::Result<std::vector<core::Appeal>> FindByApplicantEmail(
        std::string_view canonical_email, int limit) override;
    [[nodiscard]] core::Result<core::Comment> AddComment(const core::Comment& comment,
                                                         const core::HistoryEntry& entry) override;
    [[nodiscard]] core::Result<core::Comment> AddCommentOnce(
        const core::Comment& comment, const core::HistoryEntry& entry,
        const std::string& idempotency_key, const std::string& fingerprint) override;
    [[nodiscard]] core::Result<std::vector<core::Comment>> Comments(
        std::int64_t appeal_id) override;
    [[nodiscard]] core::Result<std::vector<core::HistoryEntry>> History(
        std::int64_t appeal_id) override;
    [[nodiscard]] core::Result<core::Link> AddLink(const core::Link& link,
                                                   const core::HistoryEntry& entry) override;
    [[nodiscard]] core::Result<std::vector<core::Link>> Links(std::int64_t appeal_id) override;
    /// With a real `now`, the appeals returned are held by this node for a short lease (server
    /// clock) so that another node's watcher skips them (FOR UPDATE SKIP LOCKED); the same node
    /// sees them again until it saves them. `Instant::max()` only looks (the next timer).
    [[nodiscard]] core::Result<std::vector<core::Appeal>> FindDue(core::Instant now,
                                                                  int limit) override;
    [[nodiscard]] core::Result<std::int64_t> Count(const core::AppealFilter& filter) override;
    [[nodiscard]] core::Result<std::vector<core::QueueCount>> QueueCounts(
        const core::AppealScope& scope) override;

    /// Writes already-built appeals without idempotency keys, many per transaction; for demo
    /// data and benchmarks. Returns how many were stored.
    std::int64_t BulkRegister(std::vector<core::NewAppeal>& requests);

private:
    Database& db_;
};

/// How long a node's deadline watcher holds the due appeals it read, in milliseconds.
inline constexpr std::int64_t kTimerLeaseMillis = 30'000;

}  // namespace otklik::storage::postgres

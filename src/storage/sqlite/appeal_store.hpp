#pragma once

#include "core/repositories.hpp"
#include "storage/sqlite/database.hpp"

namespace otklik::storage::sqlite {

/// Appeals, their history, comments and links, idempotency keys and queue counters in the
/// embedded store's file. Writes go through the file's one writer; thread-safe.
class AppealStore final : public core::AppealRepository {
public:
    /// `db` is shared with the store's other repositories and must outlive this.
    explicit AppealStore(Database& db) : db_(db) {}

    [[nodiscard]] core::Result<core::Registered> Register(core::NewAppeal request) override;
    [[nodiscard]] core::Result<core::Appeal> Update(core::AppealChange change) override;
    [[nodiscard]] core::Result<std::vector<core::Appeal>> FindDue(core::Instant now,
                                                                  int limit) override;
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

    [[nodiscard]] core::Result<std::int64_t> Count(const core::AppealFilter& filter) override;
    [[nodiscard]] core::Result<std::vector<core::QueueCount>> QueueCounts(
        const core::AppealScope& scope) override;

    /// Writes already-built appeals without idempotency keys, many per transaction; for demo
    /// data and benchmarks. Returns how many were stored.
    std::int64_t BulkRegister(std::vector<core::NewAppeal>& requests);
    /// Store::BulkLoad: into a file without appeals, every chunk in one transaction with the
    /// appeals' secondary indexes dropped first and built again after the rows (a sort each
    /// instead of a random B-tree insert per row and index); into a file with appeals, chunk by
    /// chunk as BulkRegister.
    std::int64_t BulkLoad(const std::function<bool(std::vector<core::NewAppeal>&)>& next);

private:
    /// Registration on the writer's connection: Register, BulkRegister and the appeals an
    /// Update spawns share it.
    /// A bulk load's UIN sequences and queue-counter moves, kept in memory and written once at
    /// its end instead of an upsert each per appeal.
    struct BulkTally;
    core::Result<core::Registered> RegisterIn(Connection& c, core::NewAppeal& request,
                                              BulkTally* tally = nullptr);

    Database& db_;
};

}  // namespace otklik::storage::sqlite

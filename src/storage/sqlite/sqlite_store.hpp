#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/calls.hpp"
#include "core/contact_proof.hpp"
#include "core/mail_store.hpp"
#include "core/reports.hpp"
#include "core/repositories.hpp"
#include "storage/sqlite/writer.hpp"

namespace otklik::storage::sqlite {

/// Options of the embedded store.
struct StoreOptions {
    /// The database file, e.g. DIR/otklik.db; created when missing.
    std::string path;
    /// Read connections; reads never wait for the writer.
    int readers = 4;
};

/// An outbound message waiting to be sent, with its delivery state.
struct PendingMessage {
    core::OutboxMessage message;
    std::string appeal_uin;
    int attempts = 0;
};

/// The embedded store (PL-1): one SQLite file in WAL mode, one writer thread with group
/// commit, a pool of readers. Migrates the file to the current schema when opened.
/// All methods are thread-safe; writes return once durable.
class SqliteStore final : public core::AppealRepository,
                          public core::UserRepository,
                          public core::AuditRepository,
                          public core::MailStore,
                          public core::CallRepository,
                          public core::ReportRepository,
                          public core::ContactProofRepository {
public:
    explicit SqliteStore(const StoreOptions& options);
    ~SqliteStore() override;

    // AppealRepository
    [[nodiscard]] core::Result<core::Registered> Register(core::NewAppeal request) override;
    [[nodiscard]] core::Result<core::Appeal> Update(core::AppealChange change) override;
    [[nodiscard]] core::Result<std::vector<core::Appeal>> FindDue(core::Instant now,
                                                                  int limit) override;
    [[nodiscard]] core::Result<core::Appeal> FindByUin(std::string_view uin) override;
    [[nodiscard]] core::Result<core::Appeal> FindById(std::int64_t id) override;
    [[nodiscard]] core::Result<core::AppealPage> List(const core::AppealFilter& filter,
                                                      const core::PageRequest& page) override;
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

    // UserRepository
    [[nodiscard]] core::Result<core::User> CreateUser(const core::User& user) override;
    [[nodiscard]] core::Result<core::User> UpdateUser(const core::User& user) override;
    [[nodiscard]] core::Result<core::User> FindUserByLogin(std::string_view login) override;
    [[nodiscard]] core::Result<core::User> FindUserById(std::int64_t id) override;
    [[nodiscard]] core::Result<std::vector<core::User>> ListUsers() override;
    [[nodiscard]] core::Result<core::Group> CreateGroup(const core::Group& group) override;
    [[nodiscard]] core::Result<core::Group> UpdateGroup(const core::Group& group) override;
    [[nodiscard]] core::Result<std::vector<core::Group>> ListGroups() override;
    [[nodiscard]] core::Result<core::Group> FindGroup(std::string_view code) override;
    [[nodiscard]] core::Result<core::Credential> CreateCredential(
        const core::Credential& credential) override;
    [[nodiscard]] core::Result<core::Credential> FindCredential(
        std::string_view token_hash) override;
    [[nodiscard]] core::Result<std::vector<core::Credential>> ListCredentials(
        std::int64_t user_id) override;
    [[nodiscard]] core::Result<core::Credential> RevokeCredential(std::int64_t id,
                                                                  core::Instant at) override;
    [[nodiscard]] core::Result<int> RevokeAllCredentials(std::int64_t user_id,
                                                         core::Instant at) override;

    // AuditRepository
    [[nodiscard]] core::Result<core::PersonalDataAccess> LogAccess(
        const core::PersonalDataAccess& access) override;
    [[nodiscard]] core::Result<std::vector<core::PersonalDataAccess>> Accesses(
        std::string_view appeal_uin, int limit) override;

    [[nodiscard]] core::Result<std::vector<core::QueueCount>> QueueCounts(
        const core::AppealScope& scope) override;

    // MailStore (defined in mail_store.cpp)
    [[nodiscard]] core::Result<core::MailboxState> LoadMailbox(std::string_view mailbox) override;
    [[nodiscard]] core::Result<core::MailboxState> SaveMailbox(
        const core::MailboxState& state) override;
    [[nodiscard]] core::Result<std::optional<core::ProcessedLetter>> FindLetter(
        std::string_view message_id, std::string_view mailbox, std::int64_t uidvalidity,
        std::int64_t uid) override;
    [[nodiscard]] core::Result<bool> RecordLetter(
        const core::ProcessedLetter& letter,
        const std::vector<core::OutboxMessage>& outbox) override;
    [[nodiscard]] core::Result<core::MailFailure> AddFailure(
        const core::MailFailure& failure) override;
    [[nodiscard]] core::Result<std::vector<core::MailFailure>> ListFailures(bool open_only,
                                                                            int limit) override;
    [[nodiscard]] core::Result<core::MailFailure> FindFailure(std::int64_t id) override;
    [[nodiscard]] core::Result<core::MailFailure> ResolveFailure(std::int64_t id,
                                                                 core::Instant at) override;
    [[nodiscard]] core::Result<std::vector<core::PendingOutbox>> DueOutbox(core::Instant now,
                                                                           int limit) override;
    [[nodiscard]] core::Result<bool> BeginDelivery(std::int64_t id,
                                                   core::Instant retry_at) override;
    [[nodiscard]] core::Result<bool> MarkSent(std::int64_t id, core::Instant at) override;
    [[nodiscard]] core::Result<bool> MarkFailed(std::int64_t id, std::string_view error,
                                                core::Instant retry_at, bool give_up) override;
    [[nodiscard]] core::Result<std::vector<core::PendingOutbox>> DeliveryTasks(int limit) override;
    [[nodiscard]] core::Result<core::PendingOutbox> FindOutbox(std::int64_t id) override;
    [[nodiscard]] core::Result<bool> MarkDelivered(std::int64_t id, std::string_view via,
                                                   std::string_view by, core::Instant at) override;
    // CallRepository (defined in call_store.cpp)
    [[nodiscard]] core::Result<core::Call> ReserveCall(const core::UinSlot& slot,
                                                       core::Call call) override;
    [[nodiscard]] core::Result<core::Call> FindCall(std::string_view uin) override;
    [[nodiscard]] core::Result<core::Call> EndCall(std::string_view uin, const std::string& outcome,
                                                   const std::string& note,
                                                   core::Instant at) override;
    [[nodiscard]] core::Result<std::vector<core::Call>> OpenCalls(
        const std::string& operator_login) override;

    // ReportRepository (defined in report_store.cpp)
    [[nodiscard]] core::Result<std::int64_t> ScanFacts(
        const core::ReportScope& scope,
        const std::function<void(const core::AppealFacts&)>& visit) override;

    // ContactProofRepository (defined in contact_store.cpp)
    [[nodiscard]] core::Result<core::ContactChallenge> AddChallenge(
        const core::ContactChallenge& challenge, const core::OutboxMessage& letter) override;
    [[nodiscard]] core::Result<std::vector<core::ContactChallenge>> RecentChallenges(
        std::string_view contact, core::Instant since) override;
    [[nodiscard]] core::Result<core::ContactChallenge> UpdateChallenge(
        const core::ContactChallenge& challenge) override;
    [[nodiscard]] core::Result<core::ContactProofRecord> AddProof(
        const core::ContactProofRecord& proof) override;
    [[nodiscard]] core::Result<core::ContactProofRecord> FindProof(
        std::string_view token_hash) override;

    /// Outbox messages due for sending at `now`, oldest first.
    [[nodiscard]] std::vector<PendingMessage> DueMessages(core::Instant now, int limit);
    /// Outbox rows matching `where` (SQL over `o`, with its `?` bound to `arg`), oldest first.
    [[nodiscard]] std::vector<PendingMessage> OutboxRows(std::string_view where,
                                                         std::optional<std::int64_t> arg,
                                                         int limit);
    /// Total rows of the outbox, sent or not (tests and metrics).
    [[nodiscard]] std::int64_t OutboxSize();

    /// Writes already-built appeals without idempotency keys, many per transaction; for demo
    /// data and benchmarks. Returns how many were stored.
    std::int64_t BulkRegister(std::vector<core::NewAppeal>& requests);

    /// True when the file answers a trivial query (readiness).
    bool Ping();

    /// The single writer and the readers, for other stores of the same file (knowledge base,
    /// mail state): every write of the file goes through the one writer thread.
    Writer& writer() { return *writer_; }
    ReaderPool& readers() { return *readers_; }

    std::uint64_t commits() const { return writer_->commits(); }
    std::uint64_t units() const { return writer_->units(); }

private:
    core::Result<core::Registered> RegisterIn(Connection& c, core::NewAppeal& request);
    /// The next number of the prefix and year: one sequence for appeals and reserved calls.
    static std::string NextUin(Connection& c, const std::string& prefix, int year);
    /// Takes the number of the open call `request.reserved_uin` and ends the call.
    core::Result<std::string> TakeReservedUin(Connection& c, const core::NewAppeal& request);

    std::unique_ptr<Writer> writer_;
    std::unique_ptr<ReaderPool> readers_;
};

/// Online backup of a live store into `target` (SQLite backup API): consistent while the server
/// keeps writing. Throws SqliteError on failure.
void BackupDatabase(const std::string& source, const std::string& target);

/// Replaces the store file at `target` with the backup at `source`. The server must be stopped;
/// the old WAL and shared-memory files are removed first.
void RestoreDatabase(const std::string& source, const std::string& target);

/// Opens the file and brings it to the current schema; returns migrations applied.
int MigrateDatabase(const std::string& path);

}  // namespace otklik::storage::sqlite

#pragma once

// The PostgreSQL repositories other than appeals, each over the one Database of a node.

#include "core/calls.hpp"
#include "core/contact_proof.hpp"
#include "core/knowledge.hpp"
#include "core/mail_store.hpp"
#include "core/reports.hpp"
#include "core/repositories.hpp"
#include "storage/postgres/database.hpp"

namespace otklik::storage::postgres {

/// Staff accounts, groups, sessions and tokens: shared by every node.
class PgUserRepository final : public core::UserRepository {
public:
    explicit PgUserRepository(Database& db) : db_(db) {}
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

private:
    Database& db_;
};

/// The personal-data access log (SEC-3).
class PgAuditRepository final : public core::AuditRepository {
public:
    explicit PgAuditRepository(Database& db) : db_(db) {}
    [[nodiscard]] core::Result<core::PersonalDataAccess> LogAccess(
        const core::PersonalDataAccess& access) override;
    [[nodiscard]] core::Result<std::vector<core::PersonalDataAccess>> Accesses(
        std::string_view appeal_uin, int limit) override;

private:
    Database& db_;
};

/// Mailbox positions, handled and failed letters, the outbox. DueOutbox claims the letters it
/// returns for this node (FOR UPDATE SKIP LOCKED, a lease on the server's clock), and only the
/// claimer may BeginDelivery: with several nodes each letter is sent by one of them.
class PgMailStore final : public core::MailStore {
public:
    explicit PgMailStore(Database& db) : db_(db) {}
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
    [[nodiscard]] core::Result<std::vector<core::OutboxRecord>> AppealOutbox(
        std::int64_t appeal_id) override;
    [[nodiscard]] core::Result<bool> MarkDelivered(std::int64_t id, std::string_view via,
                                                   std::string_view by, core::Instant at) override;

    /// Total rows of the outbox, sent or not (tests and metrics).
    std::int64_t OutboxSize();

private:
    Database& db_;
};

/// How long a node's outbox sender holds the letters it claimed, in milliseconds.
inline constexpr std::int64_t kOutboxLeaseMillis = 60'000;

/// Phone calls with reserved UINs (CH-2); the numbers share the appeals' counter rows.
class PgCallRepository final : public core::CallRepository {
public:
    explicit PgCallRepository(Database& db) : db_(db) {}
    [[nodiscard]] core::Result<core::Call> ReserveCall(const core::UinSlot& slot,
                                                       core::Call call) override;
    [[nodiscard]] core::Result<core::Call> FindCall(std::string_view uin) override;
    [[nodiscard]] core::Result<core::Call> EndCall(std::string_view uin, const std::string& outcome,
                                                   const std::string& note,
                                                   core::Instant at) override;
    [[nodiscard]] core::Result<std::vector<core::Call>> OpenCalls(
        const std::string& operator_login) override;
    [[nodiscard]] core::Result<core::CallDraft> SaveCallDraft(
        const core::CallDraft& draft) override;
    [[nodiscard]] core::Result<core::CallDraft> FindCallDraft(std::string_view uin) override;
    [[nodiscard]] core::Result<bool> DropCallDraft(std::string_view uin) override;
    [[nodiscard]] core::Result<std::vector<core::Call>> DraftedCalls(
        const std::string& operator_login) override;

private:
    Database& db_;
};

/// Report facts (RP-1) read from the appeals of the period.
class PgReportRepository final : public core::ReportRepository {
public:
    explicit PgReportRepository(Database& db) : db_(db) {}
    [[nodiscard]] core::Result<std::int64_t> ScanFacts(
        const core::ReportScope& scope,
        const std::function<void(const core::AppealFacts&)>& visit) override;

private:
    Database& db_;
};

/// One-time codes and proofs of control of an e-mail address (SEC-5).
class PgContactProofRepository final : public core::ContactProofRepository {
public:
    explicit PgContactProofRepository(Database& db) : db_(db) {}
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

private:
    Database& db_;
};

/// Knowledge bases, article versions, synonyms and chatbot sessions (KB-1, KB-3): one copy for
/// every node, so an edit saved on one node is what the others load.
class PgKbRepository final : public core::KbRepository {
public:
    explicit PgKbRepository(Database& db) : db_(db) {}

    [[nodiscard]] core::Result<std::vector<core::KbBase>> ListBases() override;
    [[nodiscard]] core::Result<core::KbBase> SaveBase(const core::KbBase& base) override;
    [[nodiscard]] core::Result<std::vector<core::KbArticle>> ListArticles(
        const std::string& base, bool published_only) override;
    [[nodiscard]] core::Result<core::KbArticle> FindArticle(std::int64_t id) override;
    [[nodiscard]] core::Result<core::KbArticle> FindArticleByKey(const std::string& key) override;
    [[nodiscard]] core::Result<core::KbArticle> SaveArticle(const core::KbArticle& article,
                                                            const std::string& actor) override;
    [[nodiscard]] core::Result<int> SaveArticles(const std::vector<core::KbArticle>& articles,
                                                 const std::string& actor) override;
    [[nodiscard]] core::Result<bool> DeleteArticle(std::int64_t id,
                                                   const std::string& actor) override;
    [[nodiscard]] core::Result<std::vector<core::KbRevision>> Revisions(std::int64_t id) override;
    [[nodiscard]] core::Result<std::vector<core::KbSynonymGroup>> Synonyms(
        const std::string& base) override;
    [[nodiscard]] core::Result<int> SetSynonyms(
        const std::string& base, const std::vector<core::KbSynonymGroup>& groups) override;
    [[nodiscard]] core::Result<core::ChatSession> SaveSession(
        const core::ChatSession& session) override;
    [[nodiscard]] core::Result<core::ChatSession> FindSession(const std::string& id) override;
    [[nodiscard]] core::Result<core::ChatCounts> CountSessions() override;

private:
    Database& db_;
};

}  // namespace otklik::storage::postgres

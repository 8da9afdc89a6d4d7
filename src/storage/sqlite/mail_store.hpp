#pragma once

#include "core/mail_store.hpp"
#include "storage/sqlite/database.hpp"

namespace otklik::storage::sqlite {

/// Inserts the record of a handled letter unless its Message-ID was recorded before; true when
/// it inserted. Shared by RecordLetter and a registration that carries its letter.
bool InsertProcessedLetter(Connection& c, const core::ProcessedLetter& letter);

/// The e-mail channel's state (mailbox positions, handled and failed letters) and the outbox
/// delivery state in the embedded store's file; thread-safe.
class MailStore final : public core::MailStore {
public:
    /// `db` is shared with the store's other repositories and must outlive this.
    explicit MailStore(Database& db) : db_(db) {}

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

private:
    Database& db_;
};

}  // namespace otklik::storage::sqlite

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"
#include "core/conversation.hpp"
#include "core/result.hpp"

namespace otklik::core {

/// Where a mailbox's polling stands: messages with a UID above `last_uid` under the same
/// `uidvalidity` are new. A changed UIDVALIDITY means the server renumbered the folder.
struct MailboxState {
    std::string mailbox;
    std::int64_t uidvalidity = 0;
    std::int64_t last_uid = 0;
};

/// One incoming letter that was handled (CH-7): its Message-ID and its place in the mailbox
/// are both remembered so that neither a re-delivered copy nor a re-fetched UID is taken twice.
struct ProcessedLetter {
    std::string message_id;
    std::string mailbox;
    std::int64_t uidvalidity = 0;
    std::int64_t uid = 0;
    std::int64_t appeal_id = 0;  ///< 0: no appeal (auto-reply, returned)
    std::string outcome;         ///< registered, joined, commented, returned, ignored_auto…
    Instant at{};
};

/// A letter that could not be processed, kept aside with its raw text and the reason.
struct MailFailure {
    std::int64_t id = 0;
    std::string mailbox;
    std::int64_t uidvalidity = 0;
    std::int64_t uid = 0;
    std::string message_id;
    std::string reason;
    std::string raw;
    Instant at{};
    int attempts = 1;
    std::optional<Instant> resolved_at;
};

/// An outbox row waiting for delivery, with what the sender needs to render and retry it.
struct PendingOutbox {
    OutboxMessage message;
    std::string appeal_uin;
    int attempts = 0;
};

/// An outbox row of an appeal with its delivery state (the card's conversation, issue 16).
struct OutboxRecord {
    PendingOutbox pending;
    std::optional<Instant> sent_at;  ///< sent, or delivered by staff
    std::string last_error;
    std::string delivered_via;
    std::string delivered_by;
    bool given_up = false;
};

/// Persistent state of the e-mail channel. Implemented by the store; every method is atomic,
/// durable on return and safe to call from several threads.
class MailStore {
public:
    virtual ~MailStore() = default;

    /// The saved position of `mailbox`; uidvalidity 0 and last_uid 0 when never polled.
    [[nodiscard]] virtual Result<MailboxState> LoadMailbox(std::string_view mailbox) = 0;
    [[nodiscard]] virtual Result<MailboxState> SaveMailbox(const MailboxState& state) = 0;

    /// The letter with this Message-ID, or with this UID in this mailbox, if handled before.
    [[nodiscard]] virtual Result<std::optional<ProcessedLetter>> FindLetter(
        std::string_view message_id, std::string_view mailbox, std::int64_t uidvalidity,
        std::int64_t uid) = 0;

    /// Records a handled letter and, in the same transaction, the notifications it causes
    /// (attachment refusals, a return without registration). Recording the same Message-ID
    /// twice returns false and writes nothing, so a replay after a crash never doubles mail.
    [[nodiscard]] virtual Result<bool> RecordLetter(const ProcessedLetter& letter,
                                                    const std::vector<OutboxMessage>& outbox) = 0;

    /// Stores a failed letter (or counts one more attempt of the same mailbox UID).
    [[nodiscard]] virtual Result<MailFailure> AddFailure(const MailFailure& failure) = 0;
    /// Failures newest first; unresolved only when `open_only`.
    [[nodiscard]] virtual Result<std::vector<MailFailure>> ListFailures(bool open_only,
                                                                        int limit) = 0;
    [[nodiscard]] virtual Result<MailFailure> FindFailure(std::int64_t id) = 0;
    [[nodiscard]] virtual Result<MailFailure> ResolveFailure(std::int64_t id, Instant at) = 0;

    /// Outbox rows due at `now`, oldest first.
    [[nodiscard]] virtual Result<std::vector<PendingOutbox>> DueOutbox(Instant now, int limit) = 0;
    /// Claims a row before a delivery attempt: attempts + 1 and the next attempt moved to
    /// `retry_at`, so a crash during delivery leads to a retry, not to a lost message.
    [[nodiscard]] virtual Result<bool> BeginDelivery(std::int64_t id, Instant retry_at) = 0;
    [[nodiscard]] virtual Result<bool> MarkSent(std::int64_t id, Instant at) = 0;
    /// Keeps the row for a later attempt at `retry_at` with the error; `give_up` stops retries.
    [[nodiscard]] virtual Result<bool> MarkFailed(std::int64_t id, std::string_view error,
                                                  Instant retry_at, bool give_up) = 0;

    /// Notices the applicant asked to get by phone, SMS or post: tasks for staff, oldest first
    /// (002 §3.7, §3.11; NT-3). The e-mail sender never takes them.
    [[nodiscard]] virtual Result<std::vector<PendingOutbox>> DeliveryTasks(int limit) = 0;
    /// One outbox row, delivered or not; kNotFound without it.
    [[nodiscard]] virtual Result<PendingOutbox> FindOutbox(std::int64_t id) = 0;
    /// Records that `by` delivered the notice `via` a channel; false when it already was.
    [[nodiscard]] virtual Result<bool> MarkDelivered(std::int64_t id, std::string_view via,
                                                     std::string_view by, Instant at) = 0;
    /// Every outbox row of the appeal, sent or not, oldest first (issue 16). Read from an index
    /// on the appeal; a store without one answers none.
    [[nodiscard]] virtual Result<std::vector<OutboxRecord>> AppealOutbox(std::int64_t appeal_id) {
        (void)appeal_id;
        return std::vector<OutboxRecord>{};
    }
};

/// What a re-processed letter became.
struct MailRetry {
    std::string outcome;  ///< as IntakeResult: registered, commented, returned…
    std::string uin;
};

/// What a signed confirm / dispute link stands for (LC-4, LC-5).
struct LinkTarget {
    std::string uin;
    std::string action;
    Instant expires{};
};

/// The e-mail channel as the API sees it: failed letters for administrators, and the signed
/// links of resolution letters. `app/` implements it; thread-safe.
class MailDesk {
public:
    virtual ~MailDesk() = default;
    [[nodiscard]] virtual Result<std::vector<MailFailure>> Failures(bool open_only, int limit) = 0;
    /// Processes a failed letter again; the failure is resolved when it succeeds.
    [[nodiscard]] virtual Result<MailRetry> Retry(std::int64_t failure_id) = 0;
    /// kNotFound "link_invalid" or kUnprocessable "link_expired".
    [[nodiscard]] virtual Result<LinkTarget> OpenLink(std::string_view token) = 0;
    /// The letters of `appeal` (already checked visible to the caller), oldest first, with
    /// their delivery state and rendered as they go out, the signed links left out (issue 16).
    [[nodiscard]] virtual Result<std::vector<SentLetter>> Letters(const Appeal& appeal) {
        (void)appeal;
        return std::vector<SentLetter>{};
    }
};

}  // namespace otklik::core

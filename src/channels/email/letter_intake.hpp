#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "channels/email/letter.hpp"
#include "channels/email/mailbox_config.hpp"
#include "core/appeal_service.hpp"
#include "core/mail_store.hpp"

namespace boost::asio {
class thread_pool;
}

namespace otklik::channels::email {

/// A letter as fetched: its bytes and where it lies in the mailbox.
struct RawLetter {
    std::string mailbox;
    std::int64_t uidvalidity = 0;
    std::int64_t uid = 0;
    std::string bytes;
};

/// What became of a letter.
struct IntakeResult {
    /// registered, duplicate, provide_info / confirm / dispute (an action on its appeal),
    /// commented, returned, ignored_auto.
    std::string outcome;
    std::string uin;                   ///< the appeal it created or joined; empty otherwise
    std::vector<std::string> reasons;  ///< why it was returned or ignored
};

/// The admissibility hook for letters before registration (CH-4): reasons to return the letter
/// unregistered, in Russian, empty to register. The triage engine plugs in here.
class LetterScreen {
public:
    virtual ~LetterScreen() = default;
    [[nodiscard]] virtual std::vector<core::FieldError> Screen(
        const core::AppealDraft& draft, const ParsedLetter& letter) const = 0;
};

/// Options of the intake.
struct IntakeOptions {
    AttachmentPolicy attachments;
    /// Folder where accepted attachments are written (DATA/mail); empty: not written.
    std::string files_dir;
    /// The domain of the Message-IDs the outbox sender writes, to recognize replies to them.
    std::string message_id_domain = "otklik.local";
    /// Letters of one batch processed at once. Each waits mostly for the store's group commit,
    /// so concurrent letters share commits; letters of one thread still go one after another.
    int workers = 16;
    /// How long after registration a reply found only by its sender and subject still joins the
    /// appeal (LC-2): a month covers the regulations' longest answer terms (000 §4.1.4: 30
    /// days); a later letter with the same subject is a new appeal, which triage links to the
    /// old one as a repeat.
    std::chrono::hours sender_thread_window{24 * 30};
    /// The keyed tag our Message-IDs carry (notify::LinkSigner::Tag). With it, only a reply
    /// naming one of our tagged Message-IDs proves the sender read our letter and may act on the
    /// appeal (provide information, confirm, dispute: SEC-5); a letter found by the number in
    /// its subject or by sender and subject only joins as an internal comment. Without it (unit
    /// tests), any of our Message-IDs counts.
    std::function<std::string(std::string_view)> message_tag;
    /// The (regulation, channel) pairs whose letters are registered in document management
    /// (000 §4.1.2–4.1.3): each gets a registration card — the UIN as the incoming number, the
    /// local date, the correspondent, the subject, the sheets. From the deployment's channel
    /// settings (regulations/channels/<regulation>.toml); empty: no cards.
    std::set<std::pair<std::string, std::string>> registration_card_channels;
};

/// Turns one letter into its effect on appeals: a new appeal, an action or a comment on the
/// appeal it answers, a return without registration (CH-4), or nothing for an automatic letter
/// (RFC 3834). A letter answers an appeal when it names our Message-ID or an earlier letter of
/// the appeal (In-Reply-To, References), when its subject carries the UIN, or else when it
/// comes from the applicant's address with the same subject, Re:/Fwd: prefixes aside, to an
/// open appeal registered from the same mailbox within `sender_thread_window`.
/// Idempotent per Message-ID and per mailbox UID (CH-7). Thread-safe.
class LetterIntake {
public:
    LetterIntake(core::AppealService& service, core::AppealRepository& appeals,
                 core::MailStore& mail, IntakeOptions options,
                 const LetterScreen* screen = nullptr);
    ~LetterIntake();
    LetterIntake(const LetterIntake&) = delete;
    LetterIntake& operator=(const LetterIntake&) = delete;

    /// Parses and processes one letter. An Error means the letter could not be processed (the
    /// caller keeps it aside as a failure); expected outcomes, returns included, are values.
    [[nodiscard]] core::Result<IntakeResult> Process(const MailboxConfig& mailbox,
                                                     const RawLetter& raw);

    /// The same for a letter parsed already.
    [[nodiscard]] core::Result<IntakeResult> ProcessParsed(const MailboxConfig& mailbox,
                                                           const RawLetter& raw,
                                                           ParsedLetter letter);

    /// Processes a mailbox's letters (in UID order) on up to `workers` threads, so that their
    /// durable commits are shared. Letters that may belong to one thread — the same sender,
    /// a Message-ID one carries and another names, the same appeal found by UIN or Message-ID —
    /// are processed one after another in the given order, so that a reply never races its
    /// original into a second appeal nor another reply into a version conflict. Each letter is on
    /// its own: one that fails does not stop the others, except that after a kUnavailable failure
    /// (the store is down) the later letters of its thread are not processed and report the same
    /// error. Returns one result per letter, in the given order; an exception while processing a
    /// letter becomes its kUnavailable "exception" error.
    [[nodiscard]] std::vector<core::Result<IntakeResult>> ProcessBatch(
        const MailboxConfig& mailbox, const std::vector<RawLetter>& letters);

private:
    core::Result<IntakeResult> Join(const MailboxConfig& mailbox, const RawLetter& raw,
                                    const ParsedLetter& letter, const core::Appeal& appeal);
    core::Result<IntakeResult> Register(const MailboxConfig& mailbox, const RawLetter& raw,
                                        const ParsedLetter& letter);
    core::Result<IntakeResult> Return(const MailboxConfig& mailbox, const RawLetter& raw,
                                      const ParsedLetter& letter,
                                      const std::vector<core::FieldError>& reasons);
    std::optional<core::Appeal> FindThread(const MailboxConfig& mailbox,
                                           const ParsedLetter& letter);
    /// The letter answers one of our letters about `appeal` (IntakeOptions::message_tag).
    bool ProvesThread(const ParsedLetter& letter, const core::Appeal& appeal) const;
    std::optional<core::Appeal> FindBySenderAndSubject(const MailboxConfig& mailbox,
                                                       const ParsedLetter& letter);
    /// The record of a handled letter, as of now.
    core::ProcessedLetter Processed(const RawLetter& raw, const ParsedLetter& letter,
                                    std::int64_t appeal_id, const std::string& outcome) const;
    core::Result<bool> Record(const RawLetter& raw, const ParsedLetter& letter,
                              std::int64_t appeal_id, const std::string& outcome,
                              const std::vector<core::OutboxMessage>& outbox);

    core::AppealService& service_;
    core::AppealRepository& appeals_;
    core::MailStore& mail_;
    /// Runs body(0) … body(n - 1) on up to `workers` threads of the pool and the caller's;
    /// `body` must not throw.
    void ForEachAtOnce(std::size_t n, const std::function<void(std::size_t)>& body);

    IntakeOptions options_;
    const LetterScreen* screen_;
    std::unique_ptr<boost::asio::thread_pool> pool_;
};

/// True when a letter failed because something it needs is down (the store): it must be taken
/// again later rather than kept aside as a failure.
bool MustRetryLater(const core::Error& error);

/// The key that identifies a letter across re-deliveries: its Message-ID, or for a letter
/// without one a digest of its place and bytes.
std::string LetterKey(const RawLetter& raw, const ParsedLetter& letter);

/// The subject a thread is recognized by: reply and forward prefixes (Re:, RE:, Fwd:, FW:,
/// Ответ:, Отв:, Re[2]:…) stripped, letters lower-cased, spaces collapsed.
std::string ThreadSubject(std::string_view subject);

/// The first UIN-looking token of `subject` ("ББ-2026-000123"), or empty.
std::string FindUinInSubject(std::string_view subject);

/// The appeal id encoded in a Message-ID the outbox sender wrote
/// ("otklik.<outbox id>.<appeal id>@domain"), or 0.
std::int64_t AppealIdFromMessageId(std::string_view message_id);

/// Splits a display name into last, first and middle name: «Иванов Иван Иванович» and
/// «Иван Иванов» (a patronymic or the order of a three-part name decides).
void SplitName(std::string_view name, core::Applicant& applicant);

}  // namespace otklik::channels::email

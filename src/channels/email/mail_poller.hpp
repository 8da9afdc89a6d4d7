#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "channels/email/letter_intake.hpp"
#include "channels/email/mail_source.hpp"
#include "core/leadership.hpp"

namespace otklik::channels::email {

/// What one poll did.
struct PollReport {
    int fetched = 0;
    int processed = 0;
    int failed = 0;
};

/// Polls one mailbox by UID (CH-1, CH-7): the high-water mark and UIDVALIDITY are persisted,
/// so a restart or a dropped connection neither loses nor doubles a letter; each letter is
/// processed on its own and a broken one is stored aside with its raw text and reason while
/// the mailbox goes on (FreeScout #351, GLPI #23058).
///
/// New letters are fetched in batches of kBatch and each batch is processed at once
/// (LetterIntake::ProcessBatch), so that its letters share durable commits, while the next
/// batch is fetched. The mark moves
/// once per batch, to the last letter before which every letter is durably processed or
/// stored aside; a letter beyond it that was processed already is recognized as a duplicate by
/// its Message-ID and UID when it is fetched again. One thread per mailbox.
class MailPoller {
public:
    /// Letters fetched and processed together.
    static constexpr std::size_t kBatch = 64;

    /// Reads the mailbox over IMAP.
    MailPoller(MailboxConfig config, LetterIntake& intake, core::MailStore& store,
               std::string raw_dir);
    /// Reads the mailbox from `source` (tests, benchmarks).
    MailPoller(MailboxConfig config, LetterIntake& intake, core::MailStore& store,
               std::string raw_dir, std::unique_ptr<MailSource> source);
    ~MailPoller();

    /// One pass: fetch what is new, process, flag, advance the mark. kUnavailable when the
    /// server or the store cannot be reached (nothing is skipped then).
    [[nodiscard]] core::Result<PollReport> PollOnce();

    /// With several nodes on one store, polls only while this node leads the mailbox's role
    /// ("mailbox:" and the mailbox's name), asked before each pass: a node that does not lead
    /// waits, and takes over at its next pass once the leader is gone (issue 14). Without it
    /// (one node, tests) every pass polls. Call before Start; `leadership` outlives the poller.
    void SetLeadership(core::Leadership* leadership) { leadership_ = leadership; }

    /// Runs PollOnce every poll_seconds in a thread; after a connection failure waits
    /// 1 s, 2 s, 4 s… up to 5 minutes.
    void Start();
    void Stop();
    /// Ends the current wait of the Start thread: the next pass begins now (the manual clock's
    /// route, so that a test need not wait poll_seconds). Any thread.
    void Wake();

    const MailboxConfig& config() const { return config_; }

private:
    void Loop();
    /// Whether this node may poll now (SetLeadership); says so in the log when that changes.
    bool Leads();
    std::string Role() const;
    /// Keeps the batch's raw letters in one mboxrd file, raw/<mailbox>/<uidvalidity>-<first
    /// UID>-<last UID>.mbox; each letter's "From " line names its UID.
    void SaveRaw(const std::vector<RawLetter>& batch) const;
    /// Stores a letter that could not be processed.
    core::Result<bool> KeepAside(const RawLetter& raw, const core::Error& error);
    core::Result<std::vector<RawLetter>> Fetch(const std::vector<std::int64_t>& uids,
                                               std::int64_t uidvalidity);
    /// Keeps failed letters aside, flags what is done and saves the mark after a processed
    /// batch; the error that stopped the batch, if any.
    core::Result<bool> Finish(const std::vector<RawLetter>& batch,
                              const std::vector<core::Result<IntakeResult>>& results,
                              core::MailboxState& state, PollReport& report);

    MailboxConfig config_;
    LetterIntake& intake_;
    core::MailStore& store_;
    std::string raw_dir_;
    std::unique_ptr<MailSource> source_;
    core::Leadership* leadership_ = nullptr;
    std::optional<bool> leading_;  ///< the Start thread's only

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;  ///< guarded by mutex_
    bool woken_ = false;     ///< guarded by mutex_
    /// Set by Stop: a long backlog ends its pass after the batch in hand.
    std::atomic<bool> stop_requested_{false};
    std::thread thread_;
};

/// A letter as an mboxrd file holds it: every line that starts with "From ", after any number
/// of '>', gets one '>' more.
std::string QuoteFromLines(std::string_view letter);

/// Processes a failed letter again (the administrator's retry): on success the failure is
/// resolved and the result returned.
[[nodiscard]] core::Result<IntakeResult> RetryFailure(std::int64_t failure_id,
                                                      const std::vector<MailboxConfig>& mailboxes,
                                                      LetterIntake& intake, core::MailStore& store,
                                                      core::Instant now);

}  // namespace otklik::channels::email

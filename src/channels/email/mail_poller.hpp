#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "channels/email/imap_client.hpp"
#include "channels/email/letter_intake.hpp"

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
/// the mailbox goes on (FreeScout #351, GLPI #23058). One thread per mailbox.
class MailPoller {
public:
    MailPoller(MailboxConfig config, LetterIntake& intake, core::MailStore& store,
               std::string raw_dir);
    ~MailPoller();

    /// One pass: fetch what is new, process, flag, advance the mark. kUnavailable when the
    /// server cannot be reached (nothing is skipped then).
    [[nodiscard]] core::Result<PollReport> PollOnce();

    /// Runs PollOnce every poll_seconds in a thread; after a connection failure waits
    /// 1 s, 2 s, 4 s… up to 5 minutes.
    void Start();
    void Stop();

    const MailboxConfig& config() const { return config_; }

private:
    void Loop();
    void SaveRaw(const RawLetter& raw) const;

    MailboxConfig config_;
    LetterIntake& intake_;
    core::MailStore& store_;
    std::string raw_dir_;
    ImapClient client_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;  ///< guarded by mutex_
    std::thread thread_;
};

/// Processes a failed letter again (the administrator's retry): on success the failure is
/// resolved and the result returned.
[[nodiscard]] core::Result<IntakeResult> RetryFailure(std::int64_t failure_id,
                                                      const std::vector<MailboxConfig>& mailboxes,
                                                      LetterIntake& intake, core::MailStore& store,
                                                      core::Instant now);

}  // namespace otklik::channels::email

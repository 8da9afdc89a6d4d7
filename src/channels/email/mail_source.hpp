#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace otklik::channels::email {

/// A folder's identity and size as STATUS reports them.
struct FolderStatus {
    std::int64_t uidvalidity = 0;
    std::int64_t uidnext = 0;
};

/// Where a poller takes letters from: one folder addressed by UID (RFC 3501). ImapClient is the
/// real one; tests and the benchmark use folders in memory. Failures are kUnavailable and the
/// caller reconnects with back-off. Used by one poller thread at a time.
class MailSource {
public:
    virtual ~MailSource() = default;

    [[nodiscard]] virtual core::Result<FolderStatus> Status() = 0;
    /// UIDs greater than `after`, ascending.
    [[nodiscard]] virtual core::Result<std::vector<std::int64_t>> UidsAfter(std::int64_t after) = 0;
    /// The raw message.
    [[nodiscard]] virtual core::Result<std::string> Fetch(std::int64_t uid) = 0;
    /// The raw messages of `uids`, in that order; a source may take them in one exchange. The
    /// first failure fails the whole call.
    [[nodiscard]] virtual core::Result<std::vector<std::string>> FetchMany(
        const std::vector<std::int64_t>& uids) {
        std::vector<std::string> letters;
        letters.reserve(uids.size());
        for (const auto uid : uids) {
            auto letter = Fetch(uid);
            if (!letter) return core::Fail(letter.error());
            letters.push_back(std::move(*letter));
        }
        return letters;
    }
    /// Marks processed messages: \Seen and the keyword $OtklikProcessed, all in one command.
    [[nodiscard]] virtual core::Result<bool> MarkProcessed(
        const std::vector<std::int64_t>& uids) = 0;
    /// Drops the connection; the next call opens a new one.
    virtual void Reset() = 0;
};

/// An IMAP UID set for `uids` (ascending): runs become ranges, "3:5,9".
std::string UidSet(const std::vector<std::int64_t>& uids);

}  // namespace otklik::channels::email

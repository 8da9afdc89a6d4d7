#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "channels/email/mail_source.hpp"
#include "channels/email/mailbox_config.hpp"
#include "core/result.hpp"

namespace otklik::channels::email {

/// A small IMAP client over libcurl: status, UID search, fetch and flag. Keeps its connection
/// between calls. Not thread-safe: one per poller. Failures are kUnavailable with curl's
/// reason; the caller reconnects with back-off.
class ImapClient final : public MailSource {
public:
    explicit ImapClient(MailboxConfig config);
    ~ImapClient() override;
    ImapClient(const ImapClient&) = delete;
    ImapClient& operator=(const ImapClient&) = delete;

    [[nodiscard]] core::Result<FolderStatus> Status() override;
    [[nodiscard]] core::Result<std::vector<std::int64_t>> UidsAfter(std::int64_t after) override;
    /// The raw message (UID FETCH BODY[]).
    [[nodiscard]] core::Result<std::string> Fetch(std::int64_t uid) override;
    /// UID STORE <set> +FLAGS (\Seen $OtklikProcessed).
    [[nodiscard]] core::Result<bool> MarkProcessed(const std::vector<std::int64_t>& uids) override;
    void Reset() override;

private:
    core::Result<std::string> Run(const std::string& url, const std::string& command);
    std::string Folder() const;
    std::string Base() const;

    MailboxConfig config_;
    void* curl_ = nullptr;
};

/// Parses "* SEARCH 1 2 3" lines into numbers (exposed for tests).
std::vector<std::int64_t> ParseSearch(const std::string& response);
/// Parses "* STATUS INBOX (UIDVALIDITY 1 UIDNEXT 5)" (exposed for tests).
FolderStatus ParseStatus(const std::string& response);

}  // namespace otklik::channels::email

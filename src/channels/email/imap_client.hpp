#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "channels/email/mail_source.hpp"
#include "channels/email/mailbox_config.hpp"
#include "core/result.hpp"

namespace otklik::channels::email {

/// A small IMAP client over libcurl: status, UID search, fetch and flag. Keeps its connections
/// between calls. Not thread-safe: one per poller. Failures are kUnavailable with curl's
/// reason; the caller reconnects with back-off.
///
/// libcurl fetches one message per command, so a batch would cost a round trip per letter
/// (slow over a real network, and on a busy machine). FetchMany therefore keeps a second
/// session that libcurl only connects and logs in (CURLOPT_CONNECT_ONLY, STARTTLS and TLS
/// included) and sends it one `UID FETCH <set> (UID BODY.PEEK[])` itself; a message the answer
/// lacks is fetched on its own.
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
    /// The raw messages in one UID FETCH on the second session.
    [[nodiscard]] core::Result<std::vector<std::string>> FetchMany(
        const std::vector<std::int64_t>& uids) override;
    /// UID STORE <set> +FLAGS (\Seen $OtklikProcessed).
    [[nodiscard]] core::Result<bool> MarkProcessed(const std::vector<std::int64_t>& uids) override;
    void Reset() override;

private:
    core::Result<std::string> Run(const std::string& url, const std::string& command);
    void Configure(void* curl, const std::string& url, std::string* body) const;
    /// Sends `command` tagged on the session (opening it, with the folder selected, first) and
    /// returns the whole answer up to its tagged OK; the session is closed on any failure.
    core::Result<std::string> Exchange(const std::string& command);
    core::Result<std::string> ExchangeOpen(const std::string& command);
    void CloseSession();
    std::string Folder() const;
    std::string Base() const;

    MailboxConfig config_;
    void* curl_ = nullptr;
    void* session_ = nullptr;  ///< FetchMany's connection, logged in and the folder selected
    int tag_ = 0;
    std::string discarded_;  ///< what libcurl would write while connecting the session
};

/// Where an IMAP answer to the command tagged `tag` ends in `buffer`: the offset just past its
/// tagged status line, or npos while more data is needed. Literals ({n}) are skipped whole, so a
/// letter that contains the tag does not end the answer (exposed for tests).
std::size_t FindTaggedEnd(std::string_view buffer, std::string_view tag);

/// The messages of a `UID FETCH … (UID BODY.PEEK[])` answer by UID: each FETCH response's
/// literal with the UID named beside it (exposed for tests).
std::map<std::int64_t, std::string> ParseFetch(std::string_view answer);

/// Parses "* SEARCH 1 2 3" lines into numbers (exposed for tests).
std::vector<std::int64_t> ParseSearch(const std::string& response);
/// Parses "* STATUS INBOX (UIDVALIDITY 1 UIDNEXT 5)" (exposed for tests).
FolderStatus ParseStatus(const std::string& response);

}  // namespace otklik::channels::email

#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace otklik::channels::email {

/// One mailbox the service reads (CH-1). Configured in the serve file as `[[mailbox]]`.
struct MailboxConfig {
    /// Stable name: the key of the saved polling position and of stored letters.
    std::string name;
    /// imap://host:port/INBOX or imaps://host:port/INBOX.
    std::string url;
    std::string user;
    std::string password;
    /// Regulation the letters are registered by (bilet, epgu…).
    std::string regulation;
    /// The regulation's channel the letters arrive by: project_mail, or org_mail — letters
    /// registered in document management with an incoming number and date and a registration
    /// card (000 §4.1.2–4.1.3) — for bilet; email for epgu and hotline.
    std::string channel = "project_mail";
    /// Seconds between polls when the mailbox has nothing new.
    int poll_seconds = 30;
    /// Upgrade a plain imap:// connection with STARTTLS when the server offers it.
    bool starttls = true;
    /// Check the server's certificate (off only for tests and self-signed servers).
    bool verify_tls = true;
    /// PEM file with the authority (or the self-signed certificate) the server's certificate
    /// must chain to; empty: the system's authorities.
    std::string ca_file;
};

/// What attachments a letter may bring; a refused file is reported to the sender and the
/// letter is still registered.
struct AttachmentPolicy {
    std::size_t max_file_bytes = 10U * 1024U * 1024U;
    std::size_t max_total_bytes = 25U * 1024U * 1024U;
    int max_files = 10;
    /// Lower-case file extensions accepted; documents and images people scan.
    std::vector<std::string> extensions = {"pdf",  "doc",  "docx", "odt", "rtf",  "txt", "xls",
                                           "xlsx", "ods",  "csv",  "jpg", "jpeg", "png", "gif",
                                           "tif",  "tiff", "heic", "zip", "sig",  "p7s"};
};

}  // namespace otklik::channels::email

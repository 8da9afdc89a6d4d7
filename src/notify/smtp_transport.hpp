#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"

namespace otklik::notify {

/// Delivers a composed message. kUnprocessable "smtp_rejected" when the server refused it for
/// good (5xx: retrying will not help), kUnavailable for anything worth retrying — including a
/// server whose certificate does not verify ("smtp_tls") or that refuses our login
/// ("smtp_auth"): the deployment's settings are wrong, not the message, and it goes out once
/// they are fixed.
class MailTransport {
public:
    virtual ~MailTransport() = default;
    [[nodiscard]] virtual core::Result<bool> Send(const std::string& envelope_from,
                                                  const std::string& recipient,
                                                  const std::string& message) = 0;
};

/// How to reach the SMTP relay.
struct SmtpOptions {
    /// smtp://host:port (STARTTLS when `tls` says so) or smtps://host:port.
    std::string url = "smtp://127.0.0.1:25";
    std::string user;  ///< empty: no AUTH
    std::string password;
    /// "off", "try" (STARTTLS when offered) or "required".
    std::string tls = "try";
    bool verify_tls = true;
    /// PEM file with the certificate authority (or the server's own self-signed certificate)
    /// the server's certificate must chain to; empty: the system's authorities.
    std::string ca_file;
    long timeout_seconds = 60;
};

/// Whether `address` may go into an SMTP command or a header: not empty, no control characters
/// (CR, LF), no angle brackets or spaces.
bool IsSafeAddress(std::string_view address);

/// SMTP over libcurl. One connection per Send; safe to call from several threads. An address
/// that is not IsSafeAddress is refused as "smtp_rejected" without connecting.
class SmtpTransport final : public MailTransport {
public:
    explicit SmtpTransport(SmtpOptions options);
    [[nodiscard]] core::Result<bool> Send(const std::string& envelope_from,
                                          const std::string& recipient,
                                          const std::string& message) override;

private:
    SmtpOptions options_;
};

/// How a failed SMTP session is reported: `curl_code` is libcurl's CURLcode, `response` the
/// server's last reply code (0 when none). Exposed for tests.
core::Error SmtpError(int curl_code, long response, const SmtpOptions& options);

/// The parts of an outgoing letter.
struct MailHeaders {
    std::string from_name;     ///< UTF-8 display name
    std::string from_address;  ///< addr-spec
    std::string to;
    std::string subject;      ///< UTF-8
    std::string message_id;   ///< without brackets; stable per outbox row
    std::string in_reply_to;  ///< without brackets; may be empty
    core::Instant date{};
};

/// An RFC 5322 message: UTF-8 headers as RFC 2047 words, the body base64 text/plain, and
/// Auto-Submitted: auto-generated so that autoresponders do not answer it (RFC 3834).
std::string ComposeMessage(const MailHeaders& headers, const std::string& body);

}  // namespace otklik::notify

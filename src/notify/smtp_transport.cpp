#include "notify/smtp_transport.hpp"

#include <chrono>
#include <cstring>
#include <ctime>

#include <curl/curl.h>

#include "text/base64.hpp"

namespace otklik::notify {
namespace {

struct Upload {
    const std::string* data;
    std::size_t offset = 0;
};

std::size_t Read(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const auto left = upload->data->size() - upload->offset;
    const auto n = std::min(left, size * count);
    std::memcpy(buffer, upload->data->data() + upload->offset, n);
    upload->offset += n;
    return n;
}

bool IsAscii(std::string_view s) {
    for (const char c : s) {
        if ((static_cast<unsigned char>(c) & 0x80U) != 0) return false;
    }
    return true;
}

// RFC 2047 B-words of at most 75 characters, split on UTF-8 character boundaries.
std::string EncodeWord(std::string_view text) {
    if (IsAscii(text)) return std::string(text);
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = std::min(text.size(), i + 45);
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
            --end;
        }
        // Prefer chunks of whole base64 quanta: some decoders (GMime) lose what follows a
        // padded word.
        for (auto shorter = end; shorter > i + 30; --shorter) {
            const bool boundary = shorter == text.size() ||
                                  (static_cast<unsigned char>(text[shorter]) & 0xC0U) != 0x80U;
            if (boundary && (shorter - i) % 3 == 0) {
                end = shorter;
                break;
            }
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + text::Base64(text.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

std::string RfcDate(core::Instant at) {
    const auto seconds = static_cast<std::time_t>(core::ToUnixMillis(at) / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    return buffer;
}

}  // namespace

std::string ComposeMessage(const MailHeaders& headers, const std::string& body) {
    std::string m;
    m += "From: " + EncodeWord(headers.from_name) + " <" + headers.from_address + ">\r\n";
    m += "To: <" + headers.to + ">\r\n";
    m += "Subject: " + EncodeWord(headers.subject) + "\r\n";
    m += "Date: " + RfcDate(headers.date) + "\r\n";
    m += "Message-ID: <" + headers.message_id + ">\r\n";
    if (!headers.in_reply_to.empty()) {
        m += "In-Reply-To: <" + headers.in_reply_to + ">\r\n";
        m += "References: <" + headers.in_reply_to + ">\r\n";
    }
    m += "Auto-Submitted: auto-generated\r\n";
    m += "X-Auto-Response-Suppress: All\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=utf-8\r\n";
    m += "Content-Transfer-Encoding: base64\r\n\r\n";
    const auto encoded = text::Base64(body);
    for (std::size_t i = 0; i < encoded.size(); i += 76) {
        m += encoded.substr(i, 76) + "\r\n";
    }
    return m;
}

SmtpTransport::SmtpTransport(SmtpOptions options) : options_(std::move(options)) {}

bool IsSafeAddress(std::string_view address) {
    if (address.empty()) return false;
    for (const char c : address) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f || c == '<' || c == '>' || c == ' ') return false;
    }
    return true;
}

core::Result<bool> SmtpTransport::Send(const std::string& envelope_from,
                                       const std::string& recipient, const std::string& message) {
    // Second line of defence behind the address validation: CR or LF in an address would end
    // the MAIL FROM / RCPT TO command and let the rest run as commands of its own (issue 12).
    if (!IsSafeAddress(envelope_from) || !IsSafeAddress(recipient)) {
        return core::Fail(core::Error{core::ErrorKind::kUnprocessable,
                                      "smtp_rejected",
                                      "Адрес содержит недопустимые символы",
                                      {}});
    }
    CURL* curl = curl_easy_init();
    if (!curl) {
        return core::Fail(
            core::Error{core::ErrorKind::kUnavailable, "smtp", "curl_easy_init failed", {}});
    }
    curl_slist* recipients = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
    Upload upload{&message, 0};
    const auto from = "<" + envelope_from + ">";
    curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, Read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, options_.timeout_seconds);
    if (!options_.user.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, options_.user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
    }
    if (options_.tls == "try") {
        curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    } else if (options_.tls == "required") {
        curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (!options_.verify_tls) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    const auto code = curl_easy_perform(curl);
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (code == CURLE_OK) return true;
    return core::Fail(SmtpError(code, response, options_));
}

core::Error SmtpError(int curl_code, long response, const SmtpOptions& options) {
    const auto code = static_cast<CURLcode>(curl_code);
    const std::string reason =
        std::string(curl_easy_strerror(code)) + " (SMTP " + std::to_string(response) + ")";
    const auto unavailable = [](const char* what, std::string message) {
        return core::Error{core::ErrorKind::kUnavailable, what, std::move(message), {}};
    };
    switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_ISSUER_ERROR:
            return unavailable("smtp_tls",
                               "the SMTP server's certificate does not verify against " +
                                   (options.ca_file.empty() ? std::string("the system's CAs")
                                                            : "ca_file " + options.ca_file) +
                                   ": " + reason);
        case CURLE_USE_SSL_FAILED:
            return unavailable("smtp_tls",
                               "the SMTP server does not offer STARTTLS and smtp_tls is "
                               "\"required\": " +
                                   reason);
        case CURLE_LOGIN_DENIED:
            return unavailable("smtp_auth",
                               "the SMTP server refused the login of smtp_user: " + reason);
        default:
            break;
    }
    // 530 authentication or STARTTLS required, 534 and 538 a stronger mechanism or TLS needed,
    // 535 credentials refused (RFC 4954): our settings, not the message.
    if (response == 530 || response == 534 || response == 535 || response == 538) {
        return unavailable("smtp_auth",
                           "the SMTP server wants a login or TLS it did not get: " + reason);
    }
    if (response >= 500 && response < 600) {
        return core::Error{core::ErrorKind::kUnprocessable, "smtp_rejected", reason, {}};
    }
    return unavailable("smtp", reason);
}

}  // namespace otklik::notify

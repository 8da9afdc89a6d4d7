#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace otklik::channels::email {

/// A file that came with a letter, decoded from its transfer encoding.
struct Attachment {
    std::string filename;      ///< UTF-8, decoded from RFC 2047 / RFC 2231
    std::string content_type;  ///< "application/pdf"
    std::string data;          ///< the decoded bytes
};

/// Why a letter must never open an appeal nor be answered (RFC 3834, RFC 3464): no mail loops.
enum class AutoKind { kNone, kAutoReply, kBounce, kBulk };

/// A letter as the intake needs it: headers decoded to UTF-8, the body as clean text.
struct ParsedLetter {
    std::string message_id;  ///< without angle brackets; empty when the letter has none
    std::string in_reply_to;
    std::vector<std::string> references;
    std::string from_address;  ///< lower-cased addr-spec; empty for a null sender
    std::string from_name;
    std::string reply_to;
    std::string subject;
    std::string date;          ///< the Date header as written
    std::string text;          ///< the whole body as UTF-8 text (HTML converted)
    std::string trimmed_text;  ///< `text` without quoted replies and signature
    bool html_only = false;
    std::string body_charset;  ///< the charset the body was actually read in
    std::vector<Attachment> attachments;
    AutoKind auto_kind = AutoKind::kNone;
    std::string auto_reason;  ///< which header or part told so
};

}  // namespace otklik::channels::email

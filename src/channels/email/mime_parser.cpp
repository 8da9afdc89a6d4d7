#include "channels/email/mime_parser.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <string>

#include <gmime/gmime.h>

#include "channels/email/text_tools.hpp"
#include "core/parse_integer.hpp"
#include "text/base64.hpp"
#include "text/case_folding.hpp"

namespace otklik::channels::email {
namespace {

void InitOnce() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

template <class T>
struct GUnref {
    void operator()(T* p) const {
        if (p) g_object_unref(p);
    }
};
template <class T>
using GPtr = std::unique_ptr<T, GUnref<T>>;

struct GFreeString {
    void operator()(char* p) const { g_free(p); }
};
using GCharPtr = std::unique_ptr<char, GFreeString>;

std::string Trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

std::string RawHeader(GMimeObject* object, const char* name) {
    GMimeHeaderList* headers = g_mime_object_get_header_list(object);
    GMimeHeader* header = g_mime_header_list_get_header(headers, name);
    if (!header) return {};
    const char* raw = g_mime_header_get_raw_value(header);
    return raw ? std::string(raw) : std::string();
}

bool HasHeader(GMimeObject* object, const char* name) {
    return g_mime_header_list_contains(g_mime_object_get_header_list(object), name) != FALSE;
}

std::string DecodeQ(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_') {
            out += ' ';
        } else if (text[i] == '=' && i + 2 < text.size() &&
                   std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            // Both characters are hex digits, so the byte always parses.
            out += static_cast<char>(*core::ParseInteger<unsigned char>(text.substr(i + 1, 2), 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// RFC 2047 by hand: GMime joins the base64 of adjacent words before decoding, which loses
// everything after a padded word ("…0LU=?= =?UTF-8?B?…"), as Outlook and many mailers write.
// Adjacent words in one charset are joined as bytes instead, so a character split between two
// words survives; each run is converted with charset detection (a wrong label is corrected).
std::string DecodeWords(std::string_view text) {
    std::string out;
    std::string pending;          // decoded bytes of the current run of encoded words
    std::string pending_charset;  // their charset
    std::string gap;              // whitespace after an encoded word, dropped between two words
    auto flush = [&] {
        if (!pending.empty()) out += ToUtf8(pending, pending_charset);
        pending.clear();
    };
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 2, "=?") == 0) {
            const auto q1 = text.find('?', i + 2);
            const auto q2 = q1 == std::string_view::npos ? q1 : text.find('?', q1 + 1);
            const auto end = q2 == std::string_view::npos ? q2 : text.find("?=", q2 + 1);
            if (end != std::string_view::npos && q2 == q1 + 2) {
                auto charset = text::AsciiLower(std::string(text.substr(i + 2, q1 - i - 2)));
                charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
                const char mode =
                    static_cast<char>(std::toupper(static_cast<unsigned char>(text[q1 + 1])));
                const auto payload = text.substr(q2 + 1, end - q2 - 1);
                if (charset != pending_charset) flush();
                pending_charset = charset;
                pending += mode == 'B' ? text::FromBase64Lenient(payload) : DecodeQ(payload);
                gap.clear();
                i = end + 2;
                while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) gap += text[i++];
                continue;
            }
        }
        flush();
        out += gap;
        gap.clear();
        out += text[i++];
    }
    flush();
    return out + gap;
}

// Unfolds a raw header and decodes it: RFC 2047 words, and raw 8-bit bytes (which
// non-conforming Russian mailers send) by charset detection.
std::string DecodeHeader(std::string raw) {
    std::string unfolded;
    unfolded.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\r') continue;
        if (raw[i] == '\n') {
            while (i + 1 < raw.size() && (raw[i + 1] == ' ' || raw[i + 1] == '\t')) ++i;
            unfolded += ' ';
            continue;
        }
        unfolded += raw[i];
    }
    unfolded = Trim(unfolded);
    const bool eight_bit = std::any_of(unfolded.begin(), unfolded.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0x80U) != 0;
    });
    if (eight_bit) unfolded = ToUtf8(unfolded, "");
    if (unfolded.find("=?") == std::string::npos) return unfolded;
    return Trim(DecodeWords(unfolded));
}

std::string BytesOf(GMimeStream* stream) {
    GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
    if (!array || array->len == 0) return {};
    return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

std::string DecodedContent(GMimePart* part) {
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (!content) return {};
    GPtr<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(content, out.get());
    return BytesOf(out.get());
}

struct Walk {
    ParsedLetter* letter;
    std::string plain;
    std::string html;
    std::string plain_charset;
    std::string html_charset;
    bool saw_report = false;
};

void VisitPart(GMimeObject* /*parent*/, GMimeObject* object, gpointer data) {
    auto& walk = *static_cast<Walk*>(data);
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (GMIME_IS_MESSAGE_PART(object)) {
        if (type && g_mime_content_type_is_type(type, "message", "delivery-status")) {
            walk.saw_report = true;
        }
        return;
    }
    if (!GMIME_IS_PART(object)) return;
    auto* part = GMIME_PART(object);
    if (type && (g_mime_content_type_is_type(type, "message", "delivery-status") ||
                 g_mime_content_type_is_type(type, "message", "disposition-notification"))) {
        walk.saw_report = true;
        return;
    }
    const char* charset_param = g_mime_object_get_content_type_parameter(object, "charset");
    const std::string charset = charset_param ? charset_param : "";
    const bool is_text = type && g_mime_content_type_is_type(type, "text", "*");
    const char* filename = g_mime_part_get_filename(part);
    const bool attachment = g_mime_part_is_attachment(part) || (filename && *filename) || !is_text;
    if (!attachment) {
        auto bytes = DecodedContent(part);
        if (g_mime_content_type_is_type(type, "text", "html")) {
            if (walk.html.empty()) {
                walk.html = std::move(bytes);
                walk.html_charset = charset;
            }
        } else if (walk.plain.empty()) {
            walk.plain = std::move(bytes);
            walk.plain_charset = charset;
        }
        return;
    }
    Attachment file;
    file.filename = filename ? DecodeHeader(filename) : std::string("attachment");
    if (type) {
        GCharPtr mime(g_mime_content_type_get_mime_type(type));
        if (mime) file.content_type = text::AsciiLower(mime.get());
    }
    file.data = DecodedContent(part);
    walk.letter->attachments.push_back(std::move(file));
}

std::string FirstMessageId(std::string_view raw) {
    GMimeReferences* refs = g_mime_references_parse(nullptr, std::string(raw).c_str());
    std::string id;
    if (refs && g_mime_references_length(refs) > 0) id = g_mime_references_get_message_id(refs, 0);
    if (refs) g_mime_references_free(refs);
    return id;
}

void DetectAutomatic(GMimeObject* root, GMimeObject* body, ParsedLetter& letter, bool saw_report) {
    auto set = [&](AutoKind kind, std::string reason) {
        if (letter.auto_kind == AutoKind::kNone) {
            letter.auto_kind = kind;
            letter.auto_reason = std::move(reason);
        }
    };
    // RFC 3464: a delivery status notification is a multipart/report.
    GMimeContentType* type = g_mime_object_get_content_type(root);
    if (type && g_mime_content_type_is_type(type, "multipart", "report")) {
        set(AutoKind::kBounce, "multipart/report");
    }
    if (saw_report) set(AutoKind::kBounce, "message/delivery-status");
    // RFC 3834: anything but "no" is automatic.
    const auto auto_submitted = text::AsciiLower(Trim(RawHeader(root, "Auto-Submitted")));
    if (!auto_submitted.empty() && auto_submitted.rfind("no", 0) != 0) {
        set(AutoKind::kAutoReply, "Auto-Submitted: " + auto_submitted);
    }
    const auto precedence = text::AsciiLower(Trim(RawHeader(root, "Precedence")));
    if (precedence == "auto_reply" || precedence == "auto-reply") {
        set(AutoKind::kAutoReply, "Precedence: " + precedence);
    } else if (precedence == "bulk" || precedence == "junk" || precedence == "list") {
        set(AutoKind::kBulk, "Precedence: " + precedence);
    }
    for (const char* name : {"X-Autoreply", "X-Autorespond", "X-Autogenerated", "X-AutoReply-From",
                             "X-Mail-Autoreply"}) {
        if (HasHeader(root, name)) set(AutoKind::kAutoReply, name);
    }
    // Exchange sends a read receipt as plain text, marked only by its class (a Content-*
    // header, which GMime keeps with the body part).
    std::string content_class = text::AsciiLower(RawHeader(root, "Content-Class"));
    if (content_class.empty() && body != nullptr) {
        content_class = text::AsciiLower(RawHeader(body, "Content-Class"));
    }
    if (content_class.find("mdnotification") != std::string::npos) {
        set(AutoKind::kAutoReply, "Content-Class: " + Trim(content_class));
    }
    const auto suppress = text::AsciiLower(RawHeader(root, "X-Auto-Response-Suppress"));
    if (HasHeader(root, "X-MS-Exchange-Generated-Message-Source") ||
        (suppress.find("oof") != std::string::npos && HasHeader(root, "Thread-Topic") &&
         letter.subject.rfind("Автоматический ответ", 0) == 0)) {
        set(AutoKind::kAutoReply, "Exchange automatic reply");
    }
    // A null reverse path is what bounces and auto-replies use (RFC 5321 §4.5.5).
    const auto return_path = Trim(RawHeader(root, "Return-Path"));
    if (return_path == "<>") set(AutoKind::kBounce, "Return-Path: <>");
    const auto local = letter.from_address.substr(0, letter.from_address.find('@'));
    if (local == "mailer-daemon" || local == "postmaster") set(AutoKind::kBounce, "From: " + local);
    if (letter.from_address.empty()) set(AutoKind::kBounce, "no sender address");
}

}  // namespace

std::string NormalizeMessageId(std::string_view id) {
    auto trimmed = Trim(id);
    if (!trimmed.empty() && trimmed.front() == '<') trimmed.erase(0, 1);
    if (!trimmed.empty() && trimmed.back() == '>') trimmed.pop_back();
    return Trim(trimmed);
}

core::Result<ParsedLetter> ParseLetter(std::string_view raw) {
    InitOnce();
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!message) {
        return core::Fail(core::Error{core::ErrorKind::kValidation,
                                      "mime_unparsable",
                                      "GMime could not read the message",
                                      {}});
    }
    auto* root = GMIME_OBJECT(message.get());
    ParsedLetter letter;
    letter.message_id = NormalizeMessageId(RawHeader(root, "Message-ID"));
    letter.in_reply_to = FirstMessageId(RawHeader(root, "In-Reply-To"));
    if (const auto refs_raw = RawHeader(root, "References"); !refs_raw.empty()) {
        GMimeReferences* refs = g_mime_references_parse(nullptr, refs_raw.c_str());
        if (refs) {
            for (int i = 0; i < g_mime_references_length(refs); ++i) {
                letter.references.emplace_back(g_mime_references_get_message_id(refs, i));
            }
            g_mime_references_free(refs);
        }
    }
    letter.subject = DecodeHeader(RawHeader(root, "Subject"));
    letter.date = Trim(RawHeader(root, "Date"));
    InternetAddressList* from = g_mime_message_get_from(message.get());
    bool from_group = false;  // "Name: …;" (RFC 5322 group): the name ends at the colon
    if (from && internet_address_list_length(from) > 0) {
        InternetAddress* address = internet_address_list_get_address(from, 0);
        from_group = INTERNET_ADDRESS_IS_GROUP(address);
        if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
            if (addr) letter.from_address = text::AsciiLower(Trim(addr));
        }
        const char* name = internet_address_get_name(address);
        if (name) letter.from_name = Trim(name);
    }
    // GMime decodes names with its own fallback; raw 8-bit names go through our detection.
    if (!letter.from_name.empty()) {
        const auto raw_from = RawHeader(root, "From");
        if (std::any_of(raw_from.begin(), raw_from.end(),
                        [](char c) { return (static_cast<unsigned char>(c) & 0x80U) != 0; })) {
            const auto decoded = DecodeHeader(raw_from);
            const auto lt = decoded.find(from_group ? ':' : '<');
            if (lt != std::string::npos) {
                auto name = Trim(decoded.substr(0, lt));
                if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
                    name = name.substr(1, name.size() - 2);
                }
                letter.from_name = name;
            }
        }
    }
    // Whatever GMime made of an odd From (raw bytes of a group's name were kept as they came,
    // found by tests/fuzz/mime_parser_fuzzer), the applicant's name must be UTF-8.
    letter.from_name = ToUtf8(letter.from_name, "");
    InternetAddressList* reply_to = g_mime_message_get_reply_to(message.get());
    if (reply_to && internet_address_list_length(reply_to) > 0) {
        InternetAddress* address = internet_address_list_get_address(reply_to, 0);
        if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
            if (addr) letter.reply_to = text::AsciiLower(Trim(addr));
        }
    }

    Walk walk{&letter, {}, {}, {}, {}, false};
    GMimeObject* body = g_mime_message_get_mime_part(message.get());
    if (body) {
        if (GMIME_IS_MULTIPART(body)) {
            g_mime_multipart_foreach(GMIME_MULTIPART(body), VisitPart, &walk);
        } else {
            VisitPart(nullptr, body, &walk);
        }
    }
    if (!walk.plain.empty()) {
        letter.text = TidyText(ToUtf8(walk.plain, walk.plain_charset, &letter.body_charset));
    } else if (!walk.html.empty()) {
        letter.html_only = true;
        // An HTML part may name its charset only in a <meta> tag.
        std::string declared = walk.html_charset;
        if (declared.empty()) {
            const auto lowered = text::AsciiLower(walk.html.substr(0, 4096));
            const auto at = lowered.find("charset=");
            if (at != std::string::npos) {
                auto value = lowered.substr(at + 8);
                if (!value.empty() && (value[0] == '"' || value[0] == '\'')) value.erase(0, 1);
                declared = value.substr(0, value.find_first_of("\"' ;/>"));
            }
        }
        letter.text = HtmlToText(ToUtf8(walk.html, declared, &letter.body_charset));
    }
    letter.trimmed_text = TrimReply(letter.text);
    DetectAutomatic(root, body, letter, walk.saw_report);
    return letter;
}

}  // namespace otklik::channels::email

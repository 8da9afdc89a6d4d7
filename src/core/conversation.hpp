#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/appeal.hpp"
#include "core/calls.hpp"
#include "core/workflow.hpp"

namespace otklik::core {

/// One turn of a chatbot dialog as the session keeps it: "user" (the applicant) or "bot".
struct ChatTurn {
    std::string from;
    std::string text;
};

/// The chatbot dialog that registered an appeal (issue 16): its turns, when it began, and the
/// knowledge-base articles the applicant said did not help.
struct ChatRecord {
    std::vector<ChatTurn> turns;
    Instant started_at{};
    std::vector<std::string> rejected_articles;
};

/// An outbox row of an appeal with its delivery state, rendered as it goes out (NT-1): the
/// subject and body the applicant gets, without the signed links (those act as the applicant).
struct SentLetter {
    std::int64_t id = 0;
    std::string kind;       ///< template code: "registered", "resolved"…
    std::string channel;    ///< "email", or "phone"/"sms"/"post" for a delivery task
    std::string recipient;  ///< as stored; the conversation masks it
    std::string subject;
    std::string body;
    Instant created_at{};
    std::optional<Instant> sent_at;  ///< sent (e-mail) or delivered by staff
    std::string delivered_via;       ///< set when staff delivered it by phone, SMS, post
    std::string delivered_by;
    std::string last_error;
    bool given_up = false;
    int attempts = 0;
};

/// What the conversation of an appeal is assembled from; every part may be empty.
struct ConversationSources {
    std::vector<Comment> comments;  ///< oldest first
    std::vector<HistoryEntry> history;
    std::vector<SentLetter> letters;
    std::optional<ChatRecord> chat;
    std::optional<Call> call;
    /// The appeal's files in their stored order (attribute::kEmailAttachments): the first came
    /// with the opening letter, later ones with the answers whose history says «Приложены файлы».
    std::vector<KeptFile> files;
};

/// A file that came with a message; `number` is its place in the appeal's list of files
/// (GET /api/v1/appeals/{uin}/attachments/{number}).
struct ConversationFile {
    std::string name;
    std::string type;
    std::uint64_t size = 0;
    int number = 0;
};

/// One message of the conversation.
struct ConversationEntry {
    /// letter_in, letter_out, chat, call, appeal (the text as registered through another
    /// channel), answer (the applicant's answer on the status page or by link), comment (a public
    /// comment by staff), resolution (a solution no letter carried), note (internal).
    std::string kind;
    std::string direction;  ///< "in" (from the applicant or others), "out" (to them), "internal"
    Instant at{};
    std::string author;       ///< a staff login, "applicant", "chatbot", "email"…
    std::string author_name;  ///< in Russian: «Заявитель», «Чат-бот», the login
    std::string subject;
    std::string text;
    std::string channel;      ///< how it travelled: email, chatbot, phone, status, sms, post…
    std::string recipient;    ///< letters out: the masked address
    std::string state;        ///< letters out: queued, sent, delivered, failed, not_sent
    std::string state_name;   ///< in Russian
    std::string letter_kind;  ///< letters out: the template code
    std::vector<ConversationFile> files;
};

/// The appeal as one conversation (issue 16): every message in and out in time order, then the
/// internal notes apart, and the articles the applicant already rejected in the chatbot.
struct Conversation {
    std::vector<ConversationEntry> thread;
    std::vector<ConversationEntry> notes;
    std::vector<std::string> rejected_articles;
};

/// Assembles the conversation of `appeal` (already checked visible to the caller) from what the
/// stores hold. The applicant's own personal data in chat turns and letters is replaced by
/// references to the applicant's fields (ScrubApplicantData) and recipients are masked, so the
/// conversation shows nothing the card's masked applicant does not (SEC-3). Pure.
Conversation AssembleConversation(const Appeal& appeal, const ConversationSources& sources);

}  // namespace otklik::core

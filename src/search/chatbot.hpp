#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "core/appeal_service.hpp"
#include "core/clock.hpp"
#include "core/contact_proof.hpp"
#include "core/conversation.hpp"
#include "core/knowledge.hpp"
#include "core/repositories.hpp"
#include "search/chatbot_profile.hpp"
#include "search/knowledge_base.hpp"

namespace otklik::search {

/// What the chatbot needs to know about the deployment.
struct ChatbotOptions {
    /// Region code and Russian name, from data/ru_regions.csv.
    std::vector<std::pair<std::string, std::string>> regions;
    /// The regulation of a session that names none, or one the chatbot does not serve.
    std::string default_regulation;
    /// The regulations the chatbot serves (those with a chatbot channel), in the order a dialog
    /// falls back to them; empty: whichever a session names.
    std::vector<std::string> regulations;
    /// How the dialog talks under each regulation; one not listed gets the neutral profile.
    std::map<std::string, ChatbotProfile> profiles;
    /// Answers offered per question.
    int answers = 3;
    /// Whether `regulation` takes appeals on `channel` now (in force, channel defined); unset:
    /// always. A dialog starts under the requested regulation when it does, else under the
    /// first of the default and the served regulations that does, so that its "no" can
    /// register.
    std::function<bool(const std::string& regulation, const std::string& channel)> takes;
    /// What a dialog under `regulation` says when the regulation is not in force today (its
    /// dates and contacts, in Russian); empty when it is in force, or unset. Such a dialog greets
    /// as that regulation, says this, registers nothing and speaks for no other regulation.
    std::function<std::string(const std::string& regulation)> not_in_force;
    /// The question types (category code, Russian name) the regulation's chatbot channel
    /// offers, in order; unset or empty: the question type is not asked.
    std::function<std::vector<std::pair<std::string, std::string>>(const std::string& regulation,
                                                                   const std::string& channel)>
        question_types;
};

/// The chatbot dialog (KB-3, 000 §5.6.1): region, role and login, registered e-mail, question
/// type, the question; offers the best answers and asks whether they helped. "Yes" ends the
/// dialog as solved by self-service; "no" registers an appeal with everything collected
/// (channel "chatbot") and shows its UIN; a question naming an earlier appeal's number is
/// answered from that appeal (TR-8) once the user has proven the e-mail address with a one-time
/// code sent to it (SEC-5), and then the bot offers every appeal of that address and answers
/// about any of them in the same dialog, or in a new one started with the proof token (issue
/// 17); before that, no earlier appeal is named, answered from or written
/// to, and registration does not look at the address's earlier appeals. Every turn is saved to the
/// store before the answer, so a dialog survives a restart. Thread-safe; concurrent turns of one
/// session: one wins, the other gets kConflict.
/// What an appeal's `source_ref` begins with when the chatbot registered it.
inline constexpr char kChatSourcePrefix[] = "chat:";

class Chatbot {
public:
    Chatbot(KnowledgeBase& kb, core::KbRepository& sessions, core::AppealService& appeals,
            core::AppealRepository& appeal_store, const core::Clock& clock, ChatbotOptions options);

    /// Opens a dialog. `start` may carry what the embedding site knows: regulation, channel
    /// ("chatbot" or "widget"), login, role, region, email — those questions are skipped — and
    /// contact_token, the proof token an earlier dialog's code gave (issue 17): while it is live
    /// and stands for the dialog's address (or no address is given: then its address is the
    /// dialog's), the address counts as proven and no code is asked. An unknown or expired token
    /// is ignored without a word; the reply's contact_proven says whether it was taken.
    [[nodiscard]] core::Result<boost::json::object> Start(const boost::json::object& start);
    /// The proof of e-mail addresses; set once at wiring. Without it, nothing about an
    /// existing appeal is ever told.
    void SetContactProof(core::ContactProof* proof) { proof_ = proof; }

    /// One user message; the reply lists the bot's messages, the options, offered articles and,
    /// once registered, the UIN.
    [[nodiscard]] core::Result<boost::json::object> Reply(const std::string& session_id,
                                                          const std::string& text);
    /// The dialog as saved: the transcript and the pending question.
    [[nodiscard]] core::Result<boost::json::object> Show(const std::string& session_id);
    /// The dialog for the card of the appeal it registered (issue 16): the turns and the
    /// articles the applicant said did not help. An appeal the chatbot registered has
    /// `source_ref` kChatSourcePrefix + the session id.
    [[nodiscard]] core::Result<core::ChatRecord> Record(const std::string& session_id);

private:
    struct Turn;
    /// How the dialog talks under `regulation`.
    const ChatbotProfile& ProfileOf(const std::string& regulation) const;
    /// Whether a session may name `regulation`.
    bool Serves(const std::string& regulation) const;
    void Ask(Turn& turn);
    /// The question types the regulation's chatbot channel offers (000 §5.6.1).
    std::vector<std::pair<std::string, std::string>> QuestionTypes(const Turn& turn) const;
    void HandleQuestion(Turn& turn, const std::string& text);
    void Register(Turn& turn);
    void SearchAnswers(Turn& turn, const std::string& text);
    bool AskForCode(Turn& turn);
    void CheckCode(Turn& turn, const std::string& text, const std::string& answer);
    bool TellStatus(Turn& turn, const std::string& uin);
    /// Offers the proven address's appeals (but `except`) as answer buttons; false: none.
    bool OfferAppeals(Turn& turn, const std::string& except);
    /// Whether the dialog's e-mail address is proven now (by a code in this dialog or by the
    /// proof token the dialog started with) and the proof has not expired.
    bool Proven(const Turn& turn) const;
    static void MarkProven(Turn& turn, const std::string& contact, core::Instant until);
    /// What every reply carries besides the turn: whether the address is proven.
    boost::json::object BodyOf(const Turn& turn) const;

    KnowledgeBase& kb_;
    core::KbRepository& sessions_;
    core::AppealService& appeals_;
    core::AppealRepository& appeal_store_;
    const core::Clock& clock_;
    ChatbotOptions options_;
    core::ContactProof* proof_ = nullptr;
};

}  // namespace otklik::search

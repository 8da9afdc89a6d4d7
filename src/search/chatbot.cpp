#include "search/chatbot.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <stdexcept>

#include <sodium.h>

#include "core/appeal_attributes.hpp"
#include "core/personal_data.hpp"
#include "core/uin.hpp"
#include "text/case_folding.hpp"

namespace otklik::search {
namespace {

namespace json = boost::json;

constexpr std::size_t kTranscriptLimit = 60;

// An answer as compared: case folded, ё read as е, spaces and final punctuation trimmed.
std::string Folded(std::string_view text) {
    std::string out = text::FoldCase(text);
    for (auto yo = out.find("ё"); yo != std::string::npos; yo = out.find("ё", yo)) {
        out.replace(yo, std::string_view("ё").size(), "е");
    }
    const auto first = out.find_first_not_of(" \t\r\n.!");
    const auto last = out.find_last_not_of(" \t\r\n.!");
    return first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
}

bool StartsWith(const std::string& text, std::string_view prefix) {
    return text.rfind(prefix, 0) == 0;
}

std::string Str(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The session id is the only credential of a chat: 128 bits from the system's CSPRNG.
std::string NewSessionId() {
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    char hex[sizeof raw * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    return hex;
}

bool IsYes(const std::string& answer) {
    return answer == "1" || StartsWith(answer, "да") || StartsWith(answer, "помог") ||
           StartsWith(answer, "спасибо") || answer == "yes" || answer == "ага";
}

bool IsNo(const std::string& answer) {
    return answer == "2" || StartsWith(answer, "нет") || StartsWith(answer, "не помог") ||
           answer == "no" || StartsWith(answer, "не ");
}

// «Мои обращения», «список моих обращений»: the applicant asks for their appeals, not a question.
bool AsksForOwnAppeals(const std::string& answer) {
    return answer == "мои обращения" || answer == "список обращений" ||
           answer.find("мои обращения") != std::string::npos ||
           answer.find("моих обращени") != std::string::npos;
}

// The same address check as the API's (control characters refused: issue 12).
bool LooksLikeEmail(const std::string& text) { return !core::CheckEmail(text); }

}  // namespace

struct Chatbot::Turn {
    core::ChatSession session;
    json::object state;
    json::array messages;
    json::array options;
    json::array articles;
    /// The proof token a code just gave: in this reply only, never saved.
    std::string contact_token;
    core::Instant contact_token_expires{};

    std::string Get(const char* key) const { return Str(state, key); }
    void Set(const char* key, std::string value) { state[key] = std::move(value); }
    void Say(std::string text) {
        messages.emplace_back(text);
        auto& transcript = state["transcript"].as_array();
        transcript.emplace_back(json::object{{"from", "bot"}, {"text", std::move(text)}});
        if (transcript.size() > kTranscriptLimit) transcript.erase(transcript.begin());
    }
    void Heard(const std::string& text) {
        auto& transcript = state["transcript"].as_array();
        transcript.emplace_back(json::object{{"from", "user"}, {"text", text}});
        if (transcript.size() > kTranscriptLimit) transcript.erase(transcript.begin());
    }
    json::object Body() const {
        json::object body{{"session_id", session.id}, {"step", Get("step")},
                          {"messages", messages},     {"options", options},
                          {"articles", articles},     {"outcome", session.outcome}};
        if (!session.appeal_uin.empty()) body["uin"] = session.appeal_uin;
        if (!contact_token.empty()) {
            body["contact_token"] = contact_token;
            body["contact_token_expires_at"] = core::FormatInstant(contact_token_expires);
        }
        return body;
    }
};

namespace {

// The appeal's subject from the question: at most 120 bytes, cut after a whole word (issue 17:
// «…не приходит с» read as a word of its own), with an ellipsis when cut.
std::string SubjectOf(const std::string& question, std::size_t max = 120) {
    if (question.size() <= max) return question;
    std::string subject = question.substr(0, max);
    const auto space = subject.find_last_of(' ');
    if (space != std::string::npos && space > max / 2) {
        subject.resize(space);
    } else {
        // One long word: whole UTF-8 characters only.
        while (!subject.empty() && (static_cast<unsigned char>(subject.back()) & 0xC0) == 0x80) {
            subject.pop_back();
        }
        if (!subject.empty() && (static_cast<unsigned char>(subject.back()) & 0x80)) {
            subject.pop_back();
        }
    }
    while (!subject.empty() && (subject.back() == ',' || subject.back() == ' ')) {
        subject.pop_back();
    }
    return subject + "…";
}

// What triage tells staff names its rule («(ТР-8)»); the applicant reads the words only.
std::string WithoutRuleCodes(std::string text) {
    for (auto open = text.find(" (ТР-"); open != std::string::npos; open = text.find(" (ТР-")) {
        const auto close = text.find(')', open);
        if (close == std::string::npos) break;
        text.erase(open, close - open + 1);
    }
    return text;
}

}  // namespace

bool Chatbot::Proven(const Turn& turn) const {
    const std::string email = core::ContactProof::Canonical(turn.Get("email"));
    if (email.empty() || turn.Get("proven") != email) return false;
    const auto* until = turn.state.if_contains("proven_until");
    if (!until || !until->is_int64()) return false;
    return clock_.Now() < core::FromUnixMillis(until->as_int64());
}

void Chatbot::MarkProven(Turn& turn, const std::string& contact, core::Instant until) {
    turn.Set("proven", contact);
    turn.state["proven_until"] = core::ToUnixMillis(until);
}

json::object Chatbot::BodyOf(const Turn& turn) const {
    json::object body = turn.Body();
    body["contact_proven"] = Proven(turn);
    return body;
}

bool Chatbot::OfferAppeals(Turn& turn, const std::string& except) {
    constexpr int kOffered = 10;
    auto found = appeal_store_.FindByApplicantEmail(turn.Get("proven"), kOffered + 1);
    if (!found) {
        if (except.empty()) turn.Say("Опишите ваш вопрос своими словами.");
        return false;
    }
    json::array offered;
    for (const auto& appeal : *found) {
        if (appeal.uin == except || offered.size() >= static_cast<std::size_t>(kOffered)) continue;
        const std::string status_name(core::AttributeOr(appeal, core::attribute::kStatusName,
                                                        core::StatusDisplayName(appeal.status)));
        const std::string subject =
            SubjectOf(appeal.subject.empty() ? appeal.text : appeal.subject, 64);
        offered.emplace_back(appeal.uin + " — " + subject + " (" + text::FoldCase(status_name) +
                             ")");
    }
    if (offered.empty()) {
        if (except.empty()) {
            turn.Say("Обращений с адресом " + turn.Get("proven") +
                     " не найдено. Опишите ваш вопрос своими словами.");
        }
        return false;
    }
    turn.Say(except.empty() ? "Ваши обращения — выберите, о каком рассказать, или напишите его "
                              "номер. Можно и задать новый вопрос."
                            : "Можно узнать о другом вашем обращении — выберите его или "
                              "напишите номер — или задать новый вопрос.");
    for (auto& option : offered) turn.options.emplace_back(std::move(option));
    return true;
}

bool Chatbot::AskForCode(Turn& turn) {
    auto sent = proof_->SendCode(turn.Get("email"));
    if (!sent) {
        turn.Say(sent.error().message + ". Пока поищу ответ в базе знаний.");
        return false;
    }
    turn.Set("step", "code");
    turn.Say(
        "Сведения об обращении сообщаются только владельцу адреса электронной почты. Мы "
        "отправили на " +
        turn.Get("email") +
        " письмо с кодом подтверждения: введите код здесь. Если письма нет, напишите "
        "«новый код»; чтобы продолжить без этого — «отмена».");
    turn.options.emplace_back("Новый код");
    turn.options.emplace_back("Отмена");
    return true;
}

void Chatbot::CheckCode(Turn& turn, const std::string& text, const std::string& answer) {
    if (StartsWith(answer, "отмен") || answer == "нет") {
        turn.state.erase("pending_uin");
        turn.state.erase("pending_question");
        turn.state.erase("pending_list");
        turn.Set("step", "question");
        turn.Say("Хорошо. Опишите ваш вопрос своими словами.");
        return;
    }
    if (StartsWith(answer, "новый")) {
        if (!AskForCode(turn)) turn.Set("step", "question");
        return;
    }
    std::string code;
    for (const char c : text) {
        if (c >= '0' && c <= '9') code += c;
    }
    if (!proof_) {
        turn.Set("step", "question");
        turn.Say("Опишите ваш вопрос своими словами.");
        return;
    }
    auto proven = proof_->Verify(turn.Get("email"), code);
    if (!proven) {
        if (proven.error().code == "too_many_attempts") {
            turn.state.erase("pending_uin");
            turn.state.erase("pending_question");
            turn.state.erase("pending_list");
            turn.Set("step", "question");
            turn.Say(proven.error().message + ". Опишите ваш вопрос своими словами.");
            return;
        }
        turn.Say(
            "Код неверен или устарел. Введите код из письма ещё раз, напишите «новый код» или "
            "«отмена».");
        turn.options.emplace_back("Новый код");
        turn.options.emplace_back("Отмена");
        return;
    }
    MarkProven(turn, proven->contact, proven->expires_at);
    // Issue 17: the widget keeps the token, so that its next dialog needs no code.
    turn.contact_token = proven->token;
    turn.contact_token_expires = proven->expires_at;
    turn.Say("Адрес электронной почты подтверждён.");
    const std::string uin = turn.Get("pending_uin");
    const std::string question = turn.Get("pending_question");
    const bool list = turn.Get("pending_list") == "1";
    turn.state.erase("pending_uin");
    turn.state.erase("pending_question");
    turn.state.erase("pending_list");
    if (!uin.empty() && TellStatus(turn, uin)) return;
    if (!question.empty() && !list) {
        SearchAnswers(turn, question);
        return;
    }
    turn.Set("step", "question");
    turn.state["listed"] = true;
    OfferAppeals(turn, "");
}

bool Chatbot::TellStatus(Turn& turn, const std::string& uin) {
    auto appeal = appeal_store_.FindByUin(uin);
    if (!appeal || appeal->applicant.email.empty() ||
        core::ContactProof::Canonical(appeal->applicant.email) != turn.Get("proven")) {
        turn.Say("Обращение " + uin +
                 " с вашим адресом электронной почты не найдено. Проверьте номер; а пока "
                 "поищу ответ в базе знаний.");
        return false;
    }
    const std::string status_name(core::AttributeOr(*appeal, core::attribute::kStatusName,
                                                    core::StatusDisplayName(appeal->status)));
    std::string reply = "Обращение " + appeal->uin + ": статус «" + status_name + "»";
    reply += !core::IsFinal(appeal->status) ? ". Мы работаем над ним; ответ придёт на вашу почту."
                                            : ". Работа по обращению завершена.";
    turn.Say(reply);
    turn.session.outcome = "status";
    turn.session.appeal_uin = appeal->uin;
    // Issue 17: the next number or question is answered in the same dialog, without a code.
    turn.Set("step", "done");
    OfferAppeals(turn, appeal->uin);
    return true;
}

Chatbot::Chatbot(KnowledgeBase& kb, core::KbRepository& sessions, core::AppealService& appeals,
                 core::AppealRepository& appeal_store, const core::Clock& clock,
                 ChatbotOptions options)
    : kb_(kb),
      sessions_(sessions),
      appeals_(appeals),
      appeal_store_(appeal_store),
      clock_(clock),
      options_(std::move(options)) {}

const ChatbotProfile& Chatbot::ProfileOf(const std::string& regulation) const {
    static const ChatbotProfile kNeutral;
    const auto found = options_.profiles.find(regulation);
    return found == options_.profiles.end() ? kNeutral : found->second;
}

bool Chatbot::Serves(const std::string& regulation) const {
    if (options_.regulations.empty()) return !regulation.empty();
    return std::find(options_.regulations.begin(), options_.regulations.end(), regulation) !=
           options_.regulations.end();
}

std::vector<std::pair<std::string, std::string>> Chatbot::QuestionTypes(const Turn& turn) const {
    if (!options_.question_types) return {};
    return options_.question_types(turn.Get("regulation"), turn.Get("channel"));
}

// Asks for the first thing still missing.
void Chatbot::Ask(Turn& turn) {
    const ChatbotProfile& profile = ProfileOf(turn.Get("regulation"));
    if (turn.Get("region").empty()) {
        turn.Set("step", "region");
        turn.Say(
            "Из какого вы региона? Напишите название или код региона, например «Москва» "
            "или «16».");
        return;
    }
    if (turn.Get("role").empty() && !profile.roles.empty()) {
        turn.Set("step", "role");
        std::string text = "Кто вы?";
        int number = 0;
        for (const auto& role : profile.roles) {
            text += " " + std::to_string(++number) + " — " + role.name + ";";
            turn.options.emplace_back(role.name);
        }
        text.back() = '.';
        turn.Say(text);
        return;
    }
    if (!turn.state.contains("login") &&
        (profile.login_required || !profile.login_prompt.empty())) {
        turn.Set("step", "login");
        turn.Say(profile.login_prompt.empty() ? "Укажите ваш логин." : profile.login_prompt);
        if (!profile.login_required) turn.options.emplace_back("нет");
        return;
    }
    if (turn.Get("email").empty()) {
        turn.Set("step", "email");
        turn.Say(
            "Укажите адрес электронной почты, с которым вы зарегистрированы: на него придёт "
            "ответ.");
        return;
    }
    const auto types = QuestionTypes(turn);
    if (turn.Get("type").empty() && !types.empty()) {
        turn.Set("step", "type");
        std::string question = "Какой у вас вопрос?";
        for (std::size_t i = 0; i < types.size(); ++i) {
            question +=
                (i == 0 ? " " : ", ") + std::to_string(i + 1) + " — " + Folded(types[i].second);
            turn.options.emplace_back(types[i].second);
        }
        turn.Say(question + ".");
        return;
    }
    turn.Set("step", "question");
    turn.Say("Опишите ваш вопрос своими словами.");
    // Issue 17: an address proven before this dialog — its appeals are offered at once.
    if (Proven(turn) && !turn.state.contains("listed")) {
        turn.state["listed"] = true;
        OfferAppeals(turn, "");
    }
}

core::Result<json::object> Chatbot::Start(const json::object& start) {
    Turn turn;
    turn.session.id = NewSessionId();
    turn.session.created_at = turn.session.updated_at = clock_.Now();
    std::string regulation = Str(start, "regulation");
    std::string channel = Str(start, "channel") == "widget" ? "widget" : "chatbot";
    if (!Serves(regulation)) regulation = options_.default_regulation;
    // Issue 17: a page that embeds the chat of a regulation no longer (or not yet) in force is
    // told so with that regulation's contacts; the dialog never speaks for another service.
    const std::string closed = options_.not_in_force ? options_.not_in_force(regulation) : "";
    if (!closed.empty()) {
        turn.state = json::object{{"regulation", regulation},
                                  {"channel", channel},
                                  {"transcript", json::array{}},
                                  {"asked", 0},
                                  {"step", "closed"}};
        turn.Say(ProfileOf(regulation).greeting);
        turn.Say(closed);
        turn.session.state = json::serialize(turn.state);
        auto saved = sessions_.SaveSession(turn.session);
        if (!saved) return core::Fail(saved.error());
        turn.session = *saved;
        return turn.Body();
    }
    if (options_.takes && !options_.takes(regulation, channel)) {
        std::vector<std::string> candidates = {regulation, options_.default_regulation};
        candidates.insert(candidates.end(), options_.regulations.begin(),
                          options_.regulations.end());
        for (const std::string& candidate : candidates) {
            if (options_.takes(candidate, channel)) {
                regulation = candidate;
                break;
            }
            if (options_.takes(candidate, "chatbot")) {
                regulation = candidate;
                channel = "chatbot";
                break;
            }
        }
    }
    turn.state = json::object{{"regulation", regulation},
                              {"channel", channel},
                              {"transcript", json::array{}},
                              {"asked", 0}};
    const std::string region = Str(start, "region");
    for (const auto& [code, name] : options_.regions) {
        if (code == region) {
            turn.Set("region", code);
            turn.Set("region_name", name);
        }
    }
    const ChatbotProfile& profile = ProfileOf(regulation);
    const std::string role = Str(start, "role");
    for (const auto& choice : profile.roles) {
        if (role == choice.code) {
            turn.Set("role", choice.code);
            turn.Set("role_name", choice.name);
        }
    }
    // A personal cabinet passes the login in; it is not asked again.
    if (start.contains("login")) turn.Set("login", Str(start, "login"));
    if (LooksLikeEmail(Str(start, "email"))) turn.Set("email", Str(start, "email"));
    // Issue 17: the proof an earlier dialog's code gave, kept by the widget. Whether it was
    // taken is told only as contact_proven: an unknown or expired token changes nothing.
    const std::string token = Str(start, "contact_token");
    if (proof_ && !token.empty()) {
        if (auto proven = proof_->ProvenContactUntil(token)) {
            const std::string given = core::ContactProof::Canonical(turn.Get("email"));
            if (given.empty() || given == proven->contact) {
                if (given.empty()) turn.Set("email", proven->contact);
                MarkProven(turn, proven->contact, proven->expires_at);
            }
        }
    }
    turn.Say(profile.greeting);
    Ask(turn);
    turn.state["options"] = turn.options;
    turn.session.state = json::serialize(turn.state);
    auto saved = sessions_.SaveSession(turn.session);
    if (!saved) return core::Fail(saved.error());
    turn.session = *saved;
    return BodyOf(turn);
}

core::Result<json::object> Chatbot::Show(const std::string& session_id) {
    auto session = sessions_.FindSession(session_id);
    if (!session) return core::Fail(session.error());
    Turn turn;
    turn.session = *session;
    turn.state = json::parse(session->state).as_object();
    json::object body = BodyOf(turn);
    body["transcript"] = turn.state["transcript"];
    // The pending question's answer buttons come back with the dialog.
    if (const auto* options = turn.state.if_contains("options"); options && options->is_array()) {
        body["options"] = *options;
    }
    return body;
}

core::Result<core::ChatRecord> Chatbot::Record(const std::string& session_id) {
    auto session = sessions_.FindSession(session_id);
    if (!session) return core::Fail(session.error());
    boost::system::error_code ec;
    const auto state = json::parse(session->state, ec);
    core::ChatRecord record;
    record.started_at = session->created_at;
    if (ec || !state.is_object()) return record;
    if (const auto* transcript = state.as_object().if_contains("transcript");
        transcript && transcript->is_array()) {
        for (const auto& turn : transcript->as_array()) {
            if (!turn.is_object()) continue;
            record.turns.push_back({Str(turn.as_object(), "from"), Str(turn.as_object(), "text")});
        }
    }
    if (const auto* rejected = state.as_object().if_contains("rejected");
        rejected && rejected->is_array()) {
        for (const auto& key : rejected->as_array()) {
            if (key.is_string()) record.rejected_articles.emplace_back(key.as_string());
        }
    }
    return record;
}

core::Result<json::object> Chatbot::Reply(const std::string& session_id, const std::string& text) {
    auto session = sessions_.FindSession(session_id);
    if (!session) return core::Fail(session.error());
    Turn turn;
    turn.session = *session;
    turn.state = json::parse(session->state).as_object();
    if (text.size() > 4000) {
        return core::Fail(core::Error::Validation(
            {{"text", "too_long", "Сообщение слишком длинное: не больше 4000 символов"}}));
    }
    turn.Heard(text);
    const std::string answer = Folded(text);
    const std::string step = turn.Get("step");
    if (step == "closed") {
        const std::string closed =
            options_.not_in_force ? options_.not_in_force(turn.Get("regulation")) : "";
        turn.Say(closed.empty() ? "Этот чат больше не принимает обращения." : closed);
    } else if (answer.empty()) {
        turn.Say("Напишите, пожалуйста, ответ текстом.");
    } else if (step == "region") {
        std::string found_code;
        std::string found_name;
        for (const auto& [code, name] : options_.regions) {
            const std::string lower = Folded(name);
            const bool by_code = answer == code || (answer.size() == 1 && "0" + answer == code);
            const bool by_name = answer.size() >= 3 && lower.find(answer) != std::string::npos;
            if (by_code || (by_name && found_code.empty())) {
                found_code = code;
                found_name = name;
                if (by_code) break;
            }
        }
        if (found_code.empty() && options_.regions.empty() && answer.size() == 2 &&
            std::isdigit(static_cast<unsigned char>(answer[0])) &&
            std::isdigit(static_cast<unsigned char>(answer[1]))) {
            found_code = found_name = answer;
        }
        if (found_code.empty()) {
            turn.Say(
                "Не нашёл такого региона. Напишите название, например «Татарстан», или "
                "двузначный код региона.");
        } else {
            turn.Set("region", found_code);
            turn.Set("region_name", found_name);
            turn.Say("Регион: " + found_name + ".");
            Ask(turn);
        }
    } else if (step == "role") {
        const auto& roles = ProfileOf(turn.Get("regulation")).roles;
        const ChatRole* chosen = nullptr;
        for (std::size_t i = 0; i < roles.size(); ++i) {
            const std::string lower = Folded(roles[i].name);
            if (answer == std::to_string(i + 1) || lower.find(answer) != std::string::npos ||
                answer.find(lower) != std::string::npos) {
                chosen = &roles[i];
                break;
            }
        }
        if (!chosen) {
            turn.Say("Выберите вариант из списка: напишите его номер или название.");
            for (const auto& role : roles) turn.options.emplace_back(role.name);
        } else {
            turn.Set("role", chosen->code);
            turn.Set("role_name", chosen->name);
            Ask(turn);
        }
    } else if (step == "login") {
        const bool none = answer == "нет" || answer == "-";
        // A regulation whose chatbot channel requires the login (000 §5.6.1) takes no «нет».
        const ChatbotProfile& profile = ProfileOf(turn.Get("regulation"));
        if (none && profile.login_required) {
            turn.Say(profile.login_refusal.empty()
                         ? "Без логина мы не найдём вашу учётную запись. Укажите ваш логин."
                         : profile.login_refusal);
        } else {
            turn.Set("login", none ? std::string() : text);
            Ask(turn);
        }
    } else if (step == "email") {
        std::string email = text;
        email.erase(0, email.find_first_not_of(" \t"));
        email.erase(email.find_last_not_of(" \t\r\n") + 1);
        if (!LooksLikeEmail(email)) {
            turn.Say(
                "Это не похоже на адрес электронной почты. Напишите его в виде "
                "name@example.ru.");
        } else {
            turn.Set("email", email);
            if (core::ContactProof::Canonical(email) != turn.Get("proven")) {
                turn.state.erase("proven");
                turn.state.erase("proven_until");
            }
            Ask(turn);
        }
    } else if (step == "type") {
        // A number, or the beginning of a type's name («организационный» for «Организационный
        // вопрос»): the regulation's categories, in the order the chatbot channel lists them.
        const auto types = QuestionTypes(turn);
        std::string chosen;
        for (std::size_t i = 0; i < types.size() && chosen.empty(); ++i) {
            // The first letters of the type's first word: «организационный» for «Организационный
            // вопрос» (Cyrillic letters are two bytes: five letters).
            const std::string name = Folded(types[i].second);
            const std::string stem = name.substr(0, std::min<std::size_t>(name.find(' '), 10));
            if (answer == std::to_string(i + 1) || (!stem.empty() && StartsWith(answer, stem))) {
                chosen = types[i].first;
            }
        }
        if (!chosen.empty()) {
            turn.Set("type", chosen);
            Ask(turn);
        } else {
            std::string hint = "Напишите номер типа вопроса:";
            for (std::size_t i = 0; i < types.size(); ++i) {
                hint +=
                    (i == 0 ? " " : ", ") + std::to_string(i + 1) + " — " + Folded(types[i].second);
            }
            turn.Say(hint + ".");
        }
    } else if (step == "code") {
        CheckCode(turn, text, answer);
    } else if (step == "feedback") {
        if (IsYes(answer)) {
            turn.session.outcome = "solved";
            turn.Set("step", "done");
            turn.Say("Рад, что смог помочь! Если появится другой вопрос — просто напишите его.");
        } else if (IsNo(answer)) {
            // Issue 16: the card does not offer the operator what the applicant turned down.
            turn.state["rejected"] = turn.state["offered"];
            Register(turn);
        } else {
            turn.Say("Ответ помог? Напишите «да» или «нет».");
            turn.options.emplace_back("Да");
            turn.options.emplace_back("Нет");
        }
    } else if (step == "offer") {
        // Only a plain "no": «не приходит письмо» is the question asked another way.
        if (IsYes(answer)) {
            Register(turn);
        } else if (answer == "2" || answer == "no" || StartsWith(answer, "нет")) {
            turn.Set("step", "done");
            turn.Say(
                "Хорошо, обращение не регистрирую. Если появится другой вопрос — просто "
                "напишите его.");
        } else {
            HandleQuestion(turn, text);  // the question asked another way
        }
    } else {  // "question", or "done": a new question
        HandleQuestion(turn, text);
    }
    turn.session.updated_at = clock_.Now();
    turn.state["options"] = turn.options;
    turn.session.state = json::serialize(turn.state);
    auto saved = sessions_.SaveSession(turn.session);
    if (!saved) return core::Fail(saved.error());
    turn.session = *saved;
    return BodyOf(turn);
}

void Chatbot::HandleQuestion(Turn& turn, const std::string& text) {
    // TR-8: a question about an earlier appeal is answered from that appeal — only to the
    // owner of its e-mail address, proven by a code sent there (SEC-5). Until then the answer is
    // the same whether the number exists or not.
    static const std::regex kUinLike(R"(([^\s,.;:!?()«»"]+-\d{4}-\d{3,}))");
    std::smatch match;
    if (std::regex_search(text, match, kUinLike)) {
        if (const auto uin = core::NormalizeUin(match[1].str())) {
            if (Proven(turn)) {
                if (TellStatus(turn, *uin)) return;
            } else if (proof_) {
                turn.Set("pending_uin", *uin);
                turn.Set("pending_question", text);
                if (AskForCode(turn)) return;
                turn.state.erase("pending_uin");
                turn.state.erase("pending_question");
            } else {
                turn.Say(
                    "Сведения об обращении сообщаются только после подтверждения адреса "
                    "электронной почты, а сейчас это недоступно. Поищу ответ в базе знаний.");
            }
        }
    } else if (AsksForOwnAppeals(Folded(text))) {
        // Issue 17: «мои обращения» lists them — only for a proven address; before the proof
        // the answer is the same whether the address has appeals or not.
        if (Proven(turn)) {
            turn.Set("step", "question");
            OfferAppeals(turn, "");
            return;
        }
        if (proof_) {
            turn.Set("pending_list", "1");
            turn.Set("pending_question", text);
            if (AskForCode(turn)) return;
            turn.state.erase("pending_list");
            turn.state.erase("pending_question");
        }
    }
    SearchAnswers(turn, text);
}

void Chatbot::SearchAnswers(Turn& turn, const std::string& text) {
    turn.Set("question", text);
    SearchQuery query;
    query.text = text;
    query.regulation = turn.Get("regulation");
    query.region = turn.Get("region");
    query.audience = turn.Get("role");
    query.limit = options_.answers;
    const auto result = kb_.Search(query);
    if (!result.confident) {
        // Issue 15: below the confidence threshold the nearest article is not offered as an
        // answer — the base does not know, and says so.
        turn.Say(
            "К сожалению, в базе знаний не нашлось ответа на ваш вопрос. Могу зарегистрировать "
            "обращение — специалист ответит вам по электронной почте. Зарегистрировать? "
            "Напишите «да» или «нет» — или задайте вопрос по-другому.");
        turn.Set("step", "offer");
        turn.options.emplace_back("Да");
        turn.options.emplace_back("Нет");
        return;
    }
    turn.Say(result.hits.size() == 1 ? "Вот что я нашёл:"
                                     : "Вот что я нашёл — возможно, "
                                       "один из ответов подойдёт:");
    for (const auto& hit : result.hits) {
        turn.articles.emplace_back(json::object{{"key", hit.key},
                                                {"question", hit.question},
                                                {"answer", hit.answer},
                                                {"category", hit.category_name}});
    }
    json::array offered;
    for (const auto& hit : result.hits) offered.emplace_back(hit.key);
    turn.state["offered"] = std::move(offered);
    turn.Set("step", "feedback");
    turn.Say("Помог ли ответ? Напишите «да» или «нет» — если нет, я зарегистрирую обращение.");
    turn.options.emplace_back("Да");
    turn.options.emplace_back("Нет");
}

void Chatbot::Register(Turn& turn) {
    core::AppealDraft draft;
    draft.regulation = turn.Get("regulation");
    draft.channel = turn.Get("channel");
    draft.applicant.email = turn.Get("email");
    draft.applicant.region = turn.Get("region");
    draft.applicant.login = turn.Get("login");
    draft.applicant.role = turn.Get("role");
    draft.applicant.contact_channel = "email";
    // SEC-5: an unproven address is not matched with anyone's earlier appeals.
    draft.contact_unproven = !Proven(turn);
    const std::string question = turn.Get("question");
    draft.text = question;
    draft.subject = SubjectOf(question);
    // Issue 16: the card reads the dialog through the appeal.
    draft.source_ref = std::string(kChatSourcePrefix) + turn.session.id;
    // 000 §5.6.1: the question type is a category the regulation's chatbot channel offers.
    draft.category = turn.Get("type");
    for (const auto& [code, name] : QuestionTypes(turn)) {
        if (code == draft.category) draft.text += "\n\nТип вопроса: " + Folded(name) + ".";
    }
    if (!turn.Get("role_name").empty()) draft.text += " Роль: " + turn.Get("role_name") + ".";
    const auto asked = turn.state["asked"].to_number<std::int64_t>() + 1;
    turn.state["asked"] = asked;
    core::Actor actor;
    actor.login = "chatbot";
    const std::string key = "chat-" + turn.session.id + "-" + std::to_string(asked);
    auto registered = appeals_.Register(draft, actor, key, key);
    turn.Set("step", "done");
    if (!registered) {
        std::string reason = registered.error().message;
        for (const auto& field : registered.error().fields) reason += " " + field.message + ".";
        turn.Say("Не удалось зарегистрировать обращение: " + reason +
                 " Попробуйте написать нам на электронную почту поддержки.");
        return;
    }
    if (!registered->registered) {
        turn.session.outcome = "status";
        turn.session.appeal_uin = registered->appeal.uin;
        turn.Say(registered->message.empty()
                     ? "Ваш вопрос добавлен к обращению " + registered->appeal.uin + "."
                     : WithoutRuleCodes(registered->message));
        return;
    }
    turn.session.outcome = "registered";
    turn.session.appeal_uin = registered->appeal.uin;
    turn.Say("Обращение зарегистрировано под номером " + registered->appeal.uin +
             ". Ответ придёт на " + draft.applicant.email +
             ". Сохраните номер: по нему можно узнать статус.");
}

}  // namespace otklik::search

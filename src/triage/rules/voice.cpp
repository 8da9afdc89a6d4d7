// Whose words a sentence holds: the applicant's own, reported or received (TR-2).

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

namespace {

// Words that open a condition: a pronoun after them is who the condition is about.
constexpr std::string_view kConditionWords[] = {"если", "пока", "когда", "чтобы", "раз"};

// Words that introduce a letter or a message the applicant received and quotes.
// Issue 15 (frozen set 9): and someone's words in the present tense («поставщик пишет нам
// сообщения вида «…»», «охранник говорит «…»»): only what is in quotes is theirs.
constexpr std::string_view kReceivedWords[] = {
    "пришл", "приход",  "присла",    "присыла", "получил",  "получаем", "получают",
    "якобы", "рассылк", "рассылают", "пишут",   "написано", "пишет",    "говорит",
};

// Who speaks in an operator's account of a call, and who else may (phone appeals).
constexpr std::string_view kCallerWords[] = {
    "абонент",  "звонящ",     "позвонивш",   "заявител", "клиент",  "гражданин",
    "гражданк", "собеседник", "пользовател", "мужчина",  "женщина",
};

// Verbs of asking for someone to come to the phone.
constexpr std::string_view kAskedFor[] = {"требова",  "позвать",  "позовите", "соедин",
                                          "переключ", "пригласи", "вызвать"};

}  // namespace

bool Run::NearClass(std::size_t first, std::size_t last, WordClass c, std::size_t before,
                    std::size_t after) const {
    const std::uint16_t sentence = tokens()[first].sentence;
    const std::size_t from = first >= before ? first - before : 0;
    const std::size_t to = std::min(tokens().size() - 1, last + after);
    for (std::size_t k = from; k <= to; ++k) {
        if (k >= first && k <= last) continue;
        if (tokens()[k].sentence != sentence) continue;
        if (Has(a_.token_classes[k], c)) return true;
    }
    return false;
}

// Every verb of speech in the sentence has the applicant as its subject («я написал»,
// «мы просили»): they report their own words, not someone else's.
bool Run::OwnSpeechOnly(std::uint16_t sentence) const {
    bool any = false;
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        if (tokens()[i].sentence != sentence || !Has(a_.token_classes[i], WordClass::kReporting)) {
            continue;
        }
        bool own = false;
        for (std::size_t back = 1; back <= 5 && back <= i; ++back) {
            const std::string_view w = tokens()[i - back].folded;
            if (tokens()[i - back].sentence != sentence) break;
            if (w == "я" || w == "мы") own = true;
        }
        if (!own) return false;
        any = true;
    }
    return any;
}

// A sentence with a verb of speech; «ни одного слова правды», «угроза» are not one.
bool Run::SpeechReported(std::uint16_t sentence) const {
    if (!Has(a_.sentence_classes[sentence], WordClass::kReporting)) return false;
    static constexpr std::string_view kNotSpeech[] = {"слова", "словами", "угроза", "угрозы",
                                                      "угрозами"};
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        if (tokens()[i].sentence == sentence && Has(a_.token_classes[i], WordClass::kReporting) &&
            !InList(tokens()[i].folded, kNotSpeech)) {
            return true;
        }
    }
    return false;
}

bool Run::Reported(std::size_t first) const {
    const Token& t = tokens()[first];
    if (CallerVoice(t.sentence)) return false;
    if (SpeechReported(t.sentence)) return true;
    return t.quoted && (Has(a_.all_classes, WordClass::kReporting) || Received());
}

// «Пришло смс якобы от вас: «…, дебилы»»: a letter or a message the applicant received and
// quotes is evidence they bring, not words aimed at us. Computed once per appeal.
bool Run::Received() const {
    if (!received_) {
        received_ = false;
        for (const Token& u : tokens()) {
            if (!u.quoted && StartsWithAny(u.folded, kReceivedWords)) {
                received_ = true;
                break;
            }
        }
    }
    return *received_;
}

// A phone appeal is the operator's account of the call: «Абонент пригрозил, что приедет и
// всех перестреляет» quotes the caller's own threat, which is the caller's appeal. A sentence
// that names a third party (a neighbour, a husband) or the caller as the victim («угрожал
// ему») stays a report.
bool Run::CallerVoice(std::uint16_t sentence) const {
    if (input_.channel != "phone") return false;
    if (caller_voice_.empty()) {
        // 1: the caller speaks; 2: someone else is named. Computed once per appeal.
        caller_voice_.assign(a_.text.sentence_count + 1, 0);
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            const Token& u = tokens()[i];
            std::uint8_t& v = caller_voice_[u.sentence];
            const std::string_view w = u.folded;
            // «…если ему не разблокируют»: a condition about the caller, not a victim.
            const bool condition = i > 0 && InList(tokens()[i - 1].folded, kConditionWords);
            // «Просит передать им это дословно» (frozen set 22): the staff the caller's words
            // are for, not a victim.
            const bool addressed = i > 0 && tokens()[i - 1].sentence == u.sentence &&
                                   (tokens()[i - 1].folded.starts_with("переда") ||
                                    tokens()[i - 1].folded.starts_with("сказать") ||
                                    tokens()[i - 1].folded.starts_with("донест"));
            // «Требовал начальника», «просил соединить с руководителем» (frozen set 20): the
            // one asked for, not someone whose words the sentence tells.
            bool asked_for = false;
            for (std::size_t back = 1; back <= 2 && back <= i && !asked_for; ++back) {
                const Token& p = tokens()[i - back];
                asked_for = p.sentence == u.sentence && StartsWithAny(p.folded, kAskedFor);
            }
            if ((StartsWithAny(w, kThirdParties) && !asked_for) ||
                (InList(w, kVictimPronouns) && !condition && !addressed)) {
                v = 2;
            }
            if (v == 0 && StartsWithAny(w, kCallerWords)) v = 1;
        }
        // «Заявитель Кудрин П. С. выражался…»: a sentence cut at an initial (it is one, or
        // the next one starts in lower case) goes on in the voice of the one before it
        // (frozen set 12).
        for (std::size_t i = 1; i < tokens().size(); ++i) {
            const Token& u = tokens()[i];
            const bool cut = (u.letters == 1 && u.upper_initial) ||
                             (u.letters > 0 && !u.upper_initial && !u.technical);
            if (u.sentence == tokens()[i - 1].sentence || u.field != tokens()[i - 1].field ||
                !cut) {
                continue;
            }
            std::uint8_t& v = caller_voice_[u.sentence];
            if (v == 0) v = caller_voice_[tokens()[i - 1].sentence];
        }
        // «Звонит Лыков. … ответил: «…»»: once the call is introduced, a sentence that
        // names nobody else goes on telling the caller's own words.
        bool call = false;
        for (const Token& u : tokens()) {
            // «Звонил мужчина», «Обратился мужчина… Во время разговора…» (frozen set 8).
            if (!u.quoted &&
                (u.folded == "звонит" || u.folded == "звонок" || u.folded == "звонила" ||
                 u.folded == "звонил" || u.folded.starts_with("звонящ") ||
                 u.folded.starts_with("позвонил") || u.folded == "обратился" ||
                 u.folded == "обратилась" || u.folded.starts_with("разговор"))) {
                call = true;
                break;
            }
        }
        if (call) {
            for (std::uint8_t& v : caller_voice_) v = v == 0 ? 1 : v;
        }
    }
    return sentence < caller_voice_.size() && caller_voice_[sentence] == 1;
}

}  // namespace otklik::triage::rules

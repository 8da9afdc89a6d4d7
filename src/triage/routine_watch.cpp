#include "triage/routine_watch.hpp"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace otklik::triage {
namespace {

bool InList(std::string_view word, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

bool Digits(const Token& t, std::size_t min, std::size_t max) {
    const std::string_view w = t.folded;
    return t.script == Script::kNone && w.size() >= min && w.size() <= max &&
           std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// When a time of day or a daily habit starts at token `i`, the index of its last token: «7:40»,
// «8 часов», «каждое утро», «по вечерам», «ежедневно», «во сколько».
std::optional<std::size_t> TimeAt(const AnalyzedText& text, std::size_t i) {
    const auto& tk = text.tokens;
    const Token& t = tk[i];
    const bool next =
        i + 1 < tk.size() && tk[i + 1].sentence == t.sentence && tk[i + 1].field == t.field;
    if (Digits(t, 1, 2) && next) {
        const Token& n = tk[i + 1];
        // «7:40», «20:30», not a date «14.03» nor a ratio.
        const std::string_view between = text.Field(t.field).substr(t.end, n.begin - t.end);
        if (between == ":" && Digits(n, 2, 2) && std::stoi(t.folded) <= 23) return i + 1;
        if (n.folded.starts_with("час")) return i + 1;
    }
    if (!next) return t.folded == "ежедневно" ? std::optional<std::size_t>(i) : std::nullopt;
    const std::string_view w = t.folded;
    const std::string_view n = tk[i + 1].folded;
    if (w == "ежедневно") return i;
    if ((w == "каждое" || w == "каждый" || w == "каждую" || w == "каждым") &&
        InList(n, {"утро", "день", "вечер", "ночь", "будний", "понедельник", "вторник", "среду",
                   "четверг", "пятницу", "субботу", "воскресенье"})) {
        return i + 1;
    }
    if (w == "по" &&
        InList(n, {"утрам", "вечерам", "ночам", "будням", "выходным", "понедельникам", "вторникам",
                   "средам", "четвергам", "пятницам", "субботам", "воскресеньям"})) {
        return i + 1;
    }
    if (w == "во" && n == "сколько") return i + 1;
    return std::nullopt;
}

// Coming, going, standing, collecting: the present tense of a routine («ходит», «уезжает»,
// «стоит у крыльца», «забирает из садика», «тренировка заканчивается»).
bool RoutineVerb(std::string_view w) {
    return InList(
        w, {"ходит", "ходят", "идет", "идут", "едет", "едут", "ездит", "ездят", "уезжает",
            "уезжают", "приезжает", "приезжают", "уходит", "уходят", "выходит", "выходят",
            "приходит", "приходят", "возвращается", "возвращаются", "стоит", "стоят", "ставит",
            "ставят", "паркует", "паркуют", "паркуется", "гуляет", "гуляют", "забирает", "забирают",
            "отвозит", "отводит", "провожает", "садится", "заканчивается", "заканчиваются",
            "остается", "остаются", "бегает", "выгуливает", "покидает", "закрывает", "запирает",
            // Where a staff member's child spends the afternoon (frozen set 19).
            "занимается", "занимаются", "учится", "учатся", "тренируется", "тренируются", "плавает",
            "плавают", "играет", "играют", "обедает", "ночует",
            // Where a member of staff comes within the applicant's reach (frozen set 20).
            "ужинает", "завтракает", "заходит", "заезжает", "курит", "гостит",
            // Passing a place the applicant keeps (frozen set 21: a level crossing).
            "проезжает", "проезжают", "проходит", "проходят"});
}

enum class Side { kNone, kApplicant, kRecipient };

bool StreetWord(std::string_view w) {
    return InList(w, {"ул",        "улица",      "улице",      "улицы",    "пр",       "проспект",
                      "проспекте", "пер",        "переулок",   "переулке", "пл",       "площадь",
                      "площади",   "им",         "имени",      "бульвар",  "бульваре", "шоссе",
                      "наб",       "набережная", "набережной", "мкр"});
}

bool PublicWord(std::string_view w) {
    for (std::string_view stem :
         {"дет", "реб", "школ", "подрост", "люд", "жител", "пешеход", "учени", "учащ", "мальчик",
          "девоч", "пассажир", "гражда", "посетител", "пенсионер", "родител", "студент", "малыш"}) {
        if (w.starts_with(stem)) return true;
    }
    return false;
}

}  // namespace

std::vector<ThreatHintHit> FindRoutineWatch(const AnalyzedText& text,
                                            const ThreatContext& context) {
    std::vector<ThreatHintHit> found;
    const auto& tk = text.tokens;
    if (tk.empty()) return found;
    const auto flag = [](const std::vector<bool>& v, std::size_t i) {
        return i < v.size() && v[i];
    };
    const auto own_possessive = [](std::string_view w) {
        return w.starts_with("наш") || w == "мой" || w == "моя" || w == "мое" || w == "мои" ||
               w == "моего" || w == "моей" || w == "моему" || w == "моих" || w == "свой" ||
               w == "своя";
    };
    // Someone of the recipient's side named or meant before token `i` («Инженер … Зарипова»):
    // then «она» in a later sentence is that person.
    std::size_t first_person = tk.size();
    for (std::size_t k = 0; k < tk.size(); ++k) {
        if ((flag(context.target, k) || flag(context.named, k)) &&
            !(k > 0 && own_possessive(tk[k - 1].folded))) {
            first_person = k;
            break;
        }
    }
    const auto person_before = [&](std::size_t i) { return first_person < i; };
    // Whose routine the word at `k` names, if it names one.
    const auto side_of = [&](std::size_t k) {
        const std::string_view w = tk[k].folded;
        if (tk[k].quoted && !context.caller_quotes) return Side::kNone;
        if (w == "я" || w == "мы") return Side::kApplicant;
        // «наш сосед», «мой сын»: the applicant's own person; «глава администрации нашего
        // поселения» is the recipient's, the «нашего» names a place (frozen set 15).
        if (own_possessive(w)) {
            const bool of_person =
                k + 1 < tk.size() && (flag(context.target, k + 1) || flag(context.named, k + 1));
            return of_person ? Side::kApplicant : Side::kNone;
        }
        if (w == "вы" || w.starts_with("ваш")) return Side::kRecipient;
        if (w == "он" || w == "она" || w == "они") {
            return person_before(k) ? Side::kRecipient : Side::kNone;
        }
        if (!flag(context.target, k) && !flag(context.named, k)) return Side::kNone;
        if (k > 0 && own_possessive(tk[k - 1].folded)) return Side::kApplicant;
        // «ул. Ватутина», «школа имени Гагарина»: a street or a school, not a person.
        if (k > 0 && StreetWord(tk[k - 1].folded)) return Side::kNone;
        // Children on their way to school, people, passers-by: the public's routine, whose
        // danger the applicant warns of («дети в 7:30 идут по обочине»).
        return PublicWord(w) ? Side::kNone : Side::kRecipient;
    };
    std::size_t i = 0;
    while (i < tk.size()) {
        const std::size_t sentence = tk[i].sentence;
        std::size_t end = i;
        while (end < tk.size() && tk[end].sentence == sentence) ++end;
        const bool reported = sentence < context.reported.size() && context.reported[sentence];
        std::optional<std::size_t> time_first;
        std::size_t time_last = 0;
        bool routine = false;
        bool person = false;  // the routine's subject is a person named or «он», not «кабинет»
        std::size_t routine_verb = 0;
        for (std::size_t k = i; k < end && !reported; ++k) {
            if (!time_first) {
                if (const auto last = TimeAt(text, k)) {
                    time_first = k;
                    time_last = *last;
                }
            }
            if (routine || !RoutineVerb(tk[k].folded)) continue;
            // The subject: the nearest word naming a side, before the verb, else just after it
            // («каждое утро уезжает ваш директор»).
            Side side = Side::kNone;
            std::size_t subject = k;
            for (std::size_t back = 1; back <= 10 && back <= k - i && side == Side::kNone; ++back) {
                side = side_of(k - back);
                subject = k - back;
            }
            for (std::size_t ahead = k + 1; ahead < end && ahead <= k + 4 && side == Side::kNone;
                 ++ahead) {
                side = side_of(ahead);
                subject = ahead;
            }
            routine = side == Side::kRecipient;
            routine_verb = k;
            const std::string_view s = tk[subject].folded;
            person = flag(context.named, subject) || s == "он" || s == "она" || s == "они";
        }
        // The time tells the routine when it is near its verb («каждый день в 7:40» after «она
        // ходит на работу через гаражи»), not anywhere in a long sentence.
        const std::size_t distance = !time_first                  ? 0
                                     : routine_verb > *time_first ? routine_verb - *time_first
                                                                  : *time_first - routine_verb;
        if (routine && time_first && distance <= 9) {
            found.push_back({ThreatHint::kSurveillance, *time_first, time_last});
        } else if (routine && person) {
            // Without a clock, a routine that brings the person to the applicant's own place
            // («Горбунов приезжает к нам на карьер», «её машина стоит на нашей парковке, когда
            // она приезжает»: frozen set 20).
            for (std::size_t k = i; k < end; ++k) {
                const std::string_view w = tk[k].folded;
                const std::string_view before = k > i ? std::string_view(tk[k - 1].folded) : "";
                const bool ours =
                    ((w == "нам" || w == "нас" || w == "меня" || w == "мне") &&
                     (before == "к" || before == "у" || before == "мимо" || before == "возле")) ||
                    ((before == "на" || before == "в" || before == "во" || before == "мимо" ||
                      before == "под") &&
                     own_possessive(w) && !w.starts_with("сво"));
                if (ours) {
                    found.push_back({ThreatHint::kSurveillance, routine_verb, routine_verb});
                    break;
                }
            }
        }
        i = end;
    }
    return found;
}

bool TellsTimeOfDay(const AnalyzedText& text) {
    for (std::size_t i = 0; i < text.tokens.size(); ++i) {
        if (TimeAt(text, i)) return true;
    }
    return false;
}

}  // namespace otklik::triage

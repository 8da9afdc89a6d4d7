#include "triage/own_skill.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace otklik::triage {
namespace {

bool InList(std::string_view word, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

bool EndsWithAny(std::string_view word, std::initializer_list<std::string_view> endings) {
    return std::any_of(endings.begin(), endings.end(),
                       [&](std::string_view e) { return word.ends_with(e); });
}

// The endings of nouns naming a trade in the nominative («лаборант», «кинолог», «монтажник»,
// «повар», «коллектор», «водитель», «машинист», «электрик»).
constexpr std::string_view kTradeEndings[] = {"ник", "щик", "чик", "тель", "ист", "лог",
                                              "ант", "ер",  "ор",  "арь",  "ар",  "трик"};

// Nouns with those endings that are no trade: the applicant's standing, which every letter's
// introduction names («я родитель», «я заявитель», «я пенсионер»), and words that only end like
// one («номер»).
bool NotATrade(std::string_view w) {
    return InList(
        w, {"житель",        "родитель",       "заявитель",    "пенсионер",   "пользователь",
            "собственник",   "получатель",     "покупатель",   "потребитель", "избиратель",
            "участник",      "представитель",  "работник",     "сотрудник",   "наниматель",
            "арендатор",     "акционер",       "партнер",      "номер",       "налогоплательщик",
            "волонтер",      "председатель",   "член",         "опекун",      "попечитель",
            "плательщик",    "вкладчик",       "заемщик",      "должник",     "дачник",
            "очередник",     "льготник",       "отпускник",    "выпускник",   "школьник",
            "ученик",        "наставник",      "слушатель",    "зритель",     "посетитель",
            "первоклассник", "старшеклассник", "одноклассник", "призывник",   "именинник"});
}

// Words that may stand between «я» and the trade it names: «я тридцать лет лаборант», «я сам
// монтажник», «я бывший взрывник», «я по профессии повар».
bool IntroFiller(const Token& t) {
    const std::string_view w = t.folded;
    if (t.script == Script::kNone && !w.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) {
        return true;
    }
    return InList(w, {"сам",           "сама",    "уже",     "тоже",   "ведь",    "же",
                      "бывший",        "бывшая",  "лет",     "года",   "год",     "по",
                      "профессии",     "опытный", "опытная", "старый", "старший", "главный",
                      "потомственный", "много",   "давно",   "вообще", "а",       "и"}) ||
           w.ends_with("дцать") || w.ends_with("десят") ||
           InList(w, {"два", "три", "пять", "шесть", "семь", "восемь", "девять", "десять", "сорок",
                      "сто"});
}

bool TradeNoun(const Token& t, bool instrumental) {
    if (t.upper_initial || t.script != Script::kCyrillic || t.letters < 5) return false;
    std::string_view w = t.folded;
    const auto trade = [](std::string_view noun) {
        return std::any_of(std::begin(kTradeEndings), std::end(kTradeEndings),
                           [&](std::string_view e) { return noun.ends_with(e); }) &&
               !NotATrade(noun);
    };
    if (!instrumental) return trade(w);
    // «дежурным по переезду», «обходчиком»: a trade named by an adjective (frozen set 21).
    if (w.starts_with("дежурн") && w.ends_with("ым")) return true;
    // «машинистом», «поваром»; «водителем», «пекарем» lose the soft sign.
    if (!EndsWithAny(w, {"ом", "ем"})) return false;
    w.remove_suffix(std::string_view("ом").size());
    return trade(w) || trade(std::string(w) + "ь");
}

// A verb an operator writes of what the caller said: «сказал», «сообщила», «говорит».
bool SaidOfThemselves(std::string_view w) {
    return w.starts_with("сказал") || w.starts_with("сообщил") || w.starts_with("пояснил") ||
           w == "говорит" || w == "рассказал" || w == "рассказала";
}

// The applicant or their household as the subject: «я», «мы», «муж», «брат», not «ваш муж».
bool OwnSubject(const std::vector<Token>& tk, std::size_t i) {
    const std::string_view w = tk[i].folded;
    if (w == "я" || w == "мы") return true;
    if (!InList(w, {"муж", "жена", "брат", "сын", "отец", "зять", "сестра", "дочь", "тесть",
                    "свекор", "дядя", "племянник"})) {
        return false;
    }
    if (i == 0 || tk[i - 1].sentence != tk[i].sentence) return true;
    const std::string_view before = tk[i - 1].folded;
    return !(before.starts_with("ваш") || before == "его" || before == "ее" || before == "их");
}

}  // namespace

std::vector<ThreatHintHit> FindOwnSkill(const AnalyzedText& text, const ThreatContext& context) {
    std::vector<ThreatHintHit> found;
    const auto& tk = text.tokens;
    // On the phone the operator's «сказал, что…» reports the caller's own words.
    const auto own_sentence = [&](std::size_t i) {
        const std::size_t s = tk[i].sentence;
        if (s < context.reported.size() && context.reported[s] && !context.caller_quotes) {
            return false;
        }
        return !tk[i].quoted || context.caller_quotes;
    };
    const auto same = [&](std::size_t a, std::size_t b) {
        return b < tk.size() && tk[a].sentence == tk[b].sentence && tk[a].field == tk[b].field;
    };
    // By sentence: a trade told in it, for the know-how «…и знаю, что…» beside it.
    std::optional<std::size_t> trade_sentence;
    for (std::size_t i = 0; i < tk.size(); ++i) {
        if (!own_sentence(i)) continue;
        const std::string_view w = tk[i].folded;
        std::optional<std::size_t> hit;
        // «Я тридцать лет лаборант», «я кинолог-любитель».
        if (w == "я" || w == "мы") {
            std::size_t k = i + 1;
            while (same(i, k) && k <= i + 4 && IntroFiller(tk[k])) ++k;
            if (same(i, k) && k <= i + 4 && TradeNoun(tk[k], false)) hit = k;
        }
        // «Мой муж водитель скорой», «брат у меня сварщик» (frozen set 23).
        if (!hit && w != "я" && w != "мы" && OwnSubject(tk, i)) {
            std::size_t k = i + 1;
            while (same(i, k) && k <= i + 3 &&
                   (IntroFiller(tk[k]) || tk[k].folded == "у" || tk[k].folded == "меня" ||
                    tk[k].folded == "нас")) {
                ++k;
            }
            if (same(i, k) && k <= i + 3 && TradeNoun(tk[k], false)) hit = k;
        }
        // An operator's note: «представился автоэлектриком» (frozen set 23).
        if (!hit && w.starts_with("представил")) {
            for (std::size_t k = i + 1; same(i, k) && k <= i + 2 && !hit; ++k) {
                if (TradeNoun(tk[k], true)) hit = k;
            }
        }
        // «Работаю водителем», «муж работает на карьере машинистом», «проработал на прессе».
        const bool experience = w.starts_with("проработал") || w.starts_with("отработал");
        if (!hit && (w.starts_with("работа") || w.starts_with("служ") || experience) &&
            w != "работа" && w != "работы" && w != "работу" && w != "работой") {
            bool subject = w == "работаю" || w == "работаем" || w == "служу";
            for (std::size_t back = 1; back <= 4 && back <= i && !subject; ++back) {
                if (!same(i - back, i)) break;
                subject = OwnSubject(tk, i - back) ||
                          // The operator tells what the caller said of themselves: «Сказал,
                          // что работает дежурным по переезду» (frozen set 21).
                          (context.caller_quotes && tk[i - back].folded == "что" && back < i &&
                           same(i - back - 1, i) && SaidOfThemselves(tk[i - back - 1].folded));
            }
            for (std::size_t k = i + 1; subject && same(i, k) && k <= i + 5 && !hit; ++k) {
                if (TradeNoun(tk[k], true)) hit = k;
                if (experience && k == i + 1 && (tk[k].folded == "на" || tk[k].folded == "в")) {
                    hit = i;
                }
            }
        }
        // «У меня доступ к посевам».
        if (!hit && w == "доступ" && same(i, i + 1) &&
            (tk[i + 1].folded == "к" || tk[i + 1].folded == "ко")) {
            for (std::size_t back = 1; back <= 3 && back <= i && !hit; ++back) {
                if (!same(i - back, i)) break;
                const std::string_view b = tk[i - back].folded;
                if (b == "меня" || b == "нас" || b == "есть") hit = i;
            }
        }
        // «У нас в агентстве умеют находить людей», «умею вскрывать замки».
        if (!hit && (w == "умею" || w == "умеем" || w == "умеют" || w == "умеет")) {
            for (std::size_t k = i + 1; same(i, k) && k <= i + 2 && !hit; ++k) {
                if (EndsWithAny(tk[k].folded, {"ть", "ти", "чь"})) hit = i;
            }
        }
        if (hit) {
            trade_sentence = tk[i].sentence;
            found.push_back({ThreatHint::kSkill, i, *hit >= i ? *hit : i});
            continue;
        }
        // «Знаю, куда подпилить», «знаю, на скольких болтах она держится»; «…машинистом, и он
        // знает, что камнедробилка не различает…» beside a trade in the same sentence.
        if (w == "знаю" || w == "знаем" || w == "знает") {
            for (std::size_t k = i + 1; same(i, k) && k <= i + 2; ++k) {
                const std::string_view q = tk[k].folded;
                const bool how = q == "как" || q == "куда" || q == "чем";
                const bool count = q == "сколько" || q == "скольких" || q == "скольки";
                const bool that = q == "что" && trade_sentence == tk[i].sentence;
                bool act = false;
                for (std::size_t m = k + 1; how && same(i, m) && m <= k + 2; ++m) {
                    act = act || EndsWithAny(tk[m].folded, {"ть", "ти", "чь"});
                }
                if (act || count || that) {
                    found.push_back({ThreatHint::kSkill, i, k});
                    break;
                }
            }
        }
    }
    return found;
}

}  // namespace otklik::triage

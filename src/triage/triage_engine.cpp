#include "triage/triage_engine.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "text/quoting.hpp"
#include "text/utf8.hpp"
#include "triage/abuse_matcher.hpp"
#include "triage/language_detector.hpp"
#include "triage/marker_set.hpp"
#include "triage/mass_grouping.hpp"
#include "triage/model_signal.hpp"
#include "triage/phrase_matcher.hpp"
#include "triage/stemmer.hpp"
#include "triage/text_analysis.hpp"
#include "triage/threat_detector.hpp"

namespace otklik::triage {

namespace {

using ClassMask = std::uint32_t;

constexpr ClassMask Bit(WordClass c) { return ClassMask{1} << static_cast<unsigned>(c); }

// A fingerprint's word term (the top bit clear: TextFingerprint::kPrefixTag marks prefixes).
std::uint64_t Fnv1a(std::string_view s) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (char c : s) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash & ~TextFingerprint::kPrefixTag;
}

// The prefix term of a word of at least five letters: its first five letters.
std::optional<std::uint64_t> PrefixTerm(std::string_view folded) {
    std::size_t letters = 0;
    std::size_t end = 0;
    while (end < folded.size() && letters < 5) {
        ++end;
        while (end < folded.size() && (static_cast<unsigned char>(folded[end]) & 0xC0) == 0x80)
            ++end;
        ++letters;
    }
    if (letters < 5 || end >= folded.size()) return std::nullopt;
    return Fnv1a(folded.substr(0, end)) | TextFingerprint::kPrefixTag;
}

RuleAction Harsher(RuleAction a, RuleAction b) { return a > b ? a : b; }

Decision ToDecision(RuleAction action) {
    switch (action) {
        case RuleAction::kOff:
            return Decision::kAccept;
        case RuleAction::kFlag:
            return Decision::kFlag;
        case RuleAction::kComment:
            return Decision::kComment;
        case RuleAction::kHold:
            return Decision::kHold;
        case RuleAction::kReturn:
            return Decision::kReturn;
        case RuleAction::kRefuse:
            return Decision::kRefuse;
    }
    return Decision::kAccept;
}

// «2023»: a year of the facts, not the number of a house, an order or a contract.
bool Year(std::string_view digits) {
    return digits.size() == 4 && (digits.starts_with("19") || digits.starts_with("20"));
}

// Issue 15 (group4): an error code inside a technical fragment («E-7731», «0x80090016»,
// «OTP_DELIVERY_FAILED_2»): three to 32 characters with a digit, not an address. Reports of one
// incident quote the same code; it is a term of the fingerprint and an anchor of the report.
std::optional<std::uint64_t> CodeTerm(const Token& t) {
    if (!t.technical || t.folded.size() < 3 || t.folded.size() > 32) return std::nullopt;
    bool digit = false;
    for (char c : t.folded) {
        if (c == '@' || c == '/' || c == ':') return std::nullopt;
        digit = digit || (c >= '0' && c <= '9');
    }
    if (!digit) return std::nullopt;
    return Fnv1a("!" + t.folded);
}

// The first two bytes of a string (one Cyrillic letter) as a bucket key.
std::uint16_t Key2(std::string_view s) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(s[0]) << 8) |
                                      static_cast<unsigned char>(s[1]));
}

std::string Percent(double share) { return std::to_string(std::lround(share * 100.0)) + " %"; }

std::string FormatDate(core::Instant instant) {
    if (instant == core::Instant{}) return {};
    const auto day = std::chrono::floor<std::chrono::days>(instant);
    const std::chrono::year_month_day ymd{day};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02u.%02u.%04d", static_cast<unsigned>(ymd.day()),
                  static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
    return buffer;
}

std::string JoinQuoted(const std::vector<TextMatch>& matches, std::size_t limit = 3) {
    std::string out;
    std::unordered_set<std::string> seen;
    for (const TextMatch& m : matches) {
        if (!seen.insert(m.text).second) continue;
        if (seen.size() > limit) {
            out += "…";
            break;
        }
        if (!out.empty()) out += ", ";
        out += text::Quoted(m.text);
    }
    return out;
}

bool IsCyrillicVowel(char32_t c) {
    switch (c) {
        case U'а':
        case U'е':
        case U'и':
        case U'о':
        case U'у':
        case U'ы':
        case U'э':
        case U'ю':
        case U'я':
            return true;
        default:
            return false;
    }
}

bool IsLatinVowel(char32_t c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Keyboard rows: five neighbouring keys typed in a row are not a word.
bool HasKeyboardRun(std::u32string_view w) {
    static constexpr std::u32string_view kRows[] = {U"йцукенгшщзхъ", U"фывапролджэ", U"ячсмитьбю",
                                                    U"qwertyuiop",   U"asdfghjkl",   U"zxcvbnm"};
    if (w.size() < 5) return false;
    for (std::u32string_view row : kRows) {
        for (std::size_t i = 0; i + 5 <= w.size(); ++i) {
            if (row.find(w.substr(i, 5)) != std::u32string_view::npos) return true;
        }
    }
    return false;
}

bool IsGibberish(const Token& token) {
    if (token.letters < 3 || token.script == Script::kNone || token.script == Script::kOther) {
        return false;
    }
    // Decoded into a buffer kept by the thread: no allocation per word.
    thread_local std::u32string buffer;
    buffer.clear();
    for (std::size_t pos = 0; pos < token.folded.size();) {
        buffer.push_back(text::NextCodePoint(token.folded, pos));
    }
    const std::u32string_view w = buffer;
    std::size_t vowels = 0;
    std::size_t consonant_run = 0;
    std::size_t max_run = 0;
    for (char32_t c : w) {
        const bool vowel = IsCyrillicVowel(c) || IsLatinVowel(c);
        if (vowel) {
            ++vowels;
            consonant_run = 0;
        } else {
            max_run = std::max(max_run, ++consonant_run);
        }
    }
    if (w.size() >= 4 && vowels == 0) return true;
    if (max_run >= 5 && token.script == Script::kCyrillic) return true;
    if (HasKeyboardRun(w)) return true;
    // "ааааа", "ывывыв", "лолололо": a short period repeated.
    for (std::size_t period = 1; period <= 3; ++period) {
        if (w.size() < period * 3) continue;
        bool periodic = true;
        for (std::size_t i = period; i < w.size() && periodic; ++i)
            periodic = w[i] == w[i - period];
        if (periodic) return true;
    }
    return false;
}

struct Uin {
    std::string text;  // as written
    std::string folded;
    TextField field = TextField::kText;
    std::size_t offset = 0;
};

// "ББ-2026-000123": 1–6 letters, a dash, a four-digit year, a dash, 3–8 digits.
std::vector<Uin> FindUins(std::string_view s, TextField field) {
    std::vector<Uin> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t start = pos;
        std::size_t p = pos;
        std::size_t letters = 0;
        while (p < s.size()) {
            std::size_t q = p;
            const char32_t c = text::NextCodePoint(s, q);
            if (!(text::IsCyrillic(c) || text::IsAsciiLetter(c))) break;
            ++letters;
            p = q;
        }
        auto digits = [&](std::size_t& at) {
            std::size_t n = 0;
            while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
                ++at;
                ++n;
            }
            return n;
        };
        bool ok = letters >= 1 && letters <= 6 && p < s.size() && s[p] == '-';
        std::size_t end = p;
        if (ok) {
            ++end;
            ok = digits(end) == 4 && end < s.size() && s[end] == '-';
        }
        if (ok) {
            ++end;
            const std::size_t n = digits(end);
            ok = n >= 3 && n <= 8;
        }
        bool word_start = true;
        if (start > 0) {
            std::size_t back = start - 1;
            while (back > 0 && (static_cast<unsigned char>(s[back]) & 0xC0) == 0x80) --back;
            std::size_t q = back;
            const char32_t previous = text::NextCodePoint(s, q);
            word_start = !(text::IsCyrillic(previous) || text::IsAsciiLetter(previous));
        }
        if (ok && word_start) {
            Uin uin;
            uin.text = std::string(s.substr(start, end - start));
            uin.folded = FoldText(uin.text);
            uin.field = field;
            uin.offset = start;
            out.push_back(std::move(uin));
            pos = end;
            continue;
        }
        if (letters > 0) {
            pos = p;
        } else {
            text::NextCodePoint(s, pos);
        }
    }
    return out;
}

// An e-mail address or a phone number (10+ digits) written in the text itself.
bool HasContactInText(std::string_view s) {
    const std::size_t at = s.find('@');
    if (at != std::string_view::npos && at > 0 && s.find('.', at) != std::string_view::npos) {
        return true;
    }
    std::size_t digits = 0;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            ++digits;
            if (digits >= 10) return true;
        } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '+') {
            digits = 0;
        }
    }
    return false;
}

// Violent intent without a lexicon form: a harm verb (by its stem) in the first-person future
// («проломлю», «подпалю») or an infinitive after a word of intent («хочу перерезать»,
// «буду стрелять»), aimed at a person, a body part or a building.
constexpr std::string_view kHarmStems[] = {
    "убь",      "убит",        "прибь",        "прибит",    "зареж",      "зарез",
    "прирез",   "пореж",       "порез",        "перереж",   "перерез",    "застрел",
    "пристрел", "перестрел",   "стрел",        "задуш",     "удуш",       "придуш",
    "изобь",    "избит",       "покалеч",      "изуродо",   "изуроду",    "проломл",
    "пролом",   "разобь",      "разбит",       "перелома",  "сломаю",     "сломат",
    "подпал",   "спал",        "сожг",         "сжечь",     "подожг",     "поджеч",
    "поджёг",   "взорв",       "подорв",       "перебь",    "перебит",    "отрав",
    "выпотрош", "закатаю",     "размаж",       "пришь",     "пришиб",     "грохн",
    "удавл",    "удав",        "мочить",       "замоч",     "выслеж",     "подкараул",
    "поломаю",  "переломаю",   "расстрел",     "отпизд",    "изрубл",     "изруб",
    "искалеч",  "разнес",      "разнёс",       "выбь",      "вывер",      "сожж",
    "похорон",  "разгром",     "подстрел",     "отстрел",   "прострел",   "приреж",
    "пырн",     "заруб",       "размозж",      "изувеч",    "передуш",    "добь",
    "прикон",   "задавл",      "закопа",       "утопл",     "сровня",     "набь",
    "вмаж",     "тресн",       "вломл",        "отдела",    "измолоч",    "отмутуз",
    "отлуп",    "поколоч",     "отметел",      "изметел",   "отпина",     "запина",
    "затопч",   "растопч",     "вышиб",        "оторв",     "пальн",      "шмальн",
    "запал",    "подстерег",   "покрош",       "порежу",    "изрежу",     "пошинк",
    "поубива",  "раздавл",     "растерза",     "вздерн",    "мочить",     "отреж",
    "пострел",  "отомщ",       "отомст",       "поквита",   "расквита",   "урою",
    "уроем",    "отоварю",     "накостыля",    "отмудох",   "измордо",    "измордую",
    "отдубас",  "дубас",       "укокош",       "кокну",     "прихлопн",   "пристукн",
    "выколю",   "выколот",     "откуш",        "разорв",    "перегрыз",   "загрыз",
    "выпущу",   "четверту",    "линчу",        "линчева",   "повешу",     "обезглав",
    "казню",    "разбомб",     "стрельн",      "шмаля",     "раскромса",  "искромса",
    "покромса", "задавлю",     "сбью",         "раздробл",  "отрубл",     "отрублю",
    "отрежу",   "подстрелю",   "бомбану",      "подорвать", "взорвать",   "поджечь",
    "спалить",  "перестреляю", "перестрелять", "постреляю", "расстреляю", "расстрелять",
    "убю",      "убъю",        "пооткруч",     "откручу",   "поотрыва",   "поотрыв",
    "поотруба", "покрошу",     "бить",         "избива",    "калеч",      "душить",
    "травить",  "жечь",        "поджига",      "взрыва",    "резать",     "колотить",
    "лупить",   "вырву",       "вырвем",       "утоп",      "выдерну",    "выдерем",
    "выдеру",
};

constexpr std::string_view kIntentWords[] = {
    "хочу",   "хотим",      "собираюсь", "соберусь", "буду",   "будем",       "намерен", "намерена",
    "готов",  "готова",     "пора",      "пойду",    "приду",  "приеду",      "иду",     "решил",
    "решила", "мечтаю",     "клянусь",   "обещаю",   "сейчас", "щас",         "завтра",  "сегодня",
    "думаю",  "планирую",   "задумал",   "задумала", "придем", "придём",      "приедем", "пойдем",
    "пойдём", "собираемся", "намерены",  "готовы",   "решили", "обязательно", "лично",
};

// Infinitives of asking and learning: «хочу понять», «хотим уточнить» is a question coming,
// not a plan (frozen set 12: «хочу понять, не сгорит ли у него лимит проб»).
constexpr std::string_view kInquiryInfinitives[] = {
    "понять",     "понимать",  "знать",  "узнать",        "уточнить",     "спросить",
    "выяснить",   "попросить", "задать", "сообщить",      "пожаловаться", "обратиться",
    "записаться", "получить",  "подать", "поблагодарить", "разъяснить",   "прояснить",
};

constexpr std::string_view kHarmObjects[] = {
    "голов",       "лицо",        "лиц",        "морд",     "рыл",    "рук",      "ног",
    "челюст",      "шею",         "шеи",        "глотк",    "горл",   "зуб",      "череп",
    "ребр",        "кост",        "здани",      "офис",     "контор", "управ",    "мэри",
    "администрац", "министерств", "ведомств",   "центр",    "мфц",    "школ",     "окн",
    "больниц",     "асфальт",     "кабинет",    "учрежден", "отдел",  "колледж",  "техникум",
    "университет", "институт",    "поликлиник", "соцфонд",  "фонд",   "помещени", "приемн",
    "прокуратур",
};

constexpr std::string_view kBodyForms[] = {"нос", "носа", "носу", "уши", "ушей", "глаз", "глаза"};

constexpr std::string_view kIdiomThreats[] = {
    "взлетит на воздух",   "взлетят на воздух", "красного петуха", "вперед ногами",
    "вперёд ногами",       "кровью умоетесь",   "кровью умоешься", "отправлю в больницу",
    "в больницу отправлю", "сверну шею",        "сверну ему шею",  "сверну ей шею",
    "шею сверну",          "шею ему сверну",
};

bool StartsWithAny(std::string_view word, std::span<const std::string_view> stems) {
    for (std::string_view stem : stems) {
        if (word.starts_with(stem)) return true;
    }
    return false;
}

// StartsWithAny for a long list checked against every word: the stems bucketed by their first
// four bytes (two letters of Cyrillic), so a word is compared only with the few stems that start
// like it. A vowel-blind index reads an unstressed «о» and «а» as one letter («взарву» is
// «взорву»): people write those vowels by ear.
class PrefixIndex {
public:
    explicit PrefixIndex(std::span<const std::string_view> stems, bool vowel_blind = false)
        : vowel_blind_(vowel_blind) {
        for (std::string_view stem : stems) {
            if (stem.size() < kKeyBytes) {
                short_.push_back(stem);
            } else {
                buckets_[Key(stem)].push_back(stem);
            }
        }
    }

    bool AnyPrefixOf(std::string_view word) const {
        for (std::string_view stem : short_) {
            if (Starts(word, stem)) return true;
        }
        if (word.size() < kKeyBytes) return false;
        const auto it = buckets_.find(Key(word));
        if (it == buckets_.end()) return false;
        for (std::string_view stem : it->second) {
            if (Starts(word, stem)) return true;
        }
        return false;
    }

private:
    static constexpr std::size_t kKeyBytes = 4;
    static constexpr unsigned char kLead = 0xD0;  // «а» is D0 B0, «о» is D0 BE
    static bool AorO(unsigned char c) { return c == 0xB0 || c == 0xBE; }

    bool Starts(std::string_view word, std::string_view stem) const {
        if (!vowel_blind_) return word.starts_with(stem);
        if (word.size() < stem.size()) return false;
        for (std::size_t i = 0; i < stem.size(); ++i) {
            const auto a = static_cast<unsigned char>(word[i]);
            const auto b = static_cast<unsigned char>(stem[i]);
            if (a == b) continue;
            // A continuation byte right after the lead byte D0 (which never continues a letter).
            if (i == 0 || static_cast<unsigned char>(stem[i - 1]) != kLead || !AorO(a) ||
                !AorO(b)) {
                return false;
            }
        }
        return true;
    }

    std::uint32_t Key(std::string_view s) const {
        std::uint32_t key = 0;
        for (std::size_t i = 0; i < kKeyBytes; ++i) {
            auto c = static_cast<unsigned char>(s[i]);
            if (vowel_blind_ && i > 0 && static_cast<unsigned char>(s[i - 1]) == kLead &&
                c == 0xBE) {
                c = 0xB0;
            }
            key = (key << 8) | c;
        }
        return key;
    }

    bool vowel_blind_ = false;
    std::vector<std::string_view> short_;
    std::unordered_map<std::uint32_t, std::vector<std::string_view>> buckets_;
};

// Nouns that begin like a verb of harm and end like its first person («УК разложила отраву у
// подвала», «перевёл стрелку», «в спальню»): not verbs (frozen set 10).
constexpr std::string_view kHarmStemNouns[] = {
    "отрава",  "отравы",  "отраве",  "отраву",   "отравой",  "стрелка",
    "стрелки", "стрелке", "стрелку", "стрелкой", "стрелу",   "спальня",
    "спальни", "спальне", "спальню", "спальней", "спальный", "спального",
};

// First-person future or imperative-free forms: «проломлю», «подпалю», «перебьём».
bool FirstPersonOrInfinitive(std::string_view w, bool& infinitive) {
    infinitive = w.ends_with("ть") || w.ends_with("ти") || w.ends_with("чь");
    if (infinitive) return true;
    // Participles declined as adjectives end like a first person («разбитую трассу», «избитому»,
    // «горящим»): they describe a state, nobody's plan (frozen set 11: a call about a broken
    // road was refused as a threat). «Изуродую», «атакую» keep a consonant other than т, н, щ, ш.
    static constexpr std::string_view kParticiple[] = {"тую",   "нную", "щую",  "шую", "тому",
                                                       "нному", "щему", "шему", "щим", "шим"};
    for (std::string_view ending : kParticiple) {
        if (w.ends_with(ending)) return false;
    }
    return w.ends_with("у") || w.ends_with("ю") || w.ends_with("ем") || w.ends_with("ём") ||
           w.ends_with("им");
}

// A plan of violence without a verb of harm: a weapon brought along, a massacre arranged, an
// outcome named («останется без рук»), aimed at a person or a place, by the applicant.
// Weapons (prefixes); fuel and fire count only together («солью бензин… чиркну спичкой»).
constexpr std::string_view kWeaponStems[] = {
    "топор",   "арматур", "гранат",    "ружь",      "пистолет",  "взрывчат", "тротил",  "кастет",
    "травмат", "кувалд",  "арбалет",   "калашник",  "обрезом",   "коктейл",  "пулемет", "оружи",
    "винтовк", "карабин", "двустволк", "дробовик",  "револьвер", "пистол",   "динамит", "пластит",
    "тесак",   "мачете",  "заточк",    "монтировк", "дубинк",    "кислот",   "взрывн",  "самопал",
};
constexpr std::string_view kWeaponForms[] = {
    "нож",     "ножом",   "ножа",     "ножи",    "ножами",   "ножик", "ножиком", "бита",   "битой",
    "биту",    "битами",  "автомат",  "обрез",   "ломом",    "бомба", "бомбу",   "бомбой", "ствол",
    "стволом", "молотка", "молотком", "кислоту", "кислотой", "лом",   "молотов",
};
constexpr std::string_view kFuelStems[] = {"бензин", "канистр", "керосин", "горюч"};
constexpr std::string_view kFireStems[] = {"спичк",  "зажигалк", "чиркн",
                                           "подожг", "подпал",   "факел"};
// Massacre, bodies, arson named as nouns («устрою резню», «будет много трупов»).
constexpr std::string_view kHarmNouns[] = {
    "резня",    "резню",    "резни",     "бойня",    "бойню",     "трупы",      "трупов",
    "трупами",  "погром",   "погрома",   "расправу", "расправа",  "теракт",     "поджог",
    "кровавую", "кровавая", "мясорубку", "стрельбу", "колумбайн", "скулшутинг", "взрывчатку",
    "взрыв",    "взрыва",   "взрывом",   "взрывы",   "расправой", "расправы",   "кишки",
    "кишок",    "самосуд",  "самосуда",  "пожар",
};
// The applicant's own plan: first-person verbs of coming, bringing, preparing, waiting.
constexpr std::string_view kPlanVerbs[] = {
    "приду",    "приеду",   "зайду",      "заеду",      "заявлюсь",   "наведаюсь",  "явлюсь",
    "принесу",  "привезу",  "возьму",     "куплю",      "купил",      "купила",     "достал",
    "достала",  "достану",  "подготовил", "приготовил", "встречу",    "подожду",    "подкараулю",
    "выслежу",  "дождусь",  "найду",      "устрою",     "устроим",    "займусь",    "позабочусь",
    "сделаю",   "солью",    "оболью",     "вывезу",     "запру",      "придем",     "приедем",
    "принесем", "прихвачу", "захвачу",    "наточил",    "заряжу",     "зарядил",    "ждите",
    "доберусь", "выйду",    "нагряну",    "пойду",      "поеду",      "плесну",     "прийти",
    "приехать", "прийду",   "прийдем",    "заявимся",   "нагрянем",   "наведаемся", "встретим",
    "подожгу",  "отомщу",   "поквитаюсь", "разберусь",  "разберемся", "разберёмся", "начну",
    "начнем",   "займемся", "возьмусь",   "возьмемся",  "жди",        "навещу",     "навестим",
    "заглянем",
};

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
constexpr std::string_view kThirdParties[] = {
    "сосед",
    "жена",
    "бывш",
    "коллег",
    "прохож",
    "водител",
    "неизвестн",
    "мошенник",
    "коллектор",
    "кто-то",
    "подрост",
    "продав",
    "охранник",
    "начальник",
    "родствен",
    // Frozen set 12: «директор кричит на неё «бестолочь…»» — the caller's superior's words.
    "директор",
    "завуч",
    "руководител",
};
constexpr std::string_view kVictimPronouns[] = {"ему",  "ей", "его", "ее",   "ним",  "ней",  "нее",
                                                "него", "им", "муж", "мужа", "мужу", "мужем"};

// RFC 3834 and the headers mail systems add to automatic letters.
bool AutomaticByHeaders(const std::vector<std::string>& headers, std::string& which) {
    const std::string* bulk = nullptr;
    bool unsubscribe = false;
    for (const std::string& line : headers) {
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = FoldText(line.substr(0, colon));
        std::string value = FoldText(line.substr(colon + 1));
        const auto trim = [](std::string& x) {
            x.erase(0, x.find_first_not_of(" \t"));
            x.erase(x.find_last_not_of(" \t") + 1);
        };
        trim(name);
        trim(value);
        const bool automatic =
            (name == "auto-submitted" && !value.empty() && value != "no") ||
            (name == "precedence" &&
             (value == "auto_reply" || value == "junk" || value == "auto-reply")) ||
            name == "x-autoreply" || name == "x-autorespond" || name == "x-autoresponder" ||
            name == "x-failed-recipients" ||
            (name == "content-type" && value.find("multipart/report") != std::string::npos);
        if (automatic) {
            which = line;
            return true;
        }
        if (name == "precedence" && value == "bulk") bulk = &line;
        unsubscribe = unsubscribe || name == "list-unsubscribe";
    }
    // A newsletter (a webinar's invitation): sent in bulk with a way to unsubscribe. «Bulk»
    // alone is set by some forms and gateways that pass on a person's letter.
    if (bulk != nullptr && unsubscribe) {
        which = *bulk;
        return true;
    }
    return false;
}

constexpr std::string_view kAutoReplyMarkers[] = {
    "автоматический ответ",
    "сформировано автоматически",
    "отправлено роботом",
    "отвечать на него не нужно",
    "не может быть доставлено",
    "адрес получателя не существует",
    "уведомление о недоставке",
    "vacation reply",
    "это автоматическое",
    "автоматическое сообщение",
    "автоматическое уведомление",
    "mailer-daemon",
    "mail delivery",
    "could not be delivered",
    "user unknown",
    "recipient address rejected",
    "сообщение не доставлено",
    "тестовое сообщение",
    "тестовое обращение",
    "тестовое письмо",
    "тестовая заявка",
    "тестовая отправка",
    "проверка отправки",
    "проверка работы формы",
    "test message",
    "this is a test",
    "создано автоматически",
    "сгенерировано автоматически",
    "отправлено автоматически",
    "не отвечайте на это письмо",
    "нахожусь в отпуске",
    "нахожусь в командировке",
    "меня нет на рабочем месте",
    "не имею доступа к почте",
    "буду отсутствовать",
    "отсутствую до",
    "out of office",
    "out of the office",
    "automatic reply",
    "auto-reply",
    "autoreply",
    "delivery status notification",
    "undeliverable",
    "delivery has failed",
    "delivery to the following recipient failed",
    "mail delivery failed",
    "не удалось доставить",
    "недоставленное сообщение",
    "письмо не доставлено",
    "ваше письмо получено",
    "ваше письмо принято",
    "ваше сообщение доставлено",
    "ваше сообщение получено",
    "ваше обращение получено и",
    "returned mail",
    "mailbox unavailable",
    "почтовый ящик переполнен",
    "i am away",
    "уважаемый отправитель",
    "ваше письмо будет рассмотрено",
    "временно отсутствует",
    "до моего возвращения",
    "после моего возвращения",
    "по возвращении отвечу",
    "отвечу после возвращения",
    "i am currently out",
    "i'm out of",
    "i am on leave",
    "on leave until",
    "auto response",
    "автоматическое письмо",
    "ответ сгенерирован",
    "это письмо сформировано",
    "письмо сформировано автоматически",
    "ваше сообщение будет рассмотрено",
};

// Weaker signs of an automatic letter: two of them (or one and a strong marker) are needed.
constexpr std::string_view kAutoReplyWeakMarkers[] = {
    "автоответ",
    "в отпуске",
    "на больничном",
    "в командировке до",
    "по срочным вопросам",
    "письма читать не буду",
    "почту не читаю",
    "зарегистрировано под номером",
    "зарегистрировано в системе",
    "срок рассмотрения",
    "on vacation",
    "will reply",
    "after i return",
    "limited access",
    "urgent matters",
    "thank you for your email",
    "i will be out",
    "currently out",
    "away from the office",
    "back in the office",
    "благодарим за обращение",
    "благодарим за ваше",
    "ответим в течение",
    "ответ будет направлен",
    "в ближайшее время",
    "в порядке очереди",
    "ваше письмо будет",
    "после выхода на работу",
    "после возвращения",
    "находится в отпуске",
    "находится на больничном",
    "не работаю до",
    "в отъезде",
    "обратитесь к",
    "замещает",
    "по всем вопросам обращайтесь",
    "по всем вопросам",
    "на письма отвечу",
    "отвечу после",
    "вернусь",
    "out of",
    "on leave",
    // Issue 15 (triage4): absence and its end, an acknowledgment's promise, in other words.
    "не в офисе",
    "вне офиса",
    "не могу ответить",
    "не смогу ответить",
    "не на связи",
    "буду на связи",
    "прочитаю после",
    "отвечу по возвращении",
    "ответим вам",
    "ответим в",
    "свяжемся с вами",
    "в рабочее время",
    "в порядке поступления",
};

constexpr std::string_view kSpamMarkers[] = {
    "перейдите по ссылке",
    "переходите по ссылке",
    "пройдите по ссылке",
    "введите логин",
    "подтвердите учетн",
    "будет заблокирован",
    "будет заблокирована",
    "номер карты",
    "код из смс",
    "выиграли",
    "получить приз",
    "ваш приз",
    "скидк",
    "предлагаем услуги",
    "предлагаем вам",
    "звоните",
    "бесплатный аудит",
    "под ключ",
    "оставьте заявку",
    "заработок",
    "зарабатывай",
    "без справок",
    "без поручителей",
    "кредит наличными",
    "одобрение за",
    "казино",
    "бонус",
    "продвижение сайт",
    "продвижению сайт",
    "раскрутк",
    "увеличим продажи",
    "рассылк",
    "не выходя из дома",
    "срочно оплатите",
    "ссылка для оплаты",
    "поздравляем",
    "акция",
    "click here",
    "unsubscribe",
    "viagra",
    "special offer",
    "you have won",
    "verify your account",
    "telegram @",
    "подтвердите личность",
    "подтвердите данные",
    "войдите по ссылке",
    "по ссылке ниже",
    "срок действия вашего пароля",
    "доступ будет ограничен",
    "в противном случае",
    "с нового устройства",
    "если это были не вы",
    "начислена компенсация",
    "получения выплаты",
    "оплатите комиссию",
    "заполните анкету",
    "наша компания",
    "прайс",
    "коммерческое предложение",
    "оптом",
    "по лучшим ценам",
    "доставка бесплатно",
    "ждем ваших заявок",
    "только сегодня",
    "успейте",
    "промокод",
    "зарабатываю",
    "на ставках",
    "пиши мне",
    "всему научу",
    "please find attached",
    "invoice",
    "confirm payment",
    "kindly",
    "click the link",
    "служба безопасности",
    "карта заблокирована",
    "подозрительн",
    "обновите данные",
    "специальное предложение",
    "распродаж",
    "пассивный доход",
    "инвестиц",
    "криптовалют",
    "биткоин",
    "микрозайм",
    "быстрые деньги",
    "ваш выигрыш",
    "лотере",
    "подпишись",
    "подписывайтесь",
    "бесплатн",
    "выгодн",
    "dear friend",
    "lottery",
    "winner",
    "bitcoin",
    "crypto",
    "investment",
    "verify",
    "suspended",
    "без вложений",
    "в личку",
    "в директ",
    "в телеграм",
    "в телеграмм",
    "ватсап",
    "whatsapp",
    "wa.me/",
    "t.me/",
    "bit.ly",
    "clck.ru",
    "доход от",
    "в неделю",
    "в день от",
    "подработк",
    "ставки на спорт",
    "букмекер",
    "займ",
    "одобрим",
    "без отказа",
    "низкий процент",
    "под 0",
    "вы выбраны",
    "вы стали победител",
    "розыгрыш",
    "приз",
    "перевод средств",
    "ваш аккаунт взломан",
    "сообщите код",
    "назовите код",
    "продиктуйте код",
    "сотрудник банка",
    "безопасный счет",
    "для разблокировки",
    "реклама",
    "рекламу",
    "размещение рекламы",
    "seo",
    "лидогенерац",
    "холодные звонки",
    "базы клиентов",
    "продвинем",
    "продвижение",
    "в топ",
    "топ-10",
    "топ 10",
    "аудит сайт",
    "разработка сайт",
    "создание сайт",
    "сео",
    "закажите",
    "заказать",
    "купить",
    "купите",
    "оплатите",
    "по акции",
    "выгодное предложение",
    "дешево",
    "недорого",
};

constexpr std::string_view kForwardMarkers[] = {
    "forwarded message",          "пересылаемое сообщение",     "переадресованного сообщения",
    "переадресованное сообщение", "конец пересылаемого",        "original message",
    "исходное сообщение",         "перенаправленное сообщение",
};

// Lines a forward or a mail program adds: headers of the forwarded letter, sign-offs.
bool ForwardBoilerplate(std::string_view folded_line, const MarkerSet& forward_markers) {
    for (std::string_view prefix :
         {"от:",          "from:",         "дата:",     "date:",       "тема:",       "subject:",
          "кому:",        "to:",           "копия:",    "cc:",         "отправлено:", "sent:",
          "отправлено с", "отправлено из", "sent from", "от кого:",    "с уважением", "--",
          "__",           "[вложение",     "[image",    "[attachment", "<image"}) {
        if (folded_line.starts_with(prefix)) return true;
    }
    if (forward_markers.Any(folded_line)) return true;
    // "Fwd: Re:" — reply and forward prefixes with nothing after them.
    std::string_view rest = folded_line;
    bool prefixes = false;
    for (bool more = true; more;) {
        more = false;
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
            rest.remove_prefix(1);
        for (std::string_view p : {"fwd:", "fw:", "re:", "пересл:", "отв:", "ответ:"}) {
            if (rest.starts_with(p)) {
                rest.remove_prefix(p.size());
                prefixes = more = true;
            }
        }
    }
    if (prefixes && rest.empty()) return true;
    // "12.03.2026, 10:15, "Петрова А." <petrova@example.ru>:" — a quote header.
    return folded_line.find('@') != std::string_view::npos && folded_line.ends_with(":");
}

// «Повторно пишу…», «напоминаю о своём сообщении»: the applicant says it is a repeat.
constexpr std::string_view kRepeatMarkers[] = {
    "повторно",
    "ещё раз прошу",
    "еще раз прошу",
    "пишу снова",
    "снова пишу",
    "пишу повторно",
    "напоминаю",
    "повторное обращение",
    "по тому же вопросу",
    "повторяю свой",
    "повторяю вопрос",
    "опять пишу",
    "в очередной раз",
    "еще раз пишу",
    "снова обращаюсь",
    "повторяю свое",
    "пишу второй раз",
    "пишу третий раз",
    "второй раз пишу",
    "в который раз",
    "опять обращаюсь",
    "еще раз обращаюсь",
    "повторно обращаюсь",
    "уже писал",
    "уже писала",
    "дублирую",
    "продублирую",
    "повторяю",
    "так и нет",
    "все так же",
    "всё так же",
    "все еще не",
    "по-прежнему",
    "до сих пор нет",
    "писала выше",
    "писал выше",
    "ранее писал",
    "ранее писала",
    "уже обращал",
    "как и писал",
    "как я писал",
    "как я писала",
    "ответа так и нет",
    "ответа нет",
    "нет ответа",
    "жду ответа",
    "еще раз",
    // Issue 15 (frozen set 9): the same matter named as such («опять про фото…», «та же
    // история»).
    "опять про ",
    "снова про ",
    "опять по поводу",
    "снова по поводу",
    "опять та же",
    "снова та же",
    "та же история",
    "та же ситуация",
};

// A follow-up that brings something new («дополняю», «ещё один вопрос»): not a bare repeat.
// The applicant says they ask the same question again («снова вопрос», «спрашивала уже»): the
// «снова» there is not a problem that came back.
constexpr std::string_view kAskAgainMarkers[] = {
    // The same advice asked for again (frozen set 7), not «в прошлый раз не помогло».
    "как вы в прошлый раз",
    "как в прошлый раз",
    "снова вопрос",
    "опять вопрос",
    "опять спрашиваю",
    "снова спрашиваю",
    "спрашивала уже",
    "спрашивал уже",
    "уже спрашивал",
    "еще раз спрашиваю",
    "повторю вопрос",
    "повторяю вопрос",
    "задавал этот вопрос",
    "задавала этот вопрос",
    "задавал уже",
    "задавала уже",
    "уже задавал",
    "снова спрашиваю",
    // Issue 15 (group4): the applicant says nothing is new.
    "тот же вопрос",
    "ничего нового",
    "новых сведений не",
    "просто напоминаю",
};

constexpr std::string_view kAddsFactsMarkers[] = {
    "дополн",
    "уточня",
    "уточню",
    "кроме того",
    "еще один вопрос",
    "другой вопрос",
    "новый вопрос",
    "вдобавок",
    "прикладываю",
    "прилагаю",
    "появил",
    "изменил",
    "новые сведения",
    "новая информация",
    // Issue 15 (triage4): another problem announced as such.
    "теперь",
    "другому вопросу",
    "другая проблема",
    "новая проблема",
    "еще одна проблема",
    // Issue 15 (frozen set 9): a follow-up that reports what was found since.
    "добавлю",
    "добавляю",
    "выяснил",
    "оказалось",
    "обнаружил",
    "прилагаем",
};

// Outcomes of violence named without a verb of harm («останется без рук», «будет много трупов»).
constexpr std::string_view kHarmOutcomes[] = {
    "не поздоровится",
    "останется без рук",
    "останетесь без рук",
    "без зубов",
    "без рук останется",
    "никто не увидит",
    "больше не увидит",
    "сровнять с землей",
    "сровняю с землей",
    "разлетится по кирпич",
    "будет гореть",
    "гореть будет",
    "будете гореть",
    "сгорит вместе",
    "мокрого места",
    "живым не уйдет",
    "живыми не уйдете",
    "живым не выйдет",
    "живыми не выйдете",
    "пожалеет, что родил",
    "пожалеете, что родил",
    "пожалеет что родил",
    "пожалеете что родил",
    "пусть потом лечится",
    "будете лечиться",
    "будет лечиться",
    "на костылях",
    "инвалидом сделаю",
    "много трупов",
    "будут трупы",
    "кровавую баню",
    "умоетесь кровью",
    "умоешься кровью",
    "мало не покажется",
    "камня на камне",
    "поговорим по-другому",
    "поговорю по-другому",
    "по-другому поговорим",
    "по-мужски",
    "разберусь по-своему",
    "кровью харкать",
    "ходить не сможет",
    "ходить не сможете",
    "мать родная не узнает",
    "шкуру спущу",
    "отправлю в реанимацию",
    "отправлю на тот свет",
    "открою огонь",
    "открою стрельбу",
    "пулю в лоб",
    "взлетит на воздух",
    "взлетите на воздух",
    "заложена бомба",
    "заложено взрывное",
    "взрывное устройство",
    "заминировано",
    "заминирован",
    "устрою пожар",
    "пущу огонь",
    "пустить огонь",
    "вам несдобровать",
    "не сносить головы",
    "вы у меня попляшете",
    "в морду",
    "по морде",
    "по башке",
    "в челюсть",
    "по роже",
    "в рожу",
    "морду набью",
    "морду разобью",
    "лицо разобью",
    "из-под земли достану",
    "из под земли достану",
    "не жить",
    "не доживет",
    "не доживете",
    "оглядыва",
    "вешайтесь",
    "кровь пущу",
    "пущу кровь",
    "готовьте гроб",
    "вспыхнет",
    "запылает",
    "заполыхает",
    "полыхать будет",
    "будет сожжен",
    "будет взорван",
    "до ваших детей",
    "до вашей семьи",
    "ваших детей найду",
    "ваши дни сочтены",
    "ждите гостей",
    "ждите в гости",
    "осталось недолго",
    "недолго осталось",
    "жить осталось",
    "где живет",
    "где живете",
    "где живут",
    "получит по голове",
    "получите по голове",
    "по голове получит",
    "получит по морде",
    "устрою вам ад",
    "на куски",
    "на части",
    "разговаривать по-другому",
    "разговор будет другой",
    "говорить по-другому",
    "пожалеете, что",
    "пожалеешь, что",
    "пожалеет, что",
    "пожалеете что",
    "пожалеет что",
    "будет бум",
    "рванет",
    "бабахнет",
    "жахнет",
    "сгорит",
    "сгорите",
    "сгорят",
    "сгорела",
    "только по-другому",
    "никто не уйдет",
    "никто не выйдет",
    "не уйдет живым",
    "не уйдете живыми",
    "будет взрыв",
    "взлетите",
    "разнесу",
    "раскатаю",
    "по стенке размажу",
    "несчастные случаи",
    "несчастный случай",
    "по всем новостям",
    "в новостях покажут",
    "по новостям покажут",
    "новостям покажут",
    "костей не собер",
    "живого места не",
    "места живого не",
    "прогремит взрыв",
    "грянет взрыв",
    "пожалеете",
    "пожалеешь",
    "пожалеет",
    // Issue 15 (frozen set 9): what is left after a fire.
    "одни стены",
    "одни головешки",
    "одни угли",
    "пепелище",
};

// Threat idioms that need only someone to aim at («вам мало не покажется», «директору не жить»).
constexpr std::string_view kDirectThreats[] = {
    "мало не покажется",
    "не поздоровится",
    "не жить",
    "сдохнете",
    "сдохнешь",
    "ваши дни сочтены",
    "осталось недолго",
    "недолго осталось",
    "кровью умоетесь",
    "умоетесь кровью",
    "вешайтесь",
    "готовьте гроб",
    "несдобровать",
    "не сносить головы",
    "у меня попляшете",
    "что родились",
    "что родился",
    "мокрого места",
    "живыми не уйдете",
    "живым не уйдет",
    "из-под земли достану",
    "из под земли достану",
    "пущу кровь",
    "кровь пущу",
    "шкуру спущу",
    "отправлю на тот свет",
    "отправлю в реанимацию",
    "ждите гостей",
    "оглядывайтесь",
    "ходите и оглядывайтесь",
    "по кусочкам",
    "вам хана",
    "тебе хана",
    "вам крышка",
    "ноги вырву",
    "руки вырву",
    "голову откручу",
    "башку откручу",
    "башку оторву",
    "голову снесу",
    "башку снесу",
    "доиграетесь",
    "доиграется",
    "доиграются",
    "допрыгаетесь",
    "допрыгается",
    "поплатитесь",
    "поплатится",
    "поплатишься",
    "пожалеешь что",
    "пожалеете что",
    "на свет родил",
    "один не ходит",
    "одна не ходит",
    "одни не ходят",
    "пусть оглядывается",
    "пусть оглядываются",
    "живым не выйдет",
    "живыми не выйдут",
    "взлетит на воздух",
    "синим пламенем",
    "будете гореть",
    "по-другому поговорим",
    "кровью ответите",
    "своей кровью",
    "вам не жить",
    "тебе не жить",
    "что-то случилось",
    "что-нибудь случилось",
    "что-то случится",
    "что-нибудь случится",
    "бывают с каждым",
    "случается с каждым",
    "может случиться всякое",
    "всякое может случиться",
    "костей не собер",
    "было бы жаль, если",
    "было бы жаль если",
    "жалко будет, если",
    "кровью харкать",
    "харкать кровью",
    "висеть на фонар",
    "висеть на столб",
    "на фонарном столбе",
    "знаю, где учатся",
    "знаю где учатся",
    "знаю, где живут",
    "знаю где живут",
    "знаю, где живет",
    "ходить с охраной",
    "начнется охота",
    "открою охоту",
    "объявляю охоту",
    "взлетит к",
    "не увидите своих",
    "детей больше не увидите",
    "своих детей не увидите",
    "найдут в канаве",
    "найдут в лесу",
    "найдут мертв",
    "найдут по частям",
    "на куски",
    "как тузик грелку",
    "ходить по этой земле",
    "осталось ходить",
    "по земле ходить",
    "адрес уже нашли",
    "адрес уже знаю",
    "знаем ваш адрес",
    "знаем, где вы живете",
    "знаем где вы живете",
    "адрес нашли",
};

// A bomb in the building: a threat by itself, whoever is said to have placed it.
constexpr std::string_view kBombMarkers[] = {
    "заложена бомба", "заложил бомбу", "заложили бомбу", "заложено взрывное", "взрывное устройство",
    "заминировано",   "заминирован",   "бомба в здании", "бомбу в здании",    "бомба заложена",
};

// Words that make a plan a threat by themselves («запомните мои слова»).
constexpr std::string_view kMenaceMarkers[] = {
    "запомните мои слова",
    "попомните мои слова",
    "я вас предупредил",
    "я предупредил",
    "я предупредила",
    "это не шутка",
    "я не шучу",
    "я за себя не ручаюсь",
    "за себя не отвечаю",
    "я знаю где",
    "я знаю, где",
    "вы меня еще узнаете",
    "последнее предупреждение",
    "берегитесь",
    "умею им пользоваться",
    "умею пользоваться",
    "я серьезно",
    "я серьёзно",
    "серьозно",
    "терять нечего",
    "терять мне нечего",
    "ждите меня",
    "вот увидите",
    "я вас найду",
    "я тебя найду",
    "найду вас",
    "найду тебя",
    "фамилию знаю",
    "адрес знаю",
    "номер знаю",
    "знаю где вы сидите",
    "знаю, где вы сидите",
    "знаю где он живет",
    "знаю, где он живет",
    "знаю где она живет",
    "знаю, где она живет",
    "я вас запомнил",
    "я тебя запомнил",
    "я вас запомнила",
    "по-хорошему не понимаете",
    "по-хорошему не понимает",
    "знаю на какой машине",
    "знаю, на какой машине",
    "где он паркуется",
    "где вы паркуетесь",
    "хорошо подумайте",
    "подумайте хорошо",
    "знаю ваш адрес",
    "знаю адрес",
    "пусть только появится",
    "пусть только попробует",
    "пусть только сунется",
    "только попадись",
    "попадется мне",
    "вот что будет",
    "подумайте об этом",
    "будете знать",
    "будет знать",
    "я знаю как",
    "знаю, как это сделать",
    "я знаю, как",
};

// The marker lists searched in the folded subject and text, one automaton for all of them.
struct TextMarkers {
    static constexpr std::size_t kAutoReply = 0;
    static constexpr std::size_t kSpam = kAutoReply + std::size(kAutoReplyMarkers);
    static constexpr std::size_t kIdiom = kSpam + std::size(kSpamMarkers);
    static constexpr std::size_t kRepeat = kIdiom + std::size(kIdiomThreats);
    static constexpr std::size_t kAutoWeak = kRepeat + std::size(kRepeatMarkers);
    static constexpr std::size_t kOutcome = kAutoWeak + std::size(kAutoReplyWeakMarkers);
    static constexpr std::size_t kMenace = kOutcome + std::size(kHarmOutcomes);
    static constexpr std::size_t kDirect = kMenace + std::size(kMenaceMarkers);
    static constexpr std::size_t kBomb = kDirect + std::size(kDirectThreats);
    static constexpr std::size_t kAddsFacts = kBomb + std::size(kBombMarkers);
    static constexpr std::size_t kCount = kAddsFacts + std::size(kAddsFactsMarkers);

    static std::vector<std::string_view> All() {
        std::vector<std::string_view> all;
        all.reserve(kCount);
        all.insert(all.end(), std::begin(kAutoReplyMarkers), std::end(kAutoReplyMarkers));
        all.insert(all.end(), std::begin(kSpamMarkers), std::end(kSpamMarkers));
        all.insert(all.end(), std::begin(kIdiomThreats), std::end(kIdiomThreats));
        all.insert(all.end(), std::begin(kRepeatMarkers), std::end(kRepeatMarkers));
        all.insert(all.end(), std::begin(kAutoReplyWeakMarkers), std::end(kAutoReplyWeakMarkers));
        all.insert(all.end(), std::begin(kHarmOutcomes), std::end(kHarmOutcomes));
        all.insert(all.end(), std::begin(kMenaceMarkers), std::end(kMenaceMarkers));
        all.insert(all.end(), std::begin(kDirectThreats), std::end(kDirectThreats));
        all.insert(all.end(), std::begin(kBombMarkers), std::end(kBombMarkers));
        all.insert(all.end(), std::begin(kAddsFactsMarkers), std::end(kAddsFactsMarkers));
        return all;
    }
};

const MarkerSet& SharedTextMarkers() {
    static const MarkerSet set{TextMarkers::All()};
    return set;
}

const MarkerSet& SharedForwardMarkers() {
    static const MarkerSet set{kForwardMarkers};
    return set;
}

const PrefixIndex& SharedHarmStems() {
    static const PrefixIndex index{kHarmStems, /*vowel_blind=*/true};
    return index;
}

bool InList(std::string_view word, std::span<const std::string_view> list) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

// The plan-of-violence lists, looked up once per word through bucketed prefixes and hash sets
// (the rule runs on every appeal without a lexicon threat: no linear scans per word).
struct PlanLexicon {
    PrefixIndex objects{kHarmObjects};
    PrefixIndex weapons{kWeaponStems};
    PrefixIndex fuel{kFuelStems};
    PrefixIndex fire{kFireStems};
    std::unordered_set<std::string_view> plans;
    std::unordered_set<std::string_view> means;
    std::unordered_set<std::string_view> body;
    PlanLexicon() {
        plans.insert(std::begin(kPlanVerbs), std::end(kPlanVerbs));
        plans.insert(std::begin(kIntentWords), std::end(kIntentWords));
        for (std::string_view w : {"сейчас", "щас", "завтра", "сегодня", "пора"}) plans.erase(w);
        means.insert(std::begin(kWeaponForms), std::end(kWeaponForms));
        means.insert(std::begin(kHarmNouns), std::end(kHarmNouns));
        body.insert(std::begin(kBodyForms), std::end(kBodyForms));
    }
};

const PlanLexicon& SharedPlanLexicon() {
    static const PlanLexicon lexicon;
    return lexicon;
}

}  // namespace

namespace internal {

/// The compiled form of one regulation's triage configuration.
struct EngineState {
    std::shared_ptr<const Lexicons> lexicons;
    TriageConfig config;
    AbuseMatcher abuse;
    PhraseMatcher vocabulary{PhraseMatcher::PlainWords::kStem};
    std::vector<WordClass> vocabulary_class;  // by tag
    std::unordered_map<std::string, std::string> synonym_stems;
    std::vector<std::pair<std::string, std::string>> synonym_prefixes;
    // Indices into synonym_prefixes by their first two bytes (one Cyrillic letter).
    std::unordered_map<std::uint16_t, std::vector<std::size_t>> synonym_prefix_buckets;
    PhraseMatcher threats{PhraseMatcher::PlainWords::kExact};
    PhraseMatcher category;
    std::vector<PhraseMatcher> facets;
    PhraseMatcher priorities;
    PhraseMatcher misdirected_addressee;
    PhraseMatcher misdirected_topics;
    PhraseMatcher misdirected_unless;  // tagged by rule, as the topics
    PhraseMatcher misdirected_hints;   // tagged by rule: flagged only
    PhraseMatcher not_covered;
    PhraseMatcher not_covered_unless;
    // Mass incidents: terms of MassGenericWords() as fingerprints hold them, sorted.
    GenericTerms mass_generic;
    // Mass incidents: objects and symptoms of faults (IncidentConceptWords) by their terms.
    IncidentConcepts mass_concepts;
    // Fixed lists: compiled once per process and shared by every engine (a regulation each).
    const MarkerSet& text_markers = SharedTextMarkers();
    const MarkerSet& forward_markers = SharedForwardMarkers();
    const PrefixIndex& harm_stems = SharedHarmStems();

    EngineState(std::shared_ptr<const Lexicons> l, TriageConfig c)
        : lexicons(std::move(l)), config(std::move(c)), abuse(lexicons) {}
};

}  // namespace internal

struct TriageEngine::Compiled : internal::EngineState {
    using EngineState::EngineState;
};

namespace {

using internal::EngineState;

// Per-call state shared by the rules.
struct Analysis {
    AnalyzedText text;
    std::vector<PhraseHit> vocabulary_hits;
    std::vector<ClassMask> token_classes;
    std::vector<ClassMask> sentence_classes;
    ClassMask all_classes = 0;
    std::size_t signature_from = 0;  // tokens from here on are the signature
    std::vector<bool> content;       // content words (TR-3)
    std::vector<bool> gibberish;
    TextFingerprint fingerprint;
    std::vector<std::uint64_t> numbers;  // fingerprint terms of numbers (order, house, contract)
    std::vector<std::uint64_t> numbers_tails;  // the same without their first digit (phones)
};

bool Has(ClassMask mask, WordClass c) { return (mask & Bit(c)) != 0; }

void Analyze(const EngineState& state, std::string_view subject, std::string_view text,
             Analysis& a) {
    a.text = AnalyzeText(subject, text);
    const auto& tokens = a.text.tokens;
    a.vocabulary_hits = state.vocabulary.Find(a.text, 1);
    a.token_classes.assign(tokens.size(), 0);
    a.sentence_classes.assign(a.text.sentence_count + 1, 0);
    for (const PhraseHit& hit : a.vocabulary_hits) {
        const ClassMask bit = Bit(state.vocabulary_class[hit.tag]);
        for (std::size_t k = hit.first; k <= hit.last; ++k) a.token_classes[k] |= bit;
        a.sentence_classes[tokens[hit.first].sentence] |= bit;
        a.all_classes |= bit;
    }
    // A sign-off in the last lines: what follows is a name, not content.
    a.signature_from = tokens.size();
    for (const PhraseHit& hit : a.vocabulary_hits) {
        if (state.vocabulary_class[hit.tag] != WordClass::kSignature) continue;
        if (tokens[hit.first].field != TextField::kText) continue;
        if (tokens.size() - hit.first <= 14) {
            a.signature_from = hit.first;
            break;
        }
    }
    a.content.assign(tokens.size(), false);
    a.gibberish.assign(tokens.size(), false);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.technical || t.letters < 2 || i >= a.signature_from) continue;
        // Request words («помогите», «вопрос») show intent, not what the appeal is about.
        if (Has(a.token_classes[i], WordClass::kCourtesy) ||
            Has(a.token_classes[i], WordClass::kStopword) ||
            Has(a.token_classes[i], WordClass::kRequest)) {
            continue;
        }
        if (IsGibberish(t)) {
            a.gibberish[i] = true;
        } else {
            a.content[i] = true;
        }
    }
}

std::string Term(const EngineState& state, const Token& token) {
    if (auto it = state.synonym_stems.find(token.stem); it != state.synonym_stems.end()) {
        return it->second;
    }
    if (token.folded.size() >= 2) {
        const auto bucket = state.synonym_prefix_buckets.find(Key2(token.folded));
        if (bucket != state.synonym_prefix_buckets.end()) {
            for (std::size_t k : bucket->second) {
                const auto& [prefix, canonical] = state.synonym_prefixes[k];
                if (token.folded.starts_with(prefix)) return canonical;
            }
        }
    }
    return token.stem;
}

TextFingerprint BuildFingerprint(const EngineState& state, const Analysis& a) {
    TextFingerprint fp;
    fp.version = TextFingerprint::kVersion;
    const auto& tokens = a.text.tokens;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (i >= a.signature_from) continue;
        if (t.technical) {
            if (auto code = CodeTerm(t)) fp.terms.push_back(*code);
            continue;
        }
        if (t.letters == 0) {
            // Numbers tell one order, date or document from another.
            if (t.folded.size() >= 2) fp.terms.push_back(Fnv1a("#" + t.folded));
            continue;
        }
        const std::uint64_t term = Fnv1a(Term(state, t));
        // Issue 15 (group4): a word other rules read as filler («тест» of a test message) still
        // names what broke, «перестали» how.
        if (!a.content[i] && !state.mass_concepts.IsFaultWord(term)) continue;
        fp.terms.push_back(term);
        if (auto prefix = PrefixTerm(t.folded)) fp.terms.push_back(*prefix);
    }
    std::sort(fp.terms.begin(), fp.terms.end());
    fp.terms.erase(std::unique(fp.terms.begin(), fp.terms.end()), fp.terms.end());
    return fp;
}

TextFingerprint FingerprintOf(const EngineState& state, const PastAppeal& appeal) {
    if (appeal.fingerprint.Computed()) return appeal.fingerprint;
    Analysis a;
    Analyze(state, appeal.subject, appeal.text, a);
    return BuildFingerprint(state, a);
}

ReportTerms ReportTermsOf(const EngineState& state, const TextFingerprint& fingerprint) {
    ReportTerms terms;
    terms.distinctive = state.mass_generic.Strip(fingerprint);
    terms.features = state.mass_concepts.Of(terms.distinctive);
    return terms;
}

TextFingerprint FingerprintOfText(const EngineState& state, std::string_view text) {
    if (text.empty()) {
        // What the analysis of no words gives, without analysing (solutions are often empty).
        TextFingerprint fp;
        fp.version = TextFingerprint::kVersion;
        return fp;
    }
    Analysis a;
    Analyze(state, {}, text, a);
    return BuildFingerprint(state, a);
}

bool IsOpen(const PastAppeal& appeal) {
    return !appeal.resolved && appeal.status != "closed" && appeal.status != "refused";
}

RelatedAppeal Related(const PastAppeal& appeal, double similarity) {
    return RelatedAppeal{appeal.id, appeal.uin, appeal.status,
                         appeal.resolved ? appeal.solution : std::string{}, similarity};
}

std::string AppealName(const PastAppeal& appeal) {
    std::string name = appeal.uin.empty() ? "№ " + std::to_string(appeal.id) : appeal.uin;
    const std::string date = FormatDate(appeal.created);
    if (!date.empty()) name += " от " + date;
    return name;
}

// Builds the outcome rule by rule.
class Run {
public:
    Run(const EngineState& state, const TriageInput& input, const TriageContext& context)
        : state_(state),
          policy_(state.config.policy),
          t_(state.config.thresholds),
          input_(input),
          context_(context) {
        Analyze(state_, input_.subject, input_.text, a_);
        a_.fingerprint = BuildFingerprint(state_, a_);
        for (const Token& t : a_.text.tokens) {
            if (!t.technical && t.letters == 0 && t.folded.size() >= 2 && !Year(t.folded)) {
                a_.numbers.push_back(Fnv1a("#" + t.folded));
                // A phone or a code written apart the first time («+7 917 …»): its tail.
                if (t.folded.size() >= 5)
                    a_.numbers_tails.push_back(Fnv1a("#" + t.folded.substr(1)));
                else
                    a_.numbers_tails.push_back(a_.numbers.back());
            }
        }
    }

    TriageOutcome Execute() {
        if (On(RuleCode::kForeignLanguage)) ForeignLanguage();
        if (On(RuleCode::kObsceneLanguage) || On(RuleCode::kInsult)) Abuse();
        if (On(RuleCode::kThreat)) Threats();
        if (On(RuleCode::kNoQuestion)) NoQuestion();
        // A machine letter (auto-reply, bounce, spam) is refused as such, whatever its language.
        if (machine_letter_) {
            std::erase_if(out_.rules, [](const FiredRule& rule) {
                return rule.code == RuleCode::kForeignLanguage;
            });
        }
        // Status inquiry before duplicates: an inquiry that restates the problem comments on
        // the original instead of being refused as its duplicate.
        if (On(RuleCode::kStatusInquiry)) StatusInquiry();
        if (On(RuleCode::kRepeatResolved) || On(RuleCode::kDuplicate)) Similarity();
        if (On(RuleCode::kAnonymous)) Anonymous();
        if (On(RuleCode::kMisdirected)) Misdirected();
        if (On(RuleCode::kMassIncident)) MassIncident();
        if (On(RuleCode::kMissingFields)) MissingFields();
        if (On(RuleCode::kNotCovered)) NotCovered();
        if (misdirected_unnamed_ &&
            std::none_of(out_.rules.begin(), out_.rules.end(), [](const FiredRule& rule) {
                return rule.action >= RuleAction::kComment;
            })) {
            MisdirectedByModel();
        }
        Classify();
        std::stable_sort(out_.rules.begin(), out_.rules.end(),
                         [](const FiredRule& x, const FiredRule& y) { return x.code < y.code; });
        RuleAction harshest = RuleAction::kOff;
        for (const FiredRule& rule : out_.rules) harshest = Harsher(harshest, rule.action);
        out_.decision = ToDecision(harshest);
        if (out_.decision != Decision::kComment) out_.comment_on.reset();
        out_.fingerprint = std::move(a_.fingerprint);
        return std::move(out_);
    }

private:
    bool On(RuleCode code) const { return policy_.For(code).action != RuleAction::kOff; }

    RuleAction ActionFor(RuleCode code, Confidence confidence) const {
        const RulePolicy& p = policy_.For(code);
        switch (confidence) {
            case Confidence::kHigh:
                return p.action;
            case Confidence::kMedium:
                return p.uncertain_action;
            case Confidence::kLow:
                return std::min(p.action, RuleAction::kFlag);
        }
        return RuleAction::kOff;
    }

    void Fire(RuleCode code, Confidence confidence, std::string message, Evidence evidence,
              std::optional<RuleAction> action_override = std::nullopt) {
        const RuleAction action = action_override ? *action_override : ActionFor(code, confidence);
        if (action == RuleAction::kOff) return;
        out_.rules.push_back(
            FiredRule{code, confidence, action, std::move(message), std::move(evidence)});
    }

    const std::vector<Token>& tokens() const { return a_.text.tokens; }

    // The text classifier as a second opinion (docs/decisions/0009-triage-text-model.md): when
    // the appeal reaches `threshold` for `label`, its strongest sentence leads the evidence.
    // A guess adds nothing to an appeal another rule already refuses (an obscenity).
    // The appeal is judged with and without its subject; with `part_threshold`, one of its
    // paragraphs reaching that counts too, once the whole appeal is not all but cleared.
    bool ByModel(std::string_view label, double threshold, Evidence& evidence,
                 std::optional<double> part_threshold = std::nullopt) {
        if (std::any_of(out_.rules.begin(), out_.rules.end(),
                        [](const FiredRule& rule) { return rule.action == RuleAction::kRefuse; })) {
            return false;
        }
        // A word or two («Привет», «Тест», a run of one letter) gives the classifier nothing to
        // weigh: its subwords alone can land anywhere.
        constexpr std::size_t kModelMinWords = 3;
        std::size_t words = 0;
        for (const Token& t : tokens()) {
            if (!t.technical && t.letters > 1 && ++words == kModelMinWords) break;
        }
        if (words < kModelMinWords) return false;
        // Below `model_threat_clears` the classifier all but rules the label out: the text
        // without its subject is not asked (one classification spared on most appeals).
        double whole = model_.Probability(label);
        if (whole < threshold && whole >= t_.model_threat_clears) {
            whole = std::max(whole, model_.TextProbability(label));
        }
        // One paragraph alone is asked only when the whole appeal leaves the label possible: a
        // short paragraph of a lawful letter can score anything (frozen set 12: a forwarded
        // letter's note «Таня, перешли это в техподдержку, пусть посмотрят» read as a threat,
        // the whole letter 0.005).
        if (whole < threshold && !(part_threshold && whole >= t_.model_threat_clears &&
                                   model_.PartProbability(label) >= *part_threshold)) {
            return false;
        }
        auto sentence = model_.Evidence(label);
        if (!sentence) return false;
        evidence.matches.insert(evidence.matches.begin(), std::move(*sentence));
        return true;
    }

    // «Обращение похоже на угрозу (оценка модели … 0,62): «sentence». …»: for the operator,
    // with the decimal comma and the sentence ByModel put first in the evidence.
    std::string ModelMessage(std::string_view what, std::string_view label,
                             const Evidence& evidence) {
        char figure[16];
        std::snprintf(figure, sizeof figure, "%.2f", model_.Strongest(label));
        std::string out = "Обращение похоже на " + std::string(what) +
                          " (оценка модели по размеченным обращениям ";
        for (const char* c = figure; *c != '\0'; ++c) out += *c == '.' ? ',' : *c;
        return out + "): " + text::Quoted(evidence.matches.front().text) +
               ". Нужна проверка оператором.";
    }

    // The folded subject and text ("subject\ntext") and the markers found in them: folded and
    // scanned once, on first use, for every rule that searches phrases in the raw text.
    void FoldOnce() {
        if (folded_) return;
        folded_ = true;
        folded_all_ = FoldText(input_.subject);
        folded_all_ += '\n';
        text_from_ = folded_all_.size();
        folded_all_ += FoldText(input_.text);
        state_.text_markers.Scan(folded_all_, markers_found_);
    }
    std::string_view FoldedText() {
        FoldOnce();
        return std::string_view(folded_all_).substr(text_from_);
    }
    bool Marker(std::size_t index) {
        FoldOnce();
        return markers_found_[index];
    }

    // The fingerprint of an earlier appeal: stored by the caller, or computed once per call.
    const TextFingerprint& Known(const PastAppeal& appeal) {
        if (appeal.fingerprint.Computed()) return appeal.fingerprint;
        auto it = computed_.find(&appeal);
        if (it == computed_.end())
            it = computed_.emplace(&appeal, FingerprintOf(state_, appeal)).first;
        return it->second;
    }

    const ReportTerms& TermsOf(const PastAppeal& appeal) {
        if (appeal.report_terms) return *appeal.report_terms;
        auto it = report_terms_.find(&appeal);
        if (it == report_terms_.end())
            it = report_terms_.emplace(&appeal, ReportTermsOf(state_, Known(appeal))).first;
        return it->second;
    }

    std::size_t CountClass(WordClass c) const {
        std::size_t n = 0;
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            if (Has(a_.token_classes[i], c) && tokens()[i].script == Script::kLatin) ++n;
        }
        return n;
    }

    // --- TR-1 -----------------------------------------------------------------------------
    void ForeignLanguage() {
        const LanguageVerdict verdict =
            DetectLanguage(a_.text, CountClass(WordClass::kTranslit),
                           CountClass(WordClass::kEnglish), t_, state_.lexicons->russian_words());
        Evidence e;
        e.language = verdict.evidence;
        if (verdict.kind == LanguageVerdict::Kind::kTransliterated) {
            Fire(RuleCode::kForeignLanguage, verdict.confidence,
                 "Текст по-русски, но набран латиницей (транслит): обращение не на "
                 "государственном языке — нужна проверка оператором (ТР-1).",
                 std::move(e));
        } else if (verdict.kind == LanguageVerdict::Kind::kForeign) {
            std::string message =
                "Обращение написано на иностранном языке (" + verdict.evidence.name;
            if (verdict.evidence.percent > 0) {
                message += ", " + std::to_string(verdict.evidence.percent) + " % текста";
            }
            message += "). Обращения на иностранных языках не рассматриваются (ТР-1).";
            if (verdict.confidence != Confidence::kHigh) {
                message += " Уверенности нет — нужна проверка оператором.";
            }
            Fire(RuleCode::kForeignLanguage, verdict.confidence, std::move(message), std::move(e));
        } else if (input_.channel == "phone") {
            if (const std::optional<std::size_t> said = CallerSpeaksForeign()) {
                e.matches.push_back(
                    a_.text.Match(*said, *said, tokens()[*said].folded, "caller_language"));
                Fire(RuleCode::kForeignLanguage, Confidence::kMedium,
                     "Со слов оператора, звонящий говорит только на иностранном языке («" +
                         tokens()[*said].folded +
                         "»): обращение не на государственном языке — нужна проверка оператором "
                         "(ТР-1).",
                     std::move(e));
            }
        }
    }

    // The operator's note that the caller speaks only another language («говорит только на
    // английском», «по-русски не говорит»): the token naming the language or «по-русски».
    std::optional<std::size_t> CallerSpeaksForeign() const {
        const auto& tk = tokens();
        for (std::size_t i = 0; i + 1 < tk.size(); ++i) {
            if (tk[i].quoted) continue;
            // «только на английском (языке)».
            if (tk[i].folded == "только" && i + 2 < tk.size() && tk[i + 1].folded == "на" &&
                tk[i + 2].sentence == tk[i].sentence && tk[i + 2].folded.ends_with("ском") &&
                tk[i + 2].folded != "русском") {
                return i + 2;
            }
            // «по-русски не говорит».
            if ((tk[i].folded == "по-русски" || tk[i].folded == "русски") && i + 2 < tk.size() &&
                tk[i + 1].folded == "не" && tk[i + 2].sentence == tk[i].sentence &&
                (tk[i + 2].folded.starts_with("говор") || tk[i + 2].folded.starts_with("поним"))) {
                return i;
            }
            // «не говорит по-русски», «русского не понимает».
            if (tk[i].folded == "не" && tk[i + 1].sentence == tk[i].sentence &&
                (tk[i + 1].folded.starts_with("говор") || tk[i + 1].folded.starts_with("поним") ||
                 tk[i + 1].folded.starts_with("владе"))) {
                for (std::size_t k = i + 2; k < tk.size() && k <= i + 4; ++k) {
                    if (tk[k].sentence != tk[i].sentence) break;
                    if (tk[k].folded == "по-русски" || tk[k].folded == "русски" ||
                        tk[k].folded.starts_with("русск")) {
                        return k;
                    }
                }
            }
        }
        return std::nullopt;
    }

    // --- TR-2: obscene language and insults -------------------------------------------------
    bool NearClass(std::size_t first, std::size_t last, WordClass c, std::size_t before,
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
    bool OwnSpeechOnly(std::uint16_t sentence) const {
        bool any = false;
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            if (tokens()[i].sentence != sentence ||
                !Has(a_.token_classes[i], WordClass::kReporting)) {
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
    bool SpeechReported(std::uint16_t sentence) const {
        if (!Has(a_.sentence_classes[sentence], WordClass::kReporting)) return false;
        static constexpr std::string_view kNotSpeech[] = {"слова", "словами", "угроза", "угрозы",
                                                          "угрозами"};
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            if (tokens()[i].sentence == sentence &&
                Has(a_.token_classes[i], WordClass::kReporting) &&
                !InList(tokens()[i].folded, kNotSpeech)) {
                return true;
            }
        }
        return false;
    }

    bool Reported(std::size_t first) const {
        const Token& t = tokens()[first];
        if (CallerVoice(t.sentence)) return false;
        if (SpeechReported(t.sentence)) return true;
        return t.quoted && (Has(a_.all_classes, WordClass::kReporting) || Received());
    }

    // «Пришло смс якобы от вас: «…, дебилы»»: a letter or a message the applicant received and
    // quotes is evidence they bring, not words aimed at us. Computed once per appeal.
    bool Received() const {
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
    bool CallerVoice(std::uint16_t sentence) const {
        if (input_.channel != "phone") return false;
        if (caller_voice_.empty()) {
            // 1: the caller speaks; 2: someone else is named. Computed once per appeal.
            caller_voice_.assign(a_.text.sentence_count + 1, 0);
            for (const Token& u : tokens()) {
                std::uint8_t& v = caller_voice_[u.sentence];
                const std::string_view w = u.folded;
                // «…если ему не разблокируют»: a condition about the caller, not a victim.
                const bool condition =
                    &u != &tokens().front() && InList((&u - 1)->folded, kConditionWords);
                if (StartsWithAny(w, kThirdParties) || (InList(w, kVictimPronouns) && !condition)) {
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

    // «Сборище бездарей, а не министерство»: the insult names what the institution is instead.
    bool NamesWhatItIsNot(std::size_t last) const {
        for (std::size_t k = last + 1; k + 1 < tokens().size() && k <= last + 6; ++k) {
            if (tokens()[k + 1].sentence != tokens()[last].sentence) break;
            if (tokens()[k].folded == "а" && tokens()[k + 1].folded == "не") return true;
        }
        return false;
    }

    // «Сборище бездельников», «шайка хапуг»: a crowd of them is an insult to a body of people.
    bool Collective(std::size_t i) const {
        static constexpr std::string_view kCrowd[] = {"сборищ", "шайк", "банд", "свор",
                                                      "стад",   "кучк", "толп"};
        for (std::size_t back = 1; back <= 2 && back <= i; ++back) {
            const Token& t = tokens()[i - back];
            if (t.sentence != tokens()[i].sentence) break;
            if (StartsWithAny(t.folded, kCrowd)) return true;
        }
        return false;
    }

    // «Вы стадо баранов», «ты как козёл»: «вы» or «ты» at most two words before the insult.
    bool CalledByName(std::size_t i) const {
        for (std::size_t back = 1; back <= 3 && back <= i; ++back) {
            const Token& t = tokens()[i - back];
            if (t.sentence != tokens()[i].sentence) break;
            if (t.folded == "вы" || t.folded == "ты") return true;
        }
        return false;
    }

    // Issue 15 (rel5): «Ваши сотрудники в управе — это просто нахлебники»: the sentence names
    // the addressee a few words before the insult, with no third party between them.
    bool AddresseeEarlierInSentence(std::size_t first) const {
        for (std::size_t back = 1; back <= 10 && back <= first; ++back) {
            const std::size_t k = first - back;
            if (tokens()[k].sentence != tokens()[first].sentence) break;
            if (StartsWithAny(tokens()[k].folded, kThirdParties)) return false;
            if (Has(a_.token_classes[k], WordClass::kAddressee)) return true;
        }
        return false;
    }

    // Issue 15 (rel5): «Сидите там, дармоеды, штаны протираете»: the insult set off by commas
    // as a form of address, in a sentence whose verb speaks to «вы» and names no third party.
    bool Vocative(std::size_t first, std::size_t last) const {
        const auto& ts = tokens();
        const bool opened = FirstInSentence(first) || ts[first].gap == Gap::kOther;
        const bool closed = last + 1 >= ts.size() || ts[last + 1].sentence != ts[last].sentence ||
                            ts[last + 1].gap == Gap::kOther;
        if (!opened || !closed) return false;
        bool second_person = false;
        for (std::size_t k = 0; k < ts.size(); ++k) {
            if (ts[k].sentence != ts[first].sentence || (k >= first && k <= last)) continue;
            if (StartsWithAny(ts[k].folded, kThirdParties)) return false;
            const std::string_view w = ts[k].folded;
            second_person =
                second_person || (w.size() > 8 && (w.ends_with("ете") || w.ends_with("ите")));
        }
        return second_person;
    }

    bool FirstInSentence(std::size_t i) const {
        return i == 0 || tokens()[i - 1].sentence != tokens()[i].sentence;
    }

    void Abuse() {
        const std::vector<AbuseHit> hits = state_.abuse.Find(a_.text);
        Evidence obscene;
        Evidence insult;
        std::optional<Confidence> obscene_confidence;
        std::optional<Confidence> insult_confidence;
        bool insult_at_bot = false;  // an insult aimed at the chatbot (SentenceNamesBot)
        const auto raise = [](std::optional<Confidence>& current, Confidence c) {
            if (!current || *current < c) current = c;
        };
        for (const AbuseHit& hit : hits) {
            const AbuseEntry& entry = *hit.entry;
            const Token& token = tokens()[hit.first];
            // Frozen set 7: digits alone are a number (a phone «360-44-09»), never a masked
            // word; a mask keeps some letters («х*й», «3,14здец»).
            bool letters = false;
            for (std::size_t i = hit.first; i <= hit.last && !letters; ++i) {
                letters = tokens()[i].letters > 0;
            }
            if (!letters) continue;
            const bool reported = Reported(hit.first);
            std::optional<Confidence> confidence;
            if (entry.kind == AbuseKind::kInsult) {
                // A capitalized word inside a sentence is a surname (Козлов, Баранов, Дураков).
                if (token.upper_initial && !token.all_upper && !FirstInSentence(hit.first) &&
                    !hit.disguised) {
                    continue;
                }
                // «одна сука ощенилась», «козлы на ферме»: an animal, not a person — unless the
                // applicant calls the addressee one («вы стадо баранов», «ты козёл»).
                // («Ваши сотрудники — стадо баранов»: the herd is the staff.)
                if (NearClass(hit.first, hit.last, WordClass::kLiteral, 40, 40) &&
                    !CalledByName(hit.first) &&
                    !(Collective(hit.first) && AddresseeEarlierInSentence(hit.first))) {
                    continue;
                }
                const bool self = NearClass(hit.first, hit.last, WordClass::kSelfReference, 3, 0);
                const bool aimed = (NearClass(hit.first, hit.last, WordClass::kAddressee, 4, 4) ||
                                    NamesWhatItIsNot(hit.last) || Collective(hit.first)) &&
                                   !self;
                // Issue 15 (rel5): aimed from further away (the addressee earlier in the sentence,
                // a form of address): a person decides.
                const bool aimed_far =
                    (AddresseeEarlierInSentence(hit.first) || Vocative(hit.first, hit.last)) &&
                    !self;
                // On the phone the operator quotes the caller's own words: aimed at the staff,
                // they are the caller's insult, not a report of someone else's.
                const bool caller_insult =
                    reported && (aimed || aimed_far) && CallerVoice(tokens()[hit.first].sentence);
                // Issue 15 (corpus part 19): «бот, ты тупой? соедини с человеком» scolds the
                // software, not a person: flagged, so the applicant reaches the person asked for.
                const bool at_bot = SentenceNamesBot(token.sentence);
                insult_at_bot = insult_at_bot || at_bot;
                if ((reported && !caller_insult) || self || at_bot) {
                    if (entry.strong || at_bot) confidence = Confidence::kLow;
                } else if (entry.strong) {
                    confidence = aimed ? Confidence::kHigh : Confidence::kMedium;
                } else if (aimed || aimed_far) {
                    confidence = Confidence::kMedium;
                }
                if (!confidence) continue;
                raise(insult_confidence, *confidence);
                insult.matches.push_back(a_.text.Match(
                    hit.first, hit.last, entry.pattern,
                    (reported && !caller_insult) || self ? "insult_quoted" : "insult"));
                continue;
            }
            if (entry.kind == AbuseKind::kMat) {
                // «Ёб твою мать, я уже 15 раз написал «оператор»»: the applicant's own verb of
                // speech reports their own words, the мат outside the quotes is theirs.
                // On the phone the operator quotes the caller («дословно: «…»»): the мат is the
                // caller's own, as a quoted insult aimed at the staff is.
                const bool own = (!token.quoted && OwnSpeechOnly(token.sentence)) ||
                                 (reported && CallerVoice(token.sentence));
                confidence = reported && !own ? Confidence::kLow : Confidence::kHigh;
            } else {
                // Weak rude words («сраная система») are lawful strong words: only flagged.
                const bool aimed =
                    entry.strong && NearClass(hit.first, hit.last, WordClass::kAddressee, 3, 3);
                confidence = reported ? Confidence::kLow
                             : aimed  ? Confidence::kMedium
                                      : Confidence::kLow;
            }
            raise(obscene_confidence, *confidence);
            std::string kind = entry.kind == AbuseKind::kMat ? "mat" : "rude";
            if (reported) kind += "_quoted";
            obscene.matches.push_back(a_.text.Match(hit.first, hit.last, entry.pattern, kind));
        }
        // On the phone the operator may describe the caller's obscenities instead of writing
        // them down («ответил нецензурно», «матерился»): the caller's own words.
        if ((!obscene_confidence || *obscene_confidence < Confidence::kMedium) &&
            input_.channel == "phone") {
            static constexpr std::string_view kDescribed[] = {"нецензурн", "материл", "матерят",
                                                              "матерна",   "матом",   "матерщин"};
            for (std::size_t i = 0; i < tokens().size(); ++i) {
                const Token& t = tokens()[i];
                if (t.quoted || !StartsWithAny(t.folded, kDescribed) || !CallerVoice(t.sentence)) {
                    continue;
                }
                raise(obscene_confidence, Confidence::kMedium);
                obscene.matches.push_back(
                    a_.text.Match(i, i, std::string(t.folded), "mat_described"));
                break;
            }
        }
        if (obscene_confidence && On(RuleCode::kObsceneLanguage)) {
            obscene.category = "obscene";
            std::string message;
            switch (*obscene_confidence) {
                case Confidence::kHigh:
                    message =
                        "Обращение содержит нецензурную брань: " + JoinQuoted(obscene.matches) +
                        ". Такие обращения остаются без ответа (ТР-2).";
                    break;
                case Confidence::kMedium:
                    message = "Обращение содержит грубые выражения в адрес адресата: " +
                              JoinQuoted(obscene.matches) + ". Нужна проверка оператором.";
                    break;
                case Confidence::kLow:
                    message =
                        "Грубые или нецензурные слова встречаются в цитате, описании "
                        "чужих слов или надписи (" +
                        JoinQuoted(obscene.matches) +
                        "): обращение рассматривается, оператору — на заметку.";
                    break;
            }
            Fire(RuleCode::kObsceneLanguage, *obscene_confidence, std::move(message),
                 std::move(obscene));
        }
        const bool insult_by_model =
            On(RuleCode::kInsult) &&
            (!insult_confidence || *insult_confidence < Confidence::kMedium) &&
            ByModel("insult", t_.model_insult, insult);
        if (insult_by_model) insult_confidence = Confidence::kMedium;
        if (insult_confidence && On(RuleCode::kInsult)) {
            insult.category = "insult";
            std::string message;
            if (insult_by_model) {
                message = ModelMessage("оскорбление адресата", "insult", insult);
            } else {
                switch (*insult_confidence) {
                    case Confidence::kHigh:
                        message =
                            "Обращение содержит оскорбления в адрес адресата или его "
                            "сотрудников: " +
                            JoinQuoted(insult.matches) +
                            ". Такие обращения остаются без ответа (ТР-2).";
                        break;
                    case Confidence::kMedium:
                        message = "Обращение содержит оскорбительные слова: " +
                                  JoinQuoted(insult.matches) +
                                  ". Неясно, к кому они обращены, — нужна проверка оператором.";
                        break;
                    case Confidence::kLow:
                        if (insult_at_bot) {
                            message = "Грубое слово обращено к чат-боту, а не к сотруднику (" +
                                      JoinQuoted(insult.matches) +
                                      "): обращение рассматривается, оператору — на заметку.";
                            break;
                        }
                        message = "Заявитель передаёт чужие оскорбления (" +
                                  JoinQuoted(insult.matches) +
                                  "): это жалоба на них, обращение рассматривается.";
                        break;
                }
            }
            Fire(RuleCode::kInsult, *insult_confidence, std::move(message), std::move(insult));
        }
    }

    // --- TR-2: threats ---------------------------------------------------------------------
    void Threats() {
        const auto& entries = state_.lexicons->threats();
        const std::vector<PhraseHit> hits = state_.threats.Find(a_.text, 3);
        std::vector<bool> vetoed(tokens().size(), false);
        for (const PhraseHit& hit : hits) {
            if (entries[hit.tag].form != ThreatForm::kVeto) continue;
            vetoed[hit.first] = true;
        }
        // Issue 15 (corpus part 19): an appeal that names lawful recourse anywhere (a court, a
        // prosecutor, a complaint, the press) warns of that recourse. Menacing phrases, outcomes
        // and hints in it are its tone: they are flagged. A verb of harm, a weapon or a plan
        // still decides, and the model, trained on such appeals beside threats, may hold it.
        lawful_recourse_ = false;
        for (const PhraseHit& hit : hits) {
            const ThreatEntry& entry = entries[hit.tag];
            if (entry.form == ThreatForm::kHint && entry.category == "lawful" &&
                !(hit.first > 0 && tokens()[hit.first - 1].folded == "без")) {
                lawful_recourse_ = true;
            }
        }
        // «Убью двух зайцев», «стреляю глазами», «пострелять в тире»: everyday uses.
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            if (!vetoed[i] && tokens()[i].letters >= 3 &&
                state_.harm_stems.AnyPrefixOf(tokens()[i].folded) && IdiomaticHarm(a_.text, i)) {
                vetoed[i] = true;
            }
        }
        Evidence threat;
        Evidence self_harm;
        std::optional<Confidence> confidence;
        std::vector<ThreatHintHit> hints;
        for (const PhraseHit& hit : hits) {
            const ThreatEntry& entry = entries[hit.tag];
            if (entry.form == ThreatForm::kHint) {
                if (const auto hint = ParseThreatHint(entry.category)) {
                    hints.push_back({*hint, hit.first, hit.last});
                }
                continue;
            }
            if (entry.form == ThreatForm::kVeto || vetoed[hit.first]) continue;
            if (hit.first > 0 && tokens()[hit.first - 1].folded == "не" &&
                tokens()[hit.first - 1].sentence == tokens()[hit.first].sentence &&
                entry.form != ThreatForm::kSelfHarm) {
                continue;
            }
            if (entry.form == ThreatForm::kSelfHarm) {
                self_harm.matches.push_back(
                    a_.text.Match(hit.first, hit.last, entry.pattern, entry.category));
                continue;
            }
            const bool reported = Reported(hit.first);
            Confidence c = Confidence::kLow;
            switch (entry.form) {
                case ThreatForm::kVerb: {
                    const bool target =
                        NearClass(hit.first, hit.last, WordClass::kThreatTarget, 4, 4);
                    c = reported ? Confidence::kLow
                        : target ? Confidence::kHigh
                                 : Confidence::kMedium;
                    break;
                }
                case ThreatForm::kStrongPhrase:
                    c = reported ? Confidence::kLow : Confidence::kHigh;
                    break;
                case ThreatForm::kPhrase:
                    c = reported || lawful_recourse_ ? Confidence::kLow : Confidence::kMedium;
                    break;
                default:
                    c = Confidence::kLow;
                    break;
            }
            if (!confidence || *confidence < c) confidence = c;
            threat.matches.push_back(
                a_.text.Match(hit.first, hit.last, entry.pattern,
                              reported ? entry.category + "_quoted" : entry.category));
        }
        // A lexicon verb far from its target is only probable: a plan or an idiom may make it
        // certain.
        const auto unsure = [&] { return !confidence || *confidence < Confidence::kHigh; };
        if (unsure()) ViolentIntent(threat, confidence, vetoed);
        if (unsure()) PlannedViolence(threat, confidence, vetoed);
        if (unsure()) StructuralPlan(threat, confidence, vetoed);
        if (!confidence || *confidence < Confidence::kMedium) VeiledPlan(threat, confidence, hints);
        if (lawful_recourse_ && veiled_ && confidence == Confidence::kMedium) {
            confidence = Confidence::kLow;
        }
        // Hints and idioms come in lawful letters too (a hazard the applicant warns of, «вы
        // доиграетесь» before a complaint); a classifier that all but rules out a threat leaves
        // them a flag for the operator.
        if (veiled_ && confidence == Confidence::kMedium && model_.Available() &&
            model_.Strongest("threat") < t_.model_threat_clears) {
            confidence = Confidence::kLow;
        }
        // Words of self-harm are the applicant's own distress, which the model cannot tell
        // from a threat to others: they stay flagged for a person's quick reply.
        // Lawful recourse named is evidence against a threat: the model must be surer.
        const bool by_model =
            (!confidence || *confidence < Confidence::kMedium) && self_harm.matches.empty() &&
            ByModel("threat", lawful_recourse_ ? t_.model_threat_beside_recourse : t_.model_threat,
                    threat,
                    lawful_recourse_ ? std::nullopt : std::optional<double>(t_.model_threat_part));
        if (by_model) confidence = Confidence::kMedium;
        // Frozen set 10: an operator who warned the caller of the consequences («оператор сделал
        // предупреждение», «разъяснила последствия») heard a threat, however it was put.
        if ((!confidence || *confidence < Confidence::kMedium) && input_.channel == "phone") {
            if (auto warned = OperatorWarned()) {
                confidence = Confidence::kMedium;
                threat.matches.insert(threat.matches.begin(), std::move(*warned));
            }
        }
        if (confidence) {
            threat.category = threat.matches.front().kind;
            std::string message;
            if (by_model) {
                message = ModelMessage("угрозу", "threat", threat);
            } else {
                switch (*confidence) {
                    case Confidence::kHigh:
                        message = "Обращение содержит угрозу жизни или здоровью: " +
                                  JoinQuoted(threat.matches) +
                                  ". Такие обращения остаются без ответа (ТР-2); сообщите "
                                  "руководителю.";
                        break;
                    case Confidence::kMedium:
                        message =
                            "Обращение может содержать угрозу: " + JoinQuoted(threat.matches) +
                            ". Нужна проверка оператором.";
                        break;
                    case Confidence::kLow:
                        message =
                            veiled_
                                ? "В обращении есть намёки на угрозу (" +
                                      JoinQuoted(threat.matches) + "): руководителю — на заметку."
                                : "В обращении есть слова угрозы в пересказе или в мягкой "
                                  "форме (" +
                                      JoinQuoted(threat.matches) + "): оператору — на заметку.";
                        break;
                }
            }
            for (TextMatch& m : self_harm.matches) threat.matches.push_back(std::move(m));
            Fire(RuleCode::kThreat, *confidence, std::move(message), std::move(threat));
        } else if (!self_harm.matches.empty()) {
            self_harm.category = "self_harm";
            std::string message = "Заявитель пишет о намерении причинить себе вред (" +
                                  JoinQuoted(self_harm.matches) +
                                  "). Это не основание для отказа: нужна срочная реакция человека.";
            Fire(RuleCode::kThreat, Confidence::kHigh, std::move(message), std::move(self_harm),
                 policy_.self_harm_action);
        }
    }

    bool Negated(std::size_t i) const {
        for (std::size_t back = 1; back <= 2 && back <= i; ++back) {
            const Token& t = tokens()[i - back];
            if (t.sentence != tokens()[i].sentence) break;
            if (t.folded == "не" || t.folded == "ни") return true;
        }
        return false;
    }

    void ViolentIntent(Evidence& threat, std::optional<Confidence>& confidence,
                       const std::vector<bool>& vetoed) {
        for (std::size_t k = 0; k < std::size(kIdiomThreats); ++k) {
            const std::string_view idiom = kIdiomThreats[k];
            if (!Marker(TextMarkers::kIdiom + k)) continue;
            // An idiom names its victim: it must be aimed at the addressee or a target.
            if (!Has(a_.all_classes, WordClass::kThreatTarget)) continue;
            for (std::size_t i = 0; i < tokens().size(); ++i) {
                if (idiom.starts_with(tokens()[i].folded) && !Reported(i)) {
                    threat.matches.push_back(
                        a_.text.Match(i, i, std::string(idiom), "violent_intent"));
                    confidence = Confidence::kHigh;
                    return;
                }
            }
        }
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            const Token& t = tokens()[i];
            if (t.script != Script::kCyrillic || t.letters < 4) continue;
            if (vetoed[i] || !state_.harm_stems.AnyPrefixOf(t.folded)) continue;
            bool infinitive = false;
            if (!FirstPersonOrInfinitive(t.folded, infinitive)) continue;
            if (Negated(i)) continue;
            const std::uint16_t sentence = t.sentence;
            const std::size_t from = i >= 6 ? i - 6 : 0;
            const std::size_t to = std::min(tokens().size() - 1, i + 6);
            bool intent = !infinitive;
            bool target = false;
            bool self = false;
            for (std::size_t k = from; k <= to; ++k) {
                const Token& u = tokens()[k];
                if (k == i || u.sentence != sentence) continue;
                if (k < i && std::find(std::begin(kIntentWords), std::end(kIntentWords),
                                       u.folded) != std::end(kIntentWords)) {
                    intent = true;
                }
                // «…её уже убить готов» about a program: a pronoun alone does not make an
                // infinitive a threat to a person; a first-person form («убью его») it does.
                const bool pronoun_only = infinitive && InList(u.folded, kVictimPronouns);
                if ((Has(a_.token_classes[k], WordClass::kThreatTarget) && !pronoun_only) ||
                    StartsWithAny(u.folded, kHarmObjects)) {
                    target = true;
                }
                if (u.folded == "себе" || u.folded == "себя" || u.folded == "мне") self = true;
            }
            // «я» before a first-person form confirms who acts; an infinitive needs intent.
            if (!intent || !target || self) continue;
            const bool reported = Reported(i);
            const Confidence c = reported ? Confidence::kLow : Confidence::kHigh;
            if (!confidence || *confidence < c) confidence = c;
            threat.matches.push_back(a_.text.Match(
                i, i, t.folded, reported ? "violent_intent_quoted" : "violent_intent"));
        }
    }

    // «Хочу понять…», «хотим уточнить…»: a word of intent before an infinitive of asking or
    // learning announces a question, not a plan.
    bool AsksToKnow(std::size_t i) const {
        std::size_t next = i + 1;
        if (next < tokens().size() && tokens()[next].folded == "бы") ++next;
        return next < tokens().size() && tokens()[next].sentence == tokens()[i].sentence &&
               InList(tokens()[next].folded, kInquiryInfinitives);
    }

    // An outcome asked about with «ли» («не сгорит ли у него лимит проб», «сгорит ли
    // запись») wherever the text has it: a question, not a promise (frozen set 12).
    bool OnlyAsked(std::string_view phrase) {
        const std::string_view text = FoldedText();
        bool found = false;
        for (std::size_t at = text.find(phrase); at != std::string_view::npos;
             at = text.find(phrase, at + 1)) {
            found = true;
            std::size_t next = at + phrase.size();
            while (next < text.size() && text[next] == ' ') ++next;
            const std::string_view rest = text.substr(next);
            constexpr std::string_view kLi = "ли";
            // «ли» as a word: not the start of «лимит» (a Cyrillic letter is not ASCII).
            const bool asked = rest.starts_with(kLi) &&
                               (rest.size() == kLi.size() ||
                                (static_cast<unsigned char>(rest[kLi.size()]) < 0x80 &&
                                 !std::isalnum(static_cast<unsigned char>(rest[kLi.size()]))));
            if (!asked) return false;
        }
        return found;
    }

    // A weapon named as the object of a licence («хочу на разрешение на ружьё», «лицензию на
    // оружие»): paperwork, not a means brought.
    bool Licensed(std::size_t i) const {
        const auto& tk = tokens();
        for (std::size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) {
            if (tk[k].sentence != tk[i].sentence) continue;
            if (tk[k].folded.starts_with("разрешени") || tk[k].folded.starts_with("лицензи")) {
                return true;
            }
        }
        return false;
    }

    // A plan of violence without a verb of harm in the first person: a means of harm (a verb of
    // harm in any form, a weapon, fuel and fire, a massacre named, an outcome «без рук»), a target
    // (staff, an office, a building, «вас») and the applicant's own plan («приду», «куплю»,
    // «устрою», an intent word, or a first-person verb of harm). Sentences with reported speech
    // («сосед угрожал…») do not count.
    void PlannedViolence(Evidence& threat, std::optional<Confidence>& confidence,
                         const std::vector<bool>& vetoed) {
        const auto& tk = tokens();
        const PlanLexicon& lex = SharedPlanLexicon();
        std::vector<std::size_t> plans;
        std::vector<std::size_t> means;  // weapons and massacres named
        std::vector<std::size_t> harms;  // verbs of harm in any form
        std::optional<std::size_t> target;
        std::optional<std::size_t> named_target;    // not a bare «его», «её»
        std::optional<std::size_t> foreign_target;  // named, not «наш участковый»
        std::optional<std::size_t> object;
        std::optional<std::size_t> reported_harm;
        std::optional<std::size_t> fuel;
        std::optional<std::size_t> fire;
        bool reporting = false;
        // «Запомните мои слова»: the applicant's own voice, though «слова» reads as a report.
        bool menace = false;
        for (std::size_t k = 0; k < std::size(kMenaceMarkers) && !menace; ++k) {
            menace = Marker(TextMarkers::kMenace + k);
        }
        for (std::size_t i = 0; i < tk.size(); ++i) {
            const Token& t = tk[i];
            if (t.technical || t.script != Script::kCyrillic || vetoed[i]) continue;
            const std::string_view w = t.folded;
            const bool harm_stem = t.letters >= 4 && state_.harm_stems.AnyPrefixOf(w) &&
                                   !InList(w, kHarmStemNouns) && !Negated(i);
            // «Пришло смс: «…придём и отключим всё, пожалеешь»»: a message the applicant received.
            if (t.quoted && Received() && !CallerVoice(t.sentence)) {
                reporting = true;
                continue;
            }
            if (Has(a_.sentence_classes[t.sentence], WordClass::kReporting) && !menace &&
                !CallerVoice(t.sentence)) {
                // «Сосед пригрозил, что проломит мне голову»: someone else's threat, reported.
                reporting = true;
                if (!reported_harm && harm_stem) reported_harm = i;
                continue;
            }
            if (Has(a_.token_classes[i], WordClass::kThreatTarget) ||
                Has(a_.token_classes[i], WordClass::kAddressee)) {
                if (!target) target = i;
                // «Знаю, где живёт наш участковый»: the applicant's own side, not an aim.
                if (!foreign_target && !InList(w, kVictimPronouns) &&
                    !(i > 0 && tk[i - 1].folded.starts_with("наш"))) {
                    foreign_target = i;
                }
                if (!named_target && !InList(w, kVictimPronouns)) named_target = i;
            }
            if (!object && (lex.objects.AnyPrefixOf(w) || lex.body.contains(w))) object = i;
            if (lex.plans.contains(w) && !(i > 0 && tk[i - 1].folded == "не") && !AsksToKnow(i)) {
                plans.push_back(i);
            }
            if (harm_stem) {
                bool infinitive = false;
                if (FirstPersonOrInfinitive(w, infinitive) && !infinitive) plans.push_back(i);
                // An operator's account: the caller's «перестреляю» becomes «перестреляет».
                if (CallerVoice(t.sentence) && (w.ends_with("ет") || w.ends_with("ит"))) {
                    plans.push_back(i);
                }
                harms.push_back(i);
            } else if ((lex.weapons.AnyPrefixOf(w) || lex.means.contains(w)) && !Licensed(i)) {
                means.push_back(i);
            } else if (lex.fuel.AnyPrefixOf(w)) {
                fuel = i;
            } else if (lex.fire.AnyPrefixOf(w)) {
                fire = i;
            }
        }
        const auto near_plan = [&](std::size_t i, std::size_t before, std::size_t after) {
            for (std::size_t p : plans) {
                if (p == i || tk[p].sentence != tk[i].sentence) continue;
                if ((p < i && i - p <= after) || (p > i && p - i <= before)) return true;
            }
            return false;
        };
        std::optional<std::size_t> evidence;
        // A weapon or a massacre the applicant brings, buys or arranges («приду с ножом»,
        // «устрою резню», «купил топор»), aimed at someone.
        for (std::size_t m : means) {
            if (target && near_plan(m, 2, 7)) {
                evidence = m;
                break;
            }
        }
        // A verb of harm in the applicant's own plan («приду и буду громить»), aimed at someone.
        for (std::size_t h : harms) {
            if (evidence) break;
            const bool own = std::find(plans.begin(), plans.end(), h) != plans.end();
            // «…её уже убить готов» about a program: an infinitive needs a named target.
            // «Эту школу надо взорвать, и я знаю как»: a menace stands for the plan.
            if ((own && (target || object)) ||
                (!own && (named_target || object) && (near_plan(h, 6, 6) || menace))) {
                evidence = h;
            }
        }
        // An outcome named («мало не покажется», «останется без рук») with the applicant's plan or
        // a menace («запомните мои слова»), aimed at someone.
        bool outcome = false;
        for (std::size_t k = 0; k < std::size(kHarmOutcomes) && !outcome; ++k) {
            outcome = Marker(TextMarkers::kOutcome + k) && !OnlyAsked(kHarmOutcomes[k]);
        }
        // Fuel and fire together («солью бензин… чиркну спичкой»), with a plan, or the
        // applicant's own with what will be left («бензин у меня есть, спички найдутся, от мойки
        // одни стены останутся») when the classifier reads a threat too: a warning of a
        // basement's hazard («у нас в подвале хранят бензин… одни стены останутся») is not one.
        const auto own = [&](std::size_t at) {
            for (std::size_t k = 0; k + 1 < tk.size(); ++k) {
                if (tk[k].sentence == tk[at].sentence && tk[k].folded == "у" &&
                    tk[k + 1].folded == "меня") {
                    return true;
                }
            }
            return false;
        };
        if (!evidence && fuel && fire && target && !plans.empty()) evidence = *fire;
        // Without a plan it is held for a person, not refused.
        bool unplanned_fire = false;
        if (!evidence && fuel && fire && outcome && (own(*fuel) || own(*fire)) &&
            model_.Probability("threat") >= t_.model_threat) {
            evidence = *fire;
            unplanned_fire = true;
        }
        // Fuel the applicant brings to a place or a person («приду в отделение с канистрой
        // бензина»): the plan names the means, the fire is left unsaid.
        if (!evidence && fuel && (target || object) && near_plan(*fuel, 2, 7)) evidence = *fuel;
        bool bomb = false;
        for (std::size_t k = 0; k < std::size(kBombMarkers) && !bomb; ++k) {
            bomb = Marker(TextMarkers::kBomb + k);
        }
        // «У меня есть ружьё, и я умею им пользоваться»: a weapon with a menace needs no target.
        if (!evidence && menace && !means.empty()) evidence = means.front();
        bool direct = false;
        for (std::size_t k = 0; k < std::size(kDirectThreats) && !direct; ++k) {
            direct = Marker(TextMarkers::kDirect + k);
        }
        const bool by_outcome =
            !evidence &&
            ((outcome && foreign_target && !lawful_recourse_ && (!plans.empty() || menace)) ||
             (bomb && (target || object)) ||
             (direct && foreign_target && !lawful_recourse_ &&
              (!a_.text.has_question_mark ||
               Has(a_.token_classes[*foreign_target], WordClass::kAddressee))));
        if (!evidence && !by_outcome) {
            if (reported_harm && !confidence) {
                confidence = Confidence::kLow;
                threat.matches.push_back(a_.text.Match(*reported_harm, *reported_harm,
                                                       tk[*reported_harm].folded,
                                                       "violent_intent_quoted"));
            }
            return;
        }
        confidence =
            (by_outcome && reporting) || unplanned_fire ? Confidence::kMedium : Confidence::kHigh;
        if (evidence) {
            threat.matches.push_back(
                a_.text.Match(*evidence, *evidence, tk[*evidence].folded, "violent_plan"));
        }
        if (!plans.empty()) {
            threat.matches.push_back(
                a_.text.Match(plans.front(), plans.front(), tk[plans.front()].folded, "plan"));
        }
        if (target || object) {
            const std::size_t aim = target ? *target : *object;
            threat.matches.push_back(a_.text.Match(aim, aim, tk[aim].folded, "target"));
        }
    }

    // The context the threat detectors share: targets, reported sentences, vetoed idioms.
    ThreatContext MakeThreatContext(const std::vector<bool>& vetoed) const {
        ThreatContext context;
        context.target.resize(tokens().size());
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            context.target[i] = Has(a_.token_classes[i], WordClass::kThreatTarget) ||
                                Has(a_.token_classes[i], WordClass::kAddressee);
        }
        context.reported.resize(a_.text.sentence_count + 1);
        for (std::size_t s = 0; s < context.reported.size(); ++s) {
            const auto sentence = static_cast<std::uint16_t>(s);
            context.reported[s] =
                Has(a_.sentence_classes[s], WordClass::kReporting) && !CallerVoice(sentence);
        }
        context.vetoed = vetoed;
        context.caller_quotes = input_.channel == "phone";
        return context;
    }

    // The context of veiled threats. On the phone the operator writes down the caller's words:
    // quotes and «сказал» are the caller's own voice unless the sentence names someone else (a
    // neighbour, a husband). In writing only a verb of speech makes a sentence reported.
    ThreatContext VeiledContext() const {
        ThreatContext context = MakeThreatContext({});
        context.request = OwnRequest();
        context.named = NamedPeople();
        if (!context.caller_quotes) {
            // Only a verb of speech reports («сказал», «угрожал»); «запомните мои слова» or «я
            // нарисовал план» are the applicant's own.
            static constexpr std::string_view kOwnWords[] = {
                "слова",    "словами",   "угроза",     "угрозы",    "угрозами",
                "дословно", "нарисовал", "нарисовала", "нарисовали"};
            std::fill(context.reported.begin(), context.reported.end(), false);
            for (std::size_t i = 0; i < tokens().size(); ++i) {
                const Token& t = tokens()[i];
                if (t.sentence >= context.reported.size() || InList(t.folded, kOwnWords)) continue;
                if (Has(a_.token_classes[i], WordClass::kReporting) && !CallerVoice(t.sentence)) {
                    context.reported[t.sentence] = true;
                }
            }
            return context;
        }
        std::fill(context.reported.begin(), context.reported.end(), false);
        for (const Token& u : tokens()) {
            if (u.quoted || u.sentence >= context.reported.size()) continue;
            if (StartsWithAny(u.folded, kThirdParties) || InList(u.folded, kVictimPronouns)) {
                context.reported[u.sentence] = true;
            }
        }
        return context;
    }

    // People named in the text (frozen set 14): a name beside its patronymic («Ольга
    // Сергеевна», «Сергеевне»), or a surname by its ending that the dictionary does not know as
    // a word («Сафронов», «Рябову»; not «Магазин», «Готов»).
    std::vector<bool> NamedPeople() const {
        static constexpr std::string_view kPatronymic[] = {"вна", "вны",  "вне",  "вну",   "вной",
                                                           "вич", "вича", "вичу", "вичем", "чна",
                                                           "чны", "чне",  "чну",  "чной"};
        static constexpr std::string_view kSurname[] = {
            "ов",   "ев",    "ин",   "ын",   "ова",  "ева",  "ина",  "ына",  "ову",
            "еву",  "ину",   "овым", "евым", "иным", "овой", "евой", "иной", "ский",
            "ская", "ского", "ской", "цкий", "цкая", "енко", "чук"};
        const auto& tk = tokens();
        const auto capital = [&](std::size_t i) {
            return tk[i].upper_initial && !tk[i].all_upper && tk[i].script == Script::kCyrillic &&
                   tk[i].letters >= 3 && !tk[i].technical;
        };
        const auto ends = [](std::string_view w, std::span<const std::string_view> tails) {
            return std::any_of(tails.begin(), tails.end(),
                               [&](std::string_view tail) { return w.ends_with(tail); });
        };
        const auto patronymic = [&](std::size_t i) {
            return capital(i) && tk[i].letters >= 6 && ends(tk[i].folded, kPatronymic);
        };
        const RussianWords* words = state_.lexicons->russian_words();
        std::vector<bool> named(tk.size(), false);
        for (std::size_t i = 0; i < tk.size(); ++i) {
            if (!capital(i)) continue;
            const bool before_patronymic =
                i + 1 < tk.size() && tk[i + 1].sentence == tk[i].sentence && patronymic(i + 1);
            named[i] =
                patronymic(i) || before_patronymic ||
                (words != nullptr && ends(tk[i].folded, kSurname) && !words->Known(tk[i].folded));
        }
        return named;
    }

    // The applicant's own request: «прошу», «помогите» or a plural imperative («поставьте
    // забор»), not an imperative of menace («решайте сами», «ждите»).
    bool OwnRequest() const {
        static constexpr std::string_view kAsk[] = {"прошу", "просим", "пожалуйста", "просьба"};
        static constexpr std::string_view kMenacing[] = {
            "решайте",    "думайте",    "подумайте",     "берегитесь", "берегите",  "ждите",
            "готовьтесь", "молитесь",   "прощайтесь",    "запомните",  "помяните",  "попомните",
            "смотрите",   "посмотрите", "оглядывайтесь", "пеняйте",    "передайте", "учтите",
            "знайте",     "проверьте",  "загляните"};
        for (const Token& t : tokens()) {
            if (t.quoted || t.script != Script::kCyrillic) continue;
            const std::string_view w = t.folded;
            if (InList(w, kAsk)) return true;
            const bool after_subject =
                &t != &tokens().front() && ((&t - 1)->folded == "вы" || (&t - 1)->folded == "не");
            if ((w.ends_with("ите") || w.ends_with("йте") || w.ends_with("ьте")) && t.letters > 4 &&
                !after_subject && !InList(w, kMenacing)) {
                return true;
            }
        }
        return false;
    }

    // A threat told as hints (threat_detector.hpp, issue 15). Hints also come in lawful letters
    // (a former blaster, a hunting rifle, «запомните эту дату»), and on the first set nobody tuned
    // on, holding every veiled threat held one admissible appeal. So hints of two classes are
    // flagged for the supervisor; a person decides to hold only when three classes of hint
    // combine (menace, surveillance, means, harm, the staff's family…) or staff are watched.
    void VeiledPlan(Evidence& threat, std::optional<Confidence>& confidence,
                    const std::vector<ThreatHintHit>& hints) {
        if (hints.empty()) return;
        const ThreatContext context = VeiledContext();
        const std::optional<VeiledThreat> found = FindVeiledThreat(a_.text, context, hints);
        if (!found) return;
        std::vector<ThreatHint> classes;
        for (const ThreatHintHit& cue : found->cues) {
            if (std::find(classes.begin(), classes.end(), cue.hint) == classes.end()) {
                classes.push_back(cue.hint);
            }
        }
        // A warning of a hazard or a shortcoming (a rotten tree, old wiring, guards asleep)
        // names a menace, a harm or what the applicant saw, but asks for a repair or asks a
        // question; an intimidation asks nothing, or brings a weapon, fuel or a formula that
        // menaces by itself. Only the former stays a flag.
        const auto has = [&](ThreatHint h) {
            return std::find(classes.begin(), classes.end(), h) != classes.end();
        };
        const bool hazard_warning = found->asks && !has(ThreatHint::kStrongMenace) &&
                                    !has(ThreatHint::kMeans) && found->kind != "private_life";
        const bool strong = !hazard_warning;
        confidence = strong ? Confidence::kMedium : Confidence::kLow;
        veiled_ = true;
        for (const ThreatHintHit& cue : found->cues) {
            threat.matches.push_back(
                a_.text.Match(cue.first, cue.last, tokens()[cue.first].folded, found->kind));
        }
    }

    // A plan of violence by its structure (threat_detector.hpp): harm, target and intent in one
    // clause of the applicant's own voice.
    void StructuralPlan(Evidence& threat, std::optional<Confidence>& confidence,
                        const std::vector<bool>& vetoed) {
        const ThreatContext context = MakeThreatContext(vetoed);
        const std::optional<triage::StructuralThreat> found =
            FindStructuralThreat(a_.text, context);
        if (!found) return;
        if (!confidence || *confidence < found->confidence) confidence = found->confidence;
        // An idiom of menace aimed at someone («вы доиграетесь») is a threat told without a
        // plan, as hints tell one.
        if (found->kind == "veiled_threat") veiled_ = true;
        const auto& tk = tokens();
        threat.matches.push_back(
            a_.text.Match(found->harm, found->harm, tk[found->harm].folded, found->kind));
        if (found->agent && *found->agent != found->harm) {
            threat.matches.push_back(
                a_.text.Match(*found->agent, *found->agent, tk[*found->agent].folded, "plan"));
        }
        if (found->target) {
            threat.matches.push_back(
                a_.text.Match(*found->target, *found->target, tk[*found->target].folded, "target"));
        }
    }

    // Automatic letters, spam and empty forwards have no question of an applicant (TR-3).
    // Adverts and phishing by their structure, not by slogans: an offer (goods, services, prices,
    // guarantees) or a warning about the reader's account, a way to respond (a phone, a link,
    // «звоните», «подтвердите»), and no applicant of its own — nobody says «я», «мне», «мой», asks
    // nothing.
    bool AdvertOrPhishing(std::string& why) {
        static constexpr std::string_view kOffer[] = {
            "цена",    "цены",     "ценам",       "скидк",    "гаранти",  "выезд",    "доставк",
            "прода",   "предлага", "оказыва",     "мастер",   "недорог",  "дешев",    "качествен",
            "опытн",   "сложност", "акци",        "распрода", "заказ",    "бесплатн", "выгодн",
            "оптов",   "розниц",   "ассортимент", "прайс",    "кредит",   "займ",     "заработ",
            "ваканси", "приглаша", "подработ",    "доход",    "стоимост", "курс"};
        static constexpr std::string_view kRespond[] = {
            "звоните",   "звонит",     "позвоните",   "пишите",   "напишите",  "обращайтесь",
            "перейдите", "переходите", "подтвердите", "нажмите",  "жмите",     "заходите",
            "оставьте",  "тел",        "телефон",     "whatsapp", "telegram",  "ватсап",
            "телеграм",  "записаться", "запишитесь",  "отписк",   "отписаться"};
        static constexpr std::string_view kAccountWarning[] = {
            "удален",   "удалена", "удалён",  "заблокир",     "блокировк", "приостановл",
            "истекает", "истек",   "верифик", "подозрительн", "взлом",     "несанкционирован"};
        static constexpr std::string_view kFirstPerson[] = {
            "я",    "мне",   "меня", "мной", "мой",  "моя",  "мое", "мои", "моего",
            "моей", "моему", "моих", "мою",  "моим", "моем", "нам", "нас"};
        // An applicant's own request or complaint, also as an operator notes it («просит»,
        // «спрашивает», «уточняет»).
        static constexpr std::string_view kApplicantWords[] = {
            "прошу",   "требую",    "жалоб",  "жалуюсь",  "помогите", "подскажите",
            "просьба", "обращаюсь", "просит", "спрашива", "уточня"};
        if (a_.text.has_question_mark) return false;
        // A call the operator wrote down: a person called about something, which adverts and
        // phishing, sent in writing to many, never do (a number in the note is the caller's).
        if (input_.channel == "phone") return false;
        std::size_t words = 0;
        std::size_t offer = 0;
        std::size_t respond = 0;
        std::size_t warning = 0;
        bool link = false;
        std::string first_offer;
        std::string first_warning;
        for (const Token& t : tokens()) {
            if (t.technical) {
                link = link || t.folded.find("http") != std::string::npos ||
                       t.folded.find("www") != std::string::npos ||
                       t.folded.find('.') != std::string::npos;
                continue;
            }
            if (t.letters == 0) continue;
            ++words;
            if (InList(t.folded, kFirstPerson) || StartsWithAny(t.folded, kApplicantWords)) {
                return false;
            }
            if (StartsWithAny(t.folded, kOffer)) {
                if (offer++ == 0) first_offer = t.folded;
            }
            if (StartsWithAny(t.folded, kRespond)) ++respond;
            // «удалённо» (remotely) is not «удалено» (deleted).
            if (StartsWithAny(t.folded, kAccountWarning) && !t.folded.starts_with("удаленн") &&
                !t.folded.starts_with("удалённ")) {
                if (warning++ == 0) first_warning = t.folded;
            }
        }
        if (words > 80) return false;
        // A chain letter: «перешлите это сообщение десяти знакомым».
        static constexpr std::string_view kChainSend[] = {
            "перешлите", "разошлите", "отправьте", "перешли",   "разошли",
            "передайте", "переслать", "разослать", "перешлешь", "перешлет"};
        static constexpr std::string_view kChainWhom[] = {
            "друзьям",  "знакомым", "контактам", "людям",     "адресатам",
            "подругам", "цепочк",   "дальше",    "родителям", "коллегам"};
        bool send = false;
        bool whom = false;
        const bool body_says_chain = FoldedText().find("письмо счастья") != std::string_view::npos;
        for (const Token& t : tokens()) {
            send = send || InList(t.folded, kChainSend);
            whom = whom || StartsWithAny(t.folded, kChainWhom);
        }
        if ((send && whom) || body_says_chain) {
            why = "письмо «счастья» с просьбой переслать его дальше";
            return true;
        }
        const bool contact = link || HasContactInText(input_.text);
        if (offer >= 2 && (contact || respond > 0)) {
            why = "предложение товаров или услуг («" + first_offer + "») и способ связи";
            return true;
        }
        if (warning >= 1 && respond > 0 && contact) {
            why = "предупреждение об учётной записи («" + first_warning + "») и ссылка или номер";
            return true;
        }
        return false;
    }

    bool MachineLetter() {
        machine_letter_ = true;
        Evidence e;
        std::string header;
        if (AutomaticByHeaders(input_.headers, header)) {
            e.category = "auto_reply";
            e.matches.push_back(TextMatch{TextField::kSubject, 0, 0, header, header, "header"});
            Fire(RuleCode::kNoQuestion, Confidence::kHigh,
                 "Письмо отправлено автоматически (" + text::Quoted(header) +
                     ", RFC 3834): вопроса заявителя в нём нет (ТР-3).",
                 std::move(e));
            return true;
        }
        const std::string_view body = FoldedText();
        std::size_t words = 0;
        for (const Token& t : tokens()) words += t.letters > 0 && !t.technical;
        std::vector<std::string_view> auto_found;
        for (std::size_t k = 0; k < std::size(kAutoReplyMarkers); ++k) {
            if (Marker(TextMarkers::kAutoReply + k)) auto_found.push_back(kAutoReplyMarkers[k]);
        }
        const bool strong_auto = !auto_found.empty();
        for (std::size_t k = 0; k < std::size(kAutoReplyWeakMarkers); ++k) {
            if (Marker(TextMarkers::kAutoWeak + k)) auto_found.push_back(kAutoReplyWeakMarkers[k]);
        }
        if ((strong_auto || auto_found.size() >= 2) && !a_.text.has_question_mark && words <= 80) {
            e.category = "auto_reply";
            for (std::string_view m : auto_found) {
                e.matches.push_back(TextMatch{TextField::kText, 0, 0, std::string(m),
                                              std::string(m), "auto_reply"});
            }
            Fire(RuleCode::kNoQuestion, Confidence::kHigh,
                 "Похоже на автоматический ответ или уведомление почтовой системы («" +
                     std::string(auto_found.front()) + "»): вопроса заявителя нет (ТР-3).",
                 std::move(e));
            return true;
        }
        std::vector<std::string_view> spam_found;
        for (std::size_t k = 0; k < std::size(kSpamMarkers); ++k) {
            if (Marker(TextMarkers::kSpam + k)) spam_found.push_back(kSpamMarkers[k]);
        }
        const bool asks = a_.text.has_question_mark;
        if (spam_found.size() >= 3 || (spam_found.size() >= 2 && !asks)) {
            e.category = "spam";
            for (std::string_view m : spam_found) {
                e.matches.push_back(
                    TextMatch{TextField::kText, 0, 0, std::string(m), std::string(m), "spam"});
            }
            Fire(RuleCode::kNoQuestion, Confidence::kHigh,
                 "Рассылка, реклама или фишинг («" + std::string(spam_found.front()) + "», «" +
                     std::string(spam_found[1]) + "»): вопроса заявителя нет (ТР-3).",
                 std::move(e));
            return true;
        }
        if (std::string why; AdvertOrPhishing(why)) {
            e.category = "spam";
            e.matches.push_back(TextMatch{TextField::kText, 0, 0, why, why, "spam"});
            Fire(RuleCode::kNoQuestion, Confidence::kHigh,
                 "Рассылка, реклама или фишинг (" + why + "): вопроса заявителя нет (ТР-3).",
                 std::move(e));
            return true;
        }
        // An empty forward: nothing but the forwarded letter's headers and sign-offs.
        bool boilerplate = false;
        std::size_t left = 0;
        std::size_t start = 0;
        bool signature = false;
        bool forwarded = false;
        bool forwarded_quoted = false;  // the forwarded letter's lines carry «>»
        const std::string_view subject_folded = std::string_view(folded_all_).substr(0, text_from_);
        const bool forward_subject = subject_folded.starts_with("fwd") ||
                                     subject_folded.starts_with("fw:") ||
                                     subject_folded.starts_with("пересл");
        while (start <= body.size()) {
            std::size_t end = body.find('\n', start);
            if (end == std::string_view::npos) end = body.size();
            std::string_view line = body.substr(start, end - start);
            const std::size_t indent = line.find_first_not_of(" \t>");
            const bool quoted_line = indent != std::string_view::npos &&
                                     line.substr(0, indent).find('>') != std::string_view::npos;
            // In a forward, lines quoted with «>» are the forwarded letter's, not the applicant's.
            const bool quoted = forward_subject && quoted_line;
            line = indent == std::string_view::npos ? std::string_view{} : line.substr(indent);
            start = end + 1;
            if (line.empty()) continue;
            if (signature) continue;
            // Below «-------- Пересылаемое сообщение --------» the forwarded letter's own text
            // (a portal's notice) is not the applicant's, up to «конец пересылаемого…»
            // (frozen set 10). When the forwarded letter is quoted with «>», the first line
            // without the mark after it is the applicant's own again (frozen set 11: the
            // question written under the forwarded invitation).
            if (forwarded) {
                if (quoted_line) forwarded_quoted = true;
                if (!forwarded_quoted || quoted_line ||
                    ForwardBoilerplate(line, state_.forward_markers)) {
                    forwarded = line.find("конец пересылаемого") == std::string_view::npos;
                    continue;
                }
                forwarded = false;
            }
            if (state_.forward_markers.Any(line) &&
                line.find("конец пересылаемого") == std::string_view::npos) {
                boilerplate = forwarded = true;
                continue;
            }
            if (quoted) {
                boilerplate = true;
                continue;
            }
            if (ForwardBoilerplate(line, state_.forward_markers)) {
                boilerplate = true;
                if (line.starts_with("с уважением")) signature = true;
                continue;
            }
            for (char c : line)
                left += static_cast<unsigned char>(c) >= 0x80 ||
                        std::isalpha(static_cast<unsigned char>(c));
            // The applicant wrote something of their own: not an empty forward, whatever follows.
            if (left > 0) break;
        }
        // «Fwd: …» with no letter in the body: the subject is the forwarded letter's.
        if (!boilerplate && left == 0) boilerplate = forward_subject;
        machine_letter_ = boilerplate && left == 0;
        if (boilerplate && left == 0) {
            e.category = "empty_forward";
            Fire(RuleCode::kNoQuestion, Confidence::kHigh,
                 "Пересланное письмо без текста заявителя: вопроса в нём нет (ТР-3).",
                 std::move(e));
            return true;
        }
        return false;
    }

    // Thanks, or greetings for a holiday («поздравляем вас с Новым годом»; not a sarcastic
    // «поздравляю, вы самый бесполезный чиновник»).
    bool ThanksAt(std::size_t i) const {
        const auto& tk = tokens();
        const std::string_view w = tk[i].folded;
        if (w.starts_with("спасиб") || w.starts_with("благодар")) return true;
        if (!w.starts_with("поздравля")) return false;
        for (std::size_t k = i + 1; k < tk.size() && k <= i + 3; ++k) {
            if (tk[k].sentence == tk[i].sentence && tk[k].folded == "с") return true;
        }
        return false;
    }

    // Thanks in the first sentence («Спасибо вашему специалисту…», «Благодарю за…»), or in the
    // second after a greeting alone («Добрый день. Просто хотела сказать спасибо…»).
    bool ThanksLed() const {
        const auto& tk = tokens();
        // The letter's text leads, not its subject («Re: Протокол…»: frozen set 10).
        std::size_t first = 0;
        while (first < tk.size() && tk[first].field != TextField::kText) ++first;
        if (first == tk.size()) first = 0;
        std::size_t i = first;
        const auto greeting_only = [&](std::uint16_t sentence) {
            for (std::size_t k = first; k < tk.size() && tk[k].sentence <= sentence; ++k) {
                if (tk[k].sentence == sentence && tk[k].letters > 0 &&
                    !Has(a_.token_classes[k], WordClass::kCourtesy)) {
                    return false;
                }
            }
            return true;
        };
        if (i < tk.size() && greeting_only(tk[i].sentence)) {
            const std::uint16_t greeting = tk[i].sentence;
            while (i < tk.size() && tk[i].sentence == greeting) ++i;
        }
        if (i == tk.size()) return false;
        for (std::size_t k = i; k < tk.size(); ++k) {
            if (tk[k].sentence != tk[i].sentence) break;
            if (ThanksAt(k)) return true;
        }
        return false;
    }

    // A test message: «тест, прошу не отвечать», «проверка связи. бот ты тут?» — a test word
    // first and a few words more, nothing wrong and nothing asked of the service.
    bool TestMessage(std::size_t words) const {
        const auto& tk = tokens();
        if (tk.empty() || words > 6 || Has(a_.all_classes, WordClass::kProblem)) return false;
        static constexpr std::string_view kTest[] = {"тест", "тестовое", "тестовый", "test"};
        return InList(tk.front().folded, kTest) ||
               (tk.size() > 1 && tk[0].folded == "проверка" && tk[1].folded == "связи");
    }

    // «Проверка формы после переноса сайта. Просьба не обрабатывать»: a test its sender asks not
    // to process. It opens with the test, asks nothing else and turns to nothing else after the
    // «не обрабатывать» («прошу не рассматривать прежнее, а разобраться с этим» is a request).
    bool TestNotToProcess(std::size_t words) const {
        // The imperative too: «проверка формы, не отвечайте» (frozen set 14).
        static constexpr std::string_view kDoNot[] = {
            "обрабатывать",  "регистрировать", "рассматривать",  "отвечать",
            "обрабатывайте", "регистрируйте",  "рассматривайте", "отвечайте"};
        static constexpr std::string_view kTest[] = {"тест", "проверк", "test"};
        const auto& tk = tokens();
        if (words > 30 || tk.empty() || !StartsWithAny(tk.front().folded, kTest) ||
            a_.text.has_question_outside_quotes || Has(a_.all_classes, WordClass::kProblem)) {
            return false;
        }
        std::optional<std::size_t> do_not;
        for (std::size_t i = 1; i < tk.size() && !do_not; ++i) {
            if (tk[i - 1].folded == "не" && InList(tk[i].folded, kDoNot)) do_not = i;
        }
        if (!do_not) return false;
        for (std::size_t i = 0; i < tk.size(); ++i) {
            const bool introduces = i + 2 == *do_not;  // «просьба / прошу» before «не …»
            if (Has(a_.token_classes[i], WordClass::kRequest) && !introduces) return false;
            if (i > *do_not && tk[i].sentence == tk[*do_not].sentence &&
                (tk[i].folded == "а" || tk[i].folded == "но")) {
                return false;
            }
        }
        return true;
    }

    // «Ничего не надо, просто проверил, работает ли сайт» (frozen set 14): the sender says they
    // need nothing, in a short message that asks nothing, requests nothing and names nothing
    // wrong («ничего не нужно, просто верните деньги» requests).
    bool NothingNeeded(std::size_t words) const {
        static constexpr std::string_view kNeed[] = {"надо", "нужно"};
        const auto& tk = tokens();
        if (words > 25 || a_.text.has_question_mark || Has(a_.all_classes, WordClass::kProblem)) {
            return false;
        }
        // «Проверил, работает ли сайт»: «ли» of what they checked is no request, nor is the
        // «надо» they deny.
        for (std::size_t i = 0; i < tk.size(); ++i) {
            if (Has(a_.token_classes[i], WordClass::kRequest) && tk[i].folded != "ли" &&
                !(InList(tk[i].folded, kNeed) && i > 0 && tk[i - 1].folded == "не")) {
                return false;
            }
        }
        for (std::size_t i = 2; i < tk.size(); ++i) {
            if (InList(tk[i].folded, kNeed) && tk[i - 1].folded == "не" &&
                tk[i - 2].folded == "ничего" && tk[i - 2].sentence == tk[i].sentence) {
                return true;
            }
        }
        return false;
    }

    // Something still wrong or a contrast after the thanks («спасибо, но воды так и нет»).
    bool StillWrong() const {
        static constexpr std::string_view kWrong[] = {
            "не",     "нет",   "но",     "однако", "снова", "опять", "до",     "сих",
            "пока",   "никак", "ничего", "еще",    "жаль",  "хотя",  "зато",   "только",
            "почему", "когда", "прошу",  "просим", "нужно", "надо",  "требую", "жду"};
        // The text's words: a reply's subject still names the problem it was about («Re: не
        // найдены сведения»: frozen set 10).
        for (const Token& t : tokens()) {
            if (t.field == TextField::kText && InList(t.folded, kWrong)) return true;
        }
        return false;
    }

    // The operator's note of a warning given to the caller («сделал предупреждение»,
    // «разъяснила последствия», «предупредил об ответственности») after the caller's own words
    // quoted with a condition («если не приедут — «разберусь сам»»). Without quoted words and
    // a condition it is advice («разъяснил последствия неуплаты»).
    std::optional<TextMatch> OperatorWarned() const {
        const auto& all = tokens();
        const bool quoted =
            std::any_of(all.begin(), all.end(), [](const Token& t) { return t.quoted; });
        const bool condition = std::any_of(all.begin(), all.end(), [](const Token& t) {
            return t.folded == "если" || t.folded == "иначе";
        });
        if (!quoted || !condition) return std::nullopt;
        static constexpr std::string_view kWarned[] = {"предупреждени", "последстви",
                                                       "ответственност"};
        static constexpr std::string_view kGave[] = {"сделал", "разъясн", "предупредил", "вынес",
                                                     "объясн"};
        const auto& tk = all;
        for (std::size_t i = 0; i < tk.size(); ++i) {
            if (!StartsWithAny(tk[i].folded, kGave)) continue;
            for (std::size_t k = i + 1; k < tk.size() && k <= i + 3; ++k) {
                if (tk[k].sentence != tk[i].sentence) break;
                if (StartsWithAny(tk[k].folded, kWarned)) {
                    return a_.text.Match(i, k, "", "operator_warning");
                }
            }
        }
        return std::nullopt;
    }

    // The operator's note that the caller asked nothing: a wrong number, «вопросов не имеет».
    bool NothingAskedNote() const {
        static constexpr std::string_view kNotTold[] = {"излож",     "озвуч", "задан", "задал",
                                                        "сформулир", "назва", "успел"};
        const auto& tk = tokens();
        for (std::size_t i = 0; i + 1 < tk.size(); ++i) {
            if (tk[i + 1].sentence != tk[i].sentence) continue;
            const std::string_view a = tk[i].folded;
            const std::string_view b = tk[i + 1].folded;
            if ((a.starts_with("ошиб") && b == "номером") ||
                (a == "вопросов" && (b == "нет" || b == "не")) ||
                // «Вопрос не изложен», «вопрос не озвучил» (frozen set 10); not «вопрос не по
                // теме».
                (a == "вопрос" && b == "не" && i + 2 < tk.size() &&
                 tk[i + 2].sentence == tk[i].sentence &&
                 StartsWithAny(tk[i + 2].folded, kNotTold)) ||
                (a == "обращения" && b == "нет")) {
                return true;
            }
        }
        return false;
    }

    // A word of request or question. «Как» compares («ездим как люди», «как всегда») unless an
    // infinitive or a word of need follows it («как записаться», «как мне быть»).
    bool RequestWord() const {
        static constexpr std::string_view kAfterHow[] = {
            "мне", "нам", "можно", "нужно", "надо", "лучше", "правильно", "теперь", "же"};
        const auto& tk = tokens();
        for (std::size_t i = 0; i < tk.size(); ++i) {
            if (!Has(a_.token_classes[i], WordClass::kRequest)) continue;
            // «Наконец-то можно нормально ездить» says what became possible; «можно узнать…»
            // and «можно ли…» ask (frozen set 10).
            if (tk[i].folded == "можно" && i > 0 && tk[i - 1].sentence == tk[i].sentence &&
                !(i + 1 < tk.size() && tk[i + 1].folded == "ли")) {
                continue;
            }
            if (tk[i].folded != "как") return true;
            for (std::size_t k = i + 1; k < tk.size() && k <= i + 2; ++k) {
                if (tk[k].sentence != tk[i].sentence) break;
                const std::string_view w = tk[k].folded;
                if (InList(w, kAfterHow) || w.ends_with("ть") || w.ends_with("ти") ||
                    w.ends_with("чь") || w.ends_with("ться") || w.ends_with("тись")) {
                    return true;
                }
            }
        }
        return false;
    }

    bool SilentCall() const {
        static constexpr std::string_view kSilent[] = {"молчал",  "молчит",  "тишин",   "сорвал",
                                                       "оборвал", "прервал", "прерван", "отключил",
                                                       "сбросил", "сброшен", "безмолв", "разъедин"};
        const auto& tk = tokens();
        for (std::size_t i = 0; i < tk.size(); ++i) {
            if (StartsWithAny(tk[i].folded, kSilent)) return true;
            // «без слов», «без речи», «положил трубку».
            if (i + 1 < tk.size() && tk[i + 1].sentence == tk[i].sentence &&
                ((tk[i].folded == "без" &&
                  (tk[i + 1].folded == "слов" || tk[i + 1].folded == "речи")) ||
                 (tk[i].folded.starts_with("положил") && tk[i + 1].folded == "трубку"))) {
                return true;
            }
        }
        return false;
    }

    // What an operator writes only of a call that brought no question («звонок из кармана», «на
    // приветствие не отвечают», «абонент недоступен»): it stands beside a word of a problem
    // («не отвечают» is one in a caller's complaint).
    bool PlainlySilentCall() const {
        static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
            {"из", "кармана"},         {"на", "приветствие"}, {"случайный", "звонок"},
            {"ошибочный", "звонок"},   {"звонок", "сброшен"}, {"вызов", "сброшен"},
            {"абонент", "недоступен"}, {"детская", "шалость"}};
        const auto& tk = tokens();
        for (std::size_t i = 0; i + 1 < tk.size(); ++i) {
            if (tk[i + 1].sentence != tk[i].sentence) continue;
            for (const auto& [a, b] : kPairs) {
                if (tk[i].folded == a && tk[i + 1].folded == b) return true;
            }
        }
        return false;
    }

    // --- TR-3: no concrete question ---------------------------------------------------------
    void NoQuestion() {
        if (MachineLetter()) return;
        std::size_t words = 0;
        std::size_t content = 0;
        std::size_t gibberish = 0;
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            if (tokens()[i].technical) continue;
            if (tokens()[i].letters > 0) ++words;
            if (a_.content[i]) ++content;
            if (a_.gibberish[i]) ++gibberish;
        }
        const bool request = a_.text.has_question_mark ||
                             Has(a_.all_classes, WordClass::kRequest) ||
                             Has(a_.all_classes, WordClass::kProblem);
        // Thanks and calls are read closer: «ездим как люди» asks nothing.
        const bool asks = RequestWord();
        Evidence e;
        for (std::size_t i = 0; i < tokens().size() && e.matches.size() < 12; ++i) {
            if (a_.content[i] || a_.gibberish[i]) {
                e.matches.push_back(a_.text.Match(i, i, tokens()[i].folded,
                                                  a_.gibberish[i] ? "gibberish" : "content"));
            }
        }
        // Each kind of appeal without a question fires once, with its category and message.
        const auto fire = [&](std::string category, Confidence confidence, std::string message) {
            e.category = std::move(category);
            Fire(RuleCode::kNoQuestion, confidence, std::move(message), std::move(e));
        };
        if (words == 0) {
            return fire(
                "empty", Confidence::kHigh,
                "Обращение не содержит текста. Обращения без конкретного вопроса остаются без "
                "ответа (ТР-3).");
        }
        if (content == 0 && gibberish > 0 && !request) {
            return fire(
                "gibberish", Confidence::kHigh,
                "Текст обращения — бессмысленный набор символов, вопроса в нём нет (ТР-3).");
        }
        if (content == 0) {
            return fire(
                request ? "request_without_subject" : "courtesy_only",
                request ? Confidence::kMedium : Confidence::kHigh,
                request ? "В обращении есть просьба, но не сказано, о чём: нужно уточнить вопрос "
                          "у заявителя."
                        : "Обращение содержит только приветствие или благодарность, вопроса в "
                          "нём нет (ТР-3).");
        }
        if (gibberish >= 2 && gibberish >= 2 * content && !request) {
            return fire(
                "gibberish", Confidence::kHigh,
                "Текст обращения — в основном бессмысленный набор символов, вопроса в нём нет "
                "(ТР-3).");
        }
        bool thanks = false;
        for (std::size_t i = 0; i < tokens().size() && !thanks; ++i) thanks = ThanksAt(i);
        if (thanks && !a_.text.has_question_mark && !asks &&
            !Has(a_.all_classes, WordClass::kProblem) && content <= t_.no_question_max_words + 2 &&
            !StillWrong()) {
            return fire("thanks", Confidence::kHigh,
                        "Обращение — благодарность или поздравление, вопроса или просьбы в нём нет "
                        "(ТР-3).");
        }
        // A letter of thanks for what was done («спасибо, яму заделали, всё работает»): it
        // opens with thanks, asks nothing and complains of nothing still wrong.
        if (thanks && !a_.text.has_question_mark && !asks && words <= 45 && ThanksLed() &&
            !StillWrong()) {
            return fire(
                "thanks", Confidence::kMedium,
                "Обращение — благодарность или поздравление, вопроса или просьбы в нём не видно: "
                "нужна проверка оператором.");
        }
        if (input_.channel == "phone" && NothingAskedNote() &&
            !Has(a_.all_classes, WordClass::kProblem)) {
            return fire(
                "nothing_asked", Confidence::kMedium,
                "Звонок без вопроса: по записи оператора абонент ни о чём не просил (ТР-3). "
                "Нужна проверка оператором.");
        }
        if (TestMessage(words) || TestNotToProcess(words) || NothingNeeded(words)) {
            return fire("test", Confidence::kHigh,
                        "Тестовое сообщение: вопроса или просьбы в нём нет (ТР-3).");
        }
        // A silent or dropped call written down by the operator; not a caller's complaint that
        // the line dropped them («ждала 52 минуты, связь оборвалась, это недопустимо»).
        // The caller's first words the operator quotes («Алло, это поддержка?») ask nothing.
        if (input_.channel == "phone" && !asks && !a_.text.has_question_outside_quotes &&
            ((!Has(a_.all_classes, WordClass::kProblem) && SilentCall()) || PlainlySilentCall())) {
            return fire(
                "silent_call", Confidence::kMedium,
                "Звонок без вопроса: абонент молчал или связь прервалась (ТР-3). Нужна проверка "
                "оператором.");
        }
        if (content <= t_.no_question_max_words && !request) {
            fire("too_short", Confidence::kMedium,
                 "В обращении не видно конкретного вопроса или просьбы: нужна проверка "
                 "оператором.");
        }
    }

    // --- TR-3 and TR-5: repeats and duplicates ----------------------------------------------
    bool WithinWindow(const PastAppeal& appeal, core::Duration window) const {
        if (input_.received_at == core::Instant{} || appeal.created == core::Instant{}) {
            return true;
        }
        return input_.received_at - appeal.created <= window;
    }

    // A number the earlier appeal (and its solution) does not have — another house, contract
    // or order — makes the appeal new, however similar the words.
    // Years («в разводе с 2023 года») date the facts, they do not name another object.
    bool NewNumber(const TextFingerprint& known, const TextFingerprint* also) const {
        const auto has = [&](std::uint64_t n) {
            return std::binary_search(known.terms.begin(), known.terms.end(), n) ||
                   (also != nullptr &&
                    std::binary_search(also->terms.begin(), also->terms.end(), n));
        };
        for (std::size_t k = 0; k < a_.numbers.size(); ++k) {
            if (!has(a_.numbers[k]) && !has(a_.numbers_tails[k])) return true;
        }
        return false;
    }

    // A reply to the earlier letter («Re: Сброс пароля» after «Сброс пароля»).
    bool ReplyTo(const PastAppeal& earlier) const {
        if (earlier.subject.empty() || input_.subject.empty()) return false;
        std::string_view subject = input_.subject;
        bool reply = false;
        for (;;) {
            while (!subject.empty() && subject.front() == ' ') subject.remove_prefix(1);
            bool stripped = false;
            for (std::string_view prefix : {"Re:", "RE:", "re:", "Fwd:", "FW:", "Fw:", "Ответ:"}) {
                if (subject.starts_with(prefix)) {
                    subject.remove_prefix(prefix.size());
                    reply = stripped = true;
                }
            }
            if (!stripped) break;
        }
        return reply && FoldText(subject) == FoldText(earlier.subject);
    }

    // The applicant asks how far `earlier` got (a status inquiry fired about it, though unsure
    // whether the rest is new, and a question is asked: «что с нашей заявкой?»): asking about it
    // is not sending it again (frozen set 10). «Ответа пока нет, ситуация та же» asks nothing.
    // A call note tells the question in the operator's words, without a question mark
    // («спрашивает, на какой стадии её сообщение»: frozen set 11).
    bool AskedHowFar(const PastAppeal& earlier) const {
        static constexpr std::string_view kAsking[] = {"спрашива", "интересу", "уточня"};
        const bool asks = a_.text.has_question_outside_quotes ||
                          std::any_of(tokens().begin(), tokens().end(), [](const Token& t) {
                              return StartsWithAny(t.folded, kAsking);
                          });
        return asks &&
               std::any_of(out_.rules.begin(), out_.rules.end(), [&](const FiredRule& rule) {
                   return rule.code == RuleCode::kStatusInquiry && !rule.evidence.related.empty() &&
                          rule.evidence.related.front().id == earlier.id;
               });
    }

    bool AnnouncesRepeat() {
        for (std::size_t k = 0; k < std::size(kRepeatMarkers); ++k) {
            if (Marker(TextMarkers::kRepeat + k)) return true;
        }
        return false;
    }

    bool AddsFacts() {
        for (std::size_t k = 0; k < std::size(kAddsFactsMarkers); ++k) {
            if (AddsFactsMarker(k)) return true;
        }
        return false;
    }

    // AddsFacts without the verbs of asking («уточняю», «уточню»).
    bool AddsFactsBeyondAsking() {
        for (std::size_t k = 0; k < std::size(kAddsFactsMarkers); ++k) {
            if (kAddsFactsMarkers[k].starts_with("уточн")) continue;
            if (AddsFactsMarker(k)) return true;
        }
        return false;
    }

    // A marker of new facts said at least once without a negation: «ничего не изменилось»,
    // «так и не появился» deny a change, they report none (frozen set 9).
    bool AddsFactsMarker(std::size_t k) {
        if (!Marker(TextMarkers::kAddsFacts + k)) return false;
        FoldOnce();
        const std::string_view text = folded_all_;
        const std::string_view marker = kAddsFactsMarkers[k];
        for (auto at = text.find(marker); at != std::string_view::npos;
             at = text.find(marker, at + 1)) {
            const std::string_view before = text.substr(0, at);
            if (!before.ends_with("не ") && !before.ends_with("ни ")) return true;
        }
        return false;
    }

    // The question asked again, by its structure rather than a fixed phrase: a word of repetition
    // next to a verb of asking in any person and order («снова спрашивает», «ещё раз уточняю»,
    // «подскажите снова»), or the applicant saying the service answered before («инструкцию вы
    // уже присылали», «разъяснение ему уже давали»).
    bool AsksAgain() const {
        static constexpr std::string_view kAgain[] = {"снова", "опять", "повторно", "вновь"};
        static constexpr std::string_view kAsk[] = {"спрашива", "спрошу", "спросил", "задава",
                                                    "задаю",    "уточня", "уточню",  "подсказ",
                                                    "разъясн",  "объясн", "интересу"};
        static constexpr std::string_view kAnswered[] = {
            "давали",          "присылали", "отвечали",  "объясняли", "разъясняли",
            "консультировали", "присылал",  "отвечал",   "объяснял",  "разъяснял",
            "присылала",       "отвечала",  "объясняла", "разъясняла"};
        const auto& tk = tokens();
        const auto near = [&](std::size_t i, std::size_t before, std::size_t after,
                              const auto& match) {
            const std::size_t from = i >= before ? i - before : 0;
            const std::size_t to = std::min(tk.size(), i + after + 1);
            for (std::size_t k = from; k < to; ++k) {
                if (k != i && tk[k].sentence == tk[i].sentence && match(tk[k].folded)) return true;
            }
            return false;
        };
        for (std::size_t i = 0; i < tk.size(); ++i) {
            const std::string_view w = tk[i].folded;
            const bool again =
                InList(w, kAgain) || (w == "еще" && i + 1 < tk.size() && tk[i + 1].folded == "раз");
            if (again &&
                near(i, 3, 4, [&](std::string_view x) { return StartsWithAny(x, kAsk); })) {
                return true;
            }
            if (w == "уже" &&
                near(i, 2, 3, [&](std::string_view x) { return InList(x, kAnswered); })) {
                return true;
            }
        }
        return false;
    }

    // The words of disagreement found are all words of recurrence («снова», «опять», «до сих
    // пор»), none of disagreement or failure («не согласен», «не помогло», «претензия»).
    bool OnlyRecurrenceWords() const {
        static constexpr std::string_view kRecurrence[] = {"снова",       "опять",      "вновь",
                                                           "повтор",      "до сих пор", "все еще",
                                                           "по-прежнему", "сохраня",    "остал"};
        bool any = false;
        for (const PhraseHit& hit : a_.vocabulary_hits) {
            if (state_.vocabulary_class[hit.tag] != WordClass::kDispute) continue;
            any = true;
            if (!StartsWithAny(tokens()[hit.first].folded, kRecurrence)) return false;
        }
        return any;
    }

    void Similarity() {
        if (WordTerms(a_.fingerprint) < 2) return;
        // Thanks in the appeal's thread («спасибо, всё заработало, заявку можно закрывать») send
        // nothing again (frozen set 10).
        if (std::any_of(out_.rules.begin(), out_.rules.end(), [](const FiredRule& rule) {
                return rule.code == RuleCode::kNoQuestion && rule.evidence.category == "thanks";
            })) {
            return;
        }
        const bool dispute = Has(a_.all_classes, WordClass::kDispute);
        const PastAppeal* best_open = nullptr;
        double best_open_sim = 0;
        double best_open_novelty = 1;
        // The most similar open appeal whose text lacks a number the draft has (a date, a
        // count of days): another object, unless the applicant says it is a repeat.
        const PastAppeal* best_numbered = nullptr;
        double best_numbered_sim = 0;
        const PastAppeal* best_resolved = nullptr;
        double best_resolved_sim = 0;
        double best_resolved_novelty = 1;
        for (const PastAppeal& e : context_.earlier) {
            if (e.status == "refused") continue;
            const bool open = IsOpen(e);
            if (!open && !e.resolved) continue;
            if (open && !WithinWindow(e, t_.duplicate_window)) continue;
            if (!open && !WithinWindow(e, t_.repeat_window)) continue;
            const TextFingerprint& fp = Known(e);
            const double sim = otklik::triage::Similarity(a_.fingerprint, fp);
            if (open && sim > best_open_sim && !NewNumber(fp, nullptr)) {
                best_open = &e;
                best_open_sim = sim;
                best_open_novelty = Novelty(a_.fingerprint, fp);
            } else if (open && sim > best_open_sim && sim > best_numbered_sim) {
                best_numbered = &e;
                best_numbered_sim = sim;
            }
            if (!open && sim > best_resolved_sim) {
                // Novelty counts against the earlier question only: an applicant who quotes
                // the solution and asks beyond it brings something new.
                const TextFingerprint solution = FingerprintOfText(state_, e.solution);
                if (NewNumber(fp, &solution)) continue;
                best_resolved = &e;
                best_resolved_sim = sim;
                best_resolved_novelty = Novelty(a_.fingerprint, fp);
            }
        }
        if (best_open != nullptr && On(RuleCode::kDuplicate) &&
            !(commented_ && commented_->id == best_open->id) && !AskedHowFar(*best_open)) {
            std::optional<Confidence> c;
            const bool same_words =
                best_open_sim >= t_.duplicate_similarity && best_open_novelty <= t_.max_novelty;
            // «Повторно пишу…», «напоминаю о своём сообщении»: the applicant says it is the same
            // request in other words.
            // A reply in the same thread counts as an announcement; then a third of the words
            // in common is enough.
            const bool announced_repeat =
                (AnnouncesRepeat() || ReplyTo(*best_open)) && !AddsFacts() &&
                best_open_sim >= t_.duplicate_candidate_similarity - 0.3 &&
                best_open_novelty <= 0.75;
            if (same_words || announced_repeat) {
                c = Confidence::kHigh;
            } else if (best_open_sim >= t_.duplicate_candidate_similarity ||
                       (best_open_sim >= t_.duplicate_candidate_similarity - 0.1 &&
                        best_open_novelty <= 0.5 && !AddsFacts())) {
                // Reworded by the same applicant: a person decides.
                c = Confidence::kMedium;
            }
            if (c) {
                Evidence e;
                e.related.push_back(Related(*best_open, best_open_sim));
                e.novelty = best_open_novelty;
                std::string message = "Обращение повторяет обращение " + AppealName(*best_open) +
                                      " того же заявителя, которое ещё рассматривается (сходство " +
                                      Percent(best_open_sim) + ").";
                message += *c == Confidence::kHigh
                               ? " Ответ будет дан по исходному обращению (ТР-5)."
                               : " Возможно, это дубль — нужна проверка оператором.";
                Fire(RuleCode::kDuplicate, *c, std::move(message), std::move(e));
                return;
            }
        }
        // «Пишу повторно…» in words of its own («записаться к терапевту» → «при записи к врачу»):
        // the open appeal sharing most word stems and prefixes, leaving out the words every
        // report has; a person decides.
        if (On(RuleCode::kDuplicate) && AnnouncesRepeat() && !AddsFacts()) {
            const PastAppeal* loose = nullptr;
            double loose_sim = 0.35;
            const std::vector<std::uint64_t> draft = state_.mass_generic.Strip(a_.fingerprint);
            for (const PastAppeal& e : context_.earlier) {
                if (!IsOpen(e) || !WithinWindow(e, t_.duplicate_window)) continue;
                if (commented_ && commented_->id == e.id) continue;
                const ReportOverlap ov = CompareReports(draft, TermsOf(e).distinctive, {});
                if (ov.common >= 3 && ov.similarity >= loose_sim) {
                    loose = &e;
                    loose_sim = ov.similarity;
                }
            }
            if (loose != nullptr && (best_numbered == nullptr || loose != best_numbered)) {
                Evidence e;
                e.related.push_back(Related(*loose, loose_sim));
                e.novelty = Novelty(a_.fingerprint, Known(*loose));
                Fire(RuleCode::kDuplicate, Confidence::kMedium,
                     "Заявитель пишет, что обращается повторно, и текст близок к обращению " +
                         AppealName(*loose) + " (сходство основ слов " + Percent(loose_sim) +
                         "): возможно, это дубль — нужна проверка оператором.",
                     std::move(e));
                return;
            }
        }
        // «Пишу повторно…» with a number the earlier text lacks («с 3 декабря», «уже 5 дней»):
        // the applicant says it is the same request, the number may name another object; a
        // person decides.
        if (best_numbered != nullptr && On(RuleCode::kDuplicate) &&
            best_numbered_sim > best_open_sim &&
            !(commented_ && commented_->id == best_numbered->id) && AnnouncesRepeat() &&
            !AddsFacts() && best_numbered_sim >= t_.duplicate_candidate_similarity - 0.1) {
            Evidence e;
            e.related.push_back(Related(*best_numbered, best_numbered_sim));
            e.novelty = Novelty(a_.fingerprint, Known(*best_numbered));
            Fire(RuleCode::kDuplicate, Confidence::kMedium,
                 "Заявитель пишет, что повторяет обращение " + AppealName(*best_numbered) +
                     " (сходство " + Percent(best_numbered_sim) +
                     "), но в тексте есть число, которого там нет: возможно, это дубль — нужна "
                     "проверка оператором.",
                 std::move(e));
            return;
        }
        // The same question asked again in other words: announced as a repeat, or sharing most
        // of its words with the resolved one and adding few.
        // Asked of any resolved appeal, also one a new number set aside («снова не могу войти…,
        // ESIA-007053. Подскажите, как вы в прошлый раз советовали?»: frozen set 7).
        const bool any_resolved = std::any_of(context_.earlier.begin(), context_.earlier.end(),
                                              [](const PastAppeal& e) { return e.resolved; });
        bool ask_again = false;
        if (any_resolved) {
            for (std::string_view m : kAskAgainMarkers)
                ask_again |= FoldedText().find(m) != std::string_view::npos;
            ask_again = ask_again || AsksAgain();
        }
        // «Ещё раз уточняю…» asks again: the «уточня» there adds nothing.
        const bool adds_facts = ask_again ? AddsFactsBeyondAsking() : AddsFacts();
        // Issue 15 (rel5): «опять спрашиваю: в каком разделе сертификат за профпробу?» after
        // «где скачать сертификат о прохождении профессиональной пробы?» — the question asked
        // again in words of its own: the resolved appeal sharing most word stems and prefixes,
        // leaving out the words every report has; a person decides.
        // Issue 15 (frozen set 9): «снова пишу про профпробу дочери…», «опять та же история: …»
        // with nothing new is the resolved matter written again, even though «снова» and «не
        // могу» also read as a complaint that the answer failed; most of its distinctive words
        // in common (half), and a person decides.
        const bool announced_same_matter = dispute && AnnouncesRepeat();
        if (any_resolved && On(RuleCode::kRepeatResolved) && !adds_facts &&
            (!dispute || ask_again || announced_same_matter) && (ask_again || AnnouncesRepeat()) &&
            (best_resolved == nullptr || best_resolved_sim < t_.repeat_similarity - 0.15 ||
             (dispute && !ask_again))) {
            // Asked again in so many words («опять спрашиваю», «ещё раз уточняю»): two shared
            // stems of a short question are enough; announced only as a repeat, a third.
            const PastAppeal* loose = nullptr;
            double loose_sim = ask_again ? 0.15 : dispute ? 0.5 : 0.35;
            const std::vector<std::uint64_t> draft = state_.mass_generic.Strip(a_.fingerprint);
            for (const PastAppeal& e : context_.earlier) {
                if (!e.resolved || IsOpen(e) || !WithinWindow(e, t_.repeat_window)) continue;
                const ReportOverlap ov = CompareReports(draft, TermsOf(e).distinctive, {});
                if (ov.common >= 2 && ov.similarity >= loose_sim) {
                    loose = &e;
                    loose_sim = ov.similarity;
                }
            }
            if (loose != nullptr) {
                Evidence e;
                e.related.push_back(Related(*loose, loose_sim));
                e.novelty = Novelty(a_.fingerprint, Known(*loose));
                std::string message = "Заявитель снова задаёт вопрос, уже решённый по обращению " +
                                      AppealName(*loose) + " (сходство основ слов " +
                                      Percent(loose_sim) + ").";
                if (!loose->solution.empty()) message += " Решение: " + loose->solution;
                message += " Нужна проверка оператором: возможно, есть новые сведения.";
                Fire(RuleCode::kRepeatResolved, Confidence::kMedium, std::move(message),
                     std::move(e));
                return;
            }
        }
        const bool announced = best_resolved != nullptr && (AnnouncesRepeat() || ask_again) &&
                               !adds_facts && best_resolved_sim >= t_.repeat_similarity - 0.15 &&
                               best_resolved_novelty <= 0.7;
        // Issue 15 (rel5): «снова пишу про…», «опять не могу…» in nearly the resolved question's
        // own words say the question came again, not that the answer failed: without a word of
        // disagreement and without anything new, a person decides.
        const bool asked_again_in_its_words =
            dispute && OnlyRecurrenceWords() && best_resolved != nullptr &&
            best_resolved_sim >= t_.repeat_similarity && best_resolved_novelty <= t_.max_novelty &&
            !AddsFacts();
        if (best_resolved != nullptr && On(RuleCode::kRepeatResolved) &&
            (!dispute || ask_again || asked_again_in_its_words) &&
            (best_resolved_sim >= t_.repeat_similarity - 0.1 || announced)) {
            // Asked again only in its own words: a person decides, however close the text.
            const bool only_asked_again = asked_again_in_its_words && !ask_again;
            const bool sure = announced || (best_resolved_novelty <= t_.max_novelty &&
                                            best_resolved_sim >= t_.repeat_similarity);
            std::optional<Confidence> c;
            if (sure && !only_asked_again) {
                c = Confidence::kHigh;
            } else if (only_asked_again || (best_resolved_novelty <= 0.5 && !AddsFacts())) {
                c = Confidence::kMedium;
            }
            if (c) {
                Evidence e;
                e.related.push_back(Related(*best_resolved, best_resolved_sim));
                e.novelty = best_resolved_novelty;
                std::string message = "Вопрос уже решён по обращению " +
                                      AppealName(*best_resolved) + " (сходство " +
                                      Percent(best_resolved_sim) + ", нового в тексте " +
                                      Percent(best_resolved_novelty) + ").";
                if (!best_resolved->solution.empty()) {
                    message += " Решение: " + best_resolved->solution;
                }
                message += *c == Confidence::kHigh
                               ? " Обращения без новой информации по решённому вопросу "
                                 "остаются без ответа (ТР-3)."
                               : " Нужна проверка оператором: возможно, есть новые сведения.";
                Fire(RuleCode::kRepeatResolved, *c, std::move(message), std::move(e));
            }
        }
    }

    // --- TR-4 -------------------------------------------------------------------------------
    void Anonymous() {
        const bool identity = input_.has_name || input_.has_login;
        const bool contact =
            input_.has_email || input_.has_phone || input_.has_address || input_.has_login;
        if (identity || contact) return;
        Evidence e;
        e.missing_fields = {"applicant.name", "applicant.contact"};
        if (HasContactInText(input_.text) || HasContactInText(input_.subject)) {
            Fire(RuleCode::kAnonymous, Confidence::kMedium,
                 "Имя и контакты заявителя не указаны в полях обращения, но в тексте есть адрес "
                 "или телефон: нужна проверка оператором.",
                 std::move(e));
            return;
        }
        Fire(RuleCode::kAnonymous, Confidence::kHigh,
             "Обращение анонимное: не указаны ни имя, ни способ связи. Анонимные обращения не "
             "рассматриваются (ТР-4).",
             std::move(e));
    }

    std::size_t FirstWord(TextField field) const {
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            if (tokens()[i].field == field && tokens()[i].letters > 0) return i;
        }
        return tokens().size();
    }

    // "Прокурору Ленинского района." is an addressee line; "В полицию я уже обращался, …" is
    // the applicant telling a story: a header is short and has no first person in it.
    bool HeaderSentence(std::size_t first) const {
        const std::uint16_t sentence = tokens()[first].sentence;
        std::size_t length = 0;
        for (std::size_t k = first; k < tokens().size() && tokens()[k].sentence == sentence; ++k) {
            if (++length > 10) return false;
            if (Has(a_.token_classes[k], WordClass::kSelfReference) ||
                Has(a_.token_classes[k], WordClass::kRequest)) {
                return false;
            }
        }
        return true;
    }

    // A topic of another body or an uncovered service found beside a word of the regulation's
    // own system («домашний компьютер» for work in the АИС) is the system's question: the hits
    // of the rules whose `unless` words the text names are dropped.
    void DropExcepted(std::vector<PhraseHit>& hits, const PhraseMatcher& unless) const {
        if (hits.empty()) return;
        const std::vector<PhraseHit> excepted = unless.Find(a_.text, 1);
        if (excepted.empty()) return;
        std::erase_if(hits, [&](const PhraseHit& hit) {
            return std::any_of(excepted.begin(), excepted.end(),
                               [&](const PhraseHit& e) { return e.tag == hit.tag; });
        });
    }

    bool SentenceNamesBot(std::size_t sentence) const {
        static constexpr std::string_view kBot[] = {"бот",   "бота",         "боту",   "ботом",
                                                    "робот", "автоответчик", "чатбот", "чат-бот"};
        for (const Token& t : tokens()) {
            if (t.sentence == sentence && InList(t.folded, kBot)) return true;
        }
        return false;
    }

    // Issue 15 (corpus part 19): another body's topic that is someone else's quoted words
    // («оценку за четверть не поставлю») or where the applicant takes the matter next («подаю
    // иск в мировой суд», «пишем в прокуратуру») is not the question asked here.
    bool NotTheQuestion(std::size_t i) const {
        const auto& tk = tokens();
        if (tk[i].quoted) return true;
        if (i == 0 || tk[i - 1].sentence != tk[i].sentence) return false;
        const std::string_view before = tk[i - 1].folded;
        if (before != "в" && before != "во") return false;
        // …or the place something of this service goes to («результаты теста пойдут в
        // аттестат», «попадут в дневник»: frozen set 12): the question is about that thing.
        static constexpr std::string_view kRecourse[] = {
            "пода", "обращ", "обрат", "пиш",   "напиш",   "жалу",  "пожалу", "иск",   "заявлен",
            "пойд", "попад", "войд",  "учтут", "учитыва", "отраз", "внес",   "занес", "идут"};
        for (std::size_t back = 2; back <= 5 && back <= i; ++back) {
            const Token& t = tk[i - back];
            if (t.sentence != tk[i].sentence) break;
            if (StartsWithAny(t.folded, kRecourse)) return true;
        }
        return false;
    }

    void Misdirected() {
        const auto& rules = state_.config.misdirected;
        const std::size_t subject_start = FirstWord(TextField::kSubject);
        const std::size_t text_start = FirstWord(TextField::kText);
        for (const PhraseHit& hit : state_.misdirected_addressee.Find(a_.text, 1)) {
            if (hit.first != subject_start && hit.first != text_start) continue;
            if (!HeaderSentence(hit.first)) continue;
            Evidence e;
            e.organization = rules[hit.tag].organization;
            e.matches.push_back(a_.text.Match(hit.first, hit.last, "", "addressee"));
            std::string message =
                "Обращение адресовано другой организации (" + e.organization + ", " +
                JoinQuoted(e.matches) +
                "). Ошибочно направленные обращения не рассматриваются (ТР-4); заявителю стоит "
                "обратиться туда напрямую.";
            Fire(RuleCode::kMisdirected, Confidence::kHigh, std::move(message), std::move(e));
            return;
        }
        // Issue 15 (rel5): a guess at another body's topic adds nothing to an appeal another
        // rule already refuses (a threat, an advert that offers credit).
        if (std::any_of(out_.rules.begin(), out_.rules.end(),
                        [](const FiredRule& rule) { return rule.action == RuleAction::kRefuse; })) {
            return;
        }
        std::vector<PhraseHit> topics = state_.misdirected_topics.Find(a_.text, 1);
        DropExcepted(topics, state_.misdirected_unless);
        std::erase_if(topics, [&](const PhraseHit& hit) { return NotTheQuestion(hit.first); });
        const bool hints_only = topics.empty();
        if (hints_only) {
            topics = state_.misdirected_hints.Find(a_.text, 1);
            DropExcepted(topics, state_.misdirected_unless);
            std::erase_if(topics, [&](const PhraseHit& hit) { return NotTheQuestion(hit.first); });
        }
        if (topics.empty()) {
            // Asked after every other rule (Execute): the guess adds nothing to an appeal
            // another rule already stops (not covered by the contract, in another language).
            misdirected_unnamed_ = true;
            return;
        }
        Evidence e;
        e.organization = rules[topics.front().tag].organization;
        // The hints' first words, one per stem: «адвокат» and «адвокатская» are one word.
        std::vector<std::string_view> words;
        for (const PhraseHit& hit : topics) {
            if (rules[hit.tag].organization != e.organization) continue;
            e.matches.push_back(a_.text.Match(hit.first, hit.last, "", "topic"));
            const std::string_view stem = tokens()[hit.first].stem;
            if (std::none_of(words.begin(), words.end(), [&](std::string_view other) {
                    return stem.starts_with(other) || other.starts_with(stem);
                })) {
                words.push_back(stem);
            }
        }
        // Two different words of one body's vocabulary («украли», «кража»; «пенсию», «СФР»)
        // and none of this service's: the question is that body's.
        const bool sure_hints = hints_only && words.size() >= 2;
        std::string message = "Вопрос, по-видимому, относится к ведению другой организации (" +
                              e.organization + "): " + JoinQuoted(e.matches) +
                              ". Нужна проверка оператором.";
        // Words of the body's vocabulary (`hints`: «кредит», «поликлиник*») are named in
        // admissible questions too: on a set nobody tuned on they held such questions, so they
        // only flag the appeal for the operator. Its topics (phrases) hold it for a person.
        Fire(RuleCode::kMisdirected,
             hints_only && !sure_hints ? Confidence::kLow : Confidence::kMedium, std::move(message),
             std::move(e));
    }

    // Frozen set 12: most questions for another body name neither it nor a word of its
    // vocabulary («посылка третий день „в пути"», «поцарапали машину на парковке»). The
    // classifier learned them from the labelled sets; where it is sure, a person checks the
    // appeal (held, never refused by it).
    void MisdirectedByModel() {
        Evidence e;
        if (!ByModel("misdirected", t_.model_misdirected, e)) return;
        std::string message = ModelMessage("вопрос к другой организации", "misdirected", e);
        Fire(RuleCode::kMisdirected, Confidence::kMedium, std::move(message), std::move(e));
    }

    // --- mass incidents ---------------------------------------------------------------------
    // Reports of one incident are worded by different people: they share the place (a street,
    // a house or route number, a service's name) and the object of the fault, not the words of
    // time, place and complaint every report has (MassGenericWords). Two reports belong
    // together when their non-generic words overlap enough and at least one shared word is not
    // a mere number or name; a short report written within a few hours of another needs less.
    //
    // Issue 15 (group4): people who report one incident within a few hours often share no word
    // but the broken thing and the symptom, each named their own way («ролик», «видео»;
    // «вход», «не пускает»). Close in time, two reports also belong together when they name one
    // object of a fault (IncidentConceptWords) and share one more thing: another object, a
    // symptom («белый экран» and «пустая страница»), an error code, a place or a word.
    // `ov`: CompareReports of the two reports' distinctive terms.
    bool SameIncident(const ReportOverlap& ov, const IncidentFeatures& a_concepts,
                      const ReportTerms& b, core::Instant a_time, core::Instant b_time) const {
        const bool close =
            a_time == core::Instant{} || b_time == core::Instant{} ||
            (a_time > b_time ? a_time - b_time : b_time - a_time) <= std::chrono::hours(6);
        if (ov.common > ov.anchors) {
            if (ov.similarity >= t_.mass_similarity) return true;
            if (close && ov.common >= 2 && ov.similarity >= t_.mass_similarity - 0.15) {
                return true;
            }
        }
        // A report naming more than three objects is not one fault (SameIncidentByConcepts).
        if (!close || (a_concepts.objects == 0 && a_concepts.symptoms == 0) ||
            std::popcount(a_concepts.objects) > 3) {
            return false;
        }
        return SameIncidentByConcepts(CompareIncidents(a_concepts, b.features), ov.anchors);
    }

    // The draft's numbers (not years) and names written with a capital inside a sentence.
    std::vector<std::uint64_t> MassAnchors() const {
        std::vector<std::uint64_t> anchors = a_.numbers;
        const auto& tokens = a_.text.tokens;
        for (const Token& t : tokens) {
            if (auto code = CodeTerm(t)) anchors.push_back(*code);
        }
        for (std::size_t i = 1; i < tokens.size(); ++i) {
            const Token& t = tokens[i];
            if (!a_.content[i] || !t.upper_initial || t.all_upper) continue;
            if (tokens[i - 1].sentence != t.sentence) continue;
            anchors.push_back(Fnv1a(Term(state_, t)));
            if (auto prefix = PrefixTerm(t.folded)) anchors.push_back(*prefix);
        }
        std::sort(anchors.begin(), anchors.end());
        return anchors;
    }

    void MassIncident() {
        if (WordTerms(a_.fingerprint) < 2 ||
            (context_.recent_others.empty() && context_.shared_recent_others.empty())) {
            return;
        }
        // Views of the callers' strings; "#id" keys for appeals without an applicant are kept
        // in `anonymous` (a deque: its strings do not move).
        std::unordered_set<std::string_view> applicants;
        std::deque<std::string> anonymous;
        // Candidates stay pointers until the 20 shown are chosen: a mass incident in a busy
        // service has hundreds of similar appeals, and copying each one's strings to sort them
        // cost more than the rest of triage.
        struct Similar {
            const PastAppeal* appeal = nullptr;
            double similarity = 0;
        };
        std::vector<Similar> similar;
        std::vector<const PastAppeal*> rest;  // in the window, not similar to the draft
        Evidence e;
        const PastAppeal* earliest = nullptr;
        const std::vector<std::uint64_t> anchors = MassAnchors();
        const std::vector<std::uint64_t> draft = state_.mass_generic.Strip(a_.fingerprint);
        const IncidentFeatures draft_concepts = state_.mass_concepts.Of(draft);
        // The draft is compared with every recent report: its terms go into probes once.
        const TermProbe draft_probe(draft, anchors);
        const TermProbe draft_words(WordTermList(a_.fingerprint));
        const auto add = [&](const PastAppeal& other, double sim) {
            if (other.applicant.empty()) {
                applicants.insert(anonymous.emplace_back("#" + std::to_string(other.id)));
            } else {
                applicants.insert(other.applicant);
            }
            similar.push_back({&other, sim});
            if (earliest == nullptr || other.created < earliest->created) earliest = &other;
        };
        const auto consider = [&](const PastAppeal& other) {
            if (!WithinWindow(other, t_.mass_window)) return;
            if (input_.received_at != core::Instant{} && other.created > input_.received_at) {
                return;
            }
            const ReportTerms& terms = TermsOf(other);
            if (!SameIncident(CompareReports(draft_probe, terms.distinctive), draft_concepts, terms,
                              input_.received_at, other.created)) {
                rest.push_back(&other);
                return;
            }
            add(other, otklik::triage::Similarity(draft_words, Known(other)));
        };
        for (const PastAppeal& other : context_.recent_others) consider(other);
        for (const auto& other : context_.shared_recent_others) {
            if (other) consider(*other);
        }
        // Too few for a group: reports of the same incident as those similar to the draft join
        // it (one step), so the third report links the first two even when it is worded like
        // only one of them.
        if (applicants.size() + 1 < t_.mass_min_applicants && !similar.empty()) {
            const std::size_t direct = std::min<std::size_t>(similar.size(), 8);
            for (const PastAppeal* other : rest) {
                if (!other->applicant.empty() && applicants.contains(other->applicant)) continue;
                const ReportTerms& terms = TermsOf(*other);
                for (std::size_t d = 0; d < direct; ++d) {
                    const PastAppeal& via = *similar[d].appeal;
                    if (via.applicant == other->applicant && !via.applicant.empty()) continue;
                    const ReportTerms& via_terms = TermsOf(via);
                    if (SameIncident(
                            CompareReports(via_terms.distinctive, terms.distinctive, anchors),
                            via_terms.features, terms, via.created, other->created)) {
                        add(*other, otklik::triage::Similarity(draft_words, Known(*other)));
                        break;
                    }
                }
            }
        }
        const std::size_t count = applicants.size() + 1;
        if (count < t_.mass_min_applicants) return;
        // The same sort as before over the same sequence of similarities: the same order, ties
        // included (std::sort's moves depend only on the comparisons).
        out_.mass_links.push_back(earliest->uin);
        for (const Similar& s : similar) {
            if (!s.appeal->grouped && s.appeal != earliest)
                out_.mass_links.push_back(s.appeal->uin);
        }
        std::sort(similar.begin(), similar.end(),
                  [](const Similar& x, const Similar& y) { return x.similarity > y.similarity; });
        if (similar.size() > 20) similar.resize(20);
        e.related.reserve(similar.size());
        for (const Similar& s : similar) e.related.push_back(Related(*s.appeal, s.similarity));
        e.applicants = count;
        out_.mass_group = earliest->id;
        Fire(RuleCode::kMassIncident, Confidence::kHigh,
             "Похожие обращения за последнее время прислали ещё " + std::to_string(count - 1) +
                 " заявителей: вероятно, массовый инцидент. Обращение объединяется в группу с " +
                 AppealName(*earliest) + ", отказ не применяется.",
             std::move(e));
    }

    // --- CH-4 -------------------------------------------------------------------------------
    void MissingFields() {
        if (input_.missing_fields.empty()) return;
        Evidence e;
        e.missing_fields = input_.missing_fields;
        std::string list;
        for (const std::string& field : input_.missing_fields) {
            if (!list.empty()) list += ", ";
            list += field;
        }
        const auto& channels = policy_.return_channels;
        const bool returned =
            std::find(channels.begin(), channels.end(), input_.channel) != channels.end();
        if (returned) {
            Fire(RuleCode::kMissingFields, Confidence::kHigh,
                 "Не заполнены обязательные данные: " + list +
                     ". Письмо возвращается отправителю без регистрации с указанием причин.",
                 std::move(e), RuleAction::kReturn);
        } else {
            Fire(RuleCode::kMissingFields, Confidence::kHigh,
                 "Не заполнены обязательные данные: " + list +
                     ". Обращение ожидает сведений от заявителя («Запрошена информация "
                     "(пользователь)»).",
                 std::move(e));
        }
    }

    // --- TR-8 -------------------------------------------------------------------------------
    // A word asking for progress (the index of the token), in a sentence of its own kind.
    std::optional<std::size_t> ProgressAsked() const {
        // («висит в статусе „Ожидает“» describes the application: not a progress word.)
        // Issue 15 (rel5): «движение по заявке», «какова судьба», «зарегистрировано ли».
        static constexpr std::string_view kProgress[] = {
            "новост", "стади", "этап", "тишин", "движени", "судьб", "зарегистрирован"};
        static constexpr std::string_view kTaken[] = {"взял", "взят", "принял", "принят"};
        static constexpr std::string_view kAnswer[] = {"ответ", "рассмотр", "решени"};
        static constexpr std::string_view kStill[] = {"нет", "пока", "когда", "ждать", "ждем"};
        static constexpr std::string_view kHandled[] = {"рассматрива", "закрыт",    "закрыл",
                                                        "двига",       "закреплен", "назначен"};
        const auto& ts = tokens();
        for (std::size_t i = 0; i < ts.size(); ++i) {
            const std::string_view w = ts[i].folded;
            if (StartsWithAny(w, kProgress)) return i;
            // Frozen set 11, asked outright: «заявка вообще в работе?», «в каком оно сейчас
            // статусе?», «что с ним происходит?».
            if (i > 0 && SentenceAsks(i)) {
                if (w == "работе" && WordBefore(i) == "в") return i;
                if (w.starts_with("статус") || w.starts_with("происход")) {
                    for (std::size_t k = i;
                         k-- > 0 && k + 4 >= i && ts[k].sentence == ts[i].sentence;) {
                        const std::string_view q = ts[k].folded;
                        if (q.starts_with("как") || q == "что") return i;
                    }
                }
            }
            // Frozen set 14, asked of the appeal itself: «моё обращение кто-то рассматривает или
            // оно закрыто?», «живо оно или его молча закрыли?», «его кто-то двигает?», «за
            // заявкой хоть кто-то закреплён?».
            if (i > 0 && (StartsWithAny(w, kHandled) || w == "живо" || w == "жива") &&
                SentenceAsks(i) && AppealNamedAround(i)) {
                return i;
            }
            // «взяли ли заявку в работу»: taken and work in one sentence.
            if (w.starts_with("работ")) {
                for (std::size_t k = i; k-- > 0 && ts[k].sentence == ts[i].sentence;) {
                    if (StartsWithAny(ts[k].folded, kTaken)) return i;
                }
            }
            // «ответа пока нет», «когда ждать решения», «рассмотрено или нет».
            if (StartsWithAny(w, kAnswer)) {
                for (std::size_t k = 0; k < ts.size(); ++k) {
                    if (k == i || ts[k].sentence != ts[i].sentence) continue;
                    for (std::string_view still : kStill) {
                        if (ts[k].folded == still) return i;
                    }
                }
            }
        }
        return std::nullopt;
    }

    // Whether the sentence of token `i` names an appeal («обращение», «заявка») or stands for
    // one («оно», «его»).
    bool AppealNamedAround(std::size_t i) const {
        static constexpr std::string_view kStandsFor[] = {"оно", "она", "его", "ее"};
        const auto& ts = tokens();
        for (std::size_t k = 0; k < ts.size(); ++k) {
            if (ts[k].sentence != ts[i].sentence) continue;
            if (Has(a_.token_classes[k], WordClass::kAppealRef) ||
                InList(ts[k].folded, kStandsFor)) {
                return true;
            }
        }
        return false;
    }

    // The word written right before token `i` (letters), folded; one-letter words such as «в»
    // are no tokens.
    std::string WordBefore(std::size_t i) const {
        const Token& t = tokens()[i];
        std::string_view before = a_.text.Field(t.field).substr(0, t.begin);
        while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) {
            before.remove_suffix(1);
        }
        const std::size_t space = before.find_last_of(" \t\n(«\"");
        return FoldText(space == std::string_view::npos ? before : before.substr(space + 1));
    }

    // Whether the sentence of token `i` ends with a question mark.
    bool SentenceAsks(std::size_t i) const {
        const auto& ts = tokens();
        std::size_t last = i;
        while (last + 1 < ts.size() && ts[last + 1].sentence == ts[i].sentence) ++last;
        const std::string_view field = a_.text.Field(ts[last].field);
        const std::size_t to = last + 1 < ts.size() && ts[last + 1].field == ts[last].field
                                   ? ts[last + 1].begin
                                   : field.size();
        return to > ts[last].end &&
               field.substr(ts[last].end, to - ts[last].end).find('?') != std::string_view::npos;
    }

    // The applicant's own earlier contact: «писала вам», «обращался», «звонил позавчера».
    bool EarlierContact() const {
        static constexpr std::string_view kContact[] = {
            "писал",    "написал", "обращал", "звонил",  "подавал", "отправлял",
            "оставлял", "обратил", "сообщал", "жаловал", "заявлял"};
        for (const Token& t : tokens()) {
            if (StartsWithAny(t.folded, kContact)) return true;
        }
        return false;
    }

    void StatusInquiry() {
        std::vector<Uin> uins = FindUins(input_.subject, TextField::kSubject);
        for (Uin& uin : FindUins(input_.text, TextField::kText)) uins.push_back(std::move(uin));
        const bool status = Has(a_.all_classes, WordClass::kStatus);
        bool reference = false;
        for (const PhraseHit& hit : a_.vocabulary_hits) {
            if (state_.vocabulary_class[hit.tag] != WordClass::kAppealRef) continue;
            // «заявка на профпробу», «заявка для участия» are applications, not appeals.
            const bool application =
                tokens()[hit.first].folded.starts_with("заявк") && hit.last + 1 < tokens().size() &&
                (tokens()[hit.last + 1].folded == "на" || tokens()[hit.last + 1].folded == "для");
            reference = reference || !application;
        }
        // Issue 15 (group4): an applicant with an earlier appeal asking how far it got, by the
        // structure rather than a listed phrase: a word of progress («новости», «на какой
        // стадии», «взяли ли в работу», «ответа пока нет», «тишина») and their own earlier
        // contact («писала вам», «обращался», «звонил позавчера»).
        std::optional<std::size_t> progress;
        const bool contacted = EarlierContact();
        if (!context_.earlier.empty()) progress = ProgressAsked();
        // «Так и не получил приглашение, писал вчера» restates the problem (a duplicate): the
        // earlier contact names the appeal only beside a word of progress. Without any earlier
        // appeal here, a word of status will do («обращалась через 112… какой статус?»: frozen
        // set 8); it is then flagged as not found.
        reference = reference || (contacted && (progress || (status && context_.earlier.empty())));
        if ((!status && !progress) || (uins.empty() && !reference)) return;
        Evidence e;
        for (const PhraseHit& hit : a_.vocabulary_hits) {
            if (state_.vocabulary_class[hit.tag] == WordClass::kStatus) {
                e.matches.push_back(a_.text.Match(hit.first, hit.last, "", "status"));
            }
        }
        if (e.matches.empty() && progress) {
            e.matches.push_back(a_.text.Match(*progress, *progress, "", "status"));
        }
        const PastAppeal* target = nullptr;
        for (const Uin& uin : uins) {
            e.matches.push_back(
                TextMatch{uin.field, uin.offset, uin.text.size(), uin.text, uin.folded, "uin"});
            if (e.referenced_uin.empty()) e.referenced_uin = uin.text;
            for (const PastAppeal& earlier : context_.earlier) {
                if (!earlier.uin.empty() && FoldText(earlier.uin) == uin.folded) {
                    target = &earlier;
                    break;
                }
            }
            if (target != nullptr) break;
        }
        bool guessed = false;
        if (target == nullptr && uins.empty()) {
            // "что с моей заявкой": the applicant's only open appeal, or the most similar one.
            std::vector<const PastAppeal*> open;
            for (const PastAppeal& earlier : context_.earlier) {
                if (IsOpen(earlier)) open.push_back(&earlier);
            }
            // Issue 15 (group4): a number the inquiry quotes («по отчёту 0503127») names the
            // thread whose appeals carry it; the most similar of them is the one asked about.
            // Four digits or more: a report's, a contract's or an order's number, not a house.
            std::vector<std::uint64_t> long_numbers;
            for (const Token& t : tokens()) {
                if (!t.technical && t.letters == 0 && t.folded.size() >= 4 && !Year(t.folded)) {
                    long_numbers.push_back(Fnv1a("#" + t.folded));
                }
            }
            std::vector<const PastAppeal*> numbered;
            if (open.size() > 1) {
                for (const PastAppeal* candidate : open) {
                    const auto& terms = Known(*candidate).terms;
                    for (std::uint64_t number : long_numbers) {
                        if (std::binary_search(terms.begin(), terms.end(), number)) {
                            numbered.push_back(candidate);
                            break;
                        }
                    }
                }
            }
            if (open.size() == 1) {
                target = open.front();
            } else if (!numbered.empty()) {
                double best = -1.0;
                for (const PastAppeal* candidate : numbered) {
                    const double sim =
                        otklik::triage::Similarity(a_.fingerprint, Known(*candidate));
                    if (sim > best) {
                        best = sim;
                        target = candidate;
                    }
                }
            } else if (open.size() > 1) {
                double best = 0.2;
                double second = 0.0;
                for (const PastAppeal* candidate : open) {
                    const double sim =
                        otklik::triage::Similarity(a_.fingerprint, Known(*candidate));
                    if (sim > best) {
                        best = sim;
                        target = candidate;
                    }
                }
                // Issue 15 (group4): the applicant's own repeat of the same request (a
                // duplicate still open) is one thread with it, not a rival candidate.
                for (const PastAppeal* candidate : open) {
                    if (candidate == target) continue;
                    if (target != nullptr &&
                        otklik::triage::Similarity(Known(*target), Known(*candidate)) >= 0.3) {
                        continue;
                    }
                    second = std::max(
                        second, otklik::triage::Similarity(a_.fingerprint, Known(*candidate)));
                }
                // «Что с моим обращением про фонарь?»: the inquiry names its appeal's subject
                // when one open appeal is clearly the most similar.
                guessed = !(target != nullptr && best >= 0.25 && best >= 1.5 * second &&
                            best - second >= 0.15);
            }
        }
        std::size_t extra = 0;
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            const ClassMask m = a_.token_classes[i];
            if (a_.content[i] && !Has(m, WordClass::kStatus) && !Has(m, WordClass::kAppealRef)) {
                ++extra;
            }
        }
        e.category = "status_inquiry";
        if (target == nullptr) {
            std::string message =
                "Заявитель спрашивает о ходе рассмотрения обращения" +
                (e.referenced_uin.empty() ? std::string{} : " " + e.referenced_uin) +
                ", но оно не найдено среди обращений этого заявителя: нужна проверка оператором.";
            Fire(RuleCode::kStatusInquiry, Confidence::kMedium, std::move(message), std::move(e));
            return;
        }
        e.related.push_back(Related(*target, 0));
        if (!IsOpen(*target)) {
            Fire(RuleCode::kStatusInquiry, Confidence::kMedium,
                 "Заявитель спрашивает о ходе рассмотрения обращения " + AppealName(*target) +
                     ", которое уже " + (target->resolved ? "решено" : "закрыто") +
                     ": ответьте со ссылкой на решение.",
                 std::move(e));
            return;
        }
        // A report that adds facts to the earlier appeal («дополнительно сообщаю…», several
        // words the original does not have) is registered and linked, not folded into it.
        std::size_t fresh = 0;
        const TextFingerprint& original = Known(*target);
        // Issue 15 (group4): words of the appeal's handling and of time («передано в
        // ведомство», «у исполнителя, на согласовании», «писал две недели назад») are not facts.
        static constexpr std::string_view kHandling[] = {
            "исполнител", "согласован", "передан", "передал", "ведомств", "написал", "сообщени",
            "ответ", "стади", "этап", "статус", "тишин", "рассмотр", "назад", "недел", "дней",
            "прошл", "вчера", "позавчера", "писал", "обращал", "звонил", "ждать", "пока",
            // Issue 15 (rel5): time passing and asking to be told («прошёл месяц, прошу
            // сообщить») are not facts either.
            "месяц", "прош", "сообщ", "запрос", "отправ", "смотр", "насчет", "вообщ", "сих", "пор",
            "кто-нибудь",
            // Issue 15 (frozen set 9): the operator's words for a call about it («звонит
            // повторно, интересуется…, ей никто не звонил») are not facts of the matter.
            "звон", "интересу", "спрашива", "никто",
            // …nor reminding and the deadline asked about («напомните…, нам важно понимать
            // сроки», «ни запроса информации»: frozen set 10).
            "напомн", "срок", "информац", "важно", "понима",
            // …nor the number they were given, how long it takes and who said what («мне
            // дали номер», «что с ним сейчас и сколько ещё ждать», «пятый рабочий день без
            // обратной связи», «подскажите, на какой стадии»: frozen set 12).
            "номер", "дали", "сказал", "поводу", "текущ", "сейчас", "сколько", "узна", "подскаж",
            "изменени", "обратн", "связ", "рабоч", "почти",
            // …nor where its state is shown and how long it stands there («в личном кабинете
            // „на согласовании“, полторы недели стоит, его кто-то двигает?»: frozen set 14).
            "кабинет", "личн", "стои", "стоя", "полтор", "двига", "закрепл", "назначен",
            "рассматрива", "закрыт", "закрыл"};
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            const ClassMask m = a_.token_classes[i];
            const Token& t = tokens()[i];
            if (!a_.content[i] || Has(m, WordClass::kStatus) || Has(m, WordClass::kAppealRef) ||
                StartsWithAny(t.folded, kHandling)) {
                continue;
            }
            // Who asks and how to reach them («Зуев Илья, ilya.zuev09@yandex.ru») identify the
            // appeal; they are not facts of the matter.
            if (t.technical || (t.upper_initial && !t.all_upper && !FirstInSentence(i))) continue;
            // Known as a word or by its first letters («заявление» after «заявления»).
            const auto prefix = PrefixTerm(t.folded);
            fresh += !std::binary_search(original.terms.begin(), original.terms.end(),
                                         Fnv1a(Term(state_, t))) &&
                     !(prefix &&
                       std::binary_search(original.terms.begin(), original.terms.end(), *prefix));
        }
        const bool new_facts = AddsFacts() || fresh >= 6;
        // Issue 15 (rel5): an inquiry that restates its appeal's problem («что с заявкой по
        // карточке контракта, белый экран») has many words, but all of them the original's.
        // A resend that only says the answer has not come («ответа нет, поэтому повторяю») is
        // the applicant's duplicate: restating counts beside a word of status or progress.
        static constexpr std::string_view kWeakProgress[] = {"ответ", "рассмотр", "решени"};
        bool asks_stage = progress && !StartsWithAny(tokens()[*progress].folded, kWeakProgress);
        for (const PhraseHit& hit : a_.vocabulary_hits) {
            if (state_.vocabulary_class[hit.tag] != WordClass::kStatus) continue;
            bool weak = false;
            for (std::size_t i = hit.first; i <= hit.last; ++i) {
                weak = weak || StartsWithAny(tokens()[i].folded, kWeakProgress);
            }
            asks_stage = asks_stage || !weak;
        }
        const bool restated = asks_stage && fresh * 4 <= extra;
        const bool certain =
            !guessed && (extra <= t_.status_max_extra_words || restated) && !new_facts;
        const RelatedAppeal related = Related(*target, 0);
        if (certain) {
            commented_ = related;
            out_.comment_on = related;
            Fire(RuleCode::kStatusInquiry, Confidence::kHigh,
                 "Повторный запрос о ходе рассмотрения обращения " + AppealName(*target) +
                     ": новая заявка не создаётся, запрос добавляется комментарием к исходному "
                     "обращению, заявителю сообщается его текущее состояние (ТР-8).",
                 std::move(e));
        } else {
            Fire(RuleCode::kStatusInquiry, Confidence::kMedium,
                 "Заявитель спрашивает о ходе рассмотрения обращения " + AppealName(*target) +
                     (guessed ? " (определено по сходству текста)" : "") +
                     ", но пишет и о другом: обращение регистрируется, связь с исходным "
                     "отмечена.",
                 std::move(e));
        }
    }

    // --- TR-7 -------------------------------------------------------------------------------
    void NotCovered() {
        const auto& categories = state_.config.not_covered_categories;
        if (!input_.category.empty()) {
            const std::string chosen = FoldText(input_.category);
            for (const std::string& category : categories) {
                if (FoldText(category) == chosen) {
                    Evidence e;
                    e.service = input_.category;
                    Fire(RuleCode::kNotCovered, Confidence::kHigh,
                         "Категория «" + input_.category +
                             "» не входит в перечень услуг по договору: обращение не "
                             "обрабатывается, об этом делается запись (ТР-7).",
                         std::move(e));
                    return;
                }
            }
        }
        std::vector<PhraseHit> hits = state_.not_covered.Find(a_.text, 1);
        DropExcepted(hits, state_.not_covered_unless);
        if (hits.empty()) return;
        Evidence e;
        e.service = state_.config.not_covered[hits.front().tag].service;
        for (const PhraseHit& hit : hits) {
            e.matches.push_back(a_.text.Match(hit.first, hit.last, "", "not_covered"));
        }
        std::string message =
            "Вопрос, по-видимому, касается услуги, которая не предусмотрена договором (" +
            e.service + "): " + JoinQuoted(e.matches) + ". Нужна проверка оператором.";
        Fire(RuleCode::kNotCovered, Confidence::kMedium, std::move(message), std::move(e));
    }

    // --- TR-6 -------------------------------------------------------------------------------
    struct FacetPick {
        std::size_t value = 0;
        bool matched = false;
        std::vector<TextMatch> matches;
    };

    FacetPick PickFacet(const FacetConfig& facet, const PhraseMatcher& matcher) const {
        std::vector<std::size_t> score(facet.values.size(), 0);
        std::vector<std::vector<TextMatch>> matches(facet.values.size());
        for (const PhraseHit& hit : matcher.Find(a_.text, 1)) {
            score[hit.tag] += 1 + (hit.last - hit.first);
            matches[hit.tag].push_back(a_.text.Match(hit.first, hit.last, "", facet.name));
        }
        FacetPick pick;
        std::size_t default_index = 0;
        for (std::size_t v = 0; v < facet.values.size(); ++v) {
            if (facet.values[v].code == facet.default_value) default_index = v;
        }
        pick.value = default_index;
        std::size_t best = 0;
        for (std::size_t v = 0; v < facet.values.size(); ++v) {
            if (score[v] > best) {
                best = score[v];
                pick.value = v;
                pick.matched = true;
            }
        }
        if (pick.matched) pick.matches = std::move(matches[pick.value]);
        return pick;
    }

    void Classify() {
        const ClassificationConfig& c = state_.config.classification;
        Classification& out = out_.classification;
        if (!c.category.values.empty()) {
            const FacetPick pick = PickFacet(c.category, state_.category);
            out.category = c.category.values[pick.value].code;
            out.category_title = c.category.values[pick.value].title;
            out.category_matches = pick.matches;
            if (!pick.matched) {
                // Nothing in the text decides: a similar earlier appeal of this applicant may.
                const PastAppeal* similar = nullptr;
                double best = 0.6;
                for (const PastAppeal& e : context_.earlier) {
                    if (e.category.empty()) continue;
                    const double sim = otklik::triage::Similarity(a_.fingerprint, Known(e));
                    if (sim >= best) {
                        best = sim;
                        similar = &e;
                    }
                }
                if (similar != nullptr) {
                    for (const CategoryRule& value : c.category.values) {
                        if (value.code == similar->category) {
                            out.category = value.code;
                            out.category_title = value.title;
                        }
                    }
                }
            }
        } else {
            out.category = c.category.default_value;
        }
        for (std::size_t f = 0; f < c.facets.size(); ++f) {
            const FacetConfig& facet = c.facets[f];
            if (facet.values.empty()) continue;
            const FacetPick pick = PickFacet(facet, state_.facets[f]);
            out.facets.push_back(FacetSuggestion{facet.name, facet.values[pick.value].code,
                                                 facet.values[pick.value].title, pick.matches});
        }
        // Priority: the most urgent rule that applies to the category and matches.
        out.priority = c.default_priority;
        for (const auto& [category, priority] : c.category_default_priority) {
            if (category == out.category) out.priority = priority;
        }
        const std::vector<PhraseHit> hits = state_.priorities.Find(a_.text, 1);
        int best = 99;
        for (const PhraseHit& hit : hits) {
            const PriorityRule& rule = c.priority_rules[hit.tag];
            const bool applies =
                rule.categories.empty() || std::find(rule.categories.begin(), rule.categories.end(),
                                                     out.category) != rule.categories.end();
            if (!applies) continue;
            if (rule.priority < best) {
                best = rule.priority;
                out.priority_matches.clear();
            }
            if (rule.priority == best) {
                out.priority_matches.push_back(a_.text.Match(hit.first, hit.last, "", "priority"));
            }
        }
        if (best != 99) out.priority = best;
        const std::vector<int>* allowed = nullptr;
        for (const auto& [category, priorities] : c.allowed_priorities) {
            if (category == out.category) allowed = &priorities;
        }
        const auto is_allowed = [&](int p) {
            return allowed == nullptr || allowed->empty() ||
                   std::find(allowed->begin(), allowed->end(), p) != allowed->end();
        };
        if (!is_allowed(out.priority)) {
            int nearest = out.priority;
            for (int d = 1; d <= 3 && !is_allowed(nearest); ++d) {
                if (is_allowed(out.priority + d)) {
                    nearest = out.priority + d;
                } else if (is_allowed(out.priority - d)) {
                    nearest = out.priority - d;
                }
            }
            out.priority = nearest;
        }
        // The applicant's own choice is checked, not silently replaced (004).
        std::string note;
        if (!input_.category.empty() && FoldText(input_.category) != FoldText(out.category)) {
            out.category_disagrees = true;
            note = "Заявитель выбрал категорию «" + input_.category + "», по тексту подходит «" +
                   out.category + "»";
        }
        if (input_.priority != 0) {
            if (!is_allowed(input_.priority)) {
                out.priority_disagrees = true;
                if (!note.empty()) note += "; ";
                note += "приоритет " + std::to_string(input_.priority) +
                        " не допускается для категории «" + out.category + "»";
            } else if (input_.priority != out.priority) {
                out.priority_disagrees = true;
                if (!note.empty()) note += "; ";
                note += "заявитель указал приоритет " + std::to_string(input_.priority) +
                        ", по признакам срочности и влияния — " + std::to_string(out.priority);
            }
        }
        if (!note.empty()) {
            out.note = note + ". Изменение согласуется с заявителем.";
        }
    }

    const EngineState& state_;
    const TriagePolicy& policy_;
    const TriageThresholds& t_;
    const TriageInput& input_;
    const TriageContext& context_;
    Analysis a_;
    ModelSignal model_{state_.lexicons->model(), a_.text,
                       &state_.config.source_markers};  // asked on first use
    TriageOutcome out_;
    std::optional<RelatedAppeal> commented_;
    bool machine_letter_ = false;
    // Misdirected found no body's name or words: the classifier may still judge (Execute).
    bool misdirected_unnamed_ = false;
    bool veiled_ = false;  // the threat found is told by hints or an idiom only (VeiledPlan)
    bool lawful_recourse_ = false;  // the appeal names lawful recourse (Threats)
    std::unordered_map<const PastAppeal*, TextFingerprint> computed_;
    std::unordered_map<const PastAppeal*, ReportTerms> report_terms_;
    bool folded_ = false;
    std::string folded_all_;
    std::size_t text_from_ = 0;
    std::vector<bool> markers_found_;
    mutable std::vector<std::uint8_t> caller_voice_;
    mutable std::optional<bool> received_;
};

}  // namespace

std::string_view TextFieldName(TextField field) {
    return field == TextField::kSubject ? "subject" : "text";
}

const FiredRule* TriageOutcome::Find(RuleCode code) const {
    for (const FiredRule& rule : rules) {
        if (rule.code == code) return &rule;
    }
    return nullptr;
}

core::Result<TriageEngine> TriageEngine::Create(std::shared_ptr<const Lexicons> lexicons,
                                                TriageConfig config) {
    if (!lexicons) {
        return core::Fail(core::Error{
            core::ErrorKind::kUnavailable, "lexicon_missing", "словари триажа не загружены", {}});
    }
    if (auto ok = ValidateTriageConfig(config); !ok) return core::Fail(ok.error());
    auto state = std::make_shared<Compiled>(std::move(lexicons), std::move(config));
    std::uint32_t tag = 0;
    for (const VocabularyEntry& entry : state->lexicons->vocabulary()) {
        if (entry.word_class == WordClass::kSynonym) {
            const std::string canonical = StemRussian(entry.value);
            const std::string pattern = FoldText(entry.pattern);
            if (pattern.ends_with('*')) {
                state->synonym_prefixes.emplace_back(pattern.substr(0, pattern.size() - 1),
                                                     canonical);
                // A prefix of one byte would need every bucket: rejected by the lexicon check.
                if (pattern.size() < 3) {
                    return core::Fail(core::Error{core::ErrorKind::kValidation,
                                                  "lexicon_invalid",
                                                  "синоним-префикс короче двух байт: " + pattern,
                                                  {}});
                }
                state->synonym_prefix_buckets[Key2(pattern)].push_back(
                    state->synonym_prefixes.size() - 1);
            } else {
                state->synonym_stems.emplace(StemRussian(pattern), canonical);
            }
            continue;
        }
        if (state->vocabulary.Add(entry.pattern, tag)) {
            state->vocabulary_class.push_back(entry.word_class);
            ++tag;
        }
    }
    std::vector<std::uint64_t> generic;
    for (std::string_view word : MassGenericWords()) {
        Token token;
        token.folded = FoldText(word);
        token.stem = StemRussian(token.folded);
        generic.push_back(Fnv1a(Term(*state, token)));
        generic.push_back(Fnv1a(token.stem));
        if (auto prefix = PrefixTerm(token.folded)) generic.push_back(*prefix);
    }
    state->mass_generic = GenericTerms(std::move(generic));
    std::vector<IncidentConcepts::Entry> concepts;
    for (const ConceptWord& w : IncidentConceptWords()) {
        const auto add = [&](std::uint64_t term) {
            if (!state->mass_generic.Contains(term)) {
                concepts.push_back({term, w.group, w.kind});
            }
        };
        if (w.word.ends_with('*')) {
            // "обесточ*": the prefix term every longer word starting so carries.
            if (auto prefix = PrefixTerm(FoldText(w.word.substr(0, w.word.size() - 1)) + "ь")) {
                add(*prefix);
            }
            continue;
        }
        Token token;
        token.folded = FoldText(w.word);
        token.stem = StemRussian(token.folded);
        add(Fnv1a(Term(*state, token)));
        add(Fnv1a(token.stem));
        if (auto prefix = PrefixTerm(token.folded)) add(*prefix);
    }
    state->mass_concepts = IncidentConcepts(std::move(concepts));
    const auto& threats = state->lexicons->threats();
    for (std::size_t i = 0; i < threats.size(); ++i) {
        state->threats.Add(threats[i].pattern, static_cast<std::uint32_t>(i));
    }
    const TriageConfig& c = state->config;
    const auto add_facet = [](PhraseMatcher& matcher, const FacetConfig& facet) {
        for (std::size_t v = 0; v < facet.values.size(); ++v) {
            for (const std::string& keyword : facet.values[v].keywords) {
                matcher.Add(keyword, static_cast<std::uint32_t>(v));
            }
        }
    };
    add_facet(state->category, c.classification.category);
    state->facets.resize(c.classification.facets.size());
    for (std::size_t f = 0; f < c.classification.facets.size(); ++f) {
        add_facet(state->facets[f], c.classification.facets[f]);
    }
    for (std::size_t r = 0; r < c.classification.priority_rules.size(); ++r) {
        for (const std::string& keyword : c.classification.priority_rules[r].keywords) {
            state->priorities.Add(keyword, static_cast<std::uint32_t>(r));
        }
    }
    for (std::size_t r = 0; r < c.misdirected.size(); ++r) {
        for (const std::string& phrase : c.misdirected[r].addressee) {
            state->misdirected_addressee.Add(phrase, static_cast<std::uint32_t>(r));
        }
        for (const std::string& phrase : c.misdirected[r].topics) {
            state->misdirected_topics.Add(phrase, static_cast<std::uint32_t>(r));
        }
        for (const std::string& phrase : c.misdirected[r].unless) {
            state->misdirected_unless.Add(phrase, static_cast<std::uint32_t>(r));
        }
        for (const std::string& phrase : c.misdirected[r].hints) {
            state->misdirected_hints.Add(phrase, static_cast<std::uint32_t>(r));
        }
    }
    for (std::size_t r = 0; r < c.not_covered.size(); ++r) {
        for (const std::string& phrase : c.not_covered[r].keywords) {
            state->not_covered.Add(phrase, static_cast<std::uint32_t>(r));
        }
        for (const std::string& phrase : c.not_covered[r].unless) {
            state->not_covered_unless.Add(phrase, static_cast<std::uint32_t>(r));
        }
    }
    return TriageEngine(std::move(state));
}

TriageOutcome TriageEngine::Triage(const TriageInput& input, const TriageContext& context) const {
    Run run(*compiled_, input, context);
    return run.Execute();
}

TextFingerprint TriageEngine::Fingerprint(std::string_view subject, std::string_view text) const {
    Analysis a;
    Analyze(*compiled_, subject, text, a);
    return BuildFingerprint(*compiled_, a);
}

void TriageEngine::Prepare(PastAppeal& past) const {
    if (!past.fingerprint.Computed()) past.fingerprint = FingerprintOf(*compiled_, past);
    past.report_terms =
        std::make_shared<const ReportTerms>(ReportTermsOf(*compiled_, past.fingerprint));
}

const TriageConfig& TriageEngine::config() const { return compiled_->config; }

}  // namespace otklik::triage

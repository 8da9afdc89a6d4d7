#include "triage/abuse_matcher.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include <unicode/uchar.h>

#include "text/case_folding.hpp"
#include "text/keyboard_layout.hpp"
#include "text/utf8.hpp"

namespace otklik::triage {

namespace {

// Inflectional endings only: derivations («идиотизм», «дебильный») are not insults of a person.
constexpr std::array<std::string_view, 36> kNounEndings = {
    "",   "а",  "я",  "о",  "е",   "и",   "ы",    "у",   "ю",  "ом", "ем", "ой",
    "ей", "ою", "ею", "ам", "ям",  "ами", "ями",  "ах",  "ях", "ов", "ев", "ь",
    "ью", "ьи", "ья", "ье", "ьев", "ьям", "ьями", "ьях", "ию", "ия", "ии", "ий"};
constexpr std::array<std::string_view, 30> kAdjectiveEndings = {
    "ый", "ий", "ой", "ая", "яя", "ое", "ее",  "ые",  "ие", "ого", "его", "ому", "ему", "ым", "им",
    "ом", "ем", "ую", "юю", "ых", "их", "ыми", "ими", "ою", "ею",  "",    "а",   "о",   "ы",  "и"};

char32_t FirstCodePoint(std::string_view word) {
    std::size_t pos = 0;
    return word.empty() ? 0 : text::NextCodePoint(word, pos);
}

bool IsVowel(char32_t c) {
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
        case U'ъ':
        case U'ь':
        case 'a':
        case 'e':
        case 'i':
        case 'o':
        case 'u':
        case 'y':
        case '\'':
            return true;
        default:
            return false;
    }
}

bool IsTrueVowel(char32_t c) { return c != U'ъ' && c != U'ь' && c != '\'' && IsVowel(c); }

char32_t LastCodePoint(std::string_view word) {
    if (word.empty()) return 0;
    std::size_t start = word.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(word[start]) & 0xC0) == 0x80) --start;
    std::size_t pos = start;
    return text::NextCodePoint(word, pos);
}

// Characters that stand for a hidden letter: "ох*ели", "х%й", "п№здец", "х^й", "е+ать" (frozen
// set 18); currency signs and pictographs too ("х₽я", "ху🤬во": frozen set 12).
bool IsMask(char32_t c) {
    return c == '*' || c == '%' || c == '#' || c == '!' || c == '^' || c == '&' || c == '+' ||
           c == '~' || c == U'№' || (c >= 0x2600 && c <= 0x27BF) ||
           (c >= 0x1F000 && c <= 0x1FAFF) ||
           // Any currency sign: «₽», «€», «£», «¥» («бл¥дь»).
           u_charType(static_cast<UChar32>(c)) == U_CURRENCY_SYMBOL;
}

// A mark that is neither a letter, a digit, a space nor one the tokenizer keeps inside a word
// (. - _ ' ` / |), nor a bracket or a mask of its own: «?», «=», «,», «°» put in a word.
bool StrayMark(char32_t c) {
    if (c < 0x80) {
        return c == ',' || c == '?' || c == ':' || c == ';' || c == '=' || c == '"' || c == '<' ||
               c == '>' || c == '\\';
    }
    return c == U'°' || c == U'·' || c == U'•' || c == U'¤' || c == U'§' || c == U'¿' ||
           c == U'¡' || c == U'×' || c == U'÷' || c == U'«' || c == U'»' || c == U'…';
}

// A pictograph's variation selector and joiner belong to the pictograph: nothing of their own.
bool Invisible(char32_t c) { return c == 0xFE0F || c == 0x200D; }

// Letters hidden in brackets inside a word ("пи(з)дец"): the brackets are dropped.
bool Bracket(char32_t c) { return c == '(' || c == ')' || c == '[' || c == ']'; }

// Letters drawn with ASCII characters ("б/\\ядство" — л, "|\\/|" — м, "}|{" — ж), longest first.
constexpr std::pair<std::string_view, std::string_view> kDrawnLetters[] = {
    {"|\\/|", "м"}, {"/\\/\\", "м"}, {"}|{", "ж"}, {">|<", "ж"}, {"/\\", "л"}};

// The length of a drawn letter starting at `at` of `s`, 0 when none does.
std::size_t DrawnLetterAt(std::string_view s, std::size_t at) {
    for (const auto& [drawn, letter] : kDrawnLetters) {
        if (s.substr(at).starts_with(drawn)) return drawn.size();
    }
    return 0;
}

// The Russian letter another alphabet's letter stands for, 0 when none: Ukrainian, Belarusian
// and Macedonian і ї → и, є → е, ѕ → с, ј → й; letters of the languages of Russia and Central
// Asia with a diacritic or a tail («хӱйня»: frozen set 20) — ӱ ӧ ӓ by their base letter, ү ұ → у,
// ө → о, қ ҡ → к, ң ҥ → н, ғ → г, ҳ → х, ҫ → с, ҙ → з; Greek letters drawn alike («χуйня»); the
// multiplication sign for «х» («×уйня»: frozen set 21).
constexpr std::pair<char32_t, char32_t> kRussianFor[] = {
    {U'і', U'и'}, {U'ї', U'и'}, {U'є', U'е'}, {U'ε', U'е'}, {U'ѕ', U'с'}, {U'ҫ', U'с'},
    {U'ј', U'й'}, {U'ү', U'у'}, {U'ұ', U'у'}, {U'υ', U'у'}, {U'γ', U'у'}, {U'ө', U'о'},
    {U'ο', U'о'}, {U'қ', U'к'}, {U'ҡ', U'к'}, {U'κ', U'к'}, {U'ң', U'н'}, {U'ҥ', U'н'},
    {U'ғ', U'г'}, {U'ҳ', U'х'}, {U'χ', U'х'}, {U'ҙ', U'з'}, {U'α', U'а'}, {U'ρ', U'р'},
    {U'τ', U'т'}, {U'β', U'в'}, {U'π', U'п'}, {U'×', U'х'}};

char32_t RussianFor(char32_t c) {
    for (const auto& [other, russian] : kRussianFor) {
        if (other == c) return russian;
    }
    const char32_t base = text::BaseLetter(c);
    return (base >= U'а' && base <= U'я') ? base : 0;
}

// The word with other alphabets' letters read as the Russian ones they stand for (RussianFor);
// nullopt: the word has none.
std::optional<std::string> RussianLookalikes(std::string_view word) {
    // Folded Russian letters are D0 B0…D0 BF, D1 80…D1 8F and ё (D1 91). A word of them alone
    // (nearly every one) is neither decoded nor copied (issue 18).
    bool any = false;
    for (std::size_t at = 0; at < word.size() && !any; ++at) {
        const auto lead = static_cast<unsigned char>(word[at]);
        if (lead < 0xC0U) continue;
        const auto next = at + 1 < word.size() ? static_cast<unsigned char>(word[at + 1]) : 0U;
        any = !((lead == 0xD0U && next >= 0xB0U && next <= 0xBFU) ||
                (lead == 0xD1U && ((next >= 0x80U && next <= 0x8FU) || next == 0x91U)));
    }
    if (!any) return std::nullopt;
    std::string out;
    out.reserve(word.size());
    bool replaced = false;
    std::size_t pos = 0;
    while (pos < word.size()) {
        const std::size_t start = pos;
        const char32_t c = text::NextCodePoint(word, pos);
        const bool russian = (c >= U'а' && c <= U'я') || c == U'ё';
        const char32_t letter = russian || c < 0x80 ? 0 : RussianFor(c);
        if (letter != 0) {
            text::AppendUtf8(out, letter);
            replaced = true;
        } else {
            out.append(word.substr(start, pos - start));
        }
    }
    if (!replaced) return std::nullopt;
    return out;
}

// A censor's note put in a word for its hidden letters ("пиз(цензура)ец", "ху(пип)ня"): one mask.
// The punctuation keys that type Russian letters on the Russian layout («,» is «б», «;» is «ж»).
bool IsLayoutKey(char c) {
    return c == ',' || c == '.' || c == ';' || c == '\'' || c == '[' || c == ']' || c == '`' ||
           c == '{' || c == '}' || c == ':' || c == '"' || c == '<' || c == '>';
}

// The letter a Russian letter's name stands for («пэ» → «п», «эль» → «л»), or "" for another
// word.
std::string_view LetterNamed(std::string_view name) {
    static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
        {"а", "а"},  {"бэ", "б"}, {"вэ", "в"}, {"гэ", "г"}, {"дэ", "д"}, {"е", "е"},
        {"жэ", "ж"}, {"зэ", "з"}, {"и", "и"},  {"ка", "к"}, {"эл", "л"}, {"эль", "л"},
        {"эм", "м"}, {"эн", "н"}, {"о", "о"},  {"пэ", "п"}, {"пе", "п"}, {"эр", "р"},
        {"эс", "с"}, {"тэ", "т"}, {"у", "у"},  {"эф", "ф"}, {"ха", "х"}, {"хэ", "х"},
        {"цэ", "ц"}, {"це", "ц"}, {"че", "ч"}, {"ша", "ш"}, {"ща", "щ"}, {"ы", "ы"},
        {"э", "э"},  {"ю", "ю"},  {"я", "я"},  {"зе", "з"}, {"де", "д"}, {"бе", "б"}};
    for (const auto& [n, letter] : kNames) {
        if (n == name) return letter;
    }
    return {};
}

constexpr std::string_view kCensorNotes[] = {"(цензура)",  "(цензуры)", "(цензор)", "(censored)",
                                             "(пип)",      "(бип)",     "(пи-пи)",  "(мат)",
                                             "(вырезано)", "(...)",     "(…)"};

// "бляяяя" → "бля"; runs of two stay ("ссора"), they are tried collapsed separately.
std::string CollapseRuns(std::string_view word, std::size_t keep) {
    std::string out;
    out.reserve(word.size());
    char32_t previous = 0;
    std::size_t run = 0;
    std::u32string chars = text::DecodeUtf8(word);
    for (std::size_t i = 0; i < chars.size(); ++i) {
        const char32_t c = chars[i];
        run = (c == previous) ? run + 1 : 1;
        previous = c;
        if (run == 1) {
            text::AppendUtf8(out, c);
        } else if (keep == 2 && run == 2) {
            // Keep a double only when the run is exactly two long.
            if (i + 1 >= chars.size() || chars[i + 1] != c) text::AppendUtf8(out, c);
        }
    }
    return out;
}

// True when CollapseRuns would give `word` back unchanged: valid UTF-8 (nothing re-encoded as
// U+FFFD) with no code point repeated in a row — most words, checked without allocating.
bool CollapsesToItself(std::string_view word) {
    char32_t previous = 0;
    for (std::size_t pos = 0; pos < word.size();) {
        const char32_t c = text::NextCodePoint(word, pos);
        if (c == 0 || c == text::kReplacementCharacter || c == previous) return false;
        previous = c;
    }
    return true;
}

bool HasDoubles(std::string_view word) {
    const std::u32string chars = text::DecodeUtf8(word);
    for (std::size_t i = 1; i < chars.size(); ++i) {
        if (chars[i] == chars[i - 1]) return true;
    }
    return false;
}

// Whole obscene words as people write them with every letter but two or three starred out
// («б***ь», «п****ц», «е****ый»): one mask per letter, so a form fits when its length and every
// letter left visible agree. Shorter masks are tried letter by letter against the roots.
constexpr std::string_view kMaskedForms[] = {
    "блядь",     "блять",    "бляди",    "блядский",  "блядская",    "блядское", "блядские",
    "блядство",  "пиздец",   "пизда",    "пизды",     "пизде",       "пизду",    "пиздой",
    "пиздато",   "пиздеть",  "пиздит",   "пиздишь",   "пиздеж",      "пиздюк",   "пиздобол",
    "распиздяй", "хуйня",    "хуйни",    "хуйню",     "хуйней",      "хуевый",   "хуевая",
    "хуево",     "хуями",    "хуйло",    "охуеть",    "охуел",       "охуели",   "охуела",
    "охуенно",   "охуенный", "охуенная", "нахуй",     "похуй",       "нихуя",    "ебать",
    "ебаный",    "ебанный",  "ебаная",   "ебаное",    "ебаные",      "ебаного",  "ебаной",
    "ебаным",    "ебанутый", "ебанутые", "ебанулись", "ебанулся",    "заебали",  "заебал",
    "заебало",   "заебись",  "наебали",  "наебал",    "уебок",       "уебки",    "долбоеб",
    "долбоебы",  "ебучий",   "ебучая",   "ебучие",    "выебываться", "мудак",    "мудаки",
    "пидорас",   "пидорасы", "гандон",   "залупа",    "ебло",        "ебальник", "охуевшие",
    "охуевший",  "похуисты", "похуист",  "пиздатый",  "пиздатая",    "пиздатое", "пиздатые",
    "пиздецкий", "пиздецкая"};

template <std::size_t N>
bool EndingIn(std::string_view ending, const std::array<std::string_view, N>& endings) {
    return std::find(endings.begin(), endings.end(), ending) != endings.end();
}

}  // namespace

AbuseMatcher::AbuseMatcher(std::shared_ptr<const Lexicons> lexicons)
    : lexicons_(std::move(lexicons)) {
    for (const AbuseEntry& entry : lexicons_->abuse()) {
        Index& index = entry.latin ? latin_ : cyrillic_;
        const char32_t first = FirstCodePoint(entry.pattern);
        switch (entry.match) {
            case AbuseMatch::kInfix:
                index.infix.push_back(&entry);
                break;
            case AbuseMatch::kStart:
                index.at_start[first].push_back(&entry);
                break;
            case AbuseMatch::kPrefixed:
                index.at_start[first].push_back(&entry);
                index.after_prefix[first].push_back(&entry);
                break;
            case AbuseMatch::kNoun:
            case AbuseMatch::kAdjective:
                index.inflected[first].push_back(&entry);
                break;
            case AbuseMatch::kExact:
                index.exact.emplace(entry.pattern, &entry);
                break;
        }
    }
    for (const std::string& prefix : lexicons_->prefixes()) {
        cyrillic_.prefixes[FirstCodePoint(prefix)].push_back(prefix);
    }
    for (const std::string& prefix : lexicons_->latin_prefixes()) {
        latin_.prefixes[FirstCodePoint(prefix)].push_back(prefix);
    }
}

bool AbuseMatcher::Vetoed(std::string_view word) const {
    for (const std::string& stem : lexicons_->exceptions()) {
        if (word.find(stem) != std::string_view::npos) return true;
    }
    return false;
}

const AbuseEntry* AbuseMatcher::MatchIn(const Index& index, std::string_view word) const {
    if (auto it = index.exact.find(word); it != index.exact.end()) return it->second;
    const char32_t first = FirstCodePoint(word);
    if (auto it = index.inflected.find(first); it != index.inflected.end()) {
        for (const AbuseEntry* entry : it->second) {
            if (!word.starts_with(entry->pattern)) continue;
            const std::string_view ending = word.substr(entry->pattern.size());
            const bool ok = entry->match == AbuseMatch::kNoun ? EndingIn(ending, kNounEndings)
                                                              : EndingIn(ending, kAdjectiveEndings);
            if (ok) return entry;
        }
    }
    for (const AbuseEntry* entry : index.infix) {
        if (word.find(entry->pattern) != std::string_view::npos) return entry;
    }
    if (auto it = index.at_start.find(first); it != index.at_start.end()) {
        for (const AbuseEntry* entry : it->second) {
            if (word.starts_with(entry->pattern)) return entry;
        }
    }
    if (index.after_prefix.empty()) return nullptr;
    const auto starting = index.prefixes.find(first);
    if (starting == index.prefixes.end()) return nullptr;
    // One verbal prefix: «на-хуй», «за-еб…». A root starting with a vowel takes a hard sign
    // after a prefix ending in a consonant («съеб», «подъеб»), which keeps «себе», «веб» out.
    // Chains of two prefixes are not tried: «с-у-хую» would make «сухую» obscene.
    std::size_t offsets[8];
    char32_t last_letters[8];
    std::size_t count = 0;
    for (const std::string_view prefix : starting->second) {
        if (!word.starts_with(prefix) || prefix.size() >= word.size() || count == 8) continue;
        offsets[count] = prefix.size();
        last_letters[count++] = LastCodePoint(prefix);
    }
    for (std::size_t k = 0; k < count; ++k) {
        const std::string_view rest = word.substr(offsets[k]);
        const char32_t head = FirstCodePoint(rest);
        auto it = index.after_prefix.find(head);
        if (it == index.after_prefix.end()) continue;
        for (const AbuseEntry* entry : it->second) {
            if (!rest.starts_with(entry->pattern)) continue;
            if (IsTrueVowel(head) && !IsVowel(last_letters[k])) continue;
            return entry;
        }
    }
    return nullptr;
}

const AbuseEntry* AbuseMatcher::MatchForms(std::string_view word, bool latin,
                                           std::string& form) const {
    const Index& index = latin ? latin_ : cyrillic_;
    const bool unchanged = CollapsesToItself(word);
    std::string collapsed_runs;
    if (!unchanged) collapsed_runs = CollapseRuns(word, 2);
    const std::string_view reduced = unchanged ? word : std::string_view(collapsed_runs);
    if (const AbuseEntry* entry = MatchIn(index, reduced)) {
        if (Vetoed(reduced) || Vetoed(word)) return nullptr;
        form = reduced;
        return entry;
    }
    if (unchanged || !HasDoubles(reduced)) return nullptr;
    // Fully collapsed ("ссука" → "сука"): only patterns without doubles can match it.
    const std::string collapsed = CollapseRuns(word, 1);
    const AbuseEntry* entry = MatchIn(index, collapsed);
    if (entry == nullptr || HasDoubles(entry->pattern)) return nullptr;
    if (Vetoed(collapsed) || Vetoed(word)) return nullptr;
    form = collapsed;
    return entry;
}

const AbuseEntry* AbuseMatcher::MatchCandidate(std::string_view folded, Script script,
                                               bool has_digit, std::string& form,
                                               bool& disguised) const {
    disguised = false;
    if (script == Script::kCyrillic && !has_digit) {
        if (const AbuseEntry* entry = MatchForms(folded, false, form)) {
            disguised = form != folded;
            return entry;
        }
        // Letters of other Cyrillic alphabets put for Russian ones ("піздець").
        if (const auto russian = RussianLookalikes(folded)) {
            if (const AbuseEntry* entry = MatchForms(*russian, false, form)) {
                disguised = true;
                return entry;
            }
        }
        return nullptr;
    }
    if (script == Script::kLatin && !has_digit) {
        if (const AbuseEntry* entry = MatchForms(folded, true, form)) {
            disguised = true;
            return entry;
        }
    }
    if (script == Script::kMixed || has_digit || script == Script::kLatin) {
        // Look-alikes: each Latin letter, digit or '@' may stand for one or more Cyrillic
        // letters; try the combinations (bounded), Cyrillic letters stay.
        const std::u32string chars = text::DecodeUtf8(folded);
        std::vector<std::u32string> options(chars.size());
        std::size_t combinations = 1;
        std::size_t mapped = 0;
        for (std::size_t i = 0; i < chars.size(); ++i) {
            const char32_t c = chars[i];
            if (text::IsCyrillic(c)) {
                options[i] = std::u32string(1, c);
                continue;
            }
            const char32_t key = c == '@' ? U'a' : c;
            auto it = lexicons_->homoglyphs().find(key);
            // A letter drawn another way: fullwidth «ｘ», the Roman numeral «ⅰ», «ü» with its
            // diacritic — its compatibility decomposition's letter (text::BaseLetter).
            if (it == lexicons_->homoglyphs().end() && c >= 0x80) {
                const char32_t base = text::FoldCase(text::BaseLetter(c));
                if (text::IsCyrillic(base)) {
                    options[i] = std::u32string(1, base);
                    ++mapped;
                    continue;
                }
                it = lexicons_->homoglyphs().find(base);
            }
            if (it == lexicons_->homoglyphs().end()) return nullptr;
            options[i] = it->second;
            ++mapped;
            if (combinations * options[i].size() <= 32) {
                combinations *= options[i].size();
            } else {
                options[i].resize(1);
            }
        }
        // A Latin word becomes a Cyrillic candidate only when it is written with digits
        // ("3a6anu"): plain English words are not disguised Russian.
        if (mapped == 0 || (script == Script::kLatin && !has_digit)) return nullptr;
        for (std::size_t n = 0; n < combinations; ++n) {
            std::u32string candidate;
            std::size_t rest = n;
            for (const std::u32string& option : options) {
                candidate.push_back(option[rest % option.size()]);
                rest /= option.size();
            }
            const std::string encoded = text::EncodeUtf8(candidate);
            if (const AbuseEntry* entry = MatchForms(encoded, false, form)) {
                disguised = true;
                return entry;
            }
        }
    }
    return nullptr;
}

const AbuseEntry* AbuseMatcher::MatchWord(std::string_view folded_word) const {
    bool cyrillic = false;
    bool latin = false;
    bool digit = false;
    std::size_t pos = 0;
    while (pos < folded_word.size()) {
        const char32_t c = text::NextCodePoint(folded_word, pos);
        if (text::IsCyrillic(c)) {
            cyrillic = true;
        } else if (text::IsAsciiLetter(c)) {
            latin = true;
        } else if (text::IsAsciiDigit(c) || c == '@') {
            digit = true;
        }
    }
    const Script script = cyrillic && latin ? Script::kMixed
                          : cyrillic        ? Script::kCyrillic
                          : latin           ? Script::kLatin
                                            : Script::kNone;
    std::string form;
    bool disguised = false;
    return MatchCandidate(folded_word, script, digit, form, disguised);
}

std::vector<AbuseHit> AbuseMatcher::Find(const AnalyzedText& text) const {
    std::vector<AbuseHit> hits;
    const auto& tokens = text.tokens;
    std::string form;
    bool disguised = false;
    std::vector<bool> covered(tokens.size(), false);

    const auto usable = [&](const Token& t) {
        return !t.technical && (t.letters > 0 || t.has_digit);
    };
    const auto try_join = [&](std::size_t first, std::size_t last) {
        std::string joined;
        bool cyrillic = false;
        bool latin = false;
        bool digit = false;
        for (std::size_t k = first; k <= last; ++k) {
            joined += tokens[k].folded;
            cyrillic |= tokens[k].script == Script::kCyrillic || tokens[k].script == Script::kMixed;
            latin |= tokens[k].script == Script::kLatin || tokens[k].script == Script::kMixed;
            digit |= tokens[k].has_digit;
        }
        const Script script = cyrillic && latin ? Script::kMixed
                              : cyrillic        ? Script::kCyrillic
                                                : Script::kLatin;
        if (const AbuseEntry* entry = MatchCandidate(joined, script, digit, form, disguised)) {
            hits.push_back({first, last, entry, form, true});
            for (std::size_t k = first; k <= last; ++k) covered[k] = true;
        }
    };

    // Letters hidden behind * @ % # $ ("ох*ели", "п@здец", "х%й"): each mask stands for one
    // Cyrillic letter; a word with one or two masks is tried with every letter in their place.
    // "3.14" and "314" written for the syllable «пи» are read as it.
    const auto try_masked_span = [&](std::string span, std::size_t first, std::size_t last) {
        bool syllable = false;
        for (std::string_view pi : {"3.14", "3,14", "314", "π"}) {
            if (const std::size_t at = span.find(pi); at != std::string::npos) {
                span.replace(at, pi.size(), "пи");
                syllable = true;
            }
        }
        for (std::string_view note : kCensorNotes) {
            for (std::size_t at = span.find(note); at != std::string::npos; at = span.find(note)) {
                span.replace(at, note.size(), "*");
            }
        }
        bool drawn = false;
        for (const auto& [glyph, letter] : kDrawnLetters) {
            for (std::size_t at = span.find(glyph); at != std::string::npos;
                 at = span.find(glyph)) {
                span.replace(at, glyph.size(), letter);
                drawn = true;
            }
        }
        std::u32string chars;
        std::vector<std::size_t> masks;
        std::vector<std::size_t> dots;  // a dot right after a letter: "х.я" hides a letter
        // Digits standing for letters, with the letters each may be.
        std::vector<std::pair<std::size_t, std::u32string>> digit_letters;
        bool bracketed = false;
        bool stroke = false;                   // a «|» or «/» read as a mask
        std::vector<std::size_t> underscores;  // «_» after a letter: "пиз_ец" hides one
        // A Latin look-alike among Cyrillic letters and a mask («x*йня» with a Latin «x»,
        // frozen set 7) is read as its first Cyrillic letter.
        bool cyrillic = false;
        for (std::size_t at = 0; at < span.size() && !cyrillic;) {
            cyrillic = text::IsCyrillic(text::NextCodePoint(span, at));
        }
        const auto& look_alikes = lexicons_->homoglyphs();
        std::size_t pos = 0;
        while (pos < span.size()) {
            const char32_t c = text::NextCodePoint(span, pos);
            const auto look_alike = cyrillic && c < 0x80 && !text::IsAsciiDigit(c)
                                        ? look_alikes.find(c)
                                        : look_alikes.end();
            if (Invisible(c)) continue;
            const auto digit_alike =
                cyrillic && text::IsAsciiDigit(c) ? look_alikes.find(c) : look_alikes.end();
            if (IsMask(c) || c == '@') {
                masks.push_back(chars.size());
                chars.push_back(U'а');
            } else if (digit_alike != look_alikes.end() && !digit_alike->second.empty()) {
                // A digit for a letter beside masks («п!3д@ц»: frozen set 16): each letter it
                // may stand for is tried with the masks' readings.
                digit_letters.emplace_back(chars.size(), digit_alike->second);
                chars.push_back(digit_alike->second.front());
            } else if (Bracket(c)) {
                bracketed = true;
            } else if (text::IsCyrillic(c)) {
                chars.push_back(c);
            } else if (look_alike != look_alikes.end() && !look_alike->second.empty()) {
                chars.push_back(look_alike->second.front());
            } else if (c == '|' || c == '/') {
                // A stroke for a letter between letters («х|йня», «х/йня»): drawn letters
                // («/\\» for «л») were read above.
                masks.push_back(chars.size());
                chars.push_back(U'а');
                stroke = true;
            } else if (c == '.' || c == '-' || c == '_' || c == ' ') {
                if (c == '.' && !chars.empty() && text::IsCyrillic(chars.back()) &&
                    (dots.empty() || dots.back() != chars.size())) {
                    dots.push_back(chars.size());
                }
                if (c == '_' && !chars.empty()) underscores.push_back(chars.size());
                continue;
            } else {
                return false;  // digits and Latin letters are the look-alike matcher's
            }
        }
        // One underscore inside a word for a letter («пиз_ец»: frozen set 21); several join a
        // spelled-out word («х_у_й»), which is tried as it is.
        if (masks.empty() && underscores.size() == 1 && underscores.front() < chars.size() &&
            chars.size() >= 4) {
            chars.insert(chars.begin() + static_cast<std::ptrdiff_t>(underscores.front()), U'а');
            masks.push_back(underscores.front());
        }
        // Short abbreviations are written with a stroke («ж/д», «б/у», «к/ф»): a stroke
        // stands for a letter only in a word of five letters or more.
        if (stroke && chars.size() < 5) return false;
        // Without a mask a digit among letters is the look-alike matcher's too.
        if (!digit_letters.empty() && masks.empty()) return false;
        // A short word with a dot for a letter ("х.я", "б..ть"): the dots are masks. Spelled-out
        // words ("х.у.й") are joined before this is tried.
        // Capitals are initials ("Е.А."), never a masked word.
        if (masks.empty() && !syllable && !dots.empty() && dots.size() <= 2 &&
            !tokens[first].upper_initial && !tokens[first].all_upper &&
            dots.back() < chars.size() && chars.size() + dots.size() <= 5) {
            for (auto it = dots.rbegin(); it != dots.rend(); ++it) {
                chars.insert(chars.begin() + static_cast<std::ptrdiff_t>(*it), U'а');
            }
            for (std::size_t k = 0; k < dots.size(); ++k) masks.push_back(dots[k] + k);
        }
        if (masks.size() > 2 && chars.size() >= masks.size() + 2) {
            // One run of stars often does not count the letters («ох***ли» for «охуели»): then
            // the run stands for one letter or more, the letters before and after it must agree.
            const bool run = masks.back() - masks.front() + 1 == masks.size();
            const std::size_t before = masks.front();
            const std::size_t after = chars.size() - masks.back() - 1;
            for (std::string_view whole : kMaskedForms) {
                const std::u32string letters = text::DecodeUtf8(whole);
                bool fits = letters.size() == chars.size();
                for (std::size_t k = 0; k < chars.size() && fits; ++k) {
                    const bool masked = std::find(masks.begin(), masks.end(), k) != masks.end();
                    fits = masked || letters[k] == chars[k];
                }
                if (!fits && run && letters.size() > before + after) {
                    fits = std::equal(chars.begin(), chars.begin() + static_cast<long>(before),
                                      letters.begin()) &&
                           std::equal(chars.end() - static_cast<long>(after), chars.end(),
                                      letters.end() - static_cast<long>(after));
                }
                if (!fits) continue;
                const std::string candidate(whole);
                if (const AbuseEntry* entry =
                        MatchCandidate(candidate, Script::kCyrillic, false, form, disguised)) {
                    hits.push_back({first, last, entry, candidate, true});
                    for (std::size_t k = first; k <= last; ++k) covered[k] = true;
                    return true;
                }
            }
            return false;
        }
        if (masks.empty() && !syllable && (bracketed || drawn) && chars.size() >= 3) {
            // "пи(з)дец", "б/\\ядство": the letters themselves, the brackets left out.
            const std::string candidate = text::EncodeUtf8(chars);
            const AbuseEntry* entry =
                MatchCandidate(candidate, Script::kCyrillic, false, form, disguised);
            if (entry == nullptr || entry->kind != AbuseKind::kMat) return false;
            hits.push_back({first, last, entry, form, true});
            for (std::size_t k = first; k <= last; ++k) covered[k] = true;
            return true;
        }
        if ((masks.empty() && !syllable) || masks.size() > 2 || chars.size() < 3) return false;
        const std::size_t per = 32;
        // Every reading is tried: "х**" is «хер» as well as «хуй», and the obscene one wins.
        const AbuseEntry* found = nullptr;
        std::string found_form;
        const auto read = [&] {
            std::size_t total = 1;
            for (std::size_t m = 0; m < masks.size(); ++m) total *= per;
            for (const auto& [at, letters] : digit_letters) total *= letters.size();
            for (std::size_t n = 0; n < total; ++n) {
                std::size_t rest = n;
                for (std::size_t m : masks) {
                    chars[m] = static_cast<char32_t>(U'а' + rest % per);
                    rest /= per;
                }
                for (const auto& [at, letters] : digit_letters) {
                    chars[at] = letters[rest % letters.size()];
                    rest /= letters.size();
                }
                const std::string candidate = text::EncodeUtf8(chars);
                if (const AbuseEntry* entry =
                        MatchCandidate(candidate, Script::kCyrillic, false, form, disguised)) {
                    if (found == nullptr ||
                        (entry->kind == AbuseKind::kMat && found->kind != AbuseKind::kMat)) {
                        found = entry;
                        found_form = form;
                    }
                    if (entry->kind == AbuseKind::kMat) break;
                }
            }
        };
        read();
        // Two masks side by side may stand for one letter ("бл@@ть": frozen set 12).
        if (found == nullptr && masks.size() == 2 && masks[1] == masks[0] + 1 &&
            chars.size() >= 4) {
            chars.erase(chars.begin() + static_cast<std::ptrdiff_t>(masks[1]));
            for (auto& [at, letters] : digit_letters) {
                if (at > masks[1]) --at;
            }
            masks.pop_back();
            read();
        }
        if (found == nullptr) return false;
        hits.push_back({first, last, found, found_form, true});
        for (std::size_t k = first; k <= last; ++k) covered[k] = true;
        return true;
    };
    const auto try_masked = [&](std::size_t first, std::size_t last) {
        return try_masked_span(FoldText(text.Span(first, last)), first, last);
    };

    // Words split by separators: "х.у.й", "пиз-дец", "б л я".
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (!usable(tokens[i])) continue;
        std::size_t j = i;
        while (j + 1 < tokens.size() && j - i < 8 && tokens[j + 1].gap == Gap::kInWord &&
               tokens[j + 1].field == tokens[i].field && usable(tokens[j + 1])) {
            ++j;
        }
        // Two capitals with dots are a person's initials («Е.Б.», «Х.У.»), not a word spelled out.
        const auto initial = [&](std::size_t k) {
            return tokens[k].letters == 1 && tokens[k].all_upper;
        };
        if (j == i + 1 && initial(i) && initial(j)) {
            i = j;
            continue;
        }
        if (j > i) {
            const std::size_t before = hits.size();
            try_join(i, j);
            if (hits.size() == before) try_masked(i, j);
            i = j;
            continue;
        }
        // Single letters spaced out: at least three in a row.
        if (tokens[i].letters == 1 && !tokens[i].has_digit) {
            std::size_t k = i;
            while (k + 1 < tokens.size() && k - i < 10 && tokens[k + 1].letters == 1 &&
                   !tokens[k + 1].technical && tokens[k + 1].field == tokens[i].field &&
                   (tokens[k + 1].gap == Gap::kSpace || tokens[k + 1].gap == Gap::kInWord)) {
                ++k;
            }
            if (k - i >= 2) {
                const std::size_t before = hits.size();
                try_join(i, k);
                // «ну и х у е в о»: a one-letter word («и», «в», «с») may stand before the word
                // spelled out (frozen set 9).
                if (hits.size() == before && k - i >= 3) try_join(i + 1, k);
                i = k;
            }
        }
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (covered[i] || !usable(t) || t.letters < 2) continue;
        if (const AbuseEntry* entry =
                MatchCandidate(t.folded, t.script, t.has_digit, form, disguised)) {
            hits.push_back({i, i, entry, form, disguised});
            covered[i] = true;
        } else if (t.has_digit) {
            try_masked(i, i);
        }
    }
    // A word broken by a line break ("бл\nядь": frozen set 12) or, shouted, by a space ("БЛ
    // ЯДЬ": frozen set 17): a fragment of two or three letters joined with the next word, when
    // together they are strong мат. A fragment that is a short word of its own («на», «по», «что»)
    // stands before a word of its own.
    static constexpr std::string_view kShortWords[] = {
        "на",  "по",  "за",  "до",  "не",  "ни",  "от",  "из",  "во",  "со",  "ко",  "же",
        "ли",  "бы",  "да",  "но",  "он",  "мы",  "вы",  "их",  "ее",  "её",  "им",  "ей",
        "то",  "та",  "те",  "ты",  "уж",  "вот", "для", "при", "про", "под", "над", "без",
        "все", "всё", "как", "так", "что", "кто", "еще", "ещё", "уже", "его", "она", "они",
        "оно", "мне", "нам", "вам", "был", "нас", "вас", "там", "тут", "чем", "тем", "раз"};
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        const Token& a = tokens[i];
        const Token& b = tokens[i + 1];
        if (covered[i] || covered[i + 1] || a.field != b.field || a.technical || b.technical ||
            a.script != Script::kCyrillic || b.script != Script::kCyrillic || a.letters < 2 ||
            a.letters > 3 || b.letters < 2) {
            continue;
        }
        const std::string_view between = text.Field(a.field).substr(a.end, b.begin - a.end);
        // Inside a line, only a shouted word: lower-case «неё была» is two words.
        const bool shouted = a.all_upper && b.all_upper;
        if (between.empty() || between.find_first_not_of(" \r\n") != std::string_view::npos ||
            (!shouted && between.find('\n') == std::string_view::npos) ||
            std::find(std::begin(kShortWords), std::end(kShortWords), a.folded) !=
                std::end(kShortWords)) {
            continue;
        }
        const AbuseEntry* entry =
            MatchCandidate(a.folded + b.folded, Script::kCyrillic, false, form, disguised);
        if (entry == nullptr || entry->kind != AbuseKind::kMat || !entry->strong) continue;
        hits.push_back({i, i + 1, entry, form, true});
        covered[i] = covered[i + 1] = true;
    }
    // A word typed on the wrong keyboard layout («,kznm» for «блять»: frozen set 14): a Latin
    // token read key by key, with the layout's punctuation keys written right against it. Only
    // мат counts, so an English word that spells some Russian word on the layout stays.
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (covered[i] || t.technical || t.script != Script::kLatin || t.letters < 3) continue;
        const std::string_view field = text.Field(t.field);
        const std::size_t begin = t.begin;
        const std::size_t end = t.end;
        std::size_t from = begin;
        std::size_t to = end;
        while (from > 0 && IsLayoutKey(field[from - 1])) --from;
        while (to < field.size() && IsLayoutKey(field[to])) ++to;
        for (const auto& [a, b] : {std::pair{from, to}, std::pair{from, end}, std::pair{begin, to},
                                   std::pair{begin, end}}) {
            const std::string russian = text::FromLatinLayout(field.substr(a, b - a));
            if (russian.empty()) continue;
            const AbuseEntry* entry =
                MatchCandidate(FoldText(russian), Script::kCyrillic, false, form, disguised);
            if (entry == nullptr || entry->kind != AbuseKind::kMat) continue;
            hits.push_back({i, i, entry, form, true});
            covered[i] = true;
            break;
        }
    }
    // A word spelled by the names of its letters («пэ зэ дэ цэ» for «пздц»: frozen set 14):
    // three names or more in a row, two of them the names no word is («пэ», «зэ»), read as
    // their letters; only мат counts.
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        std::string letters;
        std::size_t named = 0;
        std::size_t k = i;
        for (; k < tokens.size() && k - i < 10; ++k) {
            const Token& t = tokens[k];
            if (covered[k] || t.technical || t.script != Script::kCyrillic ||
                (k > i && (t.field != tokens[i].field || t.sentence != tokens[i].sentence))) {
                break;
            }
            const std::string_view letter = LetterNamed(t.folded);
            if (letter.empty()) break;
            named += t.folded.size() > 2 ? 1U : 0U;  // a two-byte name is one letter: «а», «и»
            letters += letter;
        }
        if (k - i >= 3 && named >= 2) {
            if (const AbuseEntry* entry =
                    MatchCandidate(letters, Script::kCyrillic, false, form, disguised);
                entry != nullptr && entry->kind == AbuseKind::kMat) {
                hits.push_back({i, k - 1, entry, form, true});
                for (std::size_t c = i; c < k; ++c) covered[c] = true;
                i = k - 1;
            }
        }
    }
    // Masks the tokenizer splits a word at or leaves out: "п!здец", "нах#я", "х%й", "х**",
    // "πздец". Runs of letters, digits and masks without a space are read from the text itself;
    // '!' counts only inside a run (a run ending in it is a sentence ending).
    for (const TextField field : {TextField::kSubject, TextField::kText}) {
        const std::string_view s = text.Field(field);
        std::size_t pos = 0;
        while (pos < s.size()) {
            const std::size_t start = pos;
            std::size_t end = pos;
            bool cyrillic = false;
            bool inner_mask = false;
            bool pending_mask = false;  // masks after the last letter
            bool pi = false;
            bool letter_seen = false;
            std::size_t run_letters = 0;
            // A stray mark between two Cyrillic letters («пи?дец», «ху=ня», «бл°дь», «пи,здюки»:
            // frozen set 20), its offset in the run: a hidden letter or a letter put apart.
            std::optional<std::size_t> stray;
            std::size_t q = pos;
            char32_t previous = 0;
            char32_t previous_letter = 0;
            while (q < s.size()) {
                // A letter drawn with ASCII between Cyrillic letters ("б/\\ядство").
                if (const std::size_t drawn = letter_seen && cyrillic ? DrawnLetterAt(s, q) : 0;
                    drawn > 0) {
                    q += drawn;
                    end = q;
                    inner_mask = true;
                    previous = 0;
                    continue;
                }
                const std::size_t at = q;
                const char32_t c = text::NextCodePoint(s, q);
                // "3,14здец", "3.14здец": a decimal point inside digits stays in the run.
                if ((c == ',' || c == '.') && text::IsAsciiDigit(previous) && q < s.size() &&
                    text::IsAsciiDigit(static_cast<unsigned char>(s[q]))) {
                    previous = c;
                    end = q;
                    continue;
                }
                previous = c;
                if (Invisible(c) && letter_seen) {
                    end = q;
                    continue;
                }
                // A censor's note for the hidden letters ("ху(...)ня").
                if (c == '(' && letter_seen) {
                    const std::string_view rest = s.substr(q - 1);
                    bool note = false;
                    for (std::string_view n : kCensorNotes) {
                        if (rest.starts_with(n)) {
                            q += n.size() - 1;
                            note = true;
                            break;
                        }
                    }
                    if (note) {
                        end = q;
                        pending_mask = true;
                        previous = 0;
                        continue;
                    }
                }
                // A bracket between letters hides nothing but splits the word ("пи(з)дец").
                if (Bracket(c) && letter_seen && q < s.size()) {
                    std::size_t after = q;
                    const char32_t next = text::NextCodePoint(s, after);
                    if (text::IsCyrillic(next) || Bracket(next)) {
                        inner_mask = true;
                        end = q;
                        continue;
                    }
                }
                if (!stray && letter_seen && text::IsCyrillic(previous_letter) && StrayMark(c) &&
                    q < s.size()) {
                    std::size_t after = q;
                    const bool sentence_mark = c == ',' || c == '?' || c == ':' || c == ';';
                    // After a word of its own («да,ладно», «на?») a comma is a typo's. Checked
                    // last: a comma after a word is in nearly every text (issue 18).
                    const auto own_word = [&] {
                        const std::string before = FoldText(s.substr(start, at - start));
                        return std::find(std::begin(kShortWords), std::end(kShortWords), before) !=
                               std::end(kShortWords);
                    };
                    if (text::IsCyrillic(text::NextCodePoint(s, after)) &&
                        (!sentence_mark || (run_letters <= 3 && !own_word()))) {
                        stray = at - start;
                        end = q;
                        continue;
                    }
                }
                // "бл@@ть": after a letter «@» is a mask, not an address.
                const bool mask = IsMask(c) || (c == '@' && letter_seen && cyrillic);
                const bool letter = text::IsCyrillic(c) || text::IsAsciiLetter(c) ||
                                    text::IsAsciiDigit(c) || (c == '@' && !mask) || c == U'π';
                if (!mask && !letter) break;
                end = q;
                if (letter) {
                    inner_mask |= pending_mask;
                    pending_mask = false;
                    letter_seen = true;
                    ++run_letters;
                    previous_letter = c;
                    cyrillic |= text::IsCyrillic(c);
                    pi |= c == U'π';
                } else {
                    pending_mask |= letter_seen;
                }
            }
            pos = end > start ? end : q;
            // "3,14здец": the number written for the syllable «пи».
            if (cyrillic && !pi && end > start) {
                const std::string_view run = s.substr(start, end - start);
                pi = run.find("3,14") != std::string_view::npos ||
                     run.find("3.14") != std::string_view::npos;
            }
            const bool star_end = pending_mask && s[end - 1] == '*';
            if (!(cyrillic || pi) || !(inner_mask || pi || star_end || stray)) continue;
            std::size_t first = tokens.size();
            std::size_t last = 0;
            bool all_covered = true;
            for (std::size_t k = 0; k < tokens.size(); ++k) {
                if (tokens[k].field != field || tokens[k].end <= start) continue;
                if (tokens[k].begin >= end) break;
                first = std::min(first, k);
                last = k;
                all_covered = all_covered && covered[k];
            }
            if (first == tokens.size() || all_covered || tokens[first].technical) continue;
            if (stray) {
                // The mark read as a hidden letter, then as nothing; only мат counts.
                std::string raw(s.substr(start, end - start));
                std::size_t width = 1;
                while ((static_cast<unsigned char>(raw[*stray + width]) & 0xC0U) == 0x80U) {
                    ++width;
                }
                std::string masked = raw;
                masked.replace(*stray, width, "*");
                const std::size_t before = hits.size();
                if (!try_masked_span(FoldText(masked), first, last)) {
                    raw.erase(*stray, width);
                    if (const AbuseEntry* entry = MatchCandidate(FoldText(raw), Script::kCyrillic,
                                                                 false, form, disguised)) {
                        hits.push_back({first, last, entry, form, true});
                    }
                }
                if (hits.size() > before && hits.back().entry->kind != AbuseKind::kMat) {
                    hits.pop_back();
                }
                if (hits.size() > before) {
                    for (std::size_t k = first; k <= last; ++k) covered[k] = true;
                }
                continue;
            }
            std::string run = FoldText(s.substr(start, end - start));
            while (!run.empty() && run.back() == '!') run.pop_back();
            try_masked_span(std::move(run), first, last);
        }
    }
    std::sort(hits.begin(), hits.end(),
              [](const AbuseHit& a, const AbuseHit& b) { return a.first < b.first; });
    return hits;
}

}  // namespace otklik::triage

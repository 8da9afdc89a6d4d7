#pragma once

// The triage engine's shared state and helpers for its rules (src/triage/rules/*.cpp):
// the compiled regulation (EngineState), the per-appeal analysis and the word lists and
// functions more than one rule reads. Internal to the triage library.

#include <algorithm>
#include <array>
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
#include "triage/form_lines.hpp"
#include "triage/language_detector.hpp"
#include "triage/marker_set.hpp"
#include "triage/mass_grouping.hpp"
#include "triage/model_signal.hpp"
#include "triage/phrase_matcher.hpp"
#include "triage/rules/text_markers.hpp"
#include "triage/stemmer.hpp"
#include "triage/text_analysis.hpp"
#include "triage/threat_detector.hpp"
#include "triage/triage_engine.hpp"

namespace otklik::triage::rules {

using ClassMask = std::uint32_t;

constexpr ClassMask Bit(WordClass c) { return ClassMask{1} << static_cast<unsigned>(c); }

// A fingerprint's word term (the top bit clear: TextFingerprint::kPrefixTag marks prefixes).
inline std::uint64_t Fnv1a(std::string_view s) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (char c : s) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash & ~TextFingerprint::kPrefixTag;
}

// The prefix term of a word of at least five letters: its first five letters.
inline std::optional<std::uint64_t> PrefixTerm(std::string_view folded) {
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

// «2023»: a year of the facts, not the number of a house, an order or a contract.
inline bool Year(std::string_view digits) {
    return digits.size() == 4 && (digits.starts_with("19") || digits.starts_with("20"));
}

// Issue 15 (group4): an error code inside a technical fragment («E-7731», «0x80090016»,
// «OTP_DELIVERY_FAILED_2»): three to 32 characters with a digit, not an address. Reports of one
// incident quote the same code; it is a term of the fingerprint and an anchor of the report.
inline std::optional<std::uint64_t> CodeTerm(const Token& t) {
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
inline std::uint16_t Key2(std::string_view s) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(s[0]) << 8) |
                                      static_cast<unsigned char>(s[1]));
}

inline std::string FormatDate(core::Instant instant) {
    if (instant == core::Instant{}) return {};
    const auto day = std::chrono::floor<std::chrono::days>(instant);
    const std::chrono::year_month_day ymd{day};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02u.%02u.%04d", static_cast<unsigned>(ymd.day()),
                  static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
    return buffer;
}

inline std::string JoinQuoted(const std::vector<TextMatch>& matches, std::size_t limit = 3) {
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

inline bool IsCyrillicVowel(char32_t c) {
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

inline bool IsLatinVowel(char32_t c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Keyboard rows: five neighbouring keys typed in a row are not a word.
inline constexpr std::u32string_view kKeyboardRows[] = {
    U"йцукенгшщзхъ", U"фывапролджэ", U"ячсмитьбю", U"qwertyuiop", U"asdfghjkl", U"zxcvbnm"};

// The key right of `c` on its row, or 0 (a row's last key, a letter on no row). No letter is on
// two rows, so five letters are five keys in a row exactly when each is the key right of the one
// before: one table lookup per letter instead of searching every row (issue 18).
inline char32_t NextKeyOnRow(char32_t c) {
    constexpr std::size_t kLatin = 32;  // а…я first, then a…z
    static const std::array<char32_t, kLatin + 26> next = [] {
        std::array<char32_t, kLatin + 26> table{};
        for (const std::u32string_view row : kKeyboardRows) {
            for (std::size_t i = 0; i + 1 < row.size(); ++i) {
                const char32_t key = row[i];
                table[key >= U'а' ? key - U'а' : kLatin + (key - U'a')] = row[i + 1];
            }
        }
        return table;
    }();
    if (c >= U'а' && c <= U'я') return next[c - U'а'];
    if (c >= U'a' && c <= U'z') return next[kLatin + (c - U'a')];
    return 0;
}

inline bool HasKeyboardRun(std::u32string_view w) {
    std::size_t run = 0;  // keys typed so far, each right of the one before
    for (std::size_t i = 1; i < w.size(); ++i) {
        run = NextKeyOnRow(w[i - 1]) == w[i] ? run + 1 : 0;
        if (run >= 4) return true;
    }
    return false;
}

inline bool IsGibberish(const Token& token) {
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

// An e-mail address or a phone number (10+ digits) written in the text itself.
inline bool HasContactInText(std::string_view s) {
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
inline constexpr std::string_view kHarmStems[] = {
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

inline bool StartsWithAny(std::string_view word, std::span<const std::string_view> stems) {
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
inline constexpr std::string_view kThirdParties[] = {
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
    // Frozen set 15: «поставщик прислал письмо, где называет их «бестолочами»».
    "поставщик",
    "подрядчик",
    // Frozen set 18: «вчера ей позвонили… звонивший закричал «старая дура…»» — the one who
    // called before, not the caller on the line («звонящий»).
    "звонивш",
};
// Verbs an operator's note asks with, in the caller's place («спрашивает, на какой стадии…»,
// «интересуется», «уточняет»).
inline constexpr std::string_view kAskingVerbs[] = {"спрашива", "интересу", "уточня"};
inline constexpr std::string_view kVictimPronouns[] = {
    "ему", "ей", "его", "ее", "ним", "ней", "нее", "него", "им", "муж", "мужа", "мужу", "мужем"};

inline const PrefixIndex& SharedHarmStems() {
    static const PrefixIndex index{kHarmStems, /*vowel_blind=*/true};
    return index;
}

inline bool InList(std::string_view word, std::span<const std::string_view> list) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

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

// Per-call state shared by the rules.
struct Analysis {
    AnalyzedText text;
    std::vector<PhraseHit> vocabulary_hits;
    std::vector<ClassMask> token_classes;
    std::vector<ClassMask> sentence_classes;
    ClassMask all_classes = 0;
    std::size_t signature_from = 0;  // tokens from here on are the signature
    std::vector<FormPart> form;      // words of a form above the question (form_lines.hpp)
    std::size_t body_from = 0;       // the first word of the text that is not the form's
    std::vector<bool> content;       // content words (TR-3)
    std::vector<bool> gibberish;
    TextFingerprint fingerprint;
    std::vector<std::uint64_t> numbers;  // fingerprint terms of numbers (order, house, contract)
    std::vector<std::uint64_t> numbers_tails;  // the same without their first digit (phones)
    std::vector<bool> numbers_identify;  // by number: it identifies the sender, not the matter
};

inline bool Has(ClassMask mask, WordClass c) { return (mask & Bit(c)) != 0; }

inline void Analyze(const EngineState& state, std::string_view subject, std::string_view text,
                    Analysis& a) {
    a.text = AnalyzeText(subject, text);
    const auto& tokens = a.text.tokens;
    a.vocabulary_hits = state.vocabulary.Find(a.text, 1);
    a.token_classes.assign(tokens.size(), 0);
    a.sentence_classes.assign(a.text.sentence_count + 1, 0);
    a.form = FormLines(a.text);
    for (const PhraseHit& hit : a.vocabulary_hits) {
        // A form's label («Вопрос:», «Адрес проблемы:») asks nothing and names no problem.
        if (a.form[hit.last] == FormPart::kLabel) continue;
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
    a.body_from = 0;
    while (a.body_from < tokens.size() && (tokens[a.body_from].field != TextField::kText ||
                                           a.form[a.body_from] != FormPart::kBody)) {
        ++a.body_from;
    }
    if (a.body_from == tokens.size()) a.body_from = 0;
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

inline std::string Term(const EngineState& state, const Token& token) {
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

inline TextFingerprint BuildFingerprint(const EngineState& state, const Analysis& a) {
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

inline TextFingerprint FingerprintOf(const EngineState& state, const PastAppeal& appeal) {
    if (appeal.fingerprint.Computed()) return appeal.fingerprint;
    Analysis a;
    Analyze(state, appeal.subject, appeal.text, a);
    return BuildFingerprint(state, a);
}

inline ReportTerms ReportTermsOf(const EngineState& state, const PastAppeal& appeal,
                                 const TextFingerprint& fingerprint) {
    ReportTerms terms;
    terms.distinctive = state.mass_generic.Strip(fingerprint);
    terms.features = state.mass_concepts.Of(terms.distinctive);
    terms.applicant = appeal.applicant.empty()
                          ? std::hash<std::string>{}("#" + std::to_string(appeal.id))
                          : std::hash<std::string>{}(appeal.applicant);
    return terms;
}

inline bool IsOpen(const PastAppeal& appeal) {
    return !appeal.resolved && appeal.status != "closed" && appeal.status != "refused";
}

inline RelatedAppeal Related(const PastAppeal& appeal, double similarity) {
    return RelatedAppeal{appeal.id, appeal.uin, appeal.status,
                         appeal.resolved ? appeal.solution : std::string{}, similarity};
}

inline std::string AppealName(const PastAppeal& appeal) {
    std::string name = appeal.uin.empty() ? "№ " + std::to_string(appeal.id) : appeal.uin;
    const std::string date = FormatDate(appeal.created);
    if (!date.empty()) name += " от " + date;
    return name;
}

// Builds the outcome rule by rule.

}  // namespace otklik::triage::rules

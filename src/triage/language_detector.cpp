#include "triage/language_detector.hpp"

#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <string>
#include <unordered_map>

#include <cld2/public/compact_lang_det.h>

#include "text/utf8.hpp"

namespace otklik::triage {

namespace {

struct Cld2Result {
    std::string code;
    int percent = 0;
    bool reliable = false;
};

Cld2Result RunCld2(const std::string& prose) {
    CLD2::Language languages[3];
    int percents[3] = {0, 0, 0};
    int text_bytes = 0;
    bool reliable = false;
    const CLD2::Language top =
        CLD2::ExtDetectLanguageSummary(prose.data(), static_cast<int>(prose.size()), true,
                                       languages, percents, &text_bytes, &reliable);
    Cld2Result result;
    result.code = CLD2::LanguageCode(top);
    result.percent = languages[0] == top ? percents[0] : 0;
    result.reliable = reliable;
    return result;
}

// Prose only: code, URLs and acronyms would pull CLD2 towards English.
// The prose words of `text` in one script (kNone: all of them), in order, for CLD2.
std::string ProseText(const AnalyzedText& text, Script only) {
    std::string prose;
    prose.reserve(text.text.size() + text.subject.size());
    for (const Token& token : text.tokens) {
        if (token.technical || token.letters == 0) continue;
        if (only != Script::kNone && token.script != only) continue;
        if (!prose.empty()) prose.push_back(' ');
        prose += text.Original(token);
    }
    return prose;
}

bool IsCyrillicScriptLanguage(std::string_view code) {
    for (std::string_view c : {"uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn", "ba", "tt",
                               "cv", "ce", "os", "ab", "sah", "uz"}) {
        if (code == c) return true;
    }
    return false;
}

// Letters Russian does not have: і ї є ґ ў (Ukrainian, Belarusian), ә ғ қ ң ө ұ ү һ (Kazakh…),
// ј љ њ ђ ћ џ ѓ ќ ѕ (Serbian, Macedonian).
std::size_t ForeignCyrillicLetters(const AnalyzedText& text) {
    std::size_t count = 0;
    for (const Token& token : text.tokens) {
        if (token.script != Script::kCyrillic) continue;
        std::size_t pos = 0;
        while (pos < token.folded.size()) {
            const char32_t c = text::NextCodePoint(token.folded, pos);
            switch (c) {
                case U'і':
                case U'ї':
                case U'є':
                case U'ґ':
                case U'ў':
                case U'ә':
                case U'ғ':
                case U'қ':
                case U'ң':
                case U'ө':
                case U'ұ':
                case U'ү':
                case U'һ':
                case U'ј':
                case U'љ':
                case U'њ':
                case U'ђ':
                case U'ћ':
                case U'џ':
                case U'ѓ':
                case U'ќ':
                case U'ѕ':
                    ++count;
                    break;
                default:
                    break;
            }
        }
    }
    return count;
}

bool IsRussianLetter(char32_t c) { return (c >= U'а' && c <= U'я') || c == U'ё'; }

// Latin letters typed inside Cyrillic words for letters Russian lacks: Chuvash ă ĕ ç ÿ, Ossetian æ.
bool IsLatinLookalike(char32_t c) {
    return c == U'ă' || c == U'ĕ' || c == U'ç' || c == U'ÿ' || c == U'æ';
}

// A language of Russia or a neighbour written in Cyrillic, told by the letters Russian lacks:
// Tatar җ ә ң ө ү һ, Bashkir ҙ ҡ ҫ ғ ҫ, Kazakh қ ғ ұ і, Yakut ҕ ҥ һ ө ү, Chuvash ӑ ӗ ҫ ӳ,
// Ukrainian і ї є ґ, Belarusian ў і, Kyrgyz ң ө ү, Mari ӱ ӧ ӓ ӹ, Udmurt ӥ ӧ ӝ ӟ ӵ, Ossetian ӕ (æ).
struct ForeignCyrillic {
    std::size_t words = 0;  ///< Cyrillic words with a letter Russian does not have
    std::string code;       ///< the language those letters point to most
};

// Frequent words of languages of Russia and its neighbours written in Cyrillic, none of them a
// Russian word: greetings, pronouns, question words, "no", "thanks", "help", "need". They find
// a text whose letters are all Russian ones (Chechen, Buryat, Yakut without ҕ ҥ…).
struct FunctionWord {
    std::string_view word;
    std::uint8_t code;  // index into kCodes of ForeignCyrillicWords
};
constexpr FunctionWord kFunctionWords[] = {
    // Tatar
    {"исәнмесез", 0},
    {"сәлам", 0},
    {"юк", 0},
    {"белән", 0},
    {"өчен", 0},
    {"кайчан", 0},
    {"нишләргә", 0},
    {"рәхмәт", 0},
    {"безнең", 0},
    {"минем", 0},
    {"сезнең", 0},
    {"ничек", 0},
    {"нәрсә", 0},
    {"кирәк", 0},
    {"ярдәм", 0},
    {"әле", 0},
    {"итегез", 0},
    {"бирегез", 0},
    // Bashkir
    {"һаумыһығыҙ", 1},
    {"юҡ", 1},
    {"ниңә", 1},
    {"нисек", 1},
    {"беҙҙең", 1},
    // Kazakh
    {"сәлеметсіз", 2},
    {"жоқ", 2},
    {"керек", 2},
    {"қалай", 2},
    {"рахмет", 2},
    {"көмектесіңіз", 2},
    // Yakut
    {"дорообо", 3},
    {"суох", 3},
    {"баар", 3},
    {"тугу", 3},
    {"хантан", 3},
    {"биһиги", 3},
    {"ханна", 3},
    {"хаһан", 3},
    {"төһө", 3},
    {"туох", 3},
    {"диэн", 3},
    {"эн", 3},
    // Chuvash
    {"ырă", 4},
    {"ырӑ", 4},
    {"мӗн", 4},
    {"мĕн", 4},
    {"тумалла", 4},
    {"пулать", 4},
    {"манӑн", 4},
    {"эпӗ", 4},
    {"эсир", 4},
    {"паян", 4},
    // Ukrainian words without і ї є ґ, none a Russian form
    {"що", 5},
    {"можу", 5},
    {"робити", 5},
    {"зробити", 5},
    {"дякую", 5},
    {"чому", 5},
    {"мене", 5},
    {"це", 5},
    {"вже", 5},
    {"ще", 5},
    {"або", 5},
    {"дуже", 5},
    {"якщо", 5},
    {"який", 5},
    {"яка", 5},
    {"яке", 5},
    {"як", 5},
    {"вибачте", 5},
    {"отримати", 5},
    {"питання", 5},
    {"завантажити", 5},
    {"документи", 5},
    {"треба", 5},
    // Kyrgyz
    {"кандай", 7},
    {"жок", 7},
    {"рахмат", 7},
    // Chechen, Ingush
    {"маршалла", 9},
    {"ду", 9},
    {"хӏун", 9},
    {"хiун", 9},
    {"дац", 9},
    {"деза", 9},
    {"хьо", 9},
    {"цхьа", 9},
    {"хьан", 9},
    {"суна", 9},
    {"вайн", 9},
    {"кхин", 9},
    {"дика", 9},
    {"баркалла", 9},
    {"бакъ", 9},
    {"хайыр", 13},
    {"керекме", 13},
    {"барыргъа", 13},
    {"ассаламу", 9},
    {"алейкум", 9},
    // Buryat, Mongolian
    {"сайн", 10},
    {"байна", 10},
    {"уу", 10},
    {"хэзээ", 10},
    {"вэ", 10},
    {"манай", 10},
    {"юу", 10},
    {"бэ", 10},
    {"байгаа", 10},
    {"хэрэгтэй", 10},
    {"баярлалаа", 10},
    {"туһалыт", 10},
    // Uzbek, Tajik in Cyrillic
    {"илтимос", 11},
    {"менинг", 11},
    {"қандай", 11},
    {"йўқ", 11},
    {"ассалому", 11},
    {"алайкум", 11},
    {"салом", 12},
    {"шумо", 12},
    {"лутфан", 12},
    {"ташаккур", 12},
};

// The function words by form, built once (every Cyrillic word of every appeal is looked up).
const std::unordered_map<std::string_view, std::uint8_t>& FunctionWords() {
    static const auto* const words = [] {
        auto* map = new std::unordered_map<std::string_view, std::uint8_t>();
        for (const FunctionWord& f : kFunctionWords) map->emplace(f.word, f.code);
        return map;
    }();
    return *words;
}

bool IsPlainVowel(char32_t c) {
    return c == U'а' || c == U'о' || c == U'у' || c == U'э' || c == U'ы' || c == U'и' ||
           c == U'е' || c == U'я' || c == U'ю';
}

ForeignCyrillic ForeignCyrillicWords(const AnalyzedText& text) {
    ForeignCyrillic out;
    // tt ba kk sah cv uk be ky sr ce mn uz tg, the Caucasus, mhr udm os
    constexpr std::size_t kLanguages = 17;
    std::size_t score[kLanguages] = {};
    static constexpr std::string_view kCodes[kLanguages] = {"tt", "ba",  "kk",  "sah", "cv", "uk",
                                                            "be", "ky",  "sr",  "ce",  "mn", "uz",
                                                            "tg", "cau", "mhr", "udm", "os"};
    std::uint16_t previous_sentence = 0xFFFF;
    for (const Token& token : text.tokens) {
        const bool first_in_sentence = token.sentence != previous_sentence;
        previous_sentence = token.sentence;
        if (token.script != Script::kCyrillic && token.script != Script::kMixed) continue;
        // A single letter («через «ә»») or a name inside a sentence (Гәрәева) is not a language.
        if (token.letters < 2 || (token.upper_initial && !token.all_upper && !first_in_sentence)) {
            continue;
        }
        bool foreign = false;
        if (const auto it = FunctionWords().find(token.folded); it != FunctionWords().end()) {
            foreign = true;
            score[it->second] += 3;
        }
        std::size_t pos = 0;
        char32_t previous = 0;
        while (pos < token.folded.size()) {
            const char32_t c = text::NextCodePoint(token.folded, pos);
            // A soft sign after a vowel («шуьга», «доьзна») or a palochka (ӏ, typed as I or 1
            // inside a Cyrillic word): Chechen and Ingush; Russian has neither.
            if ((c == U'ь' && IsPlainVowel(previous)) || c == U'ӏ' ||
                ((c == 'i' || c == '1') && text::IsCyrillic(previous))) {
                foreign = true;
                score[9] += 3;
            }
            // Languages of the Caucasus write sounds Russian lacks with ъ and ь after a consonant
            // («къайда», «гьабуна», «хьуна»); in Russian ъ stands only before е, ё, ю, я
            // («подъезд»), and г, к, х never take ь.
            const bool hard_sign_digraph =
                previous == U'ъ' && c != U'е' && c != U'ё' && c != U'ю' && c != U'я';
            const bool soft_after_velar =
                c == U'ь' && (previous == U'г' || previous == U'к' || previous == U'х');
            if (hard_sign_digraph || soft_after_velar) {
                foreign = true;
                score[13] += 3;
            }
            previous = c;
            if (IsRussianLetter(c) || !(text::IsCyrillic(c) || IsLatinLookalike(c))) continue;
            foreign = true;
            switch (c) {
                case U'җ':
                case U'ә':
                    score[0] += 2;
                    break;
                case U'ҙ':
                case U'ҡ':
                    score[1] += 3;
                    break;
                case U'ҫ':
                    score[1] += 1;
                    score[4] += 1;
                    break;
                case U'қ':
                case U'ұ':
                    score[2] += 3;
                    break;
                case U'ғ':
                    score[2] += 1;
                    score[1] += 1;
                    break;
                case U'ҕ':
                case U'ҥ':
                    score[3] += 3;
                    break;
                case U'һ':
                    score[0] += 1;
                    score[1] += 1;
                    score[3] += 1;
                    break;
                case U'ӑ':
                case U'ӗ':
                case U'ӳ':
                case U'ă':
                case U'ĕ':
                case U'ç':
                case U'ÿ':
                    score[4] += 3;
                    break;
                case U'ї':
                case U'є':
                case U'ґ':
                    score[5] += 3;
                    break;
                case U'і':
                    score[5] += 1;
                    score[6] += 1;
                    score[2] += 1;
                    break;
                case U'ў':
                    score[6] += 3;
                    break;
                case U'ӱ':
                case U'ӓ':
                case U'ӹ':
                    score[14] += 3;
                    break;
                case U'ӧ':
                    score[14] += 1;
                    score[15] += 1;
                    break;
                case U'ӥ':
                case U'ӝ':
                case U'ӟ':
                case U'ӵ':
                    score[15] += 3;
                    break;
                case U'ӕ':
                case U'æ':
                    score[16] += 3;
                    break;
                case U'ң':
                case U'ө':
                case U'ү':
                    score[0] += 1;
                    score[7] += 1;
                    score[3] += 1;
                    break;
                default:
                    score[8] += 1;
                    break;
            }
        }
        if (foreign) ++out.words;
    }
    std::size_t best = 0;
    for (std::size_t i = 0; i < kLanguages; ++i) {
        if (score[i] > best) {
            best = score[i];
            out.code = std::string(kCodes[i]);
        }
    }
    return out;
}

// Russian typed in Latin letters: digraphs and endings English and other Latin-script
// languages rarely have («zh», «kh», «shch», «-ogo», «-aya», «-tsya»…).
bool LooksTransliterated(std::string_view word) {
    if (word.size() < 3) return false;
    for (std::string_view marker : {"zh", "kh", "shch", "sch", "ya", "yu", "yy", "iy", "ye", "yo",
                                    "ts", "ch", "sh", "ii", "jа", "ja", "ju", "oi"}) {
        if (word.find(marker) != std::string_view::npos) return true;
    }
    for (std::string_view ending :
         {"ogo", "ego", "aya", "oye", "iye",  "yye",  "ykh", "ikh", "ite", "ete", "yet", "ish",
          "esh", "nyy", "nyi", "sya", "tsya", "ovat", "at",  "it",  "et",  "ut",  "yut", "ost",
          "oy",  "ey",  "om",  "ami", "ov",   "ev",   "ka",  "ki",  "ku",  "no",  "ny"}) {
        if (word.size() > ending.size() + 1 && word.ends_with(ending)) return true;
    }
    return false;
}

bool HasRussianOnlyLetters(const AnalyzedText& text) {
    for (const Token& token : text.tokens) {
        if (token.script != Script::kCyrillic) continue;
        if (token.folded.find("ы") != std::string::npos ||
            token.folded.find("э") != std::string::npos) {
            return true;
        }
    }
    return false;
}

// Words of a Cyrillic text the Russian dictionary does not know. Capitalised words (names,
// acronyms, a sentence's first word), one-letter words and technical tokens are left out; short
// words count (Russian is full of «не», «по», «на», which other languages lack).
struct DictionaryCount {
    std::size_t checked = 0;
    std::size_t unknown = 0;
};

// A language of Russia written with Russian letters (Mari, Udmurt, Chechen without ӏ): most of
// its words are not Russian (three in four), or half of them with a letter Russian lacks. Russian
// with typos, slang and product names keeps more than a quarter of its words known, though the
// dictionary lacks many new words («скачивается», «айфоне»): the corpora's lowest share is 0.43
// over seven words, with мат masked.
constexpr std::size_t kDictionaryChecks = 16;  // enough words to judge
constexpr std::size_t kMinChecked = 8;
constexpr std::size_t kMinCheckedWithLetters = 5;

bool MostlyNotRussian(const DictionaryCount& d, std::size_t words_with_foreign_letters) {
    const bool mostly_unknown = d.checked >= kMinChecked && d.unknown * 4 >= d.checked * 3;
    const bool half_unknown_with_letters = words_with_foreign_letters > 0 &&
                                           d.checked >= kMinCheckedWithLetters &&
                                           d.unknown * 2 > d.checked;
    return mostly_unknown || half_unknown_with_letters;
}

// Counts at most kDictionaryChecks words and stops as soon as the known ones make the text
// Russian whatever follows (a quarter of kDictionaryChecks known, half with foreign letters):
// most Russian appeals are settled by their first five or six words, a few microseconds.
// A form's labels and values («Организация:», «Контактное лицо:») are Russian above a question
// in Erzya (frozen set 22): only the appeal's own words are read.
DictionaryCount UnknownToRussian(const AnalyzedText& text, const RussianWords& words,
                                 std::size_t words_with_foreign_letters,
                                 const std::vector<FormPart>* form) {
    const std::size_t enough_known =
        words_with_foreign_letters > 0 ? kDictionaryChecks / 2 : kDictionaryChecks / 4 + 1;
    DictionaryCount out;
    for (std::size_t i = 0; i < text.tokens.size(); ++i) {
        const Token& token = text.tokens[i];
        if (out.checked == kDictionaryChecks || out.checked - out.unknown >= enough_known) break;
        if (token.script != Script::kCyrillic || token.technical || token.letters < 2 ||
            (form != nullptr && i < form->size() && (*form)[i] != FormPart::kBody)) {
            continue;
        }
        // A capitalised word is a name, unless it opens a sentence a small word follows: the
        // greetings and first words of a letter in Erzya or Tuvan («Шумбратадо!», «Мезе
        // тейнема?», frozen set 22), which Russian letters open with words the dictionary has.
        if (token.upper_initial) {
            const bool opens = i == 0 || text.tokens[i - 1].sentence != token.sentence;
            const bool next_small = i + 1 < text.tokens.size() &&
                                    text.tokens[i + 1].sentence == token.sentence &&
                                    !text.tokens[i + 1].upper_initial;
            const bool alone =
                i + 1 == text.tokens.size() || text.tokens[i + 1].sentence != token.sentence;
            if (token.all_upper || !opens || !(next_small || alone)) continue;
        }
        ++out.checked;
        if (!words.Known(token.folded)) ++out.unknown;
    }
    return out;
}

}  // namespace

std::string_view LanguageNameRu(std::string_view code) {
    static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
        {"en", "английский"},
        {"de", "немецкий"},
        {"fr", "французский"},
        {"es", "испанский"},
        {"it", "итальянский"},
        {"pt", "португальский"},
        {"uk", "украинский"},
        {"be", "белорусский"},
        {"kk", "казахский"},
        {"ky", "киргизский"},
        {"uz", "узбекский"},
        {"tg", "таджикский"},
        {"az", "азербайджанский"},
        {"hy", "армянский"},
        {"ka", "грузинский"},
        {"zh", "китайский"},
        {"zh-Hant", "китайский"},
        {"ja", "японский"},
        {"ko", "корейский"},
        {"ar", "арабский"},
        {"tr", "турецкий"},
        {"pl", "польский"},
        {"cs", "чешский"},
        {"bg", "болгарский"},
        {"sr", "сербский"},
        {"mk", "македонский"},
        {"tt", "татарский"},
        {"ba", "башкирский"},
        {"sah", "якутский"},
        {"cv", "чувашский"},
        {"mn", "монгольский"},
        {"ce", "чеченский"},
        {"cau", "язык народов Кавказа"},
        {"mhr", "марийский"},
        {"udm", "удмуртский"},
        {"os", "осетинский"},
        {"und-Cyrl", "не русский язык на кириллице"},
        {"fi", "финский"},
        {"nl", "нидерландский"},
        {"sv", "шведский"},
        {"ro", "румынский"},
        {"hu", "венгерский"},
        {"el", "греческий"},
        {"he", "иврит"},
        {"vi", "вьетнамский"},
        {"hi", "хинди"},
        {"ru", "русский"},
        {"ru-Latn", "русский (латиницей)"},
        {"un", "не определён"},
    };
    for (const auto& [c, name] : kNames) {
        if (c == code) return name;
    }
    return code;
}

LanguageVerdict DetectLanguage(const AnalyzedText& text, std::size_t translit_words,
                               std::size_t english_words, const TriageThresholds& t,
                               const RussianWords* russian_words, const ProseStats* body,
                               const std::vector<FormPart>* form) {
    LanguageVerdict verdict;
    const ProseStats& p = text.prose;
    const std::size_t letters = p.Letters();
    LanguageEvidence& e = verdict.evidence;
    e.letters = letters;
    e.cyrillic_share =
        letters == 0 ? 0.0 : static_cast<double>(p.cyrillic_letters) / static_cast<double>(letters);
    e.code = "ru";
    e.name = std::string(LanguageNameRu("ru"));
    if (letters < t.language_min_letters) {
        verdict.kind = LanguageVerdict::Kind::kUndetermined;
        return verdict;
    }
    // Frozen set 14: «Добрый день!», an English letter, «Александр Ким, ведущий специалист».
    // Frozen set 19: «Здравствуйте!», a letter in Armenian around a quoted «Ошибка подписи», a
    // Russian signature — a body in another script framed the same way.
    // Frozen set 20: a Turkish letter around a quoted Russian error message; a question in
    // Chinese (a word of its letters is a phrase: counted by letters too) under a form's
    // Russian labels.
    const bool framed_latin =
        body != nullptr && body->cyrillic_words <= 1 && body->latin_words >= 10;
    const bool framed_other =
        body != nullptr &&
        ((body->other_words >= 8 && body->other_words >= 3 * body->cyrillic_words) ||
         (body->other_letters >= 20 && body->other_letters >= 3 * body->cyrillic_letters));
    const bool framed_foreign = framed_latin || framed_other;
    const bool cyrillic_text =
        !framed_foreign && (e.cyrillic_share >= 0.5 || (p.cyrillic_words >= t.russian_min_words &&
                                                        e.cyrillic_share >= t.russian_min_share));
    if (cyrillic_text) {
        if (p.cyrillic_words < 3) return verdict;
        // Languages of Russia CLD2 does not know (Tatar, Bashkir, Yakut, Chuvash…) show in
        // letters Russian lacks; a name or two with them (Шәрипова) leaves the text Russian.
        const ForeignCyrillic letters_of = ForeignCyrillicWords(text);
        if (letters_of.words >= 2 && letters_of.words * 100 >= p.cyrillic_words * 15) {
            const Cld2Result cld = RunCld2(ProseText(text, Script::kCyrillic));
            verdict.kind = LanguageVerdict::Kind::kForeign;
            e.code = IsCyrillicScriptLanguage(cld.code) ? cld.code : letters_of.code;
            e.name = std::string(LanguageNameRu(e.code));
            e.percent = IsCyrillicScriptLanguage(cld.code) ? cld.percent : 0;
            e.reliable = cld.reliable;
            const bool certain = letters_of.words * 100 >= p.cyrillic_words * 25 &&
                                 p.cyrillic_letters >= t.language_confident_letters;
            verdict.confidence = certain ? Confidence::kHigh : Confidence::kMedium;
            return verdict;
        }
        // Not Russian by the dictionary when CLD2 knows no other language for it (Mari,
        // Udmurt…): held for a person, named by its letters when it has any.
        const auto russian_or_unknown_language = [&] {
            if (russian_words != nullptr &&
                MostlyNotRussian(UnknownToRussian(text, *russian_words, letters_of.words, form),
                                 letters_of.words)) {
                verdict.kind = LanguageVerdict::Kind::kForeign;
                verdict.confidence = Confidence::kMedium;
                e.code = letters_of.words > 0 ? letters_of.code : "und-Cyrl";
                e.name = std::string(LanguageNameRu(e.code));
            }
            return verdict;
        };
        // CLD2 takes short Russian texts for Serbian or Bulgarian. Without letters Russian
        // lacks, only a long text without ы and э (which every other Cyrillic language lacks)
        // is not Russian. Decided before CLD2 runs: whatever it says, such a text is Russian
        // here, and CLD2 cost a tenth of an appeal's triage (issue 18).
        const std::size_t distinctive = ForeignCyrillicLetters(text);
        if (distinctive == 0 && (p.cyrillic_letters < t.language_confident_letters * 2 ||
                                 HasRussianOnlyLetters(text))) {
            return russian_or_unknown_language();
        }
        // Russian unless CLD2 is sure of another Cyrillic-script language.
        const Cld2Result cld = RunCld2(ProseText(text, Script::kCyrillic));
        if (!IsCyrillicScriptLanguage(cld.code) || cld.percent < 60) {
            return russian_or_unknown_language();
        }
        verdict.kind = LanguageVerdict::Kind::kForeign;
        e.code = cld.code;
        e.name = std::string(LanguageNameRu(cld.code));
        e.percent = cld.percent;
        e.reliable = cld.reliable;
        const bool certain = cld.reliable && cld.percent >= t.language_confident_percent &&
                             p.cyrillic_letters >= t.language_confident_letters &&
                             (distinctive > 0 || cld.code == "bg");
        verdict.confidence = certain ? Confidence::kHigh : Confidence::kMedium;
        return verdict;
    }
    // Mostly Latin (or another script).
    if (p.latin_letters >= p.other_letters && translit_words >= 2 &&
        translit_words >= english_words && translit_words * 5 >= p.latin_words) {
        verdict.kind = LanguageVerdict::Kind::kTransliterated;
        verdict.confidence = Confidence::kMedium;
        e.code = "ru-Latn";
        e.name = std::string(LanguageNameRu("ru-Latn"));
        return verdict;
    }
    // A letter framed by a Russian greeting and signature: the language of its Latin body.
    const Cld2Result cld = RunCld2(ProseText(text, framed_latin   ? Script::kLatin
                                                   : framed_other ? Script::kOther
                                                                  : Script::kNone));
    // CLD2 does not know transliterated Russian: it answers "unknown" or a small language.
    // Words with Russian digraphs and endings in most of a Latin text that CLD2 does not
    // reliably call English make it Russian in Latin letters.
    if (p.latin_letters >= p.other_letters && (p.cyrillic_words <= 1 || framed_latin) &&
        !(cld.code == "en" && cld.reliable && cld.percent >= 80 && english_words > 0)) {
        std::size_t latin = 0;
        std::size_t marked = 0;
        for (const Token& token : text.tokens) {
            if (token.technical || token.script != Script::kLatin || token.letters < 3) continue;
            ++latin;
            if (LooksTransliterated(token.folded)) ++marked;
        }
        if (latin >= 4 && marked * 100 >= latin * 60 && english_words * 4 <= latin) {
            verdict.kind = LanguageVerdict::Kind::kTransliterated;
            verdict.confidence = Confidence::kMedium;
            e.code = "ru-Latn";
            e.name = std::string(LanguageNameRu("ru-Latn"));
            return verdict;
        }
    }
    // Unknown to CLD2: keyboard noise or unusual transliteration; not a foreign language.
    if (cld.code == "ru" || cld.code == "un") {
        verdict.kind = LanguageVerdict::Kind::kUndetermined;
        return verdict;
    }
    verdict.kind = LanguageVerdict::Kind::kForeign;
    e.code = cld.code;
    e.name = std::string(LanguageNameRu(cld.code));
    e.percent = cld.percent;
    e.reliable = cld.reliable;
    // Any Russian word in the text (a greeting, a signature) may mean a Russian speaker
    // quoting something: a person decides then.
    const bool no_russian = p.cyrillic_words <= 1 && e.cyrillic_share <= 0.05;
    const bool certain = cld.code != "un" && cld.reliable &&
                         cld.percent >= t.language_confident_percent &&
                         letters >= t.language_confident_letters && no_russian;
    verdict.confidence = certain ? Confidence::kHigh : Confidence::kMedium;
    return verdict;
}

}  // namespace otklik::triage

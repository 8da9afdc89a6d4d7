#include "triage/language_detector.hpp"

#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <string>

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
std::string ProseText(const AnalyzedText& text, bool cyrillic_only) {
    std::string prose;
    prose.reserve(text.text.size() + text.subject.size());
    for (const Token& token : text.tokens) {
        if (token.technical || token.letters == 0) continue;
        if (cyrillic_only && token.script != Script::kCyrillic) continue;
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

}  // namespace

std::string_view LanguageNameRu(std::string_view code) {
    static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
        {"en", "английский"},      {"de", "немецкий"},
        {"fr", "французский"},     {"es", "испанский"},
        {"it", "итальянский"},     {"pt", "португальский"},
        {"uk", "украинский"},      {"be", "белорусский"},
        {"kk", "казахский"},       {"ky", "киргизский"},
        {"uz", "узбекский"},       {"tg", "таджикский"},
        {"az", "азербайджанский"}, {"hy", "армянский"},
        {"ka", "грузинский"},      {"zh", "китайский"},
        {"zh-Hant", "китайский"},  {"ja", "японский"},
        {"ko", "корейский"},       {"ar", "арабский"},
        {"tr", "турецкий"},        {"pl", "польский"},
        {"cs", "чешский"},         {"bg", "болгарский"},
        {"sr", "сербский"},        {"mk", "македонский"},
        {"tt", "татарский"},       {"ba", "башкирский"},
        {"mn", "монгольский"},     {"fi", "финский"},
        {"nl", "нидерландский"},   {"sv", "шведский"},
        {"ro", "румынский"},       {"hu", "венгерский"},
        {"el", "греческий"},       {"he", "иврит"},
        {"vi", "вьетнамский"},     {"hi", "хинди"},
        {"ru", "русский"},         {"ru-Latn", "русский (латиницей)"},
        {"un", "не определён"},
    };
    for (const auto& [c, name] : kNames) {
        if (c == code) return name;
    }
    return code;
}

LanguageVerdict DetectLanguage(const AnalyzedText& text, std::size_t translit_words,
                               std::size_t english_words, const TriageThresholds& t) {
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
    const bool cyrillic_text =
        e.cyrillic_share >= 0.5 ||
        (p.cyrillic_words >= t.russian_min_words && e.cyrillic_share >= t.russian_min_share);
    if (cyrillic_text) {
        // Russian unless CLD2 is sure of another Cyrillic-script language.
        if (p.cyrillic_words < 3) return verdict;
        const Cld2Result cld = RunCld2(ProseText(text, true));
        if (!IsCyrillicScriptLanguage(cld.code) || cld.percent < 60) return verdict;
        const std::size_t distinctive = ForeignCyrillicLetters(text);
        // CLD2 takes short Russian texts for Serbian or Bulgarian. Without letters Russian
        // lacks, only a long text without ы and э (which every other Cyrillic language lacks)
        // is not Russian.
        if (distinctive == 0 && (p.cyrillic_letters < t.language_confident_letters * 2 ||
                                 HasRussianOnlyLetters(text))) {
            return verdict;
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
        verdict.confidence = Confidence::kLow;
        e.code = "ru-Latn";
        e.name = std::string(LanguageNameRu("ru-Latn"));
        return verdict;
    }
    const Cld2Result cld = RunCld2(ProseText(text, false));
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

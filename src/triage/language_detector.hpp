#pragma once

#include <string_view>

#include "triage/form_lines.hpp"
#include "triage/lexicons.hpp"
#include "triage/text_analysis.hpp"
#include "triage/triage_config.hpp"
#include "triage/triage_outcome.hpp"

namespace otklik::triage {

/// TR-1 verdict about the language of an appeal.
struct LanguageVerdict {
    enum class Kind {
        kRussian,         ///< Russian (possibly quoting English, code, URLs)
        kUndetermined,    ///< too little prose to judge
        kTransliterated,  ///< Russian typed in Latin letters: Russian, only flagged
        kForeign,         ///< another language
    };
    Kind kind = Kind::kRussian;
    Confidence confidence = Confidence::kLow;
    LanguageEvidence evidence;
};

/// Decides TR-1 from script statistics first (code, URLs, e-mails and Latin acronyms are not
/// prose; a text with enough Russian words stays Russian whatever it quotes) and asks CLD2 only
/// when the prose is mostly non-Cyrillic, or to tell Ukrainian, Belarusian, Kazakh… from Russian.
/// `translit_words` / `english_words`: Latin prose words of those vocabulary classes;
/// `russian_words`: the Russian dictionary (null: not consulted). `body`: the prose without the
/// greeting, courtesy words and signature; when it has a Latin text and at most one Russian
/// word, a Russian greeting and signature around it do not make the letter Russian. `form`: by
/// token, where it stands in a form (FormLines); the dictionary reads only the appeal's own
/// text, not the Russian labels and values a form put above it.
LanguageVerdict DetectLanguage(const AnalyzedText& text, std::size_t translit_words,
                               std::size_t english_words, const TriageThresholds& thresholds,
                               const RussianWords* russian_words = nullptr,
                               const ProseStats* body = nullptr,
                               const std::vector<FormPart>* form = nullptr);

/// Russian name of a language code ("en" → "английский"); the code itself when unknown.
std::string_view LanguageNameRu(std::string_view code);

}  // namespace otklik::triage

// TR-1: an appeal not written in Russian.

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

// The prose of the letter's body: the text before its signature, without greetings and
// courtesy words («Добрый день!», «С уважением»), without the lines of a form, words in quotes
// (an error message quoted) and technical tokens.
ProseStats Run::BodyProse() const {
    ProseStats body;
    for (std::size_t i = 0; i < tokens().size() && i < a_.signature_from; ++i) {
        const Token& t = tokens()[i];
        if (t.technical || t.letters == 0 || t.field != TextField::kText || t.quoted ||
            a_.form[i] != FormPart::kBody || Has(a_.token_classes[i], WordClass::kCourtesy)) {
            continue;
        }
        if (t.script == Script::kCyrillic || t.script == Script::kMixed) {
            ++body.cyrillic_words;
            body.cyrillic_letters += t.letters;
        } else if (t.script == Script::kLatin && !(t.all_upper && t.letters <= 5)) {
            ++body.latin_words;
            body.latin_letters += t.letters;
        } else if (t.script == Script::kOther) {
            ++body.other_words;
            body.other_letters += t.letters;
        }
    }
    return body;
}

void Run::ForeignLanguage() {
    const ProseStats body = BodyProse();
    const LanguageVerdict verdict =
        DetectLanguage(a_.text, CountClass(WordClass::kTranslit), CountClass(WordClass::kEnglish),
                       t_, state_.lexicons->russian_words(), &body, &a_.form);
    Evidence e;
    e.language = verdict.evidence;
    if (verdict.kind == LanguageVerdict::Kind::kTransliterated) {
        return Fire(RuleCode::kForeignLanguage, verdict.confidence,
                    "Текст по-русски, но набран латиницей (транслит): обращение не на "
                    "государственном языке — нужна проверка оператором (ТР-1).",
                    std::move(e));
    } else if (verdict.kind == LanguageVerdict::Kind::kForeign) {
        std::string message = "Обращение написано на иностранном языке (" + verdict.evidence.name;
        if (verdict.evidence.percent > 0) {
            message += ", " + std::to_string(verdict.evidence.percent) + " % текста";
        }
        message += "). Обращения на иностранных языках не рассматриваются (ТР-1).";
        if (verdict.confidence != Confidence::kHigh) {
            message += " Уверенности нет — нужна проверка оператором.";
        }
        return Fire(RuleCode::kForeignLanguage, verdict.confidence, std::move(message),
                    std::move(e));
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
            return;
        }
    }
    // A language the detector does not know (a language of Russia it has no words of, a
    // dialect, a mixture): where the classifier is sure, a person looks (held, never refused
    // by it; frozen set 5, never learned nor studied, caught 1 more, no admissible appeal held).
    Evidence m;
    if (ByModel("foreign_language", t_.model_foreign_language, m)) {
        std::string message = ModelMessage("обращение не на русском языке", "foreign_language", m);
        Fire(RuleCode::kForeignLanguage, Confidence::kMedium, std::move(message), std::move(m));
    }
}

// The operator's note that the caller speaks only another language («говорит только на
// английском», «по-русски не говорит»): the token naming the language or «по-русски».
std::optional<std::size_t> Run::CallerSpeaksForeign() const {
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

}  // namespace otklik::triage::rules

#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "classify/text_model.hpp"

#include "core/result.hpp"
#include "triage/russian_words.hpp"

namespace otklik::triage {

/// What an abusive lexicon entry is (data/triage_abuse_lexicon.tsv, column `kind`).
enum class AbuseKind : std::uint8_t {
    kMat,     ///< нецензурная брань: the core obscene roots
    kRude,    ///< грубое, вульгарное, but not mat («говно», «жопа»)
    kInsult,  ///< оскорбление of a person
};

/// Where an entry may sit in a word (column `match`).
enum class AbuseMatch : std::uint8_t {
    kInfix,  ///< anywhere in the word («пизд»)
    kPrefixed,  ///< at the start or after verbal prefixes («хуй» in «нахуй», «охуел»)
    kStart,  ///< at the start only («бля», not «корабля»)
    kNoun,  ///< the stem plus a noun ending («идиот», «идиоты», not «идиотизм»)
    kAdjective,  ///< the stem plus an adjective ending
    kExact,      ///< these exact forms (comma-separated)
};

struct AbuseEntry {
    std::string pattern;  ///< folded; for kExact one form per entry
    AbuseMatch match = AbuseMatch::kStart;
    AbuseKind kind = AbuseKind::kMat;
    bool strong = true;  ///< weak entries are ambiguous words («козел», «тупой»)
    bool latin = false;  ///< a transliteration, applied to Latin words
    std::string note;
};

/// A threat lexicon row (data/triage_threats.tsv).
enum class ThreatForm : std::uint8_t {
    kVerb,          ///< first-person future verb: certain only with a target («убью вас»)
    kStrongPhrase,  ///< certain on its own («заложу бомбу»)
    kPhrase,        ///< probable («вам конец»)
    kWeakPhrase,    ///< only flagged («вы пожалеете»)
    kSelfHarm,      ///< the applicant speaks of harming themselves
    kVeto,          ///< an idiom that is not a threat («убью весь день»)
    kHint,  ///< a cue of a veiled threat (category = cue class); decides only with other cues
};

struct ThreatEntry {
    std::string pattern;  ///< words; "стем*" is a prefix, other words are exact forms
    std::string category;
    ThreatForm form = ThreatForm::kVerb;
};

/// Word classes of data/triage_vocabulary.tsv that the rules rely on.
enum class WordClass : std::uint8_t {
    kCourtesy,  ///< greetings, thanks, fillers: not content (TR-3)
    kStopword,  ///< function words: not content, not in fingerprints
    kRequest,   ///< a request or question («подскажите», «прошу», «как»)
    kProblem,   ///< a reported problem («не работает», «яма»)
    kReporting,  ///< reported speech («назвал меня», «кричал»): quotes, not abuse
    kAddressee,      ///< who an insult is aimed at («вы», «ваши сотрудники»)
    kSelfReference,  ///< the applicant speaking of themselves («меня», «нас»)
    kDispute,        ///< disagreement or recurrence («не согласен», «снова»)
    kStatus,  ///< a status inquiry («на каком этапе», «когда будет ответ»)
    kAppealRef,     ///< a reference to an appeal («обращение», «заявка»)
    kThreatTarget,  ///< a person or place a threat may aim at
    kTranslit,      ///< frequent Russian words in Latin letters («pozhaluysta»)
    kEnglish,       ///< frequent English words
    kSignature,     ///< a sign-off after which only the signature follows
    kSynonym,       ///< word → canonical word for fingerprints (value column)
    kLiteral,  ///< makes an ambiguous insult literal («сука ощенилась», «козлы на ферме»)
};
inline constexpr std::size_t kWordClassCount = 16;

struct VocabularyEntry {
    WordClass word_class = WordClass::kCourtesy;
    std::string pattern;  ///< keyword syntax (see triage_config.hpp)
    std::string value;    ///< synonyms: the canonical word
};

/// The texts of the lexicon files, for parsing without touching the file system.
struct LexiconTexts {
    std::string homoglyphs;            ///< ru_homoglyphs.tsv
    std::string profanity_exceptions;  ///< ru_profanity_exceptions.tsv
    std::string abuse;                 ///< triage_abuse_lexicon.tsv
    std::string threats;               ///< triage_threats.tsv
    std::string vocabulary;            ///< triage_vocabulary.tsv
    std::string places;                ///< triage_places.tsv
};

/// A city or town of a subject of the Russian Federation, by the words written after «в» and by
/// its name (triage_places.tsv): «самаре», «самара» — Самарская область (63).
struct Place {
    std::vector<std::string> words;  ///< folded, one or two: the form after «в»
    std::vector<std::string> city;   ///< folded, one or two: the name in an address
    std::string region;              ///< the subject's code (ru_regions.csv)
    std::string region_name;
};

/// The parsed, immutable lexicons. Built once at startup and shared by every engine (all
/// regulations) and thread.
class Lexicons {
public:
    static constexpr std::string_view kHomoglyphsFile = "ru_homoglyphs.tsv";
    static constexpr std::string_view kExceptionsFile = "ru_profanity_exceptions.tsv";
    static constexpr std::string_view kAbuseFile = "triage_abuse_lexicon.tsv";
    static constexpr std::string_view kThreatsFile = "triage_threats.tsv";
    static constexpr std::string_view kVocabularyFile = "triage_vocabulary.tsv";
    static constexpr std::string_view kPlacesFile = "triage_places.tsv";

    /// Parses the six files' texts. Fails with the file, line and reason of the first error.
    /// `model` is the text classifier the rules may consult (none: the rules alone).
    /// `russian_words`: the Russian dictionary (none: languages of Russia written with Russian
    /// letters only are not told from Russian).
    [[nodiscard]] static core::Result<std::shared_ptr<const Lexicons>> Parse(
        const LexiconTexts& texts, std::shared_ptr<const classify::TextModel> model = nullptr,
        std::shared_ptr<const RussianWords> russian_words = nullptr);
    /// Reads the six files from `data_dir` (the project's data/) and parses them, with the
    /// text classifier of `model_file` when one is named (TextModel::Train writes it; the build
    /// trains it from the labelled sets), and the system's Russian dictionary (required: Debian's
    /// hunspell-ru). Startup only.
    [[nodiscard]] static core::Result<std::shared_ptr<const Lexicons>> Load(
        const std::filesystem::path& data_dir, const std::filesystem::path& model_file = {},
        const std::filesystem::path& russian_dictionary = RussianWords::kSystemDictionary);

    const std::vector<AbuseEntry>& abuse() const { return abuse_; }
    /// Verbal prefixes (Cyrillic) for AbuseMatch::kPrefixed, longest first.
    const std::vector<std::string>& prefixes() const { return prefixes_; }
    /// Their transliterations, for Latin entries.
    const std::vector<std::string>& latin_prefixes() const { return latin_prefixes_; }
    /// Stems whose presence in a word vetoes an abuse match (рубл, оскорб, команд…): the shared
    /// exception file plus the @except lines of the abuse lexicon.
    const std::vector<std::string>& exceptions() const { return exceptions_; }
    /// Latin letters and digits → the Cyrillic letters they may stand for.
    const std::unordered_map<char32_t, std::u32string>& homoglyphs() const { return homoglyphs_; }
    const std::vector<ThreatEntry>& threats() const { return threats_; }
    const std::vector<VocabularyEntry>& vocabulary() const { return vocabulary_; }
    const std::vector<Place>& places() const { return places_; }
    /// The text classifier, or null when none was named.
    const classify::TextModel* model() const { return model_.get(); }
    /// The Russian dictionary, or null when none was given.
    const RussianWords* russian_words() const { return russian_words_.get(); }

private:
    std::vector<AbuseEntry> abuse_;
    std::vector<std::string> prefixes_;
    std::vector<std::string> latin_prefixes_;
    std::vector<std::string> exceptions_;
    std::unordered_map<char32_t, std::u32string> homoglyphs_;
    std::vector<ThreatEntry> threats_;
    std::vector<VocabularyEntry> vocabulary_;
    std::vector<Place> places_;
    std::shared_ptr<const classify::TextModel> model_;
    std::shared_ptr<const RussianWords> russian_words_;
};

}  // namespace otklik::triage

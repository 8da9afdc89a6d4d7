#include "triage/lexicons.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "text/utf8.hpp"
#include "triage/text_analysis.hpp"
#include "triage/threat_detector.hpp"

namespace otklik::triage {

namespace {

struct Row {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

// TSV with '#' comment lines and one header row whose first field is `header`.
std::vector<Row> ReadRows(std::string_view text, std::string_view header) {
    std::vector<Row> rows;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    bool header_seen = false;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        ++line_no;
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') {
            if (end == text.size()) break;
            continue;
        }
        Row row;
        row.line = line_no;
        std::size_t field_start = 0;
        while (true) {
            const std::size_t tab = line.find('\t', field_start);
            const std::string_view field =
                line.substr(field_start, tab == std::string_view::npos ? std::string_view::npos
                                                                       : tab - field_start);
            row.fields.emplace_back(field);
            if (tab == std::string_view::npos) break;
            field_start = tab + 1;
        }
        if (!header_seen && row.fields.front() == header) {
            header_seen = true;
        } else {
            rows.push_back(std::move(row));
        }
        if (end == text.size()) break;
    }
    return rows;
}

core::Error LexiconError(std::string_view file, std::size_t line, std::string reason) {
    core::Error error = core::Error::Validation(
        {{std::string(file) + ":" + std::to_string(line), "lexicon", reason}});
    error.code = "lexicon_invalid";
    error.message = std::string(file) + ":" + std::to_string(line) + ": " + reason;
    return error;
}

std::string Trim(std::string_view s) {
    const std::size_t first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const std::size_t last = s.find_last_not_of(" \t");
    return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> SplitSpaces(std::string_view s) {
    std::vector<std::string> out;
    std::istringstream in{std::string(s)};
    std::string word;
    while (in >> word) out.push_back(word);
    return out;
}

bool IsLatinWord(std::string_view s) {
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

core::Result<void> ParseAbuse(std::string_view text, std::vector<AbuseEntry>& entries,
                              std::vector<std::string>& prefixes,
                              std::vector<std::string>& latin_prefixes,
                              std::vector<std::string>& exceptions) {
    const std::string_view file = Lexicons::kAbuseFile;
    for (const Row& row : ReadRows(text, "pattern")) {
        const std::string& first = row.fields[0];
        if (first == "@prefixes" || first == "@latin_prefixes" || first == "@except") {
            if (row.fields.size() < 2)
                return core::Fail(LexiconError(file, row.line, "нет списка"));
            auto& target = first == "@prefixes"         ? prefixes
                           : first == "@latin_prefixes" ? latin_prefixes
                                                        : exceptions;
            for (const std::string& prefix : SplitSpaces(row.fields[1])) {
                target.push_back(FoldText(prefix));
            }
            continue;
        }
        if (row.fields.size() < 4) {
            return core::Fail(
                LexiconError(file, row.line, "нужно 4 колонки: pattern match kind strength"));
        }
        AbuseEntry entry;
        const std::string& match = row.fields[1];
        if (match == "infix") {
            entry.match = AbuseMatch::kInfix;
        } else if (match == "prefixed") {
            entry.match = AbuseMatch::kPrefixed;
        } else if (match == "start") {
            entry.match = AbuseMatch::kStart;
        } else if (match == "noun") {
            entry.match = AbuseMatch::kNoun;
        } else if (match == "adj") {
            entry.match = AbuseMatch::kAdjective;
        } else if (match == "exact") {
            entry.match = AbuseMatch::kExact;
        } else {
            return core::Fail(
                LexiconError(file, row.line, "неизвестный способ сопоставления " + match));
        }
        const std::string& kind = row.fields[2];
        if (kind == "mat") {
            entry.kind = AbuseKind::kMat;
        } else if (kind == "rude") {
            entry.kind = AbuseKind::kRude;
        } else if (kind == "insult") {
            entry.kind = AbuseKind::kInsult;
        } else {
            return core::Fail(LexiconError(file, row.line, "неизвестный вид " + kind));
        }
        if (row.fields[3] != "strong" && row.fields[3] != "weak") {
            return core::Fail(LexiconError(file, row.line, "сила: strong или weak"));
        }
        entry.strong = row.fields[3] == "strong";
        if (row.fields.size() > 4) entry.note = row.fields[4];
        std::string_view patterns = row.fields[0];
        std::size_t start = 0;
        while (start <= patterns.size()) {
            std::size_t comma = patterns.find(',', start);
            if (comma == std::string_view::npos) comma = patterns.size();
            std::string pattern = FoldText(Trim(patterns.substr(start, comma - start)));
            if (pattern.empty()) return core::Fail(LexiconError(file, row.line, "пустой образец"));
            AbuseEntry copy = entry;
            copy.latin = IsLatinWord(pattern);
            copy.pattern = std::move(pattern);
            entries.push_back(std::move(copy));
            start = comma + 1;
        }
    }
    const auto longer = [](const std::string& a, const std::string& b) {
        return a.size() > b.size();
    };
    std::stable_sort(prefixes.begin(), prefixes.end(), longer);
    std::stable_sort(latin_prefixes.begin(), latin_prefixes.end(), longer);
    return {};
}

core::Result<void> ParseThreats(std::string_view text, std::vector<ThreatEntry>& entries) {
    const std::string_view file = Lexicons::kThreatsFile;
    for (const Row& row : ReadRows(text, "pattern")) {
        if (row.fields.size() < 3) {
            return core::Fail(
                LexiconError(file, row.line, "нужно 3 колонки: pattern category form"));
        }
        ThreatEntry entry;
        entry.pattern = FoldText(Trim(row.fields[0]));
        entry.category = row.fields[1];
        const std::string& form = row.fields[2];
        if (form == "verb") {
            entry.form = ThreatForm::kVerb;
        } else if (form == "strong") {
            entry.form = ThreatForm::kStrongPhrase;
        } else if (form == "phrase") {
            entry.form = ThreatForm::kPhrase;
        } else if (form == "weak") {
            entry.form = ThreatForm::kWeakPhrase;
        } else if (form == "self_harm") {
            entry.form = ThreatForm::kSelfHarm;
        } else if (form == "veto") {
            entry.form = ThreatForm::kVeto;
        } else if (form == "hint") {
            entry.form = ThreatForm::kHint;
            if (!ParseThreatHint(entry.category)) {
                return core::Fail(
                    LexiconError(file, row.line, "неизвестный класс подсказки " + entry.category));
            }
        } else {
            return core::Fail(LexiconError(file, row.line, "неизвестная форма " + form));
        }
        if (entry.pattern.empty())
            return core::Fail(LexiconError(file, row.line, "пустой образец"));
        entries.push_back(std::move(entry));
    }
    return {};
}

core::Result<void> ParseVocabulary(std::string_view text, std::vector<VocabularyEntry>& entries) {
    static constexpr std::pair<std::string_view, WordClass> kClasses[] = {
        {"courtesy", WordClass::kCourtesy},
        {"stopword", WordClass::kStopword},
        {"request", WordClass::kRequest},
        {"problem", WordClass::kProblem},
        {"reporting", WordClass::kReporting},
        {"addressee", WordClass::kAddressee},
        {"self", WordClass::kSelfReference},
        {"dispute", WordClass::kDispute},
        {"status", WordClass::kStatus},
        {"appeal_ref", WordClass::kAppealRef},
        {"threat_target", WordClass::kThreatTarget},
        {"translit", WordClass::kTranslit},
        {"english", WordClass::kEnglish},
        {"signature", WordClass::kSignature},
        {"synonym", WordClass::kSynonym},
        {"literal", WordClass::kLiteral},
    };
    const std::string_view file = Lexicons::kVocabularyFile;
    for (const Row& row : ReadRows(text, "class")) {
        if (row.fields.size() < 2) {
            return core::Fail(LexiconError(file, row.line, "нужно 2 колонки: class pattern"));
        }
        const auto found = std::find_if(std::begin(kClasses), std::end(kClasses),
                                        [&](const auto& c) { return c.first == row.fields[0]; });
        if (found == std::end(kClasses)) {
            return core::Fail(LexiconError(file, row.line, "неизвестный класс " + row.fields[0]));
        }
        VocabularyEntry entry;
        entry.word_class = found->second;
        entry.pattern = Trim(row.fields[1]);
        if (row.fields.size() > 2) entry.value = FoldText(Trim(row.fields[2]));
        if (entry.pattern.find_first_not_of(" *=") == std::string::npos) {
            return core::Fail(LexiconError(file, row.line, "пустой образец"));
        }
        if (entry.word_class == WordClass::kSynonym && entry.value.empty()) {
            return core::Fail(LexiconError(file, row.line, "у синонима нет канонического слова"));
        }
        entries.push_back(std::move(entry));
    }
    return {};
}

core::Result<std::string> ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return core::Fail(core::Error{core::ErrorKind::kUnavailable,
                                      "lexicon_missing",
                                      "не удалось прочитать " + path.string(),
                                      {}});
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace

core::Result<std::shared_ptr<const Lexicons>> Lexicons::Parse(
    const LexiconTexts& texts, std::shared_ptr<const classify::TextModel> model,
    std::shared_ptr<const RussianWords> russian_words) {
    auto lexicons = std::make_shared<Lexicons>();
    lexicons->model_ = std::move(model);
    lexicons->russian_words_ = std::move(russian_words);
    for (const Row& row : ReadRows(texts.homoglyphs, "letter")) {
        if (row.fields.size() < 2) {
            return core::Fail(LexiconError(kHomoglyphsFile, row.line, "нужно 2 колонки"));
        }
        const std::u32string letter = text::DecodeUtf8(FoldText(row.fields[0]));
        if (letter.size() != 1) {
            return core::Fail(
                LexiconError(kHomoglyphsFile, row.line, "одна буква в колонке letter"));
        }
        for (char32_t variant : text::DecodeUtf8(row.fields[1])) {
            // Variants are matched against folded text, so only their lower case matters.
            char32_t key = variant;
            if (key >= 'A' && key <= 'Z') key += 32;
            std::u32string& targets = lexicons->homoglyphs_[key];
            if (targets.find(letter[0]) == std::u32string::npos) targets.push_back(letter[0]);
        }
    }
    for (const Row& row : ReadRows(texts.profanity_exceptions, "stem")) {
        std::string stem = FoldText(Trim(row.fields[0]));
        if (!stem.empty()) lexicons->exceptions_.push_back(std::move(stem));
    }
    if (auto ok = ParseAbuse(texts.abuse, lexicons->abuse_, lexicons->prefixes_,
                             lexicons->latin_prefixes_, lexicons->exceptions_);
        !ok) {
        return core::Fail(ok.error());
    }
    if (auto ok = ParseThreats(texts.threats, lexicons->threats_); !ok) {
        return core::Fail(ok.error());
    }
    if (auto ok = ParseVocabulary(texts.vocabulary, lexicons->vocabulary_); !ok) {
        return core::Fail(ok.error());
    }
    const auto split = [](std::string_view field) {
        const std::string folded = FoldText(Trim(field));
        std::vector<std::string> words;
        for (std::size_t at = 0; at < folded.size();) {
            const std::size_t space = std::min(folded.find(' ', at), folded.size());
            if (space > at) words.push_back(folded.substr(at, space - at));
            at = space + 1;
        }
        return words;
    };
    for (const Row& row : ReadRows(texts.places, "place")) {
        if (row.fields.size() < 4) {
            return core::Fail(LexiconError(kPlacesFile, row.line, "нужно 4 колонки"));
        }
        Place place;
        place.words = split(row.fields[0]);
        place.city = split(row.fields[1]);
        place.region = Trim(row.fields[2]);
        place.region_name = Trim(row.fields[3]);
        if (place.words.empty() || place.words.size() > 2 || place.city.empty() ||
            place.city.size() > 2 || place.region.empty()) {
            return core::Fail(
                LexiconError(kPlacesFile, row.line, "место из одного или двух слов и код региона"));
        }
        lexicons->places_.push_back(std::move(place));
    }
    return std::shared_ptr<const Lexicons>(std::move(lexicons));
}

core::Result<std::shared_ptr<const Lexicons>> Lexicons::Load(
    const std::filesystem::path& data_dir, const std::filesystem::path& model_file,
    const std::filesystem::path& russian_dictionary) {
    LexiconTexts texts;
    const std::pair<std::string_view, std::string*> files[] = {
        {kHomoglyphsFile, &texts.homoglyphs}, {kExceptionsFile, &texts.profanity_exceptions},
        {kAbuseFile, &texts.abuse},           {kThreatsFile, &texts.threats},
        {kVocabularyFile, &texts.vocabulary}, {kPlacesFile, &texts.places},
    };
    for (const auto& [name, target] : files) {
        auto content = ReadFile(data_dir / name);
        if (!content) return core::Fail(content.error());
        *target = std::move(*content);
    }
    std::shared_ptr<const classify::TextModel> model;
    if (!model_file.empty()) {
        auto loaded = classify::TextModel::Load(model_file);
        if (!loaded) return core::Fail(loaded.error());
        model = std::move(*loaded);
    }
    auto words = RussianWords::Load(russian_dictionary);
    if (!words) return core::Fail(words.error());
    return Parse(texts, std::move(model), std::move(*words));
}

}  // namespace otklik::triage

#include "search/kb_index.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <random>
#include <set>
#include <unordered_set>

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <xapian.h>

#include "core/parse_integer.hpp"
#include "search/russian_text.hpp"
#include "text/keyboard_layout.hpp"

namespace otklik::search {
namespace {

constexpr std::size_t kSpellingMaxWords = 4;
// Chosen on the tuning questions (docs/decisions/0008-kb-confidence.md).
// A corrected word is trusted by the share of its letters the correction kept: «егэ» → «его» is
// one edit of three letters, trusted 2/3 (CorrectionTrust).
constexpr double kCorrectionDoubt = 1.0;
// BM25 with a high k1 and little length normalisation: an article's question and keywords are
// indexed three and two times over, and a word repeated in them should keep counting rather than
// saturate (tuning questions: plain hit@3 0.934 → 0.962, MRR 0.862 → 0.891 against Xapian's
// default k1 = 1, b = 0.5).
constexpr double kBm25K1 = 3.0;
constexpr double kBm25B = 0.2;
// How much an article's score grows with the share of its own question the question asks
// (State::AskedCover): score × (1 + kAskedBoost × share).
constexpr double kAskedBoost = 1.0;
// How much an article's score grows per phrase (two words in a row, at most two) its question or
// keywords share with the question.
constexpr double kPhraseBoost = 0.15;

std::string RegionTerm(const core::KbArticle& article, const core::KbBase* base) {
    if (!article.region_scope.empty()) return article.region_scope;
    if (base && !base->region.empty()) return base->region;
    return "*";
}

// The term for one combination of the search's filters (kind, published "1"/"0", regulation);
// an empty part is a filter not applied ("*"). Every article has the term of each combination.
std::string FilterTerm(std::string_view kind, std::string_view published,
                       std::string_view regulation) {
    const auto part = [](std::string_view value) {
        return value.empty() ? std::string("*") : std::string(value);
    };
    return "F" + part(kind) + "|" + part(published) + "|" + part(regulation);
}

constexpr std::string_view kTemporaryPrefix = "otklik-kb-index-";

// The temporary folders of indexes whose process is gone (killed, so its destructor never ran):
// the folder's name carries the process id, "otklik-kb-index-<pid>-<random>". A live
// process's folder, and any other name, is left alone.
void RemoveFoldersOfDeadProcesses(const std::filesystem::path& temp) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(temp, error)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with(kTemporaryPrefix)) continue;
        const std::string_view rest = std::string_view(name).substr(kTemporaryPrefix.size());
        const auto pid = core::ParseInteger<pid_t>(rest.substr(0, rest.find('-')));
        if (!pid || *pid <= 0 || rest.find('-') == std::string_view::npos) continue;
        if (::kill(*pid, 0) == 0 || errno != ESRCH) continue;
        std::error_code ignored;
        std::filesystem::remove_all(entry.path(), ignored);
    }
}

bool Contains(const std::vector<std::string>& text, const std::vector<std::string>& phrase) {
    if (phrase.empty() || phrase.size() > text.size()) return false;
    return std::search(text.begin(), text.end(), phrase.begin(), phrase.end()) != text.end();
}

std::size_t Letters(const std::string& word) {
    std::size_t count = 0;
    for (const char c : word) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

// Russian written in Latin letters («kak stat' nastavnikom» → «как стать наставником»): the
// common transliterations, longest first; "" when the token has a character that is not a Latin
// letter, an apostrophe (ь), a digit or «-». A letter or two off is left to the speller.
std::string FromTranslit(std::string_view token) {
    static constexpr std::pair<std::string_view, const char*> kRules[] = {
        {"shch", "щ"}, {"tsya", "тся"}, {"sch", "щ"}, {"zh", "ж"},  {"kh", "х"},  {"ch", "ч"},
        {"sh", "ш"},   {"ts", "ц"},     {"ya", "я"},  {"ja", "я"},  {"yu", "ю"},  {"ju", "ю"},
        {"yo", "е"},   {"jo", "е"},     {"iy", "ий"}, {"yy", "ый"}, {"ij", "ий"}, {"a", "а"},
        {"b", "б"},    {"v", "в"},      {"w", "в"},   {"g", "г"},   {"d", "д"},   {"e", "е"},
        {"z", "з"},    {"i", "и"},      {"j", "й"},   {"k", "к"},   {"q", "к"},   {"l", "л"},
        {"m", "м"},    {"n", "н"},      {"o", "о"},   {"p", "п"},   {"r", "р"},   {"s", "с"},
        {"t", "т"},    {"u", "у"},      {"f", "ф"},   {"h", "х"},   {"c", "ц"},   {"x", "кс"},
        {"'", "ь"}};
    std::string lower;
    for (const char raw : token) {
        lower += (raw >= 'A' && raw <= 'Z') ? static_cast<char>(raw - 'A' + 'a') : raw;
    }
    std::string out;
    bool letter = false;
    std::size_t at = 0;
    while (at < lower.size()) {
        const char c = lower[at];
        if ((c >= '0' && c <= '9') || c == '-') {
            out += c;
            ++at;
            continue;
        }
        if (c == 'y') {
            // «y» is «й» after a vowel («moy», «novyy» is handled above), else «ы».
            const bool after_vowel =
                at > 0 && std::string_view("aeiou").find(lower[at - 1]) != std::string_view::npos;
            out += after_vowel ? "й" : "ы";
            letter = true;
            ++at;
            continue;
        }
        bool matched = false;
        for (const auto& [latin, cyrillic] : kRules) {
            if (lower.compare(at, latin.size(), latin) == 0) {
                out += cyrillic;
                at += latin.size();
                letter = letter || latin != "'";
                matched = true;
                break;
            }
        }
        if (!matched) return {};
    }
    return letter ? out : std::string();
}

std::u32string Decode(std::string_view word) {
    std::u32string out;
    for (Xapian::Utf8Iterator it(word.data(), word.size()), end; it != end; ++it)
        out += static_cast<char32_t>(*it);
    return out;
}

// Levenshtein distance with adjacent transpositions, or `limit + 1` once it exceeds `limit`.
std::size_t EditDistance(const std::u32string& a, const std::u32string& b, std::size_t limit) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    // Called for every word of a base's vocabulary: the rows are reused, not allocated.
    thread_local std::vector<std::size_t> before;
    thread_local std::vector<std::size_t> previous;
    thread_local std::vector<std::size_t> current;
    before.assign(m + 1, 0);
    previous.assign(m + 1, 0);
    current.assign(m + 1, 0);
    for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        current[0] = i;
        std::size_t best = current[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
            best = std::min(best, current[j]);
        }
        if (best > limit) return limit + 1;
        before.swap(previous);
        previous.swap(current);
    }
    return previous[m];
}

// How far a correction of `edits` edits of a word of `letters` letters is trusted, in [0, 1].
double CorrectionTrust(std::size_t letters, std::size_t edits) {
    if (letters == 0) return 0;
    return std::clamp(
        1.0 - kCorrectionDoubt * static_cast<double>(edits) / static_cast<double>(letters), 0.0,
        1.0);
}

// Whether a misspelling may begin with `typed` where the word begins with `meant`: the same
// letter, or two vowels (unstressed «о» is heard and written «а»).
bool SameFirstSound(char32_t meant, char32_t typed) {
    static const std::u32string kVowels = U"аоуыэеиюяё";
    return meant == typed || (kVowels.find(meant) != std::u32string::npos &&
                              kVowels.find(typed) != std::u32string::npos);
}

// How many edits a misspelt word of `letters` letters may be from the word it stands for.
std::size_t EditsAllowed(std::size_t letters) { return letters <= 5 ? 1 : letters <= 9 ? 2 : 3; }

}  // namespace

struct KbIndex::State {
    struct Group {
        std::string term;  // "XS<n>": stands for every member in documents
        std::vector<std::vector<std::string>> member_stems;
    };

    std::filesystem::path folder;
    Xapian::Stem stemmer{"russian"};
    Xapian::SimpleStopper stopper{StopWords().begin(), StopWords().end()};
    std::map<std::string, core::KbBase> bases;
    std::map<std::string, std::vector<std::vector<std::string>>> synonyms;  // base → groups
    std::map<std::string, std::vector<Group>> groups;  // base → groups that apply to it
    std::map<std::string, Xapian::WritableDatabase> databases;
    std::unordered_map<std::int64_t, core::KbArticle> articles;
    int next_group = 0;
    // Each base's indexed words (not stems) with how many articles have them: the candidates
    // for a misspelt word that the spelling data has no suggestion for. Built on first use,
    // dropped when the base changes.
    struct Known {
        std::u32string letters;
        std::string word;
        Xapian::doccount frequency = 0;
    };
    mutable std::map<std::string, std::vector<Known>> vocabulary;

    const std::vector<Known>& VocabularyOf(const std::string& base,
                                           const Xapian::Database& db) const {
        if (const auto it = vocabulary.find(base); it != vocabulary.end()) return it->second;
        std::vector<Known> words;
        for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
            const std::string term = *t;
            // Prefixed terms (stems, synonyms, filters) start with an upper-case ASCII letter.
            if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
            auto letters = Decode(term);
            if (letters.size() < 3) continue;
            words.push_back({std::move(letters), term, t.get_termfreq()});
        }
        return vocabulary.emplace(base, std::move(words)).first->second;
    }

    // The indexed word nearest to `word` within EditsAllowed, the more frequent on a tie;
    // "" when none is near enough.
    std::string Nearest(
        const std::string& word,
        const std::vector<std::pair<std::string, const Xapian::Database*>>& dbs) const {
        const auto letters = Decode(word);
        const std::size_t limit = EditsAllowed(letters.size());
        std::string best;
        std::size_t best_distance = limit + 1;
        Xapian::doccount best_frequency = 0;
        for (const auto& [base, db] : dbs) {
            for (const auto& known : VocabularyOf(base, *db)) {
                const std::size_t d = EditDistance(letters, known.letters, best_distance);
                if (d < best_distance ||
                    (d == best_distance && d <= limit && known.frequency > best_frequency)) {
                    best = known.word;
                    best_distance = d;
                    best_frequency = known.frequency;
                }
            }
        }
        return best_distance <= limit ? best : std::string();
    }

    // Words run together («забылпароль», «вкабинете», «можнолипользоваться»): the split into
    // two parts whose shorter part is longest, two known words of at least three letters first,
    // else a stop word and a known word (either way round); failing that, into three parts the same
    // way (a stop word may stand in the middle, and two of the parts are known words). Empty when
    // there is none.
    std::vector<std::string> SplitRunTogether(const Xapian::Database& db,
                                              const std::string& word) const {
        const auto letters = Decode(word);
        const auto piece = [&](std::size_t from, std::size_t to) {
            std::string out;
            for (std::size_t j = from; j < to; ++j) Xapian::Unicode::append_utf8(out, letters[j]);
            return out;
        };
        // 1: a stop word, 2: a known word of three letters or more, 0: neither.
        const auto part = [&](const std::string& p, std::size_t n) {
            if (stopper(p)) return 1;
            return n >= 3 && IsKnown(db, p) ? 2 : 0;
        };
        const std::size_t n = letters.size();
        std::vector<std::string> best;
        std::size_t best_shorter = 0;
        for (std::size_t i = 1; i < n; ++i) {
            // A preposition or particle comes first («вкабинете», «неработает»); a stop word
            // after a word is more often a misspelt ending («профпробаа» is not «профпроба а»).
            std::string left = piece(0, i);
            std::string right = piece(i, n);
            // A word with a stop word after it («иннчерез», «билетв») when no split into two
            // words is found; a misspelt ending read as a stop word («профпробаа») leaves the
            // word itself, which is what was meant.
            const int l = part(left, i);
            const int r = part(right, n - i);
            if (l == 0 || r == 0 || (r == 1 && (l != 2 || i < 4))) continue;
            // A short word after a preposition is as often a prefixed verb («отдать» is not
            // «от дать», «увидеть» not «у видеть»).
            if (l == 1 && i <= 2 && n - i < 6) continue;
            const std::size_t shorter = std::min(i, n - i) + (l == 2 && r == 2 ? n : 0);
            if (shorter > best_shorter) {
                // A stop word after the word searches for nothing: the word alone is the
                // correction («профпробаа» → «профпроба»).
                best = {std::move(left)};
                if (r == 2) best.push_back(std::move(right));
                best_shorter = shorter;
            }
        }
        if (!best.empty() || n < 10) return best;
        for (std::size_t i = 1; i + 1 < n; ++i) {
            const std::string left = piece(0, i);
            const int l = part(left, i);
            if (l == 0) continue;
            for (std::size_t k = i + 1; k < n; ++k) {
                const std::string middle = piece(i, k);
                const std::string right = piece(k, n);
                const int m = part(middle, k - i);
                // The words of a three-way split are of four letters at least («подойдет» is
                // not «по дой дет»).
                if (m == 0 || part(right, n - k) != 2 || l + m < 3 || n - k < 4) continue;
                if ((l == 2 && i < 4) || (m == 2 && k - i < 4)) continue;
                const std::size_t shorter = std::min({i, k - i, n - k});
                if (shorter > best_shorter) {
                    best = {left, middle, right};
                    best_shorter = shorter;
                }
            }
        }
        return best;
    }

    // `text` with its Latin tokens read in Russian: key by key on the Russian layout, or
    // transliterated. A token the index knows as it is (vpn, sms, chrome) stays. When most Latin
    // tokens of the question read as known words one way, the whole question was typed that way
    // and every Latin token is read so, a misspelt one left to the speller; otherwise a token is
    // read in Russian only when the reading is a known word. `changed` is set when any is.
    std::string ToCyrillic(const Xapian::Database& db, const std::string& text,
                           bool& changed) const {
        struct Token {
            std::string text;      // as typed
            std::string layout;    // read on the Russian layout ("" when it cannot be)
            std::string translit;  // transliterated ("" when it cannot be)
            bool layout_known = false;
            bool translit_known = false;
        };
        const auto known = [&](const std::string& russian, bool stop_counts) {
            for (const auto& w : Words(russian)) {
                if (IsKnown(db, w) || (stop_counts && stopper(w) && Letters(w) >= 2)) return true;
            }
            return false;
        };
        std::vector<Token> tokens;
        std::vector<char> separators;
        std::size_t latin = 0;
        std::size_t layout_known = 0;
        std::size_t translit_known = 0;
        for (std::size_t start = 0; start <= text.size();) {
            const std::size_t space = std::min(text.find_first_of(" \t\r\n", start), text.size());
            Token t{text.substr(start, space - start), {}, {}, false, false};
            separators.push_back(space < text.size() ? text[space] : '\0');
            start = space + 1;
            std::string_view core = t.text;
            while (!core.empty() &&
                   std::string_view("?!").find(core.back()) != std::string_view::npos) {
                core.remove_suffix(1);
            }
            const std::string tail(t.text.substr(core.size()));
            // «e-mail» stays; «ghjaghj,e» («профпробу») is not known for its «e».
            const auto typed = Words(core);
            const bool known_before =
                !typed.empty() && std::all_of(typed.begin(), typed.end(),
                                              [&](const auto& w) { return IsKnown(db, w); });
            if (!known_before) {
                // A sentence typed on the wrong layout has «б» and «ю» where a comma and a full
                // stop would be; a word followed by one is read both ways.
                std::string_view trimmed = core;
                while (!trimmed.empty() &&
                       std::string_view(".,;:").find(trimmed.back()) != std::string_view::npos) {
                    trimmed.remove_suffix(1);
                }
                const std::string rest(core.substr(trimmed.size()));
                if (auto whole = text::FromLatinLayout(core); !whole.empty()) {
                    t.layout = whole + tail;
                    t.layout_known = known(whole, true);
                    if (!t.layout_known && trimmed.size() < core.size()) {
                        if (auto part = text::FromLatinLayout(trimmed);
                            !part.empty() && known(part, true)) {
                            t.layout = part + rest + tail;
                            t.layout_known = true;
                        }
                    }
                }
                if (auto russian = FromTranslit(trimmed); !russian.empty()) {
                    t.translit = russian + rest + tail;
                    t.translit_known = known(russian, false);
                }
            }
            if (!t.layout.empty() || !t.translit.empty()) {
                ++latin;
                layout_known += t.layout_known ? 1 : 0;
                translit_known += t.translit_known ? 1 : 0;
            }
            tokens.push_back(std::move(t));
        }
        const bool by_layout =
            latin >= 2 && layout_known * 2 >= latin && layout_known >= translit_known;
        const bool by_translit = !by_layout && latin >= 2 && translit_known * 2 >= latin;
        std::string out;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const auto& t = tokens[i];
            const std::string* read = nullptr;
            // The whole question's reading first, else a word known in one reading.
            const bool as_layout = (by_layout && !t.layout.empty()) ||
                                   (!(by_translit && !t.translit.empty()) && t.layout_known);
            const bool as_translit =
                !as_layout && ((by_translit && !t.translit.empty()) || t.translit_known);
            if (as_layout) {
                read = &t.layout;
            } else if (as_translit) {
                read = &t.translit;
            }
            out += read ? *read : t.text;
            changed = changed || read;
            if (separators[i] != '\0') out += separators[i];
        }
        return out;
    }

    std::vector<std::string> Stems(const std::vector<std::string>& words) const {
        std::vector<std::string> stems;
        stems.reserve(words.size());
        for (const auto& word : words) stems.push_back(stemmer(word));
        return stems;
    }

    // A base's own groups, those of its ancestors and the general Russian ones
    // (data/kb_ru_synonyms.tsv: a citizen's words beside the articles' words).
    std::vector<const std::vector<std::string>*> GroupsOf(const std::string& base) const {
        std::vector<const std::vector<std::string>*> found;
        for (const auto& group : RussianSynonyms()) found.push_back(&group);
        std::string code = base;
        for (int depth = 0; depth < 8 && !code.empty(); ++depth) {
            if (const auto it = synonyms.find(code); it != synonyms.end()) {
                for (const auto& group : it->second) found.push_back(&group);
            }
            const auto b = bases.find(code);
            code = b == bases.end() ? std::string() : b->second.parent;
        }
        return found;
    }

    // How many articles of `db` have `word`: its stem, the word itself, or a synonym of it.
    Xapian::doccount Frequency(const Xapian::Database& db, const std::string& word) const {
        const std::string stem = stemmer(word);
        Xapian::doccount frequency = std::max(db.get_termfreq("Z" + stem), db.get_termfreq(word));
        for (const auto& [base, list] : groups) {
            for (const auto& group : list) {
                for (const auto& member : group.member_stems) {
                    if (member.size() == 1 && member[0] == stem) {
                        frequency = std::max(frequency, db.get_termfreq(group.term));
                    }
                }
            }
        }
        return frequency;
    }

    // Some article has the word (or its stem), or a synonym group of the bases names it
    // («зарегаться» is no misspelling of «записаться»).
    bool IsKnown(const Xapian::Database& db, const std::string& word) const {
        if (db.get_termfreq(word) > 0) return true;
        const std::string stem = "Z" + stemmer(word);
        if (db.get_termfreq(stem) > 0) return true;
        return db.synonyms_begin(word) != db.synonyms_end(word) ||
               db.synonyms_begin(stem) != db.synonyms_end(stem);
    }

    // What the best hit has of the question's content words (kb_confidence.hpp).
    // `trust[i]`: how sure the correction of words[i] is (1 for a word as typed); the rest of
    // its weight counts as a word no article has.
    SearchEvidence Evidence(const Xapian::Database& combined, const std::vector<std::string>& words,
                            const std::vector<double>& trust,
                            const std::vector<SearchHit>& hits) const {
        SearchEvidence e;
        e.top_score = hits[0].score;
        e.second_score = hits.size() > 1 ? hits[1].score : 0;
        const auto db = databases.find(hits[0].base);
        if (db == databases.end()) return e;
        const Xapian::Document doc =
            db->second.get_document(static_cast<Xapian::docid>(hits[0].id));
        std::unordered_set<std::string> terms;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) terms.insert(*t);
        // The article's own question and keywords: what it is about, not what its answer
        // mentions on the way.
        std::unordered_set<std::string> title;
        if (const auto a = articles.find(hits[0].id); a != articles.end()) {
            std::string text = a->second.question;
            for (const auto& keyword : a->second.keywords) text += " " + keyword;
            for (const auto& stem : Stems(Words(NormalizeYo(text)))) title.insert(stem);
        }
        const auto base_groups = groups.find(hits[0].base);
        const double documents = static_cast<double>(combined.get_doccount());
        std::unordered_set<std::string> seen;
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::string& word = words[i];
            if (stopper(word) || !seen.insert(word).second) continue;
            const double sure = i < trust.size() ? trust[i] : 1.0;
            const std::string stem = stemmer(word);
            ++e.content_words;
            const auto frequency = Frequency(combined, word);
            const double rarest = std::log(1.0 + documents);
            const double idf =
                std::log(1.0 + documents /
                                   static_cast<double>(std::max<Xapian::doccount>(frequency, 1))) *
                    sure +
                rarest * (1 - sure);
            e.weight += idf;
            if (frequency == 0) continue;
            const double known = idf - rarest * (1 - sure);
            ++e.known_words;
            e.known_weight += known;
            bool matched = terms.count("Z" + stem) > 0 || terms.count(word) > 0;
            if (!matched && base_groups != groups.end()) {
                for (const auto& group : base_groups->second) {
                    if (!terms.count(group.term)) continue;
                    for (const auto& member : group.member_stems) {
                        matched = matched || (member.size() == 1 && member[0] == stem);
                    }
                }
            }
            if (matched) {
                ++e.matched_words;
                e.matched_weight += known;
            } else {
                e.missing_max = std::max(e.missing_max, known);
            }
            if (title.count(stem)) e.title_weight += known;
        }
        std::unordered_map<std::string, double> idf;
        e.asked_cover = AskedCover(combined, Asked(words, hits[0].base), hits[0].id, idf);
        return e;
    }

    // The question's stems, and those of every synonym group it names in `base` («поесть» asks
    // about «столовая» when the base says they are the same).
    // `phrases`: a group named by one of its phrases counts too (ranking only: the confidence
    // was calibrated without it, and out-of-scope questions name such phrases as often).
    std::unordered_set<std::string> Asked(const std::vector<std::string>& words,
                                          const std::string& base, bool phrases = false) const {
        std::unordered_set<std::string> asked;
        for (const auto& word : words) asked.insert(stemmer(word));
        const auto base_groups = groups.find(base);
        if (base_groups == groups.end()) return asked;
        std::unordered_set<std::string> named_stems = asked;
        // A group is named by one of its words or, for ranking, by one of its phrases in a row
        // («завести аккаунт» asks about registering, not about the account).
        const auto sequence = phrases ? Stems(words) : std::vector<std::string>();
        for (const auto& group : base_groups->second) {
            bool named = false;
            for (const auto& member : group.member_stems) {
                named = named || (member.size() == 1 && named_stems.count(member[0]) > 0) ||
                        (phrases && member.size() > 1 && Contains(sequence, member));
            }
            if (!named) continue;
            for (const auto& member : group.member_stems)
                asked.insert(member.begin(), member.end());
        }
        return asked;
    }

    // Of the article's own question (its content words, by inverse document frequency), the
    // share `asked` has: does the question ask what the article answers.
    // `idf`: the words' inverse document frequencies in `combined`, filled as they are needed.
    double AskedCover(const Xapian::Database& combined,
                      const std::unordered_set<std::string>& asked, std::int64_t id,
                      std::unordered_map<std::string, double>& idf_cache) const {
        const auto a = articles.find(id);
        if (a == articles.end()) return 0;
        const double documents = static_cast<double>(combined.get_doccount());
        double all = 0;
        double covered = 0;
        std::unordered_set<std::string> counted;
        for (const auto& word : Words(NormalizeYo(a->second.question))) {
            if (stopper(word) || !counted.insert(word).second) continue;
            const auto cached = idf_cache.find(word);
            const double idf =
                cached != idf_cache.end()
                    ? cached->second
                    : idf_cache
                          .emplace(
                              word,
                              std::log(1.0 +
                                       documents / static_cast<double>(std::max<Xapian::doccount>(
                                                       Frequency(combined, word), 1))))
                          .first->second;
            all += idf;
            if (asked.count(stemmer(word))) covered += idf;
        }
        return all > 0 ? covered / all : 0;
    }

    Xapian::WritableDatabase& Database(const std::string& base) {
        if (const auto it = databases.find(base); it != databases.end()) return it->second;
        // The in-memory backend has neither synonyms nor spelling data: glass on disk.
        std::string name;
        for (const char c : base) {
            const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            name += plain ? std::string(1, c) : "_" + std::to_string(static_cast<unsigned char>(c));
        }
        auto& db = databases
                       .emplace(base, Xapian::WritableDatabase((folder / name).string(),
                                                               Xapian::DB_CREATE_OR_OVERWRITE |
                                                                   Xapian::DB_BACKEND_GLASS))
                       .first->second;
        auto& applying = groups[base];
        for (const auto* terms : GroupsOf(base)) {
            Group group{"XS" + std::to_string(++next_group), {}};
            for (const auto& term : *terms) {
                const auto words = Words(term);
                if (words.empty()) continue;
                group.member_stems.push_back(Stems(words));
                if (words.size() == 1) {
                    db.add_synonym(words[0], group.term);
                    db.add_synonym("Z" + stemmer(words[0]), group.term);
                } else {
                    std::string key;
                    for (const auto& word : words) key += (key.empty() ? "" : " ") + word;
                    db.add_synonym(key, group.term);
                }
            }
            applying.push_back(std::move(group));
        }
        return db;
    }
};

KbIndex::KbIndex(std::string directory, ArticleModel model) : directory_(std::move(directory)) {
    if (directory_.empty()) {
        // Rebuilt from the store at every start, so a folder left by a killed process is
        // garbage: removed here, by the next index made on the machine.
        const auto temp = std::filesystem::temp_directory_path();
        RemoveFoldersOfDeadProcesses(temp);
        std::random_device random;
        directory_ = (temp / (std::string(kTemporaryPrefix) + std::to_string(::getpid()) + "-" +
                              std::to_string(random()) + std::to_string(random())))
                         .string();
        temporary_ = true;
    }
    std::filesystem::create_directories(directory_);
    state_ = std::make_unique<State>();
    state_->folder = std::filesystem::path(directory_) / "gen-0";
    std::filesystem::remove_all(state_->folder);
    std::filesystem::create_directories(state_->folder);
    if (model != ArticleModel::kOff) {
        model_ = std::make_unique<KbArticleModel>(model, std::filesystem::path(directory_));
    }
}

KbIndex::~KbIndex() {
    model_.reset();  // its trainer writes into directory_
    state_.reset();
    std::error_code ignored;
    if (temporary_) std::filesystem::remove_all(directory_, ignored);
}

void KbIndex::Rebuild(const std::vector<core::KbBase>& bases,
                      const std::vector<core::KbArticle>& articles,
                      const std::vector<core::KbSynonymGroup>& synonyms) {
    auto state = std::make_unique<State>();
    for (const auto& base : bases) state->bases[base.code] = base;
    for (const auto& group : synonyms) state->synonyms[group.base].push_back(group.terms);
    std::lock_guard lock(mutex_);
    try {
        // Each rebuild writes a fresh generation; the previous one is removed once closed.
        const auto previous = state_->folder;
        state->folder =
            std::filesystem::path(directory_) / ("gen-" + std::to_string(++generation_));
        std::filesystem::remove_all(state->folder);
        std::filesystem::create_directories(state->folder);
        std::swap(state_, state);
        state.reset();
        std::error_code ignored;
        std::filesystem::remove_all(previous, ignored);
        for (const auto& article : articles) UpsertLocked(article);
        for (auto& [code, db] : state_->databases) db.commit();
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("kb index: " + e.get_description());
    }
    TrainModelLocked();
}

void KbIndex::TrainModelLocked() {
    if (model_) model_->Train(KbArticleModel::TrainingRows(state_->articles));
}

void KbIndex::Upsert(const core::KbArticle& article) {
    std::lock_guard lock(mutex_);
    try {
        UpsertLocked(article);
        state_->databases.at(article.base).commit();
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("kb index: " + e.get_description());
    }
    TrainModelLocked();
}

void KbIndex::UpsertLocked(const core::KbArticle& article) {
    auto& s = *state_;
    const std::string id_term = "Q" + std::to_string(article.id);
    // The article id is the document id in its base's database: replacing by id needs no
    // posting-list lookup of a unique term, which dominated the build time.
    const auto docid = static_cast<Xapian::docid>(article.id);
    if (const auto old = s.articles.find(article.id);
        old != s.articles.end() && old->second.base != article.base) {
        s.Database(old->second.base).delete_document(docid);
    }
    auto& db = s.Database(article.base);
    s.vocabulary.erase(article.base);
    const auto base = s.bases.find(article.base);

    Xapian::Document doc;
    Xapian::TermGenerator generator;
    generator.set_stemmer(s.stemmer);
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    generator.set_stopper(&s.stopper);
    generator.set_database(db);
    generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    generator.set_document(doc);
    // The question says what the article is about; it counts most, keywords next.
    generator.index_text(FoldCase(article.question), 3);
    generator.increase_termpos();
    std::string keywords;
    for (const auto& keyword : article.keywords) keywords += keyword + ". ";
    generator.index_text(FoldCase(keywords), 2);
    generator.increase_termpos();
    // Spelling suggestions come from the questions and keywords; the answers' long tail of
    // words would triple the spelling table and the build time for little gain.
    generator.set_flags(0);
    generator.index_text(FoldCase(article.category_name));
    generator.increase_termpos();
    generator.index_text(FoldCase(article.answer));

    const auto stems = s.Stems(Words(article.question + " " + keywords + " " + article.answer));
    const std::unordered_set<std::string> present(stems.begin(), stems.end());
    for (const auto& group : s.groups[article.base]) {
        for (const auto& member : group.member_stems) {
            // Most members are one word: a set lookup; phrases are searched only when their
            // first word occurs at all.
            if (member.empty() || !present.count(member[0])) continue;
            if (member.size() == 1 || Contains(stems, member)) {
                doc.add_term(group.term, 2);
                break;
            }
        }
    }
    doc.add_boolean_term(id_term);
    // The search's filters on kind, publication and regulation as one term per combination
    // (FilterTerm), not a term each: Xapian 1.4.22's glass backend, asked for three such terms
    // at once (each in nearly every document), read past the end of their posting lists
    // («DatabaseCorruptError: Unexpected end of posting list» once a base held a few thousand
    // articles, while the files checked clean: otklik_kb_bench, stop 31).
    for (int applied = 1; applied < 8; ++applied) {
        doc.add_boolean_term(
            FilterTerm((applied & 1) != 0 ? article.kind : std::string_view{},
                       (applied & 2) != 0 ? (article.published ? "1" : "0") : std::string_view{},
                       (applied & 4) != 0 ? article.regulation : std::string_view{}));
    }
    doc.add_boolean_term("R" +
                         RegionTerm(article, base == s.bases.end() ? nullptr : &base->second));
    doc.set_data(std::to_string(article.id));
    db.replace_document(docid, doc);
    s.articles[article.id] = article;
}

void KbIndex::Remove(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto& s = *state_;
    const auto it = s.articles.find(id);
    if (it == s.articles.end()) return;
    try {
        auto& db = s.Database(it->second.base);
        s.vocabulary.erase(it->second.base);
        db.delete_document(static_cast<Xapian::docid>(id));
        db.commit();
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("kb index: " + e.get_description());
    }
    s.articles.erase(it);
    TrainModelLocked();
}

void KbIndex::SetSpelling(SpellingMode mode) {
    std::lock_guard lock(mutex_);
    spelling_ = mode;
}

std::size_t KbIndex::size() const {
    std::lock_guard lock(mutex_);
    return state_->articles.size();
}

ArticleModelProgress KbIndex::ModelProgress() const {
    return model_ ? model_->Progress() : ArticleModelProgress{};
}

SearchResult KbIndex::Search(const SearchQuery& query) const {
    std::lock_guard lock(mutex_);
    try {
        return SearchLocked(query);
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("kb index: " + e.get_description());
    }
}

SearchResult KbIndex::SearchLocked(const SearchQuery& query) const {
    SearchResult result;
    const auto& s = *state_;
    Xapian::Database combined;
    std::vector<std::pair<std::string, const Xapian::Database*>> selected;
    for (const auto& [code, db] : s.databases) {
        if (!query.bases.empty() &&
            std::find(query.bases.begin(), query.bases.end(), code) == query.bases.end()) {
            continue;
        }
        const auto base = s.bases.find(code);
        if (base != s.bases.end() && !query.regulation.empty() &&
            !base->second.regulation.empty() && base->second.regulation != query.regulation) {
            continue;
        }
        combined.add_database(db);
        selected.emplace_back(code, &db);
    }
    if (combined.get_doccount() == 0) return result;

    Xapian::QueryParser parser;
    parser.set_stemmer(s.stemmer);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_stopper(&s.stopper);
    parser.set_default_op(Xapian::Query::OP_OR);
    parser.set_database(combined);
    std::string text = FoldCase(query.text);
    bool changed = false;
    // Words typed in Latin letters: on the Russian layout («rfr djccnfyjdbnm gfhjkm») or
    // transliterated («kak stat' nastavnikom»).
    text = s.ToCyrillic(combined, text, changed);
    const auto words = Words(text);
    const unsigned flags =
        Xapian::QueryParser::FLAG_AUTO_SYNONYMS | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
    // A word no article has is replaced: by two known words when it is two run together, by
    // the bases' spelling suggestion (each base asked on its own: the combined database's
    // suggestion comes from one sub-database only), else by the nearest word of the articles.
    std::vector<std::string> searched;  // the words after correction
    std::vector<double> trust;          // how sure each correction is (Evidence)
    const bool spell =
        spelling_ == SpellingMode::kAllQueries ||
        (spelling_ == SpellingMode::kShortQueries && words.size() <= kSpellingMaxWords);
    // The bases' spelling suggestion for a word no article has (each base asked on its own:
    // the combined database's suggestion comes from one sub-database only), else the nearest
    // word of the articles; "" when there is none or it is no misspelling of the word.
    const auto correct = [&](const std::string& word) {
        std::string best;
        for (const auto& [code, db] : selected) {
            best = db->get_spelling_suggestion(word, 2);
            if (!best.empty()) break;
        }
        // As far as a misspelling goes (Xapian suggests words two edits away whatever their
        // length: «помог» → «помню»).
        if (!best.empty()) {
            const auto letters = Decode(word);
            const std::size_t limit = EditsAllowed(letters.size());
            if (EditDistance(letters, Decode(best), limit) > limit) best.clear();
        }
        if (best.empty() && Letters(word) >= 4) best = s.Nearest(word, selected);
        // A stop word is no correction: it would drop the word from the evidence (егэ → его).
        if (!best.empty() && s.stopper(best)) best.clear();
        // A misspelling keeps its first letter, or writes one vowel for another («атменить»); a
        // word that does not is another word the bases do not have («ухожу» is not «хочу»,
        // «свет» not «нет»).
        if (!best.empty() && !SameFirstSound(Decode(best).front(), Decode(word).front())) {
            best.clear();
        }
        return best;
    };
    for (const auto& word : words) {
        if (!spell || s.IsKnown(combined, word) || s.stopper(word) || Letters(word) < 3) {
            searched.push_back(word);
            trust.push_back(1);
            continue;
        }
        if (auto parts = s.SplitRunTogether(combined, word); !parts.empty()) {
            searched.insert(searched.end(), parts.begin(), parts.end());
            trust.insert(trust.end(), parts.size(), 1.0);
            changed = true;
            continue;
        }
        std::string best = correct(word);
        const auto letters = Decode(word);
        if (best.empty() && letters.size() >= 7) {
            // A preposition or «не» run into a misspelt word («неоткрываетса»): the rest
            // corrected on its own.
            for (std::size_t i = 1; i <= 3 && best.empty(); ++i) {
                std::string prefix;
                std::string rest;
                for (std::size_t j = 0; j < letters.size(); ++j) {
                    Xapian::Unicode::append_utf8(j < i ? prefix : rest, letters[j]);
                }
                if (!s.stopper(prefix) || letters.size() - i < 6) continue;
                std::string fixed = correct(rest);
                // One edit at most: a prefixed word is more often a word the bases do not have
                // («завести» is not «за войти»).
                if (fixed.empty() || EditDistance(Decode(rest), Decode(fixed), 1) > 1) continue;
                searched.push_back(prefix);
                trust.push_back(1);
                const auto rest_letters = Decode(rest);
                searched.push_back(fixed);
                trust.push_back(CorrectionTrust(rest_letters.size(),
                                                EditDistance(rest_letters, Decode(fixed), 9)));
                best = std::move(fixed);
            }
            if (!best.empty()) {
                changed = true;
                continue;
            }
        }
        searched.push_back(best.empty() ? word : best);
        // A short word a letter away from a known one is as likely another word (егэ, его):
        // the share of letters kept is how much the correction is trusted.
        trust.push_back(
            best.empty() ? 1.0
                         : CorrectionTrust(letters.size(), EditDistance(letters, Decode(best), 9)));
        changed = changed || !best.empty();
    }
    if (changed) {
        for (const auto& word : searched) {
            result.corrected += (result.corrected.empty() ? "" : " ") + word;
        }
    }
    Xapian::Query matcher;
    try {
        matcher = parser.parse_query(text, flags);
        if (!result.corrected.empty()) {
            // A misspelt word matches nothing; the corrected one is searched alongside.
            matcher = Xapian::Query(Xapian::Query::OP_OR, matcher,
                                    parser.parse_query(result.corrected, flags));
        }
    } catch (const Xapian::QueryParserError& e) {
        spdlog::debug("kb: query not parsed: {}", e.get_msg());
        return result;
    }
    if (matcher.empty()) return result;

    std::vector<Xapian::Query> filters;
    if (!query.kind.empty() || query.published_only || !query.regulation.empty()) {
        filters.emplace_back(
            FilterTerm(query.kind, query.published_only ? "1" : "", query.regulation));
    }
    if (!query.region.empty()) {
        filters.emplace_back(Xapian::Query::OP_OR, Xapian::Query("R*"),
                             Xapian::Query("R" + query.region));
    }
    Xapian::Query final_query = matcher;
    if (!filters.empty()) {
        final_query =
            Xapian::Query(Xapian::Query::OP_FILTER, matcher,
                          Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    }
    Xapian::Enquire enquire(combined);
    enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, 0, 1, kBm25B, 0.5));
    enquire.set_query(final_query);
    const auto wanted = static_cast<Xapian::doccount>(std::max(query.limit, 1) * 10 + 20);
    const Xapian::MSet matches = enquire.get_mset(0, wanted);

    std::vector<SearchHit> hits;
    std::set<std::string> superseded;
    for (auto it = matches.begin(); it != matches.end(); ++it) {
        const auto article_id = core::ParseInteger<std::int64_t>(it.get_document().get_data());
        if (!article_id) continue;
        const auto found = s.articles.find(*article_id);
        if (found == s.articles.end()) continue;
        const auto& a = found->second;
        double score = it.get_weight();
        // Ranking prefers the applicant's region and audience (KB-2, KB-3).
        const auto base = s.bases.find(a.base);
        const std::string region = RegionTerm(a, base == s.bases.end() ? nullptr : &base->second);
        if (!query.region.empty() && region == query.region) score *= 1.3;
        if (!query.audience.empty()) {
            if (std::find(a.audience.begin(), a.audience.end(), query.audience) !=
                a.audience.end()) {
                score *= 1.15;
            } else if (std::find(a.audience.begin(), a.audience.end(), "any") == a.audience.end()) {
                score *= 0.9;
            }
        }
        if (!a.origin_key.empty()) superseded.insert(a.origin_key);
        hits.push_back({a.id, a.key, a.base, a.category_name, a.question, a.answer, score});
    }
    // A child base's copy of a parent article stands in for the original.
    std::erase_if(hits, [&](const SearchHit& h) { return superseded.count(h.key) > 0; });
    // Two content words of the question in a row that the article's question or one of its
    // keywords has in a row too («забыл пароль», «сменить школу»): a phrase, not two words met
    // apart in a long answer.
    if (kPhraseBoost > 0) {
        std::set<std::pair<std::string, std::string>> pairs;
        std::string previous;
        for (const auto& word : searched) {
            if (s.stopper(word)) continue;
            std::string stem = s.stemmer(word);
            if (!previous.empty()) pairs.emplace(previous, stem);
            previous = std::move(stem);
        }
        for (auto& hit : hits) {
            if (pairs.empty()) break;
            const auto a = s.articles.find(hit.id);
            if (a == s.articles.end()) continue;
            int found = 0;
            const auto count = [&](const std::string& phrase) {
                std::string before;
                for (const auto& word : Words(phrase)) {
                    if (s.stopper(word)) continue;
                    std::string stem = s.stemmer(word);
                    if (!before.empty() && pairs.count({before, stem})) ++found;
                    before = std::move(stem);
                }
            };
            count(a->second.question);
            for (const auto& keyword : a->second.keywords) count(keyword);
            hit.score *= 1 + kPhraseBoost * std::min(found, 2);
        }
    }
    // An article whose own question the question asks ranks up: BM25 counts the words each
    // article has, not how much of what the article is about the question names.
    if (kAskedBoost > 0) {
        std::map<std::string, std::unordered_set<std::string>> asked;  // base → asked stems
        std::unordered_map<std::string, double> idf;
        for (auto& hit : hits) {
            auto it = asked.find(hit.base);
            if (it == asked.end())
                it = asked.emplace(hit.base, s.Asked(searched, hit.base, true)).first;
            hit.score *= 1 + kAskedBoost * s.AskedCover(combined, it->second, hit.id, idf);
        }
    }
    std::stable_sort(hits.begin(), hits.end(),
                     [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
    // A confident answer of the index stands; where it is unsure the classifier weighs in.
    if (model_ &&
        (hits.empty() || Confidence(s.Evidence(combined, searched, trust, hits)) < kConfidentAt)) {
        std::vector<std::string> bases;
        for (const auto& [code, db] : selected) bases.push_back(code);
        result.model_probability = FuseWithModel(query, bases, hits);
    }
    if (hits.size() > static_cast<std::size_t>(query.limit)) {
        hits.resize(static_cast<std::size_t>(query.limit));
    }
    result.hits = std::move(hits);
    if (!result.hits.empty()) {
        result.evidence = s.Evidence(combined, searched, trust, result.hits);
        result.confidence = Confidence(result.evidence, result.model_probability);
        result.confident = result.confidence >= kConfidentAt;
    }
    return result;
}

// Reciprocal rank fusion of the full-text ranking and the article classifier's (issue 15,
// docs/decisions/0010-kb-article-model.md): each list's first ten count 1 / (k + rank). The two
// err apart (the index on paraphrases, the classifier on rare exact words), so an article both
// place high rises. The classifier's articles pass the query's filters like the index's.
double KbIndex::FuseWithModel(const SearchQuery& query, const std::vector<std::string>& bases,
                              std::vector<SearchHit>& hits) const {
    constexpr double kFusionK = 5;
    constexpr std::size_t kDepth = 10;
    const auto ranked = model_->Rank(query.text);
    if (ranked.empty()) return 0;
    const auto& s = *state_;
    const auto eligible = [&](const core::KbArticle& a) {
        if (std::find(bases.begin(), bases.end(), a.base) == bases.end()) return false;
        if (query.published_only && !a.published) return false;
        if (!query.kind.empty() && a.kind != query.kind) return false;
        if (!query.regulation.empty() && a.regulation != query.regulation) return false;
        if (!query.region.empty()) {
            const auto base = s.bases.find(a.base);
            const std::string region =
                RegionTerm(a, base == s.bases.end() ? nullptr : &base->second);
            if (region != "*" && region != query.region) return false;
        }
        // A child base's copy stands in for its original.
        return std::none_of(hits.begin(), hits.end(), [&](const SearchHit& hit) {
            const auto found = s.articles.find(hit.id);
            return found != s.articles.end() && found->second.origin_key == a.key;
        });
    };
    std::unordered_map<std::int64_t, double> fused;
    for (std::size_t i = 0; i < hits.size() && i < kDepth; ++i) {
        fused[hits[i].id] += 1 / (kFusionK + static_cast<double>(i) + 1);
    }
    std::size_t rank = 0;
    for (const auto& article : ranked) {
        if (rank == kDepth) break;
        const std::int64_t id = article.id;
        const auto found = s.articles.find(id);
        if (found == s.articles.end() || !eligible(found->second)) continue;
        const auto& a = found->second;
        if (std::none_of(hits.begin(), hits.end(),
                         [id](const SearchHit& hit) { return hit.id == id; })) {
            // Found by the classifier alone: no full-text score. (One the index found below
            // its first ten is listed already.)
            hits.push_back({a.id, a.key, a.base, a.category_name, a.question, a.answer, 0});
        }
        fused[id] += 1 / (kFusionK + static_cast<double>(rank) + 1);
        ++rank;
    }
    std::stable_sort(hits.begin(), hits.end(), [&](const SearchHit& x, const SearchHit& y) {
        const auto fx = fused.find(x.id);
        const auto fy = fused.find(y.id);
        return (fx == fused.end() ? 0 : fx->second) > (fy == fused.end() ? 0 : fy->second);
    });
    if (hits.empty()) return 0;
    const auto best = std::find_if(ranked.begin(), ranked.end(),
                                   [&](const RankedArticle& a) { return a.id == hits.front().id; });
    return best == ranked.end() ? 0 : best->probability;
}

}  // namespace otklik::search

#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "triage/lexicons.hpp"
#include "triage/text_analysis.hpp"

namespace otklik::triage {

/// A word (or a word re-joined from "х.у.й" / "б л я") that matched the abuse lexicon.
struct AbuseHit {
    std::size_t first = 0;  ///< token index
    std::size_t last = 0;   ///< token index, inclusive
    const AbuseEntry* entry = nullptr;
    std::string form;        ///< the normalized word that matched (look-alikes replaced)
    bool disguised = false;  ///< matched only after look-alike, separator or repeat removal
};

/// TR-2: finds obscene, rude and insulting words by roots with Russian morphology.
/// Normalization per word: look-alike Latin letters and digits inside Cyrillic words become
/// Cyrillic (all alternatives tried: "y" → у/й), runs of a repeated letter collapse, words split
/// by separators are re-joined. Roots match only where the lexicon allows (word start, after a
/// verbal prefix, with a noun ending…), and any exception stem in the word vetoes the match —
/// so «корабля», «употреблять», «скрипка», «команда», «хлеба», «небольшой» never match.
/// Immutable after construction; Find is thread-safe.
class AbuseMatcher {
public:
    explicit AbuseMatcher(std::shared_ptr<const Lexicons> lexicons);

    std::vector<AbuseHit> Find(const AnalyzedText& text) const;

    /// The entry one folded word matches (Cyrillic or Latin), or nullptr. For tests and tools.
    const AbuseEntry* MatchWord(std::string_view folded_word) const;

private:
    struct Index {
        std::vector<const AbuseEntry*> infix;
        std::unordered_map<char32_t, std::vector<const AbuseEntry*>> at_start;  // start+prefixed
        std::unordered_map<char32_t, std::vector<const AbuseEntry*>> after_prefix;
        std::unordered_map<char32_t, std::vector<const AbuseEntry*>> inflected;  // noun, adj
        /// The verbal prefixes by their first letter, in the lexicon's order: a word is tried
        /// only with the prefixes it can start with (every word used to try all 45: issue 18).
        std::unordered_map<char32_t, std::vector<std::string_view>> prefixes;
        struct Hash {
            using is_transparent = void;  // NOLINT(readability-identifier-naming): std name
            std::size_t operator()(std::string_view s) const {
                return std::hash<std::string_view>{}(s);
            }
        };
        std::unordered_map<std::string, const AbuseEntry*, Hash, std::equal_to<>> exact;
    };

    const AbuseEntry* MatchIn(const Index& index, std::string_view word) const;
    const AbuseEntry* MatchForms(std::string_view word, bool latin, std::string& form) const;
    const AbuseEntry* MatchCandidate(std::string_view folded, Script script, bool has_digit,
                                     std::string& form, bool& disguised) const;
    bool Vetoed(std::string_view word) const;

    std::shared_ptr<const Lexicons> lexicons_;
    Index cyrillic_;
    Index latin_;
};

}  // namespace otklik::triage

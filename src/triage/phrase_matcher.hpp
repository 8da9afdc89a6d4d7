#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "triage/text_analysis.hpp"

namespace otklik::triage {

/// A phrase found in an appeal: the caller's tag and the tokens it covers.
struct PhraseHit {
    std::uint32_t tag = 0;
    std::size_t first = 0;  ///< token index
    std::size_t last = 0;   ///< token index, inclusive
};

/// Finds many keyword phrases in one pass over the tokens (syntax in triage_config.hpp:
/// "не работает", "ошибк*", "=как", "=когда ответите"). Compiled once; Find is const and
/// thread-safe. Technical tokens (URLs, code) never match.
class PhraseMatcher {
public:
    /// How plain words (neither "x*" nor "=x") compare.
    enum class PlainWords { kStem, kExact };

    explicit PhraseMatcher(PlainWords plain = PlainWords::kStem) : plain_(plain) {}

    /// Adds a phrase under `tag`; false when it has no words.
    bool Add(std::string_view phrase, std::uint32_t tag);

    /// Every occurrence of every phrase, ordered by first token. Words of a phrase follow each
    /// other in one sentence with at most `max_gap` other words between them.
    std::vector<PhraseHit> Find(const AnalyzedText& text, std::size_t max_gap = 1) const;

    bool empty() const { return phrases_.empty(); }

private:
    enum class Kind : std::uint8_t { kStem, kPrefix, kExact };
    struct Word {
        Kind kind = Kind::kStem;
        std::string text;
    };
    struct Phrase {
        std::vector<Word> words;
        std::uint32_t tag = 0;
    };

    static bool Matches(const Word& word, const Token& token);
    void MatchFrom(const AnalyzedText& text, std::size_t start, const Phrase& phrase,
                   std::size_t max_gap, std::vector<PhraseHit>& hits) const;

    // Looked up by a token's string_view: no key string built per token and matcher.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    using Index =
        std::unordered_map<std::string, std::vector<std::uint32_t>, Hash, std::equal_to<>>;

    PlainWords plain_;
    std::vector<Phrase> phrases_;
    Index by_stem_;
    Index by_exact_;
    Index by_prefix_head_;
    std::vector<std::uint32_t> short_prefix_;
};

}  // namespace otklik::triage

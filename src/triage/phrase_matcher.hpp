#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
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

    // Words → phrases starting with them, open addressing over the hashes the tokens carry
    // (AnalyzedText::keys): a lookup is a probe and a compare, no hashing per matcher.
    class Index {
    public:
        void Add(const std::string& word, std::uint32_t phrase);
        const std::vector<std::uint32_t>* Find(std::string_view word, std::uint64_t hash) const;

    private:
        struct Slot {
            std::uint64_t hash = 0;
            std::uint32_t entry = 0;  ///< word index + 1; 0 = empty
        };
        void Insert(std::uint64_t hash, std::uint32_t entry);

        std::vector<Slot> slots_;
        std::vector<std::string> words_;
        std::vector<std::vector<std::uint32_t>> phrases_;
    };

    PlainWords plain_;
    std::vector<Phrase> phrases_;
    Index by_stem_;
    Index by_exact_;
    Index by_prefix_head_;
    std::vector<std::uint32_t> short_prefix_;
};

}  // namespace otklik::triage

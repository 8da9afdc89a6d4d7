#pragma once

#include <cstdint>
#include <vector>

#include "triage/term_probe.hpp"

namespace otklik::triage {

/// The stemmed content words of an appeal (stop words and courtesy dropped, synonyms merged)
/// as stable 64-bit hashes, sorted and unique. Cheap to store beside an appeal; compute it
/// with TriageEngine::Fingerprint. `version` changes when the computation changes, so stored
/// fingerprints of another version are recomputed.
///
/// Terms with the top bit (kPrefixTag) set are the first letters of longer words («подкл» of
/// «подключается», «подключение»): mass-incident grouping reads them to match reports worded by
/// different people; Similarity, Novelty and CommonTerms read only the word terms, which sort
/// before them.
struct TextFingerprint {
    static constexpr std::uint32_t kVersion = 3;  ///< 3: objects of faults kept (issue 15)
    static constexpr std::uint64_t kPrefixTag = std::uint64_t{1} << 63;
    std::uint32_t version = 0;  ///< 0 = not computed
    std::vector<std::uint64_t> terms;

    bool Computed() const { return version == kVersion; }
};

/// Cosine similarity of two term sets, 0…1; 0 when either is empty.
double Similarity(const TextFingerprint& a, const TextFingerprint& b);

/// The same, with the first text's word terms (WordTermList) in a probe: for one text compared
/// with many.
double Similarity(const TermProbe& a_words, const TextFingerprint& b);

/// The word terms of `f` (prefix terms left out).
std::vector<std::uint64_t> WordTermList(const TextFingerprint& f);

/// Share of `text`'s terms found in neither `known` nor `also` (0…1; 0 for an empty text).
double Novelty(const TextFingerprint& text, const TextFingerprint& known,
               const TextFingerprint* also = nullptr);

/// Number of word terms (prefix terms left out).
std::size_t WordTerms(const TextFingerprint& f);

/// Number of word terms the two share.
std::size_t CommonTerms(const TextFingerprint& a, const TextFingerprint& b);

}  // namespace otklik::triage

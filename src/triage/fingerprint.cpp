#include "triage/fingerprint.hpp"

#include <algorithm>
#include <cmath>

namespace otklik::triage {

namespace {

// The word terms: those before the first prefix term.
std::vector<std::uint64_t>::const_iterator WordsEnd(const TextFingerprint& f) {
    return std::lower_bound(f.terms.begin(), f.terms.end(), TextFingerprint::kPrefixTag);
}

}  // namespace

std::size_t WordTerms(const TextFingerprint& f) {
    return static_cast<std::size_t>(WordsEnd(f) - f.terms.begin());
}

std::size_t CommonTerms(const TextFingerprint& a, const TextFingerprint& b) {
    std::size_t common = 0;
    auto i = a.terms.begin();
    auto j = b.terms.begin();
    const auto a_end = WordsEnd(a);
    const auto b_end = WordsEnd(b);
    while (i != a_end && j != b_end) {
        if (*i < *j) {
            ++i;
        } else if (*j < *i) {
            ++j;
        } else {
            ++common;
            ++i;
            ++j;
        }
    }
    return common;
}

double Similarity(const TextFingerprint& a, const TextFingerprint& b) {
    const std::size_t na = WordTerms(a);
    const std::size_t nb = WordTerms(b);
    if (na == 0 || nb == 0) return 0.0;
    const double common = static_cast<double>(CommonTerms(a, b));
    return common / std::sqrt(static_cast<double>(na) * static_cast<double>(nb));
}

double Similarity(const TermProbe& a_words, const TextFingerprint& b) {
    const std::size_t na = a_words.size();
    const auto b_end = WordsEnd(b);
    const auto nb = static_cast<std::size_t>(b_end - b.terms.begin());
    if (na == 0 || nb == 0) return 0.0;
    std::size_t common = 0;
    for (auto it = b.terms.begin(); it != b_end; ++it) common += a_words.Find(*it) != 0;
    return static_cast<double>(common) /
           std::sqrt(static_cast<double>(na) * static_cast<double>(nb));
}

std::vector<std::uint64_t> WordTermList(const TextFingerprint& f) {
    return {f.terms.begin(), WordsEnd(f)};
}

double Novelty(const TextFingerprint& text, const TextFingerprint& known,
               const TextFingerprint* also) {
    const auto text_end = WordsEnd(text);
    const std::size_t words = WordTerms(text);
    if (words == 0) return 0.0;
    std::size_t fresh = 0;
    for (auto it = text.terms.begin(); it != text_end; ++it) {
        const bool in_known = std::binary_search(known.terms.begin(), WordsEnd(known), *it);
        const bool in_also =
            also != nullptr && std::binary_search(also->terms.begin(), WordsEnd(*also), *it);
        if (!in_known && !in_also) ++fresh;
    }
    return static_cast<double>(fresh) / static_cast<double>(words);
}

}  // namespace otklik::triage

#include "triage/fingerprint.hpp"

#include <algorithm>
#include <cmath>

namespace otklik::triage {

std::size_t CommonTerms(const TextFingerprint& a, const TextFingerprint& b) {
    std::size_t common = 0;
    auto i = a.terms.begin();
    auto j = b.terms.begin();
    while (i != a.terms.end() && j != b.terms.end()) {
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
    if (a.terms.empty() || b.terms.empty()) return 0.0;
    const double common = static_cast<double>(CommonTerms(a, b));
    return common /
           std::sqrt(static_cast<double>(a.terms.size()) * static_cast<double>(b.terms.size()));
}

double Novelty(const TextFingerprint& text, const TextFingerprint& known,
               const TextFingerprint* also) {
    if (text.terms.empty()) return 0.0;
    std::size_t fresh = 0;
    for (std::uint64_t term : text.terms) {
        const bool in_known = std::binary_search(known.terms.begin(), known.terms.end(), term);
        const bool in_also =
            also != nullptr && std::binary_search(also->terms.begin(), also->terms.end(), term);
        if (!in_known && !in_also) ++fresh;
    }
    return static_cast<double>(fresh) / static_cast<double>(text.terms.size());
}

}  // namespace otklik::triage

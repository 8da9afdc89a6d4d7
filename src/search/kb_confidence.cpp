#include "search/kb_confidence.hpp"

#include <algorithm>

namespace otklik::search {

// Chosen on the tuning questions (docs/decisions/0008-kb-confidence.md): words of the best
// article's own question or keywords count twice as much as words only its answer has, and a
// question word that no article has weighs twice its (already highest) inverse frequency — such
// words are what out-of-scope questions are made of («ипотека», «загс», «охотничий»).
// The share of the confidence that is "the question asks what the article's question asks"
// (SearchEvidence::asked_cover): near-topic questions share the article's subject but not its
// question («как оплатить детский сад» against «как подать заявление в детский сад»).
constexpr double kAskedShare = 0.3;

double Confidence(const SearchEvidence& e) {
    const double unknown = std::max(e.weight - e.known_weight, 0.0);
    const double whole = e.known_weight + 2 * unknown;
    if (e.content_words == 0 || whole <= 0) return 0;
    const double covered = (e.matched_weight + e.title_weight) / 2 / whole;
    return std::clamp((1 - kAskedShare) * covered + kAskedShare * e.asked_cover, 0.0, 1.0);
}

double Confidence(const SearchEvidence& evidence, double classifier_probability) {
    return std::min(Confidence(evidence) + kClassifierShare * classifier_probability, 1.0);
}

}  // namespace otklik::search

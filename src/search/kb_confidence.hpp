#pragma once

#include <cstddef>

namespace otklik::search {

/// What the best article of a search has in common with the question: the evidence behind the
/// judgement "the knowledge base knows the answer" (issue 15). Content words are the question's
/// words less the stop words; a word is known when some article of the searched bases has it
/// (its stem, or a synonym of its group) and matched when the best article has it.
struct SearchEvidence {
    std::size_t content_words = 0;
    std::size_t known_words = 0;
    std::size_t matched_words = 0;
    /// Inverse document frequency of the content words, summed: of all of them, and of those
    /// the best article has. A word no article has counts as the rarest word of the bases.
    double weight = 0;
    double known_weight = 0;
    double matched_weight = 0;
    /// Of matched_weight, the words the best article's own question or keywords have.
    double title_weight = 0;
    /// The highest inverse document frequency of a known content word the best article does
    /// not have (0 when it has them all): the question's most specific word left unanswered.
    double missing_max = 0;
    /// Of the best article's own question (its content words, by inverse document frequency),
    /// the share the question has: does it ask what the article answers.
    double asked_cover = 0;
    /// The best article's score, and the second best's (0 when there is none).
    double top_score = 0;
    double second_score = 0;
};

/// How sure the search is that its best article answers the question, in [0, 1]: the share of
/// the question's weight the best article covers, its own question and keywords counting more
/// than its answer, and words no article has counting double. A question whose rare words no
/// article has (an out-of-scope question about a mortgage on a help site about the portal's
/// account) scores low even when its common words ("как", "оформить", "госуслуги") find something.
/// A share of it is asked_cover: whether the question asks what the article's own question asks.
double Confidence(const SearchEvidence& evidence);

/// The share of the article classifier's probability of the best article added to its
/// Confidence when the index was unsure and asked the classifier (issue 15,
/// docs/decisions/0010-kb-article-model.md): a paraphrase the classifier is sure of needs less
/// of the index's evidence. Chosen on the open question sets, checked on frozen 8 before it was
/// opened.
inline constexpr double kClassifierShare = 0.12;

/// Confidence(evidence) with the classifier's probability of the best article (0 when it was
/// not asked) weighing in, at most 1.
double Confidence(const SearchEvidence& evidence, double classifier_probability);

/// The threshold at and above which the chatbot, the help site and `GET /api/v1/kb/search`
/// ("confident": true) show an answer. Chosen on the tuning questions (tests/data/kb/
/// questions.tsv) by tests/search/kb_eval: docs/decisions/0008-kb-confidence.md says how. Raised
/// from 0.42 when the shipped articles gained everyday phrasings (stop 32), to keep the tuning
/// set's unanswerable questions shown near 13 of 118 (12 at 0.50).
inline constexpr double kConfidentAt = 0.50;

}  // namespace otklik::search

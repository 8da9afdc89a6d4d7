#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "classify/text_model.hpp"

#include "triage/text_analysis.hpp"
#include "triage/triage_outcome.hpp"

namespace otklik::triage {

/// What the text classifier says of one appeal, asked once per triage and shared by the rules
/// that consult it (threats, insults).
/// `text` without a leading source marker of `markers` (and the punctuation after it): what
/// the classifier reads, in training and in triage alike.
std::string_view WithoutSourceMarker(std::string_view text,
                                     const std::vector<std::string>& markers);

class ModelSignal {
public:
    /// `model` may be null: then every probability is 0 and nothing is ever judged.
    /// `markers` (may be null): TriageConfig::source_markers, left out of what the classifier
    /// reads.
    ModelSignal(const classify::TextModel* model, const AnalyzedText& text,
                const std::vector<std::string>* markers = nullptr)
        : model_(model), text_(text), markers_(markers) {}

    /// Whether a classifier was loaded: without one, Probability is 0 and says nothing.
    bool Available() const { return model_ != nullptr; }

    /// The probability (0…1) that the whole appeal, subject and text, is of `label`.
    double Probability(std::string_view label);

    /// The probability of `label` of the text without the subject: a subject that names a
    /// routine matter («Заблокированная учётная запись») dilutes a threat below it (frozen set
    /// 9). The whole appeal's when there is no subject.
    double TextProbability(std::string_view label);

    /// The highest probability of `label` over the text's paragraphs of several words, when it
    /// has two or more: a threat in a letter's P.S. is diluted in the whole letter's score
    /// (frozen set 9). 0 when the text has no such paragraphs.
    double PartProbability(std::string_view label);

    /// The highest probability of `label` over the text's postscripts («P.S. …»): a letter's
    /// afterthought is its own message, however lawful the letter above it (frozen set 17: a
    /// polite request about a playground, then «P.S.» with what a chlorination worker could
    /// do to a kindergarten; the whole letter 0.002, the postscript alone 0.91).
    double PostscriptProbability(std::string_view label);

    /// The highest of the three: the figure an operator reads beside the evidence.
    double Strongest(std::string_view label);

    /// The sentence the judgement rests on, as the evidence an operator reads: the one whose
    /// absence lowers the probability of `label` most (of the text; of the subject when the
    /// text has no words). `matched` holds the Strongest probability («модель: 0.62»),
    /// `kind` is "model".
    std::optional<TextMatch> Evidence(std::string_view label);

private:
    const classify::TextModel* model_;
    const AnalyzedText& text_;
    const std::vector<std::string>* markers_;
    using Scores = std::vector<std::pair<std::string, double>>;
    /// The classifier's scores of `text` without a leading source marker.
    Scores Classify(std::string_view text) const;
    static double Of(const Scores& scores, std::string_view label);
    /// Whether a paragraph of the text is prose enough to be judged alone.
    bool Prose(std::string_view paragraph) const;

    std::optional<Scores> scores_;
    std::optional<Scores> text_scores_;
    struct PartScores {
        Scores scores;
        bool postscript = false;
    };
    std::optional<std::vector<PartScores>> part_scores_;
};

}  // namespace otklik::triage

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
class ModelSignal {
public:
    /// `model` may be null: then every probability is 0 and nothing is ever judged.
    ModelSignal(const classify::TextModel* model, const AnalyzedText& text)
        : model_(model), text_(text) {}

    /// Whether a classifier was loaded: without one, Probability is 0 and says nothing.
    bool Available() const { return model_ != nullptr; }

    /// The probability (0…1) that the whole appeal, subject and text, is of `label`.
    double Probability(std::string_view label);

    /// The sentence the judgement rests on, as the evidence an operator reads: the one whose
    /// absence lowers the probability of `label` most (of the text; of the subject when the
    /// text has no words). `matched` holds the whole appeal's probability («модель: 0.62»),
    /// `kind` is "model".
    std::optional<TextMatch> Evidence(std::string_view label);

private:
    const classify::TextModel* model_;
    const AnalyzedText& text_;
    std::optional<std::vector<std::pair<std::string, double>>> scores_;
};

}  // namespace otklik::triage

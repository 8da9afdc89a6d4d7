#include "triage/model_signal.hpp"

#include <cstdio>

namespace otklik::triage {

double ModelSignal::Probability(std::string_view label) {
    if (model_ == nullptr) return 0.0;
    if (!scores_) {
        std::string whole(text_.subject);
        whole += '\n';
        whole += text_.text;
        scores_ = model_->Classify(whole);
    }
    for (const auto& [name, probability] : *scores_) {
        if (name == label) return probability;
    }
    return 0.0;
}

std::optional<TextMatch> ModelSignal::Evidence(std::string_view label) {
    if (model_ == nullptr || text_.tokens.empty()) return std::nullopt;
    const auto& tokens = text_.tokens;
    const TextField field =
        tokens.back().field == TextField::kText ? TextField::kText : TextField::kSubject;
    const std::string_view whole = text_.Field(field);
    // The sentence whose absence lowers the appeal's probability most, that is the one the
    // judgement rests on; between equals (a text judged certain either way) the one that
    // scores highest alone.
    double best_without = 2.0;
    double best_alone = -1.0;
    std::optional<std::pair<std::size_t, std::size_t>> best;
    for (std::size_t first = 0; first < tokens.size();) {
        std::size_t last = first;
        while (last + 1 < tokens.size() && tokens[last + 1].sentence == tokens[first].sentence &&
               tokens[last + 1].field == tokens[first].field) {
            ++last;
        }
        if (tokens[first].field == field) {
            const std::size_t from = tokens[first].begin;
            const std::size_t to = tokens[last].end;
            std::string rest(whole.substr(0, from));
            rest += ' ';
            rest += whole.substr(to);
            const double without = model_->Probability(rest, label);
            const double alone = model_->Probability(text_.Span(first, last), label);
            constexpr double kEqual = 1e-3;
            if (without < best_without - kEqual ||
                (without < best_without + kEqual && alone > best_alone)) {
                best_without = without;
                best_alone = alone;
                best = std::pair{first, last};
            }
        }
        first = last + 1;
    }
    if (!best) return std::nullopt;
    char probability[32];
    std::snprintf(probability, sizeof probability, "модель: %.2f", Probability(label));
    return text_.Match(best->first, best->second, probability, "model");
}

}  // namespace otklik::triage

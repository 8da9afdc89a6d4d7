#include "triage/model_signal.hpp"

#include <algorithm>
#include <cstdio>

namespace otklik::triage {

double ModelSignal::Of(const Scores& scores, std::string_view label) {
    for (const auto& [name, probability] : scores) {
        if (name == label) return probability;
    }
    return 0.0;
}

std::string_view WithoutSourceMarker(std::string_view text,
                                     const std::vector<std::string>& markers) {
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return text;
    for (const std::string& marker : markers) {
        if (marker.empty() || text.substr(start).rfind(marker, 0) != 0) continue;
        std::string_view rest = text.substr(start + marker.size());
        const std::size_t body = rest.find_first_not_of(" \t\r\n.,:;-");
        return body == std::string_view::npos ? std::string_view{} : rest.substr(body);
    }
    return text;
}

ModelSignal::Scores ModelSignal::Classify(std::string_view text) const {
    return model_->Classify(markers_ == nullptr ? text : WithoutSourceMarker(text, *markers_));
}

double ModelSignal::Probability(std::string_view label) {
    if (model_ == nullptr) return 0.0;
    if (!scores_) {
        std::string whole(text_.subject);
        whole += '\n';
        whole += markers_ == nullptr ? text_.text : WithoutSourceMarker(text_.text, *markers_);
        scores_ = model_->Classify(whole);
    }
    return Of(*scores_, label);
}

namespace {

// The text's paragraphs: runs of lines between blank lines; a postscript («P.S.», «PS») starts
// one of its own. Lines quoted with «>» (the service's earlier reply under «Re:») and what follows
// a «--» signature mark are not the applicant's words (frozen set 11: «> Ваше обращение
// закрыто» alone read as a threat).
struct Paragraph {
    std::string_view text;
    bool postscript = false;
};

std::vector<Paragraph> Paragraphs(std::string_view text) {
    std::vector<Paragraph> out;
    std::size_t start = std::string_view::npos;
    std::size_t end = 0;
    bool postscript = false;
    const auto close = [&] {
        if (start != std::string_view::npos) {
            out.push_back({text.substr(start, end - start), postscript});
        }
        start = std::string_view::npos;
        postscript = false;
    };
    for (std::size_t at = 0; at <= text.size();) {
        std::size_t eol = text.find('\n', at);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(at, eol - at);
        const auto first = line.find_first_not_of(" \t\r");
        if (first != std::string_view::npos && line.substr(first).starts_with("--") &&
            line.find_first_not_of("- \t\r", first) == std::string_view::npos) {
            break;  // the signature
        }
        if (first == std::string_view::npos || line[first] == '>') {
            close();
        } else {
            line.remove_prefix(first);
            if (line.starts_with("P.S") || line.starts_with("PS") || line.starts_with("П.С") ||
                line.starts_with("p.s")) {
                close();
                postscript = true;
            }
            if (start == std::string_view::npos) start = at + first;
            end = eol;
        }
        at = eol + 1;
    }
    close();
    return out;
}

}  // namespace

bool ModelSignal::Prose(std::string_view paragraph) const {
    // Fewer words than this say too little for the classifier to weigh alone; a paragraph of
    // mostly capitalised words and numbers is a signature («Семёнов Игорь, +7 912…»), whose
    // names the classifier cannot read.
    constexpr std::size_t kPartMinWords = 6;
    const auto from = static_cast<std::size_t>(paragraph.data() - text_.text.data());
    const std::size_t to = from + paragraph.size();
    // A paragraph that asks politely («P.S. Если можно, пусть заодно покрасят скамейку…»,
    // «прошу», «пожалуйста») is a request: alone, its children and its entrance read as a threat
    // (1.00 beside a letter of 0.02).
    static constexpr std::string_view kPolite[] = {"пожалуйста", "прошу", "просим", "просьба"};
    std::size_t words = 0;
    std::size_t lower = 0;
    const Token* previous = nullptr;
    for (const Token& t : text_.tokens) {
        if (t.field != TextField::kText || t.begin < from || t.end > to) continue;
        if (std::find(std::begin(kPolite), std::end(kPolite), t.folded) != std::end(kPolite) ||
            (previous != nullptr && previous->folded == "если" && t.folded == "можно")) {
            return false;
        }
        previous = &t;
        if (t.technical || t.letters < 2) continue;
        ++words;
        lower += !t.upper_initial;
    }
    return words >= kPartMinWords && lower * 2 >= words;
}

double ModelSignal::Strongest(std::string_view label) {
    return std::max({Probability(label), TextProbability(label), PartProbability(label)});
}

double ModelSignal::TextProbability(std::string_view label) {
    if (model_ == nullptr) return 0.0;
    if (text_.subject.empty()) return Probability(label);
    if (!text_scores_) text_scores_ = Classify(text_.text);
    return Of(*text_scores_, label);
}

double ModelSignal::PartProbability(std::string_view label) {
    if (model_ == nullptr) return 0.0;
    if (!part_scores_) {
        part_scores_.emplace();
        const auto paragraphs = Paragraphs(text_.text);
        if (paragraphs.size() >= 2) {
            for (const Paragraph& paragraph : paragraphs) {
                if (Prose(paragraph.text)) {
                    part_scores_->push_back({Classify(paragraph.text), paragraph.postscript});
                }
            }
        }
    }
    double best = 0.0;
    for (const PartScores& part : *part_scores_) best = std::max(best, Of(part.scores, label));
    return best;
}

double ModelSignal::PostscriptProbability(std::string_view label) {
    if (model_ == nullptr) return 0.0;
    PartProbability(label);  // classifies the paragraphs once
    double best = 0.0;
    for (const PartScores& part : *part_scores_) {
        if (part.postscript) best = std::max(best, Of(part.scores, label));
    }
    return best;
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
            const double without = Of(Classify(rest), label);
            const double alone = Of(Classify(text_.Span(first, last)), label);
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
    std::snprintf(probability, sizeof probability, "модель: %.2f", Strongest(label));
    return text_.Match(best->first, best->second, probability, "model");
}

}  // namespace otklik::triage

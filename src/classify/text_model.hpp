#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace otklik::classify {

/// One labelled text to train on ("accept", "threat", "insult"…).
struct LabelledText {
    std::string label;
    std::string text;
};

/// A fastText classifier of texts (Debian libfasttext): word, word-pair and subword features
/// learned from labelled texts carry to phrasings nobody wrote down (issue 15). Triage trains
/// one on the labelled appeals (threats, insults: docs/decisions/0009-triage-text-model.md); the
/// knowledge base one on its articles' own words (their ids as labels).
///
/// Loading and training touch files and run at startup or in a tool only; Classify is const,
/// does no I/O and is safe to call from many threads.
class TextModel {
public:
    /// Reads a model written by Train. Fails naming the file when it is missing or not a model.
    [[nodiscard]] static core::Result<std::shared_ptr<const TextModel>> Load(
        const std::filesystem::path& file);

    /// Trains on `rows` with fixed hyperparameters, one thread and a fixed seed (the same rows
    /// give the same model) and writes it to `file`. Seconds for thousands of rows. Training
    /// stops early, failing with "triage_model_cancelled", once `cancelled` returns true (it is
    /// asked every few dozen texts).
    [[nodiscard]] static core::Result<void> Train(const std::vector<LabelledText>& rows,
                                                  const std::filesystem::path& file,
                                                  const std::function<bool()>& cancelled = {});

    /// The text as both training and prediction see it: case-folded, «ё» as «е», words of
    /// letters and digits (and the «*», «@» of masked words) separated by single spaces.
    static std::string Normalize(std::string_view text);

    /// Every label the model knows with its probability (0…1), most probable first. Known
    /// words' vectors are summed once at load (SummedWordPredictor): the same figures as
    /// ClassifyByFastText to about 1e-6, several times faster.
    std::vector<std::pair<std::string, double>> Classify(std::string_view text) const;

    /// The same judgement by fastText's own predictLine: the reference Classify is checked
    /// against.
    std::vector<std::pair<std::string, double>> ClassifyByFastText(std::string_view text) const;

    /// fastText's input ids of a text, by its dictionary (Dictionary::getLine) and as Classify
    /// computes them: for the test that holds the two equal.
    std::pair<std::vector<std::int32_t>, std::vector<std::int32_t>> InputIds(
        std::string_view text) const;

    /// The probability of one label; 0 for a label the model does not know.
    double Probability(std::string_view text, std::string_view label) const;

    TextModel(const TextModel&) = delete;
    TextModel& operator=(const TextModel&) = delete;
    ~TextModel();

private:
    struct Impl;
    explicit TextModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace otklik::classify

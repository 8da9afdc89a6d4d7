#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace fasttext {
class FastText;
}

namespace otklik::classify {

/// fastText's supervised prediction with each known word's input vector summed once, at load.
///
/// fastText averages, for every text, the input rows of each word, of its 3-5 letter subwords
/// and of each word pair: about twenty rows of a 10 MB matrix per word, read at random places.
/// On registration that was 7-9 % of the server's CPU (docs/performance.md, stop 30). Here a
/// word the model knows costs one row of a table built at load (the sum of its own rows), so a
/// text costs a row per word and per word pair; an unknown word's subwords are summed as
/// fastText sums them. Word ids, subwords and pairs are fastText's own (its dictionary and hash):
/// only the order of the float additions differs, so probabilities agree with fastText's to
/// about 1e-6 (tests/triage/text_model_test.cpp compares both on every text of a model).
class SummedWordPredictor {
public:
    /// Built for a non-quantized softmax model (what TextModel trains); null for another kind,
    /// which keeps fastText's own prediction.
    static std::unique_ptr<SummedWordPredictor> For(const fasttext::FastText& model);

    /// fastText's input ids for a line (words separated by spaces), in its order: each word's
    /// ids (its own, then its subwords), then the word pairs. What Dictionary::getLine gives;
    /// a test holds the two equal.
    std::vector<std::int32_t> InputIds(std::string_view line) const;

    /// Every label's probability (label index, probability as fastText reports it), most
    /// probable first; empty when the line has no words.
    std::vector<std::pair<std::int32_t, float>> Predict(std::string_view line) const;

    ~SummedWordPredictor();
    SummedWordPredictor(const SummedWordPredictor&) = delete;
    SummedWordPredictor& operator=(const SummedWordPredictor&) = delete;

private:
    struct Impl;
    explicit SummedWordPredictor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace otklik::classify

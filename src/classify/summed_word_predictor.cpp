#include "classify/summed_word_predictor.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fasttext/args.h>
#include <fasttext/densematrix.h>
#include <fasttext/dictionary.h>
#include <fasttext/fasttext.h>

namespace otklik::classify {

namespace {

// fastText's readWord separates words by these.
bool Space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\0';
}

void Add(float* to, const float* row, std::int64_t dim) {
    for (std::int64_t i = 0; i < dim; ++i) to[i] += row[i];
}

}  // namespace

struct SummedWordPredictor::Impl {
    std::shared_ptr<const fasttext::Dictionary> dictionary;
    std::shared_ptr<const fasttext::DenseMatrix> input;
    std::shared_ptr<const fasttext::DenseMatrix> output;
    std::int64_t dim = 0;
    std::int32_t words = 0;  // ids below this are words, above them subwords and pairs
    std::size_t word_ngrams = 1;
    int bucket = 0;
    int maxn = 0;
    std::vector<float> word_sums;        // words × dim: a word's own row plus its subwords'
    std::vector<std::int32_t> word_ids;  // how many rows each sum holds

    // One word's ids as Dictionary::addSubwords appends them.
    void AppendIds(const std::string& word, std::int32_t id, std::vector<std::int32_t>& out) const {
        if (id >= 0 && maxn <= 0) {
            out.push_back(id);
            return;
        }
        const auto& subwords = id >= 0 ? dictionary->getSubwords(id)
                                       : dictionary->getSubwords(word);  // computed per call
        out.insert(out.end(), subwords.begin(), subwords.end());
    }

    // Calls `word(token, id, hash)` per word and then `pair(id)` per word pair, in fastText's
    // order (Dictionary::getLine, addWordNgrams).
    template <typename OnWord, typename OnPair>
    void Walk(std::string_view line, OnWord on_word, OnPair on_pair) const {
        std::vector<std::int32_t> hashes;
        std::string token;
        for (std::size_t at = 0; at < line.size();) {
            while (at < line.size() && Space(line[at])) ++at;
            std::size_t end = at;
            while (end < line.size() && !Space(line[end])) ++end;
            if (end == at) break;
            token.assign(line.substr(at, end - at));
            at = end;
            const std::uint32_t h = dictionary->hash(token);
            const std::int32_t id = dictionary->getId(token, h);
            const auto type = id < 0 ? dictionary->getType(token) : dictionary->getType(id);
            if (type != fasttext::entry_type::word) continue;
            on_word(token, id);
            hashes.push_back(static_cast<std::int32_t>(h));
        }
        // fastText widens the int32 hashes with their sign.
        for (std::size_t i = 0; i < hashes.size(); ++i) {
            auto h = static_cast<std::uint64_t>(static_cast<std::int64_t>(hashes[i]));
            for (std::size_t j = i + 1; j < hashes.size() && j < i + word_ngrams; ++j) {
                h = h * 116049371 +
                    static_cast<std::uint64_t>(static_cast<std::int64_t>(hashes[j]));
                on_pair(words + static_cast<std::int32_t>(h % static_cast<std::uint64_t>(bucket)));
            }
        }
    }
};

SummedWordPredictor::SummedWordPredictor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SummedWordPredictor::~SummedWordPredictor() = default;

std::unique_ptr<SummedWordPredictor> SummedWordPredictor::For(const fasttext::FastText& model) {
    const fasttext::Args args = model.getArgs();
    if (model.isQuant() || args.model != fasttext::model_name::sup ||
        args.loss != fasttext::loss_name::softmax || (args.wordNgrams > 1 && args.bucket <= 0)) {
        return nullptr;
    }
    auto impl = std::make_unique<Impl>();
    impl->dictionary = model.getDictionary();
    impl->input = model.getInputMatrix();
    impl->output = model.getOutputMatrix();
    impl->dim = impl->input->cols();
    impl->words = impl->dictionary->nwords();
    impl->word_ngrams = static_cast<std::size_t>(std::max(1, args.wordNgrams));
    impl->bucket = args.bucket;
    impl->maxn = args.maxn;
    impl->word_sums.assign(static_cast<std::size_t>(impl->words * impl->dim), 0.0F);
    impl->word_ids.assign(static_cast<std::size_t>(impl->words), 0);
    std::vector<std::int32_t> ids;
    for (std::int32_t word = 0; word < impl->words; ++word) {
        ids.clear();
        impl->AppendIds({}, word, ids);
        float* sum = impl->word_sums.data() + word * impl->dim;
        for (const std::int32_t id : ids) Add(sum, impl->input->data() + id * impl->dim, impl->dim);
        impl->word_ids[static_cast<std::size_t>(word)] = static_cast<std::int32_t>(ids.size());
    }
    return std::unique_ptr<SummedWordPredictor>(new SummedWordPredictor(std::move(impl)));
}

std::vector<std::int32_t> SummedWordPredictor::InputIds(std::string_view line) const {
    std::vector<std::int32_t> out;
    impl_->Walk(
        line, [&](const std::string& token, std::int32_t id) { impl_->AppendIds(token, id, out); },
        [&](std::int32_t pair) { out.push_back(pair); });
    return out;
}

std::vector<std::pair<std::int32_t, float>> SummedWordPredictor::Predict(
    std::string_view line) const {
    const Impl& m = *impl_;
    std::vector<float> hidden(static_cast<std::size_t>(m.dim), 0.0F);
    std::int64_t rows = 0;
    std::vector<std::int32_t> unknown;
    m.Walk(
        line,
        [&](const std::string& token, std::int32_t id) {
            if (id >= 0) {
                Add(hidden.data(), m.word_sums.data() + id * m.dim, m.dim);
                rows += m.word_ids[static_cast<std::size_t>(id)];
                return;
            }
            unknown.clear();
            m.AppendIds(token, id, unknown);
            for (const std::int32_t sub : unknown) {
                Add(hidden.data(), m.input->data() + sub * m.dim, m.dim);
            }
            rows += static_cast<std::int64_t>(unknown.size());
        },
        [&](std::int32_t pair) {
            Add(hidden.data(), m.input->data() + pair * m.dim, m.dim);
            ++rows;
        });
    if (rows == 0) return {};
    const auto scale = static_cast<float>(1.0 / static_cast<double>(rows));
    for (float& h : hidden) h *= scale;
    // SoftmaxLoss::computeOutput, then the probability as FastText::predictLine reports it:
    // exp(log(p + 1e-5)).
    const std::int64_t labels = m.output->rows();
    std::vector<float> out(static_cast<std::size_t>(labels));
    for (std::int64_t l = 0; l < labels; ++l) {
        float dot = 0.0F;
        const float* row = m.output->data() + l * m.dim;
        for (std::int64_t i = 0; i < m.dim; ++i)
            dot += row[i] * hidden[static_cast<std::size_t>(i)];
        out[static_cast<std::size_t>(l)] = dot;
    }
    const float max = *std::max_element(out.begin(), out.end());
    float z = 0.0F;
    for (float& o : out) {
        o = std::exp(o - max);
        z += o;
    }
    std::vector<std::pair<std::int32_t, float>> predictions;
    predictions.reserve(out.size());
    for (std::size_t l = 0; l < out.size(); ++l) {
        const auto log = static_cast<float>(std::log(static_cast<double>(out[l] / z) + 1e-5));
        predictions.emplace_back(static_cast<std::int32_t>(l), std::exp(log));
    }
    std::stable_sort(predictions.begin(), predictions.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return predictions;
}

}  // namespace otklik::classify

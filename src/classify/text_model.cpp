#include "classify/text_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <fstream>
#include <sstream>
#include <system_error>

#include "classify/summed_word_predictor.hpp"
#include <fasttext/args.h>
#include <fasttext/fasttext.h>
#include <unicode/uchar.h>

#include "text/case_folding.hpp"
#include "text/utf8.hpp"

namespace otklik::classify {

namespace {

constexpr std::string_view kLabelPrefix = "__label__";

// Chosen by three-fold cross-validation over the training sets (the tuning corpus and frozen
// sets 1, 2 and 4), before any held-out set was scored: word bigrams and subwords of 3 to 5
// letters (endings, typos), a hash table of 50,000 subword buckets (about 15 MB in memory).
// Not quantized: on frozen set 7 quantization cost a tenth of the threats caught.
// docs/decisions/0009-triage-text-model.md has the figures.
const std::vector<std::string> kTrainArgs = {
    "-thread", "1",  "-seed",       "1", "-verbose", "0", "-epoch", "50", "-lr",     "0.5",
    "-dim",    "50", "-wordNgrams", "2", "-minn",    "3", "-maxn",  "5",  "-bucket", "50000"};

core::Error ModelError(const std::string& code, std::string message) {
    return core::Error{core::ErrorKind::kUnavailable, code, std::move(message), {}};
}

// Args::parseArgs takes a command line, and ends the process on a missing or unknown option:
// the options here are fixed, and the paths always given.
fasttext::Args ParseArgs(std::string command, const std::filesystem::path& input,
                         const std::filesystem::path& output,
                         const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {"fasttext",     std::move(command), "-input",
                                     input.string(), "-output",          output.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    fasttext::Args args;
    args.parseArgs(argv);
    return args;
}

}  // namespace

struct TextModel::Impl {
    fasttext::FastText model;
    std::unique_ptr<SummedWordPredictor> fast;  // null: fastText's own prediction
    std::vector<std::string> labels;            // by label index, without the prefix
};

namespace {

std::string LabelName(std::string label) {
    return label.starts_with(kLabelPrefix) ? label.substr(kLabelPrefix.size()) : std::move(label);
}

}  // namespace

TextModel::TextModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextModel::~TextModel() = default;

std::string TextModel::Normalize(std::string_view text) {
    const std::string folded = text::FoldCase(text);
    std::string out;
    out.reserve(folded.size());
    bool space = true;  // nothing written yet, or a space last
    std::size_t pos = 0;
    while (pos < folded.size()) {
        char32_t c = text::NextCodePoint(folded, pos);
        if (c == U'ё') c = U'е';
        // ASCII and the Russian alphabet answered without ICU: most of a text (issue 18).
        const bool alnum =
            c < 0x80 ? text::IsAsciiLetter(c) || text::IsAsciiDigit(c)
                     : (c >= 0x400 && c <= 0x45F) || u_isalnum(static_cast<UChar32>(c)) != 0;
        if (alnum || c == U'*' || c == U'@') {
            text::AppendUtf8(out, c);
            space = false;
        } else if (!space) {
            out += ' ';
            space = true;
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

core::Result<std::shared_ptr<const TextModel>> TextModel::Load(const std::filesystem::path& file) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) {
        return core::Fail(ModelError("triage_model_missing", "нет файла модели " + file.string()));
    }
    auto impl = std::make_unique<Impl>();
    try {
        impl->model.loadModel(file.string());
    } catch (const std::exception& e) {
        return core::Fail(
            ModelError("triage_model_invalid",
                       "файл " + file.string() + " — не модель fastText: " + e.what()));
    }
    impl->fast = SummedWordPredictor::For(impl->model);
    const auto dictionary = impl->model.getDictionary();
    for (std::int32_t l = 0; l < dictionary->nlabels(); ++l) {
        impl->labels.push_back(LabelName(dictionary->getLabel(l)));
    }
    return std::shared_ptr<const TextModel>(new TextModel(std::move(impl)));
}

core::Result<void> TextModel::Train(const std::vector<LabelledText>& rows,
                                    const std::filesystem::path& file,
                                    const std::function<bool()>& cancelled) {
    // fastText reads its training data from a file: one line per text, labels first.
    const std::filesystem::path input = file.string() + ".train.txt";
    {
        std::ofstream out(input, std::ios::binary | std::ios::trunc);
        for (const LabelledText& row : rows) {
            out << kLabelPrefix << row.label << ' ' << Normalize(row.text) << '\n';
        }
        if (!out)
            return core::Fail(
                ModelError("triage_model_write", "не удалось записать " + input.string()));
    }
    try {
        fasttext::FastText model;
        // fastText calls back every 64 texts; abort() makes train() throw AbortError.
        fasttext::FastText::TrainCallback callback;
        if (cancelled) {
            callback = [&](float, float, double, double, std::int64_t) {
                if (cancelled()) model.abort();
            };
        }
        model.train(ParseArgs("supervised", input, file, kTrainArgs), callback);
        model.saveModel(file.string());
    } catch (const fasttext::FastText::AbortError&) {
        std::filesystem::remove(input);
        return core::Fail(ModelError("triage_model_cancelled", "обучение модели прервано"));
    } catch (const std::exception& e) {
        std::filesystem::remove(input);
        return core::Fail(ModelError("triage_model_train", e.what()));
    }
    std::filesystem::remove(input);
    return {};
}

std::vector<std::pair<std::string, double>> TextModel::Classify(std::string_view text) const {
    if (!impl_->fast) return ClassifyByFastText(text);
    std::vector<std::pair<std::string, double>> out;
    for (const auto& [label, probability] : impl_->fast->Predict(Normalize(text))) {
        out.emplace_back(impl_->labels[static_cast<std::size_t>(label)],
                         static_cast<double>(probability));
    }
    return out;
}

std::vector<std::pair<std::string, double>> TextModel::ClassifyByFastText(
    std::string_view text) const {
    std::istringstream line(Normalize(text));
    std::vector<std::pair<fasttext::real, std::string>> predictions;
    // k = -1: every label; predictLine returns probabilities, most probable first.
    if (!impl_->model.predictLine(line, predictions, -1, 0.0F)) return {};
    std::vector<std::pair<std::string, double>> out;
    out.reserve(predictions.size());
    for (auto& [probability, label] : predictions) {
        out.emplace_back(LabelName(std::move(label)), static_cast<double>(probability));
    }
    return out;
}

std::pair<std::vector<std::int32_t>, std::vector<std::int32_t>> TextModel::InputIds(
    std::string_view text) const {
    const std::string normalized = Normalize(text);
    std::istringstream line(normalized);
    std::vector<std::int32_t> by_fasttext;
    std::vector<std::int32_t> labels;
    impl_->model.getDictionary()->getLine(line, by_fasttext, labels);
    return {std::move(by_fasttext),
            impl_->fast ? impl_->fast->InputIds(normalized) : std::vector<std::int32_t>{}};
}

double TextModel::Probability(std::string_view text, std::string_view label) const {
    for (const auto& [name, probability] : Classify(text)) {
        if (name == label) return probability;
    }
    return 0.0;
}

}  // namespace otklik::classify

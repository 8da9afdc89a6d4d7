// Trains the triage text classifier (issue 15, docs/decisions/0009-triage-text-model.md) on the
// labelled training sets. The build runs it (cmake/triage_model.cmake); run it by hand to train
// on other sets.
//
// Usage: otklik_triage_model_train [triage_data_dir] [model_file]

#include <cstdio>
#include <string>

#include "classify/text_model.hpp"
#include "triage_eval.hpp"

int main(int argc, char** argv) {
    const std::string data_dir = argc > 1 ? argv[1] : OTKLIK_TEST_DATA_DIR "/triage";
    const std::string file = argc > 2 ? argv[2] : "triage_model.bin";
    auto rows = otklik::triage::testing::ModelTrainingRows(data_dir, OTKLIK_REGULATIONS_DIR);
    if (!rows) {
        std::fprintf(stderr, "%s\n", rows.error().message.c_str());
        return 1;
    }
    if (auto trained = otklik::classify::TextModel::Train(*rows, file); !trained) {
        std::fprintf(stderr, "%s\n", trained.error().message.c_str());
        return 1;
    }
    std::printf("%zu labelled texts → %s\n", rows->size(), file.c_str());
    return 0;
}

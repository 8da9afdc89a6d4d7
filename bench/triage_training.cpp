// Per-label tables and per-row misses (ids, labels, decisions and rules; no texts) of the
// TRAINING sets only: the tuning corpus and frozen sets 1, 2 and 4 (issue 15; each became
// training after its first score). Held-out sets (frozen3, frozen5…) are never read here, so
// tuning never sees a row of them; their summaries are printed by otklik_triage_bench alone.
//
// Usage: otklik_triage_training [data_dir] [corpus_dir]

#include <iostream>
#include <string>
#include <utility>

#include "triage_corpus.hpp"
#include "triage_eval.hpp"

using namespace otklik::triage;

int main(int argc, char** argv) {
    const std::string data_dir = argc > 1 ? argv[1] : OTKLIK_DATA_DIR;
    const std::string corpus_dir =
        argc > 2 ? argv[2] : std::string(OTKLIK_TEST_DATA_DIR) + "/triage";
    auto lexicons = Lexicons::Load(data_dir, OTKLIK_TRIAGE_MODEL);
    if (!lexicons) {
        std::cerr << lexicons.error().message << "\n";
        return 1;
    }
    auto rows = testing::LoadCorpus(corpus_dir);
    if (!rows) {
        std::cerr << rows.error().message << "\n";
        return 1;
    }
    // Row-by-row expectations of the tuning corpus (decisions and rules, ids only).
    const testing::CorpusReport corpus = testing::EvaluateCorpus(*rows, *lexicons, 1);
    std::cout << "Tuning corpus: " << corpus.rows << " rows, decisions right "
              << corpus.decisions_right << ", wrongly refused " << corpus.wrongly_refused << "\n";
    for (const std::string& m : corpus.mismatches) std::cout << "  corpus " << m << "\n";
    const auto print = [](const testing::EvalReport& report) {
        std::cout << "\n" << testing::FormatEvalReport(report);
        for (const std::string& miss : report.misses) std::cout << "  " << miss << "\n";
    };
    if (auto tuning = testing::Evaluate("Tuning set (per label)", testing::LabelTuningCorpus(*rows),
                                        *lexicons, testing::EvalConfig::kSeed)) {
        print(*tuning);
    }
    for (const auto& [title, folder] : {std::pair{"Frozen set (per label)", "frozen"},
                                        std::pair{"Frozen set 2 (per label)", "frozen2"},
                                        std::pair{"Frozen set 4 (per label)", "frozen4"},
                                        std::pair{"Frozen set 7 (per label)", "frozen7"}}) {
        auto frozen = testing::LoadFrozenSet(corpus_dir + "/" + folder + "/appeals.tsv");
        if (!frozen) continue;
        if (auto scored = testing::Evaluate(
                title, *frozen, *lexicons, testing::EvalConfig::kProduct, OTKLIK_REGULATIONS_DIR)) {
            print(*scored);
        } else {
            std::cerr << scored.error().message << "\n";
        }
    }
    return 0;
}

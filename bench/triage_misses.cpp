// Per-row misses for tuning work (issue 15): the tuning corpus's mismatches and the misses of a
// training frozen set, by id. Held-out sets (frozen3, frozen4) are refused: they are scored only
// as summaries by otklik_triage_bench.
//
// Usage: otklik_triage_misses corpus_dir [frozen_appeals.tsv…]

#include <iostream>
#include <string>

#include "triage_corpus.hpp"
#include "triage_eval.hpp"

#include "triage/lexicons.hpp"

using namespace otklik::triage;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: otklik_triage_misses corpus_dir [frozen_appeals.tsv…]\n";
        return 2;
    }
    auto lexicons = Lexicons::Load(OTKLIK_DATA_DIR);
    if (!lexicons) {
        std::cerr << lexicons.error().message << "\n";
        return 1;
    }
    auto rows = testing::LoadCorpus(argv[1]);
    if (!rows) {
        std::cerr << rows.error().message << "\n";
        return 1;
    }
    const testing::CorpusReport report = testing::EvaluateCorpus(*rows, *lexicons);
    for (const std::string& m : report.mismatches) std::cout << "corpus " << m << "\n";
    for (int i = 2; i < argc; ++i) {
        const std::string path = argv[i];
        if (path.find("frozen3") != std::string::npos ||
            path.find("frozen4") != std::string::npos) {
            std::cerr << "held-out set refused: " << path << "\n";
            return 2;
        }
        auto frozen = testing::LoadFrozenSet(path);
        if (!frozen) {
            std::cerr << frozen.error().message << "\n";
            return 1;
        }
        auto scored = testing::Evaluate(path, *frozen, *lexicons, testing::EvalConfig::kProduct,
                                        OTKLIK_REGULATIONS_DIR);
        if (!scored) {
            std::cerr << scored.error().message << "\n";
            return 1;
        }
        for (const std::string& m : scored->misses) std::cout << "frozen " << m << "\n";
    }
    return 0;
}

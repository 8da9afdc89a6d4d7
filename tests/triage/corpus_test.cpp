#include <iostream>

#include "triage_corpus.hpp"
#include "triage_test_support.hpp"
#include <gtest/gtest.h>

namespace otklik::triage::testing {
namespace {

// Issue 4: precision ≥ 0.98 for every rule that can refuse, recall ≥ 0.90.
TEST(TriageCorpus, RefusingRulesMeetPrecisionAndRecallTargets) {
    auto rows = LoadCorpus(std::string(OTKLIK_TEST_DATA_DIR) + "/triage");
    ASSERT_TRUE(rows.has_value()) << rows.error().message;
    ASSERT_GE(rows->size(), 400u);
    const CorpusReport report = EvaluateCorpus(*rows, ProjectLexicons());
    std::cout << FormatReport(report);
    for (const std::string& mismatch : report.mismatches) std::cout << "  " << mismatch << "\n";
    const TriagePolicy policy = DefaultTriageConfig().policy;
    for (RuleCode code : kAllRules) {
        if (policy.For(code).action != RuleAction::kRefuse) continue;
        const RuleStats& stats = report.rules[static_cast<std::size_t>(code)];
        EXPECT_GE(stats.Precision(), 0.98) << RuleCodeName(code);
        EXPECT_GE(stats.Recall(), 0.90) << RuleCodeName(code);
    }
    // A wrongly refused appeal is the worst error: at most 1 % of the corpus.
    EXPECT_LE(report.wrongly_refused * 100, report.rows) << "wrongly refused";
}

}  // namespace
}  // namespace otklik::triage::testing

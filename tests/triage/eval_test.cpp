#include <iostream>

#include "triage_eval.hpp"
#include "triage_test_support.hpp"
#include <gtest/gtest.h>

namespace otklik::triage::testing {
namespace {

const std::string kTriageData = std::string(OTKLIK_TEST_DATA_DIR) + "/triage";

// The tuning corpus scored per label, as `make bench` prints it. Its own expectations are
// asserted row by row in corpus_test.cpp; here the issue-15 targets.
TEST(TriageEval, TuningSetMeetsTargetsPerLabel) {
    auto rows = LoadCorpus(kTriageData);
    ASSERT_TRUE(rows.has_value()) << rows.error().message;
    auto report =
        Evaluate("tuning set", LabelTuningCorpus(*rows), ProjectLexicons(), EvalConfig::kSeed);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    std::cout << FormatEvalReport(*report);
    for (const std::string& miss : report->misses) std::cout << "  " << miss << "\n";
    EXPECT_EQ(report->accept_refused + report->accept_held + report->accept_returned, 0u);
    const auto recall = [&](const char* label) { return report->labels.at(label).Recall(); };
    EXPECT_GE(recall("threat"), 0.90);
    EXPECT_GE(recall("foreign_language"), 0.90);
    EXPECT_GE(recall("no_question"), 0.95);
    EXPECT_GE(recall("obscene_language"), 0.90);
    EXPECT_GE(report->InadmissibleRecall(), 0.95);
    EXPECT_EQ(report->mass_groups_found, report->mass_groups);
}

// The frozen set (tests/data/triage/frozen, written apart from the rules) under the shipped
// regulations' [triage] policies. Only floors are asserted, just under what the rules achieve,
// so that a regression shows; the rows are never used for tuning.
TEST(TriageEval, FrozenSetKeepsItsFloors) {
    auto rows = LoadFrozenSet(kTriageData + "/frozen/appeals.tsv");
    ASSERT_TRUE(rows.has_value()) << rows.error().message;
    ASSERT_EQ(rows->size(), 420u);
    auto report = Evaluate("frozen set", *rows, ProjectLexicons(), EvalConfig::kProduct,
                           OTKLIK_REGULATIONS_DIR);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    std::cout << FormatEvalReport(*report);
    // Ids only: the texts stay out of logs so nobody tunes on them by accident.
    for (const std::string& miss : report->misses) std::cout << "  " << miss << "\n";
    EXPECT_EQ(report->accept_refused, 0u);
    EXPECT_EQ(report->accept_returned, 0u);
    // Three admissible rows are held by the abuse rules (as before issue 15); the target is 0.
    // Floors raised after the second generalization pass (violent plans, masks, machine
    // letters, reworded repeats, mass reports within hours, misdirected topics from the files).
    EXPECT_LE(report->accept_held, 3u);
    const auto recall = [&](const char* label) { return report->labels.at(label).Recall(); };
    EXPECT_GE(recall("foreign_language"), 0.95);
    EXPECT_GE(recall("no_question"), 0.85);
    EXPECT_GE(recall("obscene_language"), 0.85);
    EXPECT_GE(recall("threat"), 0.50);
    EXPECT_GE(recall("anonymous"), 0.95);
    EXPECT_GE(report->DuplicateOriginalRecall(), 0.70);
    EXPECT_GE(report->InadmissibleRecall(), 0.74);
    EXPECT_GE(report->mass_groups_found, 3u);
    EXPECT_GE(report->mass_reports_linked, 19u);
}

// The second frozen set (tests/data/triage/frozen2), written on 2026-12-05 by another helper
// kept away from the rules, after the second generalization pass: floors just under its first
// score, to show a regression; the rows are never used for tuning.
TEST(TriageEval, SecondFrozenSetKeepsItsFloors) {
    auto rows = LoadFrozenSet(kTriageData + "/frozen2/appeals.tsv");
    ASSERT_TRUE(rows.has_value()) << rows.error().message;
    ASSERT_EQ(rows->size(), 263u);
    auto report = Evaluate("frozen set 2", *rows, ProjectLexicons(), EvalConfig::kProduct,
                           OTKLIK_REGULATIONS_DIR);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    std::cout << FormatEvalReport(*report);
    for (const std::string& miss : report->misses) std::cout << "  " << miss << "\n";
    EXPECT_EQ(report->accept_refused, 0u);
    EXPECT_EQ(report->accept_held, 0u);
    EXPECT_EQ(report->accept_returned, 0u);
    // First score (2026-12-05): far below issue 15's targets — the rules still follow the
    // tuning set's wording; these floors only catch a regression.
    const auto recall = [&](const char* label) { return report->labels.at(label).Recall(); };
    EXPECT_GE(recall("foreign_language"), 0.85);
    EXPECT_GE(recall("no_question"), 0.75);
    EXPECT_GE(recall("obscene_language"), 0.65);
    EXPECT_GE(recall("threat"), 0.14);
    EXPECT_GE(report->DuplicateOriginalRecall(), 0.70);
    EXPECT_GE(report->InadmissibleRecall(), 0.54);
}

}  // namespace
}  // namespace otklik::triage::testing

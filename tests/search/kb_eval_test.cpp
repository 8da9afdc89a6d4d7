// Issue 15: the knowledge base answers only when it knows. The tuning questions choose the
// threshold (kb_confidence.hpp); the frozen set, written apart from the search, is only scored.
#include "kb_eval.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "kb_support.hpp"
#include <gtest/gtest.h>

namespace otklik::search {
namespace {

using testing::KbFixture;

const std::string kKbData = std::string(OTKLIK_SOURCE_DIR) + "/tests/data/kb/";

// With KB_EVAL_FEATURES=FILE, the evidence of every tuning question goes to FILE (one row per
// question), for choosing the threshold; the frozen set is never dumped.
void DumpFeatures(const KnowledgeBase& kb, const std::vector<testing::KbQuestion>& questions) {
    const char* path = std::getenv("KB_EVAL_FEATURES");
    if (!path) return;
    std::ofstream out(path);
    out << "line\tkind\tanswerable\trank\tcontent\tknown\tmatched\tweight\tmatched_weight\ttop\t"
           "second\ttitle\tknown_weight\n";
    for (const auto& q : questions) {
        SearchQuery query;
        query.text = q.question;
        query.regulation = q.regulation;
        query.limit = 10;
        const auto r = kb.Search(query);
        int rank = 0;
        for (std::size_t i = 0; i < r.hits.size(); ++i) {
            if (r.hits[i].key == q.article && rank == 0) rank = static_cast<int>(i) + 1;
        }
        const auto& e = r.evidence;
        out << q.line << '\t' << q.kind << '\t' << q.Answerable() << '\t' << rank << '\t'
            << e.content_words << '\t' << e.known_words << '\t' << e.matched_words << '\t'
            << e.weight << '\t' << e.matched_weight << '\t' << e.top_score << '\t' << e.second_score
            << '\t' << e.title_weight << '\t' << e.known_weight << '\n';
    }
}

TEST(KbEval, TuningSetAnswersWhenItKnows) {
    KbFixture f;
    // KB_EVAL_SPELLING=off|short|all compares the spelling correction modes (issue 15).
    if (const char* mode = std::getenv("KB_EVAL_SPELLING")) {
        const std::string m = mode;
        f.index.SetSpelling(m == "off"     ? SpellingMode::kOff
                            : m == "short" ? SpellingMode::kShortQueries
                                           : SpellingMode::kAllQueries);
    }
    f.LoadDemo();
    // KB_EVAL_QUESTIONS=FILE: the tuning questions rewritten by another speller (issue 15).
    const char* other = std::getenv("KB_EVAL_QUESTIONS");
    auto questions = testing::LoadKbQuestions(other ? other : kKbData + "questions.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_GE(questions->size(), 570u);
    DumpFeatures(f.kb, *questions);
    const auto report = testing::EvaluateKb("KB tuning set", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    for (const auto& miss : report.misses) std::cout << "  " << miss << "\n";
    // Issue 15's targets: recall@3 ≥ 0.95 and MRR ≥ 0.90 over answerable questions (typos
    // recall@3 ≥ 0.90, held here at 0.95); at most 3 of 20 unanswerable questions shown an
    // article. The shown answers are right (precision), and most answerable questions are shown
    // one (recall).
    EXPECT_GE(report.kinds.at("plain").Hit3(), 0.95);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.95);
    EXPECT_GE(report.all.Hit3(), 0.95);
    EXPECT_GE(report.all.Mrr(), 0.90);
    EXPECT_LE(report.kinds.at("none").confident_none * 20, report.kinds.at("none").questions * 3);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.95);
    EXPECT_GE(report.all.ConfidentRecall(), 0.77);
}

// Only the summaries are printed: the rows stay unread so that nobody tunes on them. The floors
// sit just under what the search achieves (2026-12, after issue 15's typo tolerance and BM25
// change), so that a regression shows; they are floors, not targets.
TEST(KbEval, FrozenSetKeepsItsFloors) {
    KbFixture f;
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "frozen_questions.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 240u);
    const auto report = testing::EvaluateKb("KB frozen set", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    // Measured (issue 15, fourth round: the speller keeps a word's first sound, layouts and
    // transliteration read whole): plain hit@3 0.971, MRR 0.914; typo hit@3 1.000; none shown
    // 3 of 30; precision 0.959. This set's misses were studied in the third round
    // (docs/decisions/0008). Stop 32 (everyday phrasings in every article, threshold 0.50):
    // plain hit@3 0.994, MRR 0.962; none shown 4 of 30; precision 0.979.
    EXPECT_GE(report.kinds.at("plain").Hit3(), 0.98);
    EXPECT_GE(report.kinds.at("plain").Mrr(), 0.94);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.97);
    EXPECT_LE(report.kinds.at("none").confident_none, 4);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.95);
}

// tests/data/kb/questions_kb3.tsv: 70 answerable and 15 unanswerable questions written before
// the third round of tuning (docs/decisions/0008-kb-confidence.md).
TEST(KbEval, Kb3SetKeepsItsFloors) {
    KbFixture f;
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "questions_kb3.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 85u);
    const auto report = testing::EvaluateKb("KB set kb3", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    // Measured: plain hit@3 0.917, MRR 0.833; typo hit@3 1.000; none shown 0 of 15;
    // precision 1.000. (0.933 before the fourth round: «позвонили» is no longer corrected to
    // «звонили» — a correction keeps the first letter — and its synonym group leads elsewhere.)
    EXPECT_GE(report.kinds.at("plain").Hit3(), 0.91);
    EXPECT_GE(report.kinds.at("plain").Mrr(), 0.82);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.90);
    EXPECT_LE(report.kinds.at("none").confident_none, 1);
    // 1.000 before the demo articles got citizens' phrasings as keywords (stop 25): plain hit@3
    // 0.933 → 0.950, MRR 0.842 → 0.882, and 2 confident answers of 54 wrong (0.963).
    EXPECT_GE(report.all.ConfidentPrecision(), 0.95);
}

// tests/data/kb/questions_kb4.tsv: 93 plain, 30 typo-heavy (eight typed whole on the English
// layout, one transliterated, words run together, Caps Lock) and 20 unanswerable questions
// written before the fourth round of issue 15 against the article list only.
TEST(KbEval, Kb4SetKeepsItsFloors) {
    KbFixture f;
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "questions_kb4.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 143u);
    const auto report = testing::EvaluateKb("KB set kb4", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    // Measured: plain hit@3 0.892, MRR 0.858; typo hit@3 1.000 (0.933 before the round);
    // none shown 1 of 20; precision 0.956. Stop 32 (everyday phrasings, threshold 0.50): plain
    // hit@3 0.989, MRR 0.954; none shown 2 of 20; precision 0.973.
    EXPECT_GE(report.kinds.at("plain").Hit3(), 0.97);
    EXPECT_GE(report.kinds.at("plain").Mrr(), 0.93);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.96);
    EXPECT_LE(report.kinds.at("none").confident_none, 2);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.95);
}

// tests/data/kb/questions_kb5.tsv: 111 plain questions in a citizen's own words (far from the
// articles' wording), 18 typo-heavy and 20 unanswerable, written before the fifth round of issue
// 15 against the article list only; the round was decided on other sets and checked on this one.
TEST(KbEval, Kb5SetKeepsItsFloors) {
    KbFixture f;
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "questions_kb5.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 149u);
    const auto report = testing::EvaluateKb("KB set kb5", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    // Measured: plain hit@3 0.793, MRR 0.745 (0.766 / 0.712 before the round); typo hit@3
    // 0.944; none shown 1 of 20.
    EXPECT_GE(report.kinds.at("plain").Hit3(), 0.78);
    EXPECT_GE(report.kinds.at("plain").Mrr(), 0.73);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.94);
    EXPECT_LE(report.kinds.at("none").confident_none, 1);
}

// Written apart from the search and held out for two rounds; open to study since the fourth.
TEST(KbEval, SecondFrozenSetKeepsItsFloors) {
    KbFixture f;
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "frozen2_questions.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 121u);
    const auto report = testing::EvaluateKb("KB frozen set 2", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    // Measured: plain hit@3 0.958, MRR 0.931; typo hit@3 1.000; none shown 1 of 25;
    // precision 0.988.
    EXPECT_GE(report.kinds.at("plain").Hit3(), 0.95);
    EXPECT_GE(report.kinds.at("plain").Mrr(), 0.92);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.96);
    // 1 of 25 before the citizens' phrasings (stop 25), 2 after; plain hit@3 0.958 → 0.986.
    EXPECT_LE(report.kinds.at("none").confident_none, 2);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.97);
}

// Written apart from the search; scored once held out (2026-12-05), open to study since.
TEST(KbEval, FourthFrozenSetKeepsItsFloors) {
    KbFixture f;
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "frozen4_questions.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 120u);
    const auto report = testing::EvaluateKb("KB frozen set 4", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    // Measured: plain hit@3 0.903, MRR 0.871 (0.887 / 0.837 when opened); typo hit@3 0.939;
    // none shown 1 of 25; precision 0.944.
    EXPECT_GE(report.kinds.at("plain").Hit3(), 0.89);
    EXPECT_GE(report.kinds.at("plain").Mrr(), 0.86);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.93);
    EXPECT_LE(report.kinds.at("none").confident_none, 1);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.93);
}

// Written apart from the search (stop 27) and scored before any change of that stop; the
// product's search, with the article classifier fused in, on what the user sees: answers shown
// that are right (issue 15, docs/decisions/0010-kb-article-model.md). Before the classifier's
// share of the confidence: 0.602 answered right, none shown 0 of 22.
TEST(KbEval, EighthFrozenSetAnsweredByTheFusedSearch) {
    KbFixture f(ArticleModel::kSynchronous);
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "frozen8_questions.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 110u);
    const auto report = testing::EvaluateKb("KB frozen set 8", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    // Measured: recall@3 0.989, MRR 0.938; answered right 0.693; none shown 0 of 22;
    // precision 1.000.
    EXPECT_GE(report.all.Hit3(), 0.97);
    EXPECT_GE(report.all.Mrr(), 0.92);
    EXPECT_GE(report.all.ConfidentRecall(), 0.68);
    EXPECT_LE(report.kinds.at("none").confident_none, 1);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.98);
}

// Written apart from the search (stop 28) and scored before any change of that stop: recall@3
// 0.886, MRR 0.824, answered right 0.466, none shown 3 of 22. Its plain paraphrases are the
// hardest of any set (recall@3 0.828): a situation told instead of the article's words.
TEST(KbEval, NinthFrozenSetAnsweredByTheFusedSearch) {
    KbFixture f(ArticleModel::kSynchronous);
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "frozen9_questions.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 110u);
    const auto report = testing::EvaluateKb("KB frozen set 9", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    // Measured after the stop's synonyms (MFC, INN, GIBDD…): recall@3 0.909, MRR 0.830;
    // answered right 0.466; none shown 2 of 22; precision 0.953.
    EXPECT_GE(report.all.Hit3(), 0.89);
    EXPECT_GE(report.all.Mrr(), 0.81);
    EXPECT_GE(report.all.ConfidentRecall(), 0.45);
    EXPECT_LE(report.kinds.at("none").confident_none, 3);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.93);
}

// Written apart from the search (stop 29) and scored before any change of that stop: recall@3
// 0.943, MRR 0.885, answered right 0.545, none shown 3 of 22; its typo questions all answered,
// its plain ones answered confidently only a third of the time (0.328).
TEST(KbEval, TenthFrozenSetAnsweredByTheFusedSearch) {
    KbFixture f(ArticleModel::kSynchronous);
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "frozen10_questions.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 110u);
    const auto report = testing::EvaluateKb("KB frozen set 10", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    // After the stop's synonym («урезанная» учётная запись): recall@3 0.955, MRR 0.891.
    EXPECT_GE(report.all.Hit3(), 0.95);
    EXPECT_GE(report.all.Mrr(), 0.88);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.99);
    EXPECT_GE(report.all.ConfidentRecall(), 0.53);
    EXPECT_LE(report.kinds.at("none").confident_none, 3);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.9);
}

// Written apart from the search (stop 30) and scored before any change: recall@3 0.897, MRR
// 0.861, none shown 3 of 24; plain questions far from the articles' words are its weak part
// (recall@3 0.857, answered confidently 0.321). Not studied yet: floors under the first score.
TEST(KbEval, EleventhFrozenSetAsFirstScored) {
    KbFixture f(ArticleModel::kSynchronous);
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "frozen11_questions.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 111u);
    const auto report = testing::EvaluateKb("KB frozen set 11", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    EXPECT_GE(report.all.Hit3(), 0.89);
    EXPECT_GE(report.all.Mrr(), 0.85);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.96);
    EXPECT_LE(report.kinds.at("none").confident_none, 3);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.9);
}

// Written apart from the search (stop 31) and scored before any change: recall@3 0.907, MRR
// 0.851, none shown 3 of 24, typo questions all found; plain questions are again its weak part
// (recall@3 0.857, 17 of 56 answered confidently). Not studied: floors under the first score.
TEST(KbEval, TwelfthFrozenSetAsFirstScored) {
    KbFixture f(ArticleModel::kSynchronous);
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "frozen12_questions.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 110u);
    const auto report = testing::EvaluateKb("KB frozen set 12", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    EXPECT_GE(report.all.Hit3(), 0.90);
    EXPECT_GE(report.all.Mrr(), 0.84);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.99);
    EXPECT_LE(report.kinds.at("none").confident_none, 3);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.9);
}

// Written apart from the search (stop 31, committed unscored) and scored at the start of stop 32,
// before any change: recall@3 0.841, MRR 0.801, none shown 1 of 24; its plain questions were the
// weakest yet (recall@3 0.759, 14 of 58 confident). Not studied for the search: the stop's
// everyday phrasings were written by a helper who did not see it (docs/decisions/0008, stop 32),
// after which recall@3 0.966, MRR 0.956, none shown 2 of 24. Floors under that.
TEST(KbEval, ThirteenthFrozenSetAfterTheEverydayPhrasings) {
    KbFixture f(ArticleModel::kSynchronous);
    f.LoadDemo();
    auto questions = testing::LoadKbQuestions(kKbData + "frozen13_questions.tsv");
    ASSERT_TRUE(questions.has_value()) << questions.error().message;
    ASSERT_EQ(questions->size(), 112u);
    const auto report = testing::EvaluateKb("KB frozen set 13", *questions, f.kb);
    std::cout << testing::FormatKbEvalReport(report);
    EXPECT_GE(report.all.Hit3(), 0.94);
    EXPECT_GE(report.all.Mrr(), 0.92);
    EXPECT_GE(report.kinds.at("typo").Hit3(), 0.99);
    EXPECT_LE(report.kinds.at("none").confident_none, 3);
    EXPECT_GE(report.all.ConfidentPrecision(), 0.93);
}

}  // namespace
}  // namespace otklik::search

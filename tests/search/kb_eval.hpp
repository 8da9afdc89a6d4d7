#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "search/knowledge_base.hpp"

namespace otklik::search::testing {

/// One labelled knowledge-base question (tests/data/kb/*.tsv): the header row names the columns
/// `question`, `article_id` ("-": the base has no answer), `regulation` and optionally `kind`
/// (`plain`, `typo`, `none`; without it `none` for "-" rows and `plain` for the others).
struct KbQuestion {
    int line = 0;
    std::string question;
    std::string article;
    std::string regulation;
    std::string kind;

    bool Answerable() const { return article != "-" && !article.empty(); }
};

[[nodiscard]] core::Result<std::vector<KbQuestion>> LoadKbQuestions(const std::string& path);

/// Scores of one kind of question (or of all).
struct KbKindScore {
    int questions = 0;
    int answerable = 0;
    int hit1 = 0;             ///< answerable, the article first
    int hit3 = 0;             ///< answerable, the article in the first three
    double reciprocal = 0;    ///< sum of 1/rank over answerable questions (rank ≤ 10)
    int confident = 0;        ///< the search judged itself confident (an answer is shown)
    int confident_right = 0;  ///< confident and the article in the first three
    int confident_none = 0;   ///< confident on a question the base cannot answer

    double Hit1() const { return Share(hit1, answerable); }
    double Hit3() const { return Share(hit3, answerable); }
    double Mrr() const { return answerable ? reciprocal / answerable : 0; }
    /// Of the questions shown an answer, how many got the right one in the first three.
    double ConfidentPrecision() const { return Share(confident_right, confident); }
    /// Of the answerable questions, how many were shown the right answer.
    double ConfidentRecall() const { return Share(confident_right, answerable); }
    /// Of the questions the base cannot answer, how many stayed silent.
    double SilentOnNone() const {
        const int none = questions - answerable;
        return none ? static_cast<double>(none - confident_none) / none : 0;
    }
    static double Share(int part, int whole) {
        return whole ? static_cast<double>(part) / whole : 0;
    }
};

struct KbEvalReport {
    std::string name;
    KbKindScore all;
    std::map<std::string, KbKindScore> kinds;
    /// "line N: kind, expected X, got Y" — line numbers only, no texts.
    std::vector<std::string> misses;
};

/// Asks every question of `questions` under its regulation (the chatbot's search: three answers
/// shown, ten ranked for the MRR) and scores the ranking and the confidence judgement.
KbEvalReport EvaluateKb(const std::string& name, const std::vector<KbQuestion>& questions,
                        const KnowledgeBase& kb);

/// A table per kind of question: hit@1, hit@3, MRR, confident precision and recall, silent on
/// questions the base cannot answer.
std::string FormatKbEvalReport(const KbEvalReport& report);

}  // namespace otklik::search::testing

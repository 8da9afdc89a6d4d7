#include "kb_eval.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace otklik::search::testing {
namespace {

std::vector<std::string> Split(const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream stream(line);
    std::string field;
    while (std::getline(stream, field, '\t')) fields.push_back(field);
    if (!fields.empty() && !fields.back().empty() && fields.back().back() == '\r') {
        fields.back().pop_back();
    }
    return fields;
}

void Count(KbKindScore& score, const KbQuestion& q, int rank, bool confident) {
    ++score.questions;
    if (confident) ++score.confident;
    if (!q.Answerable()) {
        if (confident) ++score.confident_none;
        return;
    }
    ++score.answerable;
    if (rank == 1) ++score.hit1;
    if (rank >= 1 && rank <= 3) {
        ++score.hit3;
        if (confident) ++score.confident_right;
    }
    if (rank >= 1) score.reciprocal += 1.0 / rank;
}

std::string Row(const std::string& name, const KbKindScore& s) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "| %-8s | %4d | %5.3f | %5.3f | %5.3f | %4d | %9.3f | %6.3f | %-11s |\n",
                  name.c_str(), s.questions, s.Hit1(), s.Hit3(), s.Mrr(), s.confident,
                  s.ConfidentPrecision(), s.ConfidentRecall(),
                  s.questions > s.answerable ? (std::to_string(s.confident_none) + " of " +
                                                std::to_string(s.questions - s.answerable))
                                                   .c_str()
                                             : "-");
    return line;
}

}  // namespace

core::Result<std::vector<KbQuestion>> LoadKbQuestions(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Fail(core::Error::NotFound("no question set at " + path));
    std::string line;
    if (!std::getline(in, line)) return core::Fail(core::Error::NotFound("empty " + path));
    std::map<std::string, std::size_t> column;
    const auto header = Split(line);
    for (std::size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
    for (const char* required : {"question", "article_id", "regulation"}) {
        if (!column.count(required)) {
            return core::Fail(core::Error::NotFound(path + ": no column " + required));
        }
    }
    std::vector<KbQuestion> questions;
    int number = 1;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        const auto fields = Split(line);
        const auto get = [&](const char* name) {
            const auto it = column.find(name);
            return it == column.end() || it->second >= fields.size() ? std::string()
                                                                     : fields[it->second];
        };
        KbQuestion q{number, get("question"), get("article_id"), get("regulation"), get("kind")};
        if (q.question.empty()) continue;
        if (q.kind.empty()) q.kind = q.Answerable() ? "plain" : "none";
        questions.push_back(std::move(q));
    }
    return questions;
}

KbEvalReport EvaluateKb(const std::string& name, const std::vector<KbQuestion>& questions,
                        const KnowledgeBase& kb) {
    KbEvalReport report;
    report.name = name;
    for (const auto& q : questions) {
        SearchQuery query;
        query.text = q.question;
        query.regulation = q.regulation;
        query.limit = 10;
        const auto result = kb.Search(query);
        int rank = 0;
        for (std::size_t i = 0; i < result.hits.size(); ++i) {
            if (result.hits[i].key == q.article) {
                rank = static_cast<int>(i) + 1;
                break;
            }
        }
        Count(report.all, q, rank, result.confident);
        Count(report.kinds[q.kind], q, rank, result.confident);
        const bool right =
            q.Answerable() ? rank >= 1 && rank <= 3 && result.confident : !result.confident;
        if (!right) {
            char miss[200];
            std::snprintf(
                miss, sizeof miss, "line %d: %s, expected %s, got %s%s (confidence %.2f)", q.line,
                q.kind.c_str(), q.article.c_str(),
                result.hits.empty() ? "nothing" : result.hits[0].key.c_str(),
                q.Answerable() && rank > 0 ? (" [rank " + std::to_string(rank) + "]").c_str() : "",
                result.confidence);
            report.misses.emplace_back(miss);
        }
    }
    return report;
}

std::string FormatKbEvalReport(const KbEvalReport& report) {
    std::string text = report.name + " (confident at " + std::to_string(kConfidentAt).substr(0, 4) +
                       ")\n"
                       "| kind     |    n | hit@1 | hit@3 |   MRR | conf | conf prec | recall | "
                       "none shown  |\n"
                       "|----------|------|-------|-------|-------|------|-----------|--------|"
                       "-------------|\n";
    for (const auto& [kind, score] : report.kinds) text += Row(kind, score);
    text += Row("all", report.all);
    return text;
}

}  // namespace otklik::search::testing

#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "triage/lexicons.hpp"
#include "triage/triage_engine.hpp"

namespace otklik::triage::testing {

/// One labelled appeal of tests/data/triage/corpus_*.tsv. Columns: id, expected decision,
/// expected rule codes ("-" for none, else comma-separated), options ("-" or key=value pairs
/// separated by ";"), text ("\n" for a line break). A line "#! key=value;…" sets default options
/// for the rows after it in the same file. Options:
///   reg      regulation: bilet | epgu | pos | hotline (config from SeedConfig)
///   ch       channel (web by default)
///   app      applicant key: rows of the same applicant are each other's earlier appeals
///   anon=1   no name, no contact; noname=1, nocontact=1 separately; login=1
///   subj     subject; cat, prio: the applicant's chosen category and priority
///   missing  required fields absent, joined with "+"
///   t        "+N": N hours after the previous row (default +100)
///   uin      this row's UIN (default generated); status: resolved | closed | open
///   sol      solution text (with status=resolved)
///   ecat, eprio  expected category and priority (checked when present)
struct CorpusRow {
    std::string file;
    std::size_t line = 0;
    std::string id;
    Decision decision = Decision::kAccept;
    std::vector<RuleCode> rules;
    std::map<std::string, std::string> options;
    std::string text;

    std::string Option(const std::string& key, const std::string& fallback = {}) const;
};

/// Reads every corpus_*.tsv in `dir`, in file name order.
core::Result<std::vector<CorpusRow>> LoadCorpus(const std::filesystem::path& dir);

/// The triage configuration of a seed regulation as the regulation files are expected to set
/// it: DefaultTriageConfig() plus each seed's misdirected topics, uncovered services and facets.
TriageConfig SeedConfig(const std::string& regulation);

struct RuleStats {
    std::size_t true_positives = 0;
    std::size_t false_positives = 0;
    std::size_t false_negatives = 0;
    double Precision() const;
    double Recall() const;
};

struct CorpusReport {
    std::size_t rows = 0;
    std::array<RuleStats, kRuleCount> rules{};
    std::size_t decisions_right = 0;
    std::size_t wrongly_refused = 0;  ///< refused although the label is not "refuse"
    std::size_t missed_refusals = 0;
    std::size_t category_checked = 0;
    std::size_t category_right = 0;
    std::size_t priority_checked = 0;
    std::size_t priority_right = 0;
    double average_micros = 0;      ///< triage time per appeal (fingerprints of the context stored)
    double average_cpu_micros = 0;  ///< the same in the thread's CPU time
    std::vector<std::string> mismatches;
};

/// Triages every row with the context built from the rows before it, as the service would:
/// earlier appeals of the same applicant, others' appeals of the last 24 hours, stored
/// fingerprints. `repeat` runs the whole corpus that many times for timing.
CorpusReport EvaluateCorpus(const std::vector<CorpusRow>& rows,
                            std::shared_ptr<const Lexicons> lexicons, int repeat = 1);

/// The per-rule precision/recall table and the summary lines.
std::string FormatReport(const CorpusReport& report);

}  // namespace otklik::triage::testing

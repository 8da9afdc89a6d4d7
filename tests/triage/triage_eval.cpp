#include "triage_eval.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <sstream>
#include <unordered_map>

#include "app/triage_policy.hpp"
#include "regulation/loader.hpp"
#include "triage/model_signal.hpp"

namespace otklik::triage::testing {

namespace {

std::vector<std::string> SplitOn(const std::string& s, char separator) {
    std::vector<std::string> out;
    std::string current;
    for (char c : s) {
        if (c == separator) {
            out.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    out.push_back(current);
    return out;
}

std::string UnescapeText(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 'n' || s[i + 1] == 't')) {
            out.push_back(s[i + 1] == 'n' ? '\n' : '\t');
            ++i;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

bool KnownLabel(const std::string& label) {
    return std::any_of(std::begin(kEvalLabels), std::end(kEvalLabels),
                       [&](const char* known) { return label == known; });
}

// The rules whose firing "catches" a row of this label.
std::vector<RuleCode> RulesOf(const std::string& label) {
    if (label == "misdirected") return {RuleCode::kMisdirected, RuleCode::kNotCovered};
    if (auto code = ParseRuleCode(label)) return {*code};
    return {};
}

std::string LabelOf(RuleCode code) {
    return code == RuleCode::kNotCovered ? "misdirected" : std::string(RuleCodeName(code));
}

TriageConfig ProductConfig(const regulation::Regulation& r) {
    // As app/triage_screener.cpp builds it (the loader refused unknown settings already).
    auto config = app::TriageConfigOf(r);
    return config ? std::move(*config) : DefaultTriageConfig();
}

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) {
        std::iota(parent.begin(), parent.end(), std::size_t{0});
    }
    std::size_t Find(std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void Join(std::size_t a, std::size_t b) { parent[Find(a)] = Find(b); }
};

std::string Fired(const TriageOutcome& outcome) {
    std::string out;
    for (const FiredRule& rule : outcome.rules) {
        if (!out.empty()) out += ",";
        out +=
            std::string(RuleCodeName(rule.code)) + "/" + std::string(RuleActionName(rule.action));
    }
    return out.empty() ? "-" : out;
}

std::string Messages(const TriageOutcome& outcome) {
    std::string out;
    for (const FiredRule& rule : outcome.rules) {
        out += "      " + std::string(RuleCodeName(rule.code)) + ": " + rule.message + "\n";
    }
    return out;
}

}  // namespace

std::string EvalRow::Option(const std::string& key, const std::string& fallback) const {
    auto it = options.find(key);
    return it == options.end() ? fallback : it->second;
}

double LabelStats::Recall() const {
    return rows == 0 ? 1.0 : static_cast<double>(caught) / static_cast<double>(rows);
}

double LabelStats::Precision() const {
    return fired == 0 ? 1.0 : static_cast<double>(fired_right) / static_cast<double>(fired);
}

double EvalReport::InadmissibleRecall() const {
    return inadmissible == 0
               ? 1.0
               : static_cast<double>(inadmissible_caught) / static_cast<double>(inadmissible);
}

double EvalReport::DuplicateOriginalRecall() const {
    return duplicates_with_original == 0 ? 1.0
                                         : static_cast<double>(duplicates_right_original) /
                                               static_cast<double>(duplicates_with_original);
}

core::Result<std::vector<EvalRow>> LoadFrozenSet(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return core::Fail(core::Error::BadRequest(file.string() + ": не читается"));
    std::vector<EvalRow> rows;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        const std::vector<std::string> cols = SplitOn(line, '\t');
        const std::string where = file.filename().string() + ":" + std::to_string(number);
        if (cols.size() != 4) return core::Fail(core::Error::BadRequest(where + ": 4 колонки"));
        EvalRow row;
        row.id = cols[0];
        row.label = cols[1];
        if (!KnownLabel(row.label)) {
            return core::Fail(core::Error::BadRequest(where + ": метка " + row.label));
        }
        if (cols[2] != "-") {
            for (const std::string& pair : SplitOn(cols[2], ';')) {
                const std::size_t eq = pair.find('=');
                if (eq != std::string::npos) {
                    row.options[pair.substr(0, eq)] = UnescapeText(pair.substr(eq + 1));
                }
            }
        }
        row.text = UnescapeText(cols[3]);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<EvalRow> LabelTuningCorpus(const std::vector<CorpusRow>& rows) {
    std::vector<EvalRow> out;
    out.reserve(rows.size());
    for (const CorpusRow& row : rows) {
        EvalRow e;
        e.id = row.id;
        e.options = row.options;
        e.text = row.text;
        e.label = "accept";
        const bool withheld =
            row.decision == Decision::kRefuse || row.decision == Decision::kHold ||
            row.decision == Decision::kReturn || row.decision == Decision::kComment;
        for (RuleCode code : row.rules) {
            if (withheld || code == RuleCode::kMassIncident) {
                e.label = LabelOf(code);
                break;
            }
        }
        // Withheld by a rule outside the labels' list keeps the first rule's name.
        out.push_back(std::move(e));
    }
    return out;
}

core::Result<std::vector<classify::LabelledText>> ModelTrainingRows(
    const std::filesystem::path& triage_data_dir, const std::filesystem::path& regulations_dir) {
    std::vector<std::string> markers;
    for (const auto& entry : std::filesystem::directory_iterator(regulations_dir)) {
        if (entry.path().extension() != ".toml") continue;
        auto loaded = regulation::LoadRegulationFile(entry.path());
        if (!loaded) return core::Fail(loaded.error());
        for (const std::string& marker : ProductConfig(*loaded).source_markers) {
            if (std::find(markers.begin(), markers.end(), marker) == markers.end()) {
                markers.push_back(marker);
            }
        }
    }
    auto corpus = LoadCorpus(triage_data_dir);
    if (!corpus) return core::Fail(corpus.error());
    std::vector<std::vector<EvalRow>> sets{LabelTuningCorpus(*corpus)};
    for (const char* folder : kModelTrainingSets) {
        auto frozen = LoadFrozenSet(triage_data_dir / folder / "appeals.tsv");
        if (!frozen) return core::Fail(frozen.error());
        sets.push_back(std::move(*frozen));
    }
    std::vector<classify::LabelledText> rows;
    for (auto& set : sets) {
        for (EvalRow& row : set) {
            const bool textual = std::find(std::begin(kModelLabels), std::end(kModelLabels),
                                           row.label) != std::end(kModelLabels);
            rows.push_back({textual ? std::move(row.label) : "accept",
                            std::string(WithoutSourceMarker(row.text, markers))});
        }
    }
    return rows;
}

core::Result<EvalReport> Evaluate(const std::string& name, const std::vector<EvalRow>& rows,
                                  std::shared_ptr<const Lexicons> lexicons, EvalConfig config,
                                  const std::filesystem::path& regulations_dir) {
    std::map<std::string, TriageEngine> engines;
    std::map<std::string, TriagePolicy> policies;
    for (const EvalRow& row : rows) {
        const std::string reg = row.Option("reg", "bilet");
        if (engines.contains(reg)) continue;
        TriageConfig c;
        if (config == EvalConfig::kSeed) {
            c = SeedConfig(reg);
        } else {
            auto loaded = regulation::LoadRegulationFile(regulations_dir / (reg + ".toml"));
            if (!loaded) return core::Fail(loaded.error());
            c = ProductConfig(*loaded);
        }
        policies[reg] = c.policy;
        auto engine = TriageEngine::Create(lexicons, std::move(c));
        if (!engine) return core::Fail(engine.error());
        engines.emplace(reg, std::move(*engine));
    }

    std::unordered_map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < rows.size(); ++i) index_of.emplace(rows[i].id, i);

    struct Stored {
        PastAppeal past;
        bool exists = false;  // became an appeal (a comment does not)
        std::string regulation;
    };
    std::vector<Stored> stored(rows.size());
    std::vector<TriageOutcome> outcomes(rows.size());
    core::Instant clock{std::chrono::hours(24 * 20465 + 7)};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const EvalRow& row = rows[i];
        const std::string reg = row.Option("reg", "bilet");
        const TriageEngine& engine = engines.at(reg);
        const std::string t = row.Option("t", "+100");
        clock += std::chrono::hours(std::stoi(t.substr(!t.empty() && t.front() == '+' ? 1 : 0)));
        TriageInput input;
        input.channel = row.Option("ch", "web");
        input.subject = row.Option("subj");
        input.text = row.text;
        const bool anon = row.Option("anon") == "1";
        input.has_name = !anon && row.Option("noname") != "1";
        const bool contact = !anon && row.Option("nocontact") != "1";
        input.has_email = contact && input.channel != "phone";
        input.has_phone = contact && input.channel == "phone";
        input.has_login = row.Option("login") == "1";
        input.category = row.Option("cat");
        if (const std::string prio = row.Option("prio"); !prio.empty()) {
            input.priority = std::stoi(prio);
        }
        if (const std::string missing = row.Option("missing"); !missing.empty()) {
            input.missing_fields = SplitOn(missing, '+');
        }
        if (const std::string hdr = row.Option("hdr"); !hdr.empty()) {
            input.headers = SplitOn(hdr, '|');
        }
        input.received_at = clock;
        // A repeat of a resolved question: its original was resolved by now.
        if (const std::string original = row.Option("dup_of");
            !original.empty() && row.Option("status") == "resolved") {
            if (auto it = index_of.find(original); it != index_of.end() && it->second < i) {
                stored[it->second].past.resolved = true;
                stored[it->second].past.status = "resolved";
            }
        }
        const std::string applicant = row.Option("app", "row:" + row.id);
        TriageContext context;
        for (std::size_t j = 0; j < i; ++j) {
            const Stored& q = stored[j];
            if (!q.exists || q.regulation != reg) continue;
            if (q.past.applicant == applicant) {
                context.earlier.push_back(q.past);
            } else if (clock - q.past.created <= std::chrono::hours(24)) {
                context.recent_others.push_back(q.past);
            }
        }
        outcomes[i] = engine.Triage(input, context);
        Stored& s = stored[i];
        s.regulation = reg;
        s.exists = outcomes[i].decision != Decision::kComment;
        char uin[32];
        std::snprintf(uin, sizeof uin, "ЕВ-2026-%06zu", i + 1);
        s.past.id = static_cast<std::int64_t>(i + 1);
        s.past.uin = row.Option("uin", uin);
        s.past.applicant = applicant;
        s.past.subject = input.subject;
        s.past.text = row.text;
        s.past.created = clock;
        const std::string status = row.Option("status");
        s.past.resolved = status == "resolved" && row.Option("dup_of").empty();
        s.past.solution = row.Option("sol");
        s.past.status = s.past.resolved                             ? "resolved"
                        : status == "closed"                        ? "closed"
                        : outcomes[i].decision == Decision::kRefuse ? "refused"
                                                                    : "registered";
        s.past.fingerprint = engine.Fingerprint(input.subject, row.text);
    }

    EvalReport report;
    report.name = name;
    report.rows = rows.size();
    const auto acted = [&](std::size_t i, const std::string& label) -> const FiredRule* {
        const TriagePolicy& policy = policies.at(rows[i].Option("reg", "bilet"));
        for (RuleCode code : RulesOf(label)) {
            const FiredRule* rule = outcomes[i].Find(code);
            if (rule == nullptr) continue;
            const RuleAction needed = std::min(RuleAction::kHold, policy.For(code).action);
            if (rule->action >= needed && rule->action != RuleAction::kOff) return rule;
        }
        return nullptr;
    };

    // Mass incidents: the links the service makes (each grouped report to every related one).
    UnionFind groups(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const FiredRule* rule = outcomes[i].Find(RuleCode::kMassIncident);
        if (rule == nullptr || !outcomes[i].mass_group) continue;
        for (const RelatedAppeal& related : rule->evidence.related) {
            const auto j = static_cast<std::size_t>(related.id - 1);
            if (j < rows.size()) groups.Join(i, j);
        }
    }
    std::map<std::string, std::vector<std::size_t>> mass;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (const std::string g = rows[i].Option("mass"); !g.empty()) mass[g].push_back(i);
    }
    std::vector<bool> linked(rows.size(), false);
    for (const auto& [group, members] : mass) {
        ++report.mass_groups;
        bool all = members.size() > 1;
        for (std::size_t m : members) {
            ++report.mass_reports;
            std::size_t together = 0;
            for (std::size_t other : members) {
                if (other != m && groups.Find(other) == groups.Find(m)) ++together;
            }
            linked[m] = together > 0;
            if (linked[m]) ++report.mass_reports_linked;
            all = all && together + 1 == members.size();
        }
        if (all) ++report.mass_groups_found;
    }

    for (const char* label : kEvalLabels) report.labels[label];
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const EvalRow& row = rows[i];
        const TriageOutcome& outcome = outcomes[i];
        LabelStats& own = report.labels[row.label];
        ++own.rows;
        for (auto& [label, stats] : report.labels) {
            if (label == "accept" || acted(i, label) == nullptr) continue;
            ++stats.fired;
            if (label == row.label) ++stats.fired_right;
        }
        const Decision d = outcome.decision;
        if (row.label == "accept") {
            report.accept_refused += d == Decision::kRefuse;
            report.accept_held += d == Decision::kHold;
            report.accept_returned += d == Decision::kReturn;
            report.accept_flagged += d == Decision::kFlag;
            if (d == Decision::kFlag) {
                report.accept_flags.push_back(row.id + " [" + Fired(outcome) + "]\n" +
                                              Messages(outcome));
            }
            const bool wrong =
                d == Decision::kRefuse || d == Decision::kHold || d == Decision::kReturn;
            if (wrong) {
                report.misses.push_back(row.id + " accept → " + std::string(DecisionName(d)) +
                                        " [" + Fired(outcome) + "]");
                report.miss_details.push_back(Messages(outcome));
            } else {
                ++own.caught;
            }
            continue;
        }
        ++report.inadmissible;
        bool caught = false;
        const FiredRule* rule = acted(i, row.label);
        if (row.label == "mass_incident") {
            caught = !row.Option("mass").empty() ? linked[i] : rule != nullptr;
        } else if (row.label == "duplicate" && !row.Option("dup_of").empty()) {
            ++report.duplicates_with_original;
            const auto original = index_of.find(row.Option("dup_of"));
            caught = rule != nullptr && !rule->evidence.related.empty() &&
                     original != index_of.end() &&
                     rule->evidence.related.front().id ==
                         static_cast<std::int64_t>(original->second + 1);
            if (caught) ++report.duplicates_right_original;
        } else {
            caught = rule != nullptr;
        }
        if (row.label == "status_inquiry") {
            ++report.status_inquiries;
            const FiredRule* inquiry = outcome.Find(RuleCode::kStatusInquiry);
            if (inquiry != nullptr && !inquiry->evidence.related.empty()) {
                const auto j = static_cast<std::size_t>(inquiry->evidence.related.front().id - 1);
                report.status_inquiries_on_original += j < i &&
                                                       rows[j].Option("app") == row.Option("app") &&
                                                       !row.Option("app").empty();
            }
        }
        if (caught) ++own.caught;
        const bool withheld =
            d == Decision::kRefuse || d == Decision::kHold || d == Decision::kReturn;
        if (caught || withheld) {
            ++report.inadmissible_caught;
        }
        if (!caught) {
            report.misses.push_back(row.id + " " + row.label + " → " +
                                    std::string(DecisionName(d)) + " [" + Fired(outcome) + "]");
            report.miss_details.push_back(Messages(outcome));
        }
    }
    return report;
}

std::string FormatEvalReport(const EvalReport& report) {
    std::ostringstream out;
    char line[200];
    out << report.name << ": " << report.rows << " appeals\n";
    std::snprintf(line, sizeof line, "%-18s %5s %6s %6s %9s %7s\n", "label", "rows", "caught",
                  "fired", "precision", "recall");
    out << line;
    for (const auto& [label, s] : report.labels) {
        if (s.rows == 0 && s.fired == 0) continue;
        if (label == "accept") {
            std::snprintf(line, sizeof line, "%-18s %5zu %6zu %6s %9s %7.3f\n", label.c_str(),
                          s.rows, s.caught, "-", "-", s.Recall());
        } else {
            std::snprintf(line, sizeof line, "%-18s %5zu %6zu %6zu %9.3f %7.3f\n", label.c_str(),
                          s.rows, s.caught, s.fired, s.Precision(), s.Recall());
        }
        out << line;
    }
    std::snprintf(line, sizeof line,
                  "inadmissible caught (refuse/hold/return or the rule's own action) %zu/%zu = "
                  "%.3f\n",
                  report.inadmissible_caught, report.inadmissible, report.InadmissibleRecall());
    out << line;
    std::snprintf(line, sizeof line,
                  "accept rows: wrongly refused %zu, held %zu, returned %zu (flagged %zu)\n",
                  report.accept_refused, report.accept_held, report.accept_returned,
                  report.accept_flagged);
    out << line;
    // Which rules stopped admissible rows, counted without ids: a held-out set's summary may
    // say what kind of mistake was made without showing the row.
    std::map<std::string, std::size_t> stopped_by;
    for (const auto& miss : report.misses) {
        const auto arrow = miss.find(" accept → ");
        const auto open = miss.find('[', arrow == std::string::npos ? miss.size() : arrow);
        if (open != std::string::npos) ++stopped_by[miss.substr(open)];
    }
    for (const auto& [rules, count] : stopped_by) {
        out << "  admissible rows stopped by " << rules << ": " << count << "\n";
    }
    std::snprintf(line, sizeof line, "duplicates found on the right original %zu/%zu = %.3f\n",
                  report.duplicates_right_original, report.duplicates_with_original,
                  report.DuplicateOriginalRecall());
    out << line;
    std::snprintf(line, sizeof line,
                  "status inquiries on the applicant's earlier appeal (commented, or registered "
                  "with a note on it) %zu/%zu\n",
                  report.status_inquiries_on_original, report.status_inquiries);
    out << line;
    std::snprintf(line, sizeof line,
                  "mass-incident groups fully linked %zu/%zu; reports linked %zu/%zu\n",
                  report.mass_groups_found, report.mass_groups, report.mass_reports_linked,
                  report.mass_reports);
    out << line;
    return out.str();
}

}  // namespace otklik::triage::testing

// Triage outcome dump (issue 18): every field of every outcome and fingerprint over the tuning
// corpus and variants of its texts, under both evaluation configurations (the seeds' and the
// regulation files' [triage] policies). Run before and after a change to the engine's
// internals and compare the files: an optimisation must leave them byte-identical.
// The frozen evaluation set is not read here (only the evaluation binary scores it).
//
// Usage: otklik_triage_dump [data_dir] [corpus_dir] [regulations_dir] > outcomes.txt

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "triage_corpus.hpp"

#include "regulation/loader.hpp"
#include "triage/lexicons.hpp"
#include "triage/triage_engine.hpp"

using namespace otklik::triage;

namespace {

TriageConfig ProductConfig(const otklik::regulation::Regulation& r) {
    TriageConfig config = DefaultTriageConfig();
    for (const auto& setting : r.triage) {
        const auto code = ParseRuleCode(setting.rule);
        const auto action = ParseRuleAction(setting.action);
        if (!code || !action) continue;
        RulePolicy& policy = config.policy.For(*code);
        policy.action = *action;
        if (!setting.uncertain_action.empty()) {
            if (auto uncertain = ParseRuleAction(setting.uncertain_action)) {
                policy.uncertain_action = *uncertain;
            }
        } else if (policy.uncertain_action > policy.action) {
            policy.uncertain_action = policy.action;
        }
    }
    for (const auto& m : r.triage_misdirected) {
        config.misdirected.push_back({m.organization, m.addressee, m.topics});
    }
    for (const auto& n : r.triage_not_covered) {
        config.not_covered.push_back({n.service, n.keywords});
        config.not_covered_categories.insert(config.not_covered_categories.end(),
                                             n.categories.begin(), n.categories.end());
    }
    return config;
}

void Print(std::ostream& out, const TextMatch& m) {
    out << "    match " << TextFieldName(m.field) << " " << m.offset << "+" << m.length << " ["
        << m.text << "] [" << m.matched << "] " << m.kind << "\n";
}

void Print(std::ostream& out, const TextFingerprint& fp) {
    out << "  fingerprint v" << fp.version;
    for (std::uint64_t term : fp.terms) out << " " << std::hex << term << std::dec;
    out << "\n";
}

void Print(std::ostream& out, const TriageOutcome& o) {
    char number[64];
    out << "  decision " << static_cast<int>(o.decision) << "\n";
    for (const FiredRule& r : o.rules) {
        out << "  rule " << RuleCodeName(r.code) << " " << ConfidenceName(r.confidence) << " "
            << RuleActionName(r.action) << " " << r.message << "\n";
        const Evidence& e = r.evidence;
        for (const TextMatch& m : e.matches) Print(out, m);
        if (e.language) {
            std::snprintf(number, sizeof number, "%.17g", e.language->cyrillic_share);
            out << "    language " << e.language->code << " " << e.language->name << " "
                << e.language->percent << " " << e.language->reliable << " " << number << " "
                << e.language->letters << "\n";
        }
        for (const RelatedAppeal& a : e.related) {
            std::snprintf(number, sizeof number, "%.17g", a.similarity);
            out << "    related " << a.id << " " << a.uin << " " << a.status << " [" << a.solution
                << "] " << number << "\n";
        }
        for (const std::string& f : e.missing_fields) out << "    missing " << f << "\n";
        std::snprintf(number, sizeof number, "%.17g", e.novelty);
        out << "    org [" << e.organization << "] service [" << e.service << "] category ["
            << e.category << "] uin [" << e.referenced_uin << "] applicants " << e.applicants
            << " novelty " << number << "\n";
    }
    const Classification& c = o.classification;
    out << "  category " << c.category << " [" << c.category_title << "] priority " << c.priority
        << " disagree " << c.category_disagrees << c.priority_disagrees << " note [" << c.note
        << "]\n";
    for (const TextMatch& m : c.category_matches) Print(out, m);
    for (const TextMatch& m : c.priority_matches) Print(out, m);
    for (const FacetSuggestion& f : c.facets) {
        out << "  facet " << f.facet << " " << f.value << " [" << f.title << "]\n";
        for (const TextMatch& m : f.matches) Print(out, m);
    }
    if (o.comment_on)
        out << "  comment_on " << o.comment_on->id << " " << o.comment_on->uin << "\n";
    if (o.mass_group) out << "  mass_group " << *o.mass_group << "\n";
}

// The same texts in other shapes: shouting, a subject taken from the text, a cut in the middle
// of a character, stray invalid bytes, a forward header, an e-mail channel with headers.
std::vector<testing::CorpusRow> Variants(const std::vector<testing::CorpusRow>& rows) {
    std::vector<testing::CorpusRow> out;
    for (const testing::CorpusRow& row : rows) {
        out.push_back(row);
        testing::CorpusRow upper = row;
        upper.id += "/upper";
        for (char& c : upper.text) {
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        }
        out.push_back(std::move(upper));
        testing::CorpusRow cut = row;
        cut.id += "/cut";
        cut.text = row.text.substr(0, row.text.size() * 2 / 3);
        cut.options["subj"] = row.text.substr(0, std::min<std::size_t>(row.text.size(), 41));
        out.push_back(std::move(cut));
        testing::CorpusRow broken = row;
        broken.id += "/broken";
        broken.text = "\xff\xfe" + row.text.substr(0, row.text.size() / 2) + "\xc0 \n\n> " +
                      row.text.substr(row.text.size() / 2) + "\n-- \nС уважением, Иван";
        out.push_back(std::move(broken));
        testing::CorpusRow mail = row;
        mail.id += "/mail";
        mail.options["ch"] = "email";
        mail.text = "-------- Пересылаемое сообщение --------\nОт: a@b.ru\n" + row.text;
        out.push_back(std::move(mail));
    }
    return out;
}

std::string DumpSet(const std::vector<testing::CorpusRow>& rows,
                    const std::map<std::string, TriageEngine>& engines) {
    std::ostringstream out;
    struct Stored {
        PastAppeal past;
        std::string regulation;
    };
    std::vector<Stored> stored;
    otklik::core::Instant clock{std::chrono::hours(24 * 20465 + 7)};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const testing::CorpusRow& row = rows[i];
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
        input.has_email = !anon && row.Option("nocontact") != "1";
        input.has_login = row.Option("login") == "1";
        input.category = row.Option("cat");
        if (const std::string prio = row.Option("prio"); !prio.empty()) {
            input.priority = std::stoi(prio);
        }
        if (const std::string missing = row.Option("missing"); !missing.empty()) {
            input.missing_fields.push_back(missing);
        }
        if (input.channel == "email" && i % 3 == 0) {
            input.headers = {"Received: from x", i % 2 ? "Precedence: bulk" : "Auto-Submitted: no"};
        }
        input.received_at = clock;
        const std::string applicant = row.Option("app", "row:" + row.id);
        TriageContext context;
        for (const Stored& q : stored) {
            if (q.regulation != reg) continue;
            if (q.past.applicant == applicant) {
                context.earlier.push_back(q.past);
            } else if (clock - q.past.created <= std::chrono::hours(24)) {
                context.recent_others.push_back(q.past);
            }
        }
        // Every third earlier appeal without a stored fingerprint: computed during triage.
        for (std::size_t k = 0; k < context.earlier.size(); k += 3) {
            context.earlier[k].fingerprint = {};
        }
        const TriageOutcome outcome = engine.Triage(input, context);
        out << "row " << row.id << " " << reg << "\n";
        Print(out, outcome);
        Stored s;
        s.regulation = reg;
        s.past.id = static_cast<std::int64_t>(i + 1);
        char uin[32];
        std::snprintf(uin, sizeof uin, "ТТ-2026-%06zu", i + 1);
        s.past.uin = row.Option("uin", uin);
        s.past.applicant = applicant;
        s.past.subject = input.subject;
        s.past.text = row.text;
        s.past.created = clock;
        const std::string status = row.Option("status");
        s.past.resolved = status == "resolved";
        s.past.status = s.past.resolved                         ? "resolved"
                        : status == "closed"                    ? "closed"
                        : outcome.decision == Decision::kRefuse ? "refused"
                                                                : "registered";
        s.past.solution = row.Option("sol");
        s.past.category = outcome.classification.category;
        s.past.fingerprint = engine.Fingerprint(input.subject, row.text);
        Print(out, s.past.fingerprint);
        if (outcome.decision != Decision::kComment) stored.push_back(std::move(s));
    }
    return out.str();
}

}  // namespace

int main(int argc, char** argv) {
    const std::string data_dir = argc > 1 ? argv[1] : OTKLIK_DATA_DIR;
    const std::string corpus_dir =
        argc > 2 ? argv[2] : std::string(OTKLIK_TEST_DATA_DIR) + "/triage";
    const std::string regulations_dir = argc > 3 ? argv[3] : OTKLIK_REGULATIONS_DIR;
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
    const std::vector<testing::CorpusRow> all = Variants(*rows);
    for (const bool product : {false, true}) {
        std::map<std::string, TriageEngine> engines;
        for (const char* reg : {"bilet", "epgu", "pos", "hotline"}) {
            TriageConfig config;
            if (product) {
                auto loaded = otklik::regulation::LoadRegulationFile(std::string(regulations_dir) +
                                                                     "/" + reg + ".toml");
                if (!loaded) {
                    std::cerr << loaded.error().message << "\n";
                    return 1;
                }
                config = ProductConfig(*loaded);
            } else {
                config = testing::SeedConfig(reg);
            }
            auto engine = TriageEngine::Create(*lexicons, std::move(config));
            if (!engine) {
                std::cerr << engine.error().message << "\n";
                return 1;
            }
            engines.emplace(reg, std::move(*engine));
        }
        std::cout << "== " << (product ? "regulation files" : "seed configs") << "\n"
                  << DumpSet(all, engines);
    }
    return 0;
}

// Triage of texts given on stdin, one per line as "regulation[;channel[;subject]]<TAB>text" (issue
// 15): the decision, the text classifier's threat and insult probabilities of the whole text and
// every fired rule's message, to probe a rule on sentences written for the purpose.
//
// A line whose first column starts with «<» («<epgu;email») is an earlier open appeal of the same
// applicant, registered a day before the lines that follow (the duplicate and status-inquiry
// rules see it); a line «<clear» forgets them.
//
// Usage: otklik_threat_probe [data_dir] < lines.tsv

#include <chrono>
#include <iostream>
#include <map>
#include <string>

#include "triage_corpus.hpp"

#include "triage/lexicons.hpp"
#include "triage/triage_engine.hpp"

using namespace otklik::triage;

int main(int argc, char** argv) {
    const std::string data_dir = argc > 1 ? argv[1] : OTKLIK_DATA_DIR;
    auto lexicons = Lexicons::Load(data_dir, OTKLIK_TRIAGE_MODEL);
    if (!lexicons) {
        std::cerr << lexicons.error().message << "\n";
        return 1;
    }
    std::map<std::string, TriageEngine> engines;
    for (const char* reg : {"bilet", "epgu", "pos", "hotline"}) {
        auto engine = TriageEngine::Create(*lexicons, testing::SeedConfig(reg));
        if (!engine) {
            std::cerr << engine.error().message << "\n";
            return 1;
        }
        engines.emplace(reg, std::move(*engine));
    }
    std::string line;
    TriageContext context;
    const otklik::core::Instant now = otklik::core::Instant{} + std::chrono::hours(24 * 365 * 56);
    while (std::getline(std::cin, line)) {
        if (line.starts_with("<clear")) {
            context.earlier.clear();
            continue;
        }
        const bool earlier = line.starts_with("<");
        if (earlier) line.erase(0, 1);
        const auto tab = line.find('\t');
        // The first column: "regulation", "regulation;channel" or "regulation;channel;subject".
        std::string reg = tab == std::string::npos ? "pos" : line.substr(0, tab);
        std::string channel = "web";
        std::string subject;
        if (const auto semi = reg.find(';'); semi != std::string::npos) {
            channel = reg.substr(semi + 1);
            reg.resize(semi);
            if (const auto second = channel.find(';'); second != std::string::npos) {
                subject = channel.substr(second + 1);
                channel.resize(second);
            }
        }
        const auto engine = engines.find(reg);
        if (engine == engines.end()) continue;
        TriageInput input;
        input.channel = channel;
        input.subject = subject;
        input.text = tab == std::string::npos ? line : line.substr(tab + 1);
        // Line breaks written as «\n», as in the corpus files.
        for (auto at = input.text.find("\\n"); at != std::string::npos;
             at = input.text.find("\\n", at + 1)) {
            input.text.replace(at, 2, "\n");
        }
        input.has_name = true;
        input.has_email = true;
        input.received_at = now;
        if (earlier) {
            PastAppeal past;
            past.id = static_cast<std::int64_t>(context.earlier.size() + 1);
            past.uin = "ПР-" + std::to_string(past.id);
            past.applicant = "probe";
            past.subject = input.subject;
            past.text = input.text;
            past.status = "registered";
            past.created = now - std::chrono::hours(24);
            context.earlier.push_back(std::move(past));
            continue;
        }
        const TriageOutcome outcome = engine->second.Triage(input, context);
        std::cout << DecisionName(outcome.decision) << "\t" << input.text.substr(0, 80) << "\n";
        if (const auto* model = (*lexicons)->model()) {
            std::cout << "    model: threat " << model->Probability(input.text, "threat")
                      << ", insult " << model->Probability(input.text, "insult") << ", misdirected "
                      << model->Probability(input.text, "misdirected") << "\n";
        }
        for (const FiredRule& rule : outcome.rules) {
            std::cout << "    " << RuleCodeName(rule.code) << ": " << rule.message << "\n";
            for (const TextMatch& m : rule.evidence.matches) {
                std::cout << "      [" << m.kind << "] " << m.text << " (" << m.matched << ")\n";
            }
        }
    }
    return 0;
}

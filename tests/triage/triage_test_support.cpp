#include "triage_test_support.hpp"

#include <cstdlib>
#include <iostream>

namespace otklik::triage::testing {

std::shared_ptr<const Lexicons> ProjectLexicons() {
    static const std::shared_ptr<const Lexicons> lexicons = [] {
        auto loaded = Lexicons::Load(OTKLIK_DATA_DIR, OTKLIK_TRIAGE_MODEL);
        if (!loaded) {
            std::cerr << "lexicons: " << loaded.error().message << "\n";
            std::abort();
        }
        return *loaded;
    }();
    return lexicons;
}

TriageEngine EngineWith(TriageConfig config) {
    auto engine = TriageEngine::Create(ProjectLexicons(), std::move(config));
    if (!engine) {
        std::cerr << "engine: " << engine.error().message << "\n";
        std::abort();
    }
    return *engine;
}

TriageEngine DefaultEngine() {
    static const TriageEngine engine = EngineWith(DefaultTriageConfig());
    return engine;
}

TriageEngine RulesOnlyEngine() {
    static const TriageEngine engine = [] {
        auto lexicons = Lexicons::Load(OTKLIK_DATA_DIR);
        if (!lexicons) {
            std::cerr << "lexicons: " << lexicons.error().message << "\n";
            std::abort();
        }
        auto created = TriageEngine::Create(*lexicons, DefaultTriageConfig());
        if (!created) std::abort();
        return *created;
    }();
    return engine;
}

TriageInput Draft(std::string text, std::string subject) {
    TriageInput input;
    input.channel = "web";
    input.text = std::move(text);
    input.subject = std::move(subject);
    input.has_name = true;
    input.has_email = true;
    return input;
}

TriageOutcome TriageText(const std::string& text) {
    return DefaultEngine().Triage(Draft(text), TriageContext{});
}

TriageOutcome CallNote(std::string text, const TriageContext& context, core::Instant received_at) {
    TriageInput input = Draft(std::move(text));
    input.channel = "phone";
    input.received_at = received_at;
    return RulesOnlyEngine().Triage(input, context);
}

PastAppeal EarlierAppeal(std::int64_t id, std::string uin, std::string text, core::Instant created,
                         bool resolved, std::string solution) {
    PastAppeal appeal;
    appeal.id = id;
    appeal.uin = std::move(uin);
    appeal.applicant = "applicant-1";
    appeal.text = std::move(text);
    appeal.status = resolved ? "resolved" : "assigned";
    appeal.resolved = resolved;
    appeal.solution = std::move(solution);
    appeal.created = created;
    return appeal;
}

std::string RuleList(const TriageOutcome& outcome) {
    std::string out;
    for (const FiredRule& rule : outcome.rules) {
        if (!out.empty()) out += ",";
        out += RuleCodeName(rule.code);
    }
    return out;
}

}  // namespace otklik::triage::testing

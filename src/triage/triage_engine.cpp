#include "triage/triage_engine.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "triage/rules/run.hpp"

namespace otklik::triage {

using rules::Analysis;
using rules::Fnv1a;
using rules::Key2;
using rules::PrefixTerm;
using rules::Run;

struct TriageEngine::Compiled : rules::EngineState {
    using EngineState::EngineState;
};

std::string_view TextFieldName(TextField field) {
    return field == TextField::kSubject ? "subject" : "text";
}

const FiredRule* TriageOutcome::Find(RuleCode code) const {
    for (const FiredRule& rule : rules) {
        if (rule.code == code) return &rule;
    }
    return nullptr;
}

core::Result<TriageEngine> TriageEngine::Create(std::shared_ptr<const Lexicons> lexicons,
                                                TriageConfig config) {
    if (!lexicons) {
        return core::Fail(core::Error{
            core::ErrorKind::kUnavailable, "lexicon_missing", "словари триажа не загружены", {}});
    }
    if (auto ok = ValidateTriageConfig(config); !ok) return core::Fail(ok.error());
    auto state = std::make_shared<Compiled>(std::move(lexicons), std::move(config));
    std::uint32_t tag = 0;
    for (const VocabularyEntry& entry : state->lexicons->vocabulary()) {
        if (entry.word_class == WordClass::kSynonym) {
            const std::string canonical = StemRussian(entry.value);
            const std::string pattern = FoldText(entry.pattern);
            if (pattern.ends_with('*')) {
                state->synonym_prefixes.emplace_back(pattern.substr(0, pattern.size() - 1),
                                                     canonical);
                // A prefix of one byte would need every bucket: rejected by the lexicon check.
                if (pattern.size() < 3) {
                    return core::Fail(core::Error{core::ErrorKind::kValidation,
                                                  "lexicon_invalid",
                                                  "синоним-префикс короче двух байт: " + pattern,
                                                  {}});
                }
                state->synonym_prefix_buckets[Key2(pattern)].push_back(
                    state->synonym_prefixes.size() - 1);
            } else {
                state->synonym_stems.emplace(StemRussian(pattern), canonical);
            }
            continue;
        }
        if (state->vocabulary.Add(entry.pattern, tag)) {
            state->vocabulary_class.push_back(entry.word_class);
            ++tag;
        }
    }
    std::vector<std::uint64_t> generic;
    for (std::string_view word : MassGenericWords()) {
        Token token;
        token.folded = FoldText(word);
        token.stem = StemRussian(token.folded);
        generic.push_back(Fnv1a(Term(*state, token)));
        generic.push_back(Fnv1a(token.stem));
        if (auto prefix = PrefixTerm(token.folded)) generic.push_back(*prefix);
    }
    state->mass_generic = GenericTerms(std::move(generic));
    std::vector<IncidentConcepts::Entry> concepts;
    for (const ConceptWord& w : IncidentConceptWords()) {
        const auto add = [&](std::uint64_t term) {
            if (!state->mass_generic.Contains(term)) {
                concepts.push_back({term, w.group, w.kind});
            }
        };
        if (w.word.ends_with('*')) {
            // "обесточ*": the prefix term every longer word starting so carries.
            if (auto prefix = PrefixTerm(FoldText(w.word.substr(0, w.word.size() - 1)) + "ь")) {
                add(*prefix);
            }
            continue;
        }
        Token token;
        token.folded = FoldText(w.word);
        token.stem = StemRussian(token.folded);
        add(Fnv1a(Term(*state, token)));
        add(Fnv1a(token.stem));
        if (auto prefix = PrefixTerm(token.folded)) add(*prefix);
    }
    state->mass_concepts = IncidentConcepts(std::move(concepts));
    const auto& threats = state->lexicons->threats();
    for (std::size_t i = 0; i < threats.size(); ++i) {
        state->threats.Add(threats[i].pattern, static_cast<std::uint32_t>(i));
    }
    const TriageConfig& c = state->config;
    const auto add_facet = [](PhraseMatcher& matcher, const FacetConfig& facet) {
        for (std::size_t v = 0; v < facet.values.size(); ++v) {
            for (const std::string& keyword : facet.values[v].keywords) {
                matcher.Add(keyword, static_cast<std::uint32_t>(v));
            }
        }
    };
    add_facet(state->category, c.classification.category);
    state->facets.resize(c.classification.facets.size());
    for (std::size_t f = 0; f < c.classification.facets.size(); ++f) {
        add_facet(state->facets[f], c.classification.facets[f]);
    }
    for (std::size_t r = 0; r < c.classification.priority_rules.size(); ++r) {
        for (const std::string& keyword : c.classification.priority_rules[r].keywords) {
            state->priorities.Add(keyword, static_cast<std::uint32_t>(r));
        }
    }
    for (std::size_t r = 0; r < c.misdirected.size(); ++r) {
        for (const std::string& phrase : c.misdirected[r].addressee) {
            state->misdirected_addressee.Add(phrase, static_cast<std::uint32_t>(r));
        }
        for (const std::string& phrase : c.misdirected[r].topics) {
            state->misdirected_topics.Add(phrase, static_cast<std::uint32_t>(r));
        }
        for (const std::string& phrase : c.misdirected[r].unless) {
            state->misdirected_unless.Add(phrase, static_cast<std::uint32_t>(r));
        }
        for (const std::string& phrase : c.misdirected[r].hints) {
            state->misdirected_hints.Add(phrase, static_cast<std::uint32_t>(r));
        }
    }
    for (std::size_t r = 0; r < c.not_covered.size(); ++r) {
        for (const std::string& phrase : c.not_covered[r].keywords) {
            state->not_covered.Add(phrase, static_cast<std::uint32_t>(r));
        }
        for (const std::string& phrase : c.not_covered[r].unless) {
            state->not_covered_unless.Add(phrase, static_cast<std::uint32_t>(r));
        }
    }
    return TriageEngine(std::move(state));
}

TriageOutcome TriageEngine::Triage(const TriageInput& input, const TriageContext& context) const {
    Run run(*compiled_, input, context);
    return run.Execute();
}

TextFingerprint TriageEngine::Fingerprint(std::string_view subject, std::string_view text) const {
    Analysis a;
    Analyze(*compiled_, subject, text, a);
    return BuildFingerprint(*compiled_, a);
}

void TriageEngine::Prepare(PastAppeal& past) const {
    if (!past.fingerprint.Computed()) past.fingerprint = FingerprintOf(*compiled_, past);
    past.report_terms =
        std::make_shared<const ReportTerms>(ReportTermsOf(*compiled_, past, past.fingerprint));
}

const TriageConfig& TriageEngine::config() const { return compiled_->config; }

}  // namespace otklik::triage

#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "triage/lexicons.hpp"
#include "triage/triage_engine.hpp"

namespace otklik::triage::testing {

/// The project's lexicons from data/, loaded once per test binary.
std::shared_ptr<const Lexicons> ProjectLexicons();

/// An engine with DefaultTriageConfig() (or `config`) over the project's lexicons.
TriageEngine DefaultEngine();
TriageEngine EngineWith(TriageConfig config);

/// DefaultEngine without the text classifier: what the rules alone decide.
TriageEngine RulesOnlyEngine();

/// A draft from a named applicant with an e-mail, over the web channel.
TriageInput Draft(std::string text, std::string subject = {});

/// Triage of a single draft with an empty context.
TriageOutcome TriageText(const std::string& text);

/// An operator's note of a call, triaged by the rules alone (the classifier's judgement apart),
/// beside `context`, received at `received_at` (none: the rules' windows are not asked).
TriageOutcome CallNote(std::string text, const TriageContext& context = {},
                       core::Instant received_at = {});

/// An earlier appeal of the same applicant ("applicant-1", Draft's), registered at `created`; open
/// ("assigned") unless `resolved`.
PastAppeal EarlierAppeal(std::int64_t id, std::string uin, std::string text, core::Instant created,
                         bool resolved = false, std::string solution = {});

/// "rule_a,rule_b" of the fired rules, for readable assertions.
std::string RuleList(const TriageOutcome& outcome);

}  // namespace otklik::triage::testing

#pragma once

#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "triage/fingerprint.hpp"
#include "triage/lexicons.hpp"
#include "triage/triage_config.hpp"
#include "triage/triage_input.hpp"
#include "triage/triage_outcome.hpp"

namespace otklik::triage {

/// Admissibility and classification of a draft appeal (TR-1 … TR-8, CH-4), one engine per
/// regulation. Every rule that fires comes back with its code, confidence, the action the
/// regulation assigns, a Russian explanation and its evidence; the decision is the harshest
/// action. Pure: no I/O, no clock (the caller passes received_at). Built once at startup
/// (keyword phrases are compiled then); Triage is const and safe to call from many threads.
/// Copies share the compiled state.
class TriageEngine {
public:
    /// Validates `config` (ValidateTriageConfig) and compiles its keyword phrases.
    [[nodiscard]] static core::Result<TriageEngine> Create(std::shared_ptr<const Lexicons> lexicons,
                                                           TriageConfig config);

    /// Runs every rule the regulation has not switched off. Never fails: broken UTF-8, empty
    /// texts and huge texts are triaged like any other (an empty one has "no question").
    TriageOutcome Triage(const TriageInput& input, const TriageContext& context) const;

    /// The fingerprint PastAppeal::fingerprint expects. Store it with the appeal to avoid
    /// recomputing it for every later triage of the same applicant or for mass incidents.
    TextFingerprint Fingerprint(std::string_view subject, std::string_view text) const;

    /// Fills `past.report_terms` from its fingerprint (computed first when empty), so that the
    /// mass-incident rule does not strip it again on every later triage. Every engine built from
    /// the same lexicons gives the same terms.
    void Prepare(PastAppeal& past) const;

    const TriageConfig& config() const;

private:
    struct Compiled;
    explicit TriageEngine(std::shared_ptr<const Compiled> compiled)
        : compiled_(std::move(compiled)) {}

    std::shared_ptr<const Compiled> compiled_;
};

}  // namespace otklik::triage

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/appeal.hpp"
#include "core/appeal_scope.hpp"
#include "core/triage_report.hpp"
#include "core/workflow.hpp"

namespace otklik::core {

/// What intake screening decided about a draft (TR-1…TR-8), as the core acts on it.
struct Screening {
    using Decision = TriageDecision;
    Decision decision = Decision::kAccept;
    /// The full explanation the appeal keeps and the operator sees; empty when no screener ran.
    std::optional<TriageReport> report;
    /// Russian explanation for the applicant: why refused, returned, or what happened.
    std::string message;
    /// The code of the rule that decided (refuse, hold, return, comment).
    std::string rule;
    /// kComment: the appeal the inquiry is about.
    std::string comment_on_uin;
    /// Registered all the same (it brings other matters too): the earlier appeal it also asks
    /// about, which gets an internal comment naming the new one (002 §4.8.4.1).
    std::string inquiry_about_uin;
    /// Earlier appeals this one is linked to at registration (duplicate of, related).
    std::vector<std::pair<std::string, LinkType>> links;
    /// The text's fingerprint in the screener's own form, kept with the appeal so that later
    /// screenings compare against it without analysing the text again.
    std::string fingerprint;
};

/// Intake screening: admissibility and classification rules of the draft's regulation.
/// Implementations are thread-safe and do no I/O while screening.
class Screener {
public:
    virtual ~Screener() = default;

    /// Screens a normalized draft. `earlier` are the same applicant's earlier appeals, already
    /// limited to `scope`; other appeals the screener keeps in memory (mass incidents) are
    /// named in the outcome only when `scope` covers them (SEC-6).
    [[nodiscard]] virtual Screening Screen(const AppealDraft& draft,
                                           const std::vector<Appeal>& earlier, Instant now,
                                           const AppealScope& scope) const = 0;

    /// Tells the screener an appeal was registered, for what it keeps in memory (mass incidents).
    virtual void Remember(const Appeal& appeal) = 0;
};

}  // namespace otklik::core

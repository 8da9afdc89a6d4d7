#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "triage/fingerprint.hpp"
#include "triage/mass_grouping.hpp"

namespace otklik::triage {

/// The draft appeal being triaged: what the channel delivered, before registration.
struct TriageInput {
    std::string channel;    ///< "email", "chatbot", "web", "phone", "api"…
    std::string subject;    ///< may be empty
    std::string text;       ///< UTF-8; invalid bytes are tolerated
    bool has_name = false;  ///< last or first name given
    bool has_email = false;
    bool has_phone = false;
    bool has_address = false;  ///< postal address for the answer
    bool has_login = false;    ///< login of the applicant's cabinet (chatbot, personal area)
    std::string category;      ///< chosen by the applicant; empty when not chosen
    /// Where the problem is (003's «Адрес», CH-5), not where the applicant lives; may be empty.
    std::string problem_address;
    int priority = 0;  ///< chosen by the applicant; 0 when not chosen
    /// CH-4: required fields of this channel that are absent, as the caller's field paths
    /// ("applicant.email", "subject"); the caller knows the regulation's required fields.
    std::vector<std::string> missing_fields;
    core::Instant received_at{};  ///< windows (duplicates, mass incidents) count back from here
    /// E-mail header lines as received ("Auto-Submitted: auto-replied"); empty elsewhere. Only
    /// the RFC 3834 family (Auto-Submitted, Precedence, X-Autoreply…) is read.
    std::vector<std::string> headers;
};

/// An appeal registered earlier, as the caller loaded it. `fingerprint` may be left empty:
/// it is then computed from subject and text on every call (store it to save the time).
struct PastAppeal {
    std::int64_t id = 0;
    std::string uin;
    std::string applicant;  ///< any stable key of the applicant (for mass incidents)
    std::string subject;
    std::string text;
    std::string status;     ///< API status code: "registered", "pending", "resolved", "closed"…
    bool resolved = false;  ///< a solution was given (resolved, or closed after resolution)
    std::string solution;   ///< the solution text, when resolved
    std::string category;
    core::Instant created{};
    /// It joined a mass-incident group when it was registered, so it is linked to the group
    /// already and later reports need not link to it (issue 18).
    bool grouped = false;
    TextFingerprint fingerprint;
    /// Its terms for mass-incident grouping (TriageEngine::Prepare); computed on every call when
    /// null. Set it on appeals a caller keeps across calls (issue 18).
    std::shared_ptr<const ReportTerms> report_terms;
};

/// What triage may know beyond the draft; the caller selects it from its store.
struct TriageContext {
    /// The same applicant's earlier appeals (TR-3, TR-5, TR-8), any order.
    std::vector<PastAppeal> earlier;
    /// Other applicants' recent appeals (mass incidents); older than the window are ignored.
    std::vector<PastAppeal> recent_others;
    /// More of them, shared with the caller's own list instead of copied for every call (a
    /// service keeps hundreds); read after recent_others, in this order.
    std::vector<std::shared_ptr<const PastAppeal>> shared_recent_others;
};

}  // namespace otklik::triage

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace otklik::core {

/// What intake screening decided about a draft as a whole (TR-1…TR-8).
enum class TriageDecision {
    kAccept,   ///< register as usual
    kFlag,     ///< register; a person should look (review list)
    kHold,     ///< register, pending "triage_review" until a supervisor decides
    kRefuse,   ///< register as refused with the rule and evidence; a supervisor may overturn
    kReturn,   ///< do not register: return to the sender with the reasons (e-mail, CH-4)
    kComment,  ///< do not register: a comment on the earlier appeal it asks about (TR-8)
};

/// Stable API codes: "accept", "flag", "hold", "refuse", "return", "comment".
std::string_view TriageDecisionCode(TriageDecision decision);
std::optional<TriageDecision> ParseTriageDecision(std::string_view code);

/// A piece of the appeal's text that made a rule fire. Offsets are UTF-8 byte offsets into the
/// field as it was given, so the operator's screen can highlight them.
struct TriageMatch {
    std::string field;  ///< "subject" or "text"
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string text;     ///< the original characters
    std::string matched;  ///< what they matched: lexicon root, keyword, normalized form
    std::string kind;     ///< lexicon kind or keyword class
};

/// The detected language of the text (TR-1).
struct TriageLanguage {
    std::string code;  ///< ISO 639-1, "ru-Latn" for transliterated Russian
    std::string name;  ///< Russian name
    int percent = 0;
    bool reliable = false;
    double cyrillic_share = 0;
};

/// An earlier appeal a rule points to.
struct TriageRelated {
    std::string uin;
    std::string status;
    std::string solution;
    double similarity = 0;
};

/// Why a rule fired; only the members that apply to the rule are filled.
struct TriageEvidence {
    std::vector<TriageMatch> matches;
    std::optional<TriageLanguage> language;
    std::vector<TriageRelated> related;
    std::vector<std::string> missing_fields;
    std::string organization;    ///< misdirected: the right addressee
    std::string service;         ///< not_covered: the service named
    std::string category;        ///< threat category, abuse kind, inquiry kind
    std::string referenced_uin;  ///< status_inquiry: the number quoted in the text
    std::size_t applicants = 0;  ///< mass_incident: distinct applicants including this one
    double novelty = 0;          ///< repeat/duplicate: share of new content words
};

/// One rule that fired. Codes are the triage library's stable names ("foreign_language",
/// "refuse", "high"); the core keeps them as given and acts only on the decision.
struct TriageRuleFinding {
    std::string code;
    std::string action;
    std::string confidence;
    std::string message;  ///< Russian explanation for the operator and the applicant
    TriageEvidence evidence;
};

/// The triage outcome as an appeal keeps it and the operator sees it: the decision, every fired
/// rule with its evidence, and the suggested classification (TR-6).
struct TriageReport {
    TriageDecision decision = TriageDecision::kAccept;
    std::vector<TriageRuleFinding> rules;
    std::string category;  ///< suggested category code
    std::string category_name;
    std::string priority;  ///< suggested priority, "P2"; empty when none
    bool category_disagrees = false;
    bool priority_disagrees = false;
    std::string note;        ///< Russian explanation of a disagreement
    std::string message;     ///< Russian explanation of the decision for the applicant
    std::string comment_on;  ///< kComment: the number of the appeal the inquiry is about
};

/// A supervisor's decision on what triage flagged, held or refused; it stands beside the
/// automatic decision and both stay visible.
struct TriageReview {
    std::string decision;  ///< "accept" or "refuse"
    std::string by;        ///< the supervisor's login
    std::string comment;
};

}  // namespace otklik::core

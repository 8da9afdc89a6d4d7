#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "triage/fingerprint.hpp"
#include "triage/rule_code.hpp"

namespace otklik::triage {

/// Which field of the draft a match points into.
enum class TextField { kSubject, kText };
std::string_view TextFieldName(TextField field);

/// One piece of the appeal that made a rule fire. Offsets are UTF-8 byte offsets into the
/// field as it was given, so the operator's screen can highlight them.
struct TextMatch {
    TextField field = TextField::kText;
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string text;     ///< the original characters
    std::string matched;  ///< what they matched: lexicon root, keyword, normalized form
    std::string kind;     ///< lexicon kind ("mat", "insult", "violence"…) or keyword class
};

/// An earlier appeal a rule points to.
struct RelatedAppeal {
    std::int64_t id = 0;
    std::string uin;
    std::string status;
    std::string solution;     ///< its solution, when it has one (TR-5: quoted in the refusal)
    double similarity = 0.0;  ///< 0…1
};

/// The detected language (TR-1).
struct LanguageEvidence {
    std::string code;           ///< ISO 639-1 ("en", "uk"), "ru-Latn" for transliterated Russian
    std::string name;           ///< Russian name for the explanation
    int percent = 0;            ///< CLD2's share of the text in that language, 0…100
    bool reliable = false;      ///< CLD2's own reliability flag
    double cyrillic_share = 0;  ///< Cyrillic letters among the letters of prose (0…1)
    std::size_t letters = 0;    ///< letters of prose counted (code, URLs, e-mails excluded)
};

/// Why a rule fired; only the members that apply to the rule are filled.
struct Evidence {
    std::vector<TextMatch> matches;
    std::optional<LanguageEvidence> language;
    std::vector<RelatedAppeal> related;       ///< duplicate/repeat original, inquiry target, group
    std::vector<std::string> missing_fields;  ///< CH-4
    std::string organization;                 ///< misdirected: the right addressee
    std::string service;                      ///< not_covered: the service named
    std::string category;                     ///< threat category, abuse kind, inquiry kind
    std::string referenced_uin;               ///< status_inquiry: the UIN quoted in the text
    std::size_t applicants = 0;               ///< mass_incident: distinct applicants incl. this
    double novelty = 0;                       ///< repeat/duplicate: share of new content words
};

/// One rule that fired, with the action the regulation assigns to it.
struct FiredRule {
    RuleCode code = RuleCode::kNoQuestion;
    Confidence confidence = Confidence::kLow;
    RuleAction action = RuleAction::kFlag;
    std::string message;  ///< Russian explanation for the operator and the applicant
    Evidence evidence;
};

/// A facet's suggested value (question type, subject…), with the phrases that voted.
struct FacetSuggestion {
    std::string facet;
    std::string value;
    std::string title;
    std::vector<TextMatch> matches;
};

/// TR-6: category and priority suggested at intake and the check of the applicant's choice.
struct Classification {
    std::string category;  ///< code of the primary facet ("ИНЦ", "ЗнК")
    std::string category_title;
    int priority = 3;
    std::vector<TextMatch> category_matches;
    std::vector<TextMatch> priority_matches;
    std::vector<FacetSuggestion> facets;
    bool category_disagrees = false;  ///< the applicant chose another category
    bool priority_disagrees = false;  ///< the applicant chose another (or a disallowed) priority
    std::string note;                 ///< Russian explanation of a disagreement, empty if none
};

/// The result of triage: the decision, every fired rule with its evidence, classification.
struct TriageOutcome {
    Decision decision = Decision::kAccept;
    std::vector<FiredRule> rules;  ///< in RuleCode order
    Classification classification;
    /// Decision::kComment: the earlier appeal that gets the inquiry as a comment (TR-8).
    std::optional<RelatedAppeal> comment_on;
    /// mass_incident: the id of the earliest appeal of the group.
    std::optional<std::int64_t> mass_group;
    /// mass_incident: the UINs the new report is linked to, so that every report of the group
    /// is linked to it: the earliest report, and every report of the group that was registered
    /// before the group was recognised (issue 15). Reports that joined the group are linked
    /// already; linking each new report to all of them cost the store's one writer twenty rows
    /// per registration in a busy incident (issue 18).
    std::vector<std::string> mass_links;
    /// The draft's fingerprint, as TriageEngine::Fingerprint(subject, text) gives it: the
    /// analysis is done once, store this with the appeal.
    TextFingerprint fingerprint;

    /// The fired rule with this code, or nullptr.
    const FiredRule* Find(RuleCode code) const;
};

}  // namespace otklik::triage

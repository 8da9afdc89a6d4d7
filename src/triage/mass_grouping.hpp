#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "triage/fingerprint.hpp"
#include "triage/term_probe.hpp"

namespace otklik::triage {

/// Words every report of any incident may use — times («с утра», «второй час»), generic places
/// («дом», «подъезд»), complaint and help words («не работает», «ошибка», «что случилось») —
/// which tell nothing about *which* incident it is. Reports of one incident are worded by
/// different people: they share the place and the object of the fault, not these.
std::span<const std::string_view> MassGenericWords();

/// The generic terms as fingerprints hold them: a bitmap in front of a sorted list, so that
/// checking every term of hundreds of recent reports stays cheap.
class GenericTerms {
public:
    GenericTerms() = default;
    explicit GenericTerms(std::vector<std::uint64_t> terms);

    bool Contains(std::uint64_t term) const;
    /// The terms of `f` that are not generic (sorted, prefix terms included).
    std::vector<std::uint64_t> Strip(const TextFingerprint& f) const;

private:
    std::vector<std::uint64_t> bits_ = std::vector<std::uint64_t>(1024, 0);
    std::vector<std::uint64_t> sorted_;
};

/// How two reports overlap for mass-incident grouping.
struct ReportOverlap {
    std::size_t common = 0;   ///< shared terms that are not generic
    std::size_t anchors = 0;  ///< of them: numbers and names of the first report (house, route)
    double similarity = 0.0;  ///< cosine over non-generic terms, shared anchors weigh 1.5
};

/// Compares two reports' non-generic terms (both from GenericTerms::Strip); `anchors` (sorted
/// hashes, may be empty) are the first report's numbers and proper names.
ReportOverlap CompareReports(const std::vector<std::uint64_t>& a,
                             const std::vector<std::uint64_t>& b,
                             const std::vector<std::uint64_t>& anchors);

/// The same, with the first report's terms in a probe (its anchors marked): for one report
/// compared with many.
ReportOverlap CompareReports(const TermProbe& a, const std::vector<std::uint64_t>& b);

/// Issue 15 (group4): what a fault is about and how it shows, as concept classes. Reporters of
/// one incident name the same broken thing in their own words («видео», «ролик», «плеер»;
/// «вход», «зайти», «не пускает») and the same symptom («белый экран», «пустая страница», «не
/// грузится»). An object is the thing that fails (a test, the login, a code by SMS, a payment,
/// attachments, a signature, the mobile app, water, power…); a symptom is how it fails.
/// A service word («портал», «платформа», «система») names where every report of a regulation
/// happens, not what failed: it is left out.
enum class ConceptKind : std::uint8_t { kObject, kSymptom, kService };

struct ConceptWord {
    std::uint8_t group;  ///< index of the concept (fewer than 64)
    ConceptKind kind;
    std::string_view word;  ///< a word form (stemmed like fingerprints) or "prefix*" (5+ letters)
};

/// Every concept word, written for Otklik by kind (not copied from any appeal).
std::span<const ConceptWord> IncidentConceptWords();

/// A report's terms for incident grouping: concept members replaced by their concept.
struct IncidentFeatures {
    std::uint64_t objects = 0;   ///< bit per object concept
    std::uint64_t symptoms = 0;  ///< bit per symptom concept
    bool service = false;  ///< names the service itself («система», «портал», «АИС»)
    std::vector<std::uint64_t> rest;  ///< other non-generic terms, sorted
};

/// How two reports' features overlap.
struct IncidentOverlap {
    std::size_t objects = 0;   ///< object concepts both name
    std::size_t symptoms = 0;  ///< symptom concepts both name
    std::size_t terms = 0;     ///< other shared terms (words, numbers, names, error codes)
    bool both_fail = false;    ///< both name some symptom (not necessarily the same one)
    std::size_t widest = 0;    ///< object concepts of the report that names more of them
    /// Both say the service itself is down: they name it and a symptom of an outage («502»,
    /// «не открывается», «сервер не отвечает», «временно недоступен»).
    bool both_outage = false;
    /// Both name one utility (heat, water, electricity, gas): its failure in one city within a
    /// few hours is one outage seen from different houses, whatever each report says of it.
    bool utility = false;
    /// Both blame the service's last update («после ночного обновления», «после регламентных
    /// работ») for some fault: one release broke what each of them uses.
    bool both_release = false;
};

/// Fingerprint terms (word and prefix terms) mapped to concepts; a term two concepts claim is
/// left out of both and of the remaining terms.
class IncidentConcepts {
public:
    struct Entry {
        std::uint64_t term = 0;
        std::uint8_t group = 0;
        ConceptKind kind = ConceptKind::kObject;
    };
    IncidentConcepts() = default;
    explicit IncidentConcepts(std::vector<Entry> entries);

    /// Whether `term` names an object or a symptom of a fault («тест», which other rules read
    /// as a test message's filler, still tells what broke; «перестали» how).
    bool IsFaultWord(std::uint64_t term) const;

    /// `terms`: a fingerprint's terms with the generic ones stripped (GenericTerms::Strip).
    IncidentFeatures Of(const std::vector<std::uint64_t>& terms) const;

private:
    const Entry* Find(std::uint64_t term) const;

    std::vector<Entry> entries_;  // sorted by term; ambiguous ones marked with group 255
    std::vector<std::uint64_t> bits_ = std::vector<std::uint64_t>(1024, 0);  // low 16 bits
};

/// Whether two reports close in time describe one incident by what they name: one object of
/// the fault and one more shared thing (an object, a symptom, a term) or a symptom each (a test
/// that shows a blank page and one that does not save answers), or one symptom and a
/// shared number or name (`shared_anchors`: an error code, a street), or a symptom and two more
/// shared terms. A report naming more than three objects (a long letter about many things) is
/// not one fault: it is grouped by its words only.
bool SameIncidentByConcepts(const IncidentOverlap& overlap, std::size_t shared_anchors);
IncidentOverlap CompareIncidents(const IncidentFeatures& a, const IncidentFeatures& b);

/// A report's terms as mass-incident grouping compares them. Issue 18: a busy service compares
/// each new report with hundreds of recent ones; their terms are computed once per report
/// (TriageEngine::Prepare) instead of stripped again for every comparison.
struct ReportTerms {
    std::vector<std::uint64_t> distinctive;  ///< GenericTerms::Strip of the fingerprint
    IncidentFeatures features;               ///< IncidentConcepts::Of(distinctive)
    /// Whose report it is, as a number: hundreds of similar reports' applicants are counted by
    /// sorting these rather than their strings (issue 18: the strings' sort took 2 % of a
    /// registration under a mass incident). The hash of the applicant's key, or of the appeal's
    /// id for one without an applicant.
    std::uint64_t applicant = 0;
};

}  // namespace otklik::triage

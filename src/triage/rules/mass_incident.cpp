// Mass incidents: reports of one failure linked into a group.

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

// Reports of one incident are worded by different people: they share the place (a street,
// a house or route number, a service's name) and the object of the fault, not the words of
// time, place and complaint every report has (MassGenericWords). Two reports belong
// together when their non-generic words overlap enough and at least one shared word is not
// a mere number or name; a short report written within a few hours of another needs less.
//
// Issue 15 (group4): people who report one incident within a few hours often share no word
// but the broken thing and the symptom, each named their own way («ролик», «видео»;
// «вход», «не пускает»). Close in time, two reports also belong together when they name one
// object of a fault (IncidentConceptWords) and share one more thing: another object, a
// symptom («белый экран» and «пустая страница»), an error code, a place or a word.
// `ov`: CompareReports of the two reports' distinctive terms.
bool Run::SameIncident(const ReportOverlap& ov, const IncidentFeatures& a_concepts,
                       const ReportTerms& b, core::Instant a_time, core::Instant b_time) const {
    const bool close =
        a_time == core::Instant{} || b_time == core::Instant{} ||
        (a_time > b_time ? a_time - b_time : b_time - a_time) <= std::chrono::hours(6);
    if (ov.common > ov.anchors) {
        if (ov.similarity >= t_.mass_similarity) return true;
        if (close && ov.common >= 2 && ov.similarity >= t_.mass_similarity - 0.15) {
            return true;
        }
    }
    // A report naming more than three objects is not one fault (SameIncidentByConcepts).
    if (!close || (a_concepts.objects == 0 && a_concepts.symptoms == 0) ||
        std::popcount(a_concepts.objects) > 3) {
        return false;
    }
    return SameIncidentByConcepts(CompareIncidents(a_concepts, b.features), ov.anchors);
}

// The draft's numbers (not years) and names written with a capital inside a sentence.
std::vector<std::uint64_t> Run::MassAnchors() const {
    std::vector<std::uint64_t> anchors = a_.numbers;
    const auto& tokens = a_.text.tokens;
    for (const Token& t : tokens) {
        if (auto code = CodeTerm(t)) anchors.push_back(*code);
    }
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (!a_.content[i] || !t.upper_initial || t.all_upper) continue;
        if (tokens[i - 1].sentence != t.sentence) continue;
        anchors.push_back(Fnv1a(Term(state_, t)));
        if (auto prefix = PrefixTerm(t.folded)) anchors.push_back(*prefix);
    }
    std::sort(anchors.begin(), anchors.end());
    return anchors;
}

void Run::MassIncident() {
    if (WordTerms(a_.fingerprint) < 2 ||
        (context_.recent_others.empty() && context_.shared_recent_others.empty())) {
        return;
    }
    // The similar reports' applicants (ReportTerms::applicant, computed once per report), sorted
    // and made distinct only when counted (issue 18).
    std::vector<std::uint64_t> applicants;
    const auto distinct_applicants = [&] {
        std::sort(applicants.begin(), applicants.end());
        applicants.erase(std::unique(applicants.begin(), applicants.end()), applicants.end());
        return applicants.size();
    };
    // Candidates stay pointers until the 20 shown are chosen: a mass incident in a busy
    // service has hundreds of similar appeals, and copying each one's strings to sort them
    // cost more than the rest of triage.
    // `similarity` is the reports' overlap (CompareReports) until the shown ones are chosen,
    // then the texts' word similarity shown beside them.
    struct Similar {
        const PastAppeal* appeal = nullptr;
        double similarity = 0;
    };
    std::vector<Similar> similar;
    std::vector<const PastAppeal*> rest;  // in the window, not similar to the draft
    Evidence e;
    const PastAppeal* earliest = nullptr;
    const std::vector<std::uint64_t> anchors = MassAnchors();
    const std::vector<std::uint64_t> draft = state_.mass_generic.Strip(a_.fingerprint);
    const IncidentFeatures draft_concepts = state_.mass_concepts.Of(draft);
    // The draft is compared with every recent report: its terms go into probes once.
    const TermProbe draft_probe(draft, anchors);
    const TermProbe draft_words(WordTermList(a_.fingerprint));
    const auto add = [&](const PastAppeal& other, double sim) {
        applicants.push_back(TermsOf(other).applicant);
        similar.push_back({&other, sim});
        if (earliest == nullptr || other.created < earliest->created) earliest = &other;
    };
    const auto consider = [&](const PastAppeal& other) {
        if (!WithinWindow(other, t_.mass_window)) return;
        if (input_.received_at != core::Instant{} && other.created > input_.received_at) {
            return;
        }
        const ReportTerms& terms = TermsOf(other);
        const ReportOverlap ov = CompareReports(draft_probe, terms.distinctive);
        if (!SameIncident(ov, draft_concepts, terms, input_.received_at, other.created)) {
            rest.push_back(&other);
            return;
        }
        add(other, ov.similarity);
    };
    for (const PastAppeal& other : context_.recent_others) consider(other);
    for (const auto& other : context_.shared_recent_others) {
        if (other) consider(*other);
    }
    // Too few for a group: reports of the same incident as those similar to the draft join
    // it (one step), so the third report links the first two even when it is worded like
    // only one of them.
    if (distinct_applicants() + 1 < t_.mass_min_applicants && !similar.empty()) {
        const std::size_t direct = std::min<std::size_t>(similar.size(), 8);
        for (const PastAppeal* other : rest) {
            const ReportTerms& terms = TermsOf(*other);
            if (!other->applicant.empty() && std::find(applicants.begin(), applicants.end(),
                                                       terms.applicant) != applicants.end()) {
                continue;
            }
            for (std::size_t d = 0; d < direct; ++d) {
                const PastAppeal& via = *similar[d].appeal;
                if (via.applicant == other->applicant && !via.applicant.empty()) continue;
                const ReportTerms& via_terms = TermsOf(via);
                if (SameIncident(CompareReports(via_terms.distinctive, terms.distinctive, anchors),
                                 via_terms.features, terms, via.created, other->created)) {
                    add(*other, CompareReports(draft_probe, terms.distinctive).similarity);
                    break;
                }
            }
        }
    }
    const std::size_t count = distinct_applicants() + 1;
    if (count < t_.mass_min_applicants) return;
    out_.mass_links.push_back(earliest->uin);
    for (const Similar& s : similar) {
        if (!s.appeal->grouped && s.appeal != earliest) out_.mass_links.push_back(s.appeal->uin);
    }
    // The 20 shown are the closest in words. A large incident has hundreds of reports and the
    // word similarity of each cost more than finding them (issue 18): it is asked only of the
    // closest by overlap, twice as many as are shown. Where many reports tie on overlap, the
    // 40 asked are some of them: the 20 shown are then close, not necessarily the closest.
    constexpr std::size_t kShown = 20;
    const auto closer = [](const Similar& x, const Similar& y) {
        return x.similarity > y.similarity;
    };
    if (similar.size() > 2 * kShown) {
        const auto cut = similar.begin() + static_cast<std::ptrdiff_t>(2 * kShown);
        std::nth_element(similar.begin(), cut - 1, similar.end(), closer);
        similar.erase(cut, similar.end());
    }
    for (Similar& s : similar) {
        s.similarity = otklik::triage::Similarity(draft_words, Known(*s.appeal));
    }
    std::sort(similar.begin(), similar.end(), closer);
    if (similar.size() > kShown) similar.resize(kShown);
    e.related.reserve(similar.size());
    for (const Similar& s : similar) e.related.push_back(Related(*s.appeal, s.similarity));
    e.applicants = count;
    out_.mass_group = earliest->id;
    Fire(RuleCode::kMassIncident, Confidence::kHigh,
         "Похожие обращения за последнее время прислали ещё " + std::to_string(count - 1) +
             " заявителей: вероятно, массовый инцидент. Обращение объединяется в группу с " +
             AppealName(*earliest) + ", отказ не применяется.",
         std::move(e));
}

}  // namespace otklik::triage::rules

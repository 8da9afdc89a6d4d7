// TR-6: category, facets and priority.

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

Run::FacetPick Run::PickFacet(const FacetConfig& facet, const PhraseMatcher& matcher) const {
    std::vector<std::size_t> score(facet.values.size(), 0);
    std::vector<std::vector<TextMatch>> matches(facet.values.size());
    for (const PhraseHit& hit : matcher.Find(a_.text, 1)) {
        score[hit.tag] += 1 + (hit.last - hit.first);
        matches[hit.tag].push_back(a_.text.Match(hit.first, hit.last, "", facet.name));
    }
    FacetPick pick;
    std::size_t default_index = 0;
    for (std::size_t v = 0; v < facet.values.size(); ++v) {
        if (facet.values[v].code == facet.default_value) default_index = v;
    }
    pick.value = default_index;
    std::size_t best = 0;
    for (std::size_t v = 0; v < facet.values.size(); ++v) {
        if (score[v] > best) {
            best = score[v];
            pick.value = v;
            pick.matched = true;
        }
    }
    if (pick.matched) pick.matches = std::move(matches[pick.value]);
    return pick;
}

void Run::Classify() {
    const ClassificationConfig& c = state_.config.classification;
    Classification& out = out_.classification;
    if (!c.category.values.empty()) {
        const FacetPick pick = PickFacet(c.category, state_.category);
        out.category = c.category.values[pick.value].code;
        out.category_title = c.category.values[pick.value].title;
        out.category_matches = pick.matches;
        if (!pick.matched) {
            // Nothing in the text decides: a similar earlier appeal of this applicant may.
            const PastAppeal* similar = nullptr;
            double best = 0.6;
            for (const PastAppeal& e : context_.earlier) {
                if (e.category.empty()) continue;
                const double sim = otklik::triage::Similarity(a_.fingerprint, Known(e));
                if (sim >= best) {
                    best = sim;
                    similar = &e;
                }
            }
            if (similar != nullptr) {
                for (const CategoryRule& value : c.category.values) {
                    if (value.code == similar->category) {
                        out.category = value.code;
                        out.category_title = value.title;
                    }
                }
            }
        }
    } else {
        out.category = c.category.default_value;
    }
    for (std::size_t f = 0; f < c.facets.size(); ++f) {
        const FacetConfig& facet = c.facets[f];
        if (facet.values.empty()) continue;
        const FacetPick pick = PickFacet(facet, state_.facets[f]);
        out.facets.push_back(FacetSuggestion{facet.name, facet.values[pick.value].code,
                                             facet.values[pick.value].title, pick.matches});
    }
    // Priority: the most urgent rule that applies to the category and matches.
    out.priority = c.default_priority;
    for (const auto& [category, priority] : c.category_default_priority) {
        if (category == out.category) out.priority = priority;
    }
    const std::vector<PhraseHit> hits = state_.priorities.Find(a_.text, 1);
    int best = 99;
    for (const PhraseHit& hit : hits) {
        const PriorityRule& rule = c.priority_rules[hit.tag];
        const bool applies =
            rule.categories.empty() || std::find(rule.categories.begin(), rule.categories.end(),
                                                 out.category) != rule.categories.end();
        if (!applies) continue;
        if (rule.priority < best) {
            best = rule.priority;
            out.priority_matches.clear();
        }
        if (rule.priority == best) {
            out.priority_matches.push_back(a_.text.Match(hit.first, hit.last, "", "priority"));
        }
    }
    if (best != 99) out.priority = best;
    const std::vector<int>* allowed = nullptr;
    for (const auto& [category, priorities] : c.allowed_priorities) {
        if (category == out.category) allowed = &priorities;
    }
    const auto is_allowed = [&](int p) {
        return allowed == nullptr || allowed->empty() ||
               std::find(allowed->begin(), allowed->end(), p) != allowed->end();
    };
    if (!is_allowed(out.priority)) {
        int nearest = out.priority;
        for (int d = 1; d <= 3 && !is_allowed(nearest); ++d) {
            if (is_allowed(out.priority + d)) {
                nearest = out.priority + d;
            } else if (is_allowed(out.priority - d)) {
                nearest = out.priority - d;
            }
        }
        out.priority = nearest;
    }
    // The applicant's own choice is checked, not silently replaced (004).
    std::string note;
    if (!input_.category.empty() && FoldText(input_.category) != FoldText(out.category)) {
        out.category_disagrees = true;
        note = "Заявитель выбрал категорию «" + input_.category + "», по тексту подходит «" +
               out.category + "»";
    }
    if (input_.priority != 0) {
        if (!is_allowed(input_.priority)) {
            out.priority_disagrees = true;
            if (!note.empty()) note += "; ";
            note += "приоритет " + std::to_string(input_.priority) +
                    " не допускается для категории «" + out.category + "»";
        } else if (input_.priority != out.priority) {
            out.priority_disagrees = true;
            if (!note.empty()) note += "; ";
            note += "заявитель указал приоритет " + std::to_string(input_.priority) +
                    ", по признакам срочности и влияния — " + std::to_string(out.priority);
        }
    }
    if (!note.empty()) {
        out.note = note + ". Изменение согласуется с заявителем.";
    }
}

}  // namespace otklik::triage::rules

#include "views/triage_view.hpp"

namespace otklik::views {
namespace json = boost::json;
namespace {

json::array MatchesJson(const std::vector<core::TriageMatch>& matches,
                        const json::storage_ptr& sp) {
    json::array array(sp);
    array.reserve(matches.size());
    for (const auto& m : matches) {
        json::object match(sp);
        match.reserve(6);
        match.emplace("field", m.field);
        match.emplace("offset", std::uint64_t{m.offset});
        match.emplace("length", std::uint64_t{m.length});
        match.emplace("text", m.text);
        match.emplace("matched", m.matched);
        match.emplace("kind", m.kind);
        array.emplace_back(std::move(match));
    }
    return array;
}

// Only the members that apply to the rule, as the triage library fills them.
json::object EvidenceJson(const core::TriageEvidence& e, const json::storage_ptr& sp) {
    json::object out(sp);
    if (!e.matches.empty()) out.emplace("matches", MatchesJson(e.matches, sp));
    if (e.language) {
        json::object language(sp);
        language.emplace("code", e.language->code);
        language.emplace("name", e.language->name);
        language.emplace("percent", std::int64_t{e.language->percent});
        language.emplace("reliable", e.language->reliable);
        language.emplace("cyrillic_share", e.language->cyrillic_share);
        out.emplace("language", std::move(language));
    }
    if (!e.related.empty()) {
        json::array related(sp);
        for (const auto& r : e.related) {
            json::object item(sp);
            item.emplace("uin", r.uin);
            item.emplace("status", r.status);
            item.emplace("solution", r.solution);
            item.emplace("similarity", r.similarity);
            related.emplace_back(std::move(item));
        }
        out.emplace("related", std::move(related));
    }
    if (!e.missing_fields.empty()) {
        json::array missing(sp);
        for (const auto& field : e.missing_fields) missing.emplace_back(field);
        out.emplace("missing_fields", std::move(missing));
    }
    if (!e.organization.empty()) out.emplace("organization", e.organization);
    if (!e.service.empty()) out.emplace("service", e.service);
    if (!e.category.empty()) out.emplace("category", e.category);
    if (!e.referenced_uin.empty()) out.emplace("referenced_uin", e.referenced_uin);
    if (e.applicants > 0) out.emplace("applicants", std::uint64_t{e.applicants});
    if (e.novelty > 0) out.emplace("novelty", e.novelty);
    return out;
}

}  // namespace

json::object TriageJson(const core::TriageReport& report,
                        const std::optional<core::TriageReview>& review, json::storage_ptr sp) {
    json::array rules(sp);
    rules.reserve(report.rules.size());
    for (const auto& rule : report.rules) {
        json::object item(sp);
        item.reserve(5);
        item.emplace("code", rule.code);
        item.emplace("action", rule.action);
        item.emplace("confidence", rule.confidence);
        item.emplace("message", rule.message);
        item.emplace("evidence", EvidenceJson(rule.evidence, sp));
        rules.emplace_back(std::move(item));
    }
    json::object out(sp);
    out.reserve(12);
    out.emplace("decision", core::TriageDecisionCode(report.decision));
    out.emplace("rules", std::move(rules));
    out.emplace("category", report.category);
    out.emplace("category_name", report.category_name);
    out.emplace("priority", report.priority);
    out.emplace("category_disagrees", report.category_disagrees);
    out.emplace("priority_disagrees", report.priority_disagrees);
    out.emplace("note", report.note);
    out.emplace("message", report.message);
    if (!report.comment_on.empty()) out.emplace("comment_on", report.comment_on);
    if (review) {
        json::object person(sp);
        person.emplace("decision", review->decision);
        person.emplace("by", review->by);
        person.emplace("comment", review->comment);
        out.emplace("review", std::move(person));
    }
    return out;
}

json::object UnscreenedTriageJson() {
    return json::object{{"decision", "accept"}, {"rules", json::array{}}};
}

}  // namespace otklik::views

#include "storage/triage_codec.hpp"

#include <string_view>

namespace otklik::storage {
namespace json = boost::json;
namespace {

std::string Str(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

template <class Number>
Number Num(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (!value || !value->is_number()) return Number{};
    boost::system::error_code ec;
    const auto number = value->to_number<Number>(ec);
    return ec ? Number{} : number;
}

bool Bool(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value && value->is_bool() && value->get_bool();
}

// The members of `object` under `key` that are objects, in order.
template <class Fn>
void ForEachObject(const json::object& object, std::string_view key, Fn&& fn) {
    const auto* value = object.if_contains(key);
    if (!value || !value->is_array()) return;
    for (const auto& item : value->get_array()) {
        if (item.is_object()) fn(item.get_object());
    }
}

json::object EncodeEvidence(const core::TriageEvidence& e, const json::storage_ptr& sp) {
    json::object out(sp);
    if (!e.matches.empty()) {
        json::array matches(sp);
        for (const auto& m : e.matches) {
            json::object match(sp);
            match.emplace("field", m.field);
            match.emplace("offset", std::uint64_t{m.offset});
            match.emplace("length", std::uint64_t{m.length});
            match.emplace("text", m.text);
            match.emplace("matched", m.matched);
            match.emplace("kind", m.kind);
            matches.emplace_back(std::move(match));
        }
        out.emplace("matches", std::move(matches));
    }
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

core::TriageEvidence DecodeEvidence(const json::object& o) {
    core::TriageEvidence e;
    ForEachObject(o, "matches", [&](const json::object& m) {
        e.matches.push_back({Str(m, "field"), Num<std::size_t>(m, "offset"),
                             Num<std::size_t>(m, "length"), Str(m, "text"), Str(m, "matched"),
                             Str(m, "kind")});
    });
    if (const auto* language = o.if_contains("language"); language && language->is_object()) {
        const auto& l = language->get_object();
        e.language = core::TriageLanguage{Str(l, "code"), Str(l, "name"), Num<int>(l, "percent"),
                                          Bool(l, "reliable"), Num<double>(l, "cyrillic_share")};
    }
    ForEachObject(o, "related", [&](const json::object& r) {
        e.related.push_back(
            {Str(r, "uin"), Str(r, "status"), Str(r, "solution"), Num<double>(r, "similarity")});
    });
    if (const auto* missing = o.if_contains("missing_fields"); missing && missing->is_array()) {
        for (const auto& field : missing->get_array()) {
            if (field.is_string()) e.missing_fields.emplace_back(field.get_string());
        }
    }
    e.organization = Str(o, "organization");
    e.service = Str(o, "service");
    e.category = Str(o, "category");
    e.referenced_uin = Str(o, "referenced_uin");
    e.applicants = Num<std::size_t>(o, "applicants");
    e.novelty = Num<double>(o, "novelty");
    return e;
}

}  // namespace

json::object EncodeTriage(const core::TriageReport& report, json::storage_ptr sp) {
    json::array rules(sp);
    for (const auto& rule : report.rules) {
        json::object item(sp);
        item.emplace("code", rule.code);
        item.emplace("action", rule.action);
        item.emplace("confidence", rule.confidence);
        item.emplace("message", rule.message);
        item.emplace("evidence", EncodeEvidence(rule.evidence, sp));
        rules.emplace_back(std::move(item));
    }
    json::object out(sp);
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
    return out;
}

core::TriageReport DecodeTriage(const json::object& stored) {
    core::TriageReport report;
    report.decision =
        core::ParseTriageDecision(Str(stored, "decision")).value_or(core::TriageDecision::kAccept);
    ForEachObject(stored, "rules", [&](const json::object& r) {
        core::TriageRuleFinding rule{
            Str(r, "code"), Str(r, "action"), Str(r, "confidence"), Str(r, "message"), {}};
        if (const auto* evidence = r.if_contains("evidence"); evidence && evidence->is_object()) {
            rule.evidence = DecodeEvidence(evidence->get_object());
        }
        report.rules.push_back(std::move(rule));
    });
    report.category = Str(stored, "category");
    report.category_name = Str(stored, "category_name");
    report.priority = Str(stored, "priority");
    report.category_disagrees = Bool(stored, "category_disagrees");
    report.priority_disagrees = Bool(stored, "priority_disagrees");
    report.note = Str(stored, "note");
    report.message = Str(stored, "message");
    report.comment_on = Str(stored, "comment_on");
    return report;
}

}  // namespace otklik::storage

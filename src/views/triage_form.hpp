#pragma once

// Internal to views: the triage outcome's form, written once for both targets
// (views/json_writers.hpp).

#include <optional>

#include "core/triage_report.hpp"

namespace otklik::views::detail {

template <class Writer>
void WriteMatches(Writer& w, const std::vector<core::TriageMatch>& matches) {
    w.BeginArray();
    for (const auto& m : matches) {
        w.BeginObject();
        w.Key("field");
        w.String(m.field);
        w.Key("offset");
        w.Uint(m.offset);
        w.Key("length");
        w.Uint(m.length);
        w.Key("text");
        w.String(m.text);
        w.Key("matched");
        w.String(m.matched);
        w.Key("kind");
        w.String(m.kind);
        w.EndObject();
    }
    w.EndArray();
}

// Only the members that apply to the rule, as the triage library fills them.
template <class Writer>
void WriteEvidence(Writer& w, const core::TriageEvidence& e) {
    const auto text = [&](const char* name, const std::string& value) {
        if (value.empty()) return;
        w.Key(name);
        w.String(value);
    };
    w.BeginObject();
    if (!e.matches.empty()) {
        w.Key("matches");
        WriteMatches(w, e.matches);
    }
    if (e.language) {
        w.Key("language");
        w.BeginObject();
        w.Key("code");
        w.String(e.language->code);
        w.Key("name");
        w.String(e.language->name);
        w.Key("percent");
        w.Int(e.language->percent);
        w.Key("reliable");
        w.Bool(e.language->reliable);
        w.Key("cyrillic_share");
        w.Double(e.language->cyrillic_share);
        w.EndObject();
    }
    if (!e.related.empty()) {
        w.Key("related");
        w.BeginArray();
        for (const auto& r : e.related) {
            w.BeginObject();
            w.Key("uin");
            w.String(r.uin);
            w.Key("status");
            w.String(r.status);
            w.Key("solution");
            w.String(r.solution);
            w.Key("similarity");
            w.Double(r.similarity);
            w.EndObject();
        }
        w.EndArray();
    }
    if (!e.missing_fields.empty()) {
        w.Key("missing_fields");
        w.BeginArray();
        for (const auto& field : e.missing_fields) w.String(field);
        w.EndArray();
    }
    text("organization", e.organization);
    text("service", e.service);
    text("category", e.category);
    text("referenced_uin", e.referenced_uin);
    if (e.applicants > 0) {
        w.Key("applicants");
        w.Uint(e.applicants);
    }
    if (e.novelty > 0) {
        w.Key("novelty");
        w.Double(e.novelty);
    }
    w.EndObject();
}

template <class Writer>
void WriteTriage(Writer& w, const core::TriageReport& report,
                 const std::optional<core::TriageReview>& review) {
    const auto text = [&](const char* name, std::string_view value) {
        w.Key(name);
        w.String(value);
    };
    const auto flag = [&](const char* name, bool value) {
        w.Key(name);
        w.Bool(value);
    };
    w.BeginObject();
    text("decision", core::TriageDecisionCode(report.decision));
    w.Key("rules");
    w.BeginArray();
    for (const auto& rule : report.rules) {
        w.BeginObject();
        text("code", rule.code);
        text("action", rule.action);
        text("confidence", rule.confidence);
        text("message", rule.message);
        w.Key("evidence");
        WriteEvidence(w, rule.evidence);
        w.EndObject();
    }
    w.EndArray();
    text("category", report.category);
    text("category_name", report.category_name);
    text("priority", report.priority);
    flag("category_disagrees", report.category_disagrees);
    flag("priority_disagrees", report.priority_disagrees);
    text("note", report.note);
    text("message", report.message);
    if (!report.comment_on.empty()) text("comment_on", report.comment_on);
    // A person's review stands beside the automatic decision; both stay visible.
    if (review) {
        w.Key("review");
        w.BeginObject();
        text("decision", review->decision);
        text("by", review->by);
        text("comment", review->comment);
        w.EndObject();
    }
    w.EndObject();
}

}  // namespace otklik::views::detail

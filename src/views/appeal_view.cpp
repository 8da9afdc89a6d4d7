#include "views/appeal_view.hpp"

#include <string_view>

#include "core/appeal_attributes.hpp"
#include "core/personal_data.hpp"
#include "views/triage_view.hpp"

namespace otklik::views {
namespace json = boost::json;
namespace attribute = core::attribute;
namespace {

json::value OptionalInstant(const std::optional<core::Instant>& at, const json::storage_ptr& sp) {
    return at ? json::value(core::FormatInstant(*at), sp) : json::value(nullptr, sp);
}

// The summary's members; the full form leaves "region" out, the applicant carries it.
json::object Summary(const core::Appeal& appeal, std::int64_t version, bool with_region,
                     json::storage_ptr sp) {
    const auto attribute = [&](const char* name, std::string_view fallback = {}) {
        return core::AttributeOr(appeal, name, fallback);
    };
    json::object out(sp);
    out.reserve(24);
    out.emplace("uin", appeal.uin);
    out.emplace("regulation", appeal.regulation);
    out.emplace("regulation_version", std::int64_t{appeal.regulation_version});
    out.emplace("channel", appeal.channel);
    out.emplace("status", core::StatusCode(appeal.status));
    out.emplace("status_name",
                attribute(attribute::kStatusName, core::StatusDisplayName(appeal.status)));
    out.emplace("pending_reason", appeal.pending_reason);
    out.emplace("pending_reason_name", attribute(attribute::kPendingReasonName));
    out.emplace("stage", appeal.stage);
    out.emplace("stage_name", attribute(attribute::kStageName));
    out.emplace("group", appeal.group);
    out.emplace("assignee", appeal.assignee);
    out.emplace("organization", appeal.organization);
    out.emplace("category", appeal.category);
    out.emplace("subcategory", appeal.subcategory);
    out.emplace("priority", appeal.priority);
    out.emplace("subject", appeal.subject);
    if (with_region) out.emplace("region", appeal.applicant.region);
    json::object deadlines(sp);
    for (const auto& [name, at] : appeal.deadlines)
        deadlines.emplace(name, core::FormatInstant(at));
    out.emplace("deadlines", std::move(deadlines));
    if (appeal.triage) {
        out.emplace("triage", TriageJson(*appeal.triage, core::TriageReviewOf(appeal), sp));
    } else {
        out.emplace("triage", nullptr);
    }
    out.emplace("version", version > 0 ? version : appeal.version);
    out.emplace("created_at", core::FormatInstant(appeal.created_at));
    out.emplace("updated_at", core::FormatInstant(appeal.updated_at));
    out.emplace("closed_at", OptionalInstant(appeal.closed_at, sp));
    return out;
}

}  // namespace

json::object AppealSummaryJson(const core::Appeal& appeal, std::int64_t version,
                               json::storage_ptr storage) {
    return Summary(appeal, version, true, std::move(storage));
}

std::string AppealSummaryText(const core::Appeal& appeal, std::int64_t version) {
    // Rendered on every write of an appeal: the values live in a stack arena, released at once.
    unsigned char buffer[8192];
    json::monotonic_resource arena(buffer, sizeof buffer);
    return json::serialize(Summary(appeal, version, true, &arena));
}

json::object AppealJson(const core::Appeal& appeal, const std::vector<std::string>& actions) {
    json::object body = Summary(appeal, 0, false, {});
    body.reserve(body.size() + 11);
    body.emplace("text", appeal.text);
    body.emplace("problem_address", appeal.problem_address);
    body.emplace("applicant", MaskedApplicant(appeal.applicant));
    body.emplace("source_ref", appeal.source_ref);
    body.emplace("created_by", appeal.created_by);
    body.emplace("next_event_at", OptionalInstant(appeal.next_event_at, {}));
    body.emplace("refusal_reason", core::AttributeOr(appeal, attribute::kRefusalReason));
    body.emplace("refusal_message", core::AttributeOr(appeal, attribute::kRefusalMessage));
    // SLA-1: each clock's term and state; «срок не согласован» until a P4 term is agreed (004).
    json::object terms;
    for (const auto& term : core::ClockTermsOf(appeal)) {
        terms[term.clock] = json::object{
            {"term", term.term ? json::value(*term.term) : json::value(nullptr)},
            {"state", term.state},
            {"agreed", term.term.has_value()},
            {"display", term.term ? "" : "срок не согласован"},
        };
    }
    body.emplace("terms", std::move(terms));
    // The regulation's state of the appeal: its Russian names, counters and marks (regulation/).
    json::object attributes;
    for (const auto& [name, value] : appeal.attributes) {
        if (name != attribute::kTriageFingerprint) attributes.emplace(name, value);  // internal
    }
    body.emplace("attributes", std::move(attributes));
    json::array available;
    available.reserve(actions.size());
    for (const auto& action : actions) available.emplace_back(action);
    body.emplace("available_actions", std::move(available));
    return body;
}

json::object MaskedApplicant(const core::Applicant& a) {
    const auto mask = [](const std::string& value, auto masker) {
        return value.empty() ? std::string() : masker(value);
    };
    return json::object{
        {"last_name", mask(a.last_name, core::MaskName)},
        {"first_name", mask(a.first_name, core::MaskName)},
        {"middle_name", mask(a.middle_name, core::MaskName)},
        {"email", mask(a.email, core::MaskEmail)},
        {"phone", mask(a.phone, core::MaskPhone)},
        {"snils", mask(a.snils, core::MaskSnils)},
        {"inn", mask(a.inn, core::MaskInn)},
        {"birth_date", a.birth_date.empty() ? "" : "****-**-**"},
        {"region", a.region},
        {"login", a.login},
        {"role", a.role},
        {"contact_channel", a.contact_channel},
        {"address", a.address.empty() ? "" : "***"},
        {"masked", true},
    };
}

json::object FullApplicant(const core::Applicant& a) {
    return json::object{
        {"last_name", a.last_name},
        {"first_name", a.first_name},
        {"middle_name", a.middle_name},
        {"email", a.email},
        {"phone", a.phone},
        {"snils", a.snils},
        {"inn", a.inn},
        {"birth_date", a.birth_date},
        {"region", a.region},
        {"login", a.login},
        {"role", a.role},
        {"contact_channel", a.contact_channel},
        {"address", a.address},
        {"masked", false},
    };
}

}  // namespace otklik::views

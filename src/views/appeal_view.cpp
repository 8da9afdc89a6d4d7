#include "views/appeal_view.hpp"

#include <string_view>

#include "core/appeal_attributes.hpp"
#include "core/personal_data.hpp"
#include "views/json_writers.hpp"
#include "views/triage_form.hpp"

namespace otklik::views {
namespace json = boost::json;
namespace attribute = core::attribute;
namespace {

json::value OptionalInstant(const std::optional<core::Instant>& at) {
    return at ? json::value(core::FormatInstant(*at)) : json::value(nullptr);
}

// The summary form, once for both targets; the full form leaves "region" out, the applicant
// carries it.
template <class Writer>
void WriteSummary(Writer& w, const core::Appeal& appeal, std::int64_t version, bool with_region) {
    const auto text = [&](const char* name, std::string_view value) {
        w.Key(name);
        w.String(value);
    };
    const auto attribute = [&](const char* name, std::string_view fallback = {}) {
        return core::AttributeOr(appeal, name, fallback);
    };
    const auto instant = [&](const char* name, core::Instant at) {
        text(name, core::FormatInstant(at));
    };
    w.BeginObject();
    text("uin", appeal.uin);
    text("regulation", appeal.regulation);
    w.Key("regulation_version");
    w.Int(appeal.regulation_version);
    text("channel", appeal.channel);
    text("status", core::StatusCode(appeal.status));
    text("status_name", attribute(attribute::kStatusName, core::StatusDisplayName(appeal.status)));
    text("pending_reason", appeal.pending_reason);
    text("pending_reason_name", attribute(attribute::kPendingReasonName));
    text("stage", appeal.stage);
    text("stage_name", attribute(attribute::kStageName));
    text("group", appeal.group);
    text("assignee", appeal.assignee);
    text("organization", appeal.organization);
    text("category", appeal.category);
    text("subcategory", appeal.subcategory);
    text("priority", appeal.priority);
    text("subject", appeal.subject);
    if (with_region) text("region", appeal.applicant.region);
    w.Key("deadlines");
    w.BeginObject();
    for (const auto& [name, at] : appeal.deadlines) instant(name.c_str(), at);
    w.EndObject();
    w.Key("triage");
    if (appeal.triage) {
        detail::WriteTriage(w, *appeal.triage, core::TriageReviewOf(appeal));
    } else {
        w.Null();
    }
    w.Key("version");
    w.Int(version > 0 ? version : appeal.version);
    instant("created_at", appeal.created_at);
    instant("updated_at", appeal.updated_at);
    w.Key("closed_at");
    if (appeal.closed_at) {
        w.String(core::FormatInstant(*appeal.closed_at));
    } else {
        w.Null();
    }
    w.EndObject();
}

json::object Summary(const core::Appeal& appeal, std::int64_t version, bool with_region,
                     json::storage_ptr storage) {
    detail::ValueWriter writer(std::move(storage));
    WriteSummary(writer, appeal, version, with_region);
    return std::move(writer.Root().as_object());
}

}  // namespace

json::object AppealSummaryJson(const core::Appeal& appeal, std::int64_t version,
                               json::storage_ptr storage) {
    return Summary(appeal, version, true, std::move(storage));
}

std::string AppealSummaryText(const core::Appeal& appeal, std::int64_t version) {
    // Written as text: this runs with every write of an appeal.
    std::string out;
    out.reserve(1024);
    detail::TextWriter writer(out);
    WriteSummary(writer, appeal, version, true);
    return out;
}

json::object AppealJson(const core::Appeal& appeal, const std::vector<std::string>& actions,
                        json::storage_ptr storage) {
    json::object body = Summary(appeal, 0, false, storage);
    body.reserve(body.size() + 11);
    body.emplace("text", appeal.text);
    body.emplace("problem_address", appeal.problem_address);
    body.emplace("applicant", MaskedApplicant(appeal.applicant, storage));
    // The chatbot's session id is the applicant's key to the dialog: the card names the channel
    // only (the conversation reads the dialog through the appeal, issue 16).
    const bool chat = appeal.source_ref.rfind("chat:", 0) == 0;
    body.emplace("source_ref",
                 chat ? std::string_view("chat") : std::string_view(appeal.source_ref));
    body.emplace("created_by", appeal.created_by);
    body.emplace("next_event_at", OptionalInstant(appeal.next_event_at));
    body.emplace("refusal_reason", core::AttributeOr(appeal, attribute::kRefusalReason));
    body.emplace("refusal_message", core::AttributeOr(appeal, attribute::kRefusalMessage));
    // SLA-1: each clock's term and state; «срок не согласован» until a P4 term is agreed (004).
    json::object terms(storage);
    for (const auto& term : core::ClockTermsOf(appeal)) {
        terms[term.clock] = json::object(
            {
                {"term", term.term ? json::value(*term.term) : json::value(nullptr)},
                {"state", term.state},
                {"agreed", term.term.has_value()},
                {"display", term.term ? "" : "срок не согласован"},
            },
            storage);
    }
    body.emplace("terms", std::move(terms));
    // The regulation's state of the appeal: its Russian names, counters and marks (regulation/).
    json::object attributes(storage);
    for (const auto& [name, value] : appeal.attributes) {
        if (name != attribute::kTriageFingerprint) attributes.emplace(name, value);  // internal
    }
    body.emplace("attributes", std::move(attributes));
    json::array available(storage);
    available.reserve(actions.size());
    for (const auto& action : actions) available.emplace_back(action);
    body.emplace("available_actions", std::move(available));
    return body;
}

json::object MaskedApplicant(const core::Applicant& a, json::storage_ptr storage) {
    const auto mask = [](const std::string& value, auto masker) {
        return value.empty() ? std::string() : masker(value);
    };
    return json::object(
        {
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
        },
        std::move(storage));
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

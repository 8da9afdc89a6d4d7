#include "storage/appeal_codec.hpp"

#include <boost/json.hpp>

#include "storage/triage_codec.hpp"

namespace otklik::storage {
namespace json = boost::json;
namespace {

std::string Str(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (!value || !value->is_string()) return {};
    return std::string(value->get_string());
}

}  // namespace

std::string EncodeAppealDoc(const core::Appeal& appeal) {
    // Built in a stack arena and serialized at once: on the store's writer thread (serial under
    // group commit) each node of the document was a malloc and a free (issue 18).
    unsigned char buffer[16384];
    json::monotonic_resource arena(buffer, sizeof buffer);
    const json::storage_ptr sp(&arena);
    const auto& a = appeal.applicant;
    json::object applicant(
        {
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
        },
        sp);
    json::object deadlines(sp);
    for (const auto& [name, at] : appeal.deadlines) deadlines[name] = core::ToUnixMillis(at);
    json::array clock_events(sp);
    for (const auto& event : appeal.clock_events) {
        clock_events.push_back(json::object({{"at", core::ToUnixMillis(event.at)},
                                             {"clock", event.clock},
                                             {"kind", event.kind},
                                             {"term", event.term},
                                             {"reason", event.reason}},
                                            sp));
    }
    json::object attributes(sp);
    for (const auto& [name, value] : appeal.attributes) attributes[name] = value;
    json::object doc(
        {
            {"applicant", std::move(applicant)},
            {"clock_events", std::move(clock_events)},
            {"attributes", std::move(attributes)},
            {"subject", appeal.subject},
            {"text", appeal.text},
            {"problem_address", appeal.problem_address},
            {"deadlines", std::move(deadlines)},
            {"source_ref", appeal.source_ref},
            {"created_by", appeal.created_by},
        },
        sp);
    if (appeal.triage) doc["triage"] = EncodeTriage(*appeal.triage, sp);
    return json::serialize(doc);
}

void DecodeAppealDoc(std::string_view text, core::Appeal& appeal) {
    // Parsed into a stack arena: a queue page decodes 50 of these, and malloc was its top cost.
    unsigned char buffer[16384];
    json::monotonic_resource arena(buffer, sizeof buffer);
    const json::value parsed = json::parse(text, &arena);
    const json::object& doc = parsed.as_object();
    if (const auto* applicant = doc.if_contains("applicant"); applicant && applicant->is_object()) {
        const auto& o = applicant->get_object();
        auto& a = appeal.applicant;
        a.last_name = Str(o, "last_name");
        a.first_name = Str(o, "first_name");
        a.middle_name = Str(o, "middle_name");
        a.email = Str(o, "email");
        a.phone = Str(o, "phone");
        a.snils = Str(o, "snils");
        a.inn = Str(o, "inn");
        a.birth_date = Str(o, "birth_date");
        a.region = Str(o, "region");
        a.login = Str(o, "login");
        a.role = Str(o, "role");
        a.contact_channel = Str(o, "contact_channel");
        a.address = Str(o, "address");
    }
    appeal.subject = Str(doc, "subject");
    appeal.text = Str(doc, "text");
    appeal.problem_address = Str(doc, "problem_address");
    appeal.source_ref = Str(doc, "source_ref");
    appeal.created_by = Str(doc, "created_by");
    appeal.deadlines.clear();
    if (const auto* deadlines = doc.if_contains("deadlines"); deadlines && deadlines->is_object()) {
        for (const auto& [name, at] : deadlines->get_object()) {
            appeal.deadlines[std::string(name)] =
                core::FromUnixMillis(at.to_number<std::int64_t>());
        }
    }
    appeal.clock_events.clear();
    if (const auto* events = doc.if_contains("clock_events"); events && events->is_array()) {
        for (const auto& item : events->get_array()) {
            const auto& o = item.as_object();
            appeal.clock_events.push_back(
                {core::FromUnixMillis(o.at("at").to_number<std::int64_t>()), Str(o, "clock"),
                 Str(o, "kind"), Str(o, "term"), Str(o, "reason")});
        }
    }
    appeal.attributes.clear();
    if (const auto* attributes = doc.if_contains("attributes");
        attributes && attributes->is_object()) {
        for (const auto& [name, value] : attributes->get_object()) {
            if (value.is_string())
                appeal.attributes[std::string(name)] = std::string(value.get_string());
        }
    }
    if (const auto* triage = doc.if_contains("triage"); triage && triage->is_object()) {
        appeal.triage = DecodeTriage(triage->get_object());
    } else {
        appeal.triage.reset();
    }
}

std::string EncodeChanges(const std::vector<core::FieldChange>& changes) {
    json::array array;
    for (const auto& change : changes) {
        array.push_back(
            json::object{{"field", change.field}, {"from", change.from}, {"to", change.to}});
    }
    return json::serialize(array);
}

std::vector<core::FieldChange> DecodeChanges(std::string_view text) {
    std::vector<core::FieldChange> changes;
    const json::value parsed = json::parse(text);
    for (const auto& item : parsed.as_array()) {
        const auto& o = item.as_object();
        changes.push_back({Str(o, "field"), Str(o, "from"), Str(o, "to")});
    }
    return changes;
}

}  // namespace otklik::storage

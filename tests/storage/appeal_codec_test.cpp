#include "storage/appeal_codec.hpp"

#include <gtest/gtest.h>

#include "storage/triage_codec.hpp"

namespace otklik::storage {
namespace {

namespace json = boost::json;

// The document as EncodeAppealDoc wrote it before it used a stack arena (issue 18): rows
// written before and after must be byte-identical.
std::string ReferenceEncode(const core::Appeal& appeal) {
    const auto& a = appeal.applicant;
    json::object applicant{
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
    };
    json::object deadlines;
    for (const auto& [name, at] : appeal.deadlines) deadlines[name] = core::ToUnixMillis(at);
    json::array clock_events;
    for (const auto& event : appeal.clock_events) {
        clock_events.push_back(json::object{{"at", core::ToUnixMillis(event.at)},
                                            {"clock", event.clock},
                                            {"kind", event.kind},
                                            {"term", event.term},
                                            {"reason", event.reason}});
    }
    json::object attributes;
    for (const auto& [name, value] : appeal.attributes) attributes[name] = value;
    json::object doc{
        {"applicant", std::move(applicant)},
        {"clock_events", std::move(clock_events)},
        {"attributes", std::move(attributes)},
        {"subject", appeal.subject},
        {"text", appeal.text},
        {"problem_address", appeal.problem_address},
        {"deadlines", std::move(deadlines)},
        {"source_ref", appeal.source_ref},
        {"created_by", appeal.created_by},
    };
    if (appeal.triage) doc["triage"] = EncodeTriage(*appeal.triage);
    return json::serialize(doc);
}

core::Appeal FullAppeal(std::size_t text_size) {
    core::Appeal a;
    a.applicant.last_name = "Иванова";
    a.applicant.first_name = "Мария";
    a.applicant.middle_name = "Петровна";
    a.applicant.email = "m.ivanova@example.ru";
    a.applicant.phone = "+79001234567";
    a.applicant.snils = "112-233-445 95";
    a.applicant.region = "77";
    a.applicant.address = "Москва, ул. \"Тверская\", д. 1\nкв. 2";
    a.subject = "Не работает \\ ливнёвка";
    a.text = std::string(text_size, 'x') + " «двор» \t\u0001";
    a.problem_address = "двор";
    a.deadlines["first_response"] = core::Instant{std::chrono::hours(24 * 20465)};
    a.deadlines["resolution"] = core::Instant{std::chrono::hours(24 * 20470)};
    a.clock_events.push_back({core::Instant{std::chrono::hours(24 * 20465)}, "resolution", "start",
                              "5 business_days", ""});
    a.clock_events.push_back({core::Instant{std::chrono::hours(24 * 20466)}, "resolution", "pause",
                              "", "info_requested"});
    a.attributes["solution"] = "Прочистили";
    a.attributes["channel_ref"] = "abc";
    core::TriageReport report;
    report.decision = core::TriageDecision::kFlag;
    report.rules.push_back({"duplicate", "flag", "medium", "Повтор", {}});
    report.rules.back().evidence.related.push_back({"ББ-2026-000001", "registered", "", 0.91});
    report.category = "ИНЦ";
    report.priority = "P2";
    a.triage = report;
    a.source_ref = "<id@example.ru>";
    a.created_by = "operator";
    return a;
}

TEST(AppealCodec, DocumentIsTheSameAsBeforeTheArena) {
    // Small, and larger than the 16 KB stack buffer (the arena then takes memory from the heap).
    for (std::size_t size : {0u, 100u, 40000u}) {
        const core::Appeal appeal = FullAppeal(size);
        EXPECT_EQ(EncodeAppealDoc(appeal), ReferenceEncode(appeal)) << size;
    }
    core::Appeal bare;
    EXPECT_EQ(EncodeAppealDoc(bare), ReferenceEncode(bare));
}

TEST(AppealCodec, DocumentReadsBack) {
    const core::Appeal appeal = FullAppeal(10);
    core::Appeal read;
    DecodeAppealDoc(EncodeAppealDoc(appeal), read);
    EXPECT_EQ(read.applicant.address, appeal.applicant.address);
    EXPECT_EQ(read.text, appeal.text);
    EXPECT_EQ(read.clock_events.size(), 2u);
    EXPECT_EQ(read.attributes.at("solution"), "Прочистили");
    ASSERT_TRUE(read.triage.has_value());
    EXPECT_EQ(read.triage->rules.size(), 1u);
}

}  // namespace
}  // namespace otklik::storage

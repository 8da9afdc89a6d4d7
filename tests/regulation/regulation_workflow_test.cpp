// The workflow engine on small regulations written for each behaviour.
#include "regulation_test_support.hpp"
#include <gtest/gtest.h>

#include "core/basic_workflow.hpp"

namespace otklik::regulation::testing {
namespace {

using core::Role;
using core::Status;

std::string Versioned(int version, const char* from, const char* term) {
    return std::string(R"([regulation]
id = "test"
version = )") +
           std::to_string(version) +
           R"(
name = "Тест"
uin_prefix = "ТТ"
in_force_from = )" +
           from +
           R"(
[channels.api]
name = "API"
[groups.g1]
name = "Г1"
[clocks.resolution]
name = "Срок"
[[terms]]
clock = "resolution"
term = ")" +
           term + R"("
[pending_reasons.waiting]
name = "Ждём, срок идёт"
stops_clock = false
[pending_reasons.frozen]
name = "Пауза"
[actions.wait]
name = "Ждать"
roles = ["*"]
params = { reason = "required" }
status = "pending"
pending_reason = "$reason"
[actions.work]
name = "Работать"
roles = ["operator"]
status = "in_progress"
)";
}

core::AppealDraft Draft() {
    core::AppealDraft draft;
    draft.regulation = "test";
    draft.channel = "api";
    draft.text = "Вопрос";
    return draft;
}

const core::Actor kOperator = Staff(Role::kOperator);

// SLA-7: the version in force on the day of registration; the appeal keeps it.
TEST(RegulationWorkflow, AppealsKeepTheVersionTheyWereRegisteredUnder) {
    auto catalog = std::make_shared<RegulationCatalog>();
    catalog->Add("v1.toml",
                 ParseRegulation(Versioned(1, "2020-01-01", "1 business_day"), "v1.toml"));
    catalog->Add("v2.toml",
                 ParseRegulation(Versioned(2, "2026-02-01", "2 business_days"), "v2.toml"));
    catalog->Add("again.toml",
                 ParseRegulation(Versioned(2, "2026-02-01", "3 business_days"), "again.toml"));
    ASSERT_EQ(catalog->Entries().size(), 3u);
    EXPECT_NE(catalog->Entries()[2].error.find("уже загружен"), std::string::npos);
    RegulationWorkflow workflow(catalog, DataOptions());
    auto before = Register(workflow, Draft(), At("2026-01-26T07:00:00Z"));  // Mon 10:00
    auto after = Register(workflow, Draft(), At("2026-02-02T07:00:00Z"));   // Mon 10:00
    EXPECT_EQ(before.regulation_version, 1);
    EXPECT_EQ(after.regulation_version, 2);
    EXPECT_EQ(Deadline(before, "resolution"), "2026-01-27T07:00:00Z");
    EXPECT_EQ(Deadline(after, "resolution"), "2026-02-04T07:00:00Z");
    // Still version 1's rules after version 2 came into force.
    before = Act(workflow, before, "work", {}, kOperator, At("2026-02-02T08:00:00Z")).appeal;
    EXPECT_EQ(before.regulation_version, 1);
    EXPECT_EQ(Attribute(before, "term.resolution"), "1 business_day");
}

TEST(RegulationWorkflow, RefusesBeforeItsDateInForce) {
    const auto workflow = FromText(Versioned(1, "2026-02-01", "1 business_day"));
    const auto intake = workflow->PrepareIntake(Draft(), kOperator, At("2026-01-31T20:00:00Z"));
    ASSERT_FALSE(intake.has_value());
    EXPECT_EQ(intake.error().fields[0].field, "regulation");
    // Midnight in Moscow is 21:00 UTC: in force from then.
    EXPECT_TRUE(
        workflow->PrepareIntake(Draft(), kOperator, At("2026-01-31T21:00:00Z")).has_value());
}

// SLA-4: only pending reasons that stop the clock are excluded.
TEST(RegulationWorkflow, OnlyPauseReasonsThatStopTheClockAreExcluded) {
    const auto workflow = FromText(Versioned(1, "2020-01-01", "2 business_days"));
    auto waiting = Register(*workflow, Draft(), At("2026-01-26T07:00:00Z"));
    waiting = Act(*workflow, waiting, "wait", {{"reason", "waiting"}}, kOperator,
                  At("2026-01-26T08:00:00Z"))
                  .appeal;
    EXPECT_EQ(Deadline(waiting, "resolution"), "2026-01-28T07:00:00Z");
    EXPECT_EQ(Attribute(waiting, "clock.resolution"), "running");
    auto frozen = Register(*workflow, Draft(), At("2026-01-26T07:00:00Z"));
    frozen = Act(*workflow, frozen, "wait", {{"reason", "frozen"}}, kOperator,
                 At("2026-01-26T08:00:00Z"))
                 .appeal;
    EXPECT_EQ(Attribute(frozen, "clock.resolution"), "paused");
    frozen = Act(*workflow, frozen, "work", {}, kOperator, At("2026-01-27T08:00:00Z")).appeal;
    // Paused a full day: due a day later.
    EXPECT_EQ(Deadline(frozen, "resolution"), "2026-01-29T07:00:00Z");
    const auto bad = workflow->Apply(frozen, {"wait", {{"reason", "holiday"}}}, kOperator,
                                     At("2026-01-27T09:00:00Z"));
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().fields[0].field, "reason");
}

TEST(RegulationWorkflow, ClockEventsAreKeptOnTheAppeal) {
    const auto workflow = FromText(Versioned(1, "2020-01-01", "2 business_days"));
    auto appeal = Register(*workflow, Draft(), At("2026-01-26T07:00:00Z"));
    appeal = Act(*workflow, appeal, "wait", {{"reason", "frozen"}}, kOperator,
                 At("2026-01-26T08:00:00Z"))
                 .appeal;
    appeal = Act(*workflow, appeal, "work", {}, kOperator, At("2026-01-26T09:00:00Z")).appeal;
    std::vector<std::string> kinds;
    for (const auto& event : appeal.clock_events) kinds.push_back(event.kind + " " + event.term);
    EXPECT_EQ(kinds, (std::vector<std::string>{"start 2 business_days", "pause ", "resume "}));
    EXPECT_EQ(appeal.clock_events[1].reason, "frozen");
}

// A timer woken for an instant that moved later only reschedules.
TEST(RegulationWorkflow, EarlyWakeOnlyReschedules) {
    const auto workflow = FromText(Versioned(1, "2020-01-01", "1 business_day"));
    auto appeal = Register(*workflow, Draft(), At("2026-01-26T07:00:00Z"));
    appeal.next_event_at = At("2026-01-26T08:00:00Z");  // stale
    const auto outcome = workflow->Tick(appeal, At("2026-01-26T08:00:00Z"));
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->appeal.attributes.at("last_timer"), "reschedule");
    EXPECT_EQ(core::FormatInstant(*outcome->appeal.next_event_at), "2026-01-27T07:00:00.001Z");
    EXPECT_TRUE(outcome->outbox.empty());
}

// Appeals of a regulation that is not loaded follow the fallback workflow.
TEST(RegulationWorkflow, UnknownRegulationsFallBack) {
    core::BasicWorkflow basic({{"legacy", "ЛГ"}}, "legacy");
    auto catalog = std::make_shared<RegulationCatalog>();
    catalog->Add("t.toml", ParseRegulation(Versioned(1, "2020-01-01", "1 business_day"), "t.toml"));
    auto options = DataOptions();
    options.fallback = &basic;
    RegulationWorkflow workflow(catalog, options);
    core::Appeal legacy;
    legacy.regulation = "legacy";
    legacy.status = Status::kRegistered;
    EXPECT_EQ(workflow.AvailableActions(legacy, kOperator),
              (std::vector<std::string>{"assign", "take", "close"}));
    auto draft = Draft();
    draft.regulation = "legacy";
    const auto intake = workflow.PrepareIntake(draft, kOperator, At("2026-01-26T07:00:00Z"));
    ASSERT_FALSE(intake.has_value()) << "new appeals never take the fallback";
    EXPECT_EQ(intake.error().fields.back().field, "regulation");
}

// RT-2: every matching routing rule applies in file order, later ones overriding.
TEST(RegulationWorkflow, RoutingRulesApplyInOrder) {
    const auto workflow = FromText(R"([regulation]
id = "test"
version = 1
name = "Тест"
uin_prefix = "ТТ"
in_force_from = 2020-01-01
[channels.api]
name = "API"
[channels.mail]
name = "Почта"
[categories.tech]
name = "Технический"
[groups.first]
name = "Первая"
[groups.tech]
name = "Техподдержка"
[groups.north]
name = "Север"
regions = ["29", "51"]
[[routing]]
group = "first"
[[routing]]
when = { category = "tech" }
group = "tech"
[[routing]]
when = { channel = "mail" }
group = "first"
regional = true
)");
    auto draft = Draft();
    EXPECT_EQ(Register(*workflow, draft, At("2026-01-26T07:00:00Z")).group, "first");
    draft.category = "tech";
    EXPECT_EQ(Register(*workflow, draft, At("2026-01-26T07:00:00Z")).group, "tech");
    draft.channel = "mail";
    draft.applicant.region = "51";
    EXPECT_EQ(Register(*workflow, draft, At("2026-01-26T07:00:00Z")).group, "north");
    draft.applicant.region = "77";
    EXPECT_EQ(Register(*workflow, draft, At("2026-01-26T07:00:00Z")).group, "first");
}

// Terms by line: a hand-over to the second line changes the term; going to the longer term
// keeps the time already worked (SLA-3).
TEST(RegulationWorkflow, TermsByLineFollowTheGroup) {
    const auto workflow = FromText(R"([regulation]
id = "test"
version = 1
name = "Тест"
uin_prefix = "ТТ"
in_force_from = 2020-01-01
[channels.api]
name = "API"
[groups.first]
name = "Первая"
line = 1
next = "second"
[groups.second]
name = "Вторая"
line = 2
[[routing]]
group = "first"
[clocks.resolution]
name = "Срок"
[[terms]]
clock = "resolution"
when = { line = 1 }
term = "4 business_hours"
[[terms]]
clock = "resolution"
when = { line = 2 }
term = "2 business_days"
[actions.escalate]
name = "На вторую линию"
roles = ["operator"]
group = "$next_line"
)");
    auto appeal = Register(*workflow, Draft(), At("2026-01-26T07:00:00Z"));  // Mon 10:00
    EXPECT_EQ(Deadline(appeal, "resolution"), "2026-01-26T12:00:00Z");
    appeal = Act(*workflow, appeal, "escalate", {}, kOperator, At("2026-01-26T08:00:00Z")).appeal;
    EXPECT_EQ(appeal.group, "second");
    // 16 h − 1 h worked = 15 h from Mon 11:00: 6 h Monday, 8 h Tuesday, 1 h Wednesday.
    EXPECT_EQ(Deadline(appeal, "resolution"), "2026-01-28T07:00:00Z");
}

// The issue: «the appeal or channel chooses which» regulation.
TEST(RegulationWorkflow, ChannelChoosesTheRegulationWhenTheDraftNamesNone) {
    core::AppealDraft draft;
    draft.channel = "widget";
    draft.text = "Центр мониторинга 112. Не горят фонари.";
    draft.category = "Благоустройство";
    draft.applicant.email = "a@example.ru";
    auto appeal = Register(Shipped(), draft, At("2026-01-26T07:00:00Z"));
    EXPECT_EQ(appeal.regulation, "pos");
    draft.channel = "api";  // hotline and epgu both take it: the default (hotline)
    draft.category = "ИНЦ";
    draft.priority = "P2";
    appeal = Register(Shipped(), draft, At("2026-01-26T07:00:00Z"));
    EXPECT_EQ(appeal.regulation, "hotline");
}

}  // namespace
}  // namespace otklik::regulation::testing

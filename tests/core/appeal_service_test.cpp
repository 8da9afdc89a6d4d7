#include "core/appeal_service.hpp"

#include <gtest/gtest.h>

#include "core/basic_workflow.hpp"

using namespace otklik::core;

namespace {

AppealDraft ValidDraft() {
    AppealDraft draft;
    draft.regulation = "hotline";
    draft.channel = "api";
    draft.text = "Не работает вход в личный кабинет";
    draft.applicant.last_name = "Иванова";
    draft.applicant.first_name = "Мария";
    draft.applicant.email = "maria@example.ru";
    return draft;
}

BasicWorkflow TestWorkflow() { return BasicWorkflow({{"hotline", "ГЛ"}}, "hotline"); }

Actor Operator() { return {1, "petrov", Role::kOperator, "line1", ""}; }

}  // namespace

TEST(DraftValidation, ReportsEveryInvalidFieldAtOnce) {
    AppealDraft draft = ValidDraft();
    draft.text.clear();
    draft.applicant.snils = "112-233-445 96";
    draft.applicant.inn = "12345";
    draft.applicant.birth_date = "1990-02-30";
    const auto errors = ValidateDraft(draft);
    std::vector<std::string> fields;
    for (const auto& e : errors) fields.push_back(e.field + ":" + e.code);
    EXPECT_EQ(fields,
              (std::vector<std::string>{"text:required", "applicant.snils:checksum",
                                        "applicant.inn:format", "applicant.birth_date:format"}));
}

TEST(DraftValidation, RequiresTheContactForTheChosenReplyChannel) {
    AppealDraft draft = ValidDraft();
    draft.applicant.email.clear();
    draft.applicant.contact_channel = "email";
    const auto errors = ValidateDraft(draft);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "applicant.email");
    EXPECT_EQ(errors[0].code, "required");
}

TEST(DraftValidation, RefusesBrokenUtf8) {
    AppealDraft draft = ValidDraft();
    draft.text = "abc\xff";
    const auto errors = ValidateDraft(draft);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].code, "encoding");
}

TEST(BasicWorkflow, PreparesIntakeWithThePrefixAndMoscowYear) {
    const auto workflow = TestWorkflow();
    // 2025-12-31 22:30 UTC is already 2026 in Moscow.
    const auto intake =
        workflow.PrepareIntake(ValidDraft(), Operator(), *ParseInstant("2025-12-31T22:30:00Z"));
    ASSERT_TRUE(intake);
    EXPECT_EQ(intake->uin_prefix, "ГЛ");
    EXPECT_EQ(intake->uin_year, 2026);
    EXPECT_EQ(intake->appeal.status, Status::kRegistered);
}

TEST(BasicWorkflow, RefusesUnknownRegulationAndChannel) {
    AppealDraft draft = ValidDraft();
    draft.regulation = "nope";
    draft.channel = "pigeon";
    const auto intake = TestWorkflow().PrepareIntake(draft, Operator(), Instant{});
    ASSERT_FALSE(intake);
    ASSERT_EQ(intake.error().fields.size(), 2u);
    EXPECT_EQ(intake.error().fields[0].field, "regulation");
    EXPECT_EQ(intake.error().fields[1].field, "channel");
}

TEST(BasicWorkflow, ClosedAppealOffersNoActionsAndRefusesThem) {
    Appeal appeal;
    appeal.status = Status::kClosed;
    const auto workflow = TestWorkflow();
    EXPECT_TRUE(workflow.AvailableActions(appeal, Operator()).empty());
    const auto result = workflow.Apply(appeal, {"take", {}}, Operator(), Instant{});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, "action_not_allowed");
}

TEST(BasicWorkflow, TakeAssignsToTheActorAndStartsWork) {
    Appeal appeal;
    const auto result = TestWorkflow().Apply(appeal, {"take", {}}, Operator(), Instant{});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->appeal.assignee, "petrov");
    EXPECT_EQ(result->appeal.group, "line1");
    EXPECT_EQ(result->appeal.status, Status::kInProgress);
}

TEST(History, DiffNamesChangedFieldsAndHidesPersonalValues) {
    Appeal before;
    before.applicant.snils = "112-233-445 95";
    Appeal after = before;
    after.status = Status::kAssigned;
    after.group = "line2";
    after.applicant.snils = "123-456-789 64";
    const auto changes = DiffAppeals(before, after);
    ASSERT_EQ(changes.size(), 3u);
    EXPECT_EQ(changes[0].field, "status");
    EXPECT_EQ(changes[0].from, "registered");
    EXPECT_EQ(changes[0].to, "assigned");
    EXPECT_EQ(changes[1].field, "group");
    EXPECT_EQ(changes[2].field, "applicant.snils");
    EXPECT_EQ(changes[2].to.find("123"), std::string::npos);
}

TEST(Visibility, RegionalOperatorSeesOnlyItsRegion) {
    Appeal appeal;
    appeal.applicant.region = "25";
    EXPECT_TRUE(CanSee({1, "r", Role::kRegionalOperator, "", "25"}, appeal));
    EXPECT_FALSE(CanSee({1, "r", Role::kRegionalOperator, "", "77"}, appeal));
    EXPECT_TRUE(CanSee({1, "o", Role::kOperator, "", "77"}, appeal));
}

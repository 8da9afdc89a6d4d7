// The four shipped regulations run by the workflow engine, without HTTP: intake, actions,
// deadlines and timers, with exact instants (tests/scenarios/ drive the same over the API).
#include <filesystem>

#include "regulation_test_support.hpp"
#include <gtest/gtest.h>

namespace otklik::regulation::testing {
namespace {

using core::Role;
using core::Status;

core::AppealDraft Hotline(std::string category, std::string priority, std::string region = "77") {
    core::AppealDraft draft;
    draft.regulation = "hotline";
    draft.channel = "email";
    draft.subject = "Не формируется отчёт";
    draft.text = "При формировании отчёта появляется ошибка.";
    draft.category = std::move(category);
    draft.priority = std::move(priority);
    draft.applicant.first_name = "Анна";
    draft.applicant.email = "anna@example.ru";
    draft.applicant.region = std::move(region);
    return draft;
}

const core::Actor kOperator = Staff(Role::kOperator, "ivanova", "line1");

TEST(Shipped, AllFourLoad) {
    for (const char* id : {"bilet", "epgu", "hotline", "pos"}) {
        const auto loaded = LoadRegulationFile(RegulationPath(id));
        EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error().message);
    }
    EXPECT_EQ(Shipped().Catalog().All().size(), 4u);
    // 004 is the deployment's own hotline: appeals that name no regulation are its.
    EXPECT_EQ(Shipped().Catalog().DefaultRegulation(), "hotline");
}

// --- hotline (004) ---

struct TermCase {
    const char* name;
    const char* category;
    const char* priority;
    const char* region;
    const char* registered;
    const char* due;
};

class HotlineTerms : public ::testing::TestWithParam<TermCase> {};

// 004, table 2 on 09:00–18:00 with lunch 13–14 (an 8-hour business day), SLA-5.
TEST_P(HotlineTerms, DeadlineOfEveryCategoryAndPriority) {
    const TermCase& c = GetParam();
    const auto appeal =
        Register(Shipped(), Hotline(c.category, c.priority, c.region), At(c.registered));
    EXPECT_EQ(Deadline(appeal, "resolution"), c.due);
}

INSTANTIATE_TEST_SUITE_P(
    Hotline, HotlineTerms,
    ::testing::Values(
        // Fri 15:00 MSK + 8 h: 3 h on Friday, 5 h on Monday.
        TermCase{"IncidentP1OverWeekend", "ИНЦ", "P1", "77", "2026-01-16T12:00:00Z",
                 "2026-01-19T12:00:00Z"},
        // Tue 30 Dec 11:00 + 16 h: 6 h, then the new-year days off to 11 January.
        TermCase{"IncidentP2OverNewYear", "ИНЦ", "P2", "77", "2025-12-30T08:00:00Z",
                 "2026-01-13T08:00:00Z"},
        // Mon 2 Nov 10:00 + 40 h: the shortened 3 November has 7 h, 4 November is a holiday.
        TermCase{"IncidentP3OverShortenedDay", "ИНЦ", "P3", "77", "2026-11-02T07:00:00Z",
                 "2026-11-10T08:00:00Z"},
        // Wed 18 Feb 09:00 + 40 h; 23 February is a holiday: ends at 18:00 on 25 February.
        TermCase{"ConsultationP2", "ЗнК", "P2", "77", "2026-02-18T06:00:00Z",
                 "2026-02-25T15:00:00Z"},
        TermCase{"ConsultationP3", "ЗнК", "P3", "77", "2026-02-18T06:00:00Z",
                 "2026-02-27T15:00:00Z"},
        // By agreement: no deadline until one is agreed.
        TermCase{"IncidentP4ByAgreement", "ИНЦ", "P4", "77", "2026-02-18T06:00:00Z", "none"},
        TermCase{"ConsultationP4ByAgreement", "ЗнК", "P4", "77", "2026-02-18T06:00:00Z", "none"},
        // 004 table 4 item 5: «по рабочему времени Заказчика» — a user in Vladivostok (UTC+10)
        // at 15:00 local is 08:00 in Moscow, before the customer opens: due Friday 18:00 MSK…
        TermCase{"IncidentP1Vladivostok", "ИНЦ", "P1", "25", "2026-01-16T05:00:00Z",
                 "2026-01-16T15:00:00Z"},
        // …exactly as for the same instant in Moscow.
        TermCase{"IncidentP1SameInstantMoscow", "ИНЦ", "P1", "77", "2026-01-16T05:00:00Z",
                 "2026-01-16T15:00:00Z"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Hotline, ConsultationHasNoPriorityOne) {
    const auto intake =
        Shipped().PrepareIntake(Hotline("ЗнК", "P1"), kOperator, At("2026-01-19T07:00:00Z"));
    ASSERT_FALSE(intake.has_value());
    ASSERT_EQ(intake.error().fields.size(), 1u);
    EXPECT_EQ(intake.error().fields[0].field, "priority");
    EXPECT_EQ(intake.error().fields[0].code, "not_allowed");
}

// 004: an e-mail without what registration needs is returned with the reasons (CH-3, CH-4).
// 004, issue 11: a letter carries no category or priority; every e-mail is registered and the
// first line classifies it. Only what the letter must have (a description, the address) is
// asked for.
TEST(Hotline, EmailWithoutCategoryRegistersAndLineOneClassifies) {
    auto appeal = Register(Shipped(), Hotline("", ""), At("2026-01-19T07:00:00Z"));
    EXPECT_EQ(appeal.group, "line1");
    EXPECT_TRUE(appeal.deadlines.empty());
    // Classifying an appeal that came without a category needs no agreement…
    appeal = Act(Shipped(), appeal, "change_category", {{"category", "ИНЦ"}, {"priority", "P2"}},
                 kOperator, At("2026-01-19T07:10:00Z"))
                 .appeal;
    EXPECT_EQ(Deadline(appeal, "resolution"), "2026-01-21T07:10:00Z");
    // …changing what is set does (004: «по согласованию с пользователем»), and is recorded.
    const auto unagreed = Shipped().Apply(appeal, {"change_priority", {{"priority", "P3"}}},
                                          kOperator, At("2026-01-19T07:20:00Z"));
    ASSERT_FALSE(unagreed.has_value());
    EXPECT_EQ(unagreed.error().fields[0].field, "agreement");
    appeal = Act(Shipped(), appeal, "change_priority", {{"priority", "P3"}, {"agreement", "phone"}},
                 kOperator, At("2026-01-19T07:20:00Z"))
                 .appeal;
    EXPECT_EQ(Attribute(appeal, "agreement"), "phone");

    auto empty = Hotline("", "");
    empty.applicant.email.clear();
    empty.text.clear();
    const auto intake = Shipped().PrepareIntake(empty, kOperator, At("2026-01-19T07:00:00Z"));
    ASSERT_FALSE(intake.has_value());
    std::vector<std::string> fields;
    for (const auto& f : intake.error().fields) fields.push_back(f.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"text", "applicant.email"}));
}

TEST(Hotline, RegistrationSendsTheUinByEmail) {
    auto appeal =
        Register(Shipped(), Hotline("ИНЦ", "P2"), At("2026-01-19T07:00:00Z"), "ГЛ-2026-000007");
    const auto outbox = Shipped().RegistrationNotices(appeal, At("2026-01-19T07:00:00Z"));
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].kind, "registered");
    EXPECT_EQ(outbox[0].recipient, "anna@example.ru");
    EXPECT_NE(outbox[0].payload.find("ГЛ-2026-000007"), std::string::npos);
    EXPECT_EQ(appeal.group, "line1");
    EXPECT_EQ(Attribute(appeal, "status_name"), "Зарегистрирована");
}

// 004, table 5: time in a pause reason is not counted (SLA-4).
TEST(Hotline, PauseIsExcludedFromTheTerm) {
    auto appeal =
        Register(Shipped(), Hotline("ИНЦ", "P2"), At("2026-01-19T07:00:00Z"));  // Mon 10:00
    appeal = Act(Shipped(), appeal, "take", {}, kOperator, At("2026-01-19T07:30:00Z")).appeal;
    // 004 table 5: the pause records the resume date agreed by the parties.
    const auto undated = Shipped().Apply(appeal, {"pause", {{"reason", "diagnostics"}}}, kOperator,
                                         At("2026-01-19T12:00:00Z"));
    ASSERT_FALSE(undated.has_value());
    EXPECT_EQ(undated.error().fields[0].field, "resume_on");
    const auto misdated =
        Shipped().Apply(appeal, {"pause", {{"reason", "diagnostics"}, {"resume_on", "21.01.2026"}}},
                        kOperator, At("2026-01-19T12:00:00Z"));
    ASSERT_FALSE(misdated.has_value());
    EXPECT_EQ(misdated.error().fields[0].code, "format");
    appeal =
        Act(Shipped(), appeal, "pause", {{"reason", "diagnostics"}, {"resume_on", "2026-01-21"}},
            kOperator, At("2026-01-19T12:00:00Z"))
            .appeal;  // Mon 15:00, 4 h worked
    EXPECT_EQ(appeal.status, Status::kPending);
    EXPECT_EQ(Attribute(appeal, "resume_on"), "2026-01-21");
    EXPECT_EQ(Deadline(appeal, "resolution"), "none");
    EXPECT_EQ(Attribute(appeal, "pending_reason_name"), "Диагностика заявки");
    appeal = Act(Shipped(), appeal, "resume", {}, kOperator, At("2026-01-21T07:00:00Z")).appeal;
    // 12 h left from Wed 10:00: 7 h on Wednesday, 5 h on Thursday — Thu 15:00 MSK.
    EXPECT_EQ(Deadline(appeal, "resolution"), "2026-01-22T12:00:00Z");
}

// 004: lowering — the new term minus the time worked; raising — a new count from the raise.
TEST(Hotline, LoweringKeepsTheWorkedTimeRaisingRestarts) {
    auto lowered = Register(Shipped(), Hotline("ИНЦ", "P1"), At("2026-01-19T07:00:00Z"));
    lowered = Act(Shipped(), lowered, "change_priority",
                  {{"priority", "P3"}, {"agreement", "email"}}, kOperator,
                  At("2026-01-19T09:00:00Z"))
                  .appeal;  // 2 h worked; 38 h left
    EXPECT_EQ(Deadline(lowered, "resolution"), "2026-01-26T07:00:00Z");
    EXPECT_EQ(Attribute(lowered, "term.resolution"), "5 business_days");

    auto raised = Register(Shipped(), Hotline("ИНЦ", "P3"), At("2026-01-19T07:00:00Z"));
    raised = Act(Shipped(), raised, "change_priority", {{"priority", "P1"}, {"agreement", "phone"}},
                 kOperator,
                 At("2026-01-20T08:00:00Z"))
                 .appeal;  // Tue 11:00: 8 h from now
    EXPECT_EQ(Deadline(raised, "resolution"), "2026-01-21T08:00:00Z");
}

// RT-5: escalation to the next line at three quarters of the term, then the breach mark.
TEST(Hotline, EscalatesBeforeTheDeadlineThenMarksTheBreach) {
    auto appeal =
        Register(Shipped(), Hotline("ИНЦ", "P1"), At("2026-01-16T12:00:00Z"));  // Fri 15:00
    // 6 h of 8: 3 h on Friday, 3 h on Monday — Mon 12:00 MSK.
    ASSERT_TRUE(appeal.next_event_at);
    EXPECT_EQ(core::FormatInstant(*appeal.next_event_at), "2026-01-19T09:00:00Z");
    auto run = RunTimers(Shipped(), appeal, At("2026-01-19T09:00:00Z"));
    EXPECT_EQ(run.timers, (std::vector<std::string>{"escalate"}));
    EXPECT_EQ(run.appeal.group, "line2");
    EXPECT_EQ(Attribute(run.appeal, "escalated.resolution"), "2026-01-19T09:00:00Z");
    EXPECT_EQ(Deadline(run.appeal, "resolution"), "2026-01-19T12:00:00Z");
    run = RunTimers(Shipped(), run.appeal, At("2026-01-19T12:00:00Z"));
    EXPECT_TRUE(run.timers.empty()) << "met at the deadline itself";
    run = RunTimers(Shipped(), run.appeal, At("2026-01-19T12:00:01Z"));
    EXPECT_EQ(run.timers, (std::vector<std::string>{"breach"}));
    EXPECT_EQ(Attribute(run.appeal, "breached.resolution"), "2026-01-19T12:00:00Z");
    EXPECT_FALSE(run.appeal.next_event_at);
}

// LC-2, 004: 14 business days after the request, with two reminders by e-mail, then closed.
TEST(Hotline, UnansweredRequestClosesAfterFourteenBusinessDaysAndTwoReminders) {
    auto appeal = Register(Shipped(), Hotline("ЗнК", "P3"), At("2026-01-30T07:00:00Z"));
    appeal = Act(Shipped(), appeal, "take", {}, kOperator, At("2026-01-30T08:00:00Z")).appeal;
    const auto requested = Act(Shipped(), appeal, "request_info",
                               {{"comment", "Пришлите снимок экрана с ошибкой"}}, kOperator,
                               At("2026-02-02T07:00:00Z"));  // Mon 10:00
    ASSERT_EQ(requested.outbox.size(), 1u);
    EXPECT_EQ(requested.outbox[0].kind, "info_request");
    ASSERT_TRUE(requested.comment);
    EXPECT_EQ(requested.comment->visibility, core::Visibility::kPublic);
    appeal = requested.appeal;
    EXPECT_EQ(Deadline(appeal, "auto_close"), "2026-02-20T07:00:00Z");
    auto run = RunTimers(Shipped(), appeal, At("2026-02-09T07:00:00Z"));
    EXPECT_EQ(run.timers, (std::vector<std::string>{"remind"}));
    ASSERT_EQ(run.outbox.size(), 1u);
    EXPECT_EQ(run.outbox[0].kind, "info_reminder");
    run = RunTimers(Shipped(), run.appeal, At("2026-02-20T06:59:59Z"));
    EXPECT_EQ(run.timers, (std::vector<std::string>{"remind"}));  // 16 February
    EXPECT_EQ(Attribute(run.appeal, "reminders_sent"), "2");
    run = RunTimers(Shipped(), run.appeal, At("2026-02-20T07:00:00Z"));
    EXPECT_EQ(run.timers, (std::vector<std::string>{"auto_close"}));
    EXPECT_EQ(run.appeal.status, Status::kClosed);
    ASSERT_TRUE(run.appeal.closed_at);
    EXPECT_EQ(core::FormatInstant(*run.appeal.closed_at), "2026-02-20T07:00:00Z");
    EXPECT_FALSE(run.appeal.next_event_at);
}

// LC-5, 004: a resolution not confirmed within 30 business days, after two requests, closes.
TEST(Hotline, UnconfirmedResolutionClosesAfterThirtyBusinessDays) {
    auto appeal = Register(Shipped(), Hotline("ИНЦ", "P3"), At("2026-03-02T06:00:00Z"));
    const auto resolved = Act(Shipped(), appeal, "resolve", {{"solution", "Очищен кэш отчётов"}},
                              kOperator, At("2026-03-02T07:00:00Z"));  // Mon 10:00
    ASSERT_EQ(resolved.outbox.size(), 1u);
    EXPECT_EQ(resolved.outbox[0].kind, "resolved");
    EXPECT_NE(resolved.outbox[0].payload.find("Очищен кэш отчётов"), std::string::npos);
    // The downtime case too: the watcher comes back only on 20 April and catches up, each timer
    // at its own instant (reminders on 17 and 31 March, closure on 14 April; 9 March is off).
    const auto run = RunTimers(Shipped(), resolved.appeal, At("2026-04-20T07:00:00Z"));
    EXPECT_EQ(run.timers, (std::vector<std::string>{"remind", "remind", "auto_close"}));
    EXPECT_EQ(run.appeal.status, Status::kClosed);
    EXPECT_EQ(core::FormatInstant(*run.appeal.closed_at), "2026-04-14T07:00:00Z");
    ASSERT_EQ(run.outbox.size(), 3u);
    EXPECT_EQ(run.outbox[2].kind, "closed_unconfirmed");
}

TEST(Hotline, ReminderDatesOfAResolution) {
    auto appeal = Register(Shipped(), Hotline("ИНЦ", "P3"), At("2026-03-02T06:00:00Z"));
    appeal = Act(Shipped(), appeal, "resolve", {{"solution", "Готово"}}, kOperator,
                 At("2026-03-02T07:00:00Z"))
                 .appeal;
    EXPECT_EQ(core::FormatInstant(*appeal.next_event_at), "2026-03-17T07:00:00Z");
    auto run = RunTimers(Shipped(), appeal, At("2026-03-17T07:00:00Z"));
    EXPECT_EQ(core::FormatInstant(*run.appeal.next_event_at), "2026-03-31T07:00:00Z");
    run = RunTimers(Shipped(), run.appeal, At("2026-03-31T07:00:00Z"));
    EXPECT_EQ(core::FormatInstant(*run.appeal.next_event_at), "2026-04-14T07:00:00Z");
}

// Memo item 10: a call is transferred at most twice (RT-6).
TEST(Hotline, ForwardedAtMostTwice) {
    auto appeal = Register(Shipped(), Hotline("ИНЦ", "P2"), At("2026-01-19T07:00:00Z"));
    // Memo 10: the briefing names the user, the organization's ИНН and the appeal's number.
    const auto unbriefed =
        Shipped().Apply(appeal, {"forward", {{"assignee", "petrov"}, {"comment", "Передаю"}}},
                        kOperator, At("2026-01-19T07:01:00Z"));
    ASSERT_FALSE(unbriefed.has_value());
    EXPECT_EQ(unbriefed.error().fields[0].code, "briefing");
    const std::map<std::string, std::string> briefing = {
        {"assignee", "petrov"}, {"comment", "Анна, ИНН 7707083893, обращение " + appeal.uin}};
    appeal =
        Act(Shipped(), appeal, "forward", briefing, kOperator, At("2026-01-19T07:05:00Z")).appeal;
    appeal =
        Act(Shipped(), appeal, "forward", briefing, kOperator, At("2026-01-19T07:10:00Z")).appeal;
    const auto third =
        Shipped().Apply(appeal, {"forward", briefing}, kOperator, At("2026-01-19T07:15:00Z"));
    ASSERT_FALSE(third.has_value());
    EXPECT_EQ(third.error().code, "action_not_allowed");
    EXPECT_EQ(third.error().message,
              "Переадресация допускается не более двух раз (004, памятка, п. 10)");
    const auto actions = Shipped().AvailableActions(appeal, kOperator);
    EXPECT_EQ(std::count(actions.begin(), actions.end(), "forward"), 0);
}

TEST(Hotline, RefusedActionsSayWhy) {
    auto appeal = Register(Shipped(), Hotline("ИНЦ", "P2"), At("2026-01-19T07:00:00Z"));
    const auto by_role =
        Shipped().Apply(appeal, {"take", {}}, Staff(Role::kApprover), At("2026-01-19T07:01:00Z"));
    ASSERT_FALSE(by_role.has_value());
    EXPECT_EQ(by_role.error().code, "action_not_allowed");
    EXPECT_EQ(by_role.error().message,
              "Действие «Взять в работу» недоступно для роли «Утверждающий»");
    const auto by_state =
        Shipped().Apply(appeal, {"confirm", {}}, kOperator, At("2026-01-19T07:01:00Z"));
    ASSERT_FALSE(by_state.has_value());
    EXPECT_EQ(
        by_state.error().message,
        "Действие «Подтвердить решение (по согласованию с пользователем)» недоступно в статусе "
        "«Зарегистрирована»");
    const auto missing =
        Shipped().Apply(appeal, {"resolve", {}}, kOperator, At("2026-01-19T07:01:00Z"));
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, "validation_failed");
    EXPECT_EQ(missing.error().fields[0].field, "solution");
    const auto unknown_param = Shipped().Apply(appeal, {"take", {{"grop", "line2"}}}, kOperator,
                                               At("2026-01-19T07:01:00Z"));
    ASSERT_FALSE(unknown_param.has_value());
    EXPECT_EQ(unknown_param.error().fields[0].field, "grop");
    const auto unknown =
        Shipped().Apply(appeal, {"teleport", {}}, kOperator, At("2026-01-19T07:01:00Z"));
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().fields[0].code, "unknown");
    appeal = Act(Shipped(), appeal, "close", {}, kOperator, At("2026-01-19T07:02:00Z")).appeal;
    EXPECT_TRUE(Shipped().AvailableActions(appeal, kOperator).empty());
    const auto closed =
        Shipped().Apply(appeal, {"take", {}}, kOperator, At("2026-01-19T07:03:00Z"));
    EXPECT_EQ(closed.error().message, "Действие «Взять в работу» недоступно в статусе «Закрыта»");
}

// 004, table 2: priority 4 is «по согласованию»: the clock starts with the agreed term.
TEST(Hotline, AgreedTermStartsTheClock) {
    auto appeal = Register(Shipped(), Hotline("ИНЦ", "P4"), At("2026-01-19T07:00:00Z"));
    EXPECT_FALSE(appeal.next_event_at);
    // Until it is agreed the appeal says so and prompts the operator.
    EXPECT_EQ(Attribute(appeal, "term.resolution"), "not_agreed");
    EXPECT_NE(Attribute(appeal, "prompt").find("Срок не согласован"), std::string::npos);
    // The record says how it was agreed.
    const auto unrecorded =
        Shipped().Apply(appeal, {"agree_term", {{"term", "10 business_days"}, {"comment", "x"}}},
                        kOperator, At("2026-01-19T08:00:00Z"));
    ASSERT_FALSE(unrecorded.has_value());
    EXPECT_EQ(unrecorded.error().fields[0].field, "agreement");
    appeal = Act(Shipped(), appeal, "agree_term",
                 {{"term", "10 business_days"},
                  {"agreement", "letter"},
                  {"comment", "Согласовано с пользователем письмом"}},
                 kOperator, At("2026-01-19T08:00:00Z"))
                 .appeal;  // Mon 11:00
    EXPECT_EQ(Deadline(appeal, "resolution"), "2026-02-02T08:00:00Z");
    EXPECT_EQ(Attribute(appeal, "term.resolution"), "10 business_days");
    EXPECT_EQ(Attribute(appeal, "prompt"), "");
    const auto bad = Shipped().Apply(
        appeal, {"agree_term", {{"term", "soon"}, {"agreement", "phone"}, {"comment", "x"}}},
        kOperator, At("2026-01-19T08:00:00Z"));
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().fields[0].field, "term");
}

TEST(Hotline, DuplicateRefusalNamesTheOriginal) {
    auto appeal = Register(Shipped(), Hotline("ИНЦ", "P2"), At("2026-01-19T07:00:00Z"));
    const auto without = Shipped().Apply(appeal, {"refuse", {{"reason", "duplicate"}}}, kOperator,
                                         At("2026-01-19T07:10:00Z"));
    ASSERT_FALSE(without.has_value());
    EXPECT_EQ(without.error().fields[0].field, "original");
    const auto refused =
        Act(Shipped(), appeal, "refuse", {{"reason", "duplicate"}, {"original", "ГЛ-2026-000001"}},
            kOperator, At("2026-01-19T07:10:00Z"));
    EXPECT_EQ(refused.appeal.status, Status::kRefused);
    EXPECT_EQ(Attribute(refused.appeal, "refusal_reason"), "duplicate");
    EXPECT_EQ(Attribute(refused.appeal, "original"), "ГЛ-2026-000001");
    EXPECT_FALSE(refused.appeal.next_event_at);
}

// --- epgu (002) ---

core::AppealDraft Epgu(std::string channel) {
    core::AppealDraft draft;
    draft.regulation = "epgu";
    draft.channel = std::move(channel);
    draft.subject = "Не подтверждается учётная запись";
    draft.text = "Статус учётной записи не меняется две недели.";
    draft.category = "incident";
    draft.applicant.last_name = "Петров";
    draft.applicant.first_name = "Иван";
    draft.applicant.email = "petrov@example.ru";
    draft.applicant.region = "77";
    draft.applicant.contact_channel = "email";
    return draft;
}

const core::Actor kRegional{2, "rpgu_op", Role::kRegionalOperator, "rpgu_77", "77"};
const core::Actor kFederal{3, "cpp_op", Role::kLine1Operator, "cpp_shift", ""};

// CH-4, 002 §4.2.2–4.2.3: an incomplete written ticket waits and is not handed over.
TEST(Epgu, IncompleteWrittenTicketWaitsAndIsNotHandedOver) {
    auto appeal = Register(Shipped(), Epgu("letter"), At("2026-01-19T07:00:00Z"), "ЕП-2026-000001");
    EXPECT_EQ(appeal.group, "rpgu_77");
    EXPECT_EQ(appeal.status, Status::kPending);
    // 002 §4.2.2: the intake request has its own reason…
    EXPECT_EQ(appeal.pending_reason, "intake_data");
    EXPECT_EQ(Attribute(appeal, "pending_reason_name"), "Запрошены данные пользователя для тикета");
    const auto notices = Shipped().RegistrationNotices(appeal, At("2026-01-19T07:00:00Z"));
    ASSERT_EQ(notices.size(), 2u);
    EXPECT_EQ(notices[1].kind, "info_request_intake");
    const auto forward = Shipped().Apply(appeal, {"forward", {{"group", "cpp_shift"}}}, kRegional,
                                         At("2026-01-19T07:10:00Z"));
    ASSERT_FALSE(forward.has_value());
    EXPECT_EQ(forward.error().code, "action_not_allowed");
    EXPECT_EQ(
        forward.error().message,
        "Нельзя выполнить «Передать тикет»: не хватает данных (Данные пользователя для тикета "
        "(002 §3.4.2, §4.2.1)): СНИЛС, дата рождения, ИНН. Запросите их у заявителя");
    // …and, unlike the §3.7/§4.7 requests, no closure after 3 business days: the seed sets none.
    EXPECT_EQ(Deadline(appeal, "auto_close"), "none");
    const auto later = RunTimers(Shipped(), appeal, At("2026-02-19T07:00:00Z"));
    EXPECT_EQ(later.appeal.status, Status::kPending);
}

TEST(Epgu, ProvidedDataCompletesTheTicketForTheHandOver) {
    auto appeal = Register(Shipped(), Epgu("letter"), At("2026-01-19T07:00:00Z"), "ЕП-2026-000001");
    const auto bad = Shipped().Apply(appeal, {"provide_info", {{"snils", "112-233-445 96"}}},
                                     kRegional, At("2026-01-20T07:00:00Z"));
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().fields[0].field, "applicant.snils");
    appeal =
        Act(Shipped(), appeal, "provide_info",
            {{"snils", "112-233-445 95"}, {"inn", "500100732259"}, {"birth_date", "1980-04-12"}},
            kRegional, At("2026-01-20T07:00:00Z"))
            .appeal;
    EXPECT_EQ(appeal.status, Status::kAssigned);
    EXPECT_EQ(appeal.group, "rpgu_77");
    EXPECT_FALSE(appeal.deadlines.contains("auto_close"));
    appeal = Act(Shipped(), appeal, "forward", {{"group", "cpp_shift"}}, kRegional,
                 At("2026-01-20T07:05:00Z"))
                 .appeal;
    EXPECT_EQ(appeal.group, "cpp_shift");
    EXPECT_EQ(Attribute(appeal, "status_name"), "Назначен");
    // 002 §4.3.1: not ЕПГУ's competence — back to the regional service with a comment.
    const auto returned =
        Act(Shipped(), appeal, "return", {{"comment", "Вопрос регионального портала"}}, kFederal,
            At("2026-01-20T08:00:00Z"));
    EXPECT_EQ(returned.appeal.group, "rpgu_77");
    ASSERT_TRUE(returned.comment);
    EXPECT_EQ(returned.comment->visibility, core::Visibility::kInternal);
}

// 002 §4.7–4.7.3: ЕПГУ asks through СП РПГУ; the answer brings the ticket back to ЕПГУ.
TEST(Epgu, InformationRequestReturnsToWhoAsked) {
    auto draft = Epgu("phone");
    draft.applicant.snils = "112-233-445 95";
    draft.applicant.inn = "500100732259";
    draft.applicant.birth_date = "1980-04-12";
    auto appeal = Register(Shipped(), draft, At("2026-01-19T07:00:00Z"), "ЕП-2026-000002");
    EXPECT_EQ(appeal.status, Status::kRegistered);
    appeal = Act(Shipped(), appeal, "forward", {{"group", "cpp_shift"}}, kRegional,
                 At("2026-01-19T07:05:00Z"))
                 .appeal;
    appeal = Act(Shipped(), appeal, "take", {}, kFederal, At("2026-01-19T07:10:00Z")).appeal;
    appeal = Act(Shipped(), appeal, "request_info",
                 {{"comment", "Номер заявления на портале"}, {"group", "rpgu_77"}}, kFederal,
                 At("2026-01-19T08:00:00Z"))
                 .appeal;
    EXPECT_EQ(appeal.group, "rpgu_77");
    appeal = Act(Shipped(), appeal, "provide_info", {{"comment", "Заявление № 123"}}, kRegional,
                 At("2026-01-20T08:00:00Z"))
                 .appeal;
    EXPECT_EQ(appeal.group, "cpp_shift");
    EXPECT_EQ(appeal.status, Status::kAssigned);
}

// 002 §3.8, §4.8: one notice, no reminders; a repeated inquiry only adds a comment (TR-8).
TEST(Epgu, AgencyReferralTellsTheApplicantOnce) {
    auto draft = Epgu("phone");
    draft.applicant.snils = "112-233-445 95";
    draft.applicant.inn = "500100732259";
    draft.applicant.birth_date = "1980-04-12";
    auto appeal = Register(Shipped(), draft, At("2026-01-19T07:00:00Z"), "ЕП-2026-000003");
    appeal = Act(Shipped(), appeal, "forward", {{"group", "cpp_shift"}}, kRegional,
                 At("2026-01-19T07:05:00Z"))
                 .appeal;
    appeal = Act(Shipped(), appeal, "take", {}, kFederal, At("2026-01-19T07:10:00Z")).appeal;
    const auto referred = Act(Shipped(), appeal, "refer_agency", {{"comment", "Запрос в ФНС"}},
                              kFederal, At("2026-01-19T08:00:00Z"));
    ASSERT_EQ(referred.outbox.size(), 1u);
    EXPECT_EQ(referred.outbox[0].kind, "agency_referral");
    EXPECT_FALSE(referred.appeal.next_event_at) << "no reminders while with the agency";
    const auto inquiry =
        Act(Shipped(), referred.appeal, "status_inquiry",
            {{"comment", "Пользователь уточнял сроки"}}, kRegional, At("2026-01-26T08:00:00Z"));
    EXPECT_TRUE(inquiry.outbox.empty());
    EXPECT_EQ(inquiry.appeal.pending_reason, "agency");
    auto answered = Act(Shipped(), inquiry.appeal, "agency_answer", {{"comment", "ФНС ответила"}},
                        kFederal, At("2026-02-02T08:00:00Z"))
                        .appeal;
    EXPECT_EQ(answered.group, "stp");
    answered = Act(Shipped(), answered, "refer_agency", {{"comment", "Ещё вопрос"}}, kFederal,
                   At("2026-02-03T08:00:00Z"))
                   .appeal;
    EXPECT_EQ(Attribute(answered, "notices.agency_referral"), "1");
}

// LC-4, 002 §3.11.2, §4.3.2–4.3.4: a disputed resolution registers a linked claim in ГРП with its
// own term of 7 business days, and the applicant gets its number and the contacts.
TEST(Epgu, DisputeRegistersAClaimWithItsOwnTerm) {
    auto appeal = Register(Shipped(), Epgu("phone"), At("2026-01-19T07:00:00Z"), "ЕП-2026-000004");
    appeal = Act(Shipped(), appeal, "resolve", {{"solution", "Повторите вход через 15 минут"}},
                 kRegional, At("2026-01-19T08:00:00Z"))
                 .appeal;
    const auto disputed = Act(Shipped(), appeal, "dispute", {{"comment", "Не помогло"}}, kRegional,
                              At("2026-01-20T09:00:00Z"));  // Tue 12:00
    EXPECT_EQ(disputed.appeal.pending_reason, "claim_registered");
    EXPECT_EQ(disputed.appeal.group, "rpgu_77");
    ASSERT_EQ(disputed.spawned.size(), 1u);
    EXPECT_EQ(disputed.spawned[0].link, core::LinkType::kClaimAbout);
    auto claim = disputed.spawned[0].intake.appeal;
    EXPECT_EQ(claim.group, "grp");
    EXPECT_EQ(claim.subject, "Претензия по обращению ЕП-2026-000004");
    EXPECT_EQ(Attribute(claim, "claim_of"), "ЕП-2026-000004");
    // 7 business days from Tue 20 January 12:00 — Thu 29 January 12:00 MSK.
    EXPECT_EQ(Deadline(claim, "claim"), "2026-01-29T09:00:00Z");
    claim.id = 2;
    claim.uin = "ЕП-2026-000005";
    const auto notices = Shipped().RegistrationNotices(claim, At("2026-01-20T09:00:00Z"));
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_EQ(notices[0].kind, "claim_registered");
    EXPECT_NE(notices[0].payload.find("ЕП-2026-000005"), std::string::npos);
    EXPECT_NE(notices[0].payload.find("8 800 100-70-10"), std::string::npos);
    EXPECT_NE(notices[0].payload.find("29.01.2026 12:00"), std::string::npos);
}

// --- bilet (000/001) ---

core::AppealDraft Bilet(std::string channel, std::string category = "technical") {
    core::AppealDraft draft;
    draft.regulation = "bilet";
    draft.channel = std::move(channel);
    draft.subject = "Не загружается тест";
    draft.text = "После третьего вопроса страница зависает.";
    draft.category = std::move(category);
    draft.applicant.last_name = "Смирнова";
    draft.applicant.first_name = "Мария";
    draft.applicant.email = "smirnova@example.ru";
    draft.applicant.region = "16";
    draft.applicant.login = "smirnova";
    draft.applicant.role = "student";
    return draft;
}

// SLA-7, 000 §6.5: in force until 15 December 2020.
TEST(Bilet, RefusedOutsideItsDatesInForce) {
    const auto late =
        Shipped().PrepareIntake(Bilet("chatbot"), kOperator, At("2020-12-16T07:00:00Z"));
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().fields[0].code, "not_in_force");
    EXPECT_NE(late.error().fields[0].message.find("с 30.04.2020 по 15.12.2020"), std::string::npos);
    const auto last_day = Register(Shipped(), Bilet("chatbot"), At("2020-12-15T07:00:00Z"));
    EXPECT_EQ(last_day.regulation_version, 1);
}

TEST(Bilet, TermsByChannel) {
    // §4.1.4: 30 calendar days from registration.
    const auto org = Register(Shipped(), Bilet("org_mail"), At("2020-10-05T07:00:00Z"));
    EXPECT_EQ(Deadline(org, "resolution"), "2020-11-04T07:00:00Z");
    EXPECT_EQ(org.group, "union_staff");
    // §4.3: 3 business days; 3 November 2020 is shortened, 4 November a holiday.
    const auto project = Register(Shipped(), Bilet("project_mail"), At("2020-10-30T12:00:00Z"));
    EXPECT_EQ(Deadline(project, "resolution"), "2020-11-05T13:00:00Z");
    // The chatbot's term is not set by the seed.
    const auto chat = Register(Shipped(), Bilet("chatbot"), At("2020-10-05T07:00:00Z"));
    EXPECT_EQ(chat.group, "department");
    EXPECT_TRUE(chat.deadlines.empty());
}

// §5.4–5.5: technical support's 24 hours run from the hand-over and only while it has it.
TEST(Bilet, TechnicalSupportHasTwentyFourHours) {
    auto appeal = Register(Shipped(), Bilet("project_mail"), At("2020-10-05T07:00:00Z"));
    const auto department = Staff(Role::kLine1Operator, "dept", "department");
    appeal = Act(Shipped(), appeal, "forward", {{"group", "tech"}}, department,
                 At("2020-10-06T09:00:00Z"))
                 .appeal;
    EXPECT_EQ(Deadline(appeal, "tech_support"), "2020-10-07T09:00:00Z");
    appeal = Act(Shipped(), appeal, "return", {{"comment", "Исправлено в версии 2.3"}},
                 Staff(Role::kTechSupport, "dev", "tech"), At("2020-10-06T15:00:00Z"))
                 .appeal;
    EXPECT_EQ(appeal.group, "department");
    EXPECT_EQ(Deadline(appeal, "tech_support"), "none");
    EXPECT_EQ(Attribute(appeal, "clock.tech_support"), "stopped");
}

// §5.8: venues' and mentors' organizational questions go to their regional operator.
TEST(Bilet, VenueQuestionsGoToTheRegionalOperator) {
    auto draft = Bilet("chatbot", "organizational");
    draft.applicant.role = "venue";
    draft.applicant.region = "77";
    EXPECT_EQ(Register(Shipped(), draft, At("2020-10-05T07:00:00Z")).group, "regional_77");
    draft.applicant.region = "25";
    EXPECT_EQ(Register(Shipped(), draft, At("2020-10-05T07:00:00Z")).group, "regional");
}

// §5.6.1: the chatbot asks region, role and login, registered e-mail and question type.
TEST(Bilet, ChatbotNeedsWhatItAsks) {
    auto draft = Bilet("chatbot", "");
    draft.applicant.login.clear();
    draft.applicant.region.clear();
    const auto intake = Shipped().PrepareIntake(draft, kOperator, At("2020-10-05T07:00:00Z"));
    ASSERT_FALSE(intake.has_value());
    std::vector<std::string> fields;
    for (const auto& f : intake.error().fields) fields.push_back(f.field);
    EXPECT_EQ(fields,
              (std::vector<std::string>{"applicant.region", "applicant.login", "category"}));
}

// --- pos (003) ---

core::AppealDraft Pos(std::string channel, std::string organization = "") {
    core::AppealDraft draft;
    draft.regulation = "pos";
    draft.channel = std::move(channel);
    draft.text = "Центр мониторинга 112. Мусор не вывозят неделю.";
    draft.category = "ЖКХ";
    draft.subcategory = "waste";
    draft.problem_address = "г. Ульяновск, ул. Гончарова, д. 1";
    draft.organization = std::move(organization);
    draft.applicant.last_name = "Волков";
    draft.applicant.first_name = "Андрей";
    draft.applicant.phone = "+79161234567";
    draft.applicant.email = "volkov@example.ru";
    return draft;
}

TEST(Pos, OrganizationsAtIntake) {
    const auto when = At("2026-01-19T07:00:00Z");
    // CH-5: the competent organization unclear — the default coordinator.
    EXPECT_EQ(Register(Shipped(), Pos("phone"), when).organization, "gov73");
    EXPECT_EQ(Register(Shipped(), Pos("phone", "city_ulyanovsk"), when).organization,
              "city_ulyanovsk");
    // RT-4: addressed to a subordinate — the parent coordinates.
    const auto sub = Register(Shipped(), Pos("phone", "housing_service"), when);
    EXPECT_EQ(sub.organization, "min_housing");
    EXPECT_EQ(Attribute(sub, "addressed_to"), "housing_service");
    // Not connected, or not competent for the category: refused.
    auto heating = Pos("phone", "energy_company");
    heating.subcategory = "heating";
    auto refused = Shipped().PrepareIntake(heating, kOperator, when);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().fields[0].code, "not_connected");
    refused = Shipped().PrepareIntake(Pos("phone", "min_transport"), kOperator, when);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().fields[0].code, "not_competent");
}

TEST(Pos, IntakeOperatorsStartWithTheSourceMarker) {
    auto draft = Pos("phone");
    draft.text = "Мусор не вывозят неделю.";
    draft.problem_address.clear();
    const auto intake = Shipped().PrepareIntake(draft, kOperator, At("2026-01-19T07:00:00Z"));
    ASSERT_FALSE(intake.has_value());
    std::vector<std::string> fields;
    for (const auto& f : intake.error().fields) fields.push_back(f.field + "/" + f.code);
    EXPECT_EQ(fields, (std::vector<std::string>{"problem_address/required", "text/source_marker"}));
}

// LC-6: coordination → execution → agreement → approval → ready → delivered with its channel.
TEST(Pos, StagesThenDeliveryConfirmedWithItsChannel) {
    auto appeal = Register(Shipped(), Pos("phone"), At("2026-01-19T07:00:00Z"));
    EXPECT_EQ(appeal.stage, "coordination");
    EXPECT_EQ(appeal.status, Status::kAssigned);
    const auto coordinator = Staff(Role::kCoordinator, "coord");
    const auto executor = Staff(Role::kExecutor, "exec");
    const auto approver = Staff(Role::kApprover, "appr");
    const auto intake = Staff(Role::kIntakeOperator, "intake");
    const auto early =
        Shipped().Apply(appeal, {"advance_stage", {}}, executor, At("2026-01-19T07:05:00Z"));
    ASSERT_FALSE(early.has_value());
    EXPECT_EQ(early.error().message,
              "На этапе «Координация» дальше обращение передаёт другая роль");
    appeal = Act(Shipped(), appeal, "forward", {{"organization", "city_ulyanovsk"}}, coordinator,
                 At("2026-01-19T07:10:00Z"))
                 .appeal;
    EXPECT_EQ(appeal.organization, "city_ulyanovsk");
    appeal =
        Act(Shipped(), appeal, "advance_stage", {}, coordinator, At("2026-01-19T08:00:00Z")).appeal;
    EXPECT_EQ(appeal.stage, "execution");
    appeal = Act(Shipped(), appeal, "advance_stage", {{"solution", "Вывоз организован"}}, executor,
                 At("2026-01-20T08:00:00Z"))
                 .appeal;
    EXPECT_EQ(appeal.stage, "agreement");
    appeal =
        Act(Shipped(), appeal, "advance_stage", {}, coordinator, At("2026-01-20T09:00:00Z")).appeal;
    EXPECT_EQ(appeal.stage, "approval");
    appeal =
        Act(Shipped(), appeal, "advance_stage", {}, approver, At("2026-01-20T10:00:00Z")).appeal;
    EXPECT_EQ(appeal.stage, "answer_ready");
    EXPECT_EQ(appeal.status, Status::kResolved);
    EXPECT_EQ(Attribute(appeal, "status_name"), "Ответ готов к передаче");
    const auto bad = Shipped().Apply(appeal, {"confirm_delivery", {{"delivery_channel", "pigeon"}}},
                                     intake, At("2026-01-20T11:00:00Z"));
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().fields[0].field, "delivery_channel");
    appeal = Act(Shipped(), appeal, "confirm_delivery", {{"delivery_channel", "phone"}}, intake,
                 At("2026-01-20T11:00:00Z"))
                 .appeal;
    EXPECT_EQ(appeal.stage, "answer_delivered");
    EXPECT_EQ(appeal.status, Status::kClosed);
    EXPECT_EQ(Attribute(appeal, "delivery_channel"), "phone");
    EXPECT_EQ(Attribute(appeal, "stage_name"), "Ответ передан заявителю");
}

// 003: a widget message's answer goes out by e-mail by itself once approved.
TEST(Pos, WidgetAnswerIsSentByEmail) {
    auto draft = Pos("widget");
    auto appeal = Register(Shipped(), draft, At("2026-01-19T07:00:00Z"));
    const auto admin = Staff(Role::kAdministrator, "admin");
    for (int i = 0; i < 3; ++i) {
        appeal = Act(Shipped(), appeal, "advance_stage", {{"solution", "Вывоз организован"}}, admin,
                     At("2026-01-19T08:00:00Z"))
                     .appeal;
    }
    const auto sent =
        Act(Shipped(), appeal, "advance_stage", {}, admin, At("2026-01-19T09:00:00Z"));
    EXPECT_EQ(sent.appeal.stage, "answer_sent");
    EXPECT_EQ(sent.appeal.status, Status::kClosed);
    ASSERT_EQ(sent.outbox.size(), 1u);
    EXPECT_EQ(sent.outbox[0].kind, "answer");
    EXPECT_EQ(sent.outbox[0].channel, "email");
    EXPECT_NE(sent.outbox[0].payload.find("Вывоз организован"), std::string::npos);
}

}  // namespace
}  // namespace otklik::regulation::testing

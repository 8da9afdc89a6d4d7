// core::AppealRepository: registration, numbering, idempotency, optimistic versions, queues,
// comments, links, timers and counters, as every store must keep them.
#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include "store_contract.hpp"

namespace otklik::storage::contract {
namespace {

using core::Appeal;
using core::AppealChange;
using core::AppealFilter;
using core::AppealOrder;
using core::PageRequest;
using core::Status;

class AppealContract : public StoreContract {
protected:
    Appeal Register(core::NewAppeal request) {
        auto registered = appeals().Register(std::move(request));
        EXPECT_TRUE(registered) << (registered ? "" : registered.error().message);
        return registered ? registered->appeal : Appeal{};
    }

    AppealChange ChangeOf(const Appeal& appeal, const char* action = "assign") {
        AppealChange change;
        change.appeal = appeal;
        change.expected_version = appeal.version;
        change.entry = {0, appeal.id, At("2026-03-02T08:00:00Z"), "petrov", action, {}, ""};
        return change;
    }

    std::vector<std::string> Texts(const core::AppealPage& page) {
        std::vector<std::string> texts;
        for (const auto& appeal : page.items) texts.push_back(appeal.text);
        return texts;
    }

    std::int64_t Count(const std::vector<core::QueueCount>& counts, const std::string& group,
                       const std::string& status) {
        for (const auto& count : counts) {
            if (count.group == group && count.status == status) return count.count;
        }
        return 0;
    }
};

TEST_P(AppealContract, RegisterNumbersInSequencePerPrefixAndYear) {
    EXPECT_EQ(Register(MakeRequest("первое")).uin, "ГЛ-2026-000001");
    EXPECT_EQ(Register(MakeRequest("второе")).uin, "ГЛ-2026-000002");
    auto other = MakeRequest("другой регламент");
    other.uin_prefix = "ББ";
    EXPECT_EQ(Register(other).uin, "ББ-2026-000001");
    auto next_year = MakeRequest("следующий год");
    next_year.uin_year = 2027;
    EXPECT_EQ(Register(next_year).uin, "ГЛ-2027-000001");
    EXPECT_EQ(Register(MakeRequest("третье")).uin, "ГЛ-2026-000003");
}

TEST_P(AppealContract, ConcurrentRegistrationsGetDistinctNumbersWithoutGaps) {
    constexpr int kThreads = 8;
    constexpr int kEach = 20;
    std::vector<std::thread> threads;
    std::mutex mutex;
    std::set<std::string> uins;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kEach; ++i) {
                auto registered = appeals().Register(MakeRequest("параллельно"));
                ASSERT_TRUE(registered);
                std::lock_guard lock(mutex);
                uins.insert(registered->appeal.uin);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_EQ(uins.size(), static_cast<std::size_t>(kThreads * kEach));
    EXPECT_EQ(*uins.begin(), "ГЛ-2026-000001");
    EXPECT_EQ(*uins.rbegin(), "ГЛ-2026-000160");
}

TEST_P(AppealContract, FindReturnsWhatWasStored) {
    auto request = MakeRequest("Не приходит код подтверждения");
    request.appeal.applicant.first_name = "Анна";
    request.appeal.applicant.inn = "500100732259";
    request.appeal.problem_address = "Москва, ул. Тверская, 1";
    request.appeal.subcategory = "login";
    request.appeal.stage = "diagnostics";
    request.appeal.organization = "org-1";
    request.appeal.source_ref = "<abc@example.ru>";
    request.appeal.created_by = "operator";
    request.appeal.deadlines["resolution"] = At("2026-03-05T15:00:00Z");
    request.appeal.deadlines["first_response"] = At("2026-03-02T15:00:00Z");
    request.appeal.clock_events.push_back(
        {At("2026-03-02T07:00:00Z"), "resolution", "start", "5 business_days", ""});
    request.appeal.clock_events.push_back(
        {At("2026-03-02T09:00:00Z"), "resolution", "pause", "", "diagnostics"});
    request.appeal.attributes["reminders_sent"] = "2";
    const Appeal stored = Register(request);
    EXPECT_GT(stored.id, 0);
    EXPECT_EQ(stored.version, 1);

    const auto found = appeals().FindByUin(stored.uin);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, stored.id);
    EXPECT_EQ(found->text, "Не приходит код подтверждения");
    EXPECT_EQ(found->subject, request.appeal.subject);
    EXPECT_EQ(found->regulation, "hotline");
    EXPECT_EQ(found->channel, "api");
    EXPECT_EQ(found->status, Status::kRegistered);
    EXPECT_EQ(found->group, "line1");
    EXPECT_EQ(found->category, "ИНЦ");
    EXPECT_EQ(found->subcategory, "login");
    EXPECT_EQ(found->priority, "P3");
    EXPECT_EQ(found->stage, "diagnostics");
    EXPECT_EQ(found->organization, "org-1");
    EXPECT_EQ(found->problem_address, "Москва, ул. Тверская, 1");
    EXPECT_EQ(found->source_ref, "<abc@example.ru>");
    EXPECT_EQ(found->applicant.last_name, "Смирнова");
    EXPECT_EQ(found->applicant.first_name, "Анна");
    EXPECT_EQ(found->applicant.snils, "112-233-445 95");
    EXPECT_EQ(found->applicant.inn, "500100732259");
    EXPECT_EQ(found->applicant.region, "77");
    EXPECT_EQ(found->deadlines.at("resolution"), At("2026-03-05T15:00:00Z"));
    EXPECT_EQ(found->deadlines.at("first_response"), At("2026-03-02T15:00:00Z"));
    ASSERT_EQ(found->clock_events.size(), 2u);
    EXPECT_EQ(found->clock_events[0].term, "5 business_days");
    EXPECT_EQ(found->clock_events[1].kind, "pause");
    EXPECT_EQ(found->clock_events[1].reason, "diagnostics");
    EXPECT_EQ(found->attributes.at("reminders_sent"), "2");
    EXPECT_EQ(found->created_at, At("2026-03-02T07:00:00Z"));
    EXPECT_EQ(found->version, 1);
    EXPECT_FALSE(found->closed_at);

    EXPECT_EQ(appeals().FindById(stored.id)->uin, stored.uin);
    const auto missing = appeals().FindByUin("ГЛ-2026-999999");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, core::ErrorKind::kNotFound);
    EXPECT_EQ(appeals().FindById(stored.id + 1000).error().kind, core::ErrorKind::kNotFound);
}

TEST_P(AppealContract, RegistrationWritesHistoryAndNoticesInTheSameUnit) {
    const Appeal stored = Register(MakeRequest("с уведомлением"));
    const auto history = appeals().History(stored.id).value();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].action, "register");
    EXPECT_EQ(history[0].actor, "operator");
    EXPECT_EQ(history[0].appeal_id, stored.id);
    const auto due = mail().DueOutbox(At("2026-03-02T08:00:00Z"), 10).value();
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].appeal_uin, stored.uin);
    EXPECT_EQ(due[0].message.appeal_id, stored.id);
    EXPECT_NE(due[0].message.payload.find(stored.uin), std::string::npos)
        << "a notice made inside the unit sees the allocated number";
}

TEST_P(AppealContract, IdempotencyKeyReplaysTheFirstAppealAndRefusesAnotherRequest) {
    auto request = MakeRequest("повтор");
    request.idempotency_key = "key-1";
    request.idempotency_fingerprint = "hash-a";
    const auto first = appeals().Register(request);
    const auto again = appeals().Register(request);
    ASSERT_TRUE(first && again);
    EXPECT_FALSE(first->replayed);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(first->appeal.uin, again->appeal.uin);
    EXPECT_EQ(first->appeal.id, again->appeal.id);
    request.idempotency_fingerprint = "hash-b";
    const auto reused = appeals().Register(request);
    ASSERT_FALSE(reused);
    EXPECT_EQ(reused.error().kind, core::ErrorKind::kConflict);
    EXPECT_EQ(reused.error().code, "idempotency_key_reused");
    EXPECT_EQ(appeals().List({}, {}).value().items.size(), 1u);
    EXPECT_EQ(mail().DueOutbox(At("2026-03-03T00:00:00Z"), 10)->size(), 1u)
        << "a replay sends nothing again";
    EXPECT_EQ(Register(MakeRequest("следующее")).uin, "ГЛ-2026-000002")
        << "a replay takes no number";
}

TEST_P(AppealContract, UpdateChecksTheVersionAndKeepsTheWholeChange) {
    const Appeal stored = Register(MakeRequest("обновить"));
    Appeal changed = stored;
    changed.group = "line2";
    changed.status = Status::kAssigned;
    changed.assignee = "petrov";
    changed.attributes["transfers"] = "1";
    auto change = ChangeOf(changed);
    change.outbox.push_back(Notice(stored.id, At("2026-03-02T08:00:00Z")));
    const auto saved = appeals().Update(change);
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->version, 2);

    const auto stale = appeals().Update(change);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().kind, core::ErrorKind::kConflict);
    EXPECT_EQ(stale.error().code, "version_conflict");

    const auto found = appeals().FindByUin(stored.uin).value();
    EXPECT_EQ(found.version, 2);
    EXPECT_EQ(found.group, "line2");
    EXPECT_EQ(found.status, Status::kAssigned);
    EXPECT_EQ(found.assignee, "petrov");
    EXPECT_EQ(found.attributes.at("transfers"), "1");
    const auto history = appeals().History(found.id).value();
    ASSERT_EQ(history.size(), 2u) << "the stale change wrote nothing";
    EXPECT_EQ(history[1].action, "assign");
    EXPECT_EQ(mail().DueOutbox(At("2026-03-03T00:00:00Z"), 10)->size(), 2u);

    auto next = ChangeOf(found, "take");
    next.appeal.status = Status::kInProgress;
    ASSERT_TRUE(appeals().Update(next));
    EXPECT_EQ(appeals().FindById(found.id)->version, 3);

    Appeal ghost = found;
    ghost.id = found.id + 1000;
    EXPECT_EQ(appeals().Update(ChangeOf(ghost)).error().kind, core::ErrorKind::kNotFound);
}

TEST_P(AppealContract, ClosingKeepsTheCloseInstantAndLeavesTheOpenQueue) {
    const Appeal stored = Register(MakeRequest("закрыть"));
    Appeal closed = stored;
    closed.status = Status::kClosed;
    closed.closed_at = At("2026-03-04T10:00:00Z");
    ASSERT_TRUE(appeals().Update(ChangeOf(closed, "close")));
    EXPECT_EQ(appeals().FindById(stored.id)->closed_at, At("2026-03-04T10:00:00Z"));
    AppealFilter open;
    open.open_only = true;
    EXPECT_TRUE(appeals().List(open, {}).value().items.empty());
    EXPECT_EQ(appeals().List({}, {}).value().items.size(), 1u);
}

TEST_P(AppealContract, UpdateStoresItsCommentAndSpawnedClaimWithItsLink) {
    const Appeal stored = Register(MakeRequest("решение оспорено"));
    auto change = ChangeOf(stored, "dispute");
    change.appeal.status = Status::kClosed;
    change.comment = core::Comment{0,
                                   stored.id,
                                   At("2026-03-03T08:00:00Z"),
                                   "petrov",
                                   "Заявитель не согласен",
                                   core::Visibility::kPublic};
    auto claim = MakeRequest("претензия", "claims");
    claim.uin_prefix = "ПР";
    change.spawned.emplace_back(claim, core::LinkType::kClaimAbout);
    ASSERT_TRUE(appeals().Update(change));
    const auto links = appeals().Links(stored.id).value();
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].type, core::LinkType::kClaimAbout);
    EXPECT_EQ(links[0].from_uin, "ПР-2026-000001");
    EXPECT_EQ(links[0].to_uin, stored.uin);
    const auto claim_stored = appeals().FindByUin("ПР-2026-000001");
    ASSERT_TRUE(claim_stored);
    EXPECT_EQ(claim_stored->group, "claims");
    const auto comments = appeals().Comments(stored.id).value();
    ASSERT_EQ(comments.size(), 1u);
    EXPECT_EQ(comments[0].text, "Заявитель не согласен");
    EXPECT_EQ(comments[0].visibility, core::Visibility::kPublic);
}

TEST_P(AppealContract, RegistrationLinksToEarlierAppealsByNumber) {
    const Appeal original = Register(MakeRequest("исходное"));
    auto duplicate = MakeRequest("повторное");
    duplicate.links.emplace_back(original.uin, core::LinkType::kDuplicateOf);
    duplicate.links.emplace_back("ГЛ-2026-999999", core::LinkType::kRelated);  // vanished
    const Appeal second = Register(duplicate);
    const auto links = appeals().Links(original.id).value();
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].from_id, second.id);
    EXPECT_EQ(links[0].type, core::LinkType::kDuplicateOf);
}

TEST_P(AppealContract, CommentsAndLinksAreStoredWithTheirHistory) {
    const Appeal a = Register(MakeRequest("исходное"));
    const Appeal b = Register(MakeRequest("повторное"));
    core::Comment internal{0,
                           a.id,
                           At("2026-03-02T09:00:00Z"),
                           "petrov",
                           "Служебная пометка",
                           core::Visibility::kInternal};
    core::Comment shown{0,
                        a.id,
                        At("2026-03-02T09:05:00Z"),
                        "petrov",
                        "Позвонили заявителю",
                        core::Visibility::kPublic};
    const auto first = appeals().AddComment(
        internal, {0, a.id, internal.at, "petrov", "comment_internal", {}, ""});
    ASSERT_TRUE(first);
    EXPECT_GT(first->id, 0);
    ASSERT_TRUE(
        appeals().AddComment(shown, {0, a.id, shown.at, "petrov", "comment_public", {}, ""}));
    const auto comments = appeals().Comments(a.id).value();
    ASSERT_EQ(comments.size(), 2u);
    EXPECT_EQ(comments[0].text, "Служебная пометка");
    EXPECT_EQ(comments[0].visibility, core::Visibility::kInternal);
    EXPECT_EQ(comments[1].visibility, core::Visibility::kPublic);
    EXPECT_EQ(comments[1].at, At("2026-03-02T09:05:00Z"));
    EXPECT_EQ(appeals().History(a.id)->size(), 3u);

    core::Link link{0, b.id, b.uin, a.id, a.uin, core::LinkType::kDuplicateOf, shown.at, "petrov"};
    const auto linked = appeals().AddLink(link, {0, b.id, shown.at, "petrov", "link", {}, ""});
    ASSERT_TRUE(linked);
    EXPECT_GT(linked->id, 0);
    const auto again = appeals().AddLink(link, {0, b.id, shown.at, "petrov", "link", {}, ""});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "link_exists");
    const auto from_target = appeals().Links(a.id).value();
    ASSERT_EQ(from_target.size(), 1u) << "links are found from both ends";
    EXPECT_EQ(from_target[0].from_uin, b.uin);
    EXPECT_EQ(from_target[0].to_uin, a.uin);
    EXPECT_EQ(from_target[0].author, "petrov");
    EXPECT_EQ(appeals().Links(b.id)->size(), 1u);
    EXPECT_EQ(appeals().History(b.id)->size(), 2u) << "the refused link wrote no history";
}

TEST_P(AppealContract, HistoryKeepsItsChangesInOrder) {
    const Appeal stored = Register(MakeRequest("история"));
    auto change = ChangeOf(stored);
    change.appeal.group = "line2";
    change.entry.changes = {{"group", "line1", "line2"}, {"applicant.email", "", ""}};
    change.entry.note = "по регламенту";
    ASSERT_TRUE(appeals().Update(change));
    const auto history = appeals().History(stored.id).value();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_LT(history[0].id, history[1].id);
    ASSERT_EQ(history[1].changes.size(), 2u);
    EXPECT_EQ(history[1].changes[0].field, "group");
    EXPECT_EQ(history[1].changes[0].from, "line1");
    EXPECT_EQ(history[1].changes[0].to, "line2");
    EXPECT_EQ(history[1].note, "по регламенту");
    EXPECT_EQ(history[1].at, At("2026-03-02T08:00:00Z"));
}

TEST_P(AppealContract, CommentOnceStoresOnePerKey) {
    const Appeal stored = Register(MakeRequest("статус"));
    core::Comment comment{0,
                          stored.id,
                          At("2026-03-02T09:00:00Z"),
                          "applicant:email",
                          "Где ответ?",
                          core::Visibility::kPublic};
    const core::HistoryEntry entry{0, stored.id, comment.at, "applicant:email", "comment", {}, ""};
    const auto first = appeals().AddCommentOnce(comment, entry, "inquiry-1", "hash-a");
    ASSERT_TRUE(first);
    EXPECT_GT(first->id, 0);
    const auto replay = appeals().AddCommentOnce(comment, entry, "inquiry-1", "hash-a");
    ASSERT_TRUE(replay);
    EXPECT_EQ(replay->id, 0) << "a replay stores nothing";
    const auto reused = appeals().AddCommentOnce(comment, entry, "inquiry-1", "hash-b");
    ASSERT_FALSE(reused);
    EXPECT_EQ(reused.error().code, "idempotency_key_reused");
    EXPECT_EQ(appeals().Comments(stored.id)->size(), 1u);
    EXPECT_EQ(appeals().History(stored.id)->size(), 2u);
}

TEST_P(AppealContract, ListPagesByDeadlineWithAKeysetCursor) {
    for (int i = 0; i < 7; ++i) {
        auto request = MakeRequest("очередь " + std::to_string(i), i % 2 ? "line1" : "line2");
        request.appeal.deadlines["resolution"] = At("2026-03-10T07:00:00Z") - std::chrono::hours(i);
        Register(request);
    }
    AppealFilter filter;
    filter.group = "line2";  // i = 0, 2, 4, 6
    PageRequest page{AppealOrder::kByDeadline, 3, ""};
    const auto first = appeals().List(filter, page).value();
    EXPECT_EQ(Texts(first), (std::vector<std::string>{"очередь 6", "очередь 4", "очередь 2"}));
    ASSERT_FALSE(first.next.empty());
    page.after = first.next;
    const auto second = appeals().List(filter, page).value();
    EXPECT_EQ(Texts(second), (std::vector<std::string>{"очередь 0"}));
    EXPECT_TRUE(second.next.empty());
}

TEST_P(AppealContract, ListOrdersByCreationBothWaysAndWalksEveryPage) {
    for (int i = 0; i < 5; ++i) {
        Register(MakeRequest("по времени " + std::to_string(i), "line1",
                             At("2026-03-02T07:00:00Z") + std::chrono::minutes(i)));
    }
    PageRequest newest{AppealOrder::kByCreatedDesc, 2, ""};
    std::vector<std::string> seen;
    for (int pages = 0; pages < 10; ++pages) {
        const auto page = appeals().List({}, newest).value();
        for (const auto& text : Texts(page)) seen.push_back(text);
        if (page.next.empty()) break;
        newest.after = page.next;
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"по времени 4", "по времени 3", "по времени 2",
                                              "по времени 1", "по времени 0"}));
    const auto oldest = appeals().List({}, {AppealOrder::kByCreated, 2, ""}).value();
    EXPECT_EQ(Texts(oldest), (std::vector<std::string>{"по времени 0", "по времени 1"}));
    EXPECT_EQ(appeals().List({}, {}).value().items.front().text, "по времени 4")
        << "newest first by default";

    const auto garbage = appeals().List({}, {AppealOrder::kByCreated, 10, "garbage"});
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().kind, core::ErrorKind::kValidation);
}

TEST_P(AppealContract, ListFiltersByEveryColumn) {
    auto late = MakeRequest("просрочено", "line1", At("2026-03-01T07:00:00Z"));
    late.appeal.deadlines["resolution"] = At("2026-03-02T07:00:00Z");
    late.appeal.channel = "email";
    late.appeal.priority = "P1";
    auto fine = MakeRequest("в срок", "line2", At("2026-03-03T07:00:00Z"));
    fine.appeal.deadlines["resolution"] = At("2026-03-20T07:00:00Z");
    fine.appeal.applicant.email = "other@example.ru";
    fine.appeal.applicant.phone = "+79160000000";
    fine.appeal.applicant.snils = "";
    fine.appeal.applicant.region = "16";
    fine.appeal.category = "ЗнК";
    fine.appeal.regulation = "bilet";
    fine.uin_prefix = "ББ";
    Register(late);
    const Appeal second = Register(fine);
    Appeal assigned = second;
    assigned.status = Status::kAssigned;
    assigned.assignee = "petrov";
    ASSERT_TRUE(appeals().Update(ChangeOf(assigned)));

    const auto only = [&](AppealFilter filter) {
        return Texts(appeals().List(filter, {}).value());
    };
    const std::vector<std::string> just_late{"просрочено"};
    const std::vector<std::string> just_fine{"в срок"};
    AppealFilter f;
    f.overdue_at = At("2026-03-05T00:00:00Z");
    EXPECT_EQ(only(f), just_late);
    f = {};
    f.statuses = {Status::kAssigned, Status::kInProgress};
    EXPECT_EQ(only(f), just_fine);
    f = {};
    f.group = "line1";
    EXPECT_EQ(only(f), just_late);
    f = {};
    f.assignee = "petrov";
    EXPECT_EQ(only(f), just_fine);
    f = {};
    f.region = "16";
    EXPECT_EQ(only(f), just_fine);
    f = {};
    f.category = "ЗнК";
    EXPECT_EQ(only(f), just_fine);
    f = {};
    f.priority = "P1";
    EXPECT_EQ(only(f), just_late);
    f = {};
    f.channel = "email";
    EXPECT_EQ(only(f), just_late);
    f = {};
    f.regulation = "bilet";
    EXPECT_EQ(only(f), just_fine);
    f = {};
    f.applicant_email = "other@example.ru";
    EXPECT_EQ(only(f), just_fine);
    f = {};
    f.applicant_snils = "11223344595";
    EXPECT_EQ(only(f), just_late) << "SNILS is matched by its digits";
    f = {};
    f.applicant_phone = "+79160000000";
    EXPECT_EQ(only(f), just_fine);
    f = {};
    f.created_from = At("2026-03-02T00:00:00Z");
    EXPECT_EQ(only(f), just_fine);
    f = {};
    f.created_to = At("2026-03-02T00:00:00Z");
    EXPECT_EQ(only(f), just_late);
    f = {};
    f.group = "line1";
    f.priority = "P3";
    EXPECT_TRUE(only(f).empty()) << "filters combine with AND";
}

// Issue 16: every queue view shows the number its list holds, counted by the store with the
// list's own conditions and scope, including the filters a queue narrows by (due soon, stage,
// channels, pending reason).
TEST_P(AppealContract, CountIsTheLengthOfTheListUnderEveryFilter) {
    const auto now = At("2026-03-10T12:00:00Z");
    for (int i = 0; i < 7; ++i) {
        auto request = MakeRequest("обращение " + std::to_string(i), i % 2 ? "line2" : "line1",
                                   At("2026-03-01T07:00:00Z") + std::chrono::hours(i));
        // Overdue (0, 1), due within a day (2, 3), due later (4, 5), none (6).
        if (i < 6) {
            request.appeal.deadlines["resolution"] = now + std::chrono::hours(i < 2   ? -5 + i
                                                                              : i < 4 ? 3 + i
                                                                                      : 72 + i);
        }
        request.appeal.channel = i % 3 == 0 ? "email" : i % 3 == 1 ? "phone" : "chatbot";
        request.appeal.stage = i < 3 ? "first" : "second";
        request.appeal.applicant.region = i < 4 ? "77" : "16";
        if (i == 0) request.appeal.attributes["breached.resolution"] = "2026-03-10T07:00:00Z";
        Register(request);
    }
    auto pending = appeals().List({}, {}).value().items;
    ASSERT_EQ(pending.size(), 7u);
    for (auto& appeal : pending) {
        if (appeal.text != "обращение 3" && appeal.text != "обращение 5") continue;
        appeal.status = Status::kPending;
        appeal.pending_reason = appeal.text == "обращение 3" ? "more_info" : "third_party";
        ASSERT_TRUE(appeals().Update(ChangeOf(appeal)));
    }

    const auto listed = [&](const AppealFilter& filter) {
        std::int64_t n = 0;
        PageRequest page;
        page.limit = 2;  // several pages
        page.order = AppealOrder::kByDeadline;
        for (;;) {
            const auto result = appeals().List(filter, page).value();
            n += static_cast<std::int64_t>(result.items.size());
            if (result.next.empty()) return n;
            page.after = result.next;
        }
    };
    const auto expect = [&](const AppealFilter& filter, std::int64_t n, const char* what) {
        const auto count = appeals().Count(filter);
        ASSERT_TRUE(count) << what;
        EXPECT_EQ(*count, n) << what;
        EXPECT_EQ(*count, listed(filter)) << what << ": the count is the list's length";
    };
    AppealFilter f;
    expect(f, 7, "all");
    f.overdue_at = now;
    expect(f, 2, "overdue");
    f = {};
    f.due_from = now;
    f.due_to = now + std::chrono::hours(24);
    expect(f, 2, "due within a day");
    f.statuses = {Status::kRegistered, Status::kAssigned, Status::kInProgress};
    expect(f, 1, "due within a day, not paused");
    f = {};
    f.stages = {"second"};
    expect(f, 4, "stage");
    f.channels = {"email", "chatbot"};
    expect(f, 3, "stage and channels");
    f = {};
    f.pending_reason = "more_info";
    expect(f, 1, "pending reason");
    f = {};
    f.breached = true;
    expect(f, 1, "breached, as the reports count it");
    f.breached = false;
    expect(f, 6, "not breached");
    f = {};
    f.group = "line1";
    f.overdue_at = now;
    expect(f, 1, "a group's overdue");
    f = {};
    f.visible_regions = std::vector<std::string>{"16"};
    expect(f, 3, "visible regions");
    f.overdue_at = now;
    expect(f, 0, "visible regions, overdue");
    f.visible_regions = std::vector<std::string>{};
    f.overdue_at.reset();
    expect(f, 0, "no visible region");
}

// Issue 16 point 7: the dashboard's escalations figure opens the appeals behind it. The filter
// keeps an appeal with an SLA escalation or a transfer to another line or region in its history,
// as the reports count escalated appeals, under the list's other conditions and scope.
TEST_P(AppealContract, EscalatedFilterKeepsTheAppealsTheReportCountsAsEscalated) {
    std::vector<Appeal> registered;
    for (int i = 0; i < 5; ++i) {
        auto request = MakeRequest("эскалация " + std::to_string(i), "line1",
                                   At("2026-03-01T07:00:00Z") + std::chrono::hours(i));
        request.appeal.applicant.region = i < 3 ? "77" : "16";
        registered.push_back(Register(request));
    }
    // 0: escalated by the watcher, 1: forwarded twice, 2: only assigned (not an escalation),
    // 3: forwarded to a region, 4: untouched.
    const std::vector<std::vector<const char*>> steps = {
        {"escalate"}, {"forward", "forward"}, {"assign"}, {"forward_regional"}, {}};
    for (std::size_t i = 0; i < registered.size(); ++i) {
        Appeal appeal = registered[i];
        for (const char* action : steps[i]) {
            auto saved = appeals().Update(ChangeOf(appeal, action));
            ASSERT_TRUE(saved) << action;
            appeal = *saved;
        }
    }
    const auto texts = [&](const AppealFilter& filter) {
        auto page = appeals().List(filter, {AppealOrder::kByCreated, 50, ""});
        EXPECT_TRUE(page);
        return page ? Texts(*page) : std::vector<std::string>{};
    };
    AppealFilter f;
    f.escalated = true;
    EXPECT_EQ(texts(f), (std::vector<std::string>{"эскалация 0", "эскалация 1", "эскалация 3"}));
    EXPECT_EQ(appeals().Count(f).value(), 3) << "the count is the list's length";
    f.escalated = false;
    EXPECT_EQ(texts(f), (std::vector<std::string>{"эскалация 2", "эскалация 4"}));
    EXPECT_EQ(appeals().Count(f).value(), 2);
    // The caller's scope applies as to every other filter.
    f.escalated = true;
    f.visible_regions = std::vector<std::string>{"77"};
    EXPECT_EQ(texts(f), (std::vector<std::string>{"эскалация 0", "эскалация 1"}));
    EXPECT_EQ(appeals().Count(f).value(), 2);
    f.visible_regions = std::vector<std::string>{};
    EXPECT_EQ(appeals().Count(f).value(), 0);
}

TEST_P(AppealContract, ListShowsOnlyTheVisibleRegions) {
    auto moscow = MakeRequest("Москва");
    auto kazan = MakeRequest("Казань");
    kazan.appeal.applicant.region = "16";
    Register(moscow);
    Register(kazan);
    AppealFilter filter;
    filter.visible_regions = std::vector<std::string>{"16", "02"};
    EXPECT_EQ(Texts(appeals().List(filter, {}).value()), (std::vector<std::string>{"Казань"}));
    filter.visible_regions = std::vector<std::string>{};
    EXPECT_TRUE(appeals().List(filter, {}).value().items.empty()) << "no region: nothing";
    filter.visible_regions.reset();
    EXPECT_EQ(appeals().List(filter, {}).value().items.size(), 2u);
}

TEST_P(AppealContract, ListFindsAppealsAwaitingTriageReview) {
    auto flagged = MakeRequest("на проверку");
    flagged.appeal.attributes["triage_decision"] = "flag";
    auto held = MakeRequest("задержано");
    held.appeal.attributes["triage_decision"] = "hold";
    auto accepted = MakeRequest("принято");
    accepted.appeal.attributes["triage_decision"] = "accept";
    Register(flagged);
    Register(held);
    Register(accepted);
    AppealFilter filter;
    filter.triage_decisions = {"flag"};
    EXPECT_EQ(Texts(appeals().List(filter, {}).value()), (std::vector<std::string>{"на проверку"}));
    filter.triage_decisions = {"flag", "hold", "refuse"};
    EXPECT_EQ(appeals().List(filter, {}).value().items.size(), 2u);
}

TEST_P(AppealContract, QueueSummariesPageWithTheSameCursorAsAppeals) {
    for (int i = 0; i < 5; ++i) {
        auto request = MakeRequest("сводка " + std::to_string(i));
        request.appeal.deadlines["resolution"] = At("2026-03-10T07:00:00Z") - std::chrono::hours(i);
        Register(request);
    }
    PageRequest page{AppealOrder::kByDeadline, 3, "", true};
    const auto summaries = appeals().List({}, page).value();
    EXPECT_TRUE(summaries.items.empty());
    ASSERT_EQ(summaries.summaries.size(), 3u);
    EXPECT_NE(summaries.summaries[0].find("ГЛ-2026-000005"), std::string::npos);
    page.summaries_only = false;
    const auto full = appeals().List({}, page).value();
    EXPECT_EQ(full.next, summaries.next) << "one cursor for both forms";
    page.summaries_only = true;
    page.after = summaries.next;
    const auto rest = appeals().List({}, page).value();
    ASSERT_EQ(rest.summaries.size(), 2u);
    EXPECT_NE(rest.summaries[1].find("ГЛ-2026-000001"), std::string::npos);
    EXPECT_TRUE(rest.next.empty());
}

TEST_P(AppealContract, FindDueReadsOpenAppealsWhoseTimerHasComeEarliestFirst) {
    for (int hour : {10, 8, 12}) {
        auto request = MakeRequest("таймер " + std::to_string(hour));
        request.appeal.next_event_at = At("2026-03-02T00:00:00Z") + std::chrono::hours(hour);
        Register(request);
    }
    Register(MakeRequest("без таймера"));
    auto closed = MakeRequest("закрыто с таймером");
    closed.appeal.next_event_at = At("2026-03-02T01:00:00Z");
    closed.appeal.status = Status::kClosed;
    Register(closed);
    const auto due = appeals().FindDue(At("2026-03-02T11:00:00Z"), 10).value();
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].text, "таймер 8");
    EXPECT_EQ(due[1].text, "таймер 10");
    EXPECT_EQ(appeals().FindDue(At("2026-03-02T11:00:00Z"), 1)->size(), 1u);

    // Handled: the timer moves on, and the appeal leaves the due list until then.
    Appeal handled = due[0];
    handled.next_event_at = At("2026-03-03T00:00:00Z");
    ASSERT_TRUE(appeals().Update(ChangeOf(handled, "timer")));
    EXPECT_EQ(appeals().FindDue(At("2026-03-02T11:00:00Z"), 10)->size(), 1u);
    EXPECT_EQ(appeals().FindById(handled.id)->next_event_at, At("2026-03-03T00:00:00Z"));
}

TEST_P(AppealContract, QueueCountsFollowEveryWriteWithinTheScope) {
    const Appeal a = Register(MakeRequest("первое"));
    Register(MakeRequest("второе"));
    auto kazan = MakeRequest("Казань", "line2");
    kazan.appeal.applicant.region = "16";
    Register(kazan);
    auto all = appeals().QueueCounts(core::AppealScope::All()).value();
    EXPECT_EQ(Count(all, "line1", "registered"), 2);
    EXPECT_EQ(Count(all, "line2", "registered"), 1);

    Appeal moved = a;
    moved.group = "line2";
    moved.status = Status::kAssigned;
    ASSERT_TRUE(appeals().Update(ChangeOf(moved)));
    all = appeals().QueueCounts(core::AppealScope::All()).value();
    EXPECT_EQ(Count(all, "line1", "registered"), 1);
    EXPECT_EQ(Count(all, "line2", "assigned"), 1);
    for (const auto& count : all) EXPECT_GT(count.count, 0) << "empty cells are left out";

    const auto regional = appeals().QueueCounts(core::AppealScope::Regions({"16"})).value();
    ASSERT_EQ(regional.size(), 1u);
    EXPECT_EQ(regional[0].group, "line2");
    EXPECT_EQ(regional[0].status, "registered");
    EXPECT_EQ(regional[0].count, 1);
    EXPECT_TRUE(appeals().QueueCounts(core::AppealScope::Regions({}))->empty());
}

TEST_P(AppealContract, WhatWasAcknowledgedSurvivesReopening) {
    const Appeal stored = Register(MakeRequest("до перезапуска"));
    Reopen();
    const auto found = appeals().FindByUin(stored.uin);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->text, "до перезапуска");
    EXPECT_EQ(Register(MakeRequest("после перезапуска")).uin, "ГЛ-2026-000002")
        << "the sequence goes on";
}

TEST_P(AppealContract, BulkRegisterStoresEveryAppealWithItsNumber) {
    std::vector<core::NewAppeal> requests;
    for (int i = 0; i < 30; ++i) requests.push_back(MakeRequest("пакет " + std::to_string(i)));
    EXPECT_EQ(store().BulkRegister(requests), 30);
    EXPECT_TRUE(appeals().FindByUin("ГЛ-2026-000030"));
    EXPECT_EQ(Count(appeals().QueueCounts(core::AppealScope::All()).value(), "line1", "registered"),
              30);
    EXPECT_TRUE(store().Ping());
}

// Issue 17: a proven address reads every appeal written with it, whatever the case or spaces it
// was typed with, newest first; another address, a prefix or a near match reads nothing.
TEST_P(AppealContract, FindByApplicantEmailComparesTheCanonicalAddress) {
    auto first = MakeRequest("первое", "line1", At("2026-03-01T07:00:00Z"));
    first.appeal.applicant.email = "Maria.Ivanova@Example.RU";
    auto second = MakeRequest("второе", "line1", At("2026-03-02T07:00:00Z"));
    second.appeal.applicant.email = "maria.ivanova@example.ru";
    auto third = MakeRequest("третье", "line1", At("2026-03-03T07:00:00Z"));
    third.appeal.applicant.email = " MARIA.IVANOVA@EXAMPLE.RU ";
    auto other = MakeRequest("чужое", "line1", At("2026-03-04T07:00:00Z"));
    other.appeal.applicant.email = "maria.ivanova@example.ru.evil";
    auto prefix = MakeRequest("похожее", "line1", At("2026-03-05T07:00:00Z"));
    prefix.appeal.applicant.email = "aria.ivanova@example.ru";
    auto none = MakeRequest("без почты", "line1", At("2026-03-06T07:00:00Z"));
    none.appeal.applicant.email = "";
    for (auto* request : {&first, &second, &third, &other, &prefix, &none}) Register(*request);

    const auto texts = [&](std::string_view email, int limit) {
        std::vector<std::string> out;
        const auto found = appeals().FindByApplicantEmail(email, limit);
        EXPECT_TRUE(found);
        if (!found) return out;
        for (const auto& appeal : *found) {
            out.push_back(appeal.text);
        }
        return out;
    };
    EXPECT_EQ(texts("maria.ivanova@example.ru", 10),
              (std::vector<std::string>{"третье", "второе", "первое"}));
    EXPECT_EQ(texts("maria.ivanova@example.ru", 2), (std::vector<std::string>{"третье", "второе"}));
    EXPECT_TRUE(texts("nobody@example.ru", 10).empty());
    EXPECT_TRUE(texts("maria.ivanova@example", 10).empty());
    EXPECT_TRUE(texts("", 10).empty());
}

OTKLIK_STORE_CONTRACT(AppealContract);

}  // namespace
}  // namespace otklik::storage::contract

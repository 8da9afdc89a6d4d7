#include "storage/sqlite/sqlite_store.hpp"

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "support/temp_dir.hpp"
#include <gtest/gtest.h>

#include "core/basic_workflow.hpp"
#include "storage/sqlite/connection.hpp"
#include "views/appeal_view.hpp"

using namespace otklik;
using namespace otklik::core;
using storage::sqlite::SqliteStore;

namespace {

Instant At(const char* text) { return *ParseInstant(text); }

NewAppeal MakeRequest(const std::string& text, const std::string& group = "line1",
                      Instant created = At("2026-03-02T07:00:00Z")) {
    NewAppeal request;
    request.appeal.regulation = "hotline";
    request.appeal.channel = "api";
    request.appeal.text = text;
    request.appeal.group = group;
    request.appeal.applicant.last_name = "Смирнова";
    request.appeal.applicant.email = "smirnova@example.ru";
    request.appeal.applicant.snils = "112-233-445 95";
    request.appeal.created_at = created;
    request.appeal.updated_at = created;
    request.uin_prefix = "ГЛ";
    request.uin_year = 2026;
    request.entry.at = created;
    request.entry.actor = "operator";
    request.entry.action = "register";
    request.make_outbox = [created](const Appeal& appeal) {
        return RegistrationNotice(appeal, created);
    };
    return request;
}

class SqliteStoreTest : public ::testing::Test {
protected:
    otklik::testing::TempDir dir_;
    SqliteStore store_{{dir_.File("otklik.db"), 2}};

    // Rows of the outbox, sent or not.
    std::int64_t OutboxSize() {
        storage::sqlite::Connection raw(dir_.File("otklik.db"));
        auto& query = raw.Prepare("SELECT COUNT(*) FROM outbox");
        query.Step();
        const auto n = query.Int(0);
        query.Reset();
        return n;
    }
};

}  // namespace

TEST_F(SqliteStoreTest, RegisterAllocatesSequentialUinsAndWritesHistoryAndOutbox) {
    const auto first = store_.Appeals().Register(MakeRequest("первое"));
    const auto second = store_.Appeals().Register(MakeRequest("второе"));
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->appeal.uin, "ГЛ-2026-000001");
    EXPECT_EQ(second->appeal.uin, "ГЛ-2026-000002");
    const auto history = store_.Appeals().History(first->appeal.id);
    ASSERT_TRUE(history);
    ASSERT_EQ(history->size(), 1u);
    EXPECT_EQ((*history)[0].action, "register");
    EXPECT_EQ(OutboxSize(), 2);
    const auto due = store_.Mail().DueOutbox(At("2026-03-02T08:00:00Z"), 10).value();
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].appeal_uin, "ГЛ-2026-000001");
    EXPECT_NE(due[0].message.payload.find("ГЛ-2026-000001"), std::string::npos);
}

TEST_F(SqliteStoreTest, SequenceStartsAgainForAnotherPrefixOrYear) {
    auto other = MakeRequest("другой регламент");
    other.uin_prefix = "ББ";
    auto next_year = MakeRequest("следующий год");
    next_year.uin_year = 2027;
    ASSERT_TRUE(store_.Appeals().Register(MakeRequest("a")));
    EXPECT_EQ(store_.Appeals().Register(other)->appeal.uin, "ББ-2026-000001");
    EXPECT_EQ(store_.Appeals().Register(next_year)->appeal.uin, "ГЛ-2027-000001");
}

TEST_F(SqliteStoreTest, FindReturnsWhatWasStored) {
    auto request = MakeRequest("Не приходит код подтверждения");
    request.appeal.deadlines["resolution"] = At("2026-03-05T15:00:00Z");
    request.appeal.triage = core::TriageReport{};
    request.appeal.triage->decision = core::TriageDecision::kFlag;
    request.appeal.triage->rules.push_back({"no_question", "flag", "medium", "Нет вопроса", {}});
    const auto registered = store_.Appeals().Register(request);
    ASSERT_TRUE(registered);
    const auto found = store_.Appeals().FindByUin(registered->appeal.uin);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->text, "Не приходит код подтверждения");
    EXPECT_EQ(found->applicant.snils, "112-233-445 95");
    EXPECT_EQ(found->deadlines.at("resolution"), At("2026-03-05T15:00:00Z"));
    ASSERT_TRUE(found->triage);
    EXPECT_EQ(found->triage->decision, core::TriageDecision::kFlag);
    ASSERT_EQ(found->triage->rules.size(), 1u);
    EXPECT_EQ(found->triage->rules[0].code, "no_question");
    EXPECT_EQ(found->triage->rules[0].message, "Нет вопроса");
    EXPECT_EQ(found->version, 1);
    EXPECT_EQ(store_.Appeals().FindById(found->id)->uin, found->uin);
    EXPECT_FALSE(store_.Appeals().FindByUin("ГЛ-2026-999999"));
}

TEST_F(SqliteStoreTest, IdempotencyKeyReturnsTheFirstAppealAndRefusesAnotherBody) {
    auto request = MakeRequest("повтор");
    request.idempotency_key = "key-1";
    request.idempotency_fingerprint = "hash-a";
    const auto first = store_.Appeals().Register(request);
    const auto again = store_.Appeals().Register(request);
    ASSERT_TRUE(first && again);
    EXPECT_FALSE(first->replayed);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(first->appeal.uin, again->appeal.uin);
    request.idempotency_fingerprint = "hash-b";
    const auto reused = store_.Appeals().Register(request);
    ASSERT_FALSE(reused);
    EXPECT_EQ(reused.error().code, "idempotency_key_reused");
    EXPECT_EQ(OutboxSize(), 1) << "a replay sends nothing again";
}

TEST_F(SqliteStoreTest, UpdateChecksTheVersionAndMovesCounters) {
    const auto registered = store_.Appeals().Register(MakeRequest("обновить"));
    ASSERT_TRUE(registered);
    Appeal changed = registered->appeal;
    changed.group = "line2";
    changed.status = Status::kAssigned;
    AppealChange change;
    change.appeal = changed;
    change.expected_version = 1;
    change.entry = {0, changed.id, At("2026-03-02T08:00:00Z"), "petrov", "assign", {}, ""};
    const auto saved = store_.Appeals().Update(change);
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->version, 2);
    const auto stale = store_.Appeals().Update(change);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, "version_conflict");
    const auto found = store_.Appeals().FindByUin(registered->appeal.uin);
    EXPECT_EQ(found->group, "line2");
    EXPECT_EQ(found->version, 2);
    EXPECT_EQ(store_.Appeals().History(found->id)->size(), 2u);
    const auto counts = store_.Appeals().QueueCounts(core::AppealScope::All()).value();
    ASSERT_EQ(counts.size(), 1u);
    EXPECT_EQ(counts[0].group, "line2");
    EXPECT_EQ(counts[0].status, "assigned");
}

TEST_F(SqliteStoreTest, ListPagesByDeadlineWithAKeysetCursor) {
    for (int i = 0; i < 7; ++i) {
        auto request = MakeRequest("очередь " + std::to_string(i), i % 2 ? "line1" : "line2");
        request.appeal.deadlines["resolution"] = At("2026-03-10T07:00:00Z") - std::chrono::hours(i);
        ASSERT_TRUE(store_.Appeals().Register(request));
    }
    AppealFilter filter;
    filter.group = "line2";  // i = 0, 2, 4, 6
    PageRequest page{AppealOrder::kByDeadline, 3, ""};
    const auto first = store_.Appeals().List(filter, page);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->items.size(), 3u);
    EXPECT_EQ(first->items[0].text, "очередь 6");
    EXPECT_EQ(first->items[2].text, "очередь 2");
    ASSERT_FALSE(first->next.empty());
    page.after = first->next;
    const auto second = store_.Appeals().List(filter, page);
    ASSERT_EQ(second->items.size(), 1u);
    EXPECT_EQ(second->items[0].text, "очередь 0");
    EXPECT_TRUE(second->next.empty());
}

TEST_F(SqliteStoreTest, ListFiltersOverdueApplicantAndCreatedRange) {
    auto late = MakeRequest("просрочено", "line1", At("2026-03-01T07:00:00Z"));
    late.appeal.deadlines["resolution"] = At("2026-03-02T07:00:00Z");
    auto fine = MakeRequest("в срок", "line1", At("2026-03-03T07:00:00Z"));
    fine.appeal.deadlines["resolution"] = At("2026-03-20T07:00:00Z");
    fine.appeal.applicant.email = "other@example.ru";
    ASSERT_TRUE(store_.Appeals().Register(late) && store_.Appeals().Register(fine));

    AppealFilter overdue;
    overdue.overdue_at = At("2026-03-05T00:00:00Z");
    EXPECT_EQ(store_.Appeals().List(overdue, {})->items.size(), 1u);
    AppealFilter by_email;
    by_email.applicant_email = "other@example.ru";
    EXPECT_EQ(store_.Appeals().List(by_email, {})->items.at(0).text, "в срок");
    AppealFilter by_snils;
    by_snils.applicant_snils = "11223344595";
    EXPECT_EQ(store_.Appeals().List(by_snils, {})->items.size(), 2u);
    AppealFilter created;
    created.created_from = At("2026-03-02T00:00:00Z");
    EXPECT_EQ(store_.Appeals().List(created, {})->items.at(0).text, "в срок");
    EXPECT_FALSE(store_.Appeals().List({}, {AppealOrder::kByCreated, 10, "garbage"}));
}

TEST_F(SqliteStoreTest, CommentsAndLinksAreStoredWithHistory) {
    const auto a = store_.Appeals().Register(MakeRequest("исходное"));
    const auto b = store_.Appeals().Register(MakeRequest("повторное"));
    ASSERT_TRUE(a && b);
    Comment comment{0,        a->appeal.id,          At("2026-03-02T09:00:00Z"),
                    "petrov", "Позвонили заявителю", Visibility::kPublic};
    HistoryEntry entry{0, a->appeal.id, comment.at, "petrov", "comment_public", {}, ""};
    ASSERT_TRUE(store_.Appeals().AddComment(comment, entry));
    const auto comments = store_.Appeals().Comments(a->appeal.id);
    ASSERT_EQ(comments->size(), 1u);
    EXPECT_EQ((*comments)[0].visibility, Visibility::kPublic);

    Link link{0,
              b->appeal.id,
              b->appeal.uin,
              a->appeal.id,
              a->appeal.uin,
              LinkType::kDuplicateOf,
              comment.at,
              "petrov"};
    ASSERT_TRUE(
        store_.Appeals().AddLink(link, {0, b->appeal.id, comment.at, "petrov", "link", {}, ""}));
    const auto again =
        store_.Appeals().AddLink(link, {0, b->appeal.id, comment.at, "petrov", "link", {}, ""});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "link_exists");
    const auto links_of_original = store_.Appeals().Links(a->appeal.id);
    ASSERT_EQ(links_of_original->size(), 1u) << "links are found from both ends";
    EXPECT_EQ((*links_of_original)[0].from_uin, b->appeal.uin);
    EXPECT_EQ(store_.Appeals().History(b->appeal.id)->size(), 2u);
}

TEST_F(SqliteStoreTest, UsersGroupsAndCredentials) {
    User user;
    user.login = "ivanova";
    user.role = Role::kSupervisor;
    user.password_hash = "hash";
    const auto created = store_.Users().CreateUser(user);
    ASSERT_TRUE(created);
    EXPECT_EQ(store_.Users().CreateUser(user).error().code, "login_taken");
    User changed = *created;
    changed.disabled = true;
    ASSERT_TRUE(store_.Users().UpdateUser(changed));
    EXPECT_TRUE(store_.Users().FindUserByLogin("ivanova")->disabled);
    EXPECT_EQ(store_.Users().FindUserById(created->id)->role, Role::kSupervisor);
    EXPECT_EQ(store_.Users().ListUsers()->size(), 1u);

    ASSERT_TRUE(store_.Users().CreateGroup({0, "line1", "Первая линия", 1, ""}));
    EXPECT_EQ(store_.Users().CreateGroup({0, "line1", "x", 1, ""}).error().code, "group_exists");
    ASSERT_TRUE(store_.Users().UpdateGroup({0, "line1", "Первая линия поддержки", 1, ""}));
    EXPECT_EQ(store_.Users().FindGroup("line1")->name, "Первая линия поддержки");
    EXPECT_EQ(store_.Users().ListGroups()->size(), 1u);

    Credential credential;
    credential.user_id = created->id;
    credential.token_hash = "abc";
    credential.csrf_token = "csrf";
    const auto saved = store_.Users().CreateCredential(credential);
    ASSERT_TRUE(saved);
    EXPECT_FALSE(store_.Users().FindCredential("abc")->revoked_at);
    ASSERT_TRUE(store_.Users().RevokeCredential(saved->id, At("2026-03-02T09:00:00Z")));
    EXPECT_TRUE(store_.Users().FindCredential("abc")->revoked_at);
    credential.token_hash = "def";
    ASSERT_TRUE(store_.Users().CreateCredential(credential));
    EXPECT_EQ(store_.Users().RevokeAllCredentials(created->id, At("2026-03-02T09:00:00Z")).value(),
              1);
    EXPECT_EQ(store_.Users().ListCredentials(created->id)->size(), 2u);
    EXPECT_FALSE(store_.Users().FindCredential("nope"));
}

TEST_F(SqliteStoreTest, PersonalDataAccessIsLogged) {
    ASSERT_TRUE(store_.Audit().LogAccess({0, At("2026-03-02T09:00:00Z"), "petrov", "ГЛ-2026-000001",
                                          "applicant", "звонок заявителю"}));
    ASSERT_TRUE(store_.Audit().LogAccess(
        {0, At("2026-03-02T09:05:00Z"), "ivanova", "ГЛ-2026-000002", "applicant", ""}));
    EXPECT_EQ(store_.Audit().Accesses("", 10)->size(), 2u);
    const auto one = store_.Audit().Accesses("ГЛ-2026-000001", 10);
    ASSERT_EQ(one->size(), 1u);
    EXPECT_EQ((*one)[0].login, "petrov");
}

TEST_F(SqliteStoreTest, ConcurrentRegistrationsShareCommitsAndGetDistinctUins) {
    constexpr int kThreads = 8;
    constexpr int kEach = 25;
    std::vector<std::thread> threads;
    std::mutex mutex;
    std::set<std::string> uins;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kEach; ++i) {
                const auto registered = store_.Appeals().Register(MakeRequest("параллельно"));
                ASSERT_TRUE(registered);
                std::lock_guard lock(mutex);
                uins.insert(registered->appeal.uin);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(uins.size(), static_cast<std::size_t>(kThreads * kEach));
    EXPECT_EQ(store_.Counters().units, static_cast<std::uint64_t>(kThreads * kEach));
}

TEST_F(SqliteStoreTest, BackupAndRestoreRoundTrip) {
    const auto registered = store_.Appeals().Register(MakeRequest("сохранить в копию"));
    ASSERT_TRUE(registered);
    const std::string backup = dir_.File("backup.db");
    storage::sqlite::BackupDatabase(dir_.File("otklik.db"), backup);
    const std::string restored = dir_.File("restored.db");
    storage::sqlite::RestoreDatabase(backup, restored);
    SqliteStore copy({restored, 1});
    EXPECT_EQ(copy.Appeals().FindByUin(registered->appeal.uin)->text, "сохранить в копию");
}

TEST_F(SqliteStoreTest, UpdateStoresCommentAndSpawnedClaimWithItsLinkInOneTransaction) {
    const auto registered = store_.Appeals().Register(MakeRequest("решение оспорено"));
    ASSERT_TRUE(registered);
    AppealChange change;
    change.appeal = registered->appeal;
    change.appeal.status = Status::kClosed;
    change.expected_version = 1;
    change.entry = {0, change.appeal.id, At("2026-03-03T08:00:00Z"), "petrov", "dispute", {}, ""};
    change.comment = Comment{0,        change.appeal.id,        change.entry.at,
                             "petrov", "Заявитель не согласен", Visibility::kPublic};
    auto claim = MakeRequest("претензия", "claims");
    claim.uin_prefix = "ПР";
    change.spawned.emplace_back(claim, LinkType::kClaimAbout);
    ASSERT_TRUE(store_.Appeals().Update(change));
    const auto links = store_.Appeals().Links(registered->appeal.id).value();
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].type, LinkType::kClaimAbout);
    EXPECT_EQ(links[0].from_uin, "ПР-2026-000001");
    EXPECT_EQ(store_.Appeals().Comments(registered->appeal.id)->size(), 1u);
}

TEST_F(SqliteStoreTest, FindDueReadsOnlyAppealsWhoseTimerHasComeEarliestFirst) {
    for (int hour : {10, 8, 12}) {
        auto request = MakeRequest("таймер " + std::to_string(hour));
        request.appeal.next_event_at = At("2026-03-02T00:00:00Z") + std::chrono::hours(hour);
        ASSERT_TRUE(store_.Appeals().Register(request));
    }
    ASSERT_TRUE(store_.Appeals().Register(MakeRequest("без таймера")));
    const auto due = store_.Appeals().FindDue(At("2026-03-02T11:00:00Z"), 10).value();
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].text, "таймер 8");
    EXPECT_EQ(due[1].text, "таймер 10");
}

TEST_F(SqliteStoreTest, ClockEventsAndAttributesRoundTrip) {
    auto request = MakeRequest("часы");
    request.appeal.clock_events.push_back(
        {At("2026-03-02T07:00:00Z"), "resolution", "start", "5 business_days", ""});
    request.appeal.clock_events.push_back(
        {At("2026-03-02T09:00:00Z"), "resolution", "pause", "", "diagnostics"});
    request.appeal.attributes["reminders_sent"] = "2";
    const auto registered = store_.Appeals().Register(request);
    const auto found = store_.Appeals().FindByUin(registered->appeal.uin).value();
    ASSERT_EQ(found.clock_events.size(), 2u);
    EXPECT_EQ(found.clock_events[1].kind, "pause");
    EXPECT_EQ(found.clock_events[1].reason, "diagnostics");
    EXPECT_EQ(found.clock_events[0].term, "5 business_days");
    EXPECT_EQ(found.attributes.at("reminders_sent"), "2");
}

// The queue reads the summaries kept with every write: they equal the stored appeal's, follow
// updates, page with the same cursor as full pages, and appeals written before summaries existed
// are rendered on read.
TEST_F(SqliteStoreTest, QueueSummariesFollowEveryWriteAndPageLikeAppeals) {
    std::vector<Appeal> stored;
    for (int i = 0; i < 5; ++i) {
        auto request = MakeRequest("сводка " + std::to_string(i));
        request.appeal.subject = "Тема " + std::to_string(i);
        request.appeal.deadlines["resolution"] = At("2026-03-10T07:00:00Z") - std::chrono::hours(i);
        stored.push_back(store_.Appeals().Register(request)->appeal);
    }
    Appeal changed = stored[4];
    changed.status = Status::kAssigned;
    changed.assignee = "petrov";
    AppealChange change;
    change.appeal = changed;
    change.expected_version = 1;
    change.entry = {0, changed.id, At("2026-03-02T08:00:00Z"), "petrov", "assign", {}, ""};
    ASSERT_TRUE(store_.Appeals().Update(change));
    {
        // As if written before migration 8.
        storage::sqlite::Connection raw(dir_.File("otklik.db"));
        raw.Prepare("DELETE FROM appeal_summaries WHERE id = ?").Bind(1, stored[3].id).Run();
    }
    const auto render = [&](std::int64_t id) {
        return views::AppealSummaryText(*store_.Appeals().FindById(id));
    };
    AppealFilter filter;
    PageRequest page{AppealOrder::kByDeadline, 3, "", true};
    const auto first = store_.Appeals().List(filter, page);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->summaries.size(), 3u);
    EXPECT_TRUE(first->items.empty());
    EXPECT_EQ(first->summaries[0], render(stored[4].id));
    EXPECT_NE(first->summaries[0].find("\"assignee\":\"petrov\""), std::string::npos);
    EXPECT_NE(first->summaries[0].find("\"version\":2"), std::string::npos);
    EXPECT_EQ(first->summaries[1], render(stored[3].id)) << "rendered on read";
    EXPECT_EQ(first->summaries[2], render(stored[2].id));
    page.summaries_only = false;
    EXPECT_EQ(store_.Appeals().List(filter, page)->next, first->next)
        << "one cursor for both forms";
    page.summaries_only = true;
    page.after = first->next;
    const auto second = store_.Appeals().List(filter, page);
    ASSERT_EQ(second->summaries.size(), 2u);
    EXPECT_EQ(second->summaries[1], render(stored[0].id));
    EXPECT_TRUE(second->next.empty());
    // What is read is what was stored, not a rendering of the appeal.
    {
        storage::sqlite::Connection raw(dir_.File("otklik.db"));
        raw.Prepare("UPDATE appeal_summaries SET summary = '{\"stored\":true}' WHERE id = ?")
            .Bind(1, stored[0].id)
            .Run();
    }
    EXPECT_EQ(store_.Appeals().List(filter, page)->summaries[1], "{\"stored\":true}");
}

// Issue 18: a bulk load into an empty file drops the appeals' secondary indexes and builds them
// again after the rows, in the one transaction: the same rows and the same schema as appeal by
// appeal, and a file that already holds appeals is loaded chunk by chunk with its indexes.
TEST_F(SqliteStoreTest, BulkLoadStoresTheChunksAndKeepsEveryIndex) {
    const auto schema = [&] {
        storage::sqlite::Connection raw(dir_.File("otklik.db"));
        auto& query =
            raw.Prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name");
        std::vector<std::pair<std::string, std::string>> rows;
        while (query.Step()) rows.emplace_back(query.Text(0), query.Text(1));
        query.Reset();
        return rows;
    };
    const auto before = schema();
    int chunks = 0;
    const auto load = [&](int count, const std::string& group) {
        chunks = 0;
        return store_.BulkLoad([&](std::vector<NewAppeal>& chunk) {
            if (chunks == count) return false;
            chunk.clear();
            for (int i = 0; i < 10; ++i) {
                auto request = MakeRequest("пакет " + std::to_string(chunks * 10 + i), group,
                                           At("2026-03-02T07:00:00Z") + std::chrono::minutes(i));
                request.appeal.deadlines["resolution"] =
                    At("2026-03-10T07:00:00Z") - std::chrono::hours(chunks * 10 + i);
                chunk.push_back(std::move(request));
            }
            ++chunks;
            return true;
        });
    };
    EXPECT_EQ(load(3, "line1"), 30);
    EXPECT_EQ(schema(), before);
    ASSERT_TRUE(store_.Appeals().FindByUin("ГЛ-2026-000030"));
    EXPECT_EQ(store_.Appeals().FindByUin("ГЛ-2026-000030")->text, "пакет 29");
    // The queue index answers in deadline order: the last loaded is due first.
    AppealFilter queue;
    queue.group = "line1";
    queue.open_only = true;
    const auto page = store_.Appeals().List(queue, {AppealOrder::kByDeadline, 5, ""});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 5u);
    EXPECT_EQ(page->items[0].text, "пакет 29");
    EXPECT_EQ(page->items[4].text, "пакет 25");

    EXPECT_EQ(load(1, "line2"), 10) << "a file with appeals is loaded as well";
    EXPECT_EQ(schema(), before);
    EXPECT_TRUE(store_.Appeals().FindByUin("ГЛ-2026-000040"));
    queue.group = "line2";
    EXPECT_EQ(store_.Appeals().List(queue, {AppealOrder::kByDeadline, 50, ""})->items.size(), 10u);
    const auto counts = store_.Appeals().QueueCounts(AppealScope::All()).value();
    std::int64_t total = 0;
    for (const auto& count : counts) total += count.count;
    EXPECT_EQ(total, 40);
}

// Issue 18: the writer counts the pages its commits wrote (pages per appeal in `make bench`).
TEST_F(SqliteStoreTest, CountersCountThePagesCommitsWrote) {
    const auto before = store_.Counters();
    ASSERT_TRUE(store_.Appeals().Register(MakeRequest("страницы")));
    const auto after = store_.Counters();
    EXPECT_EQ(after.units, before.units + 1);
    EXPECT_GT(after.pages, before.pages) << "an appeal writes at least its row's page";
}

// Issue 18: the exact-address filter reads the canonical-form index (migration 14 dropped the
// plain one) and still matches the address only as it was typed.
TEST_F(SqliteStoreTest, ApplicantEmailFilterMatchesTheAddressAsTyped) {
    auto exact = MakeRequest("точно");
    exact.appeal.applicant.email = "other@example.ru";
    auto capitals = MakeRequest("заглавные");
    capitals.appeal.applicant.email = "Other@Example.RU";
    auto spaces = MakeRequest("пробелы");
    spaces.appeal.applicant.email = " other@example.ru";
    ASSERT_TRUE(store_.Appeals().Register(exact) && store_.Appeals().Register(capitals) &&
                store_.Appeals().Register(spaces));
    AppealFilter filter;
    filter.applicant_email = "other@example.ru";
    const auto page = store_.Appeals().List(filter, {});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].text, "точно");
    filter.applicant_email = "Other@Example.RU";
    EXPECT_EQ(store_.Appeals().List(filter, {})->items.at(0).text, "заглавные");
    EXPECT_EQ(store_.Appeals().Count(filter).value(), 1);
    storage::sqlite::Connection raw(dir_.File("otklik.db"));
    auto& plain =
        raw.Prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'appeals_applicant_email'");
    ASSERT_TRUE(plain.Step());
    EXPECT_EQ(plain.Int(0), 0) << "dropped by migration 14";
    plain.Reset();
}

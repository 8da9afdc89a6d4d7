// The PostgreSQL store against a real server: the test harness's PostgreSQL 15 (started by
// tests/support/postgres-server, or OTKLIK_TEST_PG_URL). Each test runs in a database of its own.
// Two PgStore objects on one database stand for two nodes. What every store must do is in the
// storage contract suite; here is what only several nodes on one database can show.
#include "storage/postgres/pg_store.hpp"

#include <atomic>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>

#include "support/postgres_server.hpp"
#include <gtest/gtest.h>

#include "core/basic_workflow.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/migrations.hpp"

using namespace otklik;
using namespace otklik::core;
using storage::postgres::Connection;
using storage::postgres::PgStore;

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
    request.appeal.applicant.region = "77";
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

class PgStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = otklik::testing::SharedPostgresServer().FreshDatabase("otklik_pg_store");
        ASSERT_EQ(storage::postgres::MigrateDatabase(url_),
                  static_cast<int>(storage::postgres::Migrations().size()));
        store_ = std::make_unique<PgStore>(Options());
    }
    void TearDown() override {
        other_.reset();
        store_.reset();
        if (!url_.empty()) otklik::testing::SharedPostgresServer().DropDatabase(url_);
    }
    storage::postgres::DatabaseOptions Options() const { return {url_, 4, 64}; }
    PgStore& Other() {
        if (!other_) other_ = std::make_unique<PgStore>(Options());
        return *other_;
    }

    std::string url_;
    std::unique_ptr<PgStore> store_;
    std::unique_ptr<PgStore> other_;
};

}  // namespace

TEST_F(PgStoreTest, MigrateIsIdempotentAndOpeningNeedsTheSchema) {
    EXPECT_EQ(storage::postgres::MigrateDatabase(url_), 0);
    const std::string empty =
        otklik::testing::SharedPostgresServer().FreshDatabase("otklik_pg_empty");
    EXPECT_THROW(PgStore({empty, 1, 1}), storage::postgres::PgError);
    otklik::testing::SharedPostgresServer().DropDatabase(empty);
}

TEST_F(PgStoreTest, RegisterAllocatesSequentialUinsAndWritesHistoryAndOutbox) {
    auto& appeals = store_->Appeals();
    const auto first = appeals.Register(MakeRequest("первое"));
    const auto second = appeals.Register(MakeRequest("второе"));
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_TRUE(second);
    EXPECT_EQ(first->appeal.uin, "ГЛ-2026-000001");
    EXPECT_EQ(second->appeal.uin, "ГЛ-2026-000002");
    const auto history = appeals.History(first->appeal.id);
    ASSERT_TRUE(history);
    ASSERT_EQ(history->size(), 1u);
    EXPECT_EQ((*history)[0].action, "register");
    EXPECT_EQ(store_->mail().OutboxSize(), 2);
    const auto due = store_->mail().DueOutbox(At("2026-03-02T08:00:00Z"), 10);
    ASSERT_TRUE(due);
    ASSERT_EQ(due->size(), 2u);
    EXPECT_EQ((*due)[0].appeal_uin, "ГЛ-2026-000001");
    EXPECT_NE((*due)[0].message.payload.find("ГЛ-2026-000001"), std::string::npos);

    auto other = MakeRequest("другой регламент");
    other.uin_prefix = "ББ";
    EXPECT_EQ(appeals.Register(other)->appeal.uin, "ББ-2026-000001");
}

TEST_F(PgStoreTest, FindUpdateAndVersionConflict) {
    auto& appeals = store_->Appeals();
    const auto registered = appeals.Register(MakeRequest("Не приходит код подтверждения"));
    ASSERT_TRUE(registered);
    auto found = appeals.FindByUin(registered->appeal.uin);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->text, "Не приходит код подтверждения");
    EXPECT_EQ(found->applicant.last_name, "Смирнова");
    EXPECT_EQ(found->version, 1);
    EXPECT_FALSE(appeals.FindByUin("ГЛ-2026-999999"));

    AppealChange change;
    change.appeal = *found;
    change.appeal.status = Status::kAssigned;
    change.appeal.group = "line2";
    change.expected_version = 1;
    change.entry.at = At("2026-03-02T08:00:00Z");
    change.entry.actor = "supervisor";
    change.entry.action = "assign";
    change.comment =
        Comment{0, found->id, change.entry.at, "supervisor", "передано", Visibility::kInternal};
    const auto saved = appeals.Update(change);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, 2);
    const auto stale = appeals.Update(change);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, "version_conflict");
    EXPECT_EQ(appeals.FindById(found->id)->group, "line2");
    EXPECT_EQ(appeals.Comments(found->id)->size(), 1u);
    EXPECT_EQ(appeals.History(found->id)->size(), 2u);

    const auto counts = appeals.QueueCounts(AppealScope::All());
    ASSERT_TRUE(counts);
    ASSERT_EQ(counts->size(), 1u);
    EXPECT_EQ((*counts)[0].group, "line2");
    EXPECT_EQ((*counts)[0].status, "assigned");
    EXPECT_EQ((*counts)[0].count, 1);
}

TEST_F(PgStoreTest, IdempotencyKeyReplaysAndRefusesAnotherRequest) {
    auto& appeals = store_->Appeals();
    auto request = MakeRequest("с ключом");
    request.idempotency_key = "key-1";
    request.idempotency_fingerprint = "f1";
    const auto first = appeals.Register(request);
    const auto again = appeals.Register(request);
    ASSERT_TRUE(first && again);
    EXPECT_FALSE(first->replayed);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(first->appeal.uin, again->appeal.uin);
    request.idempotency_fingerprint = "f2";
    const auto reused = appeals.Register(request);
    ASSERT_FALSE(reused);
    EXPECT_EQ(reused.error().code, "idempotency_key_reused");
    // The failed unit left its batch; the next registration takes the next number.
    EXPECT_EQ(appeals.Register(MakeRequest("дальше"))->appeal.uin, "ГЛ-2026-000002");
}

TEST_F(PgStoreTest, TwoNodesNumberConcurrentRegistrationsWithoutGapsOrRepeats) {
    constexpr int kThreads = 8;
    constexpr int kEach = 40;
    std::mutex mutex;
    std::set<std::string> uins;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        PgStore& node = t % 2 == 0 ? *store_ : Other();
        threads.emplace_back([&, t, &node = node] {
            for (int i = 0; i < kEach; ++i) {
                auto registered =
                    node.Appeals().Register(MakeRequest("поток " + std::to_string(t)));
                if (!registered) {
                    ++failures;
                    continue;
                }
                std::lock_guard lock(mutex);
                uins.insert(registered->appeal.uin);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
    ASSERT_EQ(uins.size(), static_cast<std::size_t>(kThreads * kEach));
    EXPECT_EQ(*uins.begin(), "ГЛ-2026-000001");
    EXPECT_EQ(*uins.rbegin(), "ГЛ-2026-000320");
    // Group commit: fewer transactions than registrations.
    EXPECT_LT(store_->database().commits(), store_->database().units());
}

TEST_F(PgStoreTest, SameIdempotencyKeyOnTwoNodesAtOnceRegistersOnce) {
    constexpr int kKeys = 20;
    std::vector<std::string> first(kKeys), second(kKeys);
    const auto run = [](PgStore& node, std::vector<std::string>& out) {
        for (int k = 0; k < kKeys; ++k) {
            auto request = MakeRequest("повтор");
            request.idempotency_key = "k" + std::to_string(k);
            request.idempotency_fingerprint = "same";
            auto registered = node.Appeals().Register(request);
            out[static_cast<std::size_t>(k)] = registered ? registered->appeal.uin : "failed";
        }
    };
    std::thread a([&] { run(*store_, first); });
    std::thread b([&] { run(Other(), second); });
    a.join();
    b.join();
    EXPECT_EQ(first, second);
    const auto page = store_->Appeals().List({}, {AppealOrder::kByCreated, 500, "", false});
    ASSERT_TRUE(page);
    EXPECT_EQ(page->items.size(), static_cast<std::size_t>(kKeys));
}

TEST_F(PgStoreTest, OutboxLettersAreClaimedByOneNode) {
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(store_->Appeals().Register(MakeRequest("письмо")));
    const auto now = At("2026-03-02T08:00:00Z");
    const auto mine = store_->mail().DueOutbox(now, 2);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 2u);
    // The other node gets only the letters this one does not hold.
    const auto theirs = Other().mail().DueOutbox(now, 10);
    ASSERT_TRUE(theirs);
    ASSERT_EQ(theirs->size(), 2u);
    for (const auto& letter : *theirs) {
        for (const auto& held : *mine) EXPECT_NE(letter.message.id, held.message.id);
    }
    // Only the claimer begins a delivery; the holder sees its claims again.
    EXPECT_FALSE(*Other().mail().BeginDelivery((*mine)[0].message.id, now));
    EXPECT_EQ(store_->mail().DueOutbox(now, 10)->size(), 2u);
    EXPECT_TRUE(
        *store_->mail().BeginDelivery((*mine)[0].message.id, now + std::chrono::minutes(5)));
    EXPECT_TRUE(*store_->mail().MarkSent((*mine)[0].message.id, now));
    EXPECT_EQ(store_->mail().DueOutbox(now, 10)->size(), 1u);
}

TEST_F(PgStoreTest, DueAppealsAreHeldByOneWatcher) {
    for (int i = 0; i < 3; ++i) {
        auto request = MakeRequest("таймер");
        request.appeal.next_event_at = At("2026-03-02T09:00:00Z");
        ASSERT_TRUE(store_->Appeals().Register(request));
    }
    EXPECT_TRUE(store_->Appeals().FindDue(At("2026-03-02T08:00:00Z"), 10)->empty());
    const auto peek = Other().Appeals().FindDue(Instant::max(), 1);
    ASSERT_EQ(peek->size(), 1u);
    const auto now = At("2026-03-02T10:00:00Z");
    const auto mine = store_->Appeals().FindDue(now, 10);
    ASSERT_EQ(mine->size(), 3u);
    EXPECT_TRUE(Other().Appeals().FindDue(now, 10)->empty());
    EXPECT_EQ(store_->Appeals().FindDue(now, 10)->size(), 3u);
    // Saving the appeal ends the claim: its next timer is open to every node.
    AppealChange change;
    change.appeal = (*mine)[0];
    change.appeal.next_event_at = At("2026-03-02T09:30:00Z");
    change.expected_version = 1;
    change.entry = {0, change.appeal.id, now, "system", "timer", {}, ""};
    ASSERT_TRUE(store_->Appeals().Update(change));
    EXPECT_EQ(Other().Appeals().FindDue(now, 10)->size(), 1u);
}

TEST_F(PgStoreTest, ListFiltersAndPagesWithACursor) {
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(store_->Appeals().Register(
            MakeRequest("a" + std::to_string(i), i % 2 ? "line2" : "line1",
                        At("2026-03-02T07:00:00Z") + std::chrono::minutes(i))));
    }
    AppealFilter filter;
    filter.group = "line1";
    const auto first = store_->Appeals().List(filter, {AppealOrder::kByCreatedDesc, 2, "", false});
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_EQ(first->items.size(), 2u);
    EXPECT_EQ(first->items[0].text, "a4");
    ASSERT_FALSE(first->next.empty());
    const auto second =
        store_->Appeals().List(filter, {AppealOrder::kByCreatedDesc, 2, first->next, false});
    ASSERT_TRUE(second);
    ASSERT_EQ(second->items.size(), 1u);
    EXPECT_EQ(second->items[0].text, "a0");
    EXPECT_TRUE(second->next.empty());
    const auto summaries = store_->Appeals().List({}, {AppealOrder::kByDeadline, 10, "", true});
    ASSERT_TRUE(summaries);
    EXPECT_EQ(summaries->summaries.size(), 5u);
    filter.visible_regions = std::vector<std::string>{};
    EXPECT_TRUE(store_->Appeals().List(filter, {})->items.empty());
    EXPECT_FALSE(store_->Appeals().List({}, {AppealOrder::kByCreated, 10, "bad", false}));
}

TEST_F(PgStoreTest, UsersGroupsAndCredentials) {
    auto& users = store_->Users();
    User user;
    user.login = "ivanova";
    user.role = Role::kOperator;
    user.group = "line1";
    user.password_hash = "hash";
    user.created_at = At("2026-03-02T07:00:00Z");
    const auto created = users.CreateUser(user);
    ASSERT_TRUE(created);
    EXPECT_EQ(users.CreateUser(user).error().code, "login_taken");
    EXPECT_EQ(Other().Users().FindUserByLogin("ivanova")->id, created->id);
    ASSERT_TRUE(users.CreateGroup({0, "line1", "Первая линия", 1, ""}));
    EXPECT_EQ(users.CreateGroup({0, "line1", "x", 1, ""}).error().code, "group_exists");
    EXPECT_EQ(users.ListGroups()->size(), 1u);

    Credential session;
    session.user_id = created->id;
    session.token_hash = "th";
    session.created_at = user.created_at;
    ASSERT_TRUE(users.CreateCredential(session));
    // A session made on one node is known on the other.
    const auto found = Other().Users().FindCredential("th");
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->revoked_at);
    EXPECT_EQ(*users.RevokeAllCredentials(created->id, At("2026-03-02T08:00:00Z")), 1);
    EXPECT_TRUE(Other().Users().FindCredential("th")->revoked_at);
    EXPECT_FALSE(users.FindCredential("nope"));
}

TEST_F(PgStoreTest, AuditLogNewestFirst) {
    auto& audit = store_->Audit();
    ASSERT_TRUE(
        audit.LogAccess({0, At("2026-03-02T07:00:00Z"), "a", "ГЛ-2026-000001", "snils", ""}));
    ASSERT_TRUE(
        audit.LogAccess({0, At("2026-03-02T07:01:00Z"), "b", "ГЛ-2026-000002", "email", ""}));
    const auto all = audit.Accesses("", 10);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].login, "b");
    EXPECT_EQ(audit.Accesses("ГЛ-2026-000001", 10)->size(), 1u);
}

TEST_F(PgStoreTest, MailLettersFailuresAndCalls) {
    auto& mail = store_->mail();
    ProcessedLetter letter{"<m1@x>", "INBOX", 7, 1, 0, "ignored_auto", At("2026-03-02T07:00:00Z")};
    EXPECT_TRUE(*mail.RecordLetter(letter, {}));
    EXPECT_FALSE(*Other().mail().RecordLetter(letter, {}));
    EXPECT_TRUE(mail.FindLetter("<m1@x>", "", 0, 0)->has_value());
    MailFailure failure;
    failure.mailbox = "INBOX";
    failure.uidvalidity = 7;
    failure.uid = 2;
    failure.reason = "bad";
    failure.raw = std::string("\xff\x00raw", 5);
    failure.at = At("2026-03-02T07:00:00Z");
    const auto stored = mail.AddFailure(failure);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->raw, failure.raw);
    EXPECT_EQ(mail.AddFailure(failure)->attempts, 2);
    ASSERT_TRUE(mail.SaveMailbox({"INBOX", 7, 42}));
    EXPECT_EQ(Other().mail().LoadMailbox("INBOX")->last_uid, 42);

    auto& calls = store_->Calls();
    Call call;
    call.regulation = "hotline";
    call.channel = "phone";
    call.operator_login = "op";
    call.started_at = At("2026-03-02T07:00:00Z");
    const auto reserved = calls.ReserveCall({"hotline", "ГЛ", 2026}, call);
    ASSERT_TRUE(reserved);
    EXPECT_EQ(reserved->uin, "ГЛ-2026-000001");
    EXPECT_EQ(calls.OpenCalls("op")->size(), 1u);
    auto request = MakeRequest("по звонку");
    request.reserved_uin = reserved->uin;
    request.entry.actor = "op";  // only the operator who took the call registers under its number
    const auto registered = store_->Appeals().Register(request);
    ASSERT_TRUE(registered) << registered.error().message;
    EXPECT_EQ(registered->appeal.uin, "ГЛ-2026-000001");
    EXPECT_EQ(calls.FindCall(reserved->uin)->outcome, "registered");
    EXPECT_FALSE(store_->Appeals().Register(request));
}

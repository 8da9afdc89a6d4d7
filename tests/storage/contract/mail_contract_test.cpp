// core::MailStore: mailbox positions, letters handled once, failed letters kept aside, and the
// outbox's delivery state (due, claimed, sent, failed, delivered by staff).
#include "store_contract.hpp"

namespace otklik::storage::contract {
namespace {

class MailContract : public StoreContract {
protected:
    core::ProcessedLetter Letter(const std::string& message_id, std::int64_t uid) {
        return {message_id, "project", 7, uid, 0, "returned", At("2026-03-02T07:00:00Z")};
    }

    core::MailFailure Failure(std::int64_t uid, const std::string& reason) {
        core::MailFailure failure;
        failure.mailbox = "project";
        failure.uidvalidity = 7;
        failure.uid = uid;
        failure.message_id = "broken-" + std::to_string(uid) + "@example.ru";
        failure.reason = reason;
        failure.raw = "From: x\r\n\r\nтело";
        failure.at = At("2026-03-02T07:00:00Z");
        return failure;
    }

    /// An appeal with one e-mail notice due at its registration; returns the notice's id.
    std::int64_t AppealWithNotice(const std::string& text, core::Instant at) {
        auto registered = appeals().Register(MakeRequest(text, "line1", at));
        EXPECT_TRUE(registered);
        const auto due = mail().DueOutbox(at, 100).value();
        for (const auto& pending : due) {
            if (pending.appeal_uin == registered->appeal.uin) return pending.message.id;
        }
        ADD_FAILURE() << "no notice for " << registered->appeal.uin;
        return 0;
    }

    std::vector<std::int64_t> DueIds(core::Instant now) {
        std::vector<std::int64_t> ids;
        const auto due = mail().DueOutbox(now, 100).value();
        for (const auto& pending : due) {
            ids.push_back(pending.message.id);
        }
        return ids;
    }
};

TEST_P(MailContract, MailboxPositionIsZeroUntilSavedThenKept) {
    const auto fresh = mail().LoadMailbox("project").value();
    EXPECT_EQ(fresh.mailbox, "project");
    EXPECT_EQ(fresh.uidvalidity, 0);
    EXPECT_EQ(fresh.last_uid, 0);
    ASSERT_TRUE(mail().SaveMailbox({"project", 7, 42}));
    ASSERT_TRUE(mail().SaveMailbox({"org", 3, 5}));
    ASSERT_TRUE(mail().SaveMailbox({"project", 8, 1}));
    const auto saved = mail().LoadMailbox("project").value();
    EXPECT_EQ(saved.uidvalidity, 8);
    EXPECT_EQ(saved.last_uid, 1);
    EXPECT_EQ(mail().LoadMailbox("org")->last_uid, 5);
}

TEST_P(MailContract, ALetterIsRegisteredOnceWithItsNotices) {
    EXPECT_FALSE(mail().FindLetter("a@example.ru", "project", 7, 1).value());
    const std::vector<core::OutboxMessage> returned{Notice(0, At("2026-03-02T07:00:00Z"))};
    EXPECT_TRUE(mail().RecordLetter(Letter("a@example.ru", 1), returned).value());
    EXPECT_FALSE(mail().RecordLetter(Letter("a@example.ru", 2), returned).value())
        << "the same Message-ID again: nothing written";
    const auto due = mail().DueOutbox(At("2026-03-02T08:00:00Z"), 10).value();
    ASSERT_EQ(due.size(), 1u) << "the replay sent no second notice";
    EXPECT_EQ(due[0].appeal_uin, "") << "a notice without an appeal";
    EXPECT_EQ(due[0].message.appeal_id, 0);

    const auto by_id = mail().FindLetter("a@example.ru", "", -1, -1).value();
    ASSERT_TRUE(by_id);
    EXPECT_EQ(by_id->uid, 1);
    EXPECT_EQ(by_id->outcome, "returned");
    EXPECT_EQ(by_id->appeal_id, 0);
    EXPECT_EQ(by_id->at, At("2026-03-02T07:00:00Z"));
    const auto by_place = mail().FindLetter("other@example.ru", "project", 7, 1).value();
    ASSERT_TRUE(by_place) << "a re-fetched UID is found by its place";
    EXPECT_EQ(by_place->message_id, "a@example.ru");
    EXPECT_FALSE(mail().FindLetter("other@example.ru", "project", 8, 1).value())
        << "another UIDVALIDITY is another letter";
}

TEST_P(MailContract, ALetterRemembersTheAppealItBecame) {
    const auto appeal = appeals().Register(MakeRequest("из письма")).value().appeal;
    auto letter = Letter("b@example.ru", 3);
    letter.appeal_id = appeal.id;
    letter.outcome = "registered";
    ASSERT_TRUE(mail().RecordLetter(letter, {}).value());
    EXPECT_EQ(mail().FindLetter("b@example.ru", "", -1, -1).value()->appeal_id, appeal.id);
}

// Issue 18: a registration that carries its letter records it in the same transaction, with
// the new appeal's id; a replay of the same key records it against the appeal registered then.
TEST_P(MailContract, ARegistrationRecordsTheLetterItCarries) {
    auto request = MakeRequest("из письма");
    request.idempotency_key = "email:c@example.ru";
    request.idempotency_fingerprint = "c@example.ru";
    auto letter = Letter("c@example.ru", 4);
    letter.outcome = "registered";
    request.letter = letter;
    const auto appeal = appeals().Register(request).value().appeal;
    const auto recorded = mail().FindLetter("c@example.ru", "", -1, -1).value();
    ASSERT_TRUE(recorded);
    EXPECT_EQ(recorded->appeal_id, appeal.id);
    EXPECT_EQ(recorded->uid, 4);
    EXPECT_FALSE(mail().RecordLetter(letter, {}).value()) << "the Message-ID is taken";

    auto replay = MakeRequest("из письма");
    replay.idempotency_key = "email:d@example.ru";
    replay.idempotency_fingerprint = "d@example.ru";
    const auto first = appeals().Register(replay).value();
    ASSERT_FALSE(mail().FindLetter("d@example.ru", "", -1, -1).value());
    replay.letter = Letter("d@example.ru", 5);
    const auto again = appeals().Register(replay).value();
    EXPECT_TRUE(again.replayed);
    const auto late = mail().FindLetter("d@example.ru", "", -1, -1).value();
    ASSERT_TRUE(late);
    EXPECT_EQ(late->appeal_id, first.appeal.id);
}

TEST_P(MailContract, FailedLettersAreKeptAsideCountedAndResolved) {
    const auto first = mail().AddFailure(Failure(10, "bad MIME")).value();
    EXPECT_GT(first.id, 0);
    EXPECT_EQ(first.attempts, 1);
    EXPECT_EQ(first.raw, "From: x\r\n\r\nтело");
    EXPECT_FALSE(first.resolved_at);
    const auto second = mail().AddFailure(Failure(11, "charset")).value();

    const auto again = mail().AddFailure(Failure(10, "still bad")).value();
    EXPECT_EQ(again.id, first.id) << "the same mailbox UID is one failure";
    EXPECT_EQ(again.attempts, 2);
    EXPECT_EQ(again.reason, "still bad");

    const auto open = mail().ListFailures(true, 10).value();
    ASSERT_EQ(open.size(), 2u);
    EXPECT_EQ(open[0].id, second.id) << "newest first";
    const auto resolved = mail().ResolveFailure(first.id, At("2026-03-02T09:00:00Z")).value();
    EXPECT_EQ(resolved.resolved_at, At("2026-03-02T09:00:00Z"));
    EXPECT_EQ(mail().ListFailures(true, 10)->size(), 1u);
    EXPECT_EQ(mail().ListFailures(false, 10)->size(), 2u);
    EXPECT_EQ(mail().ListFailures(false, 1)->size(), 1u);
    EXPECT_EQ(mail().FindFailure(second.id)->message_id, "broken-11@example.ru");
    EXPECT_EQ(mail().FindFailure(second.id + 100).error().kind, core::ErrorKind::kNotFound);

    const auto reopened = mail().AddFailure(Failure(10, "failed on retry")).value();
    EXPECT_FALSE(reopened.resolved_at) << "failing again reopens it";
    EXPECT_EQ(reopened.attempts, 3);
}

TEST_P(MailContract, OutboxIsDueOldestFirstClaimedAndSentOnce) {
    const auto first = AppealWithNotice("первое", At("2026-03-02T07:00:00Z"));
    const auto second = AppealWithNotice("второе", At("2026-03-02T07:05:00Z"));
    EXPECT_EQ(DueIds(At("2026-03-02T07:01:00Z")), (std::vector<std::int64_t>{first}));
    EXPECT_EQ(DueIds(At("2026-03-02T08:00:00Z")), (std::vector<std::int64_t>{first, second}));
    EXPECT_EQ(mail().DueOutbox(At("2026-03-02T08:00:00Z"), 1)->size(), 1u);

    // A claim moves the row past now: a crash during delivery leads to a retry, not a loss.
    ASSERT_TRUE(mail().BeginDelivery(first, At("2026-03-02T08:10:00Z")).value());
    EXPECT_EQ(DueIds(At("2026-03-02T08:00:00Z")), (std::vector<std::int64_t>{second}));
    const auto retried = mail().DueOutbox(At("2026-03-02T08:10:00Z"), 10).value();
    ASSERT_EQ(retried.size(), 2u);
    EXPECT_EQ(retried[1].message.id, first) << "ordered by the next attempt";
    EXPECT_EQ(retried[1].attempts, 1);

    ASSERT_TRUE(mail().MarkSent(first, At("2026-03-02T08:01:00Z")).value());
    EXPECT_EQ(DueIds(At("2026-03-03T00:00:00Z")), (std::vector<std::int64_t>{second}));
    EXPECT_FALSE(mail().BeginDelivery(first, At("2026-03-02T09:00:00Z")).value())
        << "a sent row is not claimed again";
    EXPECT_FALSE(mail().MarkSent(first + second + 100, At("2026-03-02T08:01:00Z")).value());
}

TEST_P(MailContract, AFailedDeliveryWaitsForItsRetryOrGivesUp) {
    const auto first = AppealWithNotice("первое", At("2026-03-02T07:00:00Z"));
    const auto second = AppealWithNotice("второе", At("2026-03-02T07:00:00Z"));
    ASSERT_TRUE(mail().BeginDelivery(first, At("2026-03-02T07:10:00Z")).value());
    ASSERT_TRUE(
        mail().MarkFailed(first, "550 mailbox full", At("2026-03-02T09:00:00Z"), false).value());
    EXPECT_EQ(DueIds(At("2026-03-02T08:00:00Z")), (std::vector<std::int64_t>{second}));
    EXPECT_EQ(DueIds(At("2026-03-02T09:00:00Z")), (std::vector<std::int64_t>{second, first}));
    ASSERT_TRUE(
        mail().MarkFailed(second, "550 no such user", At("2026-03-02T09:00:00Z"), true).value());
    EXPECT_EQ(DueIds(At("2100-01-01T00:00:00Z")), (std::vector<std::int64_t>{first}))
        << "given up: never due again";
    EXPECT_EQ(mail().FindOutbox(second)->message.id, second) << "but kept";
}

TEST_P(MailContract, NoticesByPhoneOrPostAreStaffTasksDeliveredOnce) {
    const auto appeal = appeals().Register(MakeRequest("по телефону")).value().appeal;
    core::AppealChange change;
    change.appeal = appeal;
    change.expected_version = 1;
    change.entry = {0, appeal.id, At("2026-03-02T08:00:00Z"), "petrov", "resolve", {}, ""};
    change.outbox.push_back(Notice(appeal.id, At("2026-03-02T08:00:00Z"), "phone"));
    ASSERT_TRUE(appeals().Update(change));

    const auto tasks = mail().DeliveryTasks(10).value();
    ASSERT_EQ(tasks.size(), 1u);
    EXPECT_EQ(tasks[0].message.channel, "phone");
    EXPECT_EQ(tasks[0].appeal_uin, appeal.uin);
    const auto due = mail().DueOutbox(At("2026-03-03T00:00:00Z"), 10).value();
    for (const auto& pending : due) {
        EXPECT_EQ(pending.message.channel, "email") << "the sender never takes a staff task";
    }
    const auto id = tasks[0].message.id;
    const auto found = mail().FindOutbox(id).value();
    EXPECT_EQ(found.message.recipient, "+79161234567");
    EXPECT_EQ(found.message.kind, "registered");
    EXPECT_EQ(found.message.created_at, At("2026-03-02T08:00:00Z"));

    EXPECT_TRUE(mail().MarkDelivered(id, "phone", "petrov", At("2026-03-02T10:00:00Z")).value());
    EXPECT_FALSE(mail().MarkDelivered(id, "post", "ivanova", At("2026-03-02T11:00:00Z")).value())
        << "delivered already";
    EXPECT_TRUE(mail().DeliveryTasks(10)->empty());
    EXPECT_TRUE(mail().FindOutbox(id)) << "a delivered notice is still found";
    EXPECT_EQ(mail().FindOutbox(id + 100).error().kind, core::ErrorKind::kNotFound);
}

OTKLIK_STORE_CONTRACT(MailContract);

}  // namespace
}  // namespace otklik::storage::contract

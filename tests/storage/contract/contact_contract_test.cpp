// core::ContactProofRepository: one-time codes (with the letter carrying them, in one unit) and
// the proofs a correct code buys; only hashes are stored.
#include <algorithm>

#include "store_contract.hpp"

namespace otklik::storage::contract {
namespace {

class ContactProofContract : public StoreContract {
protected:
    core::ContactChallenge Challenge(const std::string& hash, core::Instant at) {
        core::ContactChallenge challenge;
        challenge.contact = "smirnova@example.ru";
        challenge.code_hash = hash;
        challenge.created_at = at;
        challenge.expires_at = at + std::chrono::minutes(15);
        return challenge;
    }
};

TEST_P(ContactProofContract, ACodeIsStoredWithItsLetter) {
    const auto at = At("2026-03-02T07:00:00Z");
    const auto stored = proofs().AddChallenge(Challenge("h1", at), Notice(0, at));
    ASSERT_TRUE(stored);
    EXPECT_GT(stored->id, 0);
    const auto due = mail().DueOutbox(at, 10).value();
    ASSERT_EQ(due.size(), 1u) << "the letter with the code goes out through the outbox";
    EXPECT_EQ(due[0].message.recipient, "smirnova@example.ru");
    EXPECT_EQ(due[0].appeal_uin, "");
}

TEST_P(ContactProofContract, RecentChallengesAreNewestFirstAndKeepTheirAttempts) {
    const auto first = proofs()
                           .AddChallenge(Challenge("h1", At("2026-03-02T07:00:00Z")),
                                         Notice(0, At("2026-03-02T07:00:00Z")))
                           .value();
    ASSERT_TRUE(proofs().AddChallenge(Challenge("h2", At("2026-03-02T07:10:00Z")),
                                      Notice(0, At("2026-03-02T07:10:00Z"))));
    auto other = Challenge("h3", At("2026-03-02T07:20:00Z"));
    other.contact = "other@example.ru";
    ASSERT_TRUE(proofs().AddChallenge(other, Notice(0, At("2026-03-02T07:20:00Z"))));

    auto recent = proofs().RecentChallenges("smirnova@example.ru", At("2026-03-02T06:00:00Z"));
    ASSERT_EQ(recent->size(), 2u);
    EXPECT_EQ((*recent)[0].code_hash, "h2");
    EXPECT_EQ((*recent)[1].expires_at, At("2026-03-02T07:15:00Z"));
    EXPECT_EQ(proofs().RecentChallenges("smirnova@example.ru", At("2026-03-02T07:05:00Z"))->size(),
              1u);

    auto used = first;
    used.attempts = 2;
    used.used_at = At("2026-03-02T07:03:00Z");
    ASSERT_TRUE(proofs().UpdateChallenge(used));
    recent = proofs().RecentChallenges("smirnova@example.ru", At("2026-03-02T06:00:00Z"));
    EXPECT_EQ((*recent)[1].attempts, 2);
    EXPECT_EQ((*recent)[1].used_at, At("2026-03-02T07:03:00Z"));
    EXPECT_FALSE((*recent)[0].used_at);
}

TEST_P(ContactProofContract, AProofIsFoundByItsHash) {
    ASSERT_TRUE(proofs().AddProof({"token-hash", "smirnova@example.ru", At("2026-03-02T07:00:00Z"),
                                   At("2026-03-02T08:00:00Z")}));
    const auto found = proofs().FindProof("token-hash").value();
    EXPECT_EQ(found.contact, "smirnova@example.ru");
    EXPECT_EQ(found.created_at, At("2026-03-02T07:00:00Z"));
    EXPECT_EQ(found.expires_at, At("2026-03-02T08:00:00Z"));
    const auto unknown = proofs().FindProof("other");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind, core::ErrorKind::kUnauthorized);
    EXPECT_EQ(unknown.error().code, "contact_unverified");
}

// Issue 17: opening a status link once rests on this — a second proof under the same hash is
// refused, never replaced, so two tabs racing with one link get one session.
TEST_P(ContactProofContract, ASecondProofUnderTheSameHashIsRefused) {
    ASSERT_TRUE(proofs().AddProof(
        {"link-hash", "status-link-used", At("2026-03-02T07:00:00Z"), At("2026-03-02T08:00:00Z")}));
    const auto again = proofs().AddProof(
        {"link-hash", "someone-else", At("2026-03-02T07:01:00Z"), At("2026-03-02T09:00:00Z")});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, core::ErrorKind::kConflict);
    EXPECT_EQ(proofs().FindProof("link-hash").value().contact, "status-link-used");
}

// Issue 17: the letter with a status page link belongs to its appeal: the sender signs the link
// for the appeal's number.
TEST_P(ContactProofContract, ALinkLetterKeepsItsAppeal) {
    const auto at = At("2026-03-02T07:00:00Z");
    const auto registered = appeals().Register(MakeRequest("ссылка на страницу статуса"));
    ASSERT_TRUE(registered);
    const auto& appeal = registered->appeal;
    core::ContactChallenge challenge = Challenge("", at);
    challenge.contact = "status:" + appeal.uin + ":smirnova@example.ru";
    ASSERT_TRUE(proofs().AddChallenge(challenge, Notice(appeal.id, at + std::chrono::hours(1))));
    const auto due = mail().DueOutbox(at + std::chrono::hours(2), 10).value();
    const auto link = std::find_if(due.begin(), due.end(), [&](const core::PendingOutbox& p) {
        return p.message.created_at == at + std::chrono::hours(1);
    });
    ASSERT_NE(link, due.end());
    EXPECT_EQ(link->appeal_uin, appeal.uin);
    EXPECT_EQ(proofs().RecentChallenges(challenge.contact, at).value().size(), 1u);
}

OTKLIK_STORE_CONTRACT(ContactProofContract);

}  // namespace
}  // namespace otklik::storage::contract

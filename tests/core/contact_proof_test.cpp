// SEC-5 (issue 12): one-time codes that prove control of an e-mail address.
#include "core/contact_proof.hpp"

#include <map>

#include <gtest/gtest.h>

using namespace otklik::core;
using namespace std::chrono_literals;

namespace {

class MemoryProofs final : public ContactProofRepository {
public:
    Result<ContactChallenge> AddChallenge(const ContactChallenge& challenge,
                                          const OutboxMessage& letter) override {
        challenges.push_back(challenge);
        challenges.back().id = static_cast<std::int64_t>(challenges.size());
        letters.push_back(letter);
        return challenges.back();
    }
    Result<std::vector<ContactChallenge>> RecentChallenges(std::string_view contact,
                                                           Instant since) override {
        std::vector<ContactChallenge> found;
        for (auto it = challenges.rbegin(); it != challenges.rend(); ++it) {
            if (it->contact == contact && it->created_at >= since) found.push_back(*it);
        }
        return found;
    }
    Result<ContactChallenge> UpdateChallenge(const ContactChallenge& challenge) override {
        challenges[static_cast<std::size_t>(challenge.id - 1)] = challenge;
        return challenge;
    }
    Result<ContactProofRecord> AddProof(const ContactProofRecord& proof) override {
        proofs[proof.token_hash] = proof;
        return proof;
    }
    Result<ContactProofRecord> FindProof(std::string_view token_hash) override {
        const auto it = proofs.find(std::string(token_hash));
        if (it == proofs.end()) return Fail(Error::NotFound("нет"));
        return it->second;
    }

    std::vector<ContactChallenge> challenges;
    std::vector<OutboxMessage> letters;
    std::map<std::string, ContactProofRecord> proofs;
};

struct Fixture {
    MemoryProofs store;
    ManualClock clock{*ParseInstant("2026-03-02T09:00:00Z")};
    int codes = 0;
    ContactProof proof{
        store, clock,
        ContactProofCrypto{[this] { return std::to_string(123450 + ++codes); },
                           [this] { return "token-" + std::to_string(codes); },
                           [](std::string_view text) { return "h(" + std::string(text) + ")"; }}};
    std::string LastCode() const { return std::to_string(123450 + codes); }
};

}  // namespace

TEST(ContactProof, CodeGoesOutByLetterAndOnlyItsHashIsKept) {
    Fixture f;
    ASSERT_TRUE(f.proof.SendCode(" Ivan@Example.RU "));
    ASSERT_EQ(f.store.letters.size(), 1u);
    EXPECT_EQ(f.store.letters[0].kind, "contact_code");
    EXPECT_EQ(f.store.letters[0].recipient, "ivan@example.ru");
    EXPECT_NE(f.store.letters[0].payload.find(f.LastCode()), std::string::npos);
    EXPECT_EQ(f.store.challenges[0].code_hash, "h(ivan@example.ru:" + f.LastCode() + ")");
}

TEST(ContactProof, RightCodeGivesATokenOnceAndOnlyForThatAddress) {
    Fixture f;
    ASSERT_TRUE(f.proof.SendCode("ivan@example.ru"));
    const auto proven = f.proof.Verify("ivan@example.ru", f.LastCode());
    ASSERT_TRUE(proven) << proven.error().message;
    EXPECT_EQ(*f.proof.ProvenContact(proven->token), "ivan@example.ru");
    // Single use.
    const auto again = f.proof.Verify("ivan@example.ru", f.LastCode());
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "code_invalid");
    // Another address's code does not prove this one.
    ASSERT_TRUE(f.proof.SendCode("petr@example.ru"));
    EXPECT_FALSE(f.proof.Verify("ivan@example.ru", f.LastCode()));
}

TEST(ContactProof, CodesAndProofsExpire) {
    Fixture f;
    ASSERT_TRUE(f.proof.SendCode("ivan@example.ru"));
    f.clock.Advance(16min);
    EXPECT_EQ(f.proof.Verify("ivan@example.ru", f.LastCode()).error().code, "code_invalid");
    ASSERT_TRUE(f.proof.SendCode("ivan@example.ru"));
    const auto proven = f.proof.Verify("ivan@example.ru", f.LastCode());
    ASSERT_TRUE(proven);
    f.clock.Advance(61min);
    EXPECT_EQ(f.proof.ProvenContact(proven->token).error().code, "contact_unverified");
    EXPECT_EQ(f.proof.ProvenContact("").error().code, "contact_unverified");
}

TEST(ContactProof, WrongCodesAndNewCodesAreRateLimited) {
    Fixture f;
    ASSERT_TRUE(f.proof.SendCode("ivan@example.ru"));
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(f.proof.Verify("ivan@example.ru", "000000").error().code, "code_invalid");
    }
    // The right code no longer works after five wrong ones.
    EXPECT_EQ(f.proof.Verify("ivan@example.ru", f.LastCode()).error().code, "too_many_attempts");
    ASSERT_TRUE(f.proof.SendCode("ivan@example.ru"));
    ASSERT_TRUE(f.proof.SendCode("ivan@example.ru"));
    const auto fourth = f.proof.SendCode("ivan@example.ru");
    ASSERT_FALSE(fourth);
    EXPECT_EQ(fourth.error().code, "too_many_codes");
    EXPECT_EQ(fourth.error().kind, ErrorKind::kRateLimited);
    f.clock.Advance(61min);
    EXPECT_TRUE(f.proof.SendCode("ivan@example.ru"));
}

TEST(ContactProof, RefusesMalformedAddressesAndHeaderInjection) {
    Fixture f;
    EXPECT_EQ(f.proof.SendCode("not-an-address").error().kind, ErrorKind::kValidation);
    EXPECT_EQ(f.proof.SendCode("a@b.ru\r\nRCPT TO:<x@y.ru>").error().kind, ErrorKind::kValidation);
    EXPECT_TRUE(f.store.letters.empty());
}

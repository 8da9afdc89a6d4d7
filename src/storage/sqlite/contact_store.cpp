// One-time codes and proofs of control of an e-mail address (core::ContactProofRepository,
// SEC-5): only hashes are stored; the code itself travels in the outbox letter.
#include "storage/sqlite/contact_store.hpp"

namespace otklik::storage::sqlite {

using core::Error;
using core::Fail;
using core::Result;

namespace {

core::ContactChallenge ReadChallenge(Statement& q) {
    core::ContactChallenge challenge;
    challenge.id = q.Int(0);
    challenge.contact = q.Text(1);
    challenge.code_hash = q.Text(2);
    challenge.created_at = core::FromUnixMillis(q.Int(3));
    challenge.expires_at = core::FromUnixMillis(q.Int(4));
    challenge.attempts = static_cast<int>(q.Int(5));
    if (!q.IsNull(6)) challenge.used_at = core::FromUnixMillis(q.Int(6));
    return challenge;
}

}  // namespace

Result<core::ContactChallenge> ContactStore::AddChallenge(const core::ContactChallenge& challenge,
                                                          const core::OutboxMessage& letter) {
    return db_.Write<core::ContactChallenge>([&](Connection& c) -> Result<core::ContactChallenge> {
        c.Prepare(
             "INSERT INTO contact_challenges (contact, code_hash, created_at, expires_at) "
             "VALUES (?, ?, ?, ?)")
            .Bind(1, challenge.contact)
            .Bind(2, challenge.code_hash)
            .Bind(3, core::ToUnixMillis(challenge.created_at))
            .Bind(4, core::ToUnixMillis(challenge.expires_at))
            .Run();
        core::ContactChallenge stored = challenge;
        stored.id = c.LastInsertId();
        // A code letter belongs to no appeal; a status page link (core::StatusAccess) to one.
        auto& insert = c.Prepare(
            "INSERT INTO outbox (appeal_id, kind, channel, recipient, payload, created_at, "
            "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (letter.appeal_id != 0) {
            insert.Bind(1, letter.appeal_id);
        } else {
            insert.BindNull(1);
        }
        insert.Bind(2, letter.kind)
            .Bind(3, letter.channel)
            .Bind(4, letter.recipient)
            .Bind(5, letter.payload)
            .Bind(6, core::ToUnixMillis(letter.created_at))
            .Bind(7, core::ToUnixMillis(letter.created_at))
            .Run();
        return stored;
    });
}

Result<std::vector<core::ContactChallenge>> ContactStore::RecentChallenges(std::string_view contact,
                                                                           core::Instant since) {
    auto c = db_.Read();
    auto& q = c->Prepare(
        "SELECT id, contact, code_hash, created_at, expires_at, attempts, used_at "
        "FROM contact_challenges WHERE contact = ? AND created_at >= ? "
        "ORDER BY created_at DESC, id DESC LIMIT 100");
    q.Bind(1, contact).Bind(2, core::ToUnixMillis(since));
    std::vector<core::ContactChallenge> challenges;
    while (q.Step()) challenges.push_back(ReadChallenge(q));
    q.Reset();
    return challenges;
}

Result<core::ContactChallenge> ContactStore::UpdateChallenge(
    const core::ContactChallenge& challenge) {
    return db_.Write<core::ContactChallenge>([&](Connection& c) -> Result<core::ContactChallenge> {
        auto& q = c.Prepare("UPDATE contact_challenges SET attempts = ?, used_at = ? WHERE id = ?");
        q.Bind(1, std::int64_t{challenge.attempts});
        if (challenge.used_at) {
            q.Bind(2, core::ToUnixMillis(*challenge.used_at));
        } else {
            q.BindNull(2);
        }
        q.Bind(3, challenge.id).Run();
        return challenge;
    });
}

Result<core::ContactProofRecord> ContactStore::AddProof(const core::ContactProofRecord& proof) {
    return db_.Write<core::ContactProofRecord>(
        [&](Connection& c) -> Result<core::ContactProofRecord> {
            c.Prepare(
                 "INSERT INTO contact_proofs (token_hash, contact, created_at, expires_at) "
                 "VALUES (?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING")
                .Bind(1, proof.token_hash)
                .Bind(2, proof.contact)
                .Bind(3, core::ToUnixMillis(proof.created_at))
                .Bind(4, core::ToUnixMillis(proof.expires_at))
                .Run();
            if (c.Changes() != 1) {
                return Fail(core::Error::Conflict("proof_exists", "Подтверждение уже записано"));
            }
            return proof;
        });
}

Result<core::ContactProofRecord> ContactStore::FindProof(std::string_view token_hash) {
    auto c = db_.Read();
    auto& q = c->Prepare(
        "SELECT token_hash, contact, created_at, expires_at FROM contact_proofs "
        "WHERE token_hash = ?");
    q.Bind(1, token_hash);
    if (!q.Step()) {
        q.Reset();
        return Fail(Error{core::ErrorKind::kUnauthorized,
                          "contact_unverified",
                          "Подтверждение адреса не найдено",
                          {}});
    }
    core::ContactProofRecord proof{q.Text(0), q.Text(1), core::FromUnixMillis(q.Int(2)),
                                   core::FromUnixMillis(q.Int(3))};
    q.Reset();
    return proof;
}

}  // namespace otklik::storage::sqlite

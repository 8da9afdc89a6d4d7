#pragma once

#include "core/contact_proof.hpp"
#include "storage/sqlite/database.hpp"

namespace otklik::storage::sqlite {

/// One-time codes and proofs of control of an e-mail address (SEC-5) in the embedded store's
/// file: only hashes are kept; thread-safe.
class ContactStore final : public core::ContactProofRepository {
public:
    /// `db` is shared with the store's other repositories and must outlive this.
    explicit ContactStore(Database& db) : db_(db) {}

    [[nodiscard]] core::Result<core::ContactChallenge> AddChallenge(
        const core::ContactChallenge& challenge, const core::OutboxMessage& letter) override;
    [[nodiscard]] core::Result<std::vector<core::ContactChallenge>> RecentChallenges(
        std::string_view contact, core::Instant since) override;
    [[nodiscard]] core::Result<core::ContactChallenge> UpdateChallenge(
        const core::ContactChallenge& challenge) override;
    [[nodiscard]] core::Result<core::ContactProofRecord> AddProof(
        const core::ContactProofRecord& proof) override;
    [[nodiscard]] core::Result<core::ContactProofRecord> FindProof(
        std::string_view token_hash) override;

private:
    Database& db_;
};

}  // namespace otklik::storage::sqlite

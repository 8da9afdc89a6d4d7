#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace otklik::core {

/// A one-time code sent to an e-mail address; only its hash is kept.
struct ContactChallenge {
    std::int64_t id = 0;
    std::string contact;  ///< the e-mail address, lower case
    std::string code_hash;
    Instant created_at{};
    Instant expires_at{};
    int attempts = 0;  ///< wrong codes entered so far
    std::optional<Instant> used_at;
};

/// What a correct code buys: a short-lived proof that the bearer controls `contact`.
struct ContactProofRecord {
    std::string token_hash;
    std::string contact;
    Instant created_at{};
    Instant expires_at{};
};

/// Where challenges and proofs live; implemented by the store. Atomic, durable on return,
/// safe from several threads.
class ContactProofRepository {
public:
    virtual ~ContactProofRepository() = default;
    /// Stores the challenge and the letter carrying its code or link (an outbox row, of the
    /// letter's appeal when it names one) in one transaction. `contact` is an opaque key: an
    /// e-mail address for codes, a key of its own for the status page (core::StatusAccess).
    [[nodiscard]] virtual Result<ContactChallenge> AddChallenge(const ContactChallenge& challenge,
                                                                const OutboxMessage& letter) = 0;
    /// Challenges for `contact` created at or after `since`, newest first.
    [[nodiscard]] virtual Result<std::vector<ContactChallenge>> RecentChallenges(
        std::string_view contact, Instant since) = 0;
    /// Saves a challenge's attempts and used_at.
    [[nodiscard]] virtual Result<ContactChallenge> UpdateChallenge(
        const ContactChallenge& challenge) = 0;
    /// Fails when a proof with the same hash exists (nothing is replaced).
    [[nodiscard]] virtual Result<ContactProofRecord> AddProof(const ContactProofRecord& proof) = 0;
    /// kNotFound for an unknown hash; expired proofs are returned as they are.
    [[nodiscard]] virtual Result<ContactProofRecord> FindProof(std::string_view token_hash) = 0;
};

/// Randomness and hashing, injected so that the core links no crypto library.
struct ContactProofCrypto {
    std::function<std::string()> new_code;   ///< six random digits
    std::function<std::string()> new_token;  ///< a long random URL-safe secret
    std::function<std::string(std::string_view)> hash;
};

/// Limits of the proof; the defaults are what the public channels use.
struct ContactProofOptions {
    /// How long a code may be entered.
    std::chrono::minutes code_lifetime{15};
    /// How long a proven contact stays proven (one status page visit, one chat).
    std::chrono::minutes proof_lifetime{60};
    /// Codes sent to one address per hour.
    int codes_per_hour = 3;
    /// Wrong entries before a code stops working.
    int attempts_per_code = 5;
};

/// The applicant's proof of control of the e-mail address (SEC-5): a one-time code goes to
/// the address through the ordinary outbox; entering it gives a short-lived proof token. Public
/// channels reveal or change an existing appeal only for a proven address. The answers never
/// depend on whether any appeal has the address. Codes and tokens are stored hashed, codes are
/// single-use and short-lived, both are rate-limited per address. Thread-safe; no I/O.
class ContactProof {
public:
    ContactProof(ContactProofRepository& store, const Clock& clock, ContactProofCrypto crypto,
                 ContactProofOptions options = {});

    /// Sends a new code to `email`. kValidation on field "email" for a malformed address;
    /// kRateLimited "too_many_codes" after codes_per_hour codes in the last hour.
    [[nodiscard]] Result<ContactChallenge> SendCode(std::string_view email);

    struct Proven {
        std::string token;  ///< the secret; only its hash is stored
        std::string contact;
        Instant expires_at{};
    };
    /// Checks `code` against the newest live code of `email`. kUnprocessable "code_invalid"
    /// for a wrong, expired or used code (one answer for all), kRateLimited
    /// "too_many_attempts" once the code has taken attempts_per_code wrong entries.
    [[nodiscard]] Result<Proven> Verify(std::string_view email, std::string_view code);

    /// The address a live proof token stands for; kUnauthorized "contact_unverified" otherwise.
    [[nodiscard]] Result<std::string> ProvenContact(std::string_view token);
    /// The same, with the proof's end (the token itself is not kept: `token` is empty).
    [[nodiscard]] Result<Proven> ProvenContactUntil(std::string_view token);

    /// The canonical form addresses are compared in: trimmed, lower case.
    static std::string Canonical(std::string_view email);

private:
    ContactProofRepository& store_;
    const Clock& clock_;
    ContactProofCrypto crypto_;
    ContactProofOptions options_;
};

}  // namespace otklik::core

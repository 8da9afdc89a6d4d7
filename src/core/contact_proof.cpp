#include "core/contact_proof.hpp"

#include <cctype>

#include "core/personal_data.hpp"
#include "text/case_folding.hpp"

namespace otklik::core {
namespace {

// Compares in time independent of where the strings differ.
bool SameSecret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = static_cast<unsigned char>(
            diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
    }
    return diff == 0;
}

Error Unverified() {
    return {ErrorKind::kUnauthorized,
            "contact_unverified",
            "Подтвердите адрес электронной почты кодом из письма",
            {}};
}

}  // namespace

ContactProof::ContactProof(ContactProofRepository& store, const Clock& clock,
                           ContactProofCrypto crypto, ContactProofOptions options)
    : store_(store), clock_(clock), crypto_(std::move(crypto)), options_(options) {}

std::string ContactProof::Canonical(std::string_view email) {
    const auto first = email.find_first_not_of(" \t\r\n");
    const auto last = email.find_last_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text::AsciiLower(email.substr(first, last - first + 1));
}

Result<ContactChallenge> ContactProof::SendCode(std::string_view email) {
    const std::string contact = Canonical(email);
    if (contact.empty() || CheckEmail(contact) ||
        contact.find_first_of("\r\n") != std::string::npos) {
        return Fail(Error::Validation(
            {{"email", "format", "Укажите адрес электронной почты в виде name@example.ru"}}));
    }
    const Instant now = clock_.Now();
    auto recent = store_.RecentChallenges(contact, now - std::chrono::hours(1));
    if (!recent) return Fail(recent.error());
    if (static_cast<int>(recent->size()) >= options_.codes_per_hour) {
        return Fail(Error{ErrorKind::kRateLimited,
                          "too_many_codes",
                          "Код уже отправлялся несколько раз: повторите попытку через час",
                          {}});
    }
    const std::string code = crypto_.new_code();
    ContactChallenge challenge;
    challenge.contact = contact;
    challenge.code_hash = crypto_.hash(contact + ":" + code);
    challenge.created_at = now;
    challenge.expires_at = now + options_.code_lifetime;
    const auto minutes = std::to_string(options_.code_lifetime.count());
    OutboxMessage letter{
        0,       0,       "contact_code",
        "email", contact, "{\"code\":\"" + code + "\",\"minutes\":\"" + minutes + "\"}",
        now};
    return store_.AddChallenge(challenge, letter);
}

Result<ContactProof::Proven> ContactProof::Verify(std::string_view email, std::string_view code) {
    const std::string contact = Canonical(email);
    const Error invalid =
        Error::Unprocessable("code_invalid", "Код неверен или устарел: запросите новый код");
    if (contact.empty() || code.empty() || code.size() > 32) return Fail(invalid);
    const Instant now = clock_.Now();
    auto recent = store_.RecentChallenges(contact, now - options_.code_lifetime);
    if (!recent) return Fail(recent.error());
    // Only the newest code counts: asking for a new one retires the old ones.
    if (recent->empty()) return Fail(invalid);
    ContactChallenge challenge = recent->front();
    if (challenge.used_at || challenge.expires_at <= now) return Fail(invalid);
    if (challenge.attempts >= options_.attempts_per_code) {
        return Fail(Error{ErrorKind::kRateLimited,
                          "too_many_attempts",
                          "Слишком много неверных попыток: запросите новый код",
                          {}});
    }
    if (!SameSecret(crypto_.hash(contact + ":" + std::string(code)), challenge.code_hash)) {
        ++challenge.attempts;
        if (auto saved = store_.UpdateChallenge(challenge); !saved) return Fail(saved.error());
        return Fail(invalid);
    }
    challenge.used_at = now;
    if (auto saved = store_.UpdateChallenge(challenge); !saved) return Fail(saved.error());
    Proven proven{crypto_.new_token(), contact, now + options_.proof_lifetime};
    auto stored = store_.AddProof({crypto_.hash(proven.token), contact, now, proven.expires_at});
    if (!stored) return Fail(stored.error());
    return proven;
}

Result<std::string> ContactProof::ProvenContact(std::string_view token) {
    auto proven = ProvenContactUntil(token);
    if (!proven) return Fail(proven.error());
    return std::move(proven->contact);
}

Result<ContactProof::Proven> ContactProof::ProvenContactUntil(std::string_view token) {
    if (token.empty() || token.size() > 200) return Fail(Unverified());
    auto proof = store_.FindProof(crypto_.hash(token));
    if (!proof || proof->expires_at <= clock_.Now()) return Fail(Unverified());
    return Proven{{}, std::move(proof->contact), proof->expires_at};
}

}  // namespace otklik::core

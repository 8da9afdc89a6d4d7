#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"

namespace otklik::notify {

/// What a signed link lets its holder do without a staff login.
struct LinkClaim {
    std::string uin;
    std::string
        action;  ///< "confirm" or "dispute" (LC-4, LC-5); "status.<letter>": the status page
    core::Instant expires{};
};

/// Signs and checks the confirm / dispute links of the resolution letter: HMAC-SHA-256
/// (libsodium) over the UIN, the action and the expiry, compared in constant time. The key is
/// the deployment's secret; a link cannot be altered to another appeal or action and stops
/// working at its expiry. Thread-safe.
class LinkSigner {
public:
    static constexpr std::size_t kKeyBytes = 32;

    explicit LinkSigner(const std::array<unsigned char, kKeyBytes>& key);

    /// Reads the key from `path`, creating it with random bytes (mode 0600) when missing.
    /// Throws std::runtime_error when the file cannot be read or written.
    static LinkSigner FromKeyFile(const std::string& path);

    /// A URL-safe token.
    std::string Sign(const LinkClaim& claim) const;

    /// kNotFound "link_invalid" for a forged or damaged token, kUnprocessable "link_expired"
    /// for an expired one.
    [[nodiscard]] core::Result<LinkClaim> Verify(std::string_view token, core::Instant now) const;

    /// A short keyed tag of `text` (16 hex digits of HMAC-SHA-256): the Message-IDs of our
    /// letters carry one, so a reply that names one proves it answers a letter we sent to that
    /// mailbox (SEC-5) — a number in a subject or a guessed Message-ID does not.
    std::string Tag(std::string_view text) const;

private:
    std::array<unsigned char, kKeyBytes> key_;
};

}  // namespace otklik::notify

#include "notify/signed_link.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include <sodium.h>
#include <sys/stat.h>

#include "core/parse_integer.hpp"
#include "text/base64.hpp"

namespace otklik::notify {
namespace {

core::Error Invalid() {
    return {core::ErrorKind::kNotFound, "link_invalid", "Ссылка недействительна", {}};
}

}  // namespace

LinkSigner::LinkSigner(const std::array<unsigned char, kKeyBytes>& key) : key_(key) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

LinkSigner LinkSigner::FromKeyFile(const std::string& path) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
    std::array<unsigned char, kKeyBytes> key{};
    if (std::filesystem::exists(path)) {
        std::ifstream in(path, std::ios::binary);
        in.read(reinterpret_cast<char*>(key.data()), static_cast<std::streamsize>(key.size()));
        if (in.gcount() != static_cast<std::streamsize>(key.size())) {
            throw std::runtime_error("link key file is damaged: " + path);
        }
        return LinkSigner(key);
    }
    randombytes_buf(key.data(), key.size());
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(key.data()),
                  static_cast<std::streamsize>(key.size()));
        if (!out) throw std::runtime_error("cannot write the link key file: " + path);
    }
    chmod(path.c_str(), S_IRUSR | S_IWUSR);
    return LinkSigner(key);
}

std::string LinkSigner::Sign(const LinkClaim& claim) const {
    const auto body = claim.uin + "|" + claim.action + "|" +
                      std::to_string(core::ToUnixMillis(claim.expires) / 1000);
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(body.data()),
                           body.size(), key_.data());
    return text::Base64Url(body) + "." +
           text::Base64Url({reinterpret_cast<const char*>(mac.data()), mac.size()});
}

std::string LinkSigner::Tag(std::string_view text) const {
    const std::string body = "message-id|" + std::string(text);
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(body.data()),
                           body.size(), key_.data());
    std::array<char, 17> hex{};
    sodium_bin2hex(hex.data(), hex.size(), mac.data(), 8);
    return std::string(hex.data(), 16);
}

core::Result<LinkClaim> LinkSigner::Verify(std::string_view token, core::Instant now) const {
    const auto dot = token.find('.');
    if (dot == std::string_view::npos) return core::Fail(Invalid());
    const auto body = text::FromBase64Url(token.substr(0, dot));
    const auto mac = text::FromBase64Url(token.substr(dot + 1));
    if (!body || !mac || mac->size() != crypto_auth_hmacsha256_BYTES) return core::Fail(Invalid());
    if (crypto_auth_hmacsha256_verify(reinterpret_cast<const unsigned char*>(mac->data()),
                                      reinterpret_cast<const unsigned char*>(body->data()),
                                      body->size(), key_.data()) != 0) {
        return core::Fail(Invalid());
    }
    const std::string& claim_text = *body;
    const auto first = claim_text.find('|');
    const auto second = claim_text.find('|', first == std::string::npos ? 0 : first + 1);
    if (first == std::string::npos || second == std::string::npos) return core::Fail(Invalid());
    LinkClaim claim;
    claim.uin = claim_text.substr(0, first);
    claim.action = claim_text.substr(first + 1, second - first - 1);
    // Seconds since the epoch; bounded so that the milliseconds cannot overflow.
    const auto seconds =
        core::ParseIntegerIn<std::int64_t>(claim_text.substr(second + 1), 0, std::int64_t{1} << 40);
    if (!seconds) return core::Fail(Invalid());
    claim.expires = core::FromUnixMillis(*seconds * 1000);
    if (now >= claim.expires) {
        return core::Fail(core::Error{
            core::ErrorKind::kUnprocessable, "link_expired", "Срок действия ссылки истёк", {}});
    }
    return claim;
}

}  // namespace otklik::notify

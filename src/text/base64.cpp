#include "text/base64.hpp"

#include <sodium.h>

namespace otklik::text {
namespace {

std::string Encode(std::string_view bytes, int variant) {
    // sodium_base64_encoded_len counts the terminating NUL that sodium_bin2base64 writes.
    std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), variant);
    out.pop_back();
    return out;
}

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string Base64(std::string_view bytes) { return Encode(bytes, sodium_base64_VARIANT_ORIGINAL); }

std::string Base64Url(std::string_view bytes) {
    return Encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> FromBase64Url(std::string_view text) {
    std::string out(text.size() * 3 / 4 + 3, '\0');
    std::size_t size = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), nullptr, &size, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    out.resize(size);
    return out;
}

std::string FromBase64Lenient(std::string_view text) {
    std::string digits;
    digits.reserve(text.size());
    for (const char c : text) {
        if (kAlphabet.find(c) != std::string_view::npos) digits.push_back(c);
    }
    // A lone digit carries no whole byte; the bits after the last whole byte are dropped (zeroed,
    // since libsodium insists on zero padding bits).
    if (digits.size() % 4 == 1) digits.pop_back();
    if (const auto rest = digits.size() % 4; rest != 0) {
        const auto value = kAlphabet.find(digits.back());
        const auto spare = rest == 2 ? 0x0FU : 0x03U;
        digits.back() = kAlphabet[value & ~static_cast<std::size_t>(spare)];
    }
    std::string out(digits.size() / 4 * 3 + 3, '\0');
    std::size_t size = 0;
    sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), digits.data(),
                      digits.size(), nullptr, &size, nullptr,
                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    out.resize(size);
    return out;
}

}  // namespace otklik::text

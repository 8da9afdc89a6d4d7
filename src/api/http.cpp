#include "api/http.hpp"

#include <algorithm>

#include <arpa/inet.h>

namespace otklik::api {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string Request::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) return value;
    }
    return {};
}

std::string Request::Query(std::string_view name) const {
    const auto it = query.find(std::string(name));
    return it == query.end() ? std::string() : it->second;
}

std::string Request::Cookie(std::string_view name) const {
    const std::string cookies = Header("cookie");
    std::size_t pos = 0;
    while (pos < cookies.size()) {
        while (pos < cookies.size() && (cookies[pos] == ' ' || cookies[pos] == ';')) ++pos;
        const auto end = cookies.find(';', pos);
        const std::string_view pair = std::string_view(cookies).substr(
            pos, end == std::string::npos ? std::string::npos : end - pos);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            return std::string(pair.substr(eq + 1));
        }
        if (end == std::string::npos) break;
        pos = end + 1;
    }
    return {};
}

std::string CanonicalAddress(std::string_view raw) {
    while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
    if (raw.empty() || raw.size() > 45) return {};
    const std::string text(raw);
    char out[INET6_ADDRSTRLEN] = {};
    unsigned char binary[16];
    if (inet_pton(AF_INET, text.c_str(), binary) == 1) {
        return inet_ntop(AF_INET, binary, out, sizeof out) ? std::string(out) : std::string();
    }
    if (inet_pton(AF_INET6, text.c_str(), binary) == 1) {
        return inet_ntop(AF_INET6, binary, out, sizeof out) ? std::string(out) : std::string();
    }
    return {};
}

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
    const auto trusted = [&](const std::string& address) {
        return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) !=
               trusted_proxies.end();
    };
    std::string client = peer;
    if (!trusted(peer)) return client;
    // Each proxy appends the address it received from; only hops we trust may vouch for the
    // next one to the left.
    while (!forwarded_for.empty()) {
        const auto comma = forwarded_for.rfind(',');
        const auto entry =
            comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
        forwarded_for =
            comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
        const std::string address = CanonicalAddress(entry);
        if (address.empty()) break;
        client = address;
        if (!trusted(address)) break;
    }
    return client;
}

std::string PercentDecode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            const int hi = HexValue(text[i + 1]);
            const int lo = HexValue(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
    return out;
}

std::string PercentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0xF]);
        }
    }
    return out;
}

void ParseTarget(std::string_view target, std::string& path,
                 std::multimap<std::string, std::string>& query) {
    const auto question = target.find('?');
    path = PercentDecode(target.substr(0, question), false);
    if (question == std::string_view::npos) return;
    std::string_view rest = target.substr(question + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            query.emplace(PercentDecode(pair.substr(0, eq), true),
                          eq == std::string_view::npos ? std::string()
                                                       : PercentDecode(pair.substr(eq + 1), true));
        }
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
}

}  // namespace otklik::api

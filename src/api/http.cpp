#include "api/http.hpp"

#include <algorithm>

#include <arpa/inet.h>
#include <boost/url.hpp>

namespace otklik::api {
namespace {

namespace urls = boost::urls;

bool IsHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsEscapeAt(std::string_view text, std::size_t i) {
    return text[i] == '%' && i + 2 < text.size() && IsHexDigit(text[i + 1]) &&
           IsHexDigit(text[i + 2]);
}

// Clients send what RFC 3986 does not allow ("%zz", "|", raw UTF-8, spaces in a query): the
// API has always read those bytes as themselves. Escaping exactly those keeps that reading and
// lets Boost.URL parse and decode the rest; decoding gives the same bytes back.
std::string EscapeStrayPercents(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && !IsEscapeAt(text, i)) {
            out += "%25";
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::string EscapeForTarget(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    // Unreserved, sub-delims, "@", "/" and "?" (":" is escaped too: a first path segment of a
    // relative reference may not hold it).
    static constexpr std::string_view kAllowed = "-._~!$&'()*+,;=@/?";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            kAllowed.find(c) != std::string_view::npos || IsEscapeAt(text, i)) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0xF]);
        }
    }
    return out;
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
    const std::string escaped = EscapeStrayPercents(text);
    const auto valid = urls::make_pct_string_view(escaped);
    if (!valid) return std::string(text);  // not reached: every '%' now starts an escape
    urls::encoding_opts options;
    options.space_as_plus = plus_is_space;
    return valid->decode(options);
}

std::string PercentEncode(std::string_view text) {
    return urls::encode(text, urls::unreserved_chars);
}

std::multimap<std::string, std::string> ParseQuery(std::string_view text) {
    std::multimap<std::string, std::string> query;
    const std::string relative = "?" + EscapeForTarget(text);
    const auto parsed = urls::parse_relative_ref(relative);
    if (!parsed) return query;
    for (const auto& param : parsed->params()) {              // "+" as space in keys and values
        if (param.key.empty() && !param.has_value) continue;  // "a&&b"
        query.emplace(param.key, param.value);
    }
    return query;
}

void ParseTarget(std::string_view target, std::string& path,
                 std::multimap<std::string, std::string>& query) {
    const auto question = target.find('?');
    const std::string escaped = EscapeForTarget(target.substr(0, question));
    // "/…" is the origin form; anything else is read as a relative reference so that it
    // matches no route rather than being refused before routing.
    const auto parsed = !escaped.empty() && escaped.front() == '/'
                            ? urls::parse_origin_form(escaped)
                            : urls::parse_relative_ref(escaped);
    path = parsed ? std::string(parsed->path()) : std::string();
    if (question == std::string_view::npos) return;
    for (auto& entry : ParseQuery(target.substr(question + 1))) query.insert(std::move(entry));
}

}  // namespace otklik::api

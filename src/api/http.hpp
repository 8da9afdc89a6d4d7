#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace otklik::api {

/// An HTTP request as the handlers see it: decoded path, parsed query, lower-case header names.
/// Kept free of Boost.Beast so that only the server's translation unit compiles it.
struct Request {
    std::string method;
    std::string path;
    std::string target;
    std::multimap<std::string, std::string> query;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// The client's address: the peer's, or the forwarded one when the peer is a trusted proxy
    /// (the API resolves it with ClientAddress before routing).
    std::string remote_address;
    /// The socket's peer, whatever it forwards.
    std::string peer_address;

    /// The first header of that (lower-case) name, or "".
    std::string Header(std::string_view name) const;
    /// The first query parameter of that name, or "".
    std::string Query(std::string_view name) const;
    bool HasQuery(std::string_view name) const {
        return query.find(std::string(name)) != query.end();
    }
    /// The value of a cookie, or "".
    std::string Cookie(std::string_view name) const;
};

/// The open end of a streamed response (server-sent events). Send() queues bytes for the client
/// and returns false once the connection has closed; callable from any thread.
class StreamSink {
public:
    virtual ~StreamSink() = default;
    virtual bool Send(std::string bytes) = 0;
};

/// A complete response; the server adds Content-Length, Date and keep-alive handling.
struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// When set, the response streams: the server sends the headers and `body` without a length,
    /// keeps the connection open, and hands its sink to `stream` (GET /api/v1/events).
    std::function<void(std::shared_ptr<StreamSink>)> stream;

    Response& Header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

/// The address a request comes from (issue 12: trusted proxies). `peer` is the socket's peer;
/// only when it is one of `trusted_proxies` is `forwarded_for` (X-Forwarded-For, all its
/// values joined by commas) read, right to left, skipping trusted proxies: the first other
/// entry is the client. A malformed entry stops the walk at the last trusted hop.
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);
/// The text form of an IPv4 or IPv6 address, or "" when `text` is not one.
std::string CanonicalAddress(std::string_view text);

// Targets and queries are read with Boost.URL. What RFC 3986 does not allow but clients send
// (a "%" that starts no escape, raw UTF-8, "|") stands for itself.

/// Percent-decoding of a path or query component ("+" as space only in queries).
std::string PercentDecode(std::string_view text, bool plus_is_space);
/// Percent-encoding of a path segment (UTF-8 bytes outside unreserved characters).
std::string PercentEncode(std::string_view text);
/// The decoded parameters of a query string or an application/x-www-form-urlencoded body
/// ("+" as space; "a&&b" has no empty parameter).
std::multimap<std::string, std::string> ParseQuery(std::string_view text);
/// Splits a request target into the decoded path and the decoded query parameters.
void ParseTarget(std::string_view target, std::string& path,
                 std::multimap<std::string, std::string>& query);

}  // namespace otklik::api

#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

namespace otklik::testing {

/// A response as tests see it.
struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  ///< lower-case names
    std::string body;

    boost::json::value Json() const { return boost::json::parse(body); }
    std::string Header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

/// A blocking HTTP/1.1 client on one keep-alive connection to 127.0.0.1:port; reconnects when
/// the server closed it. Not thread-safe: one per thread.
class HttpClient {
public:
    explicit HttpClient(unsigned short port);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends a request; `headers` are added as given. Throws on connection failure.
    HttpResponse Send(const std::string& method, const std::string& target,
                      const std::string& body = "",
                      const std::vector<std::pair<std::string, std::string>>& headers = {});

    /// Bearer token added to every request while set.
    void SetToken(std::string token) { token_ = std::move(token); }

    HttpResponse Get(const std::string& target) { return Send("GET", target); }
    HttpResponse Post(const std::string& target, const boost::json::value& body,
                      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
        return Send("POST", target, boost::json::serialize(body), headers);
    }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    unsigned short port_;
    std::string token_;
};

/// Percent-encodes a path segment (UINs are Cyrillic).
std::string Encode(const std::string& segment);

}  // namespace otklik::testing

// libFuzzer target: an HTTP/1.1 request as bytes from a socket, parsed the way the server parses
// it (Beast's request parser with the body limit), translated to the handlers' Request, and read
// the way the handlers read it: query parameters, headers, the session cookie. The same bytes
// also go straight to the request-target and cookie parsers, which Beast would otherwise
// shield from most of them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "api/http.hpp"
#include "api/request_translation.hpp"

namespace {

namespace http = boost::beast::http;
using otklik::api::Request;

void ReadLikeHandlers(const Request& request) {
    for (const auto& [name, value] : request.query) {
        // Query() must find what ParseTarget stored.
        if (request.query.count(name) == 1 && request.Query(name) != value) std::abort();
    }
    for (const char* name : {"authorization", "cookie", "if-match", "idempotency-key",
                             "x-csrf-token", "content-type", "x-forwarded-for"}) {
        (void)request.Header(name);
    }
    for (const char* name : {"otklik_session", "", "=", ";"}) (void)request.Cookie(name);
    for (const char* name : {"limit", "status", "q", "after", "format", "base"}) {
        (void)request.Query(name);
    }
}

// Encoding a decoded path and decoding it again gives the decoded path back.
void CheckPercentRoundTrip(std::string_view text) {
    const std::string decoded = otklik::api::PercentDecode(text, false);
    if (otklik::api::PercentDecode(otklik::api::PercentEncode(decoded), false) != decoded) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    http::request_parser<http::string_body> parser;
    parser.body_limit(4 * 1024 * 1024);  // ServerOptions::body_limit
    parser.eager(true);
    boost::beast::error_code ec;
    std::string_view rest = bytes;
    // Feed the bytes in two pieces, as a socket may deliver them.
    const std::size_t first = rest.size() / 2;
    for (std::string_view piece : {rest.substr(0, first), rest.substr(first)}) {
        while (!piece.empty() && !parser.is_done()) {
            const std::size_t used =
                parser.put(boost::asio::const_buffer(piece.data(), piece.size()), ec);
            if (ec == http::error::need_more) {
                ec = {};
                break;
            }
            if (ec) break;
            piece.remove_prefix(used);
        }
        if (ec) break;
    }
    if (!ec && !parser.is_done()) parser.put_eof(ec);
    if (!ec && parser.is_done()) {
        const Request request = otklik::api::ToRequest(parser.get(), "127.0.0.1");
        ReadLikeHandlers(request);
        CheckPercentRoundTrip(request.target);
    }

    Request raw;
    raw.target = std::string(bytes);
    otklik::api::ParseTarget(raw.target, raw.path, raw.query);
    raw.headers.emplace_back("cookie", std::string(bytes));
    ReadLikeHandlers(raw);
    CheckPercentRoundTrip(bytes);
    return 0;
}

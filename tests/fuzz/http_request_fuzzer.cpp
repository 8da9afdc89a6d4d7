// libFuzzer target: an HTTP/1.1 request as bytes from a socket, parsed the way the server parses
// it (Beast's request parser with the body limit), translated to the handlers' Request, and read
// the way the handlers read it: query parameters, headers, the session cookie; GET and HEAD
// requests then go to the static files of a small web root, which must never serve a file
// outside it (static_files.hpp). The same bytes also go straight to the request-target and
// cookie parsers, which Beast would otherwise shield from most of them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.hpp"
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <unistd.h>

#include "api/http.hpp"
#include "api/request_translation.hpp"
#include "api/static_files.hpp"
#include "core/appeal.hpp"
#include "core/personal_data.hpp"
#include "core/time.hpp"
#include "core/uin.hpp"

namespace {

namespace http = boost::beast::http;
using otklik::api::Request;
using otklik::fuzz::Require;
namespace fs = std::filesystem;

constexpr std::string_view kSecret = "outside-the-web-root";

// root/index.html, root/assets/app.js, root/help/index.html, and a symlink root/out pointing at
// a folder beside the root whose file must never be served. Removed when the fuzzer exits.
struct WebRoot {
    fs::path base;
    std::unique_ptr<otklik::api::StaticFiles> files;

    WebRoot() {
        std::string pattern = (fs::temp_directory_path() / "otklik-fuzz-XXXXXX").string();
        Require(mkdtemp(pattern.data()) != nullptr, "a temporary folder");
        base = pattern;
        fs::create_directories(base / "root" / "assets");
        fs::create_directories(base / "root" / "help");
        fs::create_directories(base / "outside");
        std::ofstream(base / "root" / "index.html") << "index";
        std::ofstream(base / "root" / "assets" / "app.js") << "app";
        std::ofstream(base / "root" / "help" / "index.html") << "help";
        std::ofstream(base / "outside" / "secret.txt") << kSecret;
        std::ofstream(base / "root.txt") << kSecret;
        fs::create_directory_symlink(base / "outside", base / "root" / "out");
        files = std::make_unique<otklik::api::StaticFiles>(base / "root");
    }
    ~WebRoot() {
        std::error_code ignored;
        fs::remove_all(base, ignored);
    }
};

void ServeStatic(const Request& request) {
    static const WebRoot web_root;
    if (!web_root.files->Handles(request)) return;
    const auto response = web_root.files->Serve(request);
    Require(response.body.find(kSecret) == std::string::npos, "nothing outside the web root");
    for (const auto& [name, value] : response.headers) {
        Require(value.find_first_of("\r\n") == std::string::npos, "no line break in a header");
    }
}

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
    // What the list filters and path parameters go through (api.cpp, report_routes.cpp).
    for (const auto& [name, value] : request.query) {
        (void)otklik::core::ParseInstant(value);
        (void)otklik::core::ParseStatus(value);
        (void)otklik::core::DigitsOnly(value);
        (void)otklik::core::NormalizePhone(value);
    }
    (void)otklik::core::NormalizeUin(request.path.substr(request.path.rfind('/') + 1));
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
        ServeStatic(request);
    }

    Request raw;
    raw.target = std::string(bytes);
    otklik::api::ParseTarget(raw.target, raw.path, raw.query);
    raw.headers.emplace_back("cookie", std::string(bytes));
    ReadLikeHandlers(raw);
    CheckPercentRoundTrip(bytes);
    raw.method = "GET";
    ServeStatic(raw);
    return 0;
}

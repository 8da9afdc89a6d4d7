#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace otklik::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct HttpClient::Impl {
    asio::io_context io;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
};

HttpClient::HttpClient(unsigned short port) : impl_(std::make_unique<Impl>()), port_(port) {}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::Send(const std::string& method, const std::string& target,
                              const std::string& body,
                              const std::vector<std::pair<std::string, std::string>>& headers) {
    http::request<http::string_body> request{http::string_to_verb(method), target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    if (!token_.empty()) request.set(http::field::authorization, "Bearer " + token_);
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    request.keep_alive(true);
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!impl_->stream) {
            impl_->stream.emplace(impl_->io);
            impl_->stream->connect(
                asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
            impl_->buffer.clear();
        }
        beast::error_code ec;
        http::write(*impl_->stream, request, ec);
        http::response<http::string_body> response;
        if (!ec) http::read(*impl_->stream, impl_->buffer, response, ec);
        if (ec) {
            impl_->stream.reset();
            if (attempt == 1) throw beast::system_error(ec);
            continue;
        }
        HttpResponse result;
        result.status = static_cast<int>(response.result_int());
        for (const auto& field : response) {
            std::string name(field.name_string());
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            result.headers[name] = std::string(field.value());
        }
        result.body = std::move(response.body());
        if (!response.keep_alive()) impl_->stream.reset();
        return result;
    }
    throw std::runtime_error("unreachable");
}

std::string Encode(const std::string& segment) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : segment) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '_' || c == '.') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0xF]);
        }
    }
    return out;
}

}  // namespace otklik::testing

#include "api/server.hpp"

#include <array>
#include <atomic>
#include <deque>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <spdlog/spdlog.h>

#include "api/request_translation.hpp"

namespace otklik::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

Request ToRequest(const http::request<http::string_body>& message, const std::string& remote) {
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    ParseTarget(request.target, request.path, request.query);
    for (const auto& field : message) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = message.body();
    request.remote_address = remote;
    return request;
}

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(120);

http::response<http::string_body> ToMessage(Response&& response, unsigned version,
                                            bool keep_alive) {
    http::response<http::string_body> message{static_cast<http::status>(response.status), version};
    message.set(http::field::server, "otklik");
    message.set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) message.insert(name, value);
    message.body() = std::move(response.body);
    message.keep_alive(keep_alive);
    message.prepare_payload();
    return message;
}

Response PlainError(int status, std::string code, std::string text) {
    Response response;
    response.status = status;
    response.body =
        "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + text + "\",\"fields\":[]}}";
    return response;
}

// A streamed response (server-sent events) that owns its connection once the headers are queued.
// Writes run on the connection's strand, one at a time; a read that fails means the client left.
class StreamingSink final : public StreamSink, public std::enable_shared_from_this<StreamingSink> {
public:
    explicit StreamingSink(beast::tcp_stream stream) : stream_(std::move(stream)) {
        stream_.expires_never();
    }

    void WatchForClose() {
        stream_.async_read_some(asio::buffer(probe_),
                                [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                    if (ec) return self->Close();
                                    self->WatchForClose();
                                });
    }

    bool Send(std::string bytes) override {
        if (closed_.load()) return false;
        asio::post(stream_.get_executor(),
                   [self = shared_from_this(), bytes = std::move(bytes)]() mutable {
                       if (self->closed_.load()) return;
                       // A client that reads nothing for this long is dropped, not buffered for.
                       if (self->queue_.size() >= kMaxQueued) return self->Close();
                       self->queue_.push_back(std::move(bytes));
                       if (self->queue_.size() == 1) self->WriteNext();
                   });
        return true;
    }

private:
    static constexpr std::size_t kMaxQueued = 1024;

    void WriteNext() {
        asio::async_write(stream_, asio::buffer(queue_.front()),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->Close();
                              self->queue_.pop_front();
                              if (!self->queue_.empty() && !self->closed_.load()) self->WriteNext();
                          });
    }

    void Close() {
        // The queue stays until the sink is destroyed: a write in flight still refers to it.
        if (closed_.exchange(true)) return;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    std::deque<std::string> queue_;  ///< Touched only on the strand.
    std::atomic<bool> closed_{false};
    std::array<char, 256> probe_{};
};

// Status line and headers of a streamed response; its length is unknown, so the connection
// closes at the end (HTTP/1.1 close-delimited body).
std::string StreamHead(const Response& response) {
    std::string head =
        "HTTP/1.1 " + std::to_string(response.status) + " " +
        std::string(http::obsolete_reason(static_cast<http::status>(response.status))) +
        "\r\nServer: otklik\r\nContent-Type: " + response.content_type +
        "\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: close\r\n";
    for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
    head += "\r\n";
    return head;
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, asio::thread_pool& workers, const HttpServer::Handler& handler,
            std::size_t body_limit)
        : stream_(std::move(socket)),
          workers_(workers),
          handler_(handler),
          body_limit_(body_limit) {
        beast::error_code ignored;
        const auto endpoint = stream_.socket().remote_endpoint(ignored);
        remote_ = ignored ? std::string() : endpoint.address().to_string();
    }

    void Start() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
    }

private:
    void Read() {
        parser_.emplace();
        parser_->body_limit(body_limit_);
        stream_.expires_after(kIdleTimeout);
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
    }

    void OnRead(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
            return Close();
        }
        if (ec == http::error::body_limit) {
            return Write(PlainError(413, "payload_too_large", "Слишком большой запрос"), 11, false);
        }
        if (ec) {
            return Write(PlainError(400, "bad_request", "Неверный HTTP-запрос"), 11, false);
        }
        auto message = parser_->release();
        const unsigned version = message.version();
        const bool keep_alive = message.keep_alive();
        auto request = std::make_shared<Request>(ToRequest(message, remote_));
        asio::post(workers_, [self = shared_from_this(), request, version, keep_alive] {
            Response response;
            try {
                response = self->handler_(*request);
            } catch (const std::exception& e) {
                spdlog::error("http: unhandled error on {} {}: {}", request->method, request->path,
                              e.what());
                response = PlainError(500, "internal", "Внутренняя ошибка сервера");
            }
            asio::dispatch(self->stream_.get_executor(),
                           [self, version, keep_alive, response = std::move(response)]() mutable {
                               self->Write(std::move(response), version, keep_alive);
                           });
        });
    }

    void Write(Response&& response, unsigned version, bool keep_alive) {
        if (response.stream) {
            auto sink = std::make_shared<StreamingSink>(std::move(stream_));
            // Queued before the subscription, so no event can overtake the headers.
            sink->Send(StreamHead(response) + response.body);
            sink->WatchForClose();
            response.stream(sink);
            return;
        }
        auto message = std::make_shared<http::response<http::string_body>>(
            ToMessage(std::move(response), version, keep_alive));
        stream_.expires_after(kIdleTimeout);
        http::async_write(stream_, *message,
                          [self = shared_from_this(), message](beast::error_code ec, std::size_t) {
                              if (ec || !message->keep_alive()) return self->Close();
                              self->Read();
                          });
    }

    void Close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    asio::thread_pool& workers_;
    const HttpServer::Handler& handler_;
    std::size_t body_limit_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::string remote_;
};

}  // namespace

struct HttpServer::Impl {
    ServerOptions options;
    Handler handler;
    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    tcp::acceptor acceptor{io};
    std::unique_ptr<asio::thread_pool> workers;
    std::vector<std::thread> io_threads;
    bool stopped = false;

    void Accept() {
        acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec,
                                                            tcp::socket socket) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
            if (!ec) {
                socket.set_option(tcp::no_delay(true));
                std::make_shared<Session>(std::move(socket), *workers, handler, options.body_limit)
                    ->Start();
            }
            Accept();
        });
    }
};

HttpServer::HttpServer(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() { Stop(); }

unsigned short HttpServer::Start() {
    auto& impl = *impl_;
    const tcp::endpoint endpoint{asio::ip::make_address(impl.options.address), impl.options.port};
    impl.acceptor.open(endpoint.protocol());
    impl.acceptor.set_option(asio::socket_base::reuse_address(true));
    impl.acceptor.bind(endpoint);
    impl.acceptor.listen(asio::socket_base::max_listen_connections);
    impl.workers = std::make_unique<asio::thread_pool>(
        static_cast<std::size_t>(std::max(1, impl.options.worker_threads)));
    impl.work.emplace(impl.io.get_executor());
    impl.Accept();
    for (int i = 0; i < std::max(1, impl.options.io_threads); ++i) {
        impl.io_threads.emplace_back([&impl] { impl.io.run(); });
    }
    return impl.acceptor.local_endpoint().port();
}

void HttpServer::Stop() {
    auto& impl = *impl_;
    if (impl.stopped) return;
    impl.stopped = true;
    asio::post(impl.io, [&impl] {
        beast::error_code ignored;
        impl.acceptor.close(ignored);
    });
    impl.work.reset();
    impl.io.stop();
    for (auto& thread : impl.io_threads) thread.join();
    if (impl.workers) impl.workers->join();
}

}  // namespace otklik::api

#include "api/server.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <spdlog/spdlog.h>

#include "api/metrics.hpp"
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
    request.peer_address = remote;
    return request;
}

namespace {

constexpr auto kWriteTimeout = std::chrono::seconds(120);

// How many connections are open, shared by the acceptor and every connection. A connection holds
// a Slot for its whole life; releasing the one that brings the count below the cap resumes a
// paused acceptor. Connections waiting for a request's headers are listed oldest first: at the
// cap the acceptor closes the oldest of them, so that silent clients cannot keep a real one
// (a health probe) queued behind them.
struct ConnectionCount {
    using Evict = std::function<void(std::uint64_t)>;

    std::mutex mutex;
    int active = 0;        // guarded by mutex
    bool paused = false;   // guarded by mutex: no accept outstanding because of the cap
    bool stopped = false;  // guarded by mutex
    int max = 512;
    std::function<void()> resume;            // posts Accept() to the io context
    std::uint64_t next_waiting = 1;          // guarded by mutex
    std::map<std::uint64_t, Evict> waiting;  // guarded by mutex; key: order of arrival
};

class Slot {
public:
    explicit Slot(std::shared_ptr<ConnectionCount> count) : count_(std::move(count)) {
        std::lock_guard lock(count_->mutex);
        ++count_->active;
    }
    ~Slot() {
        std::lock_guard lock(count_->mutex);
        --count_->active;
        if (count_->paused && !count_->stopped && count_->active < count_->max) {
            count_->paused = false;
            count_->resume();
        }
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

    /// Three quarters of the connections or more are taken: the server is filling up, perhaps
    /// with clients that send nothing.
    bool Crowded() const {
        std::lock_guard lock(count_->mutex);
        return count_->active * 4 >= count_->max * 3;
    }

    /// Lists the connection as waiting for a request's headers; `evict` closes it (called from
    /// the acceptor, with the id returned). StopWaiting() takes it off the list.
    std::uint64_t StartWaiting(ConnectionCount::Evict evict) {
        std::lock_guard lock(count_->mutex);
        const auto id = count_->next_waiting++;
        count_->waiting.emplace(id, std::move(evict));
        return id;
    }
    void StopWaiting(std::uint64_t id) {
        std::lock_guard lock(count_->mutex);
        count_->waiting.erase(id);
    }

private:
    std::shared_ptr<ConnectionCount> count_;
};

// Under crowding a connection gets this long for its headers, so that slots held by silent
// clients turn over quickly and a real request (a health probe) waits about this long at most.
constexpr auto kCrowdedHeaderTimeout = std::chrono::seconds(1);

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
    StreamingSink(beast::tcp_stream stream, std::shared_ptr<Slot> slot)
        : stream_(std::move(stream)), slot_(std::move(slot)) {
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
    std::shared_ptr<Slot> slot_;     ///< The stream still counts as a connection.
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
            const ServerOptions& options, std::shared_ptr<Slot> slot)
        : stream_(std::move(socket)),
          executor_(stream_.get_executor()),
          workers_(workers),
          handler_(handler),
          options_(options),
          slot_(std::move(slot)) {
        beast::error_code ignored;
        const auto endpoint = stream_.socket().remote_endpoint(ignored);
        remote_ = ignored ? std::string() : endpoint.address().to_string();
    }

    ~Session() {
        if (waiting_id_ != 0) slot_->StopWaiting(waiting_id_);
    }

    void Start() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
    }

private:
    void Read() {
        parser_.emplace();
        parser_->body_limit(options_.body_limit);
        // A client that sends nothing, or its headers a byte at a time, holds a descriptor:
        // it gets a short, fixed time for them (slowloris).
        stream_.expires_after(slot_->Crowded() ? std::min<std::chrono::seconds>(
                                                     options_.header_timeout, kCrowdedHeaderTimeout)
                                               : options_.header_timeout);
        waiting_id_ = slot_->StartWaiting([weak = weak_from_this()](std::uint64_t id) {
            const auto self = weak.lock();
            if (!self) return;
            asio::post(self->executor_, [self, id] {
                // Only if it is still waiting for the same request's headers.
                if (self->waiting_id_ == id) self->stream_.cancel();
            });
        });
        http::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
    }

    void OnHeader(beast::error_code header_ec) {
        slot_->StopWaiting(waiting_id_);
        waiting_id_ = 0;
        if (header_ec || parser_->is_done()) return OnRead(header_ec);
        stream_.expires_after(options_.body_timeout);
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
        if (options_.answers_on_io_thread && options_.answers_on_io_thread(*request)) {
            return Write(Answer(*request), version, keep_alive);
        }
        asio::post(workers_, [self = shared_from_this(), request, version, keep_alive] {
            Response response = self->Answer(*request);
            asio::dispatch(self->stream_.get_executor(),
                           [self, version, keep_alive, response = std::move(response)]() mutable {
                               self->Write(std::move(response), version, keep_alive);
                           });
        });
    }

    Response Answer(Request& request) {
        try {
            return handler_(request);
        } catch (const std::exception& e) {
            // The method only: paths carry appeal numbers and tokens.
            spdlog::error("http: unhandled error on {}: {}", MetricMethod(request.method),
                          e.what());
            return PlainError(500, "internal", "Внутренняя ошибка сервера");
        }
    }

    void Write(Response&& response, unsigned version, bool keep_alive) {
        if (response.stream) {
            auto sink = std::make_shared<StreamingSink>(std::move(stream_), slot_);
            // Queued before the subscription, so no event can overtake the headers.
            sink->Send(StreamHead(response) + response.body);
            sink->WatchForClose();
            response.stream(sink);
            return;
        }
        auto message = std::make_shared<http::response<http::string_body>>(
            ToMessage(std::move(response), version, keep_alive));
        stream_.expires_after(kWriteTimeout);
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
    beast::tcp_stream::executor_type executor_;  ///< the connection's strand
    asio::thread_pool& workers_;
    const HttpServer::Handler& handler_;
    const ServerOptions& options_;
    std::shared_ptr<Slot> slot_;
    std::uint64_t waiting_id_ = 0;  ///< on the strand: listed as waiting for headers
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
    asio::steady_timer accept_backoff{io};
    std::chrono::milliseconds backoff{0};
    std::shared_ptr<ConnectionCount> count = std::make_shared<ConnectionCount>();
    std::unique_ptr<asio::thread_pool> workers;
    std::vector<std::thread> io_threads;
    bool stopped = false;

    void Accept() {
        ConnectionCount::Evict evict;
        std::uint64_t evicted = 0;
        bool at_cap = false;
        {
            std::lock_guard lock(count->mutex);
            if (count->stopped) return;
            if (count->active >= count->max) {
                // Resumed by the connection whose close brings the count below the cap: the
                // oldest one still waiting for its headers is closed to make room.
                at_cap = true;
                count->paused = true;
                if (!count->waiting.empty()) {
                    auto oldest = count->waiting.extract(count->waiting.begin());
                    evicted = oldest.key();
                    evict = std::move(oldest.mapped());
                }
            }
        }
        if (evict) evict(evicted);
        if (at_cap) return;
        acceptor.async_accept(
            asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
                if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
                if (ec) {
                    // Out of descriptors or buffers (EMFILE, ENFILE, ENOBUFS): retrying at once
                    // spins a core and fails again; wait, longer each time, up to a second.
                    backoff = std::min<std::chrono::milliseconds>(
                        std::chrono::seconds(1),
                        backoff.count() == 0 ? std::chrono::milliseconds(10) : backoff * 2);
                    spdlog::warn("http: accept failed ({}); retrying in {} ms", ec.message(),
                                 backoff.count());
                    accept_backoff.expires_after(backoff);
                    accept_backoff.async_wait([this](beast::error_code wait_ec) {
                        if (!wait_ec) Accept();
                    });
                    return;
                }
                backoff = std::chrono::milliseconds(0);
                beast::error_code ignored;
                socket.set_option(tcp::no_delay(true), ignored);
                std::make_shared<Session>(std::move(socket), *workers, handler, options,
                                          std::make_shared<Slot>(count))
                    ->Start();
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
    impl.count->max = std::max(1, impl.options.max_connections);
    impl.count->resume = [&impl] { asio::post(impl.io, [&impl] { impl.Accept(); }); };
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
    {
        std::lock_guard lock(impl.count->mutex);
        impl.count->stopped = true;
    }
    asio::post(impl.io, [&impl] {
        beast::error_code ignored;
        impl.acceptor.close(ignored);
    });
    impl.work.reset();
    impl.io.stop();
    for (auto& thread : impl.io_threads) thread.join();
    if (impl.workers) impl.workers->join();
}

int HttpServer::connections() const {
    std::lock_guard lock(impl_->count->mutex);
    return impl_->count->active;
}

}  // namespace otklik::api

#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "api/http.hpp"

namespace otklik::api {

/// Options of the HTTP listener.
struct ServerOptions {
    /// Address to listen on; port 0 picks a free one (tests).
    std::string address = "127.0.0.1";
    unsigned short port = 8080;
    /// Threads doing socket I/O.
    int io_threads = 2;
    /// Threads running handlers; handlers may block on the store's commit, so there are
    /// enough of them for every keep-alive client to have a request in the same group commit.
    int worker_threads = 64;
    /// Largest request body accepted.
    std::size_t body_limit = 4 * 1024 * 1024;
    /// Connections open at once (streams included); at the cap the server closes the connection
    /// that has waited longest for a request's headers and accepts nothing more until one
    /// closes, so silent clients cannot starve real ones (issue 12).
    int max_connections = 512;
    /// Time for a request's headers to arrive, counted from when the connection is ready for
    /// it (accepted, or the previous answer sent): slow or silent clients are closed. At most
    /// 1 s while three quarters of the connections are taken.
    std::chrono::seconds header_timeout{10};
    /// Time for the body to arrive once the headers are in.
    std::chrono::seconds body_timeout{60};
    /// Requests answered on the I/O thread that read them instead of on a worker: short reads
    /// that never wait for a commit. The hand-off to a worker and back costs two thread wake-ups,
    /// which were half the CPU of an operator queue page (issue 18). Unset: all go to workers.
    std::function<bool(const Request&)> answers_on_io_thread;
};

/// An HTTP/1.1 server on Boost.Beast: keep-alive, pipelining-safe, one handler for all requests.
/// Handlers run on a worker pool; I/O stays on the io threads. Bounded: connections are capped,
/// headers and bodies must arrive in time, and accept errors (EMFILE) back off instead of
/// spinning.
class HttpServer {
public:
    using Handler = std::function<Response(Request&)>;

    HttpServer(ServerOptions options, Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and starts accepting; returns the bound port. Throws on bind failure.
    unsigned short Start();
    /// Stops accepting, closes connections, joins threads. Idempotent; call from one thread.
    void Stop();
    /// Connections open now.
    int connections() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace otklik::api

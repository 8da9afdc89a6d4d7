#pragma once
// GET /api/v1/events read over a plain socket, for tests of the real binary's live updates.
#include <cstddef>
#include <string>

#include <boost/asio.hpp>
#include <poll.h>

namespace otklik::testing {

class EventStream {
public:
    /// Opens the stream on 127.0.0.1:`port`; without a token, no Authorization header.
    EventStream(unsigned short port, const std::string& token) : socket_(io_) {
        socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
        const std::string request =
            "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            (token.empty() ? std::string() : "Authorization: Bearer " + token + "\r\n") + "\r\n";
        boost::asio::write(socket_, boost::asio::buffer(request));
    }

    /// Everything received once `text` is among it `times` times, or when the connection
    /// closed or nothing came for 10 s, so that a missing event fails the test instead of
    /// hanging it.
    std::string ReadUntil(const std::string& text, std::size_t times = 1) {
        while (Count(text) < times) {
            // asio's blocking read polls without a limit whatever SO_RCVTIMEO says.
            pollfd readable{socket_.native_handle(), POLLIN, 0};
            if (poll(&readable, 1, 10'000) <= 0) break;
            char buffer[1024];
            boost::system::error_code ec;
            const auto n = socket_.read_some(boost::asio::buffer(buffer), ec);
            if (ec) break;
            received_.append(buffer, n);
        }
        return received_;
    }

private:
    std::size_t Count(const std::string& text) const {
        std::size_t n = 0;
        for (auto at = received_.find(text); at != std::string::npos;
             at = received_.find(text, at + 1)) {
            ++n;
        }
        return n;
    }

    boost::asio::io_context io_;
    boost::asio::ip::tcp::socket socket_;
    std::string received_;
};

}  // namespace otklik::testing

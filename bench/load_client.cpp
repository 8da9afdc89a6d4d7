// A keep-alive HTTP load generator for `make bench`: N connections, each sending its next
// request as soon as the previous answer arrives, for a fixed number of requests in total.
// Prints one line of JSON: requests, errors, seconds, rate and latency percentiles.
//
//   load_client --port P --connections 64 --requests 200000 --token T --mode create
//   load_client --port P --connections 16 --requests 50000 --token T --mode queue --group line3
//   load_client --port P --connections 16 --requests 20000 --token T --mode search
//   load_client --ports P1,P2 ...   connections spread over several nodes (i-th on P[i % n])
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "appeal_texts.hpp"
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// The keyset cursor of a queue page: the page's last member, `"next":"…"` or `"next":null`.
// Found by searching from the end rather than by parsing the page: a full parse of the 29 KB page
// cost this single-threaded client about as much CPU as the server spent answering it (330 and
// 354 us per page at 1,000,000 appeals), so the client's own queueing entered the latency it
// reports. The cursor is digits and `_` (the server's encoding), so it needs no unescaping.
std::string NextCursor(std::string_view body) {
    constexpr std::string_view kKey = "\"next\":\"";
    const auto at = body.rfind(kKey);
    if (at == std::string_view::npos) return {};
    const auto begin = at + kKey.size();
    const auto end = body.find('"', begin);
    return end == std::string_view::npos ? std::string()
                                         : std::string(body.substr(begin, end - begin));
}

std::string Encode(const std::string& text) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')) {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

struct Options {
    std::vector<unsigned short> ports{8080};
    int connections = 64;
    long requests = 100000;
    std::string token;
    std::string mode = "create";
    std::string group = "line1";
};

struct Shared {
    Options options;
    std::atomic<long> issued{0};
    std::atomic<long> errors{0};
    std::vector<std::vector<double>> latencies;  // per connection, milliseconds
};

std::string CreateBody(long n) {
    // About 1.3 KB, like a real appeal with its applicant.
    static const std::string text =
        "Здравствуйте! При формировании ежемесячного отчёта в системе появляется ошибка "
        "«Превышено время ожидания ответа сервера». Ошибка воспроизводится у всех сотрудников "
        "отдела с утра, перезапуск браузера и очистка кэша не помогают. Отчёт необходимо сдать до "
        "конца недели, просим помочь как можно скорее. Скриншот ошибки могу прислать по запросу.";
    boost::json::object body{
        {"regulation", "hotline"},
        {"channel", "api"},
        {"subject", "Не формируется отчёт № " + std::to_string(n)},
        {"text", text},
        {"category", "ИНЦ"},
        {"priority", "P3"},
        // Many applicants, as in real traffic: a few write again, most once.
        {"applicant",
         boost::json::object{
             {"last_name", "Кузнецова"},
             {"first_name", "Ольга"},
             {"middle_name", "Петровна"},
             {"email", "applicant" + std::to_string(n % 40000) + "@example.ru"},
             {"address", "г. Москва, ул. Тверская, д. 7, кв. " + std::to_string(n % 500)},
             {"region", "77"},
             {"contact_channel", "email"}}},
    };
    return boost::json::serialize(body);
}

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(asio::io_context& io, Shared& shared, int index)
        : stream_(io), shared_(shared), index_(index) {}

    void Start() {
        stream_.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                            shared_.options.ports[static_cast<std::size_t>(index_) %
                                                                  shared_.options.ports.size()]),
                              [self = shared_from_this()](beast::error_code ec) {
                                  if (ec) {
                                      std::cerr << "connect: " << ec.message() << '\n';
                                      return;
                                  }
                                  self->Next();
                              });
    }

private:
    void Next() {
        const long n = shared_.issued.fetch_add(1);
        if (n >= shared_.options.requests) return;
        request_ = {};
        request_.version(11);
        request_.keep_alive(true);
        request_.set(http::field::host, "127.0.0.1");
        request_.set(http::field::authorization, "Bearer " + shared_.options.token);
        if (shared_.options.mode == "create") {
            request_.method(http::verb::post);
            request_.target("/api/v1/appeals");
            request_.set(http::field::content_type, "application/json");
            request_.body() = CreateBody(n);
        } else if (shared_.options.mode == "healthz") {
            // The HTTP ceiling of the same server with the same client (issue 18, point 6).
            request_.method(http::verb::get);
            request_.target("/healthz");
        } else if (shared_.options.mode == "search") {
            // An operator's search from the box: one of the benchmark's queries, a page of
            // summaries ranked by relevance (issue 16).
            const auto& queries = otklik::bench::Queries();
            request_.method(http::verb::get);
            request_.target("/api/v1/appeals?view=summary&limit=50&q=" +
                            Encode(queries[static_cast<std::size_t>(n) % queries.size()]));
        } else {
            // An operator paging through the group's open queue by deadline (keyset cursor).
            request_.method(http::verb::get);
            std::string target = "/api/v1/appeals?group=" + shared_.options.group +
                                 "&open=true&sort=deadline&limit=50&view=summary";
            if (!cursor_.empty() && pages_ < 20)
                target += "&after=" + cursor_;
            else
                pages_ = 0;
            request_.target(target);
        }
        request_.prepare_payload();
        started_ = Clock::now();
        http::async_write(
            stream_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
                if (ec) return self->Fail(ec);
                self->response_ = {};
                http::async_read(
                    self->stream_, self->buffer_, self->response_,
                    [self](beast::error_code read_ec, std::size_t) { self->OnResponse(read_ec); });
            });
    }

    void OnResponse(beast::error_code ec) {
        if (ec) return Fail(ec);
        const double ms =
            std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
        shared_.latencies[static_cast<std::size_t>(index_)].push_back(ms);
        const int status = static_cast<int>(response_.result_int());
        if (status >= 300) {
            shared_.errors.fetch_add(1);
        } else if (shared_.options.mode == "queue") {
            cursor_ = NextCursor(response_.body());
            ++pages_;
        }
        Next();
    }

    void Fail(beast::error_code ec) {
        shared_.errors.fetch_add(1);
        std::cerr << "request failed: " << ec.message() << '\n';
    }

    beast::tcp_stream stream_;
    Shared& shared_;
    int index_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    http::response<http::string_body> response_;
    Clock::time_point started_;
    std::string cursor_;
    int pages_ = 0;
};

double Percentile(std::vector<double>& values, double p) {
    if (values.empty()) return 0;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<long>(k), values.end());
    return values[k];
}

}  // namespace

int main(int argc, char** argv) {
    Shared shared;
    Options& o = shared.options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--port" || key == "--ports") {
            o.ports.clear();
            std::size_t begin = 0;
            while (begin <= value.size()) {
                const auto end = std::min(value.find(',', begin), value.size());
                o.ports.push_back(
                    static_cast<unsigned short>(std::stoi(value.substr(begin, end - begin))));
                begin = end + 1;
            }
        } else if (key == "--connections")
            o.connections = std::stoi(value);
        else if (key == "--requests")
            o.requests = std::stol(value);
        else if (key == "--token")
            o.token = value;
        else if (key == "--mode")
            o.mode = value;
        else if (key == "--group")
            o.group = value;
    }
    shared.latencies.resize(static_cast<std::size_t>(o.connections));
    asio::io_context io;
    const auto started = Clock::now();
    for (int i = 0; i < o.connections; ++i) std::make_shared<Connection>(io, shared, i)->Start();
    io.run();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::vector<double> all;
    for (auto& list : shared.latencies) all.insert(all.end(), list.begin(), list.end());
    const auto done = static_cast<double>(all.size());
    std::printf(
        "{\"requests\": %zu, \"errors\": %ld, \"seconds\": %.3f, \"rate\": %.0f, "
        "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}\n",
        all.size(), shared.errors.load(), seconds, done / seconds, Percentile(all, 0.50),
        Percentile(all, 0.99), Percentile(all, 1.0));
    return shared.errors.load() == 0 ? 0 : 1;
}

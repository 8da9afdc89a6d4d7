#include "channels/email/imap_client.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <sstream>

#include <curl/curl.h>
#include <poll.h>

namespace otklik::channels::email {
namespace {

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

std::int64_t NumberAfter(const std::string& text, const std::string& key) {
    const auto at = text.find(key);
    if (at == std::string::npos) return 0;
    std::int64_t value = 0;
    for (auto i = at + key.size(); i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == ' ' && value == 0) continue;
        if (!std::isdigit(c)) break;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

std::vector<std::int64_t> ParseSearch(const std::string& response) {
    std::vector<std::int64_t> uids;
    std::istringstream lines(response);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("* SEARCH", 0) != 0) continue;
        std::istringstream words(line.substr(8));
        std::string word;
        while (words >> word) {
            if (!word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
                    return std::isdigit(static_cast<unsigned char>(c));
                })) {
                uids.push_back(std::stoll(word));
            }
        }
    }
    std::sort(uids.begin(), uids.end());
    return uids;
}

std::string UidSet(const std::vector<std::int64_t>& uids) {
    std::string set;
    for (std::size_t i = 0; i < uids.size();) {
        std::size_t j = i;
        while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
        if (!set.empty()) set += ',';
        set += std::to_string(uids[i]);
        if (j > i) set += ':' + std::to_string(uids[j]);
        i = j + 1;
    }
    return set;
}

namespace {

// The literal length if `line` ends with "{n}" (or "{n+}"), else npos.
std::size_t LiteralAt(std::string_view line) {
    if (line.empty() || line.back() != '}') return std::string_view::npos;
    const auto open = line.rfind('{');
    if (open == std::string_view::npos) return std::string_view::npos;
    auto digits = line.substr(open + 1, line.size() - open - 2);
    if (!digits.empty() && digits.back() == '+') digits.remove_suffix(1);
    if (digits.empty() || digits.size() > 12) return std::string_view::npos;
    std::size_t n = 0;
    for (const char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::string_view::npos;
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
}

}  // namespace

std::size_t FindTaggedEnd(std::string_view buffer, std::string_view tag) {
    std::size_t at = 0;
    while (at < buffer.size()) {
        const auto eol = buffer.find("\r\n", at);
        if (eol == std::string_view::npos) return std::string_view::npos;
        const auto line = buffer.substr(at, eol - at);
        if (line.size() > tag.size() && line.substr(0, tag.size()) == tag &&
            line[tag.size()] == ' ') {
            return eol + 2;
        }
        at = eol + 2;
        if (const auto n = LiteralAt(line); n != std::string_view::npos) {
            if (buffer.size() - at < n) return std::string_view::npos;
            at += n;
        }
    }
    return std::string_view::npos;
}

std::map<std::int64_t, std::string> ParseFetch(std::string_view answer) {
    std::map<std::int64_t, std::string> letters;
    const auto uid_in = [](std::string_view text) -> std::int64_t {
        const auto at = text.find("UID ");
        if (at == std::string_view::npos) return 0;
        std::int64_t uid = 0;
        for (auto i = at + 4; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
             ++i) {
            uid = uid * 10 + (text[i] - '0');
        }
        return uid;
    };
    std::size_t at = 0;
    while (at < answer.size()) {
        auto eol = answer.find("\r\n", at);
        if (eol == std::string_view::npos) break;
        std::string_view line = answer.substr(at, eol - at);
        at = eol + 2;
        if (line.substr(0, 2) != "* " || line.find(" FETCH (") == std::string_view::npos) {
            if (const auto n = LiteralAt(line); n != std::string_view::npos) at += n;
            continue;
        }
        // One FETCH response: its text around the literal(s), and the literal after BODY[].
        std::string text(line);
        std::optional<std::string_view> body;
        while (true) {
            const auto n = LiteralAt(line);
            if (n == std::string_view::npos || at + n > answer.size()) break;
            const auto literal = answer.substr(at, n);
            if (line.find("BODY[]") != std::string_view::npos) body = literal;
            at += n;
            eol = answer.find("\r\n", at);
            if (eol == std::string_view::npos) eol = answer.size();
            line = answer.substr(at, eol - at);
            text += line;
            at = std::min(answer.size(), eol + 2);
        }
        if (const auto uid = uid_in(text); uid > 0 && body) letters[uid] = std::string(*body);
    }
    return letters;
}

FolderStatus ParseStatus(const std::string& response) {
    return {NumberAfter(response, "UIDVALIDITY"), NumberAfter(response, "UIDNEXT")};
}

ImapClient::ImapClient(MailboxConfig config) : config_(std::move(config)) {}

ImapClient::~ImapClient() { Reset(); }

void ImapClient::Reset() {
    if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
    curl_ = nullptr;
    CloseSession();
}

void ImapClient::CloseSession() {
    if (session_) curl_easy_cleanup(static_cast<CURL*>(session_));
    session_ = nullptr;
}

std::string ImapClient::Base() const {
    // imap://host:port/INBOX → imap://host:port/
    const auto scheme = config_.url.find("://");
    const auto slash = config_.url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    return slash == std::string::npos ? config_.url + "/" : config_.url.substr(0, slash + 1);
}

std::string ImapClient::Folder() const {
    const auto base = Base();
    auto folder = config_.url.size() > base.size() ? config_.url.substr(base.size()) : "";
    return folder.empty() ? "INBOX" : folder;
}

void ImapClient::Configure(void* handle, const std::string& url, std::string* body) const {
    auto* curl = static_cast<CURL*>(handle);
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, body);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (config_.starttls && config_.url.rfind("imap://", 0) == 0) {
        curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    }
    if (!config_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file.c_str());
    if (!config_.verify_tls) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
}

core::Result<std::string> ImapClient::Run(const std::string& url, const std::string& command) {
    if (!curl_) curl_ = curl_easy_init();
    auto* curl = static_cast<CURL*>(curl_);
    if (!curl) {
        return core::Fail(
            core::Error{core::ErrorKind::kUnavailable, "imap", "curl_easy_init failed", {}});
    }
    std::string body;
    Configure(curl, url, &body);
    if (!command.empty()) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, command.c_str());
    const auto code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        Reset();
        return core::Fail(core::Error{core::ErrorKind::kUnavailable,
                                      "imap",
                                      std::string(curl_easy_strerror(code)) + " (" + url +
                                          (command.empty() ? "" : " " + command) + ")",
                                      {}});
    }
    return body;
}

core::Result<FolderStatus> ImapClient::Status() {
    auto response = Run(Base(), "STATUS " + Folder() + " (UIDVALIDITY UIDNEXT)");
    if (!response) return core::Fail(response.error());
    auto status = ParseStatus(*response);
    if (status.uidvalidity == 0) {
        return core::Fail(core::Error{
            core::ErrorKind::kUnavailable, "imap", "STATUS gave no UIDVALIDITY: " + *response, {}});
    }
    return status;
}

core::Result<std::vector<std::int64_t>> ImapClient::UidsAfter(std::int64_t after) {
    auto response = Run(Base() + Folder(), "UID SEARCH UID " + std::to_string(after + 1) + ":*");
    if (!response) return core::Fail(response.error());
    auto uids = ParseSearch(*response);
    // "n:*" always matches the last message, even when its UID is below n (RFC 3501 §6.4.8).
    uids.erase(std::remove_if(uids.begin(), uids.end(), [&](auto uid) { return uid <= after; }),
               uids.end());
    return uids;
}

core::Result<std::string> ImapClient::Fetch(std::int64_t uid) {
    return Run(Base() + Folder() + "/;UID=" + std::to_string(uid), "");
}

core::Result<std::string> ImapClient::Exchange(const std::string& command) {
    auto answer = ExchangeOpen(command);
    if (!answer) CloseSession();
    return answer;
}

core::Result<std::string> ImapClient::ExchangeOpen(const std::string& command) {
    const auto failure = [](std::string message) {
        return core::Fail(
            core::Error{core::ErrorKind::kUnavailable, "imap", std::move(message), {}});
    };
    if (!session_) {
        session_ = curl_easy_init();
        if (!session_) return failure("curl_easy_init failed");
        Configure(session_, Base(), &discarded_);
        curl_easy_setopt(static_cast<CURL*>(session_), CURLOPT_CONNECT_ONLY, 1L);
        if (const auto code = curl_easy_perform(static_cast<CURL*>(session_)); code != CURLE_OK) {
            return failure(std::string(curl_easy_strerror(code)) + " (" + Base() + ")");
        }
        std::string quoted;
        for (const char c : Folder()) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        auto selected = ExchangeOpen("SELECT \"" + quoted + "\"");
        if (!selected) return selected;
    }
    auto* curl = static_cast<CURL*>(session_);
    curl_socket_t socket = CURL_SOCKET_BAD;
    curl_easy_getinfo(curl, CURLINFO_ACTIVESOCKET, &socket);
    if (socket == CURL_SOCKET_BAD) return failure("the IMAP session has no connection");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    // Waits until the socket is ready for `events`; false at the deadline.
    const auto wait = [&](short events) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) return false;
        pollfd descriptor{socket, events, 0};
        return poll(&descriptor, 1, static_cast<int>(left)) > 0;
    };
    const auto tag = "X" + std::to_string(++tag_);
    const auto line = tag + " " + command + "\r\n";
    for (std::size_t sent = 0; sent < line.size();) {
        std::size_t n = 0;
        const auto code = curl_easy_send(curl, line.data() + sent, line.size() - sent, &n);
        if (code == CURLE_AGAIN) {
            if (!wait(POLLOUT)) return failure("IMAP send timed out");
            continue;
        }
        if (code != CURLE_OK) return failure(std::string(curl_easy_strerror(code)));
        sent += n;
    }
    std::string answer;
    std::vector<char> chunk(1 << 16);
    while (true) {
        std::size_t n = 0;
        const auto code = curl_easy_recv(curl, chunk.data(), chunk.size(), &n);
        if (code == CURLE_AGAIN) {
            if (!wait(POLLIN)) return failure("IMAP answer timed out (" + command + ")");
            continue;
        }
        if (code != CURLE_OK) return failure(std::string(curl_easy_strerror(code)));
        if (n == 0) return failure("the IMAP server closed the connection");
        answer.append(chunk.data(), n);
        const auto end = FindTaggedEnd(answer, tag);
        if (end == std::string::npos) continue;
        // The status line, the last one: "<tag> OK …", "<tag> NO …" or "<tag> BAD …".
        const auto before = answer.rfind("\r\n", end - 3);
        const auto from = before == std::string::npos ? 0 : before + 2;
        if (answer.compare(from + tag.size() + 1, 2, "OK") != 0) {
            return failure("IMAP " + command.substr(0, command.find(' ')) +
                           " refused: " + answer.substr(from, end - from - 2));
        }
        answer.resize(from);
        return answer;
    }
}

core::Result<std::vector<std::string>> ImapClient::FetchMany(
    const std::vector<std::int64_t>& uids) {
    if (uids.size() < 2) return MailSource::FetchMany(uids);
    auto answer = Exchange("UID FETCH " + UidSet(uids) + " (UID BODY.PEEK[])");
    if (!answer) return core::Fail(answer.error());
    auto found = ParseFetch(*answer);
    std::vector<std::string> letters;
    letters.reserve(uids.size());
    for (const auto uid : uids) {
        if (auto it = found.find(uid); it != found.end()) {
            letters.push_back(std::move(it->second));
            continue;
        }
        auto single = Fetch(uid);  // an answer this parser did not expect: the plain way
        if (!single) return core::Fail(single.error());
        letters.push_back(std::move(*single));
    }
    return letters;
}

core::Result<bool> ImapClient::MarkProcessed(const std::vector<std::int64_t>& uids) {
    if (uids.empty()) return true;
    auto response =
        Run(Base() + Folder(), "UID STORE " + UidSet(uids) + " +FLAGS (\\Seen $OtklikProcessed)");
    if (!response) return core::Fail(response.error());
    return true;
}

}  // namespace otklik::channels::email

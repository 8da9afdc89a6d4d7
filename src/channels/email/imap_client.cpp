#include "channels/email/imap_client.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <curl/curl.h>

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

FolderStatus ParseStatus(const std::string& response) {
    return {NumberAfter(response, "UIDVALIDITY"), NumberAfter(response, "UIDNEXT")};
}

ImapClient::ImapClient(MailboxConfig config) : config_(std::move(config)) {}

ImapClient::~ImapClient() { Reset(); }

void ImapClient::Reset() {
    if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
    curl_ = nullptr;
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

core::Result<std::string> ImapClient::Run(const std::string& url, const std::string& command) {
    if (!curl_) curl_ = curl_easy_init();
    auto* curl = static_cast<CURL*>(curl_);
    if (!curl) {
        return tl::unexpected(
            core::Error{core::ErrorKind::kUnavailable, "imap", "curl_easy_init failed", {}});
    }
    curl_easy_reset(curl);
    std::string body;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
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
    if (!command.empty()) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, command.c_str());
    const auto code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        Reset();
        return tl::unexpected(core::Error{core::ErrorKind::kUnavailable,
                                          "imap",
                                          std::string(curl_easy_strerror(code)) + " (" + url +
                                              (command.empty() ? "" : " " + command) + ")",
                                          {}});
    }
    return body;
}

core::Result<FolderStatus> ImapClient::Status() {
    auto response = Run(Base(), "STATUS " + Folder() + " (UIDVALIDITY UIDNEXT)");
    if (!response) return tl::unexpected(response.error());
    auto status = ParseStatus(*response);
    if (status.uidvalidity == 0) {
        return tl::unexpected(core::Error{
            core::ErrorKind::kUnavailable, "imap", "STATUS gave no UIDVALIDITY: " + *response, {}});
    }
    return status;
}

core::Result<std::vector<std::int64_t>> ImapClient::UidsAfter(std::int64_t after) {
    auto response = Run(Base() + Folder(), "UID SEARCH UID " + std::to_string(after + 1) + ":*");
    if (!response) return tl::unexpected(response.error());
    auto uids = ParseSearch(*response);
    // "n:*" always matches the last message, even when its UID is below n (RFC 3501 §6.4.8).
    uids.erase(std::remove_if(uids.begin(), uids.end(), [&](auto uid) { return uid <= after; }),
               uids.end());
    return uids;
}

core::Result<std::string> ImapClient::Fetch(std::int64_t uid) {
    return Run(Base() + Folder() + "/;UID=" + std::to_string(uid), "");
}

core::Result<bool> ImapClient::MarkProcessed(const std::vector<std::int64_t>& uids) {
    if (uids.empty()) return true;
    auto response =
        Run(Base() + Folder(), "UID STORE " + UidSet(uids) + " +FLAGS (\\Seen $OtklikProcessed)");
    if (!response) return tl::unexpected(response.error());
    return true;
}

}  // namespace otklik::channels::email

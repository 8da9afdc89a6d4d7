#include "journeys/journey.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <thread>

#include <curl/curl.h>
#include <unistd.h>

#include "channels/email/mime_parser.hpp"

namespace otklik::testing {
namespace {

using namespace std::chrono_literals;
namespace mail = channels::email::testing;

// What a journey waits for happens within milliseconds; the bound is for a loaded machine
// under the sanitizers.
constexpr auto kPatience = 30s;
// Between two looks at the API or the SMTP server while waiting.
constexpr auto kLookAgain = 20ms;
// Dovecot users made for a suite: more than its tests read mailboxes.
constexpr int kDovecotUsers = 200;

// JOURNEY_TIMING=1 prints how long each wait took (to keep the suites fast).
void Report(const char* what, std::chrono::steady_clock::time_point since, int looks) {
    if (!std::getenv("JOURNEY_TIMING")) return;
    std::fprintf(stderr, "  %s: %lld ms, %d looks\n", what,
                 static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - since)
                                            .count()),
                 looks);
}

std::string Base64(const std::string& bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto byte = [&bytes](std::size_t i) -> unsigned {
        return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0U;
    };
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const unsigned n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        out += kAlphabet[n >> 18];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
    }
    return out;
}

// RFC 2047 for a header's words.
std::string EncodedWord(const std::string& text) { return "=?UTF-8?B?" + Base64(text) + "?="; }

// The base64 body broken into lines of 76 characters.
std::string Wrapped(const std::string& base64) {
    std::string out;
    for (std::size_t i = 0; i < base64.size(); i += 76) out += base64.substr(i, 76) + "\r\n";
    return out;
}

// "Имя Фамилия <addr>" → {name, addr}; a bare address → {"", addr}.
std::pair<std::string, std::string> SplitAddress(const std::string& from) {
    const auto open = from.find('<');
    if (open == std::string::npos) return {"", from};
    auto name = from.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    return {name, from.substr(open + 1, from.find('>', open) - open - 1)};
}

// A header of the raw message (the first of that name), unfolded; empty when absent.
std::string RawHeader(const std::string& raw, const std::string& name) {
    const auto end =
        raw.find("\n\n") == std::string::npos ? raw.find("\r\n\r\n") : raw.find("\n\n");
    const auto head = raw.substr(0, end);
    std::size_t at = 0;
    while (at < head.size()) {
        const auto eol = head.find('\n', at);
        const auto line = head.substr(at, eol == std::string::npos ? std::string::npos : eol - at);
        if (line.size() > name.size() && line[name.size()] == ':' &&
            std::equal(name.begin(), name.end(), line.begin(),
                       [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
            auto value = line.substr(name.size() + 1);
            value.erase(0, value.find_first_not_of(' '));
            while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) {
                value.pop_back();
            }
            return value;
        }
        if (eol == std::string::npos) break;
        at = eol + 1;
    }
    return {};
}

Letter ParseSent(const std::string& raw) {
    Letter letter;
    letter.raw = raw;
    letter.to = RawHeader(raw, "X-RcptTo");
    auto parsed = channels::email::ParseLetter(raw);
    if (parsed) {
        letter.subject = parsed->subject;
        letter.body = parsed->text;
        letter.message_id = parsed->message_id;
        letter.in_reply_to = parsed->in_reply_to;
    }
    // Our Message-IDs are otklik.<outbox id>.<appeal id>@domain.
    static const std::regex kOurs(R"(^otklik\.(\d+)\.)");
    std::smatch match;
    if (std::regex_search(letter.message_id, match, kOurs)) {
        letter.outbox_id = std::stoll(match[1].str());
    }
    static const std::regex kUrl(R"(https?://[^\s<>"»]+)");
    for (auto it = std::sregex_iterator(letter.body.begin(), letter.body.end(), kUrl);
         it != std::sregex_iterator(); ++it) {
        auto url = it->str();
        while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ')')) {
            url.pop_back();
        }
        letter.links.push_back(url);
    }
    return letter;
}

std::vector<std::pair<std::string, std::string>> SinkFiles(const std::filesystem::path& maildir) {
    std::vector<std::pair<std::string, std::string>> files;
    if (!std::filesystem::exists(maildir / "new")) return files;
    for (const auto& entry : std::filesystem::directory_iterator(maildir / "new")) {
        std::ifstream in(entry.path(), std::ios::binary);
        files.emplace_back(
            entry.path().filename().string(),
            std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
    }
    return files;
}

}  // namespace

std::unique_ptr<mail::SmtpSink> Journey::sink_;
std::unique_ptr<mail::Dovecot> Journey::dovecot_;
std::filesystem::path Journey::suite_dir_;
std::map<std::string, std::filesystem::path> Journey::templates_;
std::map<std::string, std::map<std::string, std::string>> Journey::tokens_;
int Journey::used_users_ = 0;

std::string Letter::LinkFor(const std::string& action) const {
    // The signed token does not say its action in clear text; the templates name the action
    // on the line of the link («Подтвердить решение: URL», «Не согласен: URL»).
    const std::string confirm_words[] = {"одтвер", "огласен с", "ешение верно"};
    const std::string dispute_words[] = {"е согласен", "спорить", "е решен", "етензи"};
    std::size_t at = 0;
    while (at < body.size()) {
        const auto eol = body.find('\n', at);
        const auto line = body.substr(at, eol == std::string::npos ? std::string::npos : eol - at);
        const auto url = line.find("http");
        if (url != std::string::npos) {
            const auto before = line.substr(0, url);
            bool dispute = false;
            bool confirm = false;
            for (const auto& w : dispute_words) dispute |= before.find(w) != std::string::npos;
            if (!dispute) {
                for (const auto& w : confirm_words) confirm |= before.find(w) != std::string::npos;
            }
            if ((action == "dispute" && dispute) || (action == "confirm" && confirm)) {
                auto link = line.substr(url);
                link = link.substr(0, link.find_first_of(" \t\r<>\"»"));
                return link;
            }
        }
        if (eol == std::string::npos) break;
        at = eol + 1;
    }
    return {};
}

void Journey::SetUpTestSuite() {
    suite_dir_ = std::filesystem::temp_directory_path() /
                 ("otklik-journey-" + std::to_string(getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_suite()->name());
    std::error_code ignored;
    std::filesystem::remove_all(suite_dir_, ignored);
    std::filesystem::create_directories(suite_dir_);
    // Dovecot drops root for the mail folders: they must be reachable.
    std::filesystem::permissions(
        suite_dir_, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                        std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                        std::filesystem::perms::others_exec);
    if (std::filesystem::exists(mail::kDovecot)) {
        // Every mailbox a test of the suite may read exists from the start: Dovecot re-reads its
        // passwd-file at most once a second, so a user added mid-suite may not log in at once.
        std::vector<std::string> users;
        for (int i = 1; i <= kDovecotUsers; ++i) users.push_back("u" + std::to_string(i));
        dovecot_ = std::make_unique<mail::Dovecot>();
        if (!dovecot_->Start(suite_dir_ / "dovecot", std::nullopt, users)) dovecot_.reset();
    }
    if (mail::HaveAiosmtpd()) {
        sink_ = std::make_unique<mail::SmtpSink>();
        if (!sink_->Start(suite_dir_ / "smtp")) sink_.reset();
    }
}

void Journey::TearDownTestSuite() {
    if (sink_) sink_->Stop();
    sink_.reset();
    if (dovecot_) dovecot_->Stop();
    dovecot_.reset();
    // Dovecot's mail processes may still be finishing a write when the master has gone.
    std::error_code ignored;
    std::filesystem::remove_all(suite_dir_, ignored);
    templates_.clear();
    tokens_.clear();
    used_users_ = 0;
}

void Journey::SetUp() {
    // A journey proves nothing without the real mail servers: in CI (scripts/install-deps
    // installs them) their absence fails the suite instead of skipping it.
    const bool ci = std::getenv("CI") != nullptr;
    if (!dovecot_) {
        if (ci) FAIL() << "dovecot-imapd is not installed or did not start";
        GTEST_SKIP() << "dovecot-imapd is not installed or did not start";
    }
    if (!sink_) {
        if (ci) FAIL() << "python3-aiosmtpd is not installed or did not start";
        GTEST_SKIP() << "python3-aiosmtpd is not installed or did not start";
    }
    for (const auto& [name, raw] : SinkFiles(suite_dir_ / "smtp" / "maildir")) {
        sink_before_.insert(name);
    }
}

void Journey::TearDown() {
    const auto start = std::chrono::steady_clock::now();
    clients_.clear();
    public_.reset();
    // What the server does on SIGTERM is tested elsewhere (tests/integration); a journey's
    // server just ends.
    if (server_) server_->Kill();
    server_.reset();
    Report("server stopped", start, 0);
}

void Journey::PrepareData(const std::filesystem::path& data, const std::vector<Person>& people,
                          std::map<std::string, std::string>& tokens) {
    std::filesystem::create_directories(data);
    std::string output;
    ASSERT_EQ(RunOtklik({"user", "add", "admin", "--role", "administrator", "--password-stdin",
                         "--data", data.string()},
                        std::string(kPassword) + "\n", output),
              0)
        << output;
    ServerProcess server(data.string(), {"--clock", "manual"});
    HttpClient admin(server.port());
    const auto token_of = [&server](const std::string& login) {
        HttpClient client(server.port());
        const auto response = client.Post("/api/v1/auth/login",
                                          json::object{{"login", login}, {"password", kPassword}});
        EXPECT_EQ(response.status, 200) << response.body;
        if (response.status != 200) return std::string();
        client.SetToken(std::string(response.Json().at("token").as_string()));
        const auto token = client.Post("/api/v1/tokens",
                                       json::object{{"name", "journey"}, {"expires_in_days", 30}});
        EXPECT_EQ(token.status, 201) << token.body;
        return token.status == 201 ? std::string(token.Json().at("token").as_string())
                                   : std::string();
    };
    tokens["admin"] = token_of("admin");
    admin.SetToken(tokens["admin"]);
    std::set<std::string> groups;
    for (const Person& person : people) {
        if (person.group.empty() || !groups.insert(person.group).second) continue;
        json::object group{{"code", person.group}, {"name", person.group}};
        if (!person.region.empty()) group["region"] = person.region;
        const auto created = admin.Post("/api/v1/groups", group);
        ASSERT_TRUE(created.status == 201 || created.status == 409) << created.body;
    }
    for (const Person& person : people) {
        json::object user{{"login", person.login}, {"password", kPassword}, {"role", person.role}};
        if (!person.group.empty()) user["group"] = person.group;
        if (!person.region.empty()) user["region"] = person.region;
        const auto created = admin.Post("/api/v1/users", user);
        ASSERT_EQ(created.status, 201) << created.body;
        tokens[person.login] = token_of(person.login);
    }
    server.Stop();
}

void Journey::StartJourney(const std::string& clock_start, const std::vector<Person>& people,
                           const std::vector<MailboxSpec>& mailboxes) {
    const auto start = std::chrono::steady_clock::now();
    const auto root = dir_.path();
    // The accounts: prepared once per staff list, copied for each test.
    std::string key;
    for (const Person& p : people)
        key += p.login + "/" + p.role + "/" + p.group + "/" + p.region + ";";
    if (!templates_.contains(key)) {
        const auto prepared = suite_dir_ / ("data-" + std::to_string(templates_.size()));
        PrepareData(prepared, people, tokens_[key]);
        if (HasFatalFailure()) return;
        templates_[key] = prepared;
    }
    const auto data = root / "data";
    std::filesystem::copy(templates_[key], data, std::filesystem::copy_options::recursive);
    Report("data", start, 0);

    // Dovecot users of this test: one per address the deployment reads, never used before.
    for (const auto& box : mailboxes) {
        ASSERT_LT(used_users_, kDovecotUsers) << "raise kDovecotUsers";
        mailbox_users_[box.address] = "u" + std::to_string(++used_users_);
    }
    const auto config = root / "otklik.toml";
    {
        std::ofstream out(config);
        out << "[mail]\nsmtp_url = \"smtp://127.0.0.1:" << sink_->port() << "\"\n"
            << "smtp_tls = \"off\"\nfrom_address = \"noreply@otklik.test\"\n"
            << "message_id_domain = \"otklik.test\"\npublic_url = \"https://otklik.test\"\n";
        for (const auto& box : mailboxes) {
            const auto imap = dovecot_->Mailbox(mailbox_users_[box.address]);
            out << "\n[[mailbox]]\nname = \"" << imap.user << "\"\nurl = \"" << imap.url
                << "\"\nuser = \"" << imap.user << "\"\npassword = \"" << imap.password
                << "\"\nregulation = \"" << box.regulation << "\"\nchannel = \"" << box.channel
                << "\"\npoll_seconds = 1\nstarttls = false\n";
        }
    }
    server_ = std::make_unique<ServerProcess>(
        data.string(),
        std::vector<std::string>{"--config", config.string(), "--clock", "manual", "--clock-start",
                                 clock_start, "--regulations", OTKLIK_SHIPPED_REGULATIONS});
    Report("server", start, 0);
    for (const auto& [login, token] : tokens_[key]) {
        auto client = std::make_unique<HttpClient>(server_->port());
        client->SetToken(token);
        clients_[login] = std::move(client);
    }
    public_ = std::make_unique<HttpClient>(server_->port());
}

void Journey::Append(const std::string& raw, const std::string& user) {
    CURL* curl = curl_easy_init();
    ASSERT_NE(curl, nullptr);
    const auto imap = dovecot_->Mailbox(user);
    struct Source {
        const std::string* bytes;
        std::size_t at = 0;
    } source{&raw};
    curl_easy_setopt(curl, CURLOPT_URL, imap.url.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, imap.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, imap.password.c_str());
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(raw.size()));
    curl_easy_setopt(curl, CURLOPT_READDATA, &source);
    curl_easy_setopt(
        curl, CURLOPT_READFUNCTION, +[](char* buffer, std::size_t size, std::size_t n, void* data) {
            auto* from = static_cast<Source*>(data);
            const auto count = std::min(size * n, from->bytes->size() - from->at);
            std::memcpy(buffer, from->bytes->data() + from->at, count);
            from->at += count;
            return count;
        });
    const auto result = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    ASSERT_EQ(result, CURLE_OK) << "IMAP APPEND for " << user << ": " << curl_easy_strerror(result);
}

void Journey::Kick() {
    const auto response = As("admin").Post("/api/v1/test/clock", json::object{{"advance", "PT0S"}});
    ASSERT_EQ(response.status, 200) << response.body;
}

std::string Journey::Now() {
    const auto response = As("admin").Post("/api/v1/test/clock", json::object{{"advance", "PT0S"}});
    EXPECT_EQ(response.status, 200) << response.body;
    return std::string(response.Json().at("now").as_string());
}

std::string Journey::DeliverLetter(const std::string& from, const std::string& to_mailbox,
                                   const std::string& subject, const std::string& body,
                                   const std::string& in_reply_to,
                                   const std::string& extra_headers) {
    const auto user = mailbox_users_.find(to_mailbox);
    EXPECT_NE(user, mailbox_users_.end()) << "no mailbox is read for " << to_mailbox;
    if (user == mailbox_users_.end()) return {};
    const auto [name, address] = SplitAddress(from);
    const auto id = "journey-" + std::to_string(++delivered_) + "-" +
                    std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
                    "@example.ru";
    std::string raw = "From: " + (name.empty() ? "" : EncodedWord(name) + " ") + "<" + address +
                      ">\r\nTo: <" + to_mailbox + ">\r\nSubject: " + EncodedWord(subject) +
                      "\r\nDate: Mon, 5 Oct 2020 10:00:00 +0300\r\nMessage-ID: <" + id + ">\r\n";
    if (!in_reply_to.empty()) {
        raw += "In-Reply-To: <" + in_reply_to + ">\r\nReferences: <" + in_reply_to + ">\r\n";
    }
    raw += extra_headers;
    raw +=
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n" +
        Wrapped(Base64(body));
    Append(raw, user->second);
    Kick();
    return id;
}

std::string Journey::DeliverLetterWithFile(const std::string& from, const std::string& to_mailbox,
                                           const std::string& subject, const std::string& body,
                                           const std::string& file_name,
                                           const std::string& file_type,
                                           const std::string& file_bytes) {
    const auto user = mailbox_users_.find(to_mailbox);
    EXPECT_NE(user, mailbox_users_.end()) << "no mailbox is read for " << to_mailbox;
    if (user == mailbox_users_.end()) return {};
    const auto [name, address] = SplitAddress(from);
    const auto id = "journey-" + std::to_string(++delivered_) + "-" +
                    std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
                    "@example.ru";
    const std::string boundary = "journey-boundary-" + std::to_string(delivered_);
    std::string raw = "From: " + (name.empty() ? "" : EncodedWord(name) + " ") + "<" + address +
                      ">\r\nTo: <" + to_mailbox + ">\r\nSubject: " + EncodedWord(subject) +
                      "\r\nDate: Mon, 5 Oct 2020 10:00:00 +0300\r\nMessage-ID: <" + id +
                      ">\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" +
                      boundary + "\"\r\n\r\n--" + boundary +
                      "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                      "Content-Transfer-Encoding: base64\r\n\r\n" +
                      Wrapped(Base64(body)) + "\r\n--" + boundary +
                      "\r\nContent-Type: " + file_type + "; name=\"" + file_name +
                      "\"\r\nContent-Disposition: attachment; filename=\"" + file_name +
                      "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                      Wrapped(Base64(file_bytes)) + "\r\n--" + boundary + "--\r\n";
    Append(raw, user->second);
    Kick();
    return id;
}

std::string Journey::ReplyTo(const Letter& letter, const std::string& from,
                             const std::string& to_mailbox, const std::string& body) {
    return DeliverLetter(from, to_mailbox, "Re: " + letter.subject, body, letter.message_id);
}

json::object Journey::WaitForAppeal(const std::string& message_id) {
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + kPatience;
    int looks = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        ++looks;
        const auto page = As("admin").Get("/api/v1/appeals?limit=200");
        if (page.status == 200) {
            const auto body = page.Json();
            for (const auto& item : body.at("items").as_array()) {
                if (Str(item.as_object(), "source_ref") == message_id) {
                    Report("WaitForAppeal", start, looks);
                    return Get(std::string(item.at("uin").as_string()));
                }
            }
        }
        Kick();
        std::this_thread::sleep_for(kLookAgain);
    }
    ADD_FAILURE() << "the letter " << message_id << " was not registered";
    return {};
}

json::object Journey::WaitUntil(const std::string& uin,
                                const std::function<bool(const json::object&)>& condition,
                                const std::string& what) {
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    json::object appeal;
    while (std::chrono::steady_clock::now() < deadline) {
        appeal = Get(uin);
        if (!appeal.empty() && condition(appeal)) return appeal;
        Kick();
        std::this_thread::sleep_for(kLookAgain);
    }
    ADD_FAILURE() << uin << ": " << what << " did not happen; the appeal: " << appeal;
    return appeal;
}

bool Journey::WaitForHistory(const std::string& uin, std::size_t after_entries) {
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (std::chrono::steady_clock::now() < deadline) {
        if (History(uin).size() > after_entries) return true;
        Kick();
        std::this_thread::sleep_for(kLookAgain);
    }
    return false;
}

std::vector<Letter> Journey::SentLetters() {
    std::vector<Letter> letters;
    for (const auto& [name, raw] : SinkFiles(suite_dir_ / "smtp" / "maildir")) {
        if (sink_before_.contains(name)) continue;
        letters.push_back(ParseSent(raw));
    }
    std::sort(letters.begin(), letters.end(),
              [](const Letter& a, const Letter& b) { return a.outbox_id < b.outbox_id; });
    return letters;
}

std::vector<Letter> Journey::UntakenLettersTo(const std::string& address) {
    Kick();
    std::vector<Letter> found;
    for (auto& letter : SentLetters()) {
        if (letter.to == address && !taken_.contains(letter.message_id)) found.push_back(letter);
    }
    return found;
}

Letter Journey::NextLetterTo(const std::string& address) {
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + kPatience;
    int looks = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        ++looks;
        for (auto& letter : SentLetters()) {
            if (letter.to == address && !taken_.contains(letter.message_id)) {
                taken_.insert(letter.message_id);
                Report("NextLetterTo", start, looks);
                return letter;
            }
        }
        Kick();
        std::this_thread::sleep_for(kLookAgain);
    }
    std::string sent;
    for (const auto& letter : SentLetters()) sent += "\n  " + letter.to + ": " + letter.subject;
    ADD_FAILURE() << "no letter to " << address << "; sent:" << sent;
    return {};
}

HttpResponse Journey::FollowLink(const std::string& url, const std::string& comment) {
    const auto at = url.find("/api/v1/public/");
    EXPECT_NE(at, std::string::npos) << url;
    if (at == std::string::npos) return {};
    const auto path = url.substr(at);
    const auto page = public_->Send("GET", path, "", {{"Accept", "text/html"}});
    EXPECT_EQ(page.status, 200) << page.body;
    if (comment.empty()) return public_->Send("POST", path, "", {{"Accept", "application/json"}});
    // What the page's form sends when the applicant types into it and presses the button.
    std::string form = "comment=";
    for (const char ch : comment) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            form += ch;
        } else if (c == ' ') {
            form += '+';
        } else {
            static const char* kHex = "0123456789ABCDEF";
            form += '%';
            form += kHex[c >> 4];
            form += kHex[c & 15];
        }
    }
    return public_->Send(
        "POST", path, form,
        {{"Accept", "application/json"}, {"Content-Type", "application/x-www-form-urlencoded"}});
}

json::object Journey::Register(const std::string& login, const json::object& body) {
    const auto response = As(login).Post("/api/v1/appeals", body);
    EXPECT_EQ(response.status, 201) << response.body;
    return response.status == 201 ? response.Json().as_object() : json::object{};
}

json::array Journey::Comments(const std::string& uin) {
    const auto response = As("admin").Get(Path(uin, "/comments"));
    EXPECT_EQ(response.status, 200) << response.body;
    return response.status == 200 ? response.Json().at("items").as_array() : json::array{};
}

json::array Journey::Links(const std::string& uin) {
    const auto response = As("admin").Get(Path(uin, "/links"));
    EXPECT_EQ(response.status, 200) << response.body;
    return response.status == 200 ? response.Json().at("items").as_array() : json::array{};
}

json::object Journey::ChatSay(const std::string& session, const std::string& text) {
    const auto response = public_->Post("/api/v1/chat/sessions/" + session + "/messages",
                                        json::object{{"text", text}});
    EXPECT_EQ(response.status, 200) << response.body;
    return response.status == 200 ? response.Json().as_object() : json::object{};
}

json::object Journey::Chat(const json::object& start, const std::vector<std::string>& answers,
                           std::string* session) {
    const auto started = public_->Post("/api/v1/chat/sessions", start);
    EXPECT_EQ(started.status, 201) << started.body;
    if (started.status != 201) return {};
    auto reply = started.Json().as_object();
    const std::string id(reply.at("session_id").as_string());
    if (session) *session = id;
    for (const auto& answer : answers) reply = ChatSay(id, answer);
    return reply;
}

json::object Journey::TakeCall(const std::string& login, const std::string& regulation,
                               const std::string& channel) {
    const auto response = As(login).Post(
        "/api/v1/calls", json::object{{"regulation", regulation}, {"channel", channel}});
    EXPECT_EQ(response.status, 201) << response.body;
    return response.status == 201 ? response.Json().as_object() : json::object{};
}

}  // namespace otklik::testing

// Against real servers on loopback, started and stopped here: Dovecot (IMAP) and aiosmtpd
// (SMTP) from Debian's packages. Skipped with the reason when a binary is absent.
#include <fstream>
#include <thread>

#include "support.hpp"
#include "test_workflow.hpp"
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channels/email/imap_client.hpp"
#include "channels/email/mail_poller.hpp"
#include "channels/email/mime_parser.hpp"
#include "jobs/outbox_sender.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace otklik::channels::email {
namespace {

using namespace std::chrono_literals;
using testing::Fixture;

constexpr const char* kDovecot = "/usr/sbin/dovecot";
constexpr const char* kPython = "/usr/bin/python3";

int FreePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t size = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    close(fd);
    return ntohs(address.sin_port);
}

bool Accepts(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return ok;
}

/// A server process of the test; stopped (SIGTERM, then waited for) on destruction.
class Child {
public:
    bool Start(std::vector<std::string> argv, int port, const std::filesystem::path& log) {
        pid_ = fork();
        if (pid_ == 0) {
            const auto out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(out, 1);
            dup2(out, 2);
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(a.data());
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
        for (int i = 0; i < 100; ++i) {
            if (Accepts(port)) return true;
            std::this_thread::sleep_for(50ms);
        }
        return false;
    }
    void Stop() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    ~Child() { Stop(); }

private:
    pid_t pid_ = -1;
};

/// Dovecot with a temporary configuration: one passwd-file user, a Maildir, a free port.
class Dovecot {
public:
    bool Start(const std::filesystem::path& dir) {
        dir_ = dir;
        std::filesystem::create_directories(dir);
        port_ = FreePort();
        for (const char* sub : {"run", "state", "mail/box/new", "mail/box/cur", "mail/box/tmp"}) {
            std::filesystem::create_directories(dir / sub);
        }
        // Dovecot refuses uid 0 for mail: as root, the mail belongs to nobody.
        const auto uid = getuid() == 0 ? 65534U : getuid();
        const auto gid = getuid() == 0 ? 65534U : getgid();
        std::ofstream(dir / "passwd") << "box:{PLAIN}secret\n";
        std::ofstream conf(dir / "dovecot.conf");
        conf << "base_dir = " << (dir / "run").string()
             << "\nstate_dir = " << (dir / "state").string()
             << "\nlog_path = " << (dir / "dovecot.log").string()
             << "\nprotocols = imap\nlisten = 127.0.0.1\nssl = no\n"
             << "disable_plaintext_auth = no\nauth_mechanisms = plain login\n"
             << "mail_location = maildir:" << (dir / "mail").string() << "/%u\n"
             << "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u "
             << (dir / "passwd").string() << "\n}\n"
             << "userdb {\n  driver = static\n  args = uid=" << uid << " gid=" << gid
             << " home=" << (dir / "home").string() << "/%u\n}\n"
             << "service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n"
             << "    port = " << port_ << "\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}\n"
             << "service submission-login {\n  inet_listener submission {\n    port = 0\n  }\n}\n"
             << "service pop3-login {\n  inet_listener pop3 {\n    port = 0\n  }\n}\n";
        conf.close();
        if (getuid() == 0) {
            for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "mail")) {
                chown(entry.path().c_str(), uid, gid);
            }
            chown((dir / "mail").c_str(), uid, gid);
        }
        return child_.Start({kDovecot, "-F", "-c", (dir / "dovecot.conf").string()}, port_,
                            dir / "dovecot.out");
    }
    /// Delivers a letter the way an MDA does: a new file in the Maildir.
    void Deliver(const std::string& bytes) {
        const auto name = std::to_string(++delivered_) + ".fixture." + std::to_string(getpid());
        const auto tmp = dir_ / "mail/box/tmp" / name;
        std::ofstream(tmp, std::ios::binary) << bytes;
        if (getuid() == 0) chown(tmp.c_str(), 65534U, 65534U);
        std::filesystem::rename(tmp, dir_ / "mail/box/new" / name);
    }
    MailboxConfig Mailbox() const {
        MailboxConfig config;
        config.name = "project";
        config.url = "imap://127.0.0.1:" + std::to_string(port_) + "/INBOX";
        config.user = "box";
        config.password = "secret";
        config.regulation = "bilet";
        config.channel = "project_mail";
        config.starttls = false;
        return config;
    }
    void Stop() { child_.Stop(); }

private:
    std::filesystem::path dir_;
    int port_ = 0;
    int delivered_ = 0;
    Child child_;
};

/// aiosmtpd storing what it receives in a Maildir.
class SmtpSink {
public:
    bool Start(const std::filesystem::path& dir, int port = 0) {
        dir_ = dir;
        std::filesystem::create_directories(dir);
        port_ = port ? port : FreePort();
        return child_.Start(
            {kPython, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port_), "-c",
             "aiosmtpd.handlers.Mailbox", (dir / "maildir").string()},
            port_, dir / "smtp.out");
    }
    std::vector<std::string> Messages() const {
        std::vector<std::string> messages;
        if (!std::filesystem::exists(dir_ / "maildir/new")) return messages;
        for (const auto& entry : std::filesystem::directory_iterator(dir_ / "maildir/new")) {
            std::ifstream in(entry.path(), std::ios::binary);
            messages.emplace_back(std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>());
        }
        return messages;
    }
    int port() const { return port_; }
    void Stop() { child_.Stop(); }

private:
    std::filesystem::path dir_;
    int port_ = 0;
    Child child_;
};

bool HaveAiosmtpd() {
    return std::filesystem::exists(kPython) &&
           std::system((std::string(kPython) + " -c 'import aiosmtpd' 2>/dev/null").c_str()) == 0;
}

/// Throws for one subject: a letter that breaks processing, to be kept aside.
class BreakingScreen final : public LetterScreen {
public:
    std::vector<core::FieldError> Screen(const core::AppealDraft& draft,
                                         const ParsedLetter&) const override {
        if (broken && draft.subject == "Нет кнопки записи") throw std::runtime_error("boom");
        return {};
    }
    bool broken = true;
};

class MailServers : public ::testing::Test {
protected:
    MailServers()
        : dir_(testing::TempDir("servers")),
          store_({(dir_ / "otklik.db").string(), 2}),
          clock_(*core::ParseInstant("2026-01-12T07:00:00Z")),
          service_(store_, workflow_, clock_) {
        chmod(dir_.c_str(), 0755);
    }
    ~MailServers() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path dir_;
    storage::sqlite::SqliteStore store_;
    core::ManualClock clock_;
    testing::ReplyWorkflow workflow_;
    core::AppealService service_;
};

TEST_F(MailServers, ImapPollingTakesEachLetterOnceKeepsBrokenOnesAsideAndSurvivesRestarts) {
    if (!std::filesystem::exists(kDovecot)) GTEST_SKIP() << "dovecot-imapd is not installed";
    Dovecot dovecot;
    ASSERT_TRUE(dovecot.Start(dir_ / "dovecot")) << "dovecot did not start";
    for (const char* file : {"utf8_qp_emoji.eml", "auto_reply_rfc3834.eml", "cp1251_undeclared.eml",
                             "koi8r_declared.eml"}) {
        dovecot.Deliver(Fixture(file));
    }
    BreakingScreen screen;
    LetterIntake intake(service_, store_, store_, IntakeOptions{}, &screen);
    {
        MailPoller poller(dovecot.Mailbox(), intake, store_, (dir_ / "raw").string());
        auto report = poller.PollOnce();
        ASSERT_TRUE(report) << report.error().message;
        EXPECT_EQ(report->fetched, 4);
        EXPECT_EQ(report->processed, 3);
        EXPECT_EQ(report->failed, 1);  // the broken letter does not stop the next one
        EXPECT_EQ(poller.PollOnce()->fetched, 0);
    }
    EXPECT_EQ(store_.List({}, {})->items.size(), 2U);
    auto failures = *store_.ListFailures(true, 10);
    ASSERT_EQ(failures.size(), 1U);
    EXPECT_NE(failures[0].reason.find("boom"), std::string::npos);
    EXPECT_NE(failures[0].raw.find("Subject:"), std::string::npos);
    EXPECT_EQ(failures[0].message_id, "cp1251-raw-1@example.ru");

    // Restart: a new poller, a new connection; only the new letter is taken.
    dovecot.Deliver(Fixture("html_only.eml"));
    dovecot.Deliver(Fixture("utf8_qp_emoji.eml"));  // the same Message-ID again
    MailPoller restarted(dovecot.Mailbox(), intake, store_, (dir_ / "raw").string());
    auto report = restarted.PollOnce();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->fetched, 2);
    EXPECT_EQ(store_.List({}, {})->items.size(), 3U);

    // The administrator retries the failed letter once the cause is gone.
    screen.broken = false;
    auto retried = RetryFailure(failures[0].id, {dovecot.Mailbox()}, intake, store_, clock_.Now());
    ASSERT_TRUE(retried) << retried.error().message;
    EXPECT_EQ(retried->outcome, "registered");
    EXPECT_TRUE(store_.ListFailures(true, 10)->empty());
    EXPECT_EQ(store_.List({}, {})->items.size(), 4U);

    // Processed letters carry the flags.
    ImapClient client(dovecot.Mailbox());
    EXPECT_EQ(client.UidsAfter(0)->size(), 6U);
    EXPECT_TRUE(std::filesystem::exists(dir_ / "raw" / "project"));

    // The server renumbers the folder (a new UIDVALIDITY): everything is fetched again, and
    // Message-IDs keep every letter from being registered twice.
    auto state = *store_.LoadMailbox("project");
    state.uidvalidity += 1;
    ASSERT_TRUE(store_.SaveMailbox(state));
    auto rescanned = restarted.PollOnce();
    ASSERT_TRUE(rescanned) << rescanned.error().message;
    EXPECT_EQ(rescanned->fetched, 6);
    EXPECT_EQ(store_.List({}, {})->items.size(), 4U);

    // The server goes away: the poll fails, nothing is skipped.
    dovecot.Stop();
    dovecot.Deliver(Fixture("koi8r_declared_as_cp1251.eml"));
    MailPoller after_stop(dovecot.Mailbox(), intake, store_, "");
    EXPECT_FALSE(after_stop.PollOnce());
    const auto mark = store_.LoadMailbox("project")->last_uid;
    EXPECT_EQ(mark, 6);
}

TEST_F(MailServers, OutboxGoesOutOverSmtpOnceWithRetries) {
    if (!HaveAiosmtpd()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
    core::AppealDraft draft;
    draft.regulation = "bilet";
    draft.channel = "project_mail";
    draft.applicant.email = "applicant@example.ru";
    draft.subject = "Вопрос";
    draft.text = "Текст обращения";
    const auto uin =
        service_.Register(draft, {0, "t", core::Role::kOperator, "", ""}, "", "")->appeal.uin;

    const int port = FreePort();
    notify::SmtpOptions options;
    options.url = "smtp://127.0.0.1:" + std::to_string(port);
    options.tls = "off";
    notify::SmtpTransport transport(options);
    notify::TemplateSet templates;
    jobs::OutboxSender sender(store_, store_, transport, templates, nullptr, clock_);
    // No server yet: the message waits for its retry.
    EXPECT_EQ(sender.RunOnce(), 0);
    SmtpSink sink;
    ASSERT_TRUE(sink.Start(dir_ / "smtp", port)) << "aiosmtpd did not start";
    clock_.Advance(61s);
    EXPECT_EQ(sender.RunOnce(), 1);
    clock_.Advance(1h);
    EXPECT_EQ(sender.RunOnce(), 0);
    const auto messages = sink.Messages();
    ASSERT_EQ(messages.size(), 1U);
    auto letter = ParseLetter(messages[0]);
    ASSERT_TRUE(letter);
    EXPECT_EQ(letter->subject, "Обращение " + uin + " зарегистрировано");
    EXPECT_NE(letter->text.find(uin), std::string::npos);
    EXPECT_EQ(letter->auto_kind, AutoKind::kAutoReply);  // Auto-Submitted: auto-generated
}

}  // namespace
}  // namespace otklik::channels::email

// Against real servers on loopback, started and stopped here: Dovecot (IMAP) and aiosmtpd
// (SMTP) from Debian's packages. Skipped with the reason when a binary is absent.
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <thread>

#include "loopback_servers.hpp"
#include "support.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
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
using testing::Accepts;
using testing::Certificate;
using testing::Child;
using testing::Dovecot;
using testing::Fixture;
using testing::FreePort;
using testing::HaveAiosmtpd;
using testing::kDovecot;
using testing::kPython;
using testing::MakeCertificate;
using testing::SmtpSink;

/// aiosmtpd that requires STARTTLS with `certificate` and then AUTH with box / secret by one
/// mechanism (PLAIN or LOGIN), storing what it receives in a Maildir; each login attempt is
/// logged as "<mechanism> ok|refused".
class TlsSmtpSink {
public:
    bool Start(const std::filesystem::path& dir, const Certificate& certificate,
               const std::string& mechanism) {
        dir_ = dir;
        std::filesystem::create_directories(dir);
        port_ = FreePort();
        std::ofstream(dir / "server.py") << R"py(import signal, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

cert, key, port, maildir, user, password, mechanism, log = sys.argv[1:]
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)

def authenticate(server, session, envelope, used, data):
    ok = (isinstance(data, LoginPassword) and data.login.decode() == user
          and data.password.decode() == password)
    with open(log, "a") as out:
        out.write("%s %s\n" % (used, "ok" if ok else "refused"))
    return AuthResult(success=ok, handled=False)

controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=int(port),
                        tls_context=context, require_starttls=True, authenticator=authenticate,
                        auth_required=True, auth_require_tls=True,
                        auth_exclude_mechanism=[m for m in ("LOGIN", "PLAIN") if m != mechanism])
controller.start()
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
)py";
        return child_.Start(
            {kPython, (dir / "server.py").string(), certificate.pem.string(),
             certificate.key.string(), std::to_string(port_), (dir / "maildir").string(), "box",
             "secret", mechanism, (dir / "auth.log").string()},
            port_, dir / "smtp.out");
    }
    std::vector<std::string> Messages() const { return testing::MaildirMessages(dir_ / "maildir"); }
    std::string AuthLog() const {
        std::ifstream in(dir_ / "auth.log");
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    /// Where the transport reaches it, with STARTTLS required and the right login.
    notify::SmtpOptions Options(const Certificate& trusted) const {
        notify::SmtpOptions options;
        options.url = "smtp://127.0.0.1:" + std::to_string(port_);
        options.tls = "required";
        options.user = "box";
        options.password = "secret";
        options.ca_file = trusted.pem.string();
        options.timeout_seconds = 20;
        return options;
    }

private:
    std::filesystem::path dir_;
    int port_ = 0;
    Child child_;
};

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
          service_(store_.Appeals(), workflow_, clock_) {
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
    LetterIntake intake(service_, store_.Appeals(), store_.Mail(), IntakeOptions{}, &screen);
    {
        MailPoller poller(dovecot.Mailbox(), intake, store_.Mail(), (dir_ / "raw").string());
        auto report = poller.PollOnce();
        ASSERT_TRUE(report) << report.error().message;
        EXPECT_EQ(report->fetched, 4);
        EXPECT_EQ(report->processed, 3);
        EXPECT_EQ(report->failed, 1);  // the broken letter does not stop the next one
        EXPECT_EQ(poller.PollOnce()->fetched, 0);
    }
    EXPECT_EQ(store_.Appeals().List({}, {})->items.size(), 2U);
    auto failures = *store_.Mail().ListFailures(true, 10);
    ASSERT_EQ(failures.size(), 1U);
    EXPECT_NE(failures[0].reason.find("boom"), std::string::npos);
    EXPECT_NE(failures[0].raw.find("Subject:"), std::string::npos);
    EXPECT_EQ(failures[0].message_id, "cp1251-raw-1@example.ru");

    // Restart: a new poller, a new connection; only the new letter is taken.
    dovecot.Deliver(Fixture("html_only.eml"));
    dovecot.Deliver(Fixture("utf8_qp_emoji.eml"));  // the same Message-ID again
    MailPoller restarted(dovecot.Mailbox(), intake, store_.Mail(), (dir_ / "raw").string());
    auto report = restarted.PollOnce();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->fetched, 2);
    EXPECT_EQ(store_.Appeals().List({}, {})->items.size(), 3U);

    // The administrator retries the failed letter once the cause is gone.
    screen.broken = false;
    auto retried =
        RetryFailure(failures[0].id, {dovecot.Mailbox()}, intake, store_.Mail(), clock_.Now());
    ASSERT_TRUE(retried) << retried.error().message;
    EXPECT_EQ(retried->outcome, "registered");
    EXPECT_TRUE(store_.Mail().ListFailures(true, 10)->empty());
    EXPECT_EQ(store_.Appeals().List({}, {})->items.size(), 4U);

    // Processed letters carry the flags.
    ImapClient client(dovecot.Mailbox());
    const auto uids = *client.UidsAfter(0);
    EXPECT_EQ(uids.size(), 6U);
    EXPECT_EQ(dovecot.Processed(), 6);
    // Many in one UID FETCH, each exactly as fetched alone.
    auto many = client.FetchMany(uids);
    ASSERT_TRUE(many) << many.error().message;
    ASSERT_EQ(many->size(), uids.size());
    for (std::size_t i = 0; i < uids.size(); ++i) EXPECT_EQ((*many)[i], *client.Fetch(uids[i]));
    EXPECT_TRUE(std::filesystem::exists(dir_ / "raw" / "project"));

    // The server renumbers the folder (a new UIDVALIDITY): everything is fetched again, and
    // Message-IDs keep every letter from being registered twice.
    auto state = *store_.Mail().LoadMailbox("project");
    state.uidvalidity += 1;
    ASSERT_TRUE(store_.Mail().SaveMailbox(state));
    auto rescanned = restarted.PollOnce();
    ASSERT_TRUE(rescanned) << rescanned.error().message;
    EXPECT_EQ(rescanned->fetched, 6);
    EXPECT_EQ(store_.Appeals().List({}, {})->items.size(), 4U);

    // The server goes away: the poll fails, nothing is skipped.
    dovecot.Stop();
    dovecot.Deliver(Fixture("koi8r_declared_as_cp1251.eml"));
    MailPoller after_stop(dovecot.Mailbox(), intake, store_.Mail(), "");
    EXPECT_FALSE(after_stop.PollOnce());
    const auto mark = store_.Mail().LoadMailbox("project")->last_uid;
    EXPECT_EQ(mark, 6);
}

TEST_F(MailServers, OutboxGoesOutOverSmtpOnceWithRetries) {
    if (!HaveAiosmtpd()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
    const auto uin = testing::RegisterQuestion(service_);

    const int port = FreePort();
    notify::SmtpOptions options;
    options.url = "smtp://127.0.0.1:" + std::to_string(port);
    options.tls = "off";
    notify::SmtpTransport transport(options);
    notify::TemplateSet templates;
    jobs::OutboxSender sender(store_.Mail(), store_.Appeals(), transport, templates, nullptr,
                              clock_);
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

TEST_F(MailServers, OutboxGoesOutOverStartTlsWithAuthAndWaitsWhenTheServerCannotBeTrusted) {
    if (!HaveAiosmtpd()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
    const auto server = MakeCertificate(dir_ / "tls", "server");
    const auto stranger = MakeCertificate(dir_ / "tls", "stranger");
    if (!server || !stranger) GTEST_SKIP() << "openssl cannot make a certificate";
    const auto uin = testing::RegisterQuestion(service_);
    TlsSmtpSink sink;
    ASSERT_TRUE(sink.Start(dir_ / "smtp-tls", *server, "PLAIN")) << "aiosmtpd did not start";
    notify::TemplateSet templates;
    const auto due_after = [&](std::chrono::seconds wait) {
        return store_.Mail().DueOutbox(clock_.Now() + wait, 10)->size();
    };

    // A certificate that does not chain to ca_file: refused before the login, the row waits.
    auto untrusted = sink.Options(*stranger);
    notify::SmtpTransport wrong_ca(untrusted);
    auto refused = wrong_ca.Send("noreply@otklik.local", "a@example.ru", "Subject: x\r\n\r\nx");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_EQ(refused.error().code, "smtp_tls");
    EXPECT_NE(refused.error().message.find(stranger->pem.string()), std::string::npos);
    {
        jobs::OutboxSender sender(store_.Mail(), store_.Appeals(), wrong_ca, templates, nullptr,
                                  clock_);
        EXPECT_EQ(sender.RunOnce(), 0);
        EXPECT_EQ(sender.failed(), 1U);
    }
    EXPECT_EQ(due_after(0s), 0U);
    EXPECT_EQ(due_after(61s), 1U);  // kept for the retry

    // The right authority, a wrong password: refused, the row waits.
    auto bad_login = sink.Options(*server);
    bad_login.password = "wrong";
    notify::SmtpTransport wrong_password(bad_login);
    clock_.Advance(61s);
    {
        jobs::OutboxSender sender(store_.Mail(), store_.Appeals(), wrong_password, templates,
                                  nullptr, clock_);
        EXPECT_EQ(sender.RunOnce(), 0);
        EXPECT_EQ(sender.failed(), 1U);
    }
    auto denied =
        wrong_password.Send("noreply@otklik.local", "a@example.ru", "Subject: x\r\n\r\nx");
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_EQ(denied.error().code, "smtp_auth");
    EXPECT_EQ(due_after(121s), 1U);
    EXPECT_TRUE(sink.Messages().empty());

    // Fixed settings: the letter goes out over TLS with AUTH PLAIN, once.
    notify::SmtpTransport transport(sink.Options(*server));
    jobs::OutboxSender sender(store_.Mail(), store_.Appeals(), transport, templates, nullptr,
                              clock_);
    clock_.Advance(121s);
    EXPECT_EQ(sender.RunOnce(), 1);
    clock_.Advance(1h);
    EXPECT_EQ(sender.RunOnce(), 0);
    const auto messages = sink.Messages();
    ASSERT_EQ(messages.size(), 1U);
    EXPECT_EQ(ParseLetter(messages[0])->subject, "Обращение " + uin + " зарегистрировано");
    EXPECT_NE(sink.AuthLog().find("PLAIN ok"), std::string::npos);
    EXPECT_NE(sink.AuthLog().find("PLAIN refused"), std::string::npos);
}

TEST_F(MailServers, SmtpAuthLoginOverStartTlsAndNoPlainTextWhenTlsIsRequired) {
    if (!HaveAiosmtpd()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
    const auto server = MakeCertificate(dir_ / "tls", "server");
    if (!server) GTEST_SKIP() << "openssl cannot make a certificate";
    TlsSmtpSink sink;
    ASSERT_TRUE(sink.Start(dir_ / "smtp-login", *server, "LOGIN")) << "aiosmtpd did not start";
    notify::SmtpTransport transport(sink.Options(*server));
    const std::string message =
        "From: <noreply@otklik.local>\r\nTo: <a@example.ru>\r\n"
        "Subject: test\r\nMessage-ID: <t1@otklik.local>\r\n\r\nText\r\n";
    auto sent = transport.Send("noreply@otklik.local", "a@example.ru", message);
    ASSERT_TRUE(sent) << sent.error().message;
    EXPECT_EQ(sink.Messages().size(), 1U);
    EXPECT_NE(sink.AuthLog().find("LOGIN ok"), std::string::npos);

    // A server without STARTTLS gets nothing when TLS is required: not even the login.
    SmtpSink plain;
    ASSERT_TRUE(plain.Start(dir_ / "smtp-plain")) << "aiosmtpd did not start";
    auto options = sink.Options(*server);
    options.url = "smtp://127.0.0.1:" + std::to_string(plain.port());
    notify::SmtpTransport no_tls(options);
    auto refused = no_tls.Send("noreply@otklik.local", "a@example.ru", message);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_EQ(refused.error().code, "smtp_tls");
    EXPECT_TRUE(plain.Messages().empty());
}

TEST_F(MailServers, ImapOverStartTlsChecksTheServerCertificate) {
    if (!std::filesystem::exists(kDovecot)) GTEST_SKIP() << "dovecot-imapd is not installed";
    const auto server = MakeCertificate(dir_ / "tls", "server");
    const auto stranger = MakeCertificate(dir_ / "tls", "stranger");
    if (!server || !stranger) GTEST_SKIP() << "openssl cannot make a certificate";
    Dovecot dovecot;
    ASSERT_TRUE(dovecot.Start(dir_ / "dovecot-tls", *server)) << "dovecot did not start";
    dovecot.Deliver(Fixture("utf8_qp_emoji.eml"));
    dovecot.Deliver(Fixture("koi8r_declared.eml"));  // two: fetched in one UID FETCH
    auto mailbox = dovecot.Mailbox();
    mailbox.starttls = true;
    mailbox.ca_file = stranger->pem.string();
    LetterIntake intake(service_, store_.Appeals(), store_.Mail(), IntakeOptions{});
    MailPoller untrusted(mailbox, intake, store_.Mail(), "");
    auto refused = untrusted.PollOnce();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_NE(refused.error().message.find("SSL peer certificate"), std::string::npos)
        << refused.error().message;
    EXPECT_EQ(store_.Mail().LoadMailbox("project")->last_uid, 0);

    mailbox.ca_file = server->pem.string();
    MailPoller trusted(mailbox, intake, store_.Mail(), "");
    auto report = trusted.PollOnce();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->processed, 2);
    EXPECT_EQ(store_.Appeals().List({}, {})->items.size(), 2U);
}

}  // namespace
}  // namespace otklik::channels::email

namespace otklik::channels::email {
namespace {

// The whole way a letter takes, through the real `otklik serve`: Dovecot holds a letter with a
// PDF and an executable; the server's mailbox poller registers it, the card lists the kept
// file and the refused one, and the kept file downloads byte for byte (CH-1, issue 7 item 3).
TEST_F(MailServers, ServerRegistersALetterAndTheCardGivesItsAttachmentBack) {
    if (!std::filesystem::exists(kDovecot)) GTEST_SKIP() << "dovecot-imapd is not installed";
    Dovecot dovecot;
    ASSERT_TRUE(dovecot.Start(dir_ / "dovecot")) << "dovecot did not start";
    dovecot.Deliver(testing::Fixture("attachments.eml"));
    const auto data = dir_ / "server";
    std::filesystem::create_directories(data);
    std::string output;
    ASSERT_EQ(::otklik::testing::RunOtklik({"user", "add", "reader", "--role", "supervisor",
                                            "--password-stdin", "--data", data.string()},
                                           "reader-secret-1\n", output),
              0)
        << output;
    const auto mailbox = dovecot.Mailbox();
    std::ofstream(data / "otklik.toml")
        << "data = \"" << data.string() << "\"\n[[mailbox]]\nname = \"portal\"\nurl = \""
        << mailbox.url << "\"\nuser = \"box\"\npassword = \"secret\"\nregulation = \"epgu\"\n"
        << "channel = \"email\"\npoll_seconds = 1\nstarttls = false\n";
    ::otklik::testing::ServerProcess server(
        data.string(),
        {"--config", (data / "otklik.toml").string(), "--regulations", OTKLIK_SHIPPED_REGULATIONS});
    ::otklik::testing::HttpClient client(server.port());
    const auto login =
        client.Post("/api/v1/auth/login",
                    boost::json::object{{"login", "reader"}, {"password", "reader-secret-1"}});
    ASSERT_EQ(login.status, 200) << login.body;
    client.SetToken(std::string(login.Json().at("token").as_string()));

    // The poller runs on its own clock: wait for the condition, with a bound, never a guess.
    boost::json::array items;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (items.empty() && std::chrono::steady_clock::now() < deadline) {
        const auto page = client.Get("/api/v1/appeals?channel=email");
        ASSERT_EQ(page.status, 200) << page.body;
        items = page.Json().at("items").as_array();
        if (items.empty()) std::this_thread::sleep_for(100ms);
    }
    ASSERT_EQ(items.size(), 1u) << "the letter was not registered";
    const auto& appeal = items[0].as_object();
    const std::string uin(appeal.at("uin").as_string());
    const auto& attributes = appeal.at("attributes").as_object();
    const auto kept = boost::json::parse(attributes.at("email.attachments").as_string());
    ASSERT_EQ(kept.as_array().size(), 1u);
    EXPECT_EQ(kept.as_array()[0].at("name").as_string(), "согласие.pdf");
    EXPECT_NE(attributes.at("email.refused_attachments").as_string().find("setup.exe"),
              std::string::npos);

    std::string encoded;
    for (const char ch : uin) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        const auto c = static_cast<unsigned char>(ch);
        encoded += std::isalnum(c) || ch == '-' ? std::string(1, ch)
                                                : std::string{'%', kHex[c >> 4], kHex[c & 15]};
    }
    const auto file = client.Get("/api/v1/appeals/" + encoded + "/attachments/1");
    ASSERT_EQ(file.status, 200) << file.body;
    EXPECT_EQ(file.body, "%PDF-1.4\n% fixture\n");
    EXPECT_EQ(file.Header("content-type"), "application/pdf");
    EXPECT_NE(file.Header("content-disposition").find("attachment"), std::string::npos);
    EXPECT_EQ(client.Get("/api/v1/appeals/" + encoded + "/attachments/2").status, 404);
    dovecot.Stop();
}

}  // namespace
}  // namespace otklik::channels::email

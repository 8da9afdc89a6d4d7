#pragma once
// Mail servers on loopback for the tests and the e-mail benchmark: a free port, a child process
// stopped on destruction, a self-signed certificate, and Dovecot with a temporary configuration
// (a passwd-file user and a Maildir).
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channels/email/mailbox_config.hpp"

namespace otklik::channels::email::testing {

inline constexpr const char* kDovecot = "/usr/sbin/dovecot";

inline int FreePort() {
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

inline bool Accepts(int port) {
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
            // A test that dies (an abort under the sanitizers) must not leave its servers behind.
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            const auto out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(out, 1);
            dup2(out, 2);
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(a.data());
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
        // Polls with a deadline: under a loaded CI machine a server may take seconds to listen.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            if (Accepts(port)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
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

/// The letters an SMTP server stored in the Maildir `maildir` (its new/ folder), any order.
inline std::vector<std::string> MaildirMessages(const std::filesystem::path& maildir) {
    std::vector<std::string> messages;
    if (!std::filesystem::exists(maildir / "new")) return messages;
    for (const auto& entry : std::filesystem::directory_iterator(maildir / "new")) {
        std::ifstream in(entry.path(), std::ios::binary);
        messages.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return messages;
}

inline constexpr const char* kPython = "/usr/bin/python3";

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
    std::vector<std::string> Messages() const { return MaildirMessages(dir_ / "maildir"); }
    int port() const { return port_; }
    void Stop() { child_.Stop(); }

private:
    std::filesystem::path dir_;
    int port_ = 0;
    Child child_;
};

/// Whether python3 with aiosmtpd is installed.
inline bool HaveAiosmtpd() {
    return std::filesystem::exists(kPython) &&
           std::system((std::string(kPython) + " -c 'import aiosmtpd' 2>/dev/null").c_str()) == 0;
}

/// A certificate and its key, made for the test.
struct Certificate {
    std::filesystem::path pem;
    std::filesystem::path key;
};

/// A self-signed certificate for 127.0.0.1 made with `openssl req -x509` under `dir`; nullopt
/// when openssl is missing or fails.
inline std::optional<Certificate> MakeCertificate(const std::filesystem::path& dir,
                                                  const std::string& name) {
    std::filesystem::create_directories(dir);
    Certificate certificate{dir / (name + ".pem"), dir / (name + ".key")};
    const auto command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
        "-nodes -days 2 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
        certificate.key.string() + "' -out '" + certificate.pem.string() + "' >'" +
        (dir / (name + ".log")).string() + "' 2>&1";
    if (std::system(command.c_str()) != 0) return std::nullopt;
    return certificate;
}

/// Dovecot with a temporary configuration: one passwd-file user, a Maildir, a free port; with
/// a certificate, TLS is required (STARTTLS) before the login.
class Dovecot {
public:
    /// `users` are the mailboxes (each with the password "secret"), e.g. one per address a
    /// deployment reads.
    bool Start(const std::filesystem::path& dir,
               const std::optional<Certificate>& tls = std::nullopt,
               const std::vector<std::string>& users = {"box"}) {
        dir_ = dir;
        std::filesystem::create_directories(dir);
        port_ = FreePort();
        for (const char* sub : {"run", "state"}) std::filesystem::create_directories(dir / sub);
        std::ofstream passwd(dir / "passwd");
        for (const auto& user : users) {
            for (const char* sub : {"new", "cur", "tmp"}) {
                std::filesystem::create_directories(dir / "mail" / user / sub);
            }
            passwd << user << ":{PLAIN}secret\n";
        }
        passwd.close();
        // Dovecot refuses uid 0 for mail: as root, the mail belongs to nobody.
        const auto uid = getuid() == 0 ? 65534U : getuid();
        const auto gid = getuid() == 0 ? 65534U : getgid();
        std::ofstream conf(dir / "dovecot.conf");
        conf << "base_dir = " << (dir / "run").string()
             << "\nstate_dir = " << (dir / "state").string()
             << "\nlog_path = " << (dir / "dovecot.log").string()
             << "\nprotocols = imap\nlisten = 127.0.0.1\n";
        if (tls) {
            conf << "ssl = required\nssl_cert = <" << tls->pem.string() << "\nssl_key = <"
                 << tls->key.string()
                 << "\ndisable_plaintext_auth = yes\nauth_mechanisms = plain login\n";
        } else {
            conf << "ssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n";
        }
        conf << "mail_location = maildir:" << (dir / "mail").string() << "/%u\n"
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
    void Deliver(const std::string& bytes, const std::string& user = "box") {
        const auto name = std::to_string(++delivered_) + ".fixture." + std::to_string(getpid());
        const auto tmp = dir_ / "mail" / user / "tmp" / name;
        std::ofstream(tmp, std::ios::binary) << bytes;
        if (getuid() == 0) chown(tmp.c_str(), 65534U, 65534U);
        std::filesystem::rename(tmp, dir_ / "mail" / user / "new" / name);
    }
    /// Letters of the Maildir marked \Seen with our keyword (Dovecot keeps flags in the file
    /// names, ":2,S" and a letter per keyword listed in dovecot-keywords).
    int Processed() const {
        std::ifstream in(dir_ / "mail/box/dovecot-keywords");
        std::string line;
        char letter = 0;
        while (std::getline(in, line)) {
            if (line.size() > 2 && line.substr(2) == "$OtklikProcessed") {
                letter = static_cast<char>('a' + std::stoi(line.substr(0, 1)));
            }
        }
        int count = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir_ / "mail/box/cur")) {
            const auto name = entry.path().filename().string();
            const auto info = name.find(":2,");
            if (letter && info != std::string::npos && name.find('S', info) != std::string::npos &&
                name.find(letter, info) != std::string::npos) {
                ++count;
            }
        }
        return count;
    }
    MailboxConfig Mailbox(const std::string& user = "box") const {
        MailboxConfig config;
        config.name = "project";
        config.url = "imap://127.0.0.1:" + std::to_string(port_) + "/INBOX";
        config.user = user;
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

}  // namespace otklik::channels::email::testing

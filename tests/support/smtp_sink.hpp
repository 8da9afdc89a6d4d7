#pragma once
// A loopback SMTP server for tests of the real binary (Python's smtpd from Debian's python3):
// each letter's recipients, subject and decoded text body are stored as one file, so tests read
// the letters as the applicant would.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace otklik::testing {

// A loopback SMTP server (Python's smtpd, Debian's python3) that stores each letter's recipient
// and decoded text body as one file: the code letters are real letters, read as the applicant
// would read them.
class SmtpSink {
public:
    explicit SmtpSink(const std::filesystem::path& dir) : dir_(dir) {
        std::filesystem::create_directories(dir_ / "letters");
        std::ofstream(dir_ / "sink.py") << R"py(import warnings
warnings.simplefilter("ignore")
import asyncore, email, email.policy, os, smtpd, sys

out = sys.argv[1]
count = [0]

class Sink(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        message = email.message_from_bytes(data, policy=email.policy.default)
        body = message.get_body(("plain",)).get_content()
        count[0] += 1
        path = os.path.join(out, "letters", "%04d" % count[0])
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(",".join(rcpttos) + "\n" + str(message["Subject"]) + "\n" + body)
        os.rename(path + ".tmp", path + ".txt")

server = Sink(("127.0.0.1", 0), None, decode_data=False)
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write(str(server.socket.getsockname()[1]))
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
asyncore.loop()
)py";
        pid_ = fork();
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            execl("/usr/bin/python3", "python3", (dir_ / "sink.py").c_str(), dir_.c_str(),
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        port_ = std::stoi(WaitForFile(dir_ / "port"));
    }
    ~SmtpSink() {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }

    int port() const { return port_; }

    /// The text of the next letter to `to` not read before, waiting for the outbox sender to
    /// deliver it (it polls the outbox every two seconds); empty after 30 s.
    std::string NextLetterTo(const std::string& to) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            std::set<std::filesystem::path> files;
            for (const auto& entry : std::filesystem::directory_iterator(dir_ / "letters")) {
                if (entry.path().extension() == ".txt") files.insert(entry.path());
            }
            for (const auto& file : files) {
                if (read_.contains(file)) continue;
                std::ifstream in(file);
                std::stringstream text;
                text << in.rdbuf();
                if (text.str().rfind(to + "\n", 0) != 0) continue;
                read_.insert(file);
                return text.str();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return {};
    }

    /// The six-digit code of the next code letter to `to` (other letters, such as the
    /// registration notice, are passed over); empty when none came.
    std::string NextCodeTo(const std::string& to) {
        const std::regex code(R"(код подтверждения: (\d{6}))");
        for (std::string letter = NextLetterTo(to); !letter.empty(); letter = NextLetterTo(to)) {
            std::smatch match;
            if (std::regex_search(letter, match, code)) return match[1].str();
        }
        ADD_FAILURE() << "no code letter to " << to;
        return {};
    }

    /// The letters to `to` not read before that are already here (no waiting): after the
    /// outbox was sent (the manual clock's kick), to see that nothing came.
    std::vector<std::string> ArrivedTo(const std::string& to) {
        std::vector<std::string> letters;
        std::set<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(dir_ / "letters")) {
            if (entry.path().extension() == ".txt") files.insert(entry.path());
        }
        for (const auto& file : files) {
            if (read_.contains(file)) continue;
            std::ifstream in(file);
            std::stringstream text;
            text << in.rdbuf();
            if (text.str().rfind(to + "\n", 0) != 0) continue;
            read_.insert(file);
            letters.push_back(text.str());
        }
        return letters;
    }

private:
    static std::string WaitForFile(const std::filesystem::path& path) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!std::filesystem::exists(path) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        std::ifstream in(path);
        std::string text;
        in >> text;
        if (text.empty()) throw std::runtime_error("the SMTP sink did not start");
        return text;
    }

    std::filesystem::path dir_;
    pid_t pid_ = -1;
    int port_ = 0;
    std::set<std::filesystem::path> read_;
};

}  // namespace otklik::testing

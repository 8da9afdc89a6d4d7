#include "support/server_process.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace otklik::testing {
namespace {

std::vector<char*> Argv(std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    return argv;
}

// OTKLIK_TEST_LOG_LEVEL=info (or debug) shows what the server under test does.
std::string LogLevel() {
    const char* level = std::getenv("OTKLIK_TEST_LOG_LEVEL");
    return level ? level : "warn";
}

}  // namespace

std::string OtklikBinary() { return OTKLIK_BINARY; }

ServerProcess::ServerProcess(const std::string& data_dir, const std::vector<std::string>& extra,
                             const std::string& stderr_path) {
    std::vector<std::string> args = {OtklikBinary(), "serve", "--data",      data_dir,
                                     "--workers",    "16",    "--log-level", LogLevel()};
    // Port 0 unless the test names the address (a node restarted behind a proxy).
    if (std::find(extra.begin(), extra.end(), "--listen") == extra.end()) {
        args.insert(args.end(), {"--listen", "127.0.0.1:0"});
    }
    // The shipped regulations unless the test names its own folder.
    if (std::find(extra.begin(), extra.end(), "--regulations") == extra.end()) {
        args.insert(args.end(), {"--regulations", OTKLIK_SHIPPED_REGULATIONS});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        // A test that dies must not leave its server behind holding the runner's pipes.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        if (!stderr_path.empty()) {
            const int log = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (log >= 0) {
                dup2(log, STDERR_FILENO);
                close(log);
            }
        }
        auto argv = Argv(args);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    // The server prints "otklik: listening on http://127.0.0.1:PORT" once it accepts.
    FILE* stream = fdopen(out[0], "r");
    char line[512];
    while (std::fgets(line, sizeof line, stream)) {
        const char* marker = std::strstr(line, "listening on http://");
        if (!marker) continue;
        const char* colon = std::strrchr(marker, ':');
        port_ = static_cast<unsigned short>(std::atoi(colon + 1));
        break;
    }
    // Keep draining stdout in the background is unnecessary: the server prints nothing else.
    std::fclose(stream);
    if (port_ == 0) {
        Kill();
        throw std::runtime_error("otklik serve did not start");
    }
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) Stop();
}

void ServerProcess::Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

int ServerProcess::Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int RunOtklik(const std::vector<std::string>& arguments, const std::string& input,
              std::string& output) {
    std::vector<std::string> args = {OtklikBinary()};
    args.insert(args.end(), arguments.begin(), arguments.end());
    int in[2];
    int out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        auto argv = Argv(args);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    if (!input.empty()) {
        [[maybe_unused]] const auto written = write(in[1], input.data(), input.size());
    }
    close(in[1]);
    output.clear();
    char buffer[4096];
    ssize_t n = 0;
    while ((n = read(out[0], buffer, sizeof buffer)) > 0)
        output.append(buffer, static_cast<std::size_t>(n));
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace otklik::testing

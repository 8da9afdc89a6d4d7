#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace otklik::testing {

/// The real `otklik` binary run as a child process, the way an operator runs it (STYLE.md:
/// functional tests start the real binary on port 0 with a temporary data folder).
class ServerProcess {
public:
    /// Starts `otklik serve --listen 127.0.0.1:0 --data DATA` plus `extra` arguments (which may
    /// name `--listen` instead) and waits for the line that names the bound port. Throws when the
    /// server does not come up. With `stderr_path`, the server's log goes to that file.
    ServerProcess(const std::string& data_dir, const std::vector<std::string>& extra = {},
                  const std::string& stderr_path = "");
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    unsigned short port() const { return port_; }
    /// The server's process id (/proc/<pid>/… in resource tests).
    pid_t pid() const { return pid_; }
    /// SIGKILL and wait: a crash.
    void Kill();
    /// SIGTERM and wait; returns the exit status.
    int Stop();

private:
    pid_t pid_ = -1;
    unsigned short port_ = 0;
};

/// Runs the otklik binary with `args`, feeding `input` to its standard input; returns the
/// exit code and captures standard output and error into `output`.
int RunOtklik(const std::vector<std::string>& args, const std::string& input, std::string& output);

/// Path of the binary under test.
std::string OtklikBinary();

}  // namespace otklik::testing

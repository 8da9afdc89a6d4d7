#include "support/haproxy_process.hpp"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/http_client.hpp"
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace otklik::testing {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Runs `args` with standard output and error into `log`; returns the exit status.
int RunQuietly(std::vector<std::string> args, const std::string& log) {
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> SplitCsvLine(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, ',')) fields.push_back(field);
    return fields;
}

// Timings shortened from packaging/haproxy.cfg so that a test sees a node leave and come back
// in a fraction of a second; the rest is the same configuration.
std::string Config(const std::vector<HaproxyProcess::Node>& nodes, unsigned short port,
                   unsigned short stats_port) {
    std::ostringstream c;
    c << "global\n"
         "    maxconn 2000\n"
         "defaults\n"
         "    mode http\n"
         "    timeout connect 1s\n"
         "    timeout client 30s\n"
         "    timeout server 30s\n"
         "    timeout check 1s\n"
         "    retries 3\n"
         "    option redispatch 1\n"
         "    retry-on conn-failure empty-response response-timeout 502 503 504\n"
         "    option http-buffer-request\n"
         "frontend otklik\n"
         "    bind 127.0.0.1:"
      << port
      << "\n"
         "    http-request set-header X-Forwarded-For %[src]\n"
         "    default_backend otklik_nodes\n"
         "backend otklik_nodes\n"
         "    balance roundrobin\n"
         "    option httpchk\n"
         "    http-check send meth GET uri /readyz\n"
         "    http-check expect status 200\n"
         "    default-server inter 100ms fall 2 rise 2 on-marked-down shutdown-sessions\n";
    for (const auto& node : nodes) {
        c << "    server " << node.name << " 127.0.0.1:" << node.port << " check\n";
    }
    c << "frontend stats\n"
         "    bind 127.0.0.1:"
      << stats_port
      << "\n"
         "    stats enable\n"
         "    stats uri /stats\n";
    return c.str();
}

}  // namespace

unsigned short FreeLoopbackPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        close(fd);
        throw std::runtime_error("no free loopback port");
    }
    close(fd);
    return ntohs(address.sin_port);
}

std::string HaproxyProcess::Binary() {
    const char* configured = std::getenv("OTKLIK_HAPROXY");
    const std::string binary = configured && *configured ? configured : "/usr/sbin/haproxy";
    return access(binary.c_str(), X_OK) == 0 ? binary : std::string();
}

HaproxyProcess::HaproxyProcess(const std::string& folder, const std::vector<Node>& nodes) {
    const std::string binary = Binary();
    if (binary.empty()) {
        throw std::runtime_error("no HAProxy: install haproxy (scripts/install-deps)");
    }
    port_ = FreeLoopbackPort();
    stats_port_ = FreeLoopbackPort();
    config_ = Config(nodes, port_, stats_port_);
    const std::string path = folder + "/haproxy.cfg";
    std::ofstream(path) << config_;
    const std::string log = folder + "/haproxy.log";
    if (RunQuietly({binary, "-c", "-q", "-f", path}, log) != 0) {
        throw std::runtime_error("HAProxy refuses the configuration: " + ReadFile(log));
    }
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        std::vector<std::string> args = {binary, "-db", "-f", path};
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    // Up once its status page answers.
    const auto deadline = SteadyClock::now() + std::chrono::seconds(10);
    for (;;) {
        try {
            StatusCsv();
            return;
        } catch (const std::exception&) {
            if (SteadyClock::now() > deadline || waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("HAProxy did not start: " + ReadFile(log));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
}

HaproxyProcess::~HaproxyProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
}

std::string HaproxyProcess::StatusCsv() {
    HttpClient client(stats_port_);
    const auto response = client.Get("/stats;csv");
    if (response.status != 200) throw std::runtime_error("HAProxy status page: " + response.body);
    return response.body;
}

namespace {

// The value of `column` in the status page's row for backend server `name`; nullopt when absent.
std::optional<std::string> StatusField(const std::string& csv, const std::string& name,
                                       const std::string& column) {
    std::istringstream lines(csv);
    std::string line;
    std::optional<std::size_t> index;
    while (std::getline(lines, line)) {
        if (line.rfind("# ", 0) == 0) {
            const auto header = SplitCsvLine(line.substr(2));
            for (std::size_t i = 0; i < header.size(); ++i) {
                if (header[i] == column) index = i;
            }
            continue;
        }
        const auto fields = SplitCsvLine(line);
        if (index && fields.size() > *index && fields.size() > 1 && fields[0] == "otklik_nodes" &&
            fields[1] == name) {
            return fields[*index];
        }
    }
    return std::nullopt;
}

}  // namespace

bool HaproxyProcess::NodeUp(const std::string& name) {
    // "UP", or "UP 1/2" while rising; "DOWN", "DOWN 1/2" while falling.
    const auto status = StatusField(StatusCsv(), name, "status");
    return status && (*status == "UP" || status->rfind("DOWN ", 0) == 0);
}

long HaproxyProcess::Stat(const std::string& name, const std::string& column) {
    const auto value = StatusField(StatusCsv(), name, column);
    return value && !value->empty() ? std::stol(*value) : 0;
}

bool HaproxyProcess::WaitForNode(const std::string& name, bool up,
                                 SteadyClock::time_point deadline) {
    while (SteadyClock::now() < deadline) {
        if (NodeUp(name) == up) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

}  // namespace otklik::testing

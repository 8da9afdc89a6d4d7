#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace otklik::testing {

/// Debian's HAProxy in front of several `otklik serve` nodes, as docs/deployment.md configures
/// it (packaging/haproxy.cfg): health checks on GET /readyz, a failed or empty answer re-sent to
/// another node (`retry-on`, `option redispatch`), and a CSV status page the test reads to learn
/// which nodes the proxy counts as up. Runs in the foreground as the test's child process on a
/// free loopback port; stopped with this object. Not thread-safe.
class HaproxyProcess {
public:
    struct Node {
        std::string name;  ///< the `server` name in the backend, e.g. "node1"
        unsigned short port = 0;
    };

    /// Writes `folder`/haproxy.cfg for `nodes`, checks it with `haproxy -c` and starts the proxy.
    /// Throws std::runtime_error with HAProxy's words when it refuses the configuration or does
    /// not answer within a few seconds. OTKLIK_HAPROXY names the binary (default
    /// /usr/sbin/haproxy).
    HaproxyProcess(const std::string& folder, const std::vector<Node>& nodes);
    ~HaproxyProcess();
    HaproxyProcess(const HaproxyProcess&) = delete;
    HaproxyProcess& operator=(const HaproxyProcess&) = delete;

    /// The port clients talk to.
    unsigned short port() const { return port_; }
    /// The generated configuration (printed by tests that fail).
    const std::string& config() const { return config_; }

    /// True when the proxy sends requests to node `name`: its status page says "UP", or
    /// "DOWN 1/2" while the failed checks are not yet enough to take it out.
    bool NodeUp(const std::string& name);
    /// One column of the status page for a server of the backend ("BACKEND" for the backend's
    /// own row), e.g. "wretr" (requests re-sent) or "wredis" (re-sent to another node); 0 when
    /// empty or absent.
    long Stat(const std::string& name, const std::string& column);
    /// Waits until node `name` is up (or, with `up` false, down) in the proxy's eyes; false when
    /// `deadline` passes first.
    bool WaitForNode(const std::string& name, bool up,
                     std::chrono::steady_clock::time_point deadline);

    /// The proxy's binary; empty when it is not installed.
    static std::string Binary();

private:
    std::string StatusCsv();

    pid_t pid_ = -1;
    unsigned short port_ = 0;
    unsigned short stats_port_ = 0;
    std::string config_;
};

/// A loopback TCP port that was free a moment ago (for a server that must come back on the same
/// port after a restart, as a proxy's backend does).
unsigned short FreeLoopbackPort();

}  // namespace otklik::testing

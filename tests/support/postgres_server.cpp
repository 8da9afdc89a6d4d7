#include "support/postgres_server.hpp"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace otklik::testing {
namespace {

// Runs `args` (argv[0] a path), returns standard output; the child's standard error goes to the
// test's log. Throws with the command and its output when it fails.
std::string Run(std::vector<std::string> args) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string output;
    char buffer[4096];
    ssize_t got = 0;
    while ((got = read(out[0], buffer, sizeof buffer)) > 0) {
        output.append(buffer, static_cast<std::size_t>(got));
    }
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!output.empty() && output.back() == '\n') output.pop_back();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::string command;
        for (const auto& arg : args) command += (command.empty() ? "" : " ") + arg;
        throw std::runtime_error(command + " failed: " + output);
    }
    return output;
}

const std::string kScript = OTKLIK_POSTGRES_SCRIPT;

}  // namespace

PostgresServer::PostgresServer(Options options) {
    if (const char* external = std::getenv("OTKLIK_TEST_PG_URL"); external && *external) {
        url_ = external;
        return;
    }
    char folder[] = "/tmp/otklik-pg-XXXXXX";
    if (!mkdtemp(folder)) throw std::runtime_error("mkdtemp failed");
    folder_ = folder;
    std::vector<std::string> args = {kScript, "start", folder_, "--watch",
                                     std::to_string(getpid())};
    if (options.durable) args.emplace_back("--durable");
    try {
        url_ = Run(args);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove_all(folder_, ignored);
        throw;
    }
}

PostgresServer::~PostgresServer() {
    if (folder_.empty()) return;
    try {
        Run({kScript, "stop", folder_});
    } catch (...) {
        // The watcher started with the server stops it when this process ends.
    }
}

std::string PostgresServer::FreshDatabase(const std::string& prefix) const {
    static std::atomic<int> counter{0};
    // Unique across the test binaries that share an external server at once.
    std::random_device random;
    const std::string name = prefix + "_" + std::to_string(getpid()) + "_" +
                             std::to_string(counter.fetch_add(1)) + "_" +
                             std::to_string(random() % 100000);
    return Run({kScript, "createdb", url_, name});
}

void PostgresServer::DropDatabase(const std::string& url) const { Run({kScript, "dropdb", url}); }

PostgresServer& SharedPostgresServer() {
    static PostgresServer server;
    return server;
}

std::string Psql(const std::string& url, const std::string& sql) {
    return Run({"psql", url, "-v", "ON_ERROR_STOP=1", "-Atqc", sql});
}

}  // namespace otklik::testing

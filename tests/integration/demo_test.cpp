// `otklik demo` then `otklik serve`, as the README's `make run` does: the demo is a consistent
// present (issue 16 point 4: every queue's count is the count of the rows it opens).
#include <string>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include <gtest/gtest.h>

namespace otklik::testing {
namespace {

namespace json = boost::json;

// The value of one Prometheus sample line («name value»), or -1 when it is absent.
double Sample(const std::string& metrics, const std::string& name) {
    const std::string prefix = "\n" + name + " ";
    const auto at = metrics.find(prefix);
    if (at == std::string::npos) return -1;
    return std::stod(metrics.substr(at + prefix.size()));
}

// The demo plays a month of appeals. The escalations, reminders and auto-closes of that month
// take effect inside the demo: before, `serve` applied some hundred of them in its first
// seconds, so the first queue counts a browser read disagreed with the lists it opened next.
TEST(Demo, LeavesNoTimerForTheServerToCatchUpWith) {
    TempDir dir;
    const std::string regulations = std::string(OTKLIK_SOURCE_DIR) + "/regulations";
    std::string output;
    ASSERT_EQ(RunOtklik({"demo", "--data", dir.path().string(), "--regulations", regulations}, "",
                        output),
              0)
        << output;
    ServerProcess server(dir.path().string(), {"--regulations", regulations, "--clock", "manual"});
    HttpClient admin(server.port());
    const auto login = admin.Post("/api/v1/auth/login",
                                  json::object{{"login", "admin"}, {"password", "admin-demo"}});
    ASSERT_EQ(login.status, 200) << login.body;
    admin.SetToken(std::string(login.Json().at("token").as_string()));
    // Moving the manual clock by nothing runs what is due in this thread, after the watcher's
    // own first run: the metric then counts every change the server made on its own.
    const auto kick = admin.Post("/api/v1/test/clock", json::object{{"advance", "PT0S"}});
    ASSERT_EQ(kick.status, 200) << kick.body;
    const auto metrics = admin.Get("/metrics");
    ASSERT_EQ(metrics.status, 200) << metrics.body;
    EXPECT_EQ(Sample(metrics.body, "otklik_watcher_changes_total"), 0);
    // The demo's appeals are there, some of them escalated by their timers.
    const auto escalated = admin.Get("/api/v1/appeals?count=only&escalated=true");
    ASSERT_EQ(escalated.status, 200) << escalated.body;
    EXPECT_GT(escalated.Json().at("total").to_number<double>(), 0);
}

}  // namespace
}  // namespace otklik::testing

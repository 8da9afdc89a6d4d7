// `otklik serve --web-root`: the web workplace's files beside the API, safely; and the live
// event stream GET /api/v1/events (issue 7).
#include <filesystem>
#include <fstream>

#include "integration/fixture.hpp"
#include "support/event_stream.hpp"
#include <boost/asio.hpp>
#include <sys/socket.h>
#include <sys/time.h>

using namespace otklik::testing;
namespace fs = std::filesystem;

namespace {

void WriteFile(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

class WebRootTest : public ServerTest {
public:
    void SetUp() override {
        web_ = dir_.path() / "web";
        WriteFile(web_ / "index.html", "<!doctype html><div id=\"root\"></div>");
        WriteFile(web_ / "assets" / "app-1234.js", "console.log('otklik');");
        WriteFile(web_ / "assets" / "app-1234.css", "body{}");
        WriteFile(web_ / "help" / "index.html", "<!doctype html><title>Справка</title>");
        WriteFile(dir_.path() / "secret.txt", "top secret");
        fs::create_symlink(dir_.path() / "secret.txt", web_ / "link.txt");
        AddUser("admin", "administrator", kAdminPassword);
        AddUser("operator", "operator", kOperatorPassword, {"--group", "line1"});
        Start({"--web-root", web_.string()});
    }

    fs::path web_;
};

}  // namespace

TEST_F(WebRootTest, ServesFilesWithTheirContentTypes) {
    HttpClient client(server_->port());
    auto js = client.Get("/assets/app-1234.js");
    EXPECT_EQ(js.status, 200);
    EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js.body, "console.log('otklik');");
    EXPECT_NE(js.Header("cache-control").find("immutable"), std::string::npos);
    auto css = client.Get("/assets/app-1234.css");
    EXPECT_EQ(css.Header("content-type"), "text/css; charset=utf-8");
    auto index = client.Get("/");
    EXPECT_EQ(index.status, 200);
    EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(index.Header("cache-control"), "no-cache");
    EXPECT_EQ(client.Send("HEAD", "/").status, 200);
}

TEST_F(WebRootTest, AnswersClientRoutesWithIndexHtml) {
    HttpClient client(server_->port());
    const std::vector<std::string> targets = {"/appeals/" + Encode("ГЛ-2026-000001"), "/dashboard",
                                              "/admin/users?x=1"};
    for (const auto& target : targets) {
        const auto response = client.Get(target);
        EXPECT_EQ(response.status, 200) << target;
        EXPECT_NE(response.body.find("id=\"root\""), std::string::npos) << target;
    }
    EXPECT_EQ(client.Get("/assets/missing-file.js").status, 404);
}

// KB-4: the public help site is a folder of its own, answered by its own index page.
TEST_F(WebRootTest, AnswersAFolderWithItsOwnIndexPage) {
    HttpClient client(server_->port());
    const auto help = client.Get("/help/");
    EXPECT_EQ(help.status, 200);
    EXPECT_NE(help.body.find("Справка"), std::string::npos) << help.body;
    const auto bare = client.Get("/help");
    EXPECT_EQ(bare.status, 301);
    EXPECT_EQ(bare.Header("location"), "/help/");
    EXPECT_NE(client.Get("/").body.find("id=\"root\""), std::string::npos);
}

TEST_F(WebRootTest, NeverReadsOutsideTheRoot) {
    HttpClient client(server_->port());
    for (const char* target : {"/../secret.txt", "/assets/../../secret.txt",
                               "/assets/%2e%2e/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt",
                               "/assets/..%5c..%5csecret.txt", "/link.txt", "/secret.txt%00.js"}) {
        const auto response = client.Get(target);
        EXPECT_NE(response.status, 200) << target;
        EXPECT_EQ(response.body.find("top secret"), std::string::npos) << target;
    }
}

TEST_F(WebRootTest, LeavesTheApiToTheApi) {
    HttpClient client(server_->port());
    const auto missing = client.Get("/api/v1/no-such-thing");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.Json().at("error").at("code").as_string(), "not_found");
    EXPECT_EQ(client.Get("/healthz").Json().at("status").as_string(), "ok");
    EXPECT_EQ(client.Get("/api/v1/auth/me").status, 401);
    EXPECT_EQ(client.Send("POST", "/dashboard").status, 404);
}

TEST_F(WebRootTest, EventStreamAnnouncesNewAppealsAndActions) {
    HttpClient login(server_->port());
    const auto token = Login(login, "operator", kOperatorPassword);
    EventStream events(server_->port(), token);
    const auto head = events.ReadUntil("event: ready");
    ASSERT_NE(head.find("event: ready"), std::string::npos) << head;
    EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos);
    EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos);

    const auto appeal = Create();
    const std::string uin = Uin(appeal);
    const auto created = events.ReadUntil("\"uin\":\"" + uin + "\"");
    EXPECT_NE(created.find("event: appeal\ndata: {\"uin\":\"" + uin + "\",\"change\":\"created\""),
              std::string::npos)
        << created;
    // No personal data travels in events.
    EXPECT_EQ(created.find("sokolova"), std::string::npos);
    EXPECT_EQ(created.find("Соколова"), std::string::npos);
}

TEST_F(WebRootTest, EventStreamNeedsAStaffLogin) {
    EventStream events(server_->port(), "");
    const auto answer = events.ReadUntil("\r\n\r\n");
    EXPECT_NE(answer.find("HTTP/1.1 401"), std::string::npos) << answer;
}

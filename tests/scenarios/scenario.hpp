#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include <gtest/gtest.h>

namespace otklik::testing {

namespace json = boost::json;

/// A staff account a scenario needs.
struct Person {
    std::string login;
    std::string role;
    std::string group;
    std::string region;
};

/// The real server with the manual clock and the shipped regulations (regulations/), and a
/// signed-in client per person (an API token that does not expire while the clock moves).
/// Moving the clock runs what fell due before the clock route answers, so no test sleeps.
class Scenario : public ::testing::Test {
protected:
    static constexpr const char* kPassword = "scenario-secret-1";

    void Start(const std::string& clock_start, const std::vector<Person>& people,
               const std::string& regulations = std::string(OTKLIK_SOURCE_DIR) + "/regulations") {
        for (const Person& person : people) {
            std::vector<std::string> args = {"user",       "add",
                                             person.login, "--role",
                                             person.role,  "--password-stdin",
                                             "--data",     dir_.path().string()};
            if (!person.group.empty()) args.insert(args.end(), {"--group", person.group});
            if (!person.region.empty()) args.insert(args.end(), {"--region", person.region});
            std::string output;
            ASSERT_EQ(RunOtklik(args, std::string(kPassword) + "\n", output), 0) << output;
        }
        // Scenarios drive one applicant through many near-identical appeals: triage (tested on
        // its own in tests/integration/triage_test.cpp) would rightly refuse them as duplicates.
        server_ = std::make_unique<ServerProcess>(
            dir_.path().string(),
            std::vector<std::string>{"--clock", "manual", "--clock-start", clock_start,
                                     "--regulations", regulations, "--triage", "off"});
        for (const Person& person : people) {
            auto client = std::make_unique<HttpClient>(server_->port());
            const auto login =
                client->Post("/api/v1/auth/login",
                             json::object{{"login", person.login}, {"password", kPassword}});
            ASSERT_EQ(login.status, 200) << login.body;
            client->SetToken(std::string(login.Json().at("token").as_string()));
            const auto token = client->Post(
                "/api/v1/tokens", json::object{{"name", "scenario"}, {"expires_in_days", 30}});
            ASSERT_EQ(token.status, 201) << token.body;
            client->SetToken(std::string(token.Json().at("token").as_string()));
            clients_[person.login] = std::move(client);
        }
    }

    HttpClient& As(const std::string& login) { return *clients_.at(login); }

    /// Sets the manual clock (RFC 3339); the due timers have run when this returns.
    void SetClock(const std::string& at) {
        const auto response =
            clients_.begin()->second->Post("/api/v1/test/clock", json::object{{"set", at}});
        ASSERT_EQ(response.status, 200) << response.body;
    }
    void Advance(const std::string& duration) {
        const auto response = clients_.begin()->second->Post("/api/v1/test/clock",
                                                             json::object{{"advance", duration}});
        ASSERT_EQ(response.status, 200) << response.body;
    }

    static std::string Path(const std::string& uin, const std::string& tail = "") {
        return "/api/v1/appeals/" + Encode(uin) + tail;
    }

    /// Each appeal a scenario registers comes from its own applicant (own e-mail, phone, СНИЛС),
    /// so that triage does not take one for another's duplicate or status inquiry (TR-5, TR-8).
    json::object Unique(json::object body) {
        ++serial_;
        if (auto* applicant = body.if_contains("applicant"); applicant && applicant->is_object()) {
            auto& a = applicant->as_object();
            const std::string n = std::to_string(serial_);
            if (a.contains("email")) a["email"] = "applicant" + n + "@example.ru";
            if (a.contains("phone")) a["phone"] = "+7916" + std::to_string(1000000 + serial_);
            if (a.contains("snils")) a["snils"] = Snils(100200300 + 7 * serial_);
        }
        return body;
    }

    /// A valid СНИЛС for nine digits: their control number (sum of digit × weight, mod 101).
    static std::string Snils(int number) {
        const std::string d = std::to_string(number);
        int sum = 0;
        for (int i = 0; i < 9; ++i) sum += (d[static_cast<std::size_t>(i)] - '0') * (9 - i);
        int control = sum % 101;
        if (control == 100) control = 0;
        char tail[8];
        std::snprintf(tail, sizeof tail, " %02d", control);
        return d.substr(0, 3) + "-" + d.substr(3, 3) + "-" + d.substr(6, 3) + tail;
    }

    /// Registers an appeal (from its own applicant); the test fails unless it is 201.
    json::object Create(const std::string& login, const json::object& body) {
        const auto response = As(login).Post("/api/v1/appeals", Unique(body));
        EXPECT_EQ(response.status, 201) << response.body;
        if (response.status != 201) return {};
        return response.Json().as_object();
    }

    json::object Get(const std::string& uin, const std::string& login = "") {
        auto& client = login.empty() ? *clients_.begin()->second : As(login);
        const auto response = client.Get(Path(uin));
        EXPECT_EQ(response.status, 200) << response.body;
        return response.status == 200 ? response.Json().as_object() : json::object{};
    }

    HttpResponse TryAct(const std::string& login, const std::string& uin,
                        const json::object& body) {
        const auto current = Get(uin, login);
        const std::string version =
            current.contains("version") ? std::to_string(current.at("version").as_int64()) : "1";
        return As(login).Post(Path(uin, "/actions"), body, {{"If-Match", "\"" + version + "\""}});
    }

    /// Applies an action; the test fails unless it is 200. Returns the appeal.
    json::object Act(const std::string& login, const std::string& uin, const json::object& body) {
        const auto response = TryAct(login, uin, body);
        EXPECT_EQ(response.status, 200) << body << " → " << response.body;
        return response.status == 200 ? response.Json().as_object() : json::object{};
    }

    /// The history's action codes, oldest first.
    std::vector<std::string> Actions(const std::string& uin) {
        std::vector<std::string> actions;
        const auto response = clients_.begin()->second->Get(Path(uin, "/history"));
        EXPECT_EQ(response.status, 200) << response.body;
        const auto body = response.Json();
        for (const auto& entry : body.at("items").as_array()) {
            actions.emplace_back(entry.at("action").as_string());
        }
        return actions;
    }

    json::array List(const std::string& login, const std::string& query) {
        const auto response = As(login).Get("/api/v1/appeals?" + query);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.status == 200 ? response.Json().at("items").as_array() : json::array{};
    }

    static std::string Str(const json::object& appeal, const char* key) {
        const auto* value = appeal.if_contains(key);
        return value && value->is_string() ? std::string(value->as_string()) : std::string();
    }
    static std::string Deadline(const json::object& appeal, const char* name) {
        const auto& deadlines = appeal.at("deadlines").as_object();
        const auto* value = deadlines.if_contains(name);
        return value ? std::string(value->as_string()) : std::string("none");
    }
    static std::string Attribute(const json::object& appeal, const char* name) {
        const auto& attributes = appeal.at("attributes").as_object();
        const auto* value = attributes.if_contains(name);
        return value ? std::string(value->as_string()) : std::string();
    }
    static bool Offers(const json::object& appeal, const char* action) {
        for (const auto& item : appeal.at("available_actions").as_array()) {
            if (item.as_string() == action) return true;
        }
        return false;
    }
    static std::string ErrorCode(const HttpResponse& response) {
        return std::string(response.Json().at("error").at("code").as_string());
    }
    static std::string ErrorMessage(const HttpResponse& response) {
        return std::string(response.Json().at("error").at("message").as_string());
    }
    static std::string FirstField(const HttpResponse& response) {
        const auto body = response.Json();
        const auto& fields = body.at("error").at("fields").as_array();
        return fields.empty() ? std::string() : std::string(fields[0].at("field").as_string());
    }

    TempDir dir_;
    std::unique_ptr<ServerProcess> server_;
    std::map<std::string, std::unique_ptr<HttpClient>> clients_;
    int serial_ = 0;
};

}  // namespace otklik::testing

#pragma once

#include <memory>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include <gtest/gtest.h>

namespace otklik::testing {

namespace json = boost::json;

/// A real server with an administrator ("admin") and an operator ("operator") account,
/// each with a client already signed in.
class ServerTest : public ::testing::Test {
public:
    static constexpr const char* kAdminPassword = "admin-secret-1";
    static constexpr const char* kOperatorPassword = "operator-secret-1";

    void SetUp() override {
        AddUser("admin", "administrator", kAdminPassword);
        AddUser("operator", "operator", kOperatorPassword, {"--group", "line1"});
        Start();
    }

    void AddUser(const std::string& login, const std::string& role, const std::string& password,
                 std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"user",   "add",
                                         login,    "--role",
                                         role,     "--password-stdin",
                                         "--data", dir_.path().string()};
        args.insert(args.end(), extra.begin(), extra.end());
        std::string output;
        ASSERT_EQ(RunOtklik(args, password + "\n", output), 0) << output;
    }

    void Start(std::vector<std::string> extra = {}) {
        server_ = std::make_unique<ServerProcess>(dir_.path().string(), extra);
        admin_ = std::make_unique<HttpClient>(server_->port());
        op_ = std::make_unique<HttpClient>(server_->port());
        admin_->SetToken(Login(*admin_, "admin", kAdminPassword));
        op_->SetToken(Login(*op_, "operator", kOperatorPassword));
    }

    void Restart(std::vector<std::string> extra = {}) {
        admin_.reset();
        op_.reset();
        server_.reset();
        Start(std::move(extra));
    }

    static std::string Login(HttpClient& client, const std::string& login,
                             const std::string& password) {
        const auto response = client.Post("/api/v1/auth/login",
                                          json::object{{"login", login}, {"password", password}});
        EXPECT_EQ(response.status, 200) << response.body;
        return std::string(response.Json().at("token").as_string());
    }

    static json::object ValidAppeal() {
        return json::object{
            {"regulation", "hotline"},
            {"channel", "api"},
            {"subject", "Не формируется отчёт"},
            {"text",
             "При формировании ежемесячного отчёта появляется ошибка «Превышено время ожидания»."},
            {"category", "ИНЦ"},
            {"priority", "P2"},
            {"applicant", json::object{{"last_name", "Соколова"},
                                       {"first_name", "Анна"},
                                       {"email", "sokolova@example.ru"},
                                       {"phone", "+7 (916) 123-45-67"},
                                       {"snils", "112-233-445 95"},
                                       {"inn", "500100732259"},
                                       {"region", "77"}}},
        };
    }

    /// Registers an appeal (ValidAppeal() by default, each from a different applicant so that
    /// triage does not take them for duplicates) and returns the response body.
    json::object Create(json::object body = Distinct(ValidAppeal())) {
        const auto response = op_->Post("/api/v1/appeals", body);
        EXPECT_EQ(response.status, 201) << response.body;
        return response.Json().as_object();
    }

    static json::object Distinct(json::object body) {
        static int counter = 0;
        auto& applicant = body["applicant"].as_object();
        applicant["email"] = "applicant" + std::to_string(++counter) + "@example.ru";
        applicant.erase("snils");
        applicant.erase("phone");
        return body;
    }

    static std::string Uin(const json::object& appeal) {
        return std::string(appeal.at("uin").as_string());
    }

    TempDir dir_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> admin_;
    std::unique_ptr<HttpClient> op_;
};

}  // namespace otklik::testing

// Issue 16 (SEC-1, SEC-6): the intake's step checks (POST /api/v1/appeals/validate) and the
// registration they rehearse never tell whether an appeal outside the caller's scope exists. A
// draft that names such an appeal — by the number of the call it came from, or by its applicant —
// gets the same answer as a draft that names a number never issued or an applicant never seen.
#include <string>

#include "integration/fixture.hpp"

namespace otklik::testing {
namespace {

constexpr const char* kRegionalPassword = "regional-secret-1";
constexpr const char* kNeverIssued = "ГЛ-2026-999999";

class ValidateScopeTest : public ServerTest {
public:
    void SetUp() override {
        AddUser("admin", "administrator", kAdminPassword);
        AddUser("operator", "operator", kOperatorPassword, {"--group", "line1"});
        AddUser("regional", "regional_operator", kRegionalPassword, {"--region", "77"});
        Start();
        regional_ = std::make_unique<HttpClient>(server_->port());
        regional_->SetToken(Login(*regional_, "regional", kRegionalPassword));
    }

    // A phone draft of the hotline for region 77, naming `reserved_uin` and the applicant.
    static json::object Draft(const std::string& reserved_uin, const std::string& email,
                              const std::string& snils) {
        json::object body = ValidAppeal();
        body["channel"] = "phone";
        body["reserved_uin"] = reserved_uin;
        auto& applicant = body["applicant"].as_object();
        applicant["email"] = email;
        applicant["snils"] = snils;
        applicant.erase("phone");
        return body;
    }

    // The answer's text with the number the draft named replaced, so that two answers compare.
    static std::string Anonymous(std::string text, const std::string& uin) {
        for (auto at = text.find(uin); at != std::string::npos; at = text.find(uin, at)) {
            text.replace(at, uin.size(), "<номер>");
        }
        return text;
    }

    std::unique_ptr<HttpClient> regional_;
};

TEST_F(ValidateScopeTest, ADraftNamingAnAppealOutsideTheScopeIsAnsweredAsOneNamingNothing) {
    // Another operator takes a call and registers its appeal in region 16 (Tatarstan), with an
    // applicant of its own: the regional operator of region 77 may not see it.
    const auto call = op_->Post("/api/v1/calls", json::object{{"regulation", "hotline"}});
    ASSERT_EQ(call.status, 201) << call.body;
    const std::string hidden(call.Json().at("uin").as_string());
    json::object appeal = Draft(hidden, "hidden.applicant@example.ru", "112-233-445 95");
    appeal["applicant"].as_object()["region"] = "16";
    const auto registered = op_->Post("/api/v1/appeals", appeal);
    ASSERT_EQ(registered.status, 201) << registered.body;
    ASSERT_EQ(Uin(registered.Json().as_object()), hidden);
    ASSERT_EQ(regional_->Get("/api/v1/appeals/" + Encode(hidden)).status, 404)
        << "outside the regional operator's scope";

    // The step checks: the hidden appeal's number and applicant, or a number never issued and an
    // applicant never seen — the same answer, field for field.
    const auto naming = regional_->Post(
        "/api/v1/appeals/validate", Draft(hidden, "hidden.applicant@example.ru", "112-233-445 95"));
    const auto nothing = regional_->Post(
        "/api/v1/appeals/validate", Draft(kNeverIssued, "nobody@example.ru", "120-240-360 78"));
    ASSERT_EQ(naming.status, 200) << naming.body;
    ASSERT_EQ(nothing.status, 200) << nothing.body;
    EXPECT_EQ(Anonymous(naming.body, hidden), Anonymous(nothing.body, kNeverIssued));

    // A draft that names the hidden appeal by its number as the previous one (the text says so):
    // no different either.
    auto previous = Draft(kNeverIssued, "nobody@example.ru", "120-240-360 78");
    previous["text"] = "Повторно по обращению " + hidden + ": отчёт так и не формируется.";
    auto unknown = previous;
    unknown["text"] =
        "Повторно по обращению " + std::string(kNeverIssued) + ": отчёт так и не формируется.";
    const auto previous_answer = regional_->Post("/api/v1/appeals/validate", previous);
    const auto unknown_answer = regional_->Post("/api/v1/appeals/validate", unknown);
    ASSERT_EQ(previous_answer.status, 200) << previous_answer.body;
    ASSERT_EQ(unknown_answer.status, 200) << unknown_answer.body;
    EXPECT_EQ(Anonymous(previous_answer.body, hidden),
              Anonymous(unknown_answer.body, kNeverIssued));

    // The registration the checks rehearse: the hidden appeal's number is refused exactly as a
    // number never issued — not as «already ended», which would say an appeal took it.
    const auto taken = regional_->Post(
        "/api/v1/appeals", Draft(hidden, "hidden.applicant@example.ru", "112-233-445 95"));
    const auto never = regional_->Post("/api/v1/appeals",
                                       Draft(kNeverIssued, "nobody@example.ru", "120-240-360 78"));
    EXPECT_EQ(taken.status, 422) << taken.body;
    EXPECT_EQ(never.status, 422) << never.body;
    EXPECT_EQ(Anonymous(taken.body, hidden), Anonymous(never.body, kNeverIssued));
    EXPECT_EQ(taken.body.find("завершён"), std::string::npos) << taken.body;

    // Another operator's open call is not the caller's either: answered the same way, and the
    // number stays with its call.
    const auto open = op_->Post("/api/v1/calls", json::object{{"regulation", "hotline"}});
    ASSERT_EQ(open.status, 201) << open.body;
    const std::string theirs(open.Json().at("uin").as_string());
    const auto borrowed =
        regional_->Post("/api/v1/appeals", Draft(theirs, "nobody@example.ru", "120-240-360 78"));
    EXPECT_EQ(borrowed.status, 422) << borrowed.body;
    EXPECT_EQ(Anonymous(borrowed.body, theirs), Anonymous(never.body, kNeverIssued));
    const auto still = op_->Get("/api/v1/calls/" + Encode(theirs));
    ASSERT_EQ(still.status, 200) << still.body;
    EXPECT_EQ(std::string(still.Json().at("outcome").as_string()), "");
}

}  // namespace
}  // namespace otklik::testing

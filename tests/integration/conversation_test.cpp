// Issue 16, points 1 and 5, against the real binary: the appeal's conversation (the resolution
// as the applicant got it with its delivery state, the chatbot's dialog, internal notes apart),
// refused to an operator of another region exactly like a missing appeal; and a chatbot's new
// appeal reaching another session's event stream (the registration listener, not the channel).
#include <algorithm>
#include <fstream>
#include <regex>

#include "integration/fixture.hpp"
#include "support/event_stream.hpp"
#include "support/smtp_sink.hpp"
#include <boost/asio.hpp>
#include <sys/socket.h>
#include <sys/time.h>

namespace otklik::testing {
namespace {

constexpr const char* kRegionalPassword = "regional-secret-25";

class ConversationTest : public ServerTest {
public:
    void SetUp() override {
        AddUser("admin", "administrator", kAdminPassword);
        AddUser("operator", "operator", kOperatorPassword, {"--group", "line1"});
        AddUser("vladivostok", "regional_operator", kRegionalPassword, {"--region", "25"});
        smtp_ = std::make_unique<SmtpSink>(dir_.path() / "smtp");
        std::ofstream(dir_.path() / "otklik.toml")
            << "[mail]\nsmtp_url = \"smtp://127.0.0.1:" << smtp_->port()
            << "\"\nsmtp_tls = \"off\"\nfrom_address = \"support@otklik.local\"\n";
        Start({"--config", (dir_.path() / "otklik.toml").string(), "--clock", "manual",
               "--clock-start", "2026-01-19T07:00:00Z"});
        public_ = std::make_unique<HttpClient>(server_->port());
    }

    static std::string Path(const std::string& uin, const std::string& tail = "") {
        return "/api/v1/appeals/" + Encode(uin) + tail;
    }

    // Runs what is due: the outbox goes to the SMTP sink before the answer.
    void Kick() {
        ASSERT_EQ(public_->Post("/api/v1/test/clock", json::object{{"advance", "PT0S"}}).status,
                  200);
    }

    json::object Act(const std::string& uin, json::object body) {
        const auto response = op_->Post(Path(uin, "/actions"), body);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json().as_object();
    }

    json::object Conversation(const std::string& uin) {
        const auto response = op_->Get(Path(uin, "/conversation"));
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json().as_object();
    }

    static std::vector<std::string> Kinds(const json::array& entries) {
        std::vector<std::string> kinds;
        for (const auto& entry : entries) kinds.emplace_back(entry.at("kind").as_string());
        return kinds;
    }

    std::unique_ptr<SmtpSink> smtp_;
    std::unique_ptr<HttpClient> public_;
};

TEST_F(ConversationTest, ResolutionIsShownAsSentWithItsDeliveryAndTheNotesApart) {
    const std::string uin = Uin(Create());
    ASSERT_EQ(op_->Post(Path(uin, "/comments"),
                        json::object{{"text", "Похоже на кэш отчётов"}, {"visibility", "internal"}})
                  .status,
              201);
    Act(uin, json::object{{"action", "take"}});
    Act(uin, json::object{{"action", "resolve"}, {"solution", "Очищен кэш отчётов"}});
    Kick();

    const auto conversation = Conversation(uin);
    const auto& thread = conversation.at("thread").as_array();
    const auto kinds = Kinds(thread);
    ASSERT_FALSE(kinds.empty());
    EXPECT_EQ(kinds.front(), "appeal");
    const auto resolution = std::find_if(thread.begin(), thread.end(), [](const json::value& e) {
        return e.at("kind") == "letter_out" &&
               e.at("text").as_string().find("Очищен кэш отчётов") != json::string::npos;
    });
    ASSERT_NE(resolution, thread.end()) << conversation;
    EXPECT_EQ(resolution->at("state").as_string(), "sent") << *resolution;
    EXPECT_NE(resolution->at("subject").as_string().find(uin), json::string::npos);
    // The signed links act as the applicant: the card names them, never carries them.
    EXPECT_EQ(resolution->at("text").as_string().find("/api/v1/public/confirm/"),
              json::string::npos)
        << *resolution;
    // Letters after one another in time; the internal note only among the notes.
    for (std::size_t i = 1; i < thread.size(); ++i) {
        EXPECT_LE(thread[i - 1].at("at").as_string(), thread[i].at("at").as_string());
    }
    const auto& notes = conversation.at("notes").as_array();
    ASSERT_EQ(notes.size(), 1u) << conversation;
    EXPECT_EQ(notes[0].at("text").as_string(), "Похоже на кэш отчётов");
    EXPECT_EQ(json::serialize(thread).find("Похоже на кэш отчётов"), std::string::npos);
    // Nothing of the applicant the masked card does not show: the address is masked.
    const std::string text = json::serialize(conversation);
    EXPECT_FALSE(std::regex_search(text, std::regex("applicant[0-9]+@example"))) << text;
    EXPECT_EQ(text.find("Соколова"), std::string::npos) << text;
}

// Whoever may not see the appeal gets the answer a missing number gets (SEC-1, SEC-6).
TEST_F(ConversationTest, AnOperatorOfAnotherRegionIsAnsweredAsForAMissingAppeal) {
    const std::string moscow = Uin(Create());  // region 77
    HttpClient regional(server_->port());
    regional.SetToken(Login(regional, "vladivostok", kRegionalPassword));
    const auto hidden = regional.Get(Path(moscow, "/conversation"));
    const auto absent = regional.Get(Path("ГЛ-2026-999999", "/conversation"));
    EXPECT_EQ(hidden.status, 404) << hidden.body;
    EXPECT_EQ(hidden.status, absent.status);
    EXPECT_EQ(hidden.Json().at("error").at("code"), absent.Json().at("error").at("code"));
    EXPECT_EQ(hidden.body.find("Соколова"), std::string::npos);
    EXPECT_EQ(op_->Get(Path(moscow, "/conversation")).status, 200);
}

// Point 5: the chatbot registers through the one place that registers appeals, which tells
// the event stream; the card then shows the dialog and the articles the applicant turned down.
TEST_F(ConversationTest, ChatbotAppealArrivesLiveAndItsDialogOpensTheThread) {
    HttpClient watcher(server_->port());
    EventStream events(server_->port(), Login(watcher, "operator", kOperatorPassword));
    ASSERT_NE(events.ReadUntil("event: ready").find("event: ready"), std::string::npos);

    const auto started =
        public_->Post("/api/v1/chat/sessions", json::object{{"regulation", "epgu"},
                                                            {"region", "77"},
                                                            {"role", "citizen"},
                                                            {"login", "ivanov2010"},
                                                            {"email", "chat.user@example.ru"}});
    ASSERT_EQ(started.status, 201) << started.body;
    const std::string id(started.Json().at("session_id").as_string());
    const auto say = [&](const std::string& text) {
        const auto reply = public_->Post("/api/v1/chat/sessions/" + id + "/messages",
                                         json::object{{"text", text}});
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.Json().as_object();
    };
    say("1");
    auto reply = say("Не приходит SMS с кодом подтверждения при входе на портал");
    const std::string step(reply.at("step").as_string());
    std::size_t offered = 0;
    if (step == "feedback") {
        offered = reply.at("articles").as_array().size();
        reply = say("нет");
    } else if (step == "offer") {
        reply = say("да");
    }
    ASSERT_TRUE(reply.contains("uin")) << reply;
    const std::string uin(reply.at("uin").as_string());

    const auto received = events.ReadUntil("\"uin\":\"" + uin + "\"");
    EXPECT_NE(received.find("\"uin\":\"" + uin + "\",\"change\":\"created\""), std::string::npos)
        << received;

    const auto conversation = Conversation(uin);
    const auto& thread = conversation.at("thread").as_array();
    const auto kinds = Kinds(thread);
    ASSERT_GE(kinds.size(), 3u) << conversation;
    EXPECT_EQ(kinds[0], "chat");
    bool user_turn = false;
    bool bot_turn = false;
    for (const auto& entry : thread) {
        if (entry.at("kind") != "chat") continue;
        user_turn = user_turn || entry.at("direction") == "in";
        bot_turn = bot_turn || entry.at("direction") == "out";
    }
    EXPECT_TRUE(user_turn && bot_turn) << conversation;
    EXPECT_NE(json::serialize(thread).find("Не приходит SMS"), std::string::npos);
    EXPECT_EQ(json::serialize(conversation).find("chat.user@example.ru"), std::string::npos)
        << conversation;
    EXPECT_EQ(conversation.at("rejected_articles").as_array().size(), offered) << conversation;
}

}  // namespace
}  // namespace otklik::testing

// The knowledge base and the chatbot over HTTP against the real binary (KB-1…KB-3, TR-8).
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "fixture.hpp"

namespace otklik::testing {
namespace {

class KbTest : public ServerTest {
public:
    void SetUp() override {
        AddUser("admin", "administrator", kAdminPassword);
        AddUser("operator", "operator", kOperatorPassword, {"--group", "line1"});
        std::string output;
        ASSERT_EQ(RunOtklik({"demo", "--data", dir_.path().string(), "--appeals", "0",
                             "--regulations", std::string(OTKLIK_SOURCE_DIR) + "/regulations"},
                            "", output),
                  0)
            << output;
        Start(Flags());
        public_ = std::make_unique<HttpClient>(server_->port());
    }

    // The seed bilet regulation is in force in 2020 only: the server lives then.
    static std::vector<std::string> Flags() {
        return {"--regulations", std::string(OTKLIK_SOURCE_DIR) + "/regulations",
                "--clock",       "manual",
                "--clock-start", "2020-06-01T07:00:00Z"};
    }

    json::object StartChat(json::object body = {{"regulation", "bilet"}}) {
        const auto response = public_->Post("/api/v1/chat/sessions", body);
        EXPECT_EQ(response.status, 201) << response.body;
        return response.Json().as_object();
    }

    json::object Say(const std::string& session, const std::string& text) {
        const auto response = public_->Post("/api/v1/chat/sessions/" + session + "/messages",
                                            json::object{{"text", text}});
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json().as_object();
    }

    static std::string Step(const json::object& reply) {
        return std::string(reply.at("step").as_string());
    }

    // Answers the questions before the question itself.
    std::string Introduce(const std::string& email) {
        const auto started = StartChat();
        const std::string id(started.at("session_id").as_string());
        EXPECT_EQ(Step(started), "region");
        EXPECT_EQ(Step(Say(id, "Татарстан")), "role");
        EXPECT_EQ(Step(Say(id, "1")), "login");
        EXPECT_EQ(Step(Say(id, "ivanov2010")), "email");
        EXPECT_EQ(Step(Say(id, "это не почта")), "email");
        EXPECT_EQ(Step(Say(id, email)), "type");
        EXPECT_EQ(Step(Say(id, "1")), "question");
        return id;
    }

    std::unique_ptr<HttpClient> public_;
};

TEST_F(KbTest, ChatbotAnswerThatHelpedCountsAsSelfService) {
    const auto id = Introduce("ivan@example.ru");
    const auto answers = Say(id, "как записаться на профпробу");
    EXPECT_EQ(Step(answers), "feedback");
    EXPECT_FALSE(answers.at("articles").as_array().empty());
    EXPECT_LE(answers.at("articles").as_array().size(), 3u);
    const auto done = Say(id, "да, спасибо");
    EXPECT_EQ(done.at("outcome").as_string(), "solved");
    const auto report = admin_->Get("/api/v1/reports/chatbot");
    ASSERT_EQ(report.status, 200) << report.body;
    EXPECT_EQ(report.Json().at("solved_by_self_service").as_int64(), 1);
    EXPECT_EQ(op_->Get("/api/v1/reports/chatbot").status, 403);
    const auto metrics = admin_->Get("/metrics");  // staff only (issue 12)
    EXPECT_NE(metrics.body.find("otklik_chatbot_solved_total 1\n"), std::string::npos)
        << metrics.body;
}

TEST_F(KbTest, ChatbotRegistersAnAppealWhenAnswersDidNotHelpAndSurvivesRestart) {
    const auto id = Introduce("petrova@example.ru");
    Restart(Flags());
    public_ = std::make_unique<HttpClient>(server_->port());
    const auto saved = public_->Get("/api/v1/chat/sessions/" + id);
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(saved.Json().at("step").as_string(), "question");
    EXPECT_EQ(Step(Say(id, "профпроба пройдена, но в кабинете не отмечена")), "feedback");
    const auto registered = Say(id, "нет");
    ASSERT_TRUE(registered.contains("uin")) << json::serialize(registered);
    const std::string uin(registered.at("uin").as_string());
    EXPECT_EQ(registered.at("outcome").as_string(), "registered");
    const auto appeal = op_->Get("/api/v1/appeals/" + Encode(uin));
    ASSERT_EQ(appeal.status, 200) << appeal.body;
    EXPECT_EQ(appeal.Json().at("channel").as_string(), "chatbot");
    EXPECT_EQ(appeal.Json().at("regulation").as_string(), "bilet");

    // TR-8: the same applicant asks about it in a new dialog; the status comes only after the
    // code sent to the address (SEC-5; the whole flow is in visibility_test.cpp), and until then
    // the bot does not say whether the number exists.
    const auto again = Introduce("petrova@example.ru");
    const auto status = Say(again, "какой статус у обращения " + uin + "?");
    EXPECT_EQ(Step(status), "code");
    EXPECT_EQ(json::serialize(status.at("messages")).find(uin), std::string::npos);

    const auto suggestions = op_->Get("/api/v1/appeals/" + Encode(uin) + "/suggestions");
    ASSERT_EQ(suggestions.status, 200) << suggestions.body;
    EXPECT_FALSE(suggestions.Json().at("items").as_array().empty());
}

// KB-3, SLA-7, issue 17: on a day the «Билет в будущее» regulation is no longer in force, a page
// that embeds its chat gets that project's greeting, a clear message with its dates and contacts,
// and nothing registered — never another service's dialog.
TEST_F(KbTest, ChatbotOfARegulationNotInForceSaysSoWithItsContacts) {
    Restart({"--regulations", std::string(OTKLIK_SOURCE_DIR) + "/regulations", "--clock", "manual",
             "--clock-start", "2026-11-24T07:00:00Z"});
    public_ = std::make_unique<HttpClient>(server_->port());
    const auto reply = StartChat({{"regulation", "bilet"}, {"channel", "chatbot"}});
    const std::string id(reply.at("session_id").as_string());
    EXPECT_EQ(Step(reply), "closed");
    const std::string said = json::serialize(reply.at("messages"));
    EXPECT_NE(said.find("Билет в будущее"), std::string::npos) << said;
    EXPECT_NE(said.find("15.12.2020"), std::string::npos) << said;
    EXPECT_NE(said.find("bilet@worldskills.ru"), std::string::npos) << said;
    EXPECT_EQ(said.find("госуслуг"), std::string::npos) << said;
    const auto again = Say(id, "не могу войти в личный кабинет");
    EXPECT_EQ(Step(again), "closed");
    EXPECT_FALSE(again.contains("uin"));
    EXPECT_NE(json::serialize(again.at("messages")).find("bilet@worldskills.ru"),
              std::string::npos);
    // The portal's own chat, in force that day, registers as before.
    EXPECT_EQ(Step(StartChat({{"regulation", "epgu"}, {"channel", "chatbot"}})), "region");
}

TEST_F(KbTest, OnlyEditorsChangeArticlesAndSearchSeesTheChange) {
    const json::object article{{"base", "bilet"},
                               {"question", "Как получить значок участника фестиваля"},
                               {"answer", "Значок выдают на площадке фестиваля."},
                               {"keywords", json::array{"значок", "фестиваль"}}};
    EXPECT_EQ(op_->Post("/api/v1/kb/articles", article).status, 403);
    const auto created = admin_->Post("/api/v1/kb/articles", article);
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.Json().at("id").as_int64();
    const auto found = public_->Get("/api/v1/kb/search?q=%D0%B7%D0%BD%D0%B0%D1%87%D0%BE%D0%BA");
    ASSERT_EQ(found.status, 200) << found.body;
    ASSERT_FALSE(found.Json().at("items").as_array().empty());
    EXPECT_EQ(found.Json().at("items").as_array()[0].at("id").as_int64(), id);
    const auto edited =
        admin_->Send("PATCH", "/api/v1/kb/articles/" + std::to_string(id),
                     json::serialize(json::object{{"version", 1}, {"published", false}}));
    ASSERT_EQ(edited.status, 200) << edited.body;
    const auto hidden = public_->Get("/api/v1/kb/search?q=%D0%B7%D0%BD%D0%B0%D1%87%D0%BE%D0%BA");
    EXPECT_TRUE(hidden.Json().at("items").as_array().empty());
    const auto versions = op_->Get("/api/v1/kb/articles/" + std::to_string(id) + "/versions");
    ASSERT_EQ(versions.status, 200);
    EXPECT_EQ(versions.Json().at("items").as_array().size(), 2u);
    const auto csv = op_->Get("/api/v1/kb/export?format=csv&base=bilet");
    EXPECT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find("значок"), std::string::npos);
}

// Issue 15, KB-1 (docs/decisions/0010-kb-article-model.md): the server trains the article
// classifier in the background after loading the base and fuses it into the ranking. Once the
// server reports the training finished, a parent's question about the cost gets «Нужно ли
// платить за участие в проекте?» (bilet-003) as a confident answer from the public search and the
// chatbot (since stop 32 the index alone is sure of it, KbArticleModel.RaisesTheRightArticle…
// shows the classifier's share); an engineer's own words for «Как стать наставником проекта?»
// (bilet-090) rank that article first, though the search stays unsure of it.
TEST_F(KbTest, ThePublicSearchAndTheChatbotAnswerThroughTheTrainedClassifier) {
    const auto metric = [this](const std::string& name) {
        const auto metrics = admin_->Get("/metrics");
        EXPECT_EQ(metrics.status, 200);
        const auto at = metrics.body.find("\n" + name + " ");
        if (at == std::string::npos) return -1.0;
        return std::stod(metrics.body.substr(at + name.size() + 2));
    };
    // Waits for the condition the server reports, not for a time: the deadline only ends a
    // test whose training never finishes.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    while (metric("otklik_kb_article_model_trainings_total") < 1 ||
           metric("otklik_kb_article_model_busy") != 0) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the article model never trained";
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const auto search = [this](const std::string& question) {
        const auto found = public_->Get("/api/v1/kb/search?regulation=bilet&q=" + Encode(question));
        EXPECT_EQ(found.status, 200) << found.body;
        return found.Json().as_object();
    };

    const std::string cost =
        "Сколько стоит участие ребёнка в «Билете в будущее», нужно ли что-то оплачивать?";
    const auto answer = search(cost);
    ASSERT_FALSE(answer.at("items").as_array().empty()) << json::serialize(answer);
    EXPECT_EQ(answer.at("items").as_array()[0].at("key").as_string(), "bilet-003");
    EXPECT_TRUE(answer.at("confident").as_bool()) << json::serialize(answer);

    const auto id = Introduce("roditel@example.ru");
    const auto answers = Say(id, cost);
    EXPECT_EQ(Step(answers), "feedback") << json::serialize(answers);
    const auto& offered = answers.at("articles").as_array();
    ASSERT_FALSE(offered.empty()) << json::serialize(answers);
    EXPECT_EQ(offered[0].at("key").as_string(), "bilet-003");

    const auto mentor =
        search("я инженер на заводе, хочу вести пробы для школьников, с чего начать");
    const auto& ranked = mentor.at("items").as_array();
    ASSERT_FALSE(ranked.empty()) << json::serialize(mentor);
    EXPECT_EQ(ranked[0].at("key").as_string(), "bilet-090");
    EXPECT_FALSE(mentor.at("confident").as_bool());
}

// KB-2: synonyms are kept per base and edited by the knowledge-base editors; the next search
// uses them.
TEST_F(KbTest, EditedSynonymsOfABaseWidenItsSearch) {
    const auto encode = [](const std::string& text) {
        std::string out;
        static constexpr char kHex[] = "0123456789ABCDEF";
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            out += {'%', kHex[byte >> 4], kHex[byte & 15]};
        }
        return out;
    };
    const auto search = [&](const std::string& words) {
        const auto found = public_->Get("/api/v1/kb/search?regulation=bilet&q=" + encode(words));
        EXPECT_EQ(found.status, 200) << found.body;
        return found.Json().at("items").as_array();
    };
    const auto created = admin_->Post("/api/v1/kb/articles",
                                      json::object{{"base", "bilet"},
                                                   {"question", "Где получить значок участника"},
                                                   {"answer", "Значок выдают на площадке."}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.Json().at("id").as_int64();
    for (const auto& hit : search("бейдж")) EXPECT_NE(hit.at("id").as_int64(), id);

    const json::object groups{{"groups", json::array{json::array{"значок", " бейдж "}}}};
    EXPECT_EQ(op_->Send("PUT", "/api/v1/kb/bases/bilet/synonyms", json::serialize(groups)).status,
              403);
    const auto saved =
        admin_->Send("PUT", "/api/v1/kb/bases/bilet/synonyms", json::serialize(groups));
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(saved.Json().at("groups").as_array()[0].as_array()[1].as_string(), "бейдж");
    const auto hits = search("бейдж");
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits[0].at("id").as_int64(), id);

    const auto listed = op_->Get("/api/v1/kb/bases/bilet/synonyms");
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(listed.Json().at("groups").as_array().size(), 1u);

    const auto lonely = admin_->Send("PUT", "/api/v1/kb/bases/bilet/synonyms",
                                     R"({"groups":[["значок","бейдж"],["один"]]})");
    EXPECT_EQ(lonely.status, 422) << lonely.body;
    EXPECT_NE(lonely.body.find("groups[1]"), std::string::npos);
    EXPECT_NE(lonely.body.find("single_term"), std::string::npos);
    EXPECT_EQ(
        admin_->Send("PUT", "/api/v1/kb/bases/nowhere/synonyms", json::serialize(groups)).status,
        404);
}

}  // namespace
}  // namespace otklik::testing

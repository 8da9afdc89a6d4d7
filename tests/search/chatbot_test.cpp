// Issue 17: a returning applicant proves the e-mail address once and then asks about any of their
// appeals — in the same dialog, and in a new one started with the proof token — until the proof
// expires (the manual clock). Before the proof nothing says whether the address has appeals.
#include "search/chatbot.hpp"

#include "kb_support.hpp"
#include <gtest/gtest.h>

#include "core/appeal_service.hpp"
#include "core/basic_workflow.hpp"
#include "core/contact_proof.hpp"

namespace otklik::search::testing {
namespace {

namespace json = boost::json;

constexpr const char* kOwner = "Maria.Ivanova@Example.ru";
constexpr const char* kCode = "424242";

core::Instant At(const char* text) { return core::ParseInstant(text).value(); }

std::string Joined(const json::object& reply, const char* key) {
    std::string out;
    for (const auto& item : reply.at(key).as_array()) {
        out += std::string(item.as_string()) + "\n";
    }
    return out;
}

bool Mentions(const json::object& reply, const std::string& what) {
    return (Joined(reply, "messages") + Joined(reply, "options")).find(what) != std::string::npos;
}

std::string Step(const json::object& reply) { return std::string(reply.at("step").as_string()); }

class ChatbotProofTest : public ::testing::Test {
protected:
    ChatbotProofTest() {
        proof_.emplace(fixture_.store.ContactProofs(), clock_,
                       core::ContactProofCrypto{
                           [] { return std::string(kCode); },
                           [this] { return "token-" + std::to_string(++tokens_); },
                           [](std::string_view text) { return "hash:" + std::string(text); }});
        ChatbotOptions options;
        options.regions = {{"77", "Москва"}, {"16", "Республика Татарстан"}};
        options.default_regulation = "hotline";
        chatbot_.emplace(fixture_.kb, fixture_.kb_store, service_, fixture_.store.Appeals(), clock_,
                         options);
        chatbot_->SetContactProof(&*proof_);
        first_ = Register(kOwner, "Не приходит письмо с кодом подтверждения на почту");
        clock_.Advance(std::chrono::minutes(5));
        second_ = Register("maria.ivanova@example.ru", "Не формируется ежемесячный отчёт");
        foreign_ = Register("someone.else@example.ru", "Чужое обращение о пароле");
    }

    std::string Register(const std::string& email, const std::string& text) {
        core::AppealDraft draft;
        draft.regulation = "hotline";
        draft.channel = "api";
        draft.subject = text;
        draft.text = text + ". Подробности в письме.";
        draft.applicant.last_name = "Иванова";
        draft.applicant.first_name = "Мария";
        draft.applicant.email = email;
        draft.applicant.region = "77";
        core::Actor actor;
        actor.login = "operator";
        const std::string key = "test-" + std::to_string(++registered_);
        auto registered = service_.Register(draft, actor, key, key);
        EXPECT_TRUE(registered) << (registered ? "" : registered.error().message);
        return registered ? registered->appeal.uin : std::string();
    }

    json::object Start(const std::string& email, const std::string& token = "") {
        json::object start{{"regulation", "hotline"}, {"region", "77"}};
        if (!email.empty()) start["email"] = email;
        if (!token.empty()) start["contact_token"] = token;
        auto started = chatbot_->Start(start);
        EXPECT_TRUE(started) << (started ? "" : started.error().message);
        return started ? *started : json::object{};
    }

    json::object Say(const json::object& dialog, const std::string& text) {
        auto reply = chatbot_->Reply(std::string(dialog.at("session_id").as_string()), text);
        EXPECT_TRUE(reply) << (reply ? "" : reply.error().message);
        return reply ? *reply : json::object{};
    }

    KbFixture fixture_;
    core::ManualClock clock_{At("2026-03-02T07:00:00Z")};
    core::BasicWorkflow workflow_{{{"hotline", "ГЛ"}}, "hotline"};
    core::AppealService service_{fixture_.store.Appeals(), workflow_, clock_};
    std::optional<core::ContactProof> proof_;
    std::optional<Chatbot> chatbot_;
    int tokens_ = 0;
    int registered_ = 0;
    std::string first_, second_, foreign_;
};

TEST_F(ChatbotProofTest, OneCodeThenEveryAppealOfTheAddressInTheSameDialog) {
    const auto dialog = Start(kOwner);
    ASSERT_EQ(Step(dialog), "question");
    EXPECT_FALSE(dialog.at("contact_proven").as_bool());
    const auto asked = Say(dialog, "Что с обращением " + first_ + "?");
    ASSERT_EQ(Step(asked), "code");
    EXPECT_FALSE(Mentions(asked, "статус «"));
    EXPECT_FALSE(Mentions(asked, second_));

    const auto told = Say(dialog, kCode);
    EXPECT_EQ(told.at("outcome").as_string(), "status");
    EXPECT_TRUE(told.at("contact_proven").as_bool());
    EXPECT_TRUE(Mentions(told, first_ + ": статус «"));
    // The other appeal of the address is offered as a button; the one told and a stranger's not.
    const std::string options = Joined(told, "options");
    EXPECT_NE(options.find(second_ + " — Не формируется ежемесячный отчёт ("), std::string::npos)
        << options;
    EXPECT_EQ(options.find(first_), std::string::npos) << options;
    EXPECT_EQ(options.find(foreign_), std::string::npos) << options;
    // The token the widget keeps comes with this reply only.
    EXPECT_EQ(told.at("contact_token").as_string(), "token-1");
    EXPECT_EQ(told.at("contact_token_expires_at").as_string(), "2026-03-02T08:05:00Z");

    // The «done» step takes the next number — the button as sent — without another code.
    const auto next = Say(dialog, std::string(told.at("options").as_array()[0].as_string()));
    EXPECT_EQ(Step(next), "done");
    EXPECT_TRUE(Mentions(next, second_ + ": статус «")) << Joined(next, "messages");
    EXPECT_FALSE(next.contains("contact_token"));
    EXPECT_NE(Joined(next, "options").find(first_), std::string::npos);
    // «Мои обращения» lists both, newest first; a stranger's number is "not found" for this
    // address, as a number that does not exist.
    const auto listed = Say(dialog, "Мои обращения");
    const auto& buttons = listed.at("options").as_array();
    ASSERT_EQ(buttons.size(), 2u) << Joined(listed, "options");
    EXPECT_EQ(std::string(buttons[0].as_string()).rfind(second_, 0), 0u);
    EXPECT_EQ(std::string(buttons[1].as_string()).rfind(first_, 0), 0u);
    const auto stranger = Say(dialog, "А что с " + foreign_ + "?");
    EXPECT_TRUE(Mentions(stranger, "Обращение " + foreign_ + " с вашим адресом"));
    EXPECT_FALSE(Mentions(stranger, "статус «"));
    EXPECT_NE(Step(stranger), "code");

    // The proof lasts an hour (the clock, not the dialog): then the next number needs a code.
    clock_.Advance(std::chrono::minutes(61));
    const auto expired = Say(dialog, "Что с обращением " + second_ + "?");
    EXPECT_EQ(Step(expired), "code");
    EXPECT_FALSE(expired.at("contact_proven").as_bool());
    EXPECT_FALSE(Mentions(expired, "статус «"));
}

TEST_F(ChatbotProofTest, ANewDialogWithTheProofTokenAsksNoCodeUntilTheProofExpires) {
    const auto first = Start(kOwner);
    Say(first, "Что с обращением " + first_ + "?");
    const auto told = Say(first, kCode);
    const std::string token(told.at("contact_token").as_string());

    // The same browser, a new dialog: the address comes from the proof, the appeals at once.
    const auto again = Start("", token);
    EXPECT_TRUE(again.at("contact_proven").as_bool());
    EXPECT_EQ(Step(again), "question");
    EXPECT_TRUE(Mentions(again, first_));
    EXPECT_TRUE(Mentions(again, second_));
    EXPECT_FALSE(Mentions(again, foreign_));
    const auto status = Say(again, first_);
    EXPECT_EQ(status.at("outcome").as_string(), "status");
    EXPECT_TRUE(Mentions(status, first_ + ": статус «"));
    // The site says the address in another case: the same address, the same proof.
    EXPECT_TRUE(Start("MARIA.IVANOVA@example.ru", token).at("contact_proven").as_bool());

    // A token for another address than the one the site gives proves nothing; neither does a
    // forged one — and the dialog is word for word the one without a token.
    const auto plain = Start("someone.else@example.ru");
    for (const auto& tried :
         {Start("someone.else@example.ru", token), Start("someone.else@example.ru", "forged")}) {
        EXPECT_FALSE(tried.at("contact_proven").as_bool());
        EXPECT_EQ(tried.at("messages"), plain.at("messages"));
        EXPECT_EQ(Step(Say(tried, "Что с обращением " + foreign_ + "?")), "code");
    }

    // After the proof's hour the token is ignored without a word: the code is asked again.
    clock_.Advance(std::chrono::minutes(61));
    const auto late = Start("", token);
    EXPECT_FALSE(late.at("contact_proven").as_bool());
    EXPECT_EQ(Step(late), "email");
    EXPECT_FALSE(Mentions(late, first_));
    EXPECT_EQ(late.at("messages"), Start("").at("messages"));
    const auto with_address = Start(kOwner, token);
    EXPECT_EQ(Step(Say(with_address, "Что с обращением " + first_ + "?")), "code");
}

TEST_F(ChatbotProofTest, BeforeTheProofTheAnswerIsTheSameWithAndWithoutAppeals) {
    const auto owner = Start(kOwner);
    const auto nobody = Start("nobody@example.ru");
    const auto asked_owner = Say(owner, "Мои обращения");
    const auto asked_nobody = Say(nobody, "Мои обращения");
    EXPECT_EQ(Step(asked_owner), "code");
    EXPECT_EQ(Step(asked_nobody), "code");
    std::string text = Joined(asked_owner, "messages");
    text.replace(text.find(kOwner), std::string(kOwner).size(), "nobody@example.ru");
    EXPECT_EQ(text, Joined(asked_nobody, "messages"));
    EXPECT_EQ(asked_owner.at("options"), asked_nobody.at("options"));
    EXPECT_FALSE(asked_owner.contains("contact_token"));

    // A wrong code tells nothing either; the right one lists the appeals.
    EXPECT_FALSE(Mentions(Say(owner, "000000"), first_));
    const auto listed = Say(owner, kCode);
    EXPECT_EQ(listed.at("options").as_array().size(), 2u) << Joined(listed, "options");
    EXPECT_TRUE(Mentions(listed, first_));
    // The address without appeals, proven, hears so — only now.
    const auto none = Say(nobody, kCode);
    EXPECT_TRUE(Mentions(none, "Обращений с адресом nobody@example.ru не найдено"));
    EXPECT_TRUE(none.at("options").as_array().empty());

    // The dialog's resumed form brings the buttons back.
    const auto shown = chatbot_->Show(std::string(owner.at("session_id").as_string()));
    ASSERT_TRUE(shown);
    EXPECT_EQ(shown->at("options"), listed.at("options"));
}

}  // namespace
}  // namespace otklik::search::testing

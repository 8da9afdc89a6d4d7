// What the channel adapters say and do under a regulation beyond its file (issue 13):
// regulations/channels/<regulation>.toml, read by `otklik serve` at start.
#include "app/channel_settings.hpp"

#include <gtest/gtest.h>

namespace otklik::app {
namespace {

std::string Refusal(const std::string& text) {
    try {
        (void)ParseChannelSettings(text, "x.toml");
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return {};
}

TEST(ChannelSettings, TheShippedFilesCarryTheSeedsChatbotAndDocumentManagement) {
    const auto settings = LoadChannelSettings(std::string(OTKLIK_SOURCE_DIR) + "/regulations");
    ASSERT_TRUE(settings.count("bilet"));
    ASSERT_TRUE(settings.count("epgu"));
    const auto& bilet = settings.at("bilet");
    ASSERT_TRUE(bilet.chatbot);
    EXPECT_EQ(bilet.chatbot->greeting,
              "Здравствуйте! Я помощник службы поддержки проекта «Билет в будущее».");
    ASSERT_EQ(bilet.chatbot->roles.size(), 6U);
    EXPECT_EQ(bilet.chatbot->roles[0].code, "school_student");
    EXPECT_EQ(bilet.chatbot->roles[0].name, "Школьник");
    EXPECT_FALSE(bilet.chatbot->login_refusal.empty());
    // Whether the login is required is the regulation's chatbot channel's to say.
    EXPECT_FALSE(bilet.chatbot->login_required);
    EXPECT_EQ(bilet.registration_card_channels, std::set<std::string>{"org_mail"});
    const auto& epgu = settings.at("epgu");
    ASSERT_TRUE(epgu.chatbot);
    EXPECT_EQ(epgu.chatbot->roles.size(), 2U);
    EXPECT_TRUE(epgu.registration_card_channels.empty());
}

TEST(ChannelSettings, AFileMaySayNothingAndTheDialogStaysNeutral) {
    const auto settings = ParseChannelSettings("", "x.toml");
    EXPECT_FALSE(settings.chatbot);
    EXPECT_TRUE(settings.registration_card_channels.empty());
    const auto bare =
        ParseChannelSettings("[chatbot]\n[email.mail]\nregistration_card = false\n", "x.toml");
    ASSERT_TRUE(bare.chatbot);
    EXPECT_EQ(bare.chatbot->greeting, search::ChatbotProfile{}.greeting);
    EXPECT_TRUE(bare.chatbot->roles.empty());
    EXPECT_TRUE(bare.chatbot->login_prompt.empty());
    EXPECT_TRUE(bare.registration_card_channels.empty());
    EXPECT_TRUE(LoadChannelSettings("/nonexistent-folder").empty());
}

TEST(ChannelSettings, RefusesUnknownKeysAndWrongTypesWithTheLine) {
    EXPECT_EQ(Refusal("[chatbot]\ngreting = \"Привет\"\n"),
              "x.toml:2: unknown key 'chatbot.greting'");
    EXPECT_EQ(Refusal("[email.org_mail]\nregistration_card = \"yes\"\n"),
              "x.toml:2: 'email.org_mail.registration_card' must be true or false");
    EXPECT_EQ(Refusal("[chatbot]\nroles = [{ code = \"a\" }]\n"),
              "x.toml:2: a chatbot role needs code and name");
    EXPECT_EQ(Refusal("[chatbot]\nroles = [{ code = \"a\", name = \"А\" }, { code = \"a\", "
                      "name = \"Б\" }]\n"),
              "x.toml:2: role 'a' repeated");
    EXPECT_EQ(Refusal("[chatbot]\ngreeting = \"\"\n"),
              "x.toml:2: 'greeting' must be a non-empty text");
    EXPECT_EQ(Refusal("[telegram]\n"), "x.toml:1: unknown key 'telegram'");
    EXPECT_NE(Refusal("[chatbot\n").find("x.toml:1:"), std::string::npos);
}

}  // namespace
}  // namespace otklik::app

// The e-mail channel's part of the serve configuration ([mail], [[mailbox]]).
#include <fstream>

#include <gtest/gtest.h>

#include "app/config.hpp"
#include "channels/support.hpp"
#include "regulation/loader.hpp"

namespace otklik::app {
namespace {

std::string Write(const std::filesystem::path& dir, const std::string& text) {
    const auto file = dir / "otklik.toml";
    std::ofstream(file) << text;
    return file.string();
}

std::string Refusal(const std::string& text) {
    const auto dir = channels::email::testing::TempDir("config");
    ServeConfig config;
    std::string message;
    try {
        LoadConfigFile(Write(dir, text), config);
    } catch (const std::runtime_error& e) {
        message = e.what();
    }
    std::filesystem::remove_all(dir);
    return message;
}

TEST(MailConfig, ReadsTheCertificateAuthoritiesAndAnyChannelOfTheRegulation) {
    const auto dir = channels::email::testing::TempDir("config");
    ServeConfig config;
    LoadConfigFile(Write(dir,
                         "[mail]\nsmtp_url = \"smtp://relay:587\"\nsmtp_tls = \"required\"\n"
                         "ca_file = \"/etc/otklik/relay-ca.pem\"\n\n"
                         "[[mailbox]]\nname = \"hotline\"\nurl = \"imap://mx:143/INBOX\"\n"
                         "regulation = \"hotline\"\nchannel = \"email\"\n"
                         "ca_file = \"/etc/otklik/mx-ca.pem\"\n"),
                   config);
    EXPECT_EQ(config.mail.ca_file, "/etc/otklik/relay-ca.pem");
    EXPECT_EQ(config.mail.smtp_tls, "required");
    ASSERT_EQ(config.mailboxes.size(), 1U);
    EXPECT_EQ(config.mailboxes[0].channel, "email");
    EXPECT_EQ(config.mailboxes[0].ca_file, "/etc/otklik/mx-ca.pem");
    std::filesystem::remove_all(dir);
}

TEST(MailConfig, RefusesUnknownKeysAndMalformedChannels) {
    EXPECT_NE(Refusal("[mail]\nsmtp_cafile = \"x\"\n").find(":2: unknown key 'smtp_cafile'"),
              std::string::npos);
    EXPECT_NE(Refusal("[[mailbox]]\nname = \"a\"\nurl = \"imap://mx/INBOX\"\n"
                      "regulation = \"bilet\"\nchannel = \"E-Mail\"\n")
                  .find("mailbox channel must be a channel code"),
              std::string::npos);
    EXPECT_NE(Refusal("[mail]\nsmtp_tls = \"sometimes\"\n").find("smtp_tls"), std::string::npos);
}

// The shipped hotline and pos regulations, as `otklik serve --regulations regulations` loads them.
regulation::RegulationCatalog Shipped() {
    regulation::RegulationCatalog catalog;
    for (const auto* name : {"hotline.toml", "pos.toml"}) {
        const auto path = std::filesystem::path(OTKLIK_SHIPPED_REGULATIONS) / name;
        catalog.Add(path.string(), regulation::LoadRegulationFile(path));
    }
    return catalog;
}

std::string ResolveRefusal(channels::email::MailboxConfig mailbox) {
    std::vector<channels::email::MailboxConfig> mailboxes{std::move(mailbox)};
    try {
        ResolveMailboxes(mailboxes, Shipped());
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

// A mailbox that names no channel took "project_mail", a channel of bilet only: every letter to a
// hotline mailbox was kept aside as misconfigured. It now takes its regulation's e-mail channel,
// and a channel or regulation that cannot take letters stops the start with the reason.
TEST(MailConfig, AMailboxTakesItsRegulationsEmailChannelOrTheStartSaysWhy) {
    const auto dir = channels::email::testing::TempDir("config");
    ServeConfig config;
    LoadConfigFile(Write(dir,
                         "[[mailbox]]\nname = \"hotline\"\nurl = \"imap://mx:143/INBOX\"\n"
                         "regulation = \"hotline\"\n"),
                   config);
    std::filesystem::remove_all(dir);
    ASSERT_EQ(config.mailboxes.size(), 1U);
    EXPECT_EQ(config.mailboxes[0].channel, "");
    ResolveMailboxes(config.mailboxes, Shipped());
    EXPECT_EQ(config.mailboxes[0].channel, "email");

    channels::email::MailboxConfig wrong;
    wrong.name = "support";
    wrong.regulation = "hotline";
    wrong.channel = "project_mail";
    EXPECT_EQ(ResolveRefusal(wrong),
              "mailbox 'support': channel 'project_mail' is not a channel of regulation 'hotline' "
              "(its e-mail channels: email)");
    wrong.regulation = "pos";
    wrong.channel = "";
    EXPECT_EQ(ResolveRefusal(wrong),
              "mailbox 'support': regulation 'pos' has no e-mail channel (its e-mail channels: "
              "none)");
    wrong.regulation = "bilet";
    EXPECT_NE(ResolveRefusal(wrong).find("regulation 'bilet' is not loaded (loaded: "),
              std::string::npos);
}

// The deployment's civil time (issue 13): `time_zone`, a name of the tz database.
TEST(ServeConfigTimeZone, DefaultsToTheBuiltInZoneAndReadsTheFileKey) {
    EXPECT_EQ(ServeConfig{}.time_zone, "Europe/Moscow");
    const auto dir = channels::email::testing::TempDir("config");
    ServeConfig config;
    LoadConfigFile(Write(dir, "time_zone = \"Asia/Yekaterinburg\"\n"), config);
    EXPECT_EQ(config.time_zone, "Asia/Yekaterinburg");
    EXPECT_EQ(TimeZoneOf(config.time_zone).Name(), "Asia/Yekaterinburg");
    std::filesystem::remove_all(dir);
}

TEST(ServeConfigTimeZone, RefusesANameTheTzDatabaseLacks) {
    EXPECT_NE(Refusal("listen = \"127.0.0.1:0\"\ntime_zone = \"Moscow\"\n")
                  .find(":2: 'time_zone' is not a zone of the tz database: Moscow"),
              std::string::npos);
    EXPECT_NE(Refusal("time_zone = 3\n").find("'time_zone' has the wrong type"), std::string::npos);
    // A flag or variable is checked when the server starts.
    EXPECT_THROW((void)TimeZoneOf("Europe/Atlantis"), std::runtime_error);
}

}  // namespace
}  // namespace otklik::app

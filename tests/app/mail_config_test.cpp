// The e-mail channel's part of the serve configuration ([mail], [[mailbox]]).
#include <fstream>

#include <gtest/gtest.h>

#include "app/config.hpp"
#include "channels/support.hpp"

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

}  // namespace
}  // namespace otklik::app

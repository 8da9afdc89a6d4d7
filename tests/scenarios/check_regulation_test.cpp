// `otklik check-regulation FILE` accepts the four shipped regulations and refuses a broken one
// naming its line; the server lists what it loaded and what it refused (GET /api/v1/regulations).
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "scenario.hpp"

namespace otklik::testing {
namespace {

const std::string kRegulations = std::string(OTKLIK_SOURCE_DIR) + "/regulations";

TEST(CheckRegulation, AcceptsTheFourSeedRegulations) {
    for (const char* id : {"bilet", "epgu", "hotline", "pos"}) {
        std::string output;
        EXPECT_EQ(RunOtklik({"check-regulation", kRegulations + "/" + id + ".toml"}, "", output), 0)
            << output;
        EXPECT_EQ(output.rfind("OK: ", 0), 0u) << output;
        // Issue 15: each shipped [triage] policy names every rule.
        EXPECT_EQ(output.find("warning:"), std::string::npos) << output;
    }
}

TEST(CheckRegulation, RefusesABrokenFileNamingItsLine) {
    TempDir dir;
    std::ifstream source(kRegulations + "/hotline.toml");
    std::string text((std::istreambuf_iterator<char>(source)), std::istreambuf_iterator<char>());
    // Line 1 of a copy gets a route to a group the file does not define.
    const std::string broken = dir.File("hotline.toml");
    std::ofstream(broken) << "[[routing]]\ngroup = \"line9\"\n" << text;
    std::string output;
    EXPECT_EQ(RunOtklik({"check-regulation", broken}, "", output), 1);
    EXPECT_EQ(output.rfind(broken + ":2: ", 0), 0u) << output;
    EXPECT_NE(output.find("группа «line9»"), std::string::npos) << output;
}

// Issue 11, the channel contract: a copy of the hotline with the letter channel asking for what
// no letter carries is refused at the line of that channel, not at the first letter.
std::string WithLineReplaced(const std::string& text, const std::string& from,
                             const std::string& to, int& line) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
    return text.substr(0, at) + to + text.substr(at + from.size());
}

std::string Shipped(const char* id) {
    std::ifstream source(kRegulations + "/" + id + ".toml");
    return {(std::istreambuf_iterator<char>(source)), std::istreambuf_iterator<char>()};
}

TEST(CheckRegulation, RefusesAChannelItsAdapterCannotFill) {
    TempDir dir;
    int line = 0;
    const std::string text =
        WithLineReplaced(Shipped("hotline"),
                         "[channels.email]\nname = \"Электронная почта горячей линии\"\nrequired = "
                         "[\"text\", \"applicant.email\"]",
                         "[channels.email]\nname = \"Электронная почта горячей линии\"\nrequired = "
                         "[\"text\", \"priority\", \"applicant.email\"]",
                         line);
    const std::string broken = dir.File("hotline.toml");
    std::ofstream(broken) << text;
    std::string output;
    EXPECT_EQ(RunOtklik({"check-regulation", broken}, "", output), 1);
    EXPECT_EQ(output.rfind(broken + ":" + std::to_string(line) + ": ", 0), 0u) << output;
    EXPECT_NE(output.find("не может заполнить обязательное поле «priority»"), std::string::npos)
        << output;
}

TEST(CheckRegulation, RefusesAnApplicantAnswerNeedingMoreThanTheirWords) {
    TempDir dir;
    int line = 0;
    // The confirm link and a reply «Подтверждаю» carry only the applicant's words.
    const std::string text = WithLineReplaced(
        Shipped("hotline"),
        "from = [\"resolved\"]\nstatus = \"closed\"\ncite = \"004: подтверждение решения\"",
        "from = [\"resolved\"]\nparams = { channel = \"required\" }\nstatus = \"closed\"\ncite = "
        "\"004: подтверждение решения\"",
        line);
    const std::string broken = dir.File("hotline.toml");
    std::ofstream(broken) << text;
    std::string output;
    EXPECT_EQ(RunOtklik({"check-regulation", broken}, "", output), 1);
    EXPECT_NE(output.find("[actions.confirm]: ответ заявителя «confirm»"), std::string::npos)
        << output;
    EXPECT_NE(output.find("требует «channel»"), std::string::npos) << output;
}

class Regulations : public Scenario {};

TEST_F(Regulations, ServerListsLoadedAndRefusedFiles) {
    TempDir folder;
    for (const char* id : {"bilet", "epgu", "hotline", "pos"}) {
        std::filesystem::copy_file(kRegulations + "/" + id + ".toml",
                                   folder.path() / (std::string(id) + ".toml"));
    }
    std::ofstream(folder.File("zz_broken.toml"))
        << "[regulation]\nid = \"zz\"\nversion = \"one\"\n";
    Start("2026-01-19T07:00:00Z", {{"admin", "administrator", "", ""}}, folder.path().string());
    const auto items = As("admin").Get("/api/v1/regulations").Json().at("items").as_array();
    ASSERT_EQ(items.size(), 5u);
    EXPECT_EQ(items[0].at("id").as_string(), "bilet");
    EXPECT_EQ(items[0].at("in_force_until").as_string(), "2020-12-15");
    EXPECT_FALSE(items[0].at("in_force").as_bool());
    EXPECT_TRUE(items[2].at("in_force").as_bool());
    EXPECT_EQ(items[4].at("verdict").as_string(), "refused");
    EXPECT_NE(std::string(items[4].at("error").as_string()).find("zz_broken.toml:3: "),
              std::string::npos)
        << items[4];
    EXPECT_EQ(As("admin").Get("/api/v1/regulations/zz").status, 404);
    EXPECT_EQ(As("admin").Get("/api/v1/regulations/epgu").Json().at("name").as_string(),
              "Открытая платформа ЕПГУ: СП ЕПГУ и СП РПГУ");
}

// Issue 15: a [triage] rule left to the built-in default is a warning naming the rule and the
// file; the file is still accepted.
TEST(CheckRegulation, WarnsOnATriageRuleLeftToItsDefault) {
    TempDir dir;
    int line = 0;
    const std::string copy = dir.File("pos.toml");
    std::ofstream(copy) << WithLineReplaced(Shipped("pos"), "no_question = \"hold\"\n", "", line);
    std::string output;
    EXPECT_EQ(RunOtklik({"check-regulation", copy}, "", output), 0) << output;
    EXPECT_NE(output.find("warning: " + copy +
                          ": [triage] does not name no_question; it keeps "
                          "the default refuse"),
              std::string::npos)
        << output;
    EXPECT_EQ(output.find("does not name anonymous"), std::string::npos) << output;
}

}  // namespace
}  // namespace otklik::testing

// The regulation loader: a broken file is refused with FILE:LINE: reason (SPEC "Regulations
// are data"); unknown keys and dangling references are refused too.
#include "regulation/loader.hpp"

#include <string>
#include <vector>

#include "regulation_test_support.hpp"
#include <gtest/gtest.h>

#include "regulation/catalog.hpp"

namespace otklik::regulation {
namespace {

// Ten lines every case starts from; a case's own lines begin at line 11.
constexpr const char* kBase = R"([regulation]
id = "t"
version = 1
name = "Т"
uin_prefix = "ТТ"
in_force_from = 2020-01-01
[channels.api]
name = "API"
[groups.g1]
name = "Г1"
)";

struct BrokenCase {
    const char* name;
    const char* text;    // appended to kBase
    int line;            // where the (first) problem is
    const char* reason;  // a fragment of the reason
};

const std::vector<BrokenCase>& BrokenCases() {
    static const std::vector<BrokenCase> kCases = {
        {"TomlSyntax", "[actions.a]\nname = \"незакрытая\n", 12, "ошибка синтаксиса TOML"},
        {"UnknownTopLevelKey", "\n\nsurprise = 1\n", 13, "неизвестный ключ «surprise»"},
        {"UnknownSection", "[escalations.x]\nname = \"x\"\n", 11, "неизвестный ключ «escalations»"},
        {"UnknownKeyInAction",
         "[actions.take]\nname = \"Взять\"\nroles = [\"operator\"]\nassignee = \"$actor\"\ngrop = "
         "\"g1\"\n",
         15, "неизвестный ключ «grop»"},
        {"ActionToUnknownGroup",
         "[actions.forward]\nname = \"Передать\"\nroles = [\"operator\"]\ngroup = \"g2\"\n", 14,
         "группа «g2»: нет такого определения"},
        {"ActionToUnknownStatus",
         "[actions.close]\nname = \"Закрыть\"\nroles = [\"operator\"]\nstatus = \"finished\"\n", 14,
         "неизвестный статус «finished»"},
        {"ActionFromUnknownStatus",
         "[actions.close]\nname = \"Закрыть\"\nroles = [\"operator\"]\nfrom = [\"open\"]\n", 14,
         "неизвестный статус «open»"},
        {"ActionWithUnknownRole",
         "[actions.close]\nname = \"Закрыть\"\nroles = [\"janitor\"]\nstatus = \"closed\"\n", 13,
         "неизвестная роль «janitor»"},
        {"ActionWithoutRoles", "[actions.close]\nname = \"Закрыть\"\nstatus = \"closed\"\n", 11,
         "нет ключа «roles»"},
        {"EffectNeedsDeclaredParam",
         "[actions.assign]\nname = \"Назначить\"\nroles = [\"operator\"]\ngroup = \"$group\"\n", 14,
         "параметр «group» не объявлен"},
        {"PendingWithoutReason",
         "[actions.pause]\nname = \"Пауза\"\nroles = [\"operator\"]\nstatus = \"pending\"\n", 14,
         "требует pending_reason"},
        {"RouteToUnknownGroup", "[[routing]]\ngroup = \"nowhere\"\n", 12,
         "группа «nowhere»: нет такого определения"},
        {"RouteOnUnknownChannel", "[[routing]]\nwhen = { channel = \"fax\" }\ngroup = \"g1\"\n", 12,
         "канал «fax»: нет такого определения"},
        {"TermForUnknownClock", "[[terms]]\nclock = \"reaction\"\nterm = \"1 business_day\"\n", 12,
         "срок (clock) «reaction»"},
        {"MalformedTerm",
         "[clocks.resolution]\nname = \"Срок\"\n[[terms]]\nclock = \"resolution\"\nterm = \"5 "
         "days\"\n",
         15, "срок «5 days» не распознан"},
        {"UnknownRequiredField",
         "[channels.phone]\nname = \"Телефон\"\nrequired = [\"applicant.snills\"]\n", 13,
         "неизвестное поле «applicant.snills»"},
        {"UnknownTimeZone", "[calendar]\ntime_zone = \"Europe/Atlantis\"\n", 12,
         "Неизвестный часовой пояс"},
        {"BadWorkingHours", "[calendar]\nhours = \"9-18\"\n", 12, "hours — «ЧЧ:ММ-ЧЧ:ММ»"},
        {"WrongType", "[groups.g2]\nname = \"Г2\"\nline = \"2\"\n", 13, "«line» должен быть целым"},
        {"UnknownPlaceholder",
         "[notifications.n]\nsubject = \"{uin}\"\ntext = \"Срок: {due_date}\"\n", 13,
         "неизвестная подстановка {due_date}"},
        {"TooManyRemindersRequired",
         "[notifications.r]\nsubject = \"s\"\ntext = \"t\"\n[[auto_close]]\nstatus = \"resolved\"\n"
         "after = \"30 business_days\"\nreminders = [\"10 business_days\"]\nreminder = \"r\"\n"
         "min_reminders = 2\n",
         19, "min_reminders больше"},
        {"OrganizationCycle",
         "[organizations.a]\nname = \"А\"\nparent = \"b\"\n[organizations.b]\nname = \"Б\"\nparent "
         "= \"a\"\n",
         11, "цикл в подчинении"},
        {"TwoDefaultCoordinators",
         "[organizations.a]\nname = \"А\"\ndefault_coordinator = true\n[organizations.b]\nname = "
         "\"Б\"\n"
         "default_coordinator = true\n",
         14, "координирующая организация по умолчанию уже есть"},
        {"NextStageWithoutStages",
         "[actions.advance_stage]\nname = \"Дальше\"\nroles = [\"executor\"]\nstage = \"$next\"\n",
         11, "«$next» без этапов"},
        {"UnknownProminence",
         "[actions.take]\nname = \"Взять\"\nroles = [\"operator\"]\nprominence = \"loud\"\n", 14,
         "prominence — «primary», «other» или «dangerous»"},
        {"ClaimWithoutItsOwnTerm",
         "[actions.dispute]\nname = \"Спор\"\nroles = [\"operator\"]\nspawn = { group = \"g1\" }\n",
         11, "у претензии должен быть свой срок"},
    };
    return kCases;
}

class BrokenRegulation : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenRegulation, IsRefusedNamingItsLine) {
    const BrokenCase& c = GetParam();
    const auto loaded = ParseRegulation(std::string(kBase) + c.text, "broken.toml");
    ASSERT_FALSE(loaded.has_value()) << c.name;
    EXPECT_EQ(loaded.error().code, "regulation_invalid");
    const std::string expected = "broken.toml:" + std::to_string(c.line) + ": ";
    const std::string& message = loaded.error().message;
    EXPECT_EQ(message.rfind(expected, 0), 0u) << message;
    EXPECT_NE(message.find(c.reason), std::string::npos) << message;
    ASSERT_FALSE(loaded.error().fields.empty());
    EXPECT_EQ(loaded.error().fields.front().field, "broken.toml:" + std::to_string(c.line));
}

INSTANTIATE_TEST_SUITE_P(Loader, BrokenRegulation, ::testing::ValuesIn(BrokenCases()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Loader, AcceptsTheSmallestRegulation) {
    const auto loaded = ParseRegulation(kBase, "small.toml");
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    EXPECT_EQ(loaded->id, "t");
    EXPECT_EQ(loaded->file, "small.toml");
    EXPECT_EQ(loaded->calendar.time_zone, "Europe/Moscow");
}

// Appeals that name no regulation: the file that says `default = true`, else the only
// regulation, else none (the server's default_regulation may still name one).
TEST(Catalog, DefaultRegulationIsTheFilesChoice) {
    const auto with_id = [](const std::string& id, bool is_default) {
        std::string text = kBase;
        text.replace(text.find("id = \"t\""), 8, "id = \"" + id + "\"");
        if (is_default) text.replace(text.find("[channels.api]"), 0, "default = true\n");
        return ParseRegulation(text, id + ".toml");
    };
    RegulationCatalog one;
    one.Add("a.toml", with_id("a", false));
    EXPECT_EQ(one.DefaultRegulation(), "a");
    RegulationCatalog two;
    two.Add("a.toml", with_id("a", false));
    two.Add("b.toml", with_id("b", false));
    EXPECT_EQ(two.DefaultRegulation(), "");
    RegulationCatalog chosen;
    chosen.Add("a.toml", with_id("a", false));
    const auto b = with_id("b", true);
    ASSERT_TRUE(b.has_value()) << b.error().message;
    chosen.Add("b.toml", b);
    EXPECT_EQ(chosen.DefaultRegulation(), "b");
}

TEST(Loader, RequiresTheHeader) {
    const auto loaded = ParseRegulation("[channels.api]\nname = \"API\"\n", "empty.toml");
    ASSERT_FALSE(loaded.has_value());
    EXPECT_EQ(loaded.error().message.rfind("empty.toml:1: ", 0), 0u) << loaded.error().message;
    EXPECT_NE(loaded.error().message.find("[regulation]"), std::string::npos);
}

TEST(Loader, RefusesAnEndOfForceBeforeItsStart) {
    const std::string text = std::string(kBase) + "";
    std::string broken = text;
    broken.replace(broken.find("in_force_from = 2020-01-01"), 26,
                   "in_force_from = 2020-01-01\nin_force_until = 2019-12-31");
    const auto loaded = ParseRegulation(broken, "dates.toml");
    ASSERT_FALSE(loaded.has_value());
    EXPECT_EQ(loaded.error().message.rfind("dates.toml:7: ", 0), 0u) << loaded.error().message;
}

TEST(Loader, ReportsEveryProblemInLineOrder) {
    const auto loaded = ParseRegulation(
        std::string(kBase) +
            "[actions.b]\nname = \"Б\"\nroles = [\"operator\"]\nstatus = \"nope\"\n"
            "[actions.a]\nname = \"А\"\nroles = [\"operator\"]\ngroup = \"nowhere\"\n",
        "many.toml");
    ASSERT_FALSE(loaded.has_value());
    const std::string& message = loaded.error().message;
    const auto first = message.find("many.toml:14:");
    const auto second = message.find("many.toml:18:");
    ASSERT_NE(first, std::string::npos) << message;
    ASSERT_NE(second, std::string::npos) << message;
    EXPECT_LT(first, second);
    EXPECT_EQ(loaded.error().fields.size(), 2u);
}

TEST(Loader, KeepsActionsInFileOrder) {
    const auto loaded =
        ParseRegulation(std::string(kBase) +
                            "[actions.zeta]\nname = \"Я\"\nroles = [\"*\"]\n[actions.alpha]\nname "
                            "= \"А\"\nroles = [\"*\"]\n",
                        "order.toml");
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    ASSERT_EQ(loaded->actions.size(), 2u);
    EXPECT_EQ(loaded->actions[0].code, "zeta");
    EXPECT_EQ(loaded->actions[1].code, "alpha");
}

// The workplace groups actions by prominence: the file says which are the usual next step; an
// action ending in a final status is dangerous (asked again) unless the file says otherwise.
TEST(Loader, ReadsProminenceAndCallsActionsThatEndTheWorkDangerous) {
    const auto loaded = ParseRegulation(
        std::string(kBase) +
            "[actions.take]\nname = \"Взять\"\nroles = [\"*\"]\nprominence = \"primary\"\n"
            "[actions.close]\nname = \"Закрыть\"\nroles = [\"*\"]\nstatus = \"closed\"\n"
            "[actions.archive]\nname = \"В архив\"\nroles = [\"*\"]\nstatus = \"closed\"\n"
            "prominence = \"other\"\n"
            "[actions.note]\nname = \"Отметить\"\nroles = [\"*\"]\n",
        "prominence.toml");
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    ASSERT_EQ(loaded->actions.size(), 4u);
    EXPECT_EQ(loaded->actions[0].prominence, Prominence::kPrimary);
    EXPECT_EQ(loaded->actions[1].prominence, Prominence::kDangerous);
    EXPECT_EQ(loaded->actions[2].prominence, Prominence::kOther);
    EXPECT_EQ(loaded->actions[3].prominence, Prominence::kOther);
}

TEST(Loader, ReadsTermsAndConditions) {
    const auto loaded = ParseRegulation(std::string(kBase) + R"([clocks.resolution]
name = "Срок"
escalation_share = 0.5
escalate_to = "$next_line"
[priorities.P1]
name = "Высокий"
[categories.inc]
name = "Инцидент"
[[terms]]
clock = "resolution"
when = { category = "inc", priority = ["P1"], line = [1, 2] }
term = "1.5 business_days"
[[terms]]
clock = "resolution"
term = "by_agreement"
)",
                                        "terms.toml");
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    ASSERT_EQ(loaded->terms.size(), 2u);
    EXPECT_EQ(FormatTerm(loaded->terms[0].term.term), "1.5 business_days");
    EXPECT_EQ(loaded->terms[0].when.lines, (std::vector<int>{1, 2}));
    EXPECT_TRUE(loaded->terms[1].term.by_agreement);
    EXPECT_DOUBLE_EQ(loaded->clocks[0].escalation_share, 0.5);
}

TEST(Loader, UnreadableFileNamesIt) {
    const auto loaded = LoadRegulationFile("/nonexistent/reg.toml");
    ASSERT_FALSE(loaded.has_value());
    EXPECT_EQ(loaded.error().code, "regulation_unreadable");
    EXPECT_NE(loaded.error().message.find("/nonexistent/reg.toml"), std::string::npos);
}

TEST(Terms, ParseAndFormat) {
    EXPECT_EQ(FormatTerm(*ParseTerm("1 business_day")), "1 business_day");
    EXPECT_EQ(FormatTerm(*ParseTerm("7 business_days")), "7 business_days");
    EXPECT_EQ(FormatTerm(*ParseTerm("24 hours")), "24 hours");
    EXPECT_EQ(FormatTerm(*ParseTerm("30 calendar_days")), "30 calendar_days");
    EXPECT_EQ(FormatTerm(*ParseTerm("4 business_hours")), "4 business_hours");
    EXPECT_FALSE(ParseTerm("0 hours"));
    EXPECT_FALSE(ParseTerm("-1 hours"));
    EXPECT_FALSE(ParseTerm("five hours"));
    EXPECT_FALSE(ParseTerm("5 weeks"));
    EXPECT_EQ(RussianTerm(*ParseTerm("1 business_day")), "1 рабочий день");
    EXPECT_EQ(RussianTerm(*ParseTerm("2 business_days")), "2 рабочих дня");
    EXPECT_EQ(RussianTerm(*ParseTerm("7 business_days")), "7 рабочих дней");
    EXPECT_EQ(RussianTerm(*ParseTerm("24 hours")), "24 часа");
    EXPECT_EQ(RussianTerm(*ParseTerm("30 calendar_days")), "30 календарных дней");
}

}  // namespace
}  // namespace otklik::regulation

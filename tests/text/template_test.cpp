#include "text/template.hpp"

#include <gtest/gtest.h>

namespace otklik::text {

TEST(Template, FillsValuesAndSections) {
    const std::map<std::string, std::string> values = {{"uin", "ББ-2026-000001"},
                                                       {"comment", "Готово"}};
    EXPECT_EQ(
        RenderTemplate("№ {{uin}}{{#comment}}: {{comment}}{{/comment}}{{^comment}}-{{/comment}}",
                       values),
        "№ ББ-2026-000001: Готово");
    EXPECT_EQ(RenderTemplate("{{#missing}}x{{/missing}}{{^missing}}нет{{/missing}}", values),
              "нет");
    EXPECT_EQ(RenderTemplate("{{unknown}}.", values), ".");
}

TEST(Template, SingleBracesAreTheSameTags) {
    const std::map<std::string, std::string> values = {{"uin", "ГЛ-1"}, {"comment", ""}};
    EXPECT_EQ(RenderTemplate("Обращение {uin}{#comment}: {comment}{/comment}", values),
              "Обращение ГЛ-1");
    EXPECT_EQ(RenderTemplate("{uin} и {{uin}}", values), "ГЛ-1 и ГЛ-1");
}

TEST(Template, AnUnclosedBraceIsText) {
    EXPECT_EQ(RenderTemplate("a {b", {{"b", "x"}}), "a {b");
    EXPECT_EQ(RenderTemplate("a {{b}", {{"b", "x"}}), "a {{b}");
}

TEST(Template, NamesAreListedAndFaultsReported) {
    const auto names = TemplateNames("{uin} {{#comment}}{{comment}}{{/comment}} {}");
    ASSERT_TRUE(names.has_value());
    EXPECT_EQ(*names, (std::vector<std::string>{"uin", "comment", "comment", ""}));
    EXPECT_FALSE(TemplateNames("{uin").has_value());
    EXPECT_FALSE(TemplateNames("{#comment}x").has_value());
}

}  // namespace otklik::text

// An action's effects are resolved when the regulation loads: each "$…" value in the file
// becomes a typed effect that names the parameter it takes, and the parameters no effect takes
// are the ones kept with the appeal (issue 13).
#include "regulation/effects.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "regulation/loader.hpp"

namespace otklik::regulation {
namespace {

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
next = "g2"
[groups.g2]
name = "Г2"
[organizations.o1]
name = "О1"
competence = ["*"]
[pending_reasons.vendor]
name = "Ожидание поставщика"
[refusal_reasons.duplicate]
name = "Дубль"
[clocks.resolution]
name = "Срок решения"
)";

Regulation Load(const std::string& actions) {
    auto loaded = ParseRegulation(std::string(kBase) + actions, "effects.toml");
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
    return loaded ? std::move(*loaded) : Regulation{};
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(Effects, GroupTargetsAreResolvedAtLoad) {
    const Regulation r = Load(R"([actions.back]
name = "Вернуть"
roles = ["*"]
group = "$previous"
[actions.up]
name = "Выше"
roles = ["*"]
group = "$next_line"
[actions.local]
name = "В регион"
roles = ["*"]
group = "$regional"
[actions.answer]
name = "Ответить"
roles = ["*"]
group = "$requester"
[actions.to_g2]
name = "В Г2"
roles = ["*"]
group = "g2"
[actions.forward]
name = "Передать"
roles = ["*"]
params = { group = "required" }
group = "$group"
records_requester = true
)");
    using Target = AssignGroup::Target;
    ASSERT_EQ(r.actions.size(), 6u);
    EXPECT_EQ(r.FindAction("back")->effects.group->target, Target::kPrevious);
    EXPECT_EQ(r.FindAction("up")->effects.group->target, Target::kNextLine);
    EXPECT_EQ(r.FindAction("local")->effects.group->target, Target::kRegional);
    EXPECT_EQ(r.FindAction("answer")->effects.group->target, Target::kRequester);
    EXPECT_EQ(r.FindAction("to_g2")->effects.group->target, Target::kCode);
    EXPECT_EQ(r.FindAction("to_g2")->effects.group->value, "g2");
    const ActionEffects& forward = r.FindAction("forward")->effects;
    EXPECT_EQ(forward.group->target, Target::kParam);
    EXPECT_EQ(forward.group->value, "group");
    EXPECT_TRUE(forward.records_requester);
    // A computed target takes no parameter.
    EXPECT_EQ(r.FindAction("back")->effects.ConsumedParams(), std::vector<std::string>{"comment"});
}

TEST(Effects, EachEffectDeclaresTheParameterItTakes) {
    const Regulation r = Load(R"([actions.pause]
name = "Приостановить"
roles = ["*"]
params = { reason = "required", ticket = "optional", assignee = "optional" }
status = "pending"
pending_reason = "$reason"
assignee = "$assignee"
[actions.agree]
name = "Согласовать срок"
roles = ["*"]
params = { term = "required", agreement = "required" }
agree_term = "resolution"
[actions.fill]
name = "Дополнить"
roles = ["*"]
params = { snils = "optional", note = "optional" }
update_applicant = true
)");
    const Action& pause = *r.FindAction("pause");
    ASSERT_TRUE(pause.effects.pending_reason);
    EXPECT_EQ(pause.effects.pending_reason->reason.param, "reason");
    EXPECT_EQ(pause.effects.assignee->who, SetAssignee::Who::kParam);
    const auto pause_takes = pause.effects.ConsumedParams();
    EXPECT_TRUE(Has(pause_takes, "reason"));
    EXPECT_TRUE(Has(pause_takes, "assignee"));
    EXPECT_FALSE(Has(pause_takes, "ticket"));  // kept with the appeal

    const Action& agree = *r.FindAction("agree");
    EXPECT_EQ(agree.effects.agree_term->clock, "resolution");
    EXPECT_TRUE(Has(agree.effects.ConsumedParams(), "term"));
    EXPECT_FALSE(Has(agree.effects.ConsumedParams(), "agreement"));

    const Action& fill = *r.FindAction("fill");
    ASSERT_TRUE(fill.effects.update_applicant);
    EXPECT_EQ(fill.effects.update_applicant->params, std::vector<std::string>{"snils"});
    EXPECT_FALSE(Has(fill.effects.ConsumedParams(), "note"));
}

TEST(Effects, FixedAndParameterValuesAreTold) {
    const Regulation r = Load(R"([actions.refuse]
name = "Отказать"
roles = ["*"]
status = "refused"
refusal_reason = "duplicate"
organization = "o1"
[actions.refuse_why]
name = "Отказать по причине"
roles = ["*"]
params = { reason = { required = true, values = ["duplicate"] } }
status = "refused"
refusal_reason = "$reason"
)");
    const ActionEffects& fixed = r.FindAction("refuse")->effects;
    EXPECT_EQ(fixed.refusal_reason->reason.code, "duplicate");
    EXPECT_TRUE(fixed.refusal_reason->reason.param.empty());
    EXPECT_EQ(fixed.organization->organization.code, "o1");
    EXPECT_EQ(fixed.status, core::Status::kRefused);
    const ActionEffects& chosen = r.FindAction("refuse_why")->effects;
    EXPECT_EQ(chosen.refusal_reason->reason.param, "reason");
    core::ActionRequest request;
    request.params["reason"] = "duplicate";
    EXPECT_EQ(chosen.refusal_reason->reason.For(request), "duplicate");
    EXPECT_EQ(fixed.refusal_reason->reason.For(core::ActionRequest{}), "duplicate");
}

TEST(Effects, AStageIsACodeOrNext) {
    const auto loaded = ParseRegulation(std::string(kBase) + R"([[stages]]
code = "one"
name = "Первый"
[actions.jump]
name = "Перейти"
roles = ["*"]
params = { where = "required" }
stage = "$where"
)",
                                        "stage.toml");
    ASSERT_FALSE(loaded.has_value());
    EXPECT_NE(loaded.error().message.find("stage.toml:30: [actions.jump]: stage — код этапа или "
                                          "«$next»"),
              std::string::npos)
        << loaded.error().message;
}

}  // namespace
}  // namespace otklik::regulation

// core::ReportRepository: the facts of the appeals registered in a period, from which every
// report is built.
#include <map>

#include "store_contract.hpp"

namespace otklik::storage::contract {
namespace {

class ReportContract : public StoreContract {
protected:
    std::map<std::string, core::AppealFacts> Scan(const core::ReportScope& scope,
                                                  std::int64_t* count = nullptr) {
        std::map<std::string, core::AppealFacts> facts;  // by category
        auto scanned =
            reports().ScanFacts(scope, [&](const core::AppealFacts& f) { facts[f.category] = f; });
        EXPECT_TRUE(scanned);
        if (count && scanned) *count = *scanned;
        return facts;
    }
};

TEST_P(ReportContract, FactsCoverThePeriodAndTheRegulation) {
    auto early = MakeRequest("ранее", "line1", At("2026-02-27T07:00:00Z"));
    early.appeal.category = "ранее";
    auto open = MakeRequest("открыто", "line1", At("2026-03-02T07:00:00Z"));
    open.appeal.category = "открыто";
    open.appeal.channel = "phone";
    auto other = MakeRequest("другой регламент", "line1", At("2026-03-02T08:00:00Z"));
    other.appeal.category = "билет";
    other.appeal.regulation = "bilet";
    other.uin_prefix = "ББ";
    for (auto* request : {&early, &open, &other}) ASSERT_TRUE(appeals().Register(*request));

    std::int64_t count = 0;
    const auto march = Scan({At("2026-03-01T00:00:00Z"), At("2026-04-01T00:00:00Z"), ""}, &count);
    EXPECT_EQ(count, 2);
    ASSERT_TRUE(march.contains("открыто"));
    const auto& facts = march.at("открыто");
    EXPECT_EQ(facts.regulation, "hotline");
    EXPECT_EQ(facts.group, "line1");
    EXPECT_EQ(facts.region, "77");
    EXPECT_EQ(facts.channel, "phone");
    EXPECT_EQ(facts.created_at, At("2026-03-02T07:00:00Z"));
    EXPECT_TRUE(facts.open);
    EXPECT_FALSE(facts.closed_at);
    EXPECT_FALSE(facts.first_response) << "registration is not a response";
    EXPECT_FALSE(facts.breached);
    EXPECT_EQ(facts.escalations, 0);

    const auto hotline =
        Scan({At("2026-03-01T00:00:00Z"), At("2026-04-01T00:00:00Z"), "hotline"}, &count);
    EXPECT_EQ(count, 1);
    EXPECT_TRUE(hotline.contains("открыто"));
    Scan({At("2026-03-02T07:00:01Z"), At("2026-03-02T08:00:00Z"), ""}, &count);
    EXPECT_EQ(count, 0) << "from is inclusive, to exclusive";
}

TEST_P(ReportContract, FactsFollowResponseEscalationBreachAndClosing) {
    auto request = MakeRequest("жизнь обращения");
    request.appeal.category = "ИНЦ";
    auto appeal = appeals().Register(request).value().appeal;
    const auto step = [&](const char* actor, const char* action, const char* at,
                          const std::function<void(core::Appeal&)>& edit) {
        core::AppealChange change;
        change.appeal = appeal;
        edit(change.appeal);
        change.expected_version = appeal.version;
        change.entry = {0, appeal.id, At(at), actor, action, {}, ""};
        auto saved = appeals().Update(change);
        ASSERT_TRUE(saved);
        appeal = *saved;
    };
    step("system", "timer", "2026-03-02T08:00:00Z", [](core::Appeal&) {});
    step("petrov", "take", "2026-03-02T09:00:00Z",
         [](core::Appeal& a) { a.status = core::Status::kInProgress; });
    step("system", "escalate", "2026-03-03T09:00:00Z",
         [](core::Appeal& a) { a.attributes["breached.resolution"] = "2026-03-03T09:00:00Z"; });
    step("petrov", "forward", "2026-03-03T10:00:00Z", [](core::Appeal& a) { a.group = "line2"; });
    step("petrov", "close", "2026-03-04T10:00:00Z", [](core::Appeal& a) {
        a.status = core::Status::kClosed;
        a.closed_at = At("2026-03-04T10:00:00Z");
    });

    const auto facts = Scan({At("2026-03-01T00:00:00Z"), At("2026-04-01T00:00:00Z"), ""});
    ASSERT_TRUE(facts.contains("ИНЦ"));
    const auto& f = facts.at("ИНЦ");
    EXPECT_EQ(f.first_response, At("2026-03-02T09:00:00Z")) << "the first step a person took";
    EXPECT_EQ(f.escalations, 2) << "an SLA escalation and a transfer";
    EXPECT_TRUE(f.breached);
    EXPECT_FALSE(f.open);
    EXPECT_EQ(f.closed_at, At("2026-03-04T10:00:00Z"));
    EXPECT_EQ(f.group, "line2");
}

OTKLIK_STORE_CONTRACT(ReportContract);

}  // namespace
}  // namespace otklik::storage::contract

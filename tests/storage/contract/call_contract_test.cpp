// core::CallRepository: a call reserves the next number of the appeals' sequence; the number
// ends either as the appeal registered under it or with the reason no appeal was registered.
#include "store_contract.hpp"

namespace otklik::storage::contract {
namespace {

class CallContract : public StoreContract {
protected:
    core::Result<core::Call> Take(const std::string& login = "petrov",
                                  core::Instant at = At("2026-03-02T08:00:00Z")) {
        core::Call call;
        call.regulation = "hotline";
        call.channel = "phone";
        call.operator_login = login;
        call.started_at = at;
        return calls().ReserveCall({"hotline", "ГЛ", 2026}, call);
    }
};

TEST_P(CallContract, ACallReservesTheNextNumberOfTheAppealsSequence) {
    ASSERT_TRUE(appeals().Register(MakeRequest("до звонка")));
    const auto call = Take();
    ASSERT_TRUE(call);
    EXPECT_EQ(call->uin, "ГЛ-2026-000002");
    EXPECT_EQ(appeals().Register(MakeRequest("после звонка"))->appeal.uin, "ГЛ-2026-000003");

    const auto found = calls().FindCall(call->uin).value();
    EXPECT_EQ(found.regulation, "hotline");
    EXPECT_EQ(found.channel, "phone");
    EXPECT_EQ(found.operator_login, "petrov");
    EXPECT_EQ(found.started_at, At("2026-03-02T08:00:00Z"));
    EXPECT_EQ(found.outcome, "");
    EXPECT_FALSE(found.ended_at);
    EXPECT_EQ(calls().FindCall("ГЛ-2026-999999").error().kind, core::ErrorKind::kNotFound);
}

TEST_P(CallContract, ACallEndsOnceAndLeavesTheOperatorsOpenCalls) {
    const auto first = Take("petrov", At("2026-03-02T08:00:00Z")).value();
    const auto second = Take("petrov", At("2026-03-02T08:05:00Z")).value();
    ASSERT_TRUE(Take("ivanova"));
    const auto open = calls().OpenCalls("petrov").value();
    ASSERT_EQ(open.size(), 2u);
    EXPECT_EQ(open[0].uin, first.uin) << "oldest first";

    const auto ended =
        calls().EndCall(first.uin, "consultation", "ответили сразу", At("2026-03-02T08:03:00Z"));
    ASSERT_TRUE(ended);
    EXPECT_EQ(ended->outcome, "consultation");
    const auto found = calls().FindCall(first.uin).value();
    EXPECT_EQ(found.outcome, "consultation");
    EXPECT_EQ(found.note, "ответили сразу");
    EXPECT_EQ(found.ended_at, At("2026-03-02T08:03:00Z"));
    const auto again = calls().EndCall(first.uin, "dropped", "", At("2026-03-02T08:04:00Z"));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "call_ended");
    EXPECT_EQ(calls().OpenCalls("petrov")->size(), 1u);
    EXPECT_EQ(calls().OpenCalls("petrov")->front().uin, second.uin);
    EXPECT_EQ(
        calls().EndCall("ГЛ-2026-999999", "dropped", "", At("2026-03-02T09:00:00Z")).error().kind,
        core::ErrorKind::kNotFound);
}

TEST_P(CallContract, AnAppealTakesTheReservedNumberAndEndsTheCall) {
    const auto call = Take().value();
    auto request = MakeRequest("по звонку");
    request.reserved_uin = call.uin;
    // Another operator's number answers as one never issued (issue 16): it may belong to an
    // appeal they may not see.
    const auto foreign = appeals().Register(request);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().fields.at(0).code, "unknown");
    EXPECT_EQ(calls().FindCall(call.uin)->outcome, "") << "the call stays open";
    request.entry.actor = call.operator_login;
    const auto registered = appeals().Register(request);
    ASSERT_TRUE(registered);
    EXPECT_EQ(registered->appeal.uin, call.uin);
    const auto ended = calls().FindCall(call.uin).value();
    EXPECT_EQ(ended.outcome, "registered");
    EXPECT_TRUE(ended.ended_at);
    EXPECT_TRUE(calls().OpenCalls("petrov")->empty());
    EXPECT_EQ(appeals().Register(MakeRequest("следующее"))->appeal.uin, "ГЛ-2026-000002")
        << "the reserved number was not taken twice";

    const auto twice = appeals().Register(request);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().kind, core::ErrorKind::kValidation);
    ASSERT_EQ(twice.error().fields.size(), 1u);
    EXPECT_EQ(twice.error().fields[0].field, "reserved_uin");
    EXPECT_EQ(twice.error().fields[0].code, "call_ended");
}

TEST_P(CallContract, AReservedNumberIsRefusedToAnotherRegulationOrWhenUnknown) {
    const auto call = Take().value();
    auto other = MakeRequest("другой регламент");
    other.entry.actor = call.operator_login;
    other.appeal.regulation = "bilet";
    other.uin_prefix = "ББ";
    other.reserved_uin = call.uin;
    const auto refused = appeals().Register(other);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields.at(0).code, "other_regulation");
    EXPECT_EQ(calls().FindCall(call.uin)->outcome, "") << "the call stays open";

    auto unknown = MakeRequest("чужой номер");
    unknown.reserved_uin = "ГЛ-2026-000777";
    EXPECT_EQ(appeals().Register(unknown).error().fields.at(0).code, "unknown");
    EXPECT_TRUE(appeals().List({}, {}).value().items.empty()) << "nothing registered";
}

// Issue 16 point 6: the form of a call in progress is kept under its number, replaced on every
// save, listed among its operator's drafted calls, and removed with the call's end.
TEST_P(CallContract, ADraftIsKeptUnderItsCallUntilTheCallEnds) {
    const auto first = Take("petrov", At("2026-03-02T08:00:00Z")).value();
    const auto second = Take("petrov", At("2026-03-02T08:01:00Z")).value();
    const auto other = Take("ivanova").value();
    EXPECT_EQ(calls().FindCallDraft(first.uin).error().code, "draft_not_found");
    ASSERT_TRUE(calls().SaveCallDraft({second.uin, R"({"step":1})", At("2026-03-02T08:02:00Z")}));
    ASSERT_TRUE(calls().SaveCallDraft({first.uin, R"({"step":1})", At("2026-03-02T08:03:00Z")}));
    ASSERT_TRUE(calls().SaveCallDraft({first.uin, R"({"step":2})", At("2026-03-02T08:04:00Z")}));
    ASSERT_TRUE(calls().SaveCallDraft({other.uin, R"({"step":5})", At("2026-03-02T08:04:00Z")}));
    const auto found = calls().FindCallDraft(first.uin).value();
    EXPECT_EQ(found.form, R"({"step":2})") << "replaced, not added";
    EXPECT_EQ(found.saved_at, At("2026-03-02T08:04:00Z"));
    auto drafted = calls().DraftedCalls("petrov").value();
    ASSERT_EQ(drafted.size(), 2u);
    EXPECT_EQ(drafted[0].uin, second.uin);
    EXPECT_EQ(drafted[1].uin, first.uin) << "the latest saved last";

    ASSERT_TRUE(calls().EndCall(second.uin, "dropped", "", At("2026-03-02T08:05:00Z")));
    EXPECT_EQ(calls().FindCallDraft(second.uin).error().kind, core::ErrorKind::kNotFound)
        << "the caller's data goes with the call";
    // An autosave sent before the end and written after it does not bring the data back.
    const auto late =
        calls().SaveCallDraft({second.uin, R"({"step":3})", At("2026-03-02T08:06:00Z")});
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, "call_ended");
    EXPECT_EQ(calls().FindCallDraft(second.uin).error().kind, core::ErrorKind::kNotFound);
    EXPECT_FALSE(calls().SaveCallDraft({"ГЛ-2026-999999", "{}", At("2026-03-02T08:06:00Z")}))
        << "no call, no draft";
    EXPECT_TRUE(calls().DropCallDraft(first.uin).value());
    EXPECT_FALSE(calls().DropCallDraft(first.uin).value());
    EXPECT_TRUE(calls().DraftedCalls("petrov")->empty());
    EXPECT_EQ(calls().DraftedCalls("ivanova")->size(), 1u);
}

OTKLIK_STORE_CONTRACT(CallContract);

}  // namespace
}  // namespace otklik::storage::contract

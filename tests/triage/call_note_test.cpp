// Operators' notes of calls (issue 15, frozen set 22): in a note the operator retells the caller
// in the third person, so «её», «им» and «называет» may be the caller's own words about the staff
// — an insult named, the one watched, the staff a message is for — and a status question asked
// indirectly («спрашивает, у кого сейчас её обращение») is a question.
#include "triage_test_support.hpp"
#include <gtest/gtest.h>

#include "triage/triage_engine.hpp"

namespace otklik::triage {
namespace {

using testing::CallNote;
using testing::RuleList;

const core::Instant kNow{std::chrono::hours(24 * 20465 + 9)};  // 2026-01-12 09:00 UTC

// TR-2: the caller calls the staff names the operator quotes: the caller's insult, also when
// the caller asks for the words to be passed on «им» (to the staff); a caller retelling what
// their own superior calls them is reporting someone else.
TEST(CallNote, StaffCalledNamesInTheCallersWordsAreTheCallersInsult) {
    const auto insult = [](std::string note) {
        const TriageOutcome outcome = CallNote(std::move(note));
        const FiredRule* rule = outcome.Find(RuleCode::kInsult);
        return rule != nullptr && rule->confidence >= Confidence::kMedium;
    };
    EXPECT_TRUE(insult(
        "Звонок. Звонит мужчина. Недоволен сроками по заявке, называет сотрудников линии «ослами» "
        "и «хамами», требует соединить с руководством."));
    EXPECT_TRUE(
        insult("Звонит женщина. Недовольна отпиской. Называет сотрудников «гнидами канцелярскими», "
               "просит «передать им это дословно»."));
    EXPECT_FALSE(insult(
        "Звонок. Звонит женщина. Рассказала, что сосед называет её «хамкой» при детях, просит "
        "совета, куда обратиться."));
}

// TR-2: the caller knows which kindergarten a foreman's granddaughter goes to and when she is
// collected, then sets a choice: «её» there is the child watched, not someone harmed by others.
TEST(CallNote, AStaffMembersGrandchildWatchedByTheCallerIsAThreat) {
    const TriageOutcome held = CallNote(
        "Звонит женщина. Жалуется, что не ремонтируют крышу. Говорит, что у мастера участка "
        "Лысенко есть внучка. Она знает, в какой детсад девочку водят и в какое время её "
        "забирает бабушка. «Пусть подумает, что ему дороже — моя крыша или его внучка».");
    EXPECT_EQ(held.decision, Decision::kHold) << RuleList(held);
    ASSERT_NE(held.Find(RuleCode::kThreat), nullptr);
    const TriageOutcome plain = CallNote(
        "Звонит женщина. Жалуется, что не ремонтируют крышу. Говорит, что у мастера участка есть "
        "внучка, её забирает бабушка, и она тоже ждёт ремонта.");
    EXPECT_EQ(plain.Find(RuleCode::kThreat), nullptr) << RuleList(plain);
}

// TR-8: «спрашивает, у кого сейчас её обращение» asks where the appeal is.
TEST(CallNote, AskingWhoHasTheAppealNowIsAStatusInquiry) {
    TriageContext context;
    context.earlier.push_back(testing::EarlierAppeal(
        66, "ЕВ-2026-000066", "Ошибка кодировки при загрузке выписки из казначейства.",
        kNow - std::chrono::hours(96)));
    const TriageOutcome asked = CallNote(
        "Звонок. Писала письмо про ошибку кодировки при загрузке выписки. Спрашивает, у кого "
        "сейчас её обращение — на второй линии или у разработчиков.",
        context, kNow);
    ASSERT_NE(asked.Find(RuleCode::kStatusInquiry), nullptr) << RuleList(asked);
    EXPECT_EQ(asked.decision, Decision::kComment) << RuleList(asked);
}

// Frozen set 23 (TR-2): a caller who «продолжает браниться» is described swearing: the caller's
// own obscenity, held for a person; a caller who is calm is not.
TEST(CallNote, ACallerDescribedSwearingIsTheCallersObscenity) {
    const auto obscene = [](std::string note) {
        const TriageOutcome outcome = CallNote(std::move(note));
        const FiredRule* rule = outcome.Find(RuleCode::kObsceneLanguage);
        return rule != nullptr && rule->confidence >= Confidence::kMedium;
    };
    EXPECT_TRUE(
        obscene("Звонит мужчина, недоволен, что неделю не подтверждают учётную запись. На просьбы "
                "успокоиться продолжает браниться."));
    EXPECT_FALSE(
        obscene("Звонит мужчина, недоволен, что неделю не подтверждают учётную запись. На просьбу "
                "подождать ответил, что подождёт."));
}

}  // namespace
}  // namespace otklik::triage

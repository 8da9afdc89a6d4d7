#include "triage/threat_detector.hpp"

#include "triage_test_support.hpp"
#include <gtest/gtest.h>

#include "triage/own_skill.hpp"
#include "triage/routine_watch.hpp"
#include "triage/triage_engine.hpp"

namespace otklik::triage {
namespace {

// Targets as the vocabulary would mark them: «вы» and its forms, staff, offices.
ThreatContext Context(const AnalyzedText& text) {
    ThreatContext context;
    for (const Token& t : text.tokens) {
        const std::string& w = t.folded;
        context.target.push_back(w == "вас" || w == "вам" || w == "ваш" || w == "вашу" ||
                                 w == "вашего" || w == "офис" || w == "контору" ||
                                 w == "директора" || w == "сотрудников" || w == "мастер" ||
                                 w == "глава");
    }
    context.reported.assign(text.sentence_count + 1, false);
    return context;
}

std::optional<StructuralThreat> Find(std::string_view body) {
    const AnalyzedText text = AnalyzeText("", body);
    return FindStructuralThreat(text, Context(text));
}

TEST(TriageThreatDetector, FirstPersonHarmAimedAtStaffIsCertain) {
    const auto found = Find("Порублю всех ваших сотрудников, если не вернёте деньги.");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->confidence, Confidence::kHigh);
    EXPECT_EQ(found->kind, "violent_plan");
}

TEST(TriageThreatDetector, MeansBroughtToAnOfficeIsCertain) {
    const auto found = Find("Завтра приду в вашу контору с канистрой, тогда поговорим.");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->confidence, Confidence::kHigh);
}

TEST(TriageThreatDetector, AcidThrownAtStaffIsCertain) {
    const auto found = Find("Плесну кислотой в лицо вашей сотруднице, которая мне нахамила.");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->confidence, Confidence::kHigh);
}

TEST(TriageThreatDetector, EverydayObjectsMakeHarmVerbsIdioms) {
    const AnalyzedText text =
        AnalyzeText("", "Убью двух зайцев сразу. Стреляю глазами по сторонам.");
    EXPECT_TRUE(IdiomaticHarm(text, 0));
    EXPECT_TRUE(IdiomaticHarm(text, 4));
    const AnalyzedText plan = AnalyzeText("", "Закопаю вашего инженера в той самой яме.");
    EXPECT_FALSE(IdiomaticHarm(plan, 0));
}

TEST(TriageThreatDetector, PromisedOutcomeIsProbable) {
    const auto found = Find("Ваш офис сгорит, я вам это обещаю.");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->confidence, Confidence::kMedium);
    EXPECT_EQ(found->kind, "ultimatum");
}

TEST(TriageThreatDetector, ReprisalOutsideTheLawIsProbable) {
    const auto found = Find("Я разберусь с вашим директором по-своему.");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->kind, "self_justice");
}

TEST(TriageThreatDetector, EventsFiguresAndLawfulPressureAreNotThreats) {
    for (std::string_view body : {
             "Убили весь день в очереди в вашем МФЦ.",
             "Вы меня убиваете своей бюрократией.",
             "В подвале взорвался котёл, прошу прислать вашего мастера.",
             "Соседа избили у подъезда, прошу принять меры.",
             "Я разберусь с вами по-другому: подам в суд.",
             "Как получить разрешение на ружьё в вашем отделении?",
             "Хочу пострелять в вашем тире, какие часы работы?",
             "Подожду мастера у подъезда, пусть позвонит.",
             "Я никого не убью, но прошу ускорить ответ.",
             "Сожгу все черновики и начну заново в вашем кабинете.",
         }) {
        EXPECT_FALSE(Find(body).has_value()) << body;
    }
}

// Veiled threats (issue 15): hints of several classes, as the lexicon's `hint` rows mark them.
std::optional<VeiledThreat> Veiled(
    std::string_view body, std::initializer_list<std::pair<std::string_view, ThreatHint>> cues,
    bool request = false) {
    const AnalyzedText text = AnalyzeText("", body);
    ThreatContext context = Context(text);
    context.request = request;
    std::vector<ThreatHintHit> hits;
    for (const auto& [word, hint] : cues) {
        for (std::size_t i = 0; i < text.tokens.size(); ++i) {
            if (text.tokens[i].folded == word) hits.push_back({hint, i, i});
        }
    }
    return FindVeiledThreat(text, context, hits);
}

TEST(TriageThreatDetector, HintsOfTwoClassesAimedAtStaffAreAVeiledThreat) {
    const auto found =
        Veiled("Запомните этот день. У скорой будет много работы возле вашего офиса.",
               {{"запомните", ThreatHint::kMenace}, {"скорой", ThreatHint::kHarm}});
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->kind, "veiled_threat");
    EXPECT_GE(found->cues.size(), 3u);
}

TEST(TriageThreatDetector, OneHintClassOrLawfulRecourseIsNoThreat) {
    EXPECT_FALSE(Veiled("Запомните: справку я сдала третьего марта в ваш офис.",
                        {{"запомните", ThreatHint::kMenace}})
                     .has_value());
    EXPECT_FALSE(Veiled("Предупреждаю, если пожар повторится, подам в суд на ваш офис.",
                        {{"предупреждаю", ThreatHint::kMenace},
                         {"пожар", ThreatHint::kHarm},
                         {"суд", ThreatHint::kLawful}})
                     .has_value());
}

TEST(TriageThreatDetector, ConcernIsAMenaceOnlyWithoutARequestOfOneself) {
    const auto cues = {std::pair<std::string_view, ThreatHint>{"мало", ThreatHint::kConcern},
                       {"случиться", ThreatHint::kHarm},
                       {"если", ThreatHint::kPressure}};
    EXPECT_TRUE(Veiled("Если опять откажете, мало ли что может случиться с вашим директором.", cues)
                    .has_value());
    EXPECT_FALSE(Veiled("Если не поставите забор, мало ли что может случиться с детьми.", cues,
                        /*request=*/true)
                     .has_value());
}

// Frozen set 18 (TR-2): the comings and goings of staff by the clock are watching; the public's
// routine, the applicant's own and a bus's are not.
TEST(TriageThreatDetector, AStaffMembersRoutineByTheClockIsWatching) {
    const auto cues = [](std::string_view body) {
        const AnalyzedText text = AnalyzeText("", body);
        return FindRoutineWatch(text, Context(text)).size();
    };
    EXPECT_EQ(cues("Ваш мастер каждый день в 7:40 уходит через двор за гаражами."), 1u);
    EXPECT_EQ(cues("Каждое утро уезжает ваш директор на чёрной машине."), 1u);
    EXPECT_EQ(cues("Знаю, во сколько выходит из офиса ваш мастер."), 1u);
    // Frozen set 19: where a staff member's child spends the afternoon.
    EXPECT_EQ(cues("По средам в 16:00 у меня в секции занимается сын вашего мастера."), 1u);
    EXPECT_EQ(cues("Наш автобус каждый день в 7:40 уходит раньше расписания."), 0u);
    EXPECT_EQ(cues("Дети каждый день в 7:40 идут по обочине, тротуара нет."), 0u);
    EXPECT_EQ(cues("Мой сын по вечерам ходит на тренировку мимо стройки."), 0u);
    EXPECT_EQ(cues("Ваш мастер обещал прийти. Встреча была 14.03, и он не пришёл."), 0u);
    // Frozen set 15: «нашего» names the applicant's village, not whose routine it is; «наш
    // глава» would be the applicant's own.
    EXPECT_EQ(cues("Глава администрации нашего поселения каждое утро ходит на работу через парк."),
              1u);
    EXPECT_EQ(cues("Наш глава каждое утро ходит на работу через парк."), 0u);
}

TEST(TriageThreatDetector, WatchingAFamilyIsStalking) {
    const auto found = Veiled("Знаю, в какой садик ходит сын вашего директора.",
                              {{"знаю", ThreatHint::kSurveillance}, {"сын", ThreatHint::kFamily}});
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->kind, "stalking");
}

// Frozen set 20 (TR-2): a routine without a clock counts when it brings a named person or «она»
// to the applicant's own place; a thing standing there («у нас в кабинете стоит 30 ноября») does
// not.
TEST(TriageThreatDetector, AStaffMembersRoutineWithinTheApplicantsReachIsWatching) {
    const auto cues = [](std::string_view body) {
        const AnalyzedText text = AnalyzeText("", body);
        ThreatContext context = Context(text);
        context.named.assign(text.tokens.size(), false);
        for (std::size_t i = 0; i < text.tokens.size(); ++i) {
            context.named[i] = text.tokens[i].folded == "горбунов";
        }
        return FindRoutineWatch(text, context).size();
    };
    EXPECT_EQ(cues("Горбунов приезжает к нам на карьер за щебнем."), 1u);
    EXPECT_EQ(cues("Ваш мастер хороший. Она ставит машину на нашей парковке."), 1u);
    EXPECT_EQ(cues("Горбунов приезжает в райцентр по делам."), 0u);
    EXPECT_EQ(cues("Ваш мастер сказал, что у нас в кабинете стоит 30 ноября."), 0u);
}

// Frozen set 20 (TR-2): a trade, access or know-how told in the applicant's own voice is one
// skill cue; a standing («я родитель», «я заявитель»), a job elsewhere in a sentence, knowing a
// fact and someone else's trade are none.
TEST(TriageThreatDetector, TheApplicantsTradeAccessAndKnowHowAreSkillCues) {
    const auto cues = [](std::string_view body) {
        const AnalyzedText text = AnalyzeText("", body);
        return FindOwnSkill(text, Context(text)).size();
    };
    EXPECT_EQ(cues("Я тридцать лет лаборант, у меня доступ к посевам."), 2u);
    EXPECT_EQ(cues("Я кинолог-любитель, у меня два ротвейлера."), 1u);
    EXPECT_EQ(cues("Я работаю водителем школьного автобуса."), 1u);
    EXPECT_EQ(cues("Муж работает на карьере машинистом, и он знает, что дробилка не "
                   "различает."),
              2u);
    EXPECT_EQ(cues("Я знаю, куда подпилить, чтобы он лёг на стоянку."), 1u);
    EXPECT_EQ(cues("У нас в агентстве умеют находить людей."), 1u);
    EXPECT_EQ(cues("Я родитель ученика 8 класса, я заявитель по этому делу."), 0u);
    EXPECT_EQ(cues("Я знаю, что вы заняты, но прошу ответить."), 0u);
    EXPECT_EQ(cues("Ваш муж работает водителем."), 0u);
    EXPECT_EQ(cues("Я подал заявление, номер 4411."), 0u);
    // Frozen set 23: a household member's trade without a verb, and an operator's note.
    EXPECT_EQ(cues("Мой муж водитель скорой."), 1u);
    EXPECT_EQ(cues("Звонит мужчина, представился автоэлектриком."), 1u);
    EXPECT_EQ(cues("Мой сын первоклассник."), 0u);
}

// Frozen set 20 (TR-2): a skill beside a member of staff watched and a demand is a veiled threat;
// without the watching, or without a demand, menace or harm, it is an ordinary introduction.
TEST(TriageThreatDetector, ASkillBesideAPersonWithinReachAndADemandIsAVeiledThreat) {
    const auto veiled = [](std::string_view body, bool watched) {
        const AnalyzedText text = AnalyzeText("", body);
        const ThreatContext context = Context(text);
        std::vector<ThreatHintHit> hits = FindOwnSkill(text, context);
        for (std::size_t i = 0; watched && i < text.tokens.size(); ++i) {
            if (text.tokens[i].folded == "каждый")
                hits.push_back({ThreatHint::kSurveillance, i, i});
        }
        return FindVeiledThreat(text, context, hits);
    };
    const std::string_view letter =
        "Ваш мастер каждый вечер идёт через парк. Я кинолог, у меня два ротвейлера. Пусть "
        "примет заявление.";
    const auto found = veiled(letter, true);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->kind, "veiled_threat");
    EXPECT_FALSE(veiled(letter, false).has_value());
    // The routine is itself the complaint: «… каждый день садится в мой автобус и не платит».
    EXPECT_FALSE(veiled("Ваш контролёр каждый день садится в мой автобус и не платит. Я водитель "
                        "автобуса. Пусть оплатит проезд.",
                        true)
                     .has_value());
    EXPECT_FALSE(veiled("Ваш мастер каждый вечер идёт через парк. Я кинолог, у меня два "
                        "ротвейлера.",
                        true)
                     .has_value());
}

// Frozen set 22 (TR-2): the applicant's trade, then what would befall the recipient's house under
// a condition set in the same breath, in a letter that asks nothing of its own, is a veiled
// threat; the same trade warning of a hazard and asking for it to be removed is not.
TEST(TriageThreatDetector, ATradeBesideAnUltimatumAndWhatWouldBefallIsAThreat) {
    const TriageOutcome threat = testing::TriageText(
        "Я лесник двенадцать лет. Дом начальника отдела стоит у сухого сосняка. Его дом загорится "
        "первым, пока он там ночует, если он не подпишет нам разрешение на пристрой.");
    EXPECT_EQ(threat.decision, Decision::kHold) << testing::RuleList(threat);
    const TriageOutcome warning = testing::TriageText(
        "Я лесник двенадцать лет. Дом начальника отдела стоит у сухого сосняка, весной там "
        "пускают пал. Прошу убрать сухостой, иначе дом загорится.");
    EXPECT_EQ(warning.Find(RuleCode::kThreat), nullptr) << testing::RuleList(warning);
}

// Frozen set 23 (TR-2): what would happen told by one who knows it («знаю, что будет, если…»), an
// accident promised with a wink («Случайно, конечно»), and a caller's trade beside what he could
// make of the engineers' van with a demand for tomorrow; each beside its lawful twin.
TEST(TriageThreatDetector, KnowingWhatWouldHappenAWinkAndAnActMadeToHarmAreThreats) {
    const auto held = [](const TriageOutcome& outcome) {
        return outcome.Find(RuleCode::kThreat) != nullptr;
    };
    EXPECT_TRUE(held(testing::TriageText(
        "Я двенадцать лет работаю лаборантом на химическом производстве и прекрасно знаю, что "
        "будет, если в приточную вентиляцию вашего здания добавить кое-что из моего шкафа. "
        "Перерасчёт мне нужен до конца месяца.")));
    EXPECT_FALSE(held(testing::TriageText(
        "Я двенадцать лет работаю лаборантом и знаю, что будет, если в кабинете химии не "
        "починить вытяжку: дети надышатся. Прошу проверить вытяжку в школе № 3.")));
    const std::string salute =
        "Я пиротехник, двадцать лет ставлю салюты. На выпускной в колледже, где мою дочь не "
        "пустили на пробу, салют ставлю тоже я. Напомните директору, что ракета может пойти не "
        "вверх, а прямо в окна второго этажа, где у них будет банкет.";
    EXPECT_TRUE(held(testing::TriageText(salute + " Случайно, конечно.")));
    EXPECT_FALSE(held(testing::TriageText(salute)));
    const std::string call =
        "Звонит мужчина, представился автоэлектриком. Недоволен, что выездной инженер не "
        "приехал. Говорит, что служебную «Газель» ваших инженеров он видел у здания и что "
        "«проводку в ней можно переделать так, что она загорится на ходу, вместе с водителем». "
        "Требует приезда инженера завтра.";
    EXPECT_TRUE(held(testing::CallNote(call)));
    EXPECT_FALSE(held(testing::CallNote(
        "Звонит мужчина, представился автоэлектриком. Говорит, что в служебной «Газели» ваших "
        "инженеров неисправна проводка и она может загореться на ходу. Требует проверить машину "
        "завтра.")));
}

}  // namespace
}  // namespace otklik::triage

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include "triage_test_support.hpp"
#include <gtest/gtest.h>

#include "app/triage_policy.hpp"
#include "regulation/loader.hpp"
#include "triage/model_signal.hpp"
#include "triage/triage_engine.hpp"

namespace otklik::triage {
namespace {

using namespace std::chrono_literals;
using testing::CallNote;
using testing::DefaultEngine;
using testing::Draft;
using testing::EngineWith;
using testing::RuleList;
using testing::TriageText;

const core::Instant kNow{std::chrono::hours(24 * 20465 + 9)};  // 2026-01-12 09:00 UTC

PastAppeal Earlier(std::int64_t id, std::string uin, std::string text, core::Duration age,
                   bool resolved = false, std::string solution = {}) {
    return testing::EarlierAppeal(id, std::move(uin), std::move(text), kNow - age, resolved,
                                  std::move(solution));
}

TriageInput DraftAt(std::string text) {
    TriageInput input = Draft(std::move(text));
    input.received_at = kNow;
    return input;
}

// `draft` triaged beside one earlier appeal of the same applicant.
TriageOutcome TriageAfter(const PastAppeal& earlier, const TriageInput& draft) {
    TriageContext context;
    context.earlier.push_back(earlier);
    return DefaultEngine().Triage(draft, context);
}

// A letter in the thread of `original` («Re: <its subject>»), triaged beside it.
TriageOutcome ReplyInThread(const PastAppeal& original, std::string text) {
    TriageInput reply = Draft(std::move(text), "Re: " + original.subject);
    reply.channel = "email";
    reply.received_at = kNow;
    return TriageAfter(original, reply);
}

TEST(TriageEngine, OrdinaryAppealIsAccepted) {
    const TriageOutcome outcome = TriageText(
        "Здравствуйте! Не могу войти в личный кабинет на портале, пишет «неверный пароль». Что "
        "делать?");
    EXPECT_EQ(outcome.decision, Decision::kAccept) << RuleList(outcome);
    EXPECT_TRUE(outcome.rules.empty());
    EXPECT_EQ(outcome.classification.category, "ИНЦ");
    ASSERT_FALSE(outcome.classification.facets.empty());
    EXPECT_EQ(outcome.classification.facets[0].value, "technical");
}

TEST(TriageEngine, ObsceneLanguageIsRefusedWithTheWordAndItsOffset) {
    const std::string text = "Какого хуя не работает запись к врачу?";
    const TriageOutcome outcome = TriageText(text);
    EXPECT_EQ(outcome.decision, Decision::kRefuse);
    const FiredRule* rule = outcome.Find(RuleCode::kObsceneLanguage);
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->confidence, Confidence::kHigh);
    ASSERT_EQ(rule->evidence.matches.size(), 1u);
    const TextMatch& match = rule->evidence.matches[0];
    EXPECT_EQ(match.text, "хуя");
    EXPECT_EQ(text.substr(match.offset, match.length), "хуя");
    EXPECT_EQ(match.kind, "mat");
    EXPECT_NE(rule->message.find("нецензурн"), std::string::npos);
}

TEST(TriageEngine, ReportedInsultIsFlaggedNotRefused) {
    const TriageOutcome outcome = TriageText(
        "Сотрудник МФЦ назвал меня идиоткой и послал на хуй. Прошу разобраться с сотрудником.");
    EXPECT_EQ(outcome.decision, Decision::kFlag) << RuleList(outcome);
    ASSERT_NE(outcome.Find(RuleCode::kInsult), nullptr);
    EXPECT_EQ(outcome.Find(RuleCode::kInsult)->confidence, Confidence::kLow);
    EXPECT_EQ(outcome.Find(RuleCode::kObsceneLanguage)->confidence, Confidence::kLow);
}

// Frozen set 9: someone's words quoted in the present tense («подрядчик пишет нам «…»») are
// theirs; the same words outside the quotes are the applicant's own.
TEST(TriageEngine, WordsSomeoneWritesNowAreReportedInQuotesOnly) {
    const TriageOutcome quoted = TriageText(
        "Подрядчик пишет нам в чате «вы там все кретины, ничего не понимаете». Можно ли "
        "скрыть его сообщения из карточки?");
    ASSERT_NE(quoted.Find(RuleCode::kInsult), nullptr) << RuleList(quoted);
    EXPECT_EQ(quoted.Find(RuleCode::kInsult)->confidence, Confidence::kLow);
    EXPECT_EQ(quoted.decision, Decision::kFlag);
    EXPECT_EQ(
        TriageText("Опять ничего не работает, ну вы и кретины, прораб говорит ждать.").decision,
        Decision::kRefuse);
}

TEST(TriageEngine, InsultAimedAtStaffIsRefusedOtherwiseHeld) {
    EXPECT_EQ(TriageText("Ваши сотрудники — идиоты, третий раз не могут починить вход.").decision,
              Decision::kRefuse);
    EXPECT_EQ(TriageText("Какие идиоты проектировали эту развязку? Нужно переделать.").decision,
              Decision::kHold);
    // A surname is not an insult.
    EXPECT_EQ(
        TriageText("Мой начальник Козлов не подписывает заявление, как подать самой?").decision,
        Decision::kAccept);
}

// Frozen set 20: «сидят там одни лопухи» — nothing but them, the staff described: held for a
// person; «одни» before an ordinary word, and a burdock in a garden, are nothing.
TEST(TriageEngine, NothingButFoolsThereIsAnInsultOfTheStaff) {
    const TriageOutcome staff =
        TriageText("Выписки из банка не грузятся вторую неделю. Сидят там одни лопухи.");
    EXPECT_EQ(staff.decision, Decision::kHold) << RuleList(staff);
    EXPECT_NE(staff.Find(RuleCode::kInsult), nullptr) << RuleList(staff);
    EXPECT_EQ(TriageText("Выписки из банка не грузятся вторую неделю. Сидят там одни новички, "
                         "помогите им.")
                  .Find(RuleCode::kInsult),
              nullptr);
    EXPECT_EQ(TriageText("На газоне у школы одни лопухи и крапива, когда покосят?")
                  .Find(RuleCode::kInsult),
              nullptr);
}

// Frozen set 9: the applicant's own fuel and fire with what will be left of a place is held
// (the classifier agreeing); a warning of someone's fuel in a basement is an appeal.
TEST(TriageEngine, OwnFuelAndFireWithWhatWillBeLeftIsHeld) {
    const TriageOutcome threat = TriageText(
        "На жалобы никто не отвечает. Бензин у меня есть, спички тоже. Скоро от вашей управы "
        "одни головешки останутся.");
    ASSERT_NE(threat.Find(RuleCode::kThreat), nullptr) << RuleList(threat);
    EXPECT_EQ(threat.decision, Decision::kHold);
    // By the rule, naming the fire («спички»), not by the classifier alone.
    const auto& matches = threat.Find(RuleCode::kThreat)->evidence.matches;
    EXPECT_TRUE(std::any_of(matches.begin(), matches.end(), [](const TextMatch& m) {
        return m.kind == "violent_plan" && m.text == "спички";
    })) << RuleList(threat);
    const TriageOutcome hazard = TriageText(
        "У нас в подвале жильцы хранят бензин, курят и бросают спички. Будет пожар, одни стены "
        "останутся. Примите меры.");
    EXPECT_EQ(hazard.Find(RuleCode::kThreat), nullptr) << RuleList(hazard);
}

TEST(TriageEngine, ThreatIsRefusedSelfHarmIsFlagged) {
    const TriageOutcome threat =
        TriageText("Если не почините отопление, я приду и убью вашего директора.");
    EXPECT_EQ(threat.decision, Decision::kRefuse);
    EXPECT_EQ(threat.Find(RuleCode::kThreat)->evidence.category, "violence");

    const TriageOutcome self =
        TriageText("Если нас выселят, я покончу с собой. Помогите с жильём.");
    EXPECT_EQ(self.decision, Decision::kFlag);
    EXPECT_EQ(self.Find(RuleCode::kThreat)->evidence.category, "self_harm");

    EXPECT_EQ(TriageText("Я убью на это весь день, но заполню анкету. Где найти форму?").decision,
              Decision::kAccept);
}

TEST(TriageEngine, NoQuestionRefusesGreetingsAndHoldsVagueRequests) {
    EXPECT_EQ(TriageText("").Find(RuleCode::kNoQuestion)->evidence.category, "empty");
    EXPECT_EQ(TriageText("Здравствуйте!").decision, Decision::kRefuse);
    EXPECT_EQ(TriageText("фывапр олдж ячсмит").decision, Decision::kRefuse);
    EXPECT_EQ(TriageText("Помогите!").decision, Decision::kHold);
    EXPECT_EQ(TriageText("Не работает вход").decision, Decision::kAccept);
    // The subject carries the question.
    EXPECT_EQ(DefaultEngine().Triage(Draft("Здравствуйте", "Не приходит код"), {}).decision,
              Decision::kAccept);
}

// Issue 15 (corpus part 20): an idiom of menace before lawful recourse is the tone of a
// complaint, flagged; alone it is withheld.
TEST(TriageEngine, AnIdiomOfMenaceBesideLawfulRecourseIsFlagged) {
    const TriageOutcome lawful =
        TriageText("Вы доиграетесь, я в прокуратуру пойду. Прошу вернуть сертификат моему сыну.");
    ASSERT_NE(lawful.Find(RuleCode::kThreat), nullptr);
    EXPECT_EQ(lawful.decision, Decision::kFlag);
    const TriageOutcome alone = TriageText("Вы доиграетесь. Прошу вернуть сертификат моему сыну.");
    ASSERT_NE(alone.Find(RuleCode::kThreat), nullptr);
    EXPECT_TRUE(alone.decision == Decision::kRefuse || alone.decision == Decision::kHold);
}

// Frozen set 8: the operator of a phone line quotes the caller word for word; the мат in the
// quotes is the caller's own. A caller who quotes someone else is reporting it.
TEST(TriageEngine, MatAPhoneOperatorQuotesIsTheCallersOwn) {
    TriageInput own = Draft(
        "Центр мониторинга 112. Обратился мужчина, сообщает о прорыве трубы. Во время разговора "
        "выражался, дословно: «вы там, бл@ть, все спите, вода хлещет».");
    own.channel = "phone";
    EXPECT_EQ(DefaultEngine().Triage(own, {}).decision, Decision::kRefuse);
    TriageInput other = Draft(
        "Звонила женщина: сосед кричал на неё «бл@ть, уберите машину», просит помочь с "
        "парковкой во дворе.");
    other.channel = "phone";
    EXPECT_NE(DefaultEngine().Triage(other, {}).decision, Decision::kRefuse);
}

TEST(TriageEngine, DuplicateOfAnOpenAppealIsRefusedWithReference) {
    TriageContext context;
    context.earlier.push_back(Earlier(
        7, "ЕП-2026-000007",
        "Не приходит СМС с кодом подтверждения при входе на портал, оператор Мегафон.", 20h));
    const TriageOutcome outcome = DefaultEngine().Triage(
        DraftAt("Повторяю: не приходит СМС с кодом подтверждения при входе на портал, Мегафон."),
        context);
    EXPECT_EQ(outcome.decision, Decision::kRefuse);
    const FiredRule* rule = outcome.Find(RuleCode::kDuplicate);
    ASSERT_NE(rule, nullptr);
    ASSERT_EQ(rule->evidence.related.size(), 1u);
    EXPECT_EQ(rule->evidence.related[0].uin, "ЕП-2026-000007");
    EXPECT_NE(rule->message.find("ЕП-2026-000007"), std::string::npos);
}

TEST(TriageEngine, AnotherNumberIsNotADuplicate) {
    TriageContext context;
    context.earlier.push_back(
        Earlier(1, "ГЗ-1", "Не формируется печатная форма контракта №51, ошибка шаблона.", 2h));
    const TriageOutcome outcome = DefaultEngine().Triage(
        DraftAt("Не формируется печатная форма контракта №52, ошибка шаблона."), context);
    EXPECT_EQ(outcome.Find(RuleCode::kDuplicate), nullptr);
}

TEST(TriageEngine, RepeatOfAResolvedQuestionQuotesTheSolution) {
    TriageContext context;
    context.earlier.push_back(Earlier(3, "ББ-2026-000003",
                                      "Как поменять адрес электронной почты в профиле ученика?",
                                      24h * 20, true, "Настройки → Контакты → Изменить почту."));
    const TriageOutcome repeat = DefaultEngine().Triage(
        DraftAt("Подскажите, как изменить адрес электронной почты в профиле ученика?"), context);
    EXPECT_EQ(repeat.decision, Decision::kRefuse) << RuleList(repeat);
    const FiredRule* rule = repeat.Find(RuleCode::kRepeatResolved);
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->evidence.related[0].solution, "Настройки → Контакты → Изменить почту.");

    // Disagreement with the solution is new information.
    const TriageOutcome dispute = DefaultEngine().Triage(
        DraftAt("Не согласен с ответом: адрес электронной почты в профиле ученика так и не "
                "меняется."),
        context);
    EXPECT_EQ(dispute.Find(RuleCode::kRepeatResolved), nullptr);
}

// Frozen set 7: the same advice asked for again, with a code the resolved appeal did not have.
TEST(TriageEngine, TheSameAdviceAskedAgainWithANewCodeIsARepeat) {
    TriageContext context;
    context.earlier.push_back(
        Earlier(4, "ГУ-2026-000004",
                "Не могу войти на портал через электронную подпись с Рутокена, ошибка сертификата.",
                24h * 10, true, "Переустановите плагин и драйвер Рутокена."));
    const TriageOutcome again = DefaultEngine().Triage(
        DraftAt("Снова не могу войти через подпись Рутокен, ESIA-007053. Подскажите, как вы в "
                "прошлый раз советовали?"),
        context);
    ASSERT_NE(again.Find(RuleCode::kRepeatResolved), nullptr) << RuleList(again);
    EXPECT_EQ(again.Find(RuleCode::kRepeatResolved)->evidence.related[0].id, 4);
}

// Frozen set 9: «ничего не изменилось» denies a change, it brings no new fact; «опять про …»
// names the same matter. Both resends of an open appeal are its duplicates.
// Frozen set 15 (TR-5): a resend of a web appeal that adds the sender's phone and СНИЛС, which
// name no other object, is its duplicate. A number of the matter the web appeal lacks (another
// house) still makes it another appeal.
// Frozen set 15 (TR-2): on the phone, a supplier's letter that calls the caller's staff names is
// a report of the supplier's words (flagged at most); the caller calling the staff so is the
// caller's own insult.
TEST(TriageEngine, ACallersReportOfASuppliersInsultIsNoInsult) {
    const TriageOutcome report = CallNote(
        "Звонит Соловьёва М. И., детский сад № 8. Поставщик прислал письмо, где называет их "
        "«бестолочами, которые не умеют принимать товар». Спрашивает, как оформить отказ от "
        "исполнения контракта.");
    EXPECT_NE(report.decision, Decision::kHold) << RuleList(report);
    EXPECT_NE(report.decision, Decision::kRefuse) << RuleList(report);
    const TriageOutcome own = CallNote(
        "Звонит Соловьёва М. И. Сказала, что сотрудники поддержки — бестолочи, и потребовала "
        "начальника.");
    ASSERT_NE(own.Find(RuleCode::kInsult), nullptr) << RuleList(own);
}

// Frozen set 18 (TR-2): on the phone, what a swindler who called the caller earlier shouted
// («звонивший закричал «старая дура…»») is a report of his words, not the caller's insult.
TEST(TriageEngine, ASwindlersShoutReportedOnThePhoneIsNoInsult) {
    const TriageOutcome report = CallNote(
        "Звонит Белова Н. А. Вчера ей позвонили якобы из банка и просили код из SMS. Когда она "
        "отказалась, звонивший закричал «дура ты, диктуй код» и бросил трубку. Спрашивает, "
        "как защитить учётную запись.");
    EXPECT_NE(report.decision, Decision::kHold) << RuleList(report);
    EXPECT_NE(report.decision, Decision::kRefuse) << RuleList(report);
}

// Frozen set 17 (TR-2): a warning passed on to a named employee («скажите ей, пусть машину
// бережёт») is a veiled threat for a person to check; a parent's «пусть бережёт горло» is not.
TEST(TriageEngine, AWarningToTakeCareOfTheCarIsPassedOnAsAThreat) {
    const TriageOutcome warning = CallNote(
        "Звонит Степан, отказали в выдаче справки. Требовал назвать сотрудницу, которая "
        "отказала: «Я автослесарь, знаю, где у машины тормоза. Передайте ей, пусть машину "
        "бережёт». Положил трубку.");
    ASSERT_NE(warning.Find(RuleCode::kThreat), nullptr) << RuleList(warning);
    const TriageOutcome cold = testing::TriageText(
        "Сын простудился, пусть бережёт горло, на пробу в понедельник не придёт. Как перенести "
        "запись?");
    EXPECT_EQ(cold.Find(RuleCode::kThreat), nullptr) << RuleList(cold);
}

// Frozen set 17 (TR-2): a named employee watched on her way home and to be followed («видел её
// на остановке…, поеду тем же автобусом, если…»); a passenger who saw a driver at a stop and
// writes to the prosecutor is no threat.
TEST(TriageEngine, AnEmployeeWatchedAndToBeFollowedIsAThreat) {
    const TriageOutcome followed = testing::RulesOnlyEngine().Triage(
        Draft("Отказ по перерасчёту подписала специалист Кротова. Вчера видел её на остановке у "
              "рынка, она садилась в маршрутку №5. Если перерасчёт не сделают, в следующий раз "
              "поеду тем же маршрутом."),
        {});
    ASSERT_NE(followed.Find(RuleCode::kThreat), nullptr) << RuleList(followed);
    const TriageOutcome passenger = testing::RulesOnlyEngine().Triage(
        Draft("Вчера видел его на остановке у поликлиники: водитель 22-го автобуса снова проехал "
              "мимо, не остановился. Если не примете меры, напишу в прокуратуру."),
        {});
    EXPECT_EQ(passenger.Find(RuleCode::kThreat), nullptr) << RuleList(passenger);
}

TEST(TriageEngine, AResendWithTheSendersNumbersIsADuplicate) {
    const PastAppeal web = Earlier(31, "ПС-2026-000031",
                                   "Колодец без крышки у дома по ул. Ленина, 90, напротив "
                                   "аптеки, дыра прикрыта веткой. Прошу закрыть люк.",
                                   40h);
    const TriageOutcome resend = TriageAfter(
        web, DraftAt("Колодец без крышки у дома по ул. Ленина, 90, напротив аптеки, дыра "
                     "прикрыта веткой. Прошу закрыть люк. Мой тел. 8 953 986-20-31, СНИЛС "
                     "146-338-901 72."));
    ASSERT_NE(resend.Find(RuleCode::kDuplicate), nullptr) << RuleList(resend);
    EXPECT_EQ(resend.Find(RuleCode::kDuplicate)->evidence.related[0].id, 31);
    const TriageOutcome other_house = TriageAfter(
        web, DraftAt("Колодец без крышки у дома по ул. Ленина, 94, напротив аптеки, дыра "
                     "прикрыта веткой. Прошу закрыть люк. Мой тел. 8 953 986-20-31."));
    EXPECT_EQ(other_house.Find(RuleCode::kDuplicate), nullptr) << RuleList(other_house);
}

// Frozen set 17 (TR-5): the operator's note of a call that repeats a web question in other
// words («повторяет вопрос…, новых сведений нет», «дополнений нет») is its duplicate; «без
// дополнений» denies new facts, a note that adds one («дополнительно сообщает…») does not.
TEST(TriageEngine, ACallNoteThatRepeatsAWebQuestionIsADuplicate) {
    const PastAppeal web = Earlier(41, "ЕВ-2026-000041",
                                   "Записалась на замену водительского удостоверения, а дата "
                                   "приёма мне не подходит, я буду в отъезде. Как перенести "
                                   "приём, не отменяя заявление?",
                                   30h);
    const TriageOutcome repeat = TriageAfter(
        web, DraftAt("Звонок на линию поддержки. Заявительница повторяет вопрос, отправленный "
                     "через сайт: как перенести дату приёма по заявлению на замену "
                     "водительского удостоверения, не отменяя заявление. Дополнений нет."));
    ASSERT_NE(repeat.Find(RuleCode::kDuplicate), nullptr) << RuleList(repeat);
    EXPECT_EQ(repeat.Find(RuleCode::kDuplicate)->evidence.related[0].id, 41);
    const TriageOutcome added = TriageAfter(
        web, DraftAt("Звонок на линию поддержки. Заявительница повторяет вопрос, отправленный "
                     "через сайт, и дополнительно сообщает, что в отделении ей отказали в "
                     "переносе даты приёма по заявлению на замену водительского удостоверения."));
    EXPECT_NE(added.decision, Decision::kRefuse) << RuleList(added);
}

// Frozen sets 15 and 16 (TR-5): the same request sent again by another way and in other words,
// saying so («позавчера писала вам через форму на сайте»), is a probable duplicate for a person
// to check; a letter that says it wrote before and brings a new matter is not.
TEST(TriageEngine, ARequestSentAgainByAnotherWayIsAProbableDuplicate) {
    const PastAppeal form = Earlier(51, "БВБ-2026-000051",
                                    "Сын Артём Лапин, 7 «А», школа № 3 Тамбова, 12 ноября был на "
                                    "пробе «Повар» в колледже, наставник отметил его в списке. В "
                                    "кабинете проба не засчитана. Исправьте, пожалуйста.",
                                    50h);
    const TriageOutcome again = TriageAfter(
        form, DraftAt("Добрый день. Позавчера писала вам через форму на сайте. У сына, Лапина "
                      "Артёма, так и не отмечена профпроба по кулинарии от 12 ноября, хотя он "
                      "там был и его отмечали."));
    const FiredRule* duplicate = again.Find(RuleCode::kDuplicate);
    ASSERT_NE(duplicate, nullptr) << RuleList(again);
    EXPECT_EQ(duplicate->evidence.related[0].id, 51);
    const TriageOutcome other = TriageAfter(
        form, DraftAt("Позавчера писала вам через форму на сайте про пробу сына. Кроме того, "
                      "теперь у дочери в кабинете пропал весь класс и тест не открывается."));
    EXPECT_EQ(other.Find(RuleCode::kDuplicate), nullptr) << RuleList(other);
}

TEST(TriageEngine, AResendThatSaysNothingChangedIsADuplicate) {
    const PastAppeal tree = Earlier(
        21, "ПС-2026-000021",
        "Во дворе дома 12 на Садовой упала берёза прямо на детскую площадку, ветки лежат на "
        "качелях и горке, дети там гуляют каждый день. Прошу срочно убрать дерево и проверить "
        "остальные деревья во дворе.",
        30h);
    const TriageOutcome resend =
        TriageAfter(tree, DraftAt("Повторяю своё сообщение: Садовая, 12, дерево на детской "
                                  "площадке. Ничего не изменилось, никто не приезжал."));
    ASSERT_NE(resend.Find(RuleCode::kDuplicate), nullptr) << RuleList(resend);
    EXPECT_EQ(resend.Find(RuleCode::kDuplicate)->evidence.related[0].id, 21);
    // A change that did happen is a new fact: registered, not folded into the original.
    const TriageOutcome changed = TriageAfter(
        tree, DraftAt("Повторяю своё сообщение: Садовая, 12, дерево на детской площадке. Ночью "
                      "изменилось положение ствола: он упирается в окно первого этажа."));
    EXPECT_EQ(changed.Find(RuleCode::kDuplicate), nullptr) << RuleList(changed);

    const TriageOutcome again = TriageAfter(
        Earlier(22, "ГУ-2026-000022",
                "При записи к врачу через портал выдаёт «Нет доступных талонов», хотя в "
                "регистратуре говорят, что талоны к терапевту есть. Что делать?",
                48h),
        DraftAt("Здравствуйте, опять про запись к терапевту: портал пишет, что доступных талонов "
                "нет, а в регистратуре они есть. Помогите разобраться."));
    ASSERT_NE(again.Find(RuleCode::kDuplicate), nullptr) << RuleList(again);
}

// Frozen set 9: «снова пишу про …» the resolved matter, in its words and with nothing new, is
// the question asked again even with «не отмечена» in it; a person decides. Disagreement with
// the answer stays a new appeal (the test above).
TEST(TriageEngine, TheResolvedMatterAnnouncedAgainIsFlaggedAsARepeat) {
    const TriageOutcome again = TriageAfter(
        Earlier(31, "ББ-2026-000031",
                "Сын был на профпробе «Повар-кондитер» 12 октября, наставник отметил присутствие. "
                "В личном кабинете проба всё ещё в статусе «Записан», в портфолио её нет. Как "
                "исправить?",
                24h * 6, true, "Посещение отмечено, проба в портфолио."),
        DraftAt("Снова пишу про профпробу сына «Повар-кондитер» 12 октября: в личном кабинете она "
                "не отмечена как пройденная, в портфолио её нет. Прошу отметить посещение."));
    const FiredRule* rule = again.Find(RuleCode::kRepeatResolved);
    ASSERT_NE(rule, nullptr) << RuleList(again);
    EXPECT_EQ(rule->confidence, Confidence::kMedium);
    EXPECT_EQ(rule->evidence.related[0].id, 31);
}

// Frozen set 7: «подскажите снова, как…» asks the resolved question again; «подскажите, как…»
// alone asks it for the first time as far as the words tell.
TEST(TriageEngine, TellMeAgainAsksTheResolvedQuestionAgain) {
    const auto repeat = [](const char* draft) {
        return TriageAfter(Earlier(51, "ЕИ-2026-000051",
                                   "Уволилась контрактный управляющий, не можем назначить нового "
                                   "ответственного: пользователь привязан к старой организации.",
                                   24h * 5, true, "Пользователь откреплён от организации."),
                           DraftAt(draft))
            .Find(RuleCode::kRepeatResolved);
    };
    EXPECT_NE(repeat("Добрый день, подскажите снова, как открепить пользователя от старой "
                     "организации? Новый сотрудник не может быть добавлен."),
              nullptr);
    EXPECT_EQ(repeat("Добрый день, подскажите, как выгрузить отчёт о закупках за квартал?"),
              nullptr);
}

// Frozen set 9: the operator's words for a repeated call («звонит повторно, интересуется…, ей
// никто не звонил») are not facts of the matter: the call is a comment on the open appeal.
TEST(TriageEngine, ARepeatedCallAskingHowFarItGotIsAStatusInquiry) {
    const TriageOutcome call = TriageAfter(
        Earlier(41, "ГУ-2026-000041",
                "Звонит Петрова Анна Ивановна. Подала через портал заявление на детское пособие, "
                "в ноябре пришёл отказ без объяснения причин. Просит разобраться с отказом.",
                72h),
        DraftAt("Звонит Петрова Анна Ивановна повторно. Интересуется, что с её обращением про "
                "отказ в пособии: прошло больше недели, ей никто не звонил и никто не писал. "
                "Спрашивает, пришёл ли ответ, интересуется сроками."));
    ASSERT_NE(call.Find(RuleCode::kStatusInquiry), nullptr) << RuleList(call);
    EXPECT_EQ(call.decision, Decision::kComment) << RuleList(call);
}

// Frozen set 12: «интересуется, на какой стадии её обращение» asks how far it got without a
// «ли» or a question mark; announced as a repeat, it is still a status inquiry, not a duplicate.
TEST(TriageEngine, AskingWhichStageItIsAtIsAStatusInquiry) {
    const auto call = [](const char* note) {
        return TriageAfter(Earlier(42, "ГУ-2026-000042",
                                   "Звонит Яковлева Марина Андреевна. Не приходит приглашение "
                                   "сотрудника в профиль организации, просит разобраться.",
                                   72h),
                           DraftAt(note));
    };
    const TriageOutcome stage = call(
        "Повторно обратилась Яковлева Марина Андреевна. Интересуется, на какой стадии её "
        "обращение про приглашение сотрудника в профиль организации.");
    EXPECT_EQ(stage.decision, Decision::kComment) << RuleList(stage);
    const TriageOutcome again = call(
        "Повторно обратилась Яковлева Марина Андреевна. Приглашение сотрудника в профиль "
        "организации так и не приходит, просит помочь.");
    EXPECT_NE(again.decision, Decision::kComment) << RuleList(again);
}

// Frozen set 9: a threat in a routine letter's postscript is diluted in the whole letter's
// score, which all but clears it; the postscript judged alone holds the letter for a person.
TEST(TriageEngine, AThreatInAPostscriptIsJudgedOnItsOwn) {
    const std::string letter =
        "Добрый день. По заявке 7731 вторую неделю не решена проблема: при подписании контракта "
        "выходит ошибка «Сертификат не найден». Логи отправляли дважды.\n\nС уважением, "
        "Ковалёв Д.С., МКУ «ЦБ Лужского района»";
    TriageInput threat = Draft(letter +
                                   "\n\nP.S. Терпение кончилось. Если к понедельнику подпись не "
                                   "заработает, ваши специалисты отметят Новый год в "
                                   "травматологии. Это не угроза, а прогноз.",
                               "Заявка 7731 — подпись контракта");
    threat.channel = "email";
    const TriageOutcome held = DefaultEngine().Triage(threat, TriageContext{});
    ASSERT_NE(held.Find(RuleCode::kThreat), nullptr) << RuleList(held);
    EXPECT_EQ(held.decision, Decision::kHold) << RuleList(held);
    TriageInput routine = Draft(letter, "Заявка 7731 — подпись контракта");
    routine.channel = "email";
    const TriageOutcome plain = DefaultEngine().Triage(routine, TriageContext{});
    EXPECT_EQ(plain.Find(RuleCode::kThreat), nullptr) << RuleList(plain);
}

// Frozen set 11: asked outright about the earlier appeal («Скажите, заявка вообще в работе?»,
// «в каком оно сейчас статусе?»), or told by the operator of a call («спрашивает, на какой стадии
// её сообщение»): a status inquiry about it, not its duplicate. Said as a statement, «в работе»
// asks nothing.
TEST(TriageEngine, AQuestionWhetherTheAppealIsInWorkIsAStatusInquiry) {
    const PastAppeal report = Earlier(
        6, "ГЛ-2026-000006",
        "Звонок. Белоусов Денис. Не формируется отчёт по исполнению контрактов: ошибка «Нет данных "
        "за период», хотя контракты заведены.",
        24h * 7);
    for (const char* text :
         {"Неделю назад звонил по поводу отчёта по исполнению контрактов (ошибка «Нет данных за "
          "период»). Скажите, заявка вообще в работе? Белоусов",
          "Добрый день! По нашему обращению об отчёте по исполнению контрактов — в каком оно "
          "сейчас статусе? Белоусов"}) {
        const TriageOutcome outcome = TriageAfter(report, DraftAt(text));
        EXPECT_NE(outcome.Find(RuleCode::kStatusInquiry), nullptr) << text << RuleList(outcome);
        EXPECT_EQ(outcome.Find(RuleCode::kDuplicate), nullptr) << text << RuleList(outcome);
    }
    TriageInput call = DraftAt(
        "Звонок. Белоусов Денис спрашивает, на какой стадии его обращение об отчёте по исполнению "
        "контрактов (ошибка «Нет данных за период») — ответа пока не было.");
    call.channel = "phone";
    const TriageOutcome asked = TriageAfter(report, call);
    EXPECT_NE(asked.Find(RuleCode::kStatusInquiry), nullptr) << RuleList(asked);
    EXPECT_EQ(asked.Find(RuleCode::kDuplicate), nullptr) << RuleList(asked);
}

// Frozen set 14 (TR-8): asked whether anyone handles the appeal at all («его кто-то двигает?»,
// «живо оно или его закрыли?») where its state is shown: a comment on it. Told as a statement
// («заявку закрыли, спасибо»), nothing is asked.
TEST(TriageEngine, AQuestionWhetherAnyoneHandlesTheAppealIsAStatusInquiry) {
    const PastAppeal report =
        Earlier(9, "ПО-2026-000009",
                "Во дворе дома по ул. Садовой, 4 сломана горка на детской площадке, торчат болты.",
                24h * 10);
    for (const char* text :
         {"Добрый день. По моему сообщению про горку на Садовой, 4: в личном кабинете уже "
          "полторы недели «на рассмотрении». Его вообще кто-то двигает?",
          "Писала вам про горку на Садовой. Так живо моё обращение или его молча закрыли?"}) {
        const TriageOutcome outcome = TriageAfter(report, DraftAt(text));
        ASSERT_NE(outcome.Find(RuleCode::kStatusInquiry), nullptr) << text << RuleList(outcome);
        EXPECT_EQ(outcome.decision, Decision::kComment) << text << RuleList(outcome);
    }
    const TriageOutcome told =
        TriageAfter(report, DraftAt("Горку на Садовой починили, сообщение можно закрыть."));
    EXPECT_EQ(told.Find(RuleCode::kStatusInquiry), nullptr) << RuleList(told);
}

// Frozen sets 15 and 17 (TR-5): a call that repeats a web appeal is its duplicate although the
// operator's note adds the channel's marker («Центр мониторинга 112»), a phone written without
// «тел.» («8 (81374) 2-33-06») and «Дополнений нет»; a new house number is another object.
TEST(TriageEngine, AMarkersNumberAPhoneAndNoAdditionsMakeNoNewObject) {
    TriageConfig config = DefaultTriageConfig();
    config.source_markers.push_back("Центр мониторинга 112");
    const TriageEngine engine = testing::EngineWith(std::move(config));
    const PastAppeal trench = Earlier(
        31, "ПОС-2026-000031",
        "На ул. Радищева у дома 140 с весны раскопанная траншея, огорожена одной лентой, ночью "
        "темно. Прошу закопать.",
        48h);
    const auto triage = [&](const std::string& text) {
        TriageInput call = DraftAt(text);
        call.channel = "phone";
        TriageContext context;
        context.earlier.push_back(trench);
        return engine.Triage(call, context);
    };
    const TriageOutcome again = triage(
        "Центр мониторинга 112. Звонит Тихонова, 8 (81374) 2-33-06. Писала про "
        "раскопанную траншею на ул. Радищева у дома 140, огорожена лентой, темно. "
        "Дополнений нет, просит закопать.");
    ASSERT_NE(again.Find(RuleCode::kDuplicate), nullptr) << RuleList(again);
    const TriageOutcome other = triage(
        "Центр мониторинга 112. Звонит Тихонова, 8 (81374) 2-33-06. Раскопанная траншея "
        "на ул. Радищева у дома 152, огорожена лентой, темно. Просит закопать.");
    EXPECT_EQ(other.Find(RuleCode::kDuplicate), nullptr) << RuleList(other);
}

// Frozen set 20 (TR-8): the sentence that asks where the appeal is names the bodies it may be
// with («у регионального оператора или у разработчиков?»): the handling, not new facts; the
// chatbot's fields («Регион: …. Роль: …») are neither. Each a comment on the open appeal. A
// resend that says «ответа пока нет, ситуация та же» asks nothing and stays the duplicate.
TEST(TriageEngine, WhereTheAppealMayBeIsItsHandlingNotNewFacts) {
    const PastAppeal report = Earlier(
        21, "ББ-2026-000021",
        "Ученики не могут пройти тест после продления сроков диагностики: кнопка «Начать» не "
        "активна.",
        24h * 3);
    for (const char* text :
         {"Писала через форму на сайте, что ученики не могут пройти тест после продления сроков "
          "диагностики. Ответа нет. Скажите хотя бы, на каком этапе вопрос — у регионального "
          "оператора или у разработчиков?",
          "Регион: Удмуртская Республика. Роль: представитель площадки. Тип: организационный. "
          "Вопрос: писала вам про тест после продления сроков диагностики. Скажите, его уже "
          "передали региональному оператору или он ещё у вас?"}) {
        const TriageOutcome outcome = TriageAfter(report, DraftAt(text));
        ASSERT_NE(outcome.Find(RuleCode::kStatusInquiry), nullptr) << text << RuleList(outcome);
        EXPECT_EQ(outcome.decision, Decision::kComment) << text << RuleList(outcome);
    }
    const TriageOutcome resend = TriageAfter(
        report, DraftAt("Здравствуйте ещё раз. Писала несколько дней назад, что ученики не могут "
                        "пройти тест после продления сроков диагностики, кнопка «Начать» так и "
                        "не активна, дети ждут, классный руководитель волнуется. Ответа пока нет, "
                        "ситуация та же. Помогите."));
    EXPECT_NE(resend.decision, Decision::kComment) << RuleList(resend);
}

// Frozen set 16 (TR-5): «14.11» in the repeat and «14 ноября» in the original are one date;
// another day is another trial.
TEST(TriageEngine, ADateWrittenInFiguresIsTheDateWrittenInWords) {
    const PastAppeal trial = Earlier(
        26, "ББ-2026-000026",
        "Дочь Полина 14 ноября была на профпробе «Кондитер» в колледже сервиса, а в кабинете "
        "у неё до сих пор «Записан», а не «Пройдена». Прошу отметить пробу.",
        48h);
    const auto again = [&](const char* date) {
        return TriageAfter(trial, DraftAt(std::string("Позавчера писала вам через форму на сайте. "
                                                      "У дочери Полины профпроба «Кондитер» "
                                                      "(колледж сервиса, ") +
                                          date + ") так и значится «Записан». Прошу отметить."));
    };
    const TriageOutcome same = again("14.11");
    EXPECT_NE(same.Find(RuleCode::kDuplicate), nullptr) << RuleList(same);
    const TriageOutcome other = again("21.11");
    EXPECT_EQ(other.Find(RuleCode::kDuplicate), nullptr) << RuleList(other);
}

// Frozen set 14 (TR-8): how and when it was sent («примерно десять дней назад подавала через
// сайт») are no facts of the matter: the operator's note of the call is a comment.
TEST(TriageEngine, HowAndWhenItWasSentAreNoNewFacts) {
    const PastAppeal markings = Earlier(
        24, "ПОС-2026-000024",
        "На пешеходном переходе у школы №82 по ул. Аблукова стерлась разметка и нет знака «Дети». "
        "Прошу восстановить разметку.",
        24h * 10);
    TriageInput call = DraftAt(
        "Звонок Прокофьевой Светланы Юрьевны. Примерно десять дней назад подавала через сайт "
        "сообщение о стёртой разметке у школы №82. Спрашивает, на каком этапе её сообщение и "
        "назначен ли исполнитель.");
    call.channel = "phone";
    const TriageOutcome outcome = TriageAfter(markings, call);
    ASSERT_NE(outcome.Find(RuleCode::kStatusInquiry), nullptr) << RuleList(outcome);
    EXPECT_EQ(outcome.decision, Decision::kComment) << RuleList(outcome);
}

// Frozen set 19 (TR-8): asked whether the appeal was passed on («моё сообщение передали в
// управляющую компанию?», «кто им сейчас занимается?»), whether the other body's answer has come
// («ответ от них уже есть?»), where it is now; and a call that restates the matter in other words
// beside the operator's «новой информации нет»: each a comment on the open appeal. Told that it
// was passed on, nothing is asked.
TEST(TriageEngine, AQuestionWhetherTheAppealWasPassedOnIsAStatusInquiry) {
    const PastAppeal report = Earlier(
        11, "ПО-2026-000011",
        "Во дворе дома 7 по ул. Полевой сломаны качели, сиденье висит на одной цепи.", 24h * 9);
    for (const char* text :
         {"Добрый день. Писала вам про качели на Полевой, 7. Моё сообщение передали в управляющую "
          "компанию? Кто им сейчас занимается?",
          "Писала про качели на Полевой. Вы отправили запрос в управляющую компанию, ответ от них "
          "уже есть?",
          "Писала про качели на Полевой. Скажите, где моё обращение сейчас: у вас или в районе?"}) {
        const TriageOutcome outcome = TriageAfter(report, DraftAt(text));
        ASSERT_NE(outcome.Find(RuleCode::kStatusInquiry), nullptr) << text << RuleList(outcome);
        EXPECT_EQ(outcome.decision, Decision::kComment) << text << RuleList(outcome);
    }
    const TriageOutcome call = TriageAfter(
        report, DraftAt("Звонок. Звонит Седова по своему сообщению о том, что у дома 7 на "
                        "Полевой оборвана цепь у детской качели и ребёнок может упасть. "
                        "Спрашивает, передано ли сообщение исполнителю. Новой информации нет."));
    ASSERT_NE(call.Find(RuleCode::kStatusInquiry), nullptr) << RuleList(call);
    EXPECT_EQ(call.decision, Decision::kComment) << RuleList(call);
    const TriageOutcome told = TriageAfter(
        report, DraftAt("Моё сообщение про качели передали в управляющую компанию, спасибо."));
    EXPECT_EQ(told.Find(RuleCode::kStatusInquiry), nullptr) << RuleList(told);
}

// Frozen set 19 (TR-2): a staff member's child «на моих тренировках» beside an ultimatum is a
// threat for a person to check; a teacher's own lessons named in a request are not.
TEST(TriageEngine, AStaffMembersChildInTheApplicantsLessonsBesideAnUltimatumIsHeld) {
    const TriageOutcome threat = TriageText(
        "Я тренер по боксу. Сын вашего мастера Гусева занимается у меня, на моих тренировках он "
        "пока стоит в паре с ровесниками. Пусть мастер починит нам отопление до понедельника. "
        "Иначе в понедельник поставлю его в пару со старшими.");
    ASSERT_NE(threat.Find(RuleCode::kThreat), nullptr) << RuleList(threat);
    EXPECT_EQ(threat.decision, Decision::kHold) << RuleList(threat);
    const TriageOutcome lessons =
        TriageText("На моих уроках дети жалуются, что платформа не открывается. Прошу проверить.");
    EXPECT_EQ(lessons.Find(RuleCode::kThreat), nullptr) << RuleList(lessons);
}

// Frozen set 10: «напомните, что с нашей заявкой…? …нам важно понимать сроки» in the appeal's
// own thread asks how far it got: a comment on it, never refused as its duplicate.
TEST(TriageEngine, AReminderInTheThreadAskingHowFarItGotIsNotADuplicate) {
    PastAppeal original = Earlier(
        51, "ГЛ-2026-000051",
        "При формировании отчёта об исполнении контракта АИС выдаёт «Ошибка: не найдены этапы "
        "исполнения», хотя этапы заведены. Отчёт нужно разместить до 10 декабря.",
        24h * 6);
    original.subject = "Отчёт об исполнении — этапы не найдены";
    const TriageOutcome outcome = ReplyInThread(
        original,
        "Коллеги, добрый день.\nНапомните, пожалуйста, что с нашей заявкой по отчёту об "
        "исполнении («не найдены этапы исполнения»)? Прошла неделя, ни ответа, ни запроса "
        "информации. Нам важно понимать сроки.\n\nЛебедева О. П.");
    EXPECT_EQ(outcome.Find(RuleCode::kDuplicate), nullptr) << RuleList(outcome);
    ASSERT_NE(outcome.Find(RuleCode::kStatusInquiry), nullptr) << RuleList(outcome);
    EXPECT_EQ(outcome.decision, Decision::kComment) << RuleList(outcome);
}

// Frozen set 11: a participle of damage declined like a first person («разбитую трассу») is a
// state, not the caller's plan: a call about a broken road was refused as a threat. The verb in
// the first person still is one.
TEST(TriageEngine, AParticipleOfDamageIsNoPlanOfHarm) {
    const auto call = [](std::string note) { return CallNote(std::move(note)); };
    for (const char* note :
         {"Центр мониторинга 112. Звонок от Сафина Рената. Жалуется на разбитую трассу у села, "
          "просит отремонтировать.",
          "Звонок. Жалуется на разбитую дорогу у центра.",
          "Центр мониторинга 112. Сообщает об избитому ветром забору у школы и горящим фонарям."}) {
        EXPECT_EQ(call(note).Find(RuleCode::kThreat), nullptr) << note;
    }
    EXPECT_NE(call("Разобью вам окна в офисе, если не ответите.").Find(RuleCode::kThreat), nullptr);
    EXPECT_NE(call("Я вам всем изуродую лица, если не вернёте деньги.").Find(RuleCode::kThreat),
              nullptr);
}

// Frozen set 12: «хочу понять, не сгорит ли…» asks a question: neither «хочу» before a verb of
// asking is a plan, nor an outcome asked about with «ли» a promise («сгорит ли лимит проб» was
// refused as a threat). Promised, the same outcome still is one.
TEST(TriageEngine, AnOutcomeAskedAboutIsNoThreat) {
    for (const char* text :
         {"Хочу понять, не сгорит ли у него лимит проб, если перезаписать его к другому "
          "наставнику?",
          "Хотим уточнить у сотрудника: сгорит ли запись, если мы опоздаем?"}) {
        const TriageOutcome outcome = testing::RulesOnlyEngine().Triage(Draft(text), {});
        EXPECT_EQ(outcome.Find(RuleCode::kThreat), nullptr) << text << RuleList(outcome);
    }
    const TriageOutcome promised = testing::RulesOnlyEngine().Triage(
        Draft("Не вернёте деньги — ваш офис сгорит вместе с вами, я приду лично."), {});
    EXPECT_NE(promised.Find(RuleCode::kThreat), nullptr) << RuleList(promised);
}

// Frozen set 13: a weapon named as what a licence is for («потом хочу на разрешение на карабин»)
// is paperwork, not a means the applicant brings; brought, it still is one.
TEST(TriageEngine, AWeaponALicenceIsForIsNoThreat) {
    const TriageOutcome licence = testing::RulesOnlyEngine().Triage(
        Draft("Через госуслуги сдал на охотбилет, потом хочу на разрешение на карабин. "
              "Заявление третий день в статусе «Отправлено», ждать или подавать снова?"),
        {});
    EXPECT_EQ(licence.Find(RuleCode::kThreat), nullptr) << RuleList(licence);
    const TriageOutcome brought = testing::RulesOnlyEngine().Triage(
        Draft("Хочу прийти к вам в отделение с карабином, лицензия на него у меня есть."), {});
    EXPECT_NE(brought.Find(RuleCode::kThreat), nullptr) << RuleList(brought);
}

// Frozen set 13: a meeting promised «без адвокатов и без камер» refuses the law rather than
// turning to it, and «запомнит надолго» is a menace; a meeting without lawyers to settle is not.
TEST(TriageEngine, LawfulRecourseRefusedIsNoExcuse) {
    const TriageOutcome menace = testing::RulesOnlyEngine().Triage(
        Draft("Не решите вопрос — встретимся с вашим начальником без адвокатов и без камер. "
              "Запомнит надолго."),
        {});
    EXPECT_NE(menace.Find(RuleCode::kThreat), nullptr) << RuleList(menace);
    const TriageOutcome settle = testing::RulesOnlyEngine().Triage(
        Draft("Готовы встретиться с вашим руководителем без адвокатов и обсудить мировое "
              "соглашение по контракту. Когда удобно?"),
        {});
    EXPECT_EQ(settle.Find(RuleCode::kThreat), nullptr) << RuleList(settle);
}

// Frozen set 12: on the phone, the caller's superior's words quoted by the operator («директор
// кричит на неё «бестолочь…»») are a report of someone else's insult, not the caller's.
TEST(TriageEngine, ASuperiorsInsultRetoldByTheOperatorIsNotTheCallers) {
    const TriageOutcome outcome = CallNote(
        "Звонок. Пользователь Петрова Анна. Рассказала, что директор кричит на неё «бестолочь, "
        "даже отчёт отправить не можешь», а отчёт не уходит из-за ошибки 500. Просит проверить.");
    EXPECT_NE(outcome.decision, Decision::kRefuse) << RuleList(outcome);
    EXPECT_NE(outcome.decision, Decision::kHold) << RuleList(outcome);
    EXPECT_NE(CallNote("Звонок. Пользователь Петрова. Сказала оператору: «бестолочь, даже "
                       "соединить не можешь».")
                  .Find(RuleCode::kInsult),
              nullptr);
}

// Frozen set 20: the boss the caller demanded («требовал начальника») is asked for, not
// someone whose words the operator quotes: the мат in the quotes stays the caller's own. The
// superior who shouts in a retold scene is still someone else's voice.
TEST(TriageEngine, TheBossACallerDemandsDoesNotTakeTheCallersWordsAway) {
    const TriageOutcome own = CallNote(
        "Звонок. Абонент: мужчина. Кричал, что «ваша система опять 0хуевшие ошибки выдаёт», "
        "требовал начальника.");
    EXPECT_EQ(own.decision, Decision::kRefuse) << RuleList(own);
    const TriageOutcome other = CallNote(
        "Звонок. Пользователь Петрова. Рассказала, что начальник кричал «0хуевшие вы все», "
        "просит проверить отчёт.");
    EXPECT_NE(other.decision, Decision::kRefuse) << RuleList(other);
}

// Frozen set 12: the caller's initials cut the operator's sentence («Заявитель Кудрин П. С.
// выражался нецензурно, дословно: «…»»); the rest of it is still the caller's own words.
TEST(TriageEngine, InitialsDoNotTakeTheCallersWordsAway) {
    const TriageOutcome outcome = CallNote(
        "Центр мониторинга 112. Заявитель Лосев В. Н. выражался нецензурно, дословно: «где этот "
        "йобаный автобус». Суть: не соблюдается расписание.");
    const FiredRule* obscene = outcome.Find(RuleCode::kObsceneLanguage);
    ASSERT_NE(obscene, nullptr) << RuleList(outcome);
    EXPECT_EQ(obscene->confidence, Confidence::kHigh) << RuleList(outcome);
}

// Frozen set 12: an inquiry that gives the number the applicant was told, how long it has
// waited and who asks («номер пришёл 2024-ТП-12019», «пятый рабочий день без обратной связи»,
// «Зуев Илья, ilya.zuev09@yandex.ru») adds no facts: a comment on the appeal (TR-8).
TEST(TriageEngine, TheNumberToldAndTheWaitAreNoNewFacts) {
    const PastAppeal report = Earlier(
        12, "ГЛ-2026-000012",
        "При публикации изменений плана-графика ошибка контрольной суммы, изменения не уходят.",
        24h * 7);
    const TriageOutcome outcome = TriageAfter(
        report, DraftAt("Добрый день. Прошу сообщить текущий статус заявки по ошибке контрольной "
                        "суммы (номер пришёл 2024-ТП-12019). Пятый рабочий день без обратной "
                        "связи.\nЛебедева А. В."));
    ASSERT_NE(outcome.Find(RuleCode::kStatusInquiry), nullptr) << RuleList(outcome);
    EXPECT_EQ(outcome.decision, Decision::kComment) << RuleList(outcome);
    const TriageOutcome facts = TriageAfter(
        report, DraftAt("Прошу сообщить статус заявки по ошибке контрольной суммы. Дополнительно: "
                        "ошибка появляется и при публикации извещений, и при подписании "
                        "протоколов комиссии, браузер Яндекс и Chromium-Гост."));
    EXPECT_NE(facts.decision, Decision::kComment) << RuleList(facts);
}

// Frozen set 11: the marker a channel's operator puts before every text («Центр мониторинга
// 112») is not read by the classifier (beside «разбитая дорога» it read as a threat); the pos
// regulation's phone channel declares it.
TEST(TriageEngine, TheClassifierDoesNotReadAChannelsSourceMarker) {
    const std::vector<std::string> markers = {"Центр мониторинга 112"};
    EXPECT_EQ(WithoutSourceMarker("Центр мониторинга 112. Разбитая дорога у села.", markers),
              "Разбитая дорога у села.");
    EXPECT_EQ(WithoutSourceMarker("  Центр мониторинга 112: Звонок", markers), "Звонок");
    EXPECT_EQ(WithoutSourceMarker("Звонок. Центр мониторинга 112", markers),
              "Звонок. Центр мониторинга 112");
    auto pos = regulation::LoadRegulationFile(OTKLIK_REGULATIONS_DIR "/pos.toml");
    ASSERT_TRUE(pos) << pos.error().message;
    auto config = app::TriageConfigOf(*pos);
    ASSERT_TRUE(config);
    EXPECT_EQ(config->source_markers, markers);
}

// Frozen set 10: a call note where the operator warned the caller after the caller's quoted
// words with a condition is held as a threat; advice on consequences is not one. The rules
// alone: the classifier, which learned frozen set 10 since, holds the note either way.
TEST(TriageEngine, AnOperatorsWarningAfterTheCallersConditionMarksAThreat) {
    const auto call = [](std::string note) { return CallNote(std::move(note)); };
    const std::string note =
        "Центр мониторинга 112. Заявитель Лаптев Игорь, тел. 8-927-111-22-33. Адрес проблемы: с. "
        "Ивановка, ул. Садовая. Жалоба: не ремонтируют крыльцо клуба после зимы. Заявил, что если "
        "до 1 мая не отремонтируют, он «вынесет все двери в сельсовете» и «поговорит с главой "
        "так, что тот запомнит». ";
    const TriageOutcome warned = call(note + "Оператор сделал предупреждение.");
    ASSERT_NE(warned.Find(RuleCode::kThreat), nullptr) << RuleList(warned);
    EXPECT_EQ(warned.decision, Decision::kHold) << RuleList(warned);
    EXPECT_EQ(warned.Find(RuleCode::kThreat)->evidence.matches.front().kind, "operator_warning");
    EXPECT_EQ(call("Звонок. Заявитель спрашивает, что будет, если не оплатить штраф вовремя. "
                   "Оператор разъяснил последствия неуплаты.")
                  .Find(RuleCode::kThreat),
              nullptr);
    // The same words without the operator's warning: the rules let them by.
    EXPECT_EQ(call(note + "Оператор принял обращение.").Find(RuleCode::kThreat), nullptr);
}

// Frozen set 10: thanks in the appeal's thread under its «Re: …» subject, which still names
// the problem, ask nothing and send nothing again: not a duplicate of the appeal.
TEST(TriageEngine, ThanksInTheThreadAreNotADuplicate) {
    PastAppeal original =
        Earlier(61, "ГЛ-2026-000061",
                "При публикации протокола АИС пишет «Не найдены сведения об участниках», хотя "
                "заявки участников загружены.",
                30h);
    original.subject = "Протокол: не найдены сведения об участниках";
    const TriageOutcome outcome = ReplyInThread(
        original,
        "Спасибо, всё заработало, заявку можно закрывать.\n\n--\nОрлова Е. В.\nМКУ «ЦБ» г. Луга");
    EXPECT_EQ(outcome.Find(RuleCode::kDuplicate), nullptr) << RuleList(outcome);
    ASSERT_NE(outcome.Find(RuleCode::kNoQuestion), nullptr) << RuleList(outcome);
    EXPECT_EQ(outcome.Find(RuleCode::kNoQuestion)->evidence.category, "thanks");
}

TEST(TriageEngine, StatusInquiryBecomesACommentOnTheOpenAppeal) {
    TriageContext context;
    context.earlier.push_back(
        Earlier(77, "ЕП-2026-000777", "Заявление на перерасчёт пенсии не обработано.", 240h));
    const TriageOutcome outcome = DefaultEngine().Triage(
        DraftAt("Какой статус обращения ЕП-2026-000777? Когда будет ответ?"), context);
    EXPECT_EQ(outcome.decision, Decision::kComment);
    ASSERT_TRUE(outcome.comment_on.has_value());
    EXPECT_EQ(outcome.comment_on->id, 77);
    EXPECT_EQ(outcome.Find(RuleCode::kStatusInquiry)->evidence.referenced_uin, "ЕП-2026-000777");

    // Not among the applicant's appeals: registered and flagged.
    const TriageOutcome unknown =
        DefaultEngine().Triage(DraftAt("Когда будет ответ по обращению ББ-2026-009999?"), context);
    EXPECT_EQ(unknown.decision, Decision::kFlag);
    EXPECT_FALSE(unknown.comment_on.has_value());
}

// Frozen set 8: an inquiry about an appeal this service has no record of (made by phone
// elsewhere) is still a status inquiry, flagged as not found.
TEST(TriageEngine, AStatusInquiryWithoutARecordHereIsFlagged) {
    const TriageOutcome outcome = TriageText(
        "Здравствуйте, я писала про взлом и чужое заявление. Есть какой-то ответ? Где моё "
        "обращение сейчас?");
    ASSERT_NE(outcome.Find(RuleCode::kStatusInquiry), nullptr) << RuleList(outcome);
    EXPECT_EQ(outcome.decision, Decision::kFlag);
}

TEST(TriageEngine, AnonymousAppealIsRefusedUnlessTheTextGivesAContact) {
    TriageInput input = Draft("Почему не работает запись на профпробу в нашем городе?");
    input.has_name = input.has_email = false;
    EXPECT_EQ(DefaultEngine().Triage(input, {}).decision, Decision::kRefuse);
    input.text += " Ответ на почту a.b@mail.ru";
    EXPECT_EQ(DefaultEngine().Triage(input, {}).decision, Decision::kHold);
    input.has_login = true;
    EXPECT_EQ(DefaultEngine().Triage(input, {}).Find(RuleCode::kAnonymous), nullptr);
}

TEST(TriageEngine, MisdirectedByAddresseeLineOrConfiguredTopic) {
    const TriageOutcome prosecutor = TriageText(
        "Прокурору Центрального района. Прошу проверить законность начисления платы за "
        "капремонт.");
    EXPECT_EQ(prosecutor.decision, Decision::kRefuse);
    EXPECT_EQ(prosecutor.Find(RuleCode::kMisdirected)->evidence.organization, "Прокуратура");
    EXPECT_EQ(TriageText("В полицию я уже обращался, как подать заявление о потере паспорта?")
                  .Find(RuleCode::kMisdirected),
              nullptr);

    TriageConfig config = DefaultTriageConfig();
    config.misdirected.push_back({"Рособрнадзор", {}, {"результаты егэ"}});
    const TriageOutcome topic =
        EngineWith(config).Triage(Draft("Когда будут результаты ЕГЭ по химии?"), {});
    EXPECT_EQ(topic.decision, Decision::kHold);
    EXPECT_EQ(topic.Find(RuleCode::kMisdirected)->evidence.organization, "Рособрнадзор");
}

// Issue 18: a large incident links every report, and shows the 20 closest in words, closest
// first, though only the closest by overlap have their word similarity computed.
TEST(TriageEngine, ALargeIncidentShowsItsTwentyClosestReports) {
    TriageContext context;
    const char* texts[] = {"Белый экран при входе на портал, третий час не работаем.",
                           "Не могу войти на портал: после ввода пароля белый экран.",
                           "Белый экран на портале у всех коллег отдела с утра."};
    for (int i = 0; i < 60; ++i) {
        PastAppeal other =
            Earlier(100 + i, "G-" + std::to_string(i), texts[i % 3], std::chrono::minutes(180 - i));
        other.applicant = "other-" + std::to_string(i);
        context.recent_others.push_back(other);
    }
    const TriageOutcome outcome = DefaultEngine().Triage(
        DraftAt("Не могу войти на портал: после ввода пароля белый экран."), context);
    const FiredRule* rule = outcome.Find(RuleCode::kMassIncident);
    ASSERT_NE(rule, nullptr) << RuleList(outcome);
    EXPECT_EQ(rule->evidence.applicants, 61u);
    EXPECT_EQ(outcome.mass_links.size(), 60u);
    ASSERT_EQ(rule->evidence.related.size(), 20u);
    for (std::size_t i = 1; i < rule->evidence.related.size(); ++i) {
        EXPECT_GE(rule->evidence.related[i - 1].similarity, rule->evidence.related[i].similarity);
    }
    // The reports worded as the draft is (every third) are the closest: all 20 shown.
    for (const auto& related : rule->evidence.related) {
        EXPECT_EQ(std::stoi(related.uin.substr(2)) % 3, 1) << related.uin;
    }
}

TEST(TriageEngine, MassIncidentIsGroupedAndOnlyFlagged) {
    TriageContext context;
    const char* texts[] = {"С утра белый экран после ввода пароля при входе на портал.",
                           "После ввода пароля при входе на портал белый экран.",
                           "Белый экран при входе на портал, ввожу пароль и всё."};
    for (int i = 0; i < 3; ++i) {
        PastAppeal other =
            Earlier(100 + i, "G-" + std::to_string(i), texts[i], std::chrono::hours(3 - i));
        other.applicant = "other-" + std::to_string(i);
        context.recent_others.push_back(other);
    }
    const TriageOutcome outcome = DefaultEngine().Triage(
        DraftAt("Не могу войти на портал: после ввода пароля белый экран."), context);
    EXPECT_EQ(outcome.decision, Decision::kFlag) << RuleList(outcome);
    const FiredRule* rule = outcome.Find(RuleCode::kMassIncident);
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->evidence.applicants, 4u);
    EXPECT_EQ(outcome.mass_group, 100);
    // Linked to the first report and to every report not yet in a group; a report that joined
    // the group when it was registered is linked to it already (issue 18).
    const auto links = [](std::vector<std::string> uins) {
        std::ranges::sort(uins);
        return uins;
    };
    EXPECT_EQ(links(outcome.mass_links), (std::vector<std::string>{"G-0", "G-1", "G-2"}));
    context.recent_others[2].grouped = true;
    EXPECT_EQ(links(DefaultEngine()
                        .Triage(DraftAt("Не могу войти на портал: после ввода пароля белый экран."),
                                context)
                        .mass_links),
              (std::vector<std::string>{"G-0", "G-1"}));
    context.recent_others[2].grouped = false;

    for (PastAppeal& other : context.recent_others) other.created = kNow - 48h;
    EXPECT_EQ(
        DefaultEngine()
            .Triage(DraftAt("Не могу войти на портал: после ввода пароля белый экран."), context)
            .Find(RuleCode::kMassIncident),
        nullptr);
}

// Issue 15 (group4): reports of one incident worded apart share only what broke and how it
// shows; questions on the same object, different faults at once, or the same fault days apart
// are not grouped.
TEST(TriageEngine, MassIncidentByWhatFailsWordedApart) {
    const auto context_of = [](std::vector<std::string> texts, core::Duration age) {
        TriageContext context;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            PastAppeal other = Earlier(static_cast<std::int64_t>(200 + i), "", texts[i],
                                       age - std::chrono::hours(i));
            other.applicant = "reporter-" + std::to_string(i);
            context.recent_others.push_back(other);
        }
        return context;
    };
    const TriageEngine engine = DefaultEngine();
    const TriageOutcome video =
        engine.Triage(DraftAt("Видеоуроки перестали проигрываться у всего класса."),
                      context_of({"Не воспроизводится видеозанятие, вместо ролика чёрный квадрат.",
                                  "Ролики на платформе не грузятся, бесконечная загрузка."},
                                 3h));
    const FiredRule* rule = video.Find(RuleCode::kMassIncident);
    ASSERT_NE(rule, nullptr) << RuleList(video);
    EXPECT_EQ(video.decision, Decision::kFlag);
    EXPECT_EQ(rule->evidence.applicants, 3u);
    EXPECT_EQ(rule->evidence.related.size(), 2u);  // the first report linked too
    EXPECT_EQ(video.mass_group, 200);

    // Whether the draft joins the reports of others written `age` before it.
    const auto grouped = [&](const char* draft, std::vector<std::string> others,
                             core::Duration age) {
        return engine.Triage(DraftAt(draft), context_of(std::move(others), age))
                   .Find(RuleCode::kMassIncident) != nullptr;
    };
    // The same error code quoted by each, the symptom in their own words.
    EXPECT_TRUE(grouped("Ошибка E-7731 при печати извещения, кнопка не реагирует.",
                        {"Не формируется печатная форма протокола, ошибка E-7731.",
                         "Система пишет E-7731 и зависает при печати."},
                        2h));
    // Questions about tests, not faults.
    EXPECT_FALSE(grouped(
        "Где посмотреть результаты теста профориентации?",
        {"Как пройти тест профориентации с телефона?", "Сколько вопросов в тесте для 8 класса?"},
        2h));
    // Three different faults within the hour.
    EXPECT_FALSE(grouped(
        "Не прикрепляются файлы к заявлению, кнопка неактивна.",
        {"Не приходит смс с кодом для входа.", "Не проходит оплата госпошлины картой."}, 1h));
    // The same fault, but two days apart.
    EXPECT_FALSE(grouped("Видеоуроки перестали проигрываться у всего класса.",
                         {"Не воспроизводится видеозанятие, вместо ролика чёрный квадрат.",
                          "Ролики на платформе не грузятся, бесконечная загрузка."},
                         48h));
    // Frozen set 10: the whole system down, told three ways, names no object of its own.
    EXPECT_TRUE(
        grouped("С утра АИС не открывается: «504 Gateway Time-out», у всего отдела одно и "
                "то же.",
                {"Система закупок показывает «Сервис временно недоступен» уже час.",
                 "Не можем зайти в систему: сервер не отвечает."},
                1h));
    // Frozen set 13: a heating outage seen from a flat, a kindergarten and a clinic: the
    // radiators in one, people in coats in the others.
    EXPECT_TRUE(
        grouped("В школе №12 с утра холодно, дети сидят на уроках в куртках, что случилось?",
                {"С ночи батареи в квартире ледяные, в подъезде тоже не греет.",
                 "В поликлинике отменили приём: в кабинетах холодно, врачи в пуховиках."},
                2h));
    // Frozen set 14: one water outage seen from three houses, each telling it its own way
    // (no water at all, a rusty trickle, a tap hissing air): a utility named by all is enough.
    EXPECT_TRUE(grouped("Пензенский бульвар, 12: кран шипит воздухом, воды нет совсем.",
                        {"Ул. Рябикова, 46. С утра нет холодной воды во всём доме.",
                         "Камышинская, 33 — из крана ржавая вода тонкой струйкой, напор ноль."},
                        2h));
    // Water in three unrelated questions two days apart stays apart.
    EXPECT_FALSE(grouped("Пензенский бульвар, 12: кран шипит воздухом, воды нет совсем.",
                         {"Ул. Рябикова, 46. С утра нет холодной воды во всём доме.",
                          "Камышинская, 33 — из крана ржавая вода тонкой струйкой, напор ноль."},
                         48h));
    // One night's release blamed for different faults by three customers.
    EXPECT_TRUE(grouped("После ночного обновления печатная форма ведомости выходит с нулями.",
                        {"С утра после обновления реестр контрактов формируется пустым.",
                         "Вы что-то обновляли ночью? Теперь не сохраняется черновик извещения."},
                        2h));
    // One applicant's system down and another's unsaved draft are not one incident.
    EXPECT_FALSE(grouped(
        "С утра АИС не открывается: «504 Gateway Time-out».",
        {"В системе не сохраняется черновик извещения.", "Не приходит смс с кодом для входа."},
        1h));
}

// Issue 15 (group4): a status inquiry by its structure — a word of progress and the applicant's
// own earlier contact — about one thread of open appeals named by a long number; the problem
// restated after «писала вчера» is not one.
TEST(TriageEngine, StatusInquiryByProgressAndEarlierContact) {
    TriageContext context;
    context.earlier.push_back(
        Earlier(1, "ГЛ-2026-000101",
                "Не формируется отчёт 0503127 за ноябрь, висит «Идёт обработка».", 200h));
    context.earlier.push_back(Earlier(
        2, "ГЛ-2026-000102",
        "Дополняю: отчёт 0503127 не формируется, только если в периоде есть документы за 30.11.",
        180h));
    const TriageOutcome inquiry = DefaultEngine().Triage(
        DraftAt("Писала вам про отчёт 0503127. Есть ли какие-то новости?"), context);
    const FiredRule* rule = inquiry.Find(RuleCode::kStatusInquiry);
    ASSERT_NE(rule, nullptr) << RuleList(inquiry);
    EXPECT_EQ(inquiry.decision, Decision::kComment);
    ASSERT_TRUE(inquiry.comment_on.has_value());

    TriageContext one;
    one.earlier.push_back(
        Earlier(3, "ББ-2026-000103", "Приглашение от площадки не приходит на почту.", 26h));
    EXPECT_EQ(DefaultEngine()
                  .Triage(DraftAt("Так и не получила приглашение на почту, писала вчера."), one)
                  .Find(RuleCode::kStatusInquiry),
              nullptr);
}

// Issue 18: a service shares its list of recent appeals instead of copying it for every call;
// the shared list, a split of it between the two fields and a list prepared once
// (TriageEngine::Prepare) give the same outcome.
TEST(TriageEngine, SharedRecentAppealsCountLikeCopiedOnes) {
    TriageContext copied;
    TriageContext shared;
    TriageContext split;
    TriageContext prepared;  // as the server keeps them: terms computed once, texts dropped
    const char* texts[] = {"С утра белый экран после ввода пароля при входе на портал.",
                           "После ввода пароля при входе на портал белый экран.",
                           "Белый экран при входе на портал, ввожу пароль и всё."};
    for (int i = 0; i < 3; ++i) {
        PastAppeal other = Earlier(100 + i, "", texts[i], std::chrono::hours(3 - i));
        other.applicant = "other-" + std::to_string(i);
        copied.recent_others.push_back(other);
        shared.shared_recent_others.push_back(std::make_shared<const PastAppeal>(other));
        if (i == 0) {
            split.recent_others.push_back(other);
        } else {
            split.shared_recent_others.push_back(std::make_shared<const PastAppeal>(other));
        }
        DefaultEngine().Prepare(other);
        ASSERT_NE(other.report_terms, nullptr);
        other.subject.clear();
        other.text.clear();
        prepared.shared_recent_others.push_back(std::make_shared<const PastAppeal>(other));
    }
    // The words every report has («ошибка», «не работает») are left out once, in Prepare.
    PastAppeal generic = Earlier(99, "", "Ошибка: не работает вход, пишет ошибку.", 1h);
    DefaultEngine().Prepare(generic);
    const auto& all = generic.fingerprint.terms;
    const auto& distinctive = generic.report_terms->distinctive;
    EXPECT_LT(distinctive.size(), all.size());
    EXPECT_TRUE(std::includes(all.begin(), all.end(), distinctive.begin(), distinctive.end()));

    const TriageInput draft = DraftAt("Не могу войти на портал: после ввода пароля белый экран.");
    const TriageOutcome expected = DefaultEngine().Triage(draft, copied);
    ASSERT_NE(expected.Find(RuleCode::kMassIncident), nullptr);
    for (const TriageContext* context : {&shared, &split, &prepared}) {
        const TriageOutcome outcome = DefaultEngine().Triage(draft, *context);
        const FiredRule* rule = outcome.Find(RuleCode::kMassIncident);
        ASSERT_NE(rule, nullptr);
        EXPECT_EQ(rule->message, expected.Find(RuleCode::kMassIncident)->message);
        EXPECT_EQ(rule->evidence.applicants, 4u);
        EXPECT_EQ(outcome.mass_group, 100);
        ASSERT_EQ(rule->evidence.related.size(), 3u);
        for (std::size_t k = 0; k < 3; ++k) {
            EXPECT_EQ(rule->evidence.related[k].id,
                      expected.Find(RuleCode::kMassIncident)->evidence.related[k].id);
        }
    }
}

// Issue 18: the outcome carries the fingerprint of the same analysis, equal to Fingerprint().
TEST(TriageEngine, OutcomeCarriesTheDraftFingerprint) {
    TriageInput draft =
        DraftAt("Не могу войти на портал: после ввода пароля белый экран. Заявка 12345.");
    draft.subject = "Вход на портал";
    const TriageOutcome outcome = DefaultEngine().Triage(draft, {});
    const TextFingerprint fingerprint = DefaultEngine().Fingerprint(draft.subject, draft.text);
    EXPECT_TRUE(outcome.fingerprint.Computed());
    EXPECT_GE(outcome.fingerprint.terms.size(), 4u);
    EXPECT_EQ(outcome.fingerprint.terms, fingerprint.terms);
}

TEST(TriageEngine, MissingFieldsReturnEmailAndFlagOtherChannels) {
    TriageInput input = Draft("Не формируется отчёт по контрактам, ошибка «Нет данных».");
    input.missing_fields = {"applicant.last_name", "subject"};
    input.channel = "email";
    const TriageOutcome email = DefaultEngine().Triage(input, {});
    EXPECT_EQ(email.decision, Decision::kReturn);
    EXPECT_EQ(email.Find(RuleCode::kMissingFields)->evidence.missing_fields, input.missing_fields);
    input.channel = "web";
    EXPECT_EQ(DefaultEngine().Triage(input, {}).decision, Decision::kFlag);
}

TEST(TriageEngine, NotCoveredByCategoryOrKeyword) {
    TriageConfig config = DefaultTriageConfig();
    config.not_covered_categories = {"ЗнИ"};
    config.not_covered.push_back({"Ремонт оборудования", {"ремонт* принтер*"}});
    const TriageEngine engine = EngineWith(config);
    TriageInput input = Draft("Прошу доработать форму плана-графика, добавить поле примечаний.");
    input.category = "ЗнИ";
    EXPECT_EQ(engine.Triage(input, {}).decision, Decision::kRefuse);
    const TriageOutcome printer = engine.Triage(Draft("Нужен ремонт принтера в кабинете 5."), {});
    EXPECT_EQ(printer.decision, Decision::kHold);
    EXPECT_EQ(printer.Find(RuleCode::kNotCovered)->evidence.service, "Ремонт оборудования");
}

TEST(TriageEngine, ChosenCategoryAndPriorityAreChecked) {
    TriageInput input = Draft("Подскажите, какой срок хранения документов о закупке?");
    input.category = "ИНЦ";
    input.priority = 1;
    const TriageOutcome outcome = DefaultEngine().Triage(input, {});
    EXPECT_EQ(outcome.decision, Decision::kAccept);
    EXPECT_EQ(outcome.classification.category, "ЗнК");
    EXPECT_EQ(outcome.classification.priority, 3);
    EXPECT_TRUE(outcome.classification.category_disagrees);
    EXPECT_TRUE(outcome.classification.priority_disagrees);
    EXPECT_FALSE(outcome.classification.note.empty());

    const TriageOutcome blocking =
        TriageText("Система полностью недоступна для всех пользователей, срыв сроков размещения!");
    EXPECT_EQ(blocking.classification.category, "ИНЦ");
    EXPECT_EQ(blocking.classification.priority, 1);
    EXPECT_FALSE(blocking.classification.priority_matches.empty());
}

TEST(TriagePolicy, RegulationDecidesWhatARuleDoes) {
    TriageConfig config = DefaultTriageConfig();
    config.policy.obscene_language = {RuleAction::kHold, RuleAction::kFlag};
    config.policy.no_question.action = RuleAction::kOff;
    const TriageEngine engine = EngineWith(config);
    EXPECT_EQ(engine.Triage(Draft("Какого хуя не работает запись?"), {}).decision, Decision::kHold);
    const TriageOutcome empty = engine.Triage(Draft("Здравствуйте"), {});
    EXPECT_EQ(empty.decision, Decision::kAccept);
    EXPECT_TRUE(empty.rules.empty());
}

TEST(TriagePolicy, InvalidConfigurationIsRefusedAtStart) {
    TriageConfig config = DefaultTriageConfig();
    config.policy.duplicate = {RuleAction::kHold, RuleAction::kRefuse};
    auto engine = TriageEngine::Create(testing::ProjectLexicons(), config);
    ASSERT_FALSE(engine.has_value());
    EXPECT_EQ(engine.error().fields.at(0).field, "triage.policy.duplicate");

    config = DefaultTriageConfig();
    config.classification.priority_rules.push_back({7, {}, {"срочно"}});
    EXPECT_FALSE(TriageEngine::Create(testing::ProjectLexicons(), config).has_value());
    config = DefaultTriageConfig();
    config.thresholds.mass_similarity = 1.5;
    EXPECT_FALSE(TriageEngine::Create(testing::ProjectLexicons(), config).has_value());
}

TEST(TriageEngine, StoredFingerprintGivesTheSameResult) {
    TriageContext context;
    PastAppeal earlier = Earlier(5, "X-2026-005", "Результаты диагностики не отображаются.", 30h);
    context.earlier.push_back(earlier);
    const TriageInput input = DraftAt("Результаты диагностики так и не отображаются в кабинете.");
    const TriageOutcome computed = DefaultEngine().Triage(input, context);
    context.earlier[0].fingerprint = DefaultEngine().Fingerprint(earlier.subject, earlier.text);
    EXPECT_TRUE(context.earlier[0].fingerprint.Computed());
    const TriageOutcome stored = DefaultEngine().Triage(input, context);
    EXPECT_EQ(computed.decision, stored.decision);
    EXPECT_EQ(RuleList(computed), RuleList(stored));
}

TEST(TriageEngine, IsSafeToCallFromSeveralThreads) {
    const TriageEngine engine = DefaultEngine();
    std::vector<std::thread> threads;
    std::vector<int> refused(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                const TriageOutcome outcome = engine.Triage(
                    Draft(i % 2 == 0 ? "Какого хуя не работает вход?" : "Как записаться на пробу?"),
                    {});
                if (outcome.decision == Decision::kRefuse) ++refused[static_cast<std::size_t>(t)];
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    for (int count : refused) EXPECT_EQ(count, 25);
}

}  // namespace
}  // namespace otklik::triage

namespace otklik::triage {
namespace {

TEST(TriageEngine, HugeAndOddTextsAreTriagedWithoutFailing) {
    // Each text gets a decision with its reason, not a crash nor a silent accept: none of them
    // asks anything, so TR-3 refuses them all.
    std::string many_sentences;
    for (int i = 0; i < 70000; ++i) many_sentences += "Да. ";
    for (const std::string& text :
         {many_sentences, std::string(100000, 'a'),
          std::string("\xF0\x9F\x98\x80\xF0\x9F\x98\x80 \xD0\xB0\xFF", 11),
          std::string("😀😀😀 ❤️ 👍")}) {
        SCOPED_TRACE(text.substr(0, 20));
        const auto outcome = TriageText(text);
        EXPECT_EQ(RuleList(outcome), "no_question");
        EXPECT_EQ(outcome.decision, Decision::kRefuse);
        const FiredRule* rule = outcome.Find(RuleCode::kNoQuestion);
        ASSERT_NE(rule, nullptr);
        EXPECT_FALSE(rule->message.empty());
    }
}

// Frozen set 14 (TR-2): a named member of staff's home or car told beside a warning is held even
// when the letter also asks for its repair; a complaint about the same person's parking, or their
// address without a warning, is an appeal. Rows of the set are not used here.
TEST(TriageEngine, ANamedPersonsPrivateLifeBesideAWarningIsHeld) {
    const TriageOutcome threat = TriageText(
        "Прошу пересчитать пособие за март, расчёт во вложении.\nP.S. Инспектор Лаптева Ирина "
        "Олеговна живёт в доме напротив нашего, окна на первом этаже. Всякое бывает.");
    ASSERT_NE(threat.Find(RuleCode::kThreat), nullptr) << RuleList(threat);
    EXPECT_EQ(threat.decision, Decision::kHold);
    const auto& matches = threat.Find(RuleCode::kThreat)->evidence.matches;
    EXPECT_TRUE(std::any_of(matches.begin(), matches.end(), [](const TextMatch& m) {
        return m.kind == "private_life";
    })) << RuleList(threat);
    const TriageOutcome parking = TriageText(
        "Ваш сотрудник Куприянов ставит машину на газон у нашего подъезда, уже третью неделю. "
        "Прошу принять меры.");
    EXPECT_NE(parking.decision, Decision::kHold) << RuleList(parking);
    const TriageOutcome address = TriageText(
        "Мастер Долгушин живёт в нашем доме, он и раньше чинил нам проводку. Прошу направить "
        "именно его.");
    EXPECT_NE(address.decision, Decision::kHold) << RuleList(address);
}

// Frozen set 18 (TR-2): a member of staff's way to work by the clock beside «пока ходит», or a
// staff member's child's way home beside an ultimatum, is held whatever the letter asks
// besides; children's way to school in the dark is a hazard the applicant warns of, and a
// letter that opens with «Здравствуйте» asks nothing by that word. Rows of the set are not
// used here.
TEST(TriageEngine, AStaffMembersRoutineByTheClockBesideAMenaceIsHeld) {
    const TriageOutcome threat = TriageText(
        "Здравствуйте. Мастер участка Гаврилов полгода обещает заменить трубы. Он выходит из "
        "конторы каждый день в 17:15 и идёт к остановке мимо стройки. Пусть поторопится, пока "
        "ходит.");
    ASSERT_NE(threat.Find(RuleCode::kThreat), nullptr) << RuleList(threat);
    EXPECT_EQ(threat.decision, Decision::kHold) << RuleList(threat);
    const auto kind_of = [](const TriageOutcome& outcome, std::string_view kind) {
        const auto& matches = outcome.Find(RuleCode::kThreat)->evidence.matches;
        return std::any_of(matches.begin(), matches.end(),
                           [&](const TextMatch& m) { return m.kind == kind; });
    };
    EXPECT_TRUE(kind_of(threat, "veiled_threat"));  // the rule's own cues, not the classifier
    const TriageOutcome child = TriageText(
        "Дочь инспектора Мельниковой занимается в бассейне, занятие заканчивается в 19:40, домой "
        "она идёт одна через сквер. Восстановите мне выплату до пятницы. Вечером сейчас темно.");
    ASSERT_NE(child.Find(RuleCode::kThreat), nullptr) << RuleList(child);
    EXPECT_EQ(child.decision, Decision::kHold) << RuleList(child);
    EXPECT_TRUE(kind_of(child, "stalking"));
    const TriageOutcome hazard = TriageText(
        "Здравствуйте. Каждое утро в 7:50 дети идут в школу по обочине, тротуара нет, машины "
        "едут быстро. Прошу сделать тротуар, пока никого не сбили.");
    EXPECT_NE(hazard.decision, Decision::kHold) << RuleList(hazard);
    const TriageOutcome hours = TriageText(
        "Ваш мастер приходит каждый день в 11:00 вместо 9:00 и уходит в 15:00. Прошу навести "
        "порядок.");
    EXPECT_NE(hours.decision, Decision::kHold) << RuleList(hours);
}

}  // namespace
}  // namespace otklik::triage

// TR-4 (issue 15, frozen sets 4 and 8): a question of another body under the shipped
// regulation files. A single word of that body's vocabulary only flags the appeal; two different
// words of it, with none of the service's own, hold it for a person.
#include <filesystem>

#include "triage_test_support.hpp"
#include <gtest/gtest.h>

#include "app/triage_policy.hpp"
#include "regulation/loader.hpp"
#include "triage/triage_engine.hpp"

namespace otklik::triage {
namespace {

TriageEngine Shipped(const std::string& regulation) {
    auto loaded = regulation::LoadRegulationFile(std::filesystem::path(OTKLIK_REGULATIONS_DIR) /
                                                 (regulation + ".toml"));
    EXPECT_TRUE(loaded.has_value());
    auto config = app::TriageConfigOf(*loaded);
    EXPECT_TRUE(config.has_value());
    return testing::EngineWith(std::move(*config));
}

Decision DecisionOf(TriageEngine& engine, const std::string& text) {
    return engine.Triage(testing::Draft(text), {}).decision;
}

TEST(Misdirected, TwoWordsOfAnotherBodysVocabularyHoldTheAppeal) {
    auto bilet = Shipped("bilet");
    EXPECT_EQ(DecisionOf(bilet,
                         "Вчера у сына в раздевалке украли телефон. Это же кража, кому "
                         "писать заявление?"),
              Decision::kHold);
    // One word of it is named in the project's own questions too: a flag for the operator.
    EXPECT_EQ(DecisionOf(bilet,
                         "Сын не смог прийти на профпробу, у него украли велосипед. Можно "
                         "перенести запись?"),
              Decision::kAccept);
}

TEST(Misdirected, OneWordInItsFormsIsStillOneWord) {
    auto pos = Shipped("pos");
    const TriageOutcome outcome = pos.Triage(
        testing::Draft("Я адвокат жильца дома 40. Управляющая компания третий месяц не делает "
                       "перерасчёт за отопление, прошу проверить.\nАдвокатская палата области"),
        {});
    EXPECT_NE(outcome.decision, Decision::kHold) << testing::RuleList(outcome);
}

// Insurers and telecom operators by their vocabulary (frozen sets 7 and 8).
TEST(Misdirected, AnInsurersOrATelecomOperatorsQuestionIsHeld) {
    auto pos = Shipped("pos");
    EXPECT_EQ(DecisionOf(pos,
                         "Страховая компания третий месяц тянет с выплатой по ОСАГО после "
                         "аварии, как их заставить заплатить?"),
              Decision::kHold);
    EXPECT_EQ(DecisionOf(pos,
                         "Мобильный оператор списывает деньги за подписки, которые я не "
                         "подключала. Куда жаловаться?"),
              Decision::kHold);
}

// Debt collectors are named by what they do; a sewer «коллектор» is the street's.
TEST(Misdirected, ASewerCollectorIsNotADebtCollector) {
    auto pos = Shipped("pos");
    EXPECT_EQ(DecisionOf(pos, "Полгода воняет из коллектора на улице Тимирязева, примите меры."),
              Decision::kAccept);
    EXPECT_EQ(DecisionOf(pos,
                         "Коллекторы звонят мне каждый день по чужому долгу, как это "
                         "прекратить?"),
              Decision::kHold);
}

// Frozen set 9: a shop's refund, a bank's fee, noisy neighbours and the size of a pension are
// other bodies' questions, named by two words of their vocabulary; ordering a pension
// statement through the portal is the portal's.
TEST(Misdirected, AShopABankNeighboursAndAPensionsSize) {
    // Held by this rule (medium confidence), whatever other rules say of the text.
    const auto held = [](TriageEngine& engine, const std::string& text) {
        const TriageOutcome outcome = engine.Triage(testing::Draft(text), {});
        const FiredRule* rule = outcome.Find(RuleCode::kMisdirected);
        return rule != nullptr && rule->confidence == Confidence::kMedium &&
               outcome.decision == Decision::kHold;
    };
    auto pos = Shipped("pos");
    EXPECT_TRUE(held(pos,
                     "В магазине электроники продали неисправный телевизор, менять "
                     "отказываются. Прошу помочь вернуть деньги."));
    EXPECT_TRUE(held(pos,
                     "Банк снимает с моей пенсионной карты плату каждый месяц, хотя "
                     "обещали бесплатно. Разберитесь."));
    auto epgu = Shipped("epgu");
    EXPECT_TRUE(held(epgu,
                     "Соседи за стеной каждую ночь шумят, спать невозможно. Что с ними "
                     "сделать?"));
    EXPECT_TRUE(held(epgu,
                     "Почему у меня прибавка к пенсии меньше, чем у сестры? Объясните "
                     "расчет."));
    EXPECT_EQ(DecisionOf(epgu,
                         "Как через портал заказать выписку о размере пенсии? Не нахожу "
                         "раздел."),
              Decision::kAccept);
}

// Frozen set 12: another body's topic named as the place this service's results go to
// («результаты теста пойдут в аттестат?») is a question about the results; asked for itself,
// it belongs to the other body.
// Frozen set 15: a colleague who retired («ушёл на пенсию») leaves a role to hand over, a
// question for the hotline; a pension's size is the Social Fund's.
TEST(Misdirected, AColleagueWhoRetiredIsNoPensionQuestion) {
    auto hotline = Shipped("hotline");
    EXPECT_EQ(DecisionOf(hotline,
                         "Прежний контрактный управляющий ушёл на пенсию, его обязанности "
                         "передали мне, но в системе у меня только роль «Просмотр». Какие "
                         "документы нужны, чтобы назначили роль «Контрактный управляющий»?"),
              Decision::kAccept);
    EXPECT_NE(DecisionOf(hotline,
                         "Почему мне назначили пенсию меньше, чем обещали? Куда обращаться за "
                         "перерасчётом пенсии?"),
              Decision::kAccept);
}

TEST(Misdirected, AResultGoingIntoAnotherBodysDocumentIsAskedHere) {
    auto bilet = Shipped("bilet");
    EXPECT_EQ(DecisionOf(bilet,
                         "учительница сказала, что результаты диагностики попадут в "
                         "аттестат. это так? кто их видит"),
              Decision::kAccept);
    EXPECT_EQ(DecisionOf(bilet, "Когда выдадут аттестат за 9 класс и где его забрать?"),
              Decision::kHold);
}

// Frozen set 12: a question for another body that names neither it nor its vocabulary is held
// when the classifier is sure of it (TriageThresholds::model_misdirected), with the classifier's
// sentence as the evidence; below the level nothing fires.
TEST(Misdirected, TheClassifiersJudgementHoldsWhatNoWordShows) {
    const std::string text =
        "Заказала на маркетплейсе куртку, курьер так и не привёз, а в приложении пишет "
        "«доставлено». Как вернуть деньги?";
    TriageConfig config = DefaultTriageConfig();
    config.thresholds.model_misdirected = 0.0;  // any judgement is sure enough
    const TriageOutcome held = testing::EngineWith(config).Triage(testing::Draft(text), {});
    const FiredRule* rule = held.Find(RuleCode::kMisdirected);
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(held.decision, Decision::kHold);
    ASSERT_FALSE(rule->evidence.matches.empty());
    EXPECT_EQ(rule->evidence.matches.front().kind, "model");
    config.thresholds.model_misdirected = 1.0;
    EXPECT_EQ(
        testing::EngineWith(config).Triage(testing::Draft(text), {}).Find(RuleCode::kMisdirected),
        nullptr);
}

// Frozen set 16: «В полиции сказали обращаться к вам» names the body that sent the applicant
// here, not the addressee: the smoke from burnt tyres is this service's matter. A header line
// addressed to the police is still refused.
TEST(Misdirected, TheBodyThatSentTheApplicantHereIsNoAddressee) {
    auto pos = Shipped("pos");
    EXPECT_EQ(DecisionOf(pos,
                         "В полиции сказали обращаться к вам. На пустыре за гаражами жгут шины, "
                         "дым идёт на дома № 40 и 42. Прошу убрать шины."),
              Decision::kAccept);
    EXPECT_EQ(DecisionOf(pos, "В полицию.\nУ меня украли велосипед из подъезда, прошу найти вора."),
              Decision::kRefuse);
}

// Frozen set 18: other bodies' own accounts and matters named by their names — a marketplace, the
// marking system, a traffic camera's fine, alimony, the youth movement; beside each, the
// service's own question that names the same word.
TEST(Misdirected, AMarketplaceTheMarkingSystemAFineAlimonyAndTheYouthMovement) {
    auto epgu = Shipped("epgu");
    EXPECT_EQ(DecisionOf(epgu, "Заблокировали аккаунт на Авито, поддержка не отвечает. Помогите."),
              Decision::kHold);
    EXPECT_EQ(DecisionOf(epgu,
                         "Не могу войти на Госуслуги через учётную запись, которую привязала к "
                         "Авито. Что делать?"),
              Decision::kAccept);
    auto hotline = Shipped("hotline");
    EXPECT_EQ(DecisionOf(hotline,
                         "Личный кабинет «Честного знака» не открывается, пишет ошибку. Как "
                         "решить?"),
              Decision::kHold);
    EXPECT_EQ(
        DecisionOf(hotline, "Пришёл штраф с камеры на служебную машину, как обжаловать штраф?"),
        Decision::kHold);
    // Working in the system from a home computer is the system's question.
    EXPECT_NE(DecisionOf(hotline,
                         "Бухгалтер на больничном, может работать только с домашнего компьютера. "
                         "Можно ли настроить ей доступ к системе, нужен ли VPN?"),
              Decision::kHold);
    auto pos = Shipped("pos");
    EXPECT_EQ(DecisionOf(pos, "Бывший муж не платит алименты второй год. Куда обращаться?"),
              Decision::kHold);
    auto bilet = Shipped("bilet");
    EXPECT_EQ(DecisionOf(bilet,
                         "Сына приняли в «Движение первых», а значок так и не выдали. Куда "
                         "писать?"),
              Decision::kHold);
    EXPECT_NE(DecisionOf(bilet,
                         "Профпробу «Билета в будущее» проводили вместе с «Движением первых». Где "
                         "найти сертификат?"),
              Decision::kHold);
}

// Frozen set 19: a school messenger, a music school's classes, a hacked social-network page, a
// beauty salon, an electronic reporting operator; a sports school hosting the project's trial
// lesson is the project's.
TEST(Misdirected, AMessengerAMusicSchoolASocialNetworkASalonAndAReportingOperator) {
    auto bilet = Shipped("bilet");
    EXPECT_EQ(DecisionOf(bilet, "В «Сферуме» не открывается чат класса уже неделю. Что делать?"),
              Decision::kHold);
    EXPECT_EQ(DecisionOf(bilet,
                         "Дочь хочет перейти в музыкальной школе с флейты на гитару, а "
                         "преподаватель против. Куда обратиться?"),
              Decision::kHold);
    EXPECT_NE(DecisionOf(bilet,
                         "Мы спортивная школа, хотим провести пробу «Тренер по плаванию» "
                         "для девятиклассников. Как стать площадкой?"),
              Decision::kHold);
    auto epgu = Shipped("epgu");
    EXPECT_EQ(DecisionOf(epgu,
                         "Взломали страницу ВКонтакте, от моего имени просят деньги. "
                         "Помогите вернуть доступ."),
              Decision::kHold);
    auto pos = Shipped("pos");
    EXPECT_EQ(DecisionOf(pos,
                         "В салоне красоты испортили стрижку и отказываются вернуть деньги. "
                         "Куда жаловаться?"),
              Decision::kHold);
    auto hotline = Shipped("hotline");
    EXPECT_EQ(DecisionOf(hotline,
                         "Через Такском не уходит отчёт в налоговую, висит «Отправлено». Что "
                         "делать?"),
              Decision::kHold);
}

// Frozen set 20 (studied), under the shipped regulations: an accountant's 6-НДФЛ computed wrong
// by the hotline's system is the system's question, an employee's own tax deduction is not; the
// e-government portal's own services, a foreign embassy, a flat flooded by neighbours and a
// school's gym repaired for a year belong to other bodies.
TEST(Misdirected, AReportsTaxIsTheSystemsAPortalsServiceAnEmbassyAndAFloodAreNot) {
    auto hotline = Shipped("hotline");
    EXPECT_EQ(DecisionOf(hotline,
                         "При формировании 6-НДФЛ строка 110 не совпадает с 112, исправьте "
                         "ошибку в клиенте."),
              Decision::kAccept);
    EXPECT_EQ(DecisionOf(hotline, "Как получить налоговый вычет за лечение сотрудника?"),
              Decision::kHold);
    EXPECT_EQ(DecisionOf(hotline,
                         "Бухгалтер просит помочь с «Госуслугами»: не может записать ребёнка в "
                         "кружок, пишет «Услуга временно недоступна»."),
              Decision::kHold);
    auto pos = Shipped("pos");
    EXPECT_EQ(DecisionOf(pos,
                         "Хочу пожаловаться на посольство Казахстана: месяц не выдают справку о "
                         "несудимости. Помогите ускорить."),
              Decision::kHold);
    auto epgu = Shipped("epgu");
    EXPECT_EQ(DecisionOf(epgu,
                         "Соседи сверху в третий раз заливают мою ванную, кто обязан оплатить "
                         "ремонт?"),
              Decision::kHold);
    auto bilet = Shipped("bilet");
    EXPECT_EQ(DecisionOf(bilet,
                         "У нас в школе ремонт спортзала второй год, физкультура в коридоре. Кто "
                         "отвечает за сроки ремонта?"),
              Decision::kHold);
}

// Frozen set 20 (TR-4, seed 003: the platform's address is where the problem is; bodies not
// connected to it are not entered): on the regional platform, a problem's address in a city of
// another region is held as that region's matter; living in another city, a city of the home
// region, or a federal portal's appeal from anywhere is no such matter.
TEST(Misdirected, AProblemsAddressInAnotherRegionIsThatRegionsMatter) {
    auto pos = Shipped("pos");
    const TriageOutcome samara = pos.Triage(
        testing::Draft("Я в Самаре, в Кировском районе, на ул. Ташкентской у дома 112 яма на "
                       "дороге. Прошу засыпать."),
        {});
    EXPECT_EQ(samara.decision, Decision::kHold);
    const FiredRule* rule = samara.Find(RuleCode::kMisdirected);
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->evidence.organization, "Органы власти другого региона (Самарская область)");
    EXPECT_NE(rule->message.find("«Самаре»"), std::string::npos) << rule->message;
    EXPECT_EQ(DecisionOf(pos,
                         "В Димитровграде на ул. Гагарина у дома 5 яма на дороге. Прошу "
                         "засыпать."),
              Decision::kAccept);
    EXPECT_EQ(DecisionOf(pos,
                         "Сын учится в Казани, а у нас на ул. Гагарина у дома 5 яма на "
                         "дороге. Прошу засыпать."),
              Decision::kAccept);
    // The platform's «Адрес» field says where the problem is, whatever the text says.
    TriageInput by_address = testing::Draft("Во дворе яма на дороге, прошу засыпать.");
    by_address.problem_address = "г. Сызрань, ул. Ленина, д. 3";
    EXPECT_EQ(pos.Triage(by_address, {}).decision, Decision::kHold);
    by_address.problem_address = "г. Ульяновск, ул. Гончарова, д. 1";
    by_address.text = "В Казани на ул. Баумана такой же ямы нет, а у нас во дворе яма.";
    EXPECT_EQ(pos.Triage(by_address, {}).decision, Decision::kAccept);
    auto epgu = Shipped("epgu");
    EXPECT_EQ(DecisionOf(epgu,
                         "Живу в Самаре на ул. Ленина, не могу записаться к врачу через "
                         "портал: ошибка."),
              Decision::kAccept);
}

// Frozen set 21: «кредита» is a form of «кредит» the stemmer cuts differently; with «банк» it
// is two words of the bank's vocabulary.
TEST(Misdirected, EveryFormOfACreditIsTheBanksWord) {
    auto pos = Shipped("pos");
    EXPECT_EQ(DecisionOf(pos,
                         "При оформлении кредита мне навязали страховку, деньги не возвращают. "
                         "Прошу повлиять на банк."),
              Decision::kHold);
    // One word of it only flags.
    EXPECT_NE(DecisionOf(pos, "Прошу повлиять на банк, он не отвечает."), Decision::kHold);
}

// Frozen set 21: on a regional platform the problem's address written out in a call note is
// another region's; the caller's own address is where they live, not the problem.
TEST(Misdirected, TheProblemsAddressInACallNoteNamesItsRegion) {
    auto pos = Shipped("pos");
    TriageInput elsewhere = testing::Draft(
        "Центр мониторинга 112. Звонит Юдин С. В. Адрес проблемы: г. Саранск, общежитие на ул. "
        "Студенческой. Вторую неделю холодные батареи, просит включить отопление.");
    elsewhere.channel = "phone";
    const TriageOutcome held = pos.Triage(elsewhere, {});
    EXPECT_EQ(held.decision, Decision::kHold) << testing::RuleList(held);
    TriageInput lives = testing::Draft(
        "Центр мониторинга 112. Звонит Юдин С. В., адрес: г. Саранск, ул. Студенческая, 4. "
        "Вторую неделю холодные батареи, просит включить отопление.");
    lives.channel = "phone";
    EXPECT_NE(pos.Triage(lives, {}).decision, Decision::kHold);
}

// Frozen set 21: «Пользователь портала: <name>» above a chatbot's message is the channel's
// label; the word «портала» in it does not make a landlord's deposit the portal's question.
TEST(Misdirected, AChatbotsSenderLabelIsNotTheApplicantsWords) {
    auto epgu = Shipped("epgu");
    EXPECT_EQ(DecisionOf(epgu,
                         "Пользователь портала: Панова Кристина Игоревна\nхозяйка квартиры не "
                         "возвращает залог 25 тысяч, хотя мы съехали. как её заставить?"),
              Decision::kHold);
    EXPECT_NE(DecisionOf(epgu,
                         "хозяйка квартиры не возвращает залог 25 тысяч, пишу через портал, "
                         "как её заставить?"),
              Decision::kHold);
}

// Frozen set 22: a clinic's referral, a home internet provider and a parcel of the post are
// other bodies' on the portal; booking a doctor through the portal is its own. A bank's own
// payment software is the bank's on the hotline; a statement from it the system will not load
// is the system's.
TEST(Misdirected, AClinicAProviderAndTheBanksOwnSoftware) {
    auto epgu = Shipped("epgu");
    EXPECT_EQ(DecisionOf(epgu,
                         "Терапевт в поликлинике третий раз отказывается выдать направление к "
                         "кардиологу. Прошу повлиять."),
              Decision::kHold);
    EXPECT_EQ(DecisionOf(epgu,
                         "«Ростелеком» пятый день не восстанавливает домашний интернет. Прошу "
                         "принять меры."),
              Decision::kHold);
    EXPECT_EQ(DecisionOf(epgu,
                         "Не могу записаться к терапевту в поликлинику через портал: нет "
                         "свободных слотов, хотя в регистратуре они есть."),
              Decision::kAccept);
    auto hotline = Shipped("hotline");
    EXPECT_EQ(DecisionOf(hotline,
                         "«Сбербанк Бизнес Онлайн» не принимает платёжное поручение, пишет "
                         "«Неверный контрольный ключ счёта». Помогите отправить платёж."),
              Decision::kHold);
    EXPECT_NE(DecisionOf(hotline,
                         "Система не принимает выписку, выгруженную из «Сбербанк Бизнес Онлайн»: "
                         "пишет «Неизвестный формат файла». Какой формат нужен?"),
              Decision::kHold);
}

// One word of another body's vocabulary and the classifier's leaning hold the appeal (frozen set
// 21); a text of a word or two gives the classifier nothing to weigh, so there the word alone
// only flags it.
TEST(Misdirected, TheClassifiersLeaningCountsOnlyWhereThereAreWordsToWeigh) {
    auto loaded =
        regulation::LoadRegulationFile(std::filesystem::path(OTKLIK_REGULATIONS_DIR) / "epgu.toml");
    ASSERT_TRUE(loaded.has_value());
    auto config = app::TriageConfigOf(*loaded);
    ASSERT_TRUE(config.has_value());
    config->thresholds.model_misdirected = 0.0;  // the classifier always leans that way
    auto engine = testing::EngineWith(std::move(*config));
    EXPECT_EQ(DecisionOf(engine, "Банк навязал мне микрозайм вместо вклада, что делать?"),
              Decision::kHold);
    const TriageOutcome short_one = engine.Triage(testing::Draft("Микрозайм"), {});
    const FiredRule* rule = short_one.Find(RuleCode::kMisdirected);
    ASSERT_NE(rule, nullptr) << testing::RuleList(short_one);
    EXPECT_EQ(rule->confidence, Confidence::kLow);
}

// Frozen set 23 (TR-4), through the shipped regulations: a mobile operator's tariff, a long
// train's delay, a shop's cashier, a taxi ride paid and cancelled, a smoking neighbour, another
// learning platform and another centre's application; each beside the regulation's own question
// that names the same thing.
TEST(Misdirected, ATariffATrainsDelayACashierATaxiASmokerAndAnotherPlatform) {
    struct Case {
        const char* regulation;
        const char* text;
        bool held;
    };
    const Case cases[] = {
        {"epgu",
         "«МегаФон» без моего согласия перевёл меня на другой тариф, дороже на 300 рублей. Прошу "
         "вернуть прежний тариф.",
         true},
        {"pos",
         "Поезд «РЖД» Москва — Ульяновск опоздал на 6 часов. Как получить компенсацию за опоздание "
         "поезда?",
         true},
        {"pos",
         "В продуктовом магазине у дома кассир нахамила и отказалась поменять просроченный товар. "
         "Прошу наказать кассира.",
         true},
        {"pos", "Кассир в МФЦ грубила пенсионерке. Прошу разобраться.", false},
        {"pos",
         "Водитель «Яндекс Go» отменил поездку, а деньги за неё списали. Верните, пожалуйста, "
         "деньги.",
         true},
        {"pos", "Сосед снизу курит на балконе, весь дым идёт ко мне в квартиру. Помогите.", true},
        {"bilet",
         "Дочь не может зайти в «Учи.ру», пишет, что подписка закончилась, хотя мы оплатили год. "
         "Помогите вернуть доступ.",
         true},
        {"bilet",
         "Сын подал заявку в центр «Сириус» по физике, статус «Отклонена» без пояснений. Почему "
         "отклонили?",
         true},
        {"bilet",
         "Сын ездил на проектную смену в «Сириус». Можно ли это занести в портфолио проекта?",
         false},
    };
    for (const Case& c : cases) {
        auto engine = Shipped(c.regulation);
        EXPECT_EQ(DecisionOf(engine, c.text) == Decision::kHold, c.held) << c.text;
    }
}

}  // namespace
}  // namespace otklik::triage

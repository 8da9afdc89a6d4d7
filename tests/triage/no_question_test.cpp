// TR-3 (issue 15, corpus part 20 and frozen set 8): what has no question of the applicant — a
// test message, an advert with its unsubscribe line, a chain letter, an operator's note of a
// wrong number — and what looks like it but is a complaint (a dropped call the caller protests).
#include "triage_test_support.hpp"
#include <gtest/gtest.h>

#include "text/utf8.hpp"
#include "triage/rules/engine_support.hpp"
#include "triage/triage_engine.hpp"

namespace otklik::triage {
namespace {

using testing::DefaultEngine;
using testing::Draft;
using testing::TriageText;

bool HasNoQuestion(const std::string& text) {
    return TriageText(text).Find(RuleCode::kNoQuestion) != nullptr;
}

TriageOutcome ByPhone(std::string text) {
    TriageInput input = Draft(std::move(text));
    input.channel = "phone";
    return DefaultEngine().Triage(input, {});
}

// Issue 18: five keys in a row on one keyboard row are found by the key right of each letter;
// the answer is the one searching every row for every five letters gave, also across rows.
TEST(NoQuestion, AKeyboardRunIsFiveNeighbouringKeysOfOneRow) {
    const auto searched = [](std::u32string_view w) {
        for (const std::u32string_view row : rules::kKeyboardRows) {
            for (std::size_t i = 0; i + 5 <= w.size(); ++i) {
                if (row.find(w.substr(i, 5)) != std::u32string_view::npos) return true;
            }
        }
        return false;
    };
    std::vector<std::u32string> words = {
        U"фывап",  U"йцукенг",   U"asdfg", U"qwertyuiop", U"фыва",  U"ъфыва",   U"ячсмитьбю",
        U"добрый", U"йцукфывап", U"zxcvn", U"hjklz",      U"эячсм", U"пролджэ", U""};
    std::u32string all;
    for (const std::u32string_view row : rules::kKeyboardRows) all += row;
    for (std::size_t i = 0; i + 6 <= all.size(); ++i) words.push_back(all.substr(i, 6));
    std::size_t runs = 0;
    for (const std::u32string& word : words) {
        EXPECT_EQ(rules::HasKeyboardRun(word), searched(word)) << text::EncodeUtf8(word);
        if (rules::HasKeyboardRun(word)) ++runs;
    }
    EXPECT_GT(runs, 10U);
    EXPECT_LT(runs, words.size());
}

// Frozen set 16: a newspaper's request («Редакция будет признательна…») is not an advert with
// «акция» and «приз» in it.
TEST(NoQuestion, ANewspapersRequestIsNotSpam) {
    EXPECT_FALSE(HasNoQuestion(
        "Я корреспондент издания, готовлю материал о детских площадках. Прошу сообщить, кто "
        "отвечает за площадку во дворе дома 5 и есть ли планы ремонта.\n\nРедакция будет "
        "признательна за ответ.\n\nШарипова Алина, корреспондент"));
    EXPECT_TRUE(
        HasNoQuestion("Акция! Главный приз — автомобиль. Позвоните по номеру "
                      "8-800-000-00-00, успейте до пятницы"));
}

TEST(NoQuestion, ATestMessageHasNoQuestion) {
    const auto outcome = TriageText("тест, прошу не отвечать");
    ASSERT_NE(outcome.Find(RuleCode::kNoQuestion), nullptr);
    EXPECT_EQ(outcome.Find(RuleCode::kNoQuestion)->evidence.category, "test");
    EXPECT_EQ(
        TriageText("Проверка связи. Бот, ты тут?").Find(RuleCode::kNoQuestion)->evidence.category,
        "test");
    // A test that fails is a problem to solve.
    EXPECT_EQ(TriageText("Тест не открывается, прошу помочь").Find(RuleCode::kNoQuestion), nullptr);
}

// Frozen set 20: a form's labels and fields are no words of the appeal — a test under them,
// a greeting alone under an empty form and thanks under a filled one have no question; a
// question under the same form has one.
TEST(NoQuestion, AFormsLabelsAreNoWordsOfTheAppeal) {
    const auto category = [](const std::string& text) {
        const TriageOutcome outcome = TriageText(text);
        const FiredRule* rule = outcome.Find(RuleCode::kNoQuestion);
        return rule == nullptr ? std::string() : rule->evidence.category;
    };
    EXPECT_EQ(category("ФИО: тест\nРоль: тест\nE-mail: test@test.ru\nВопрос: проверка формы "
                       "после обновления, не обрабатывать"),
              "test");
    EXPECT_EQ(category("ФИО: -\nСНИЛС: -\nКонтакт: -\nСуть: Добрый день!!!"), "courtesy_only");
    EXPECT_EQ(category("ФИО: Петрова\nРоль: родитель\nE-mail: petrova.a@mail.ru\nВопрос: "
                       "Спасибо большое наставнику Ирине Михайловне за профпробу «Флорист»! Дочь "
                       "в восторге."),
              "thanks");
    EXPECT_EQ(category("ФИО: Петрова\nРоль: родитель\nВопрос: дочь прошла профпробу "
                       "«Флорист», а в кабинете она не отмечена. Когда появится отметка?"),
              "");
}

// Frozen set 20: an advert whose link the tokenizer splits at its dots («kurs.online/sale»);
// a caller who answers nothing and ends the call; «сорвало крышку» is what a caller reports.
TEST(NoQuestion, AnAdvertsSplitLinkAndACallEndedInSilence) {
    EXPECT_TRUE(
        HasNoQuestion("Только в этом месяце скидка 40% на курс, доставка сертификата. "
                      "Подробнее по ссылке: proforient.online/sale."));
    const auto silent = ByPhone(
        "Входящий звонок, слышен только детский смех, на вопросы оператора никто не отвечает. "
        "Через 40 секунд вызов завершён абонентом.");
    ASSERT_NE(silent.Find(RuleCode::kNoQuestion), nullptr);
    EXPECT_EQ(silent.Find(RuleCode::kNoQuestion)->evidence.category, "silent_call");
    EXPECT_EQ(ByPhone("Звонит Лапшина, ул. Октябрьская, 14. Сорвало крышку с колодца "
                      "теплотрассы, рядом ходят дети. Просит закрыть колодец.")
                  .Find(RuleCode::kNoQuestion),
              nullptr);
}

TEST(NoQuestion, AnOperatorsNoteOfAWrongNumberHasNoQuestion) {
    const auto outcome =
        ByPhone("Звонивший сообщил, что ошибся номером, хотел позвонить в службу такси.");
    ASSERT_NE(outcome.Find(RuleCode::kNoQuestion), nullptr);
    EXPECT_EQ(outcome.Find(RuleCode::kNoQuestion)->evidence.category, "nothing_asked");
    EXPECT_NE(ByPhone("Абонент поблагодарил за ремонт лифта, вопросов не имеет.")
                  .Find(RuleCode::kNoQuestion),
              nullptr);
}

TEST(NoQuestion, ACallerWhoProtestsADroppedCallIsHeard) {
    const auto silent = ByPhone("Входящий звонок, абонент молчал, затем связь прервалась.");
    ASSERT_NE(silent.Find(RuleCode::kNoQuestion), nullptr);
    EXPECT_EQ(silent.Find(RuleCode::kNoQuestion)->evidence.category, "silent_call");
    EXPECT_EQ(ByPhone("Дозвониться невозможно: ждал оператора сорок минут, потом связь "
                      "оборвалась. Это недопустимо для государственной линии.")
                  .Find(RuleCode::kNoQuestion),
              nullptr);
}

// Frozen set 13: a call from a pocket or dropped at once, in the operator's words, though «не
// отвечают» reads as a problem; a caller's complaint of the same words is heard.
TEST(NoQuestion, APocketCallOrADroppedOneHasNoQuestion) {
    for (const char* note :
         {"Входящий вызов: слышен шум улицы, на приветствие не отвечают, похоже, звонок из "
          "кармана.",
          "Вызов сброшен через секунду после ответа, на перезвон абонент недоступен."}) {
        const auto outcome = ByPhone(note);
        ASSERT_NE(outcome.Find(RuleCode::kNoQuestion), nullptr) << note;
        EXPECT_EQ(outcome.Find(RuleCode::kNoQuestion)->evidence.category, "silent_call");
    }
    EXPECT_EQ(ByPhone("Заявитель жалуется: в МФЦ на приветствие не отвечают, окно закрыто, просит "
                      "разобраться.")
                  .Find(RuleCode::kNoQuestion),
              nullptr);
}

// Frozen set 13: a test its sender asks not to process, however it explains itself; a message
// that turns from the old appeal to a new request is one.
TEST(NoQuestion, ATestNotToBeProcessedHasNoQuestion) {
    const auto outcome = TriageText(
        "Проверка формы на новом сервере после обновления портала. Просьба не регистрировать. "
        "Отдел информатизации.");
    ASSERT_NE(outcome.Find(RuleCode::kNoQuestion), nullptr);
    EXPECT_EQ(outcome.Find(RuleCode::kNoQuestion)->evidence.category, "test");
    EXPECT_FALSE(
        HasNoQuestion("Проверка показала, что отчёт не уходит; прошу не рассматривать "
                      "прежнее обращение, а разобраться с этим."));
    EXPECT_FALSE(
        HasNoQuestion("После проверки отчёт вернули, прошу не рассматривать старый, вот "
                      "новый, его не принимают."));
}

TEST(NoQuestion, AnAdvertWithItsUnsubscribeLineAndAChainLetterToParents) {
    const auto advert = TriageText(
        "Уважаемые бухгалтеры!\nЦентр «Учёт-Плюс» приглашает на курс по новому плану счетов. "
        "Стоимость 3 500 руб.\nЗаписаться: uchet-plus.example\nДля отписки ответьте STOP");
    ASSERT_NE(advert.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(advert);
    const auto chain = TriageText(
        "Внимание! С понедельника запись в кружки станет платной. Перешлите это "
        "сообщение всем родителям вашего класса!");
    ASSERT_NE(chain.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(chain);
}

TEST(NoQuestion, ThanksAfterAGreetingAndHolidayGreetingsButNotSarcasm) {
    EXPECT_TRUE(HasNoQuestion("Добрый день. Огромное спасибо ведущей мастер-класса, сын доволен."));
    EXPECT_TRUE(
        HasNoQuestion("Уважаемые коллеги! Поздравляем вас с Днём работника связи, желаем "
                      "терпения и хорошего настроения."));
    EXPECT_FALSE(HasNoQuestion("Поздравляю, вы снова потеряли мои документы. Верните их."));
}

// Frozen set 9: the operator's note of a call cut off («соединение прервано»), also after
// the caller's first words with a question only of reaching us («Алло, меня слышно?»).
TEST(NoQuestion, ACallCutOffAfterAGreetingHasNoQuestion) {
    for (const char* note :
         {"Входящий вызов, абонент ничего не сказал, через минуту соединение прервано.",
          "Абонент успел сказать: «Алло, меня слышно? Я по поводу...», и звонок прервался. "
          "Перезвонить не удалось, номер не определился."}) {
        const auto outcome = ByPhone(note);
        ASSERT_NE(outcome.Find(RuleCode::kNoQuestion), nullptr) << note;
        EXPECT_EQ(outcome.Find(RuleCode::kNoQuestion)->evidence.category, "silent_call");
    }
    // A question the operator writes down outside the caller's quoted words is a question.
    EXPECT_EQ(ByPhone("Абонент спросил, когда придёт ответ? После этого связь прервалась.")
                  .Find(RuleCode::kNoQuestion),
              nullptr);
}

// «Как» compares as often as it asks: thanks «за то, что всё как надо» ask nothing; «как
// записаться» does.
TEST(NoQuestion, ThanksWithAComparisonStillAskNothing) {
    EXPECT_TRUE(
        HasNoQuestion("Спасибо за новый светофор у школы! Теперь дети переходят как положено."));
    EXPECT_FALSE(HasNoQuestion("Спасибо за ответ. Как записаться на следующую пробу"));
}

// Frozen set 10: «наконец-то можно спокойно ходить» says what became possible, it asks
// nothing; «можно узнать…» and «можно ли…» ask.
TEST(NoQuestion, ThanksForWhatBecamePossibleAskNothing) {
    EXPECT_TRUE(
        HasNoQuestion("Спасибо за новые перила на лестнице к реке! Поставили за три дня, "
                      "наконец-то можно спокойно спускаться с коляской."));
    EXPECT_FALSE(HasNoQuestion("Спасибо за ответ. Можно узнать, когда поставят перила"));
    EXPECT_FALSE(HasNoQuestion("Спасибо за перила. Подскажите, можно ли поставить их и у школы"));
}

// Frozen set 10: the operator's «вопрос не изложен» after a call cut short.
TEST(NoQuestion, ACallWhoseQuestionWasNeverToldHasNoQuestion) {
    const auto outcome = ByPhone(
        "Звонок. Абонент назвал район, после чего разговор оборвался. При обратном вызове никто "
        "не ответил. Вопрос не изложен.");
    ASSERT_NE(outcome.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(outcome);
    // A question the operator wrote down is one.
    EXPECT_EQ(ByPhone("Звонок. Вопрос не по теме сайта: спрашивает, как оплатить штраф через "
                      "портал, потом связь оборвалась.")
                  .Find(RuleCode::kNoQuestion),
              nullptr);
}

// Frozen set 10: a portal's notice forwarded below «Пересылаемое сообщение» with nothing of the
// applicant's own above it; with a question above it, it is the applicant's appeal.
TEST(NoQuestion, AForwardedNoticeWithoutTheApplicantsWordsHasNoQuestion) {
    const std::string notice =
        "-------- Пересылаемое сообщение --------\nОт: Госуслуги <no-reply@gosuslugi.ru>\n"
        "Дата: 03.12.2026, 14:20\nТема: Заявление рассмотрено\n\nЗаявление № 5512093341 "
        "«Регистрация по месту жительства» — статус изменён на «Услуга оказана».";
    TriageInput forward = Draft(notice, "Fwd: Заявление рассмотрено");
    forward.channel = "email";
    const TriageOutcome empty = DefaultEngine().Triage(forward, {});
    ASSERT_NE(empty.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(empty);
    EXPECT_EQ(empty.Find(RuleCode::kNoQuestion)->evidence.category, "empty_forward");
    TriageInput asked =
        Draft("Почему услуга оказана, а отметки о регистрации в паспорте нет?\n\n" + notice,
              "Fwd: Заявление рассмотрено");
    asked.channel = "email";
    EXPECT_EQ(DefaultEngine().Triage(asked, {}).Find(RuleCode::kNoQuestion), nullptr);
    // Frozen set 17: «Пересылаю.» above the forward is the forwarder's note, not a question.
    TriageInput noted = Draft("Пересылаю.\n\n" + notice, "Fwd: Заявление рассмотрено");
    noted.channel = "email";
    const TriageOutcome note = DefaultEngine().Triage(noted, {});
    ASSERT_NE(note.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(note);
    EXPECT_EQ(note.Find(RuleCode::kNoQuestion)->evidence.category, "empty_forward");
    TriageInput why = Draft("Пересылаю. Почему отметки о регистрации нет?\n\n" + notice,
                            "Fwd: Заявление рассмотрено");
    why.channel = "email";
    EXPECT_EQ(DefaultEngine().Triage(why, {}).Find(RuleCode::kNoQuestion), nullptr);
}

// Frozen set 11: the forwarded letter quoted with «>» and the applicant's question written under
// it, without the mark: the question is the applicant's (before, every line below the forward's
// header was taken for the forwarded letter and the appeal refused as an empty forward).
TEST(NoQuestion, AQuestionWrittenUnderAQuotedForwardIsTheApplicants) {
    const std::string forwarded =
        "---------- Пересылаемое сообщение ----------\nОт: noreply@example.ru\n> Вас пригласили "
        "на платформу. Подтвердите согласие по ссылке.\n\n";
    TriageInput asked = Draft(forwarded +
                                  "Ссылка из письма выше открывает страницу «Приглашение "
                                  "недействительно». Как мне подтвердить согласие?\nДенис",
                              "Fwd: Приглашение");
    asked.channel = "email";
    const TriageOutcome outcome = DefaultEngine().Triage(asked, {});
    EXPECT_EQ(outcome.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(outcome);
    TriageInput empty = Draft(forwarded, "Fwd: Приглашение");
    empty.channel = "email";
    EXPECT_NE(DefaultEngine().Triage(empty, {}).Find(RuleCode::kNoQuestion), nullptr);
}

// A chain letter that names itself, with its «переслать» in the infinitive.
TEST(NoQuestion, AChainLetterInTheInfinitive) {
    const auto chain = TriageText(
        "Это письмо счастья обошло уже весь город. Его нужно переслать семи знакомым до вечера, "
        "и удача вас не оставит.");
    ASSERT_NE(chain.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(chain);
}

// A newsletter: «Precedence: bulk» with a List-Unsubscribe header. «Bulk» alone is set by some
// gateways that pass on a person's letter: that letter is read.
TEST(NoQuestion, ANewsletterByItsHeaders) {
    TriageInput letter = testing::Draft(
        "Приглашаем на семинар по электронному документообороту 12 марта. Регистрация "
        "на сайте организатора.");
    letter.channel = "email";
    letter.headers = {"Precedence: bulk", "List-Unsubscribe: <mailto:off@seminar.example>"};
    const auto newsletter = DefaultEngine().Triage(letter, {});
    ASSERT_NE(newsletter.Find(RuleCode::kNoQuestion), nullptr);
    EXPECT_EQ(newsletter.Find(RuleCode::kNoQuestion)->evidence.category, "auto_reply");
    TriageInput person = testing::Draft(
        "Во дворе дома 4 по улице Садовой третий день не горят фонари. Прошу починить.");
    person.channel = "email";
    person.headers = {"Precedence: bulk"};
    EXPECT_EQ(DefaultEngine().Triage(person, {}).Find(RuleCode::kNoQuestion), nullptr);
}

// Frozen set 14 (TR-3): a test that asks not to be answered, a sender who says they need
// nothing, and a holiday greeting to «partners»; each beside its lawful twin.
TEST(NoQuestion, ATestNotAnsweredNothingNeededAndGreetingsToPartners) {
    EXPECT_TRUE(HasNoQuestion("проверка формы после переезда сайта школы, не отвечайте"));
    // Frozen set 16: the test after a filler, «игнорьте» for «не отвечайте».
    EXPECT_TRUE(HasNoQuestion("ну тестирую форму с рабочего ноутбука, игнорируйте"));
    // Frozen set 17: the test asks whether it works, which it answers itself; a question of
    // anything else is a question.
    EXPECT_TRUE(HasNoQuestion("тест отправки. письмо дошло? проверяю с телефона, не отвечайте"));
    EXPECT_FALSE(HasNoQuestion(
        "тест отправки, не отвечайте. А почему в кабинете не видно моего заявления?"));
    EXPECT_FALSE(
        HasNoQuestion("тестирую форму: вложение не прикрепляется, игнорируйте прошлое "
                      "письмо и помогите с этим"));
    EXPECT_FALSE(
        HasNoQuestion("проверка формы показала ошибку, не отвечайте шаблоном, а почините"));
    EXPECT_TRUE(
        HasNoQuestion("Доброго дня всем. Ничего не надо, просто проверил, работает ли ваш сайт"));
    EXPECT_FALSE(HasNoQuestion("Ничего не надо объяснять, просто верните деньги за билет"));
    EXPECT_FALSE(HasNoQuestion("Ничего не нужно, но сайт не работает с утра"));
    EXPECT_TRUE(HasNoQuestion(
        "Уважаемые партнёры!\nПоздравляем вас с Днём работника бухгалтерии! Желаем стабильного "
        "баланса и весенних выходных без звонков из налоговой!\nС уважением, коллектив ООО "
        "«ИнфоСофт-Волга»"));
    EXPECT_FALSE(HasNoQuestion(
        "Уважаемые партнёры!\nПоздравляем с праздником, но отчёт до сих пор не выгружается. "
        "Когда исправите?"));
}

// Frozen set 15 (TR-3): a mailing list by its List-Id, a silent caller who does not answer the
// operator's questions, «есть кто живой?»; and beside each, what still asks.
TEST(NoQuestion, AMailingListASilentCallerAndAnyoneThere) {
    TriageInput course = testing::Draft(
        "Уважаемые коллеги! Учебный центр приглашает на курс повышения квалификации по 44-ФЗ, "
        "72 часа дистанционно. Запись на сайте центра.");
    course.channel = "email";
    course.headers = {"Precedence: bulk", "List-Id: <news.ucheba.example>"};
    ASSERT_NE(DefaultEngine().Triage(course, {}).Find(RuleCode::kNoQuestion), nullptr);
    const auto silent = ByPhone(
        "Абонент на связи, но молчит, на вопросы оператора не отвечает, слышен шум улицы. "
        "Через 40 секунд вызов завершён.");
    ASSERT_NE(silent.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(silent);
    EXPECT_EQ(silent.Find(RuleCode::kNoQuestion)->evidence.category, "silent_call");
    const auto complaint = ByPhone(
        "Звонит Иванова Н. П.: на вопросы о перерасчёте ей не отвечают уже месяц, просит "
        "ускорить ответ.");
    EXPECT_EQ(complaint.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(complaint);
    EXPECT_TRUE(HasNoQuestion("Алло, есть кто живой?"));
    EXPECT_FALSE(HasNoQuestion("Алло, есть кто живой? Не могу записаться к врачу через портал."));
}

// Frozen sets 15 and 16 (TR-3): a silent caller who does not answer the operator's quoted
// question («Чем могу помочь?»), and a test sent to see whether it arrives («дойдёт ли»); beside
// each, a caller who asks and a test that carries a request.
TEST(NoQuestion, AQuotedOperatorsQuestionAndATestOfArrival) {
    const auto silent = ByPhone(
        "Абонент молчит, на приветствие оператора и вопрос «Чем могу помочь?» не отвечает, слышен "
        "телевизор. Через минуту звонок сброшен.");
    ASSERT_NE(silent.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(silent);
    EXPECT_EQ(silent.Find(RuleCode::kNoQuestion)->evidence.category, "silent_call");
    const auto asks = ByPhone(
        "Звонит Петров: «Помогите восстановить пароль», связь прервалась, перезвонить не "
        "удалось.");
    EXPECT_EQ(asks.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(asks);
    EXPECT_TRUE(
        HasNoQuestion("Проверка. Пишу с телефона, чтобы понять, дойдёт ли. Подробно "
                      "напишу вечером."));
    EXPECT_FALSE(
        HasNoQuestion("Проверка: дойдёт ли письмо с фото? Яма у дома 5 по ул. Мира, "
                      "прошу заделать."));
}

// Frozen set 18 (TR-3): Exchange's read receipt, known by its Content-Class header; a caller who
// stayed silent («на линии молчание», «не ответил»). Beside each, a person's letter with the same
// header words missing, and a caller who answered.
TEST(NoQuestion, AReadReceiptAndASilentLine) {
    TriageInput receipt = testing::Draft(
        "Ваше сообщение\nКому: support@example.org\nТема: Акт сверки\nбыло прочитано 14.03, "
        "10:47.");
    receipt.channel = "email";
    receipt.headers = {"Content-Class: urn:content-classes:MDNotification"};
    const auto read = DefaultEngine().Triage(receipt, {});
    ASSERT_NE(read.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(read);
    EXPECT_EQ(read.Find(RuleCode::kNoQuestion)->evidence.category, "auto_reply");
    TriageInput letter = testing::Draft("Акт сверки не открывается в кабинете, прошу помочь.");
    letter.channel = "email";
    letter.headers = {"Content-Class: urn:content-classes:message"};
    EXPECT_EQ(DefaultEngine().Triage(letter, {}).Find(RuleCode::kNoQuestion), nullptr);
    const auto silent = ByPhone(
        "Звонок. На линии молчание, слышны голоса в отдалении, на вопросы оператора абонент не "
        "ответил. Звонок завершён через 30 секунд.");
    ASSERT_NE(silent.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(silent);
    const auto answered = ByPhone(
        "Звонок. Сначала на линии молчание, затем звонящая Орлова ответила на вопросы оператора: "
        "не приходит код подтверждения, просит помочь.");
    EXPECT_EQ(answered.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(answered);
}

// Frozen set 19 (TR-3): merchandise offered with the service's logo and a paid webinar sent to
// the service are adverts; a question about what a webinar showed still asks.
TEST(NoQuestion, MerchandiseAndAPaidWebinarAreAdverts) {
    EXPECT_TRUE(HasNoQuestion(
        "Изготовим кружки и блокноты с логотипом вашей организации за два дня, доставка по всей "
        "области. Звоните!"));
    EXPECT_TRUE(HasNoQuestion(
        "Уважаемые коллеги! Приглашаем экономистов на вебинар «Закупки у единственного "
        "поставщика». Стоимость участия 3 500 руб., запись на сайте центра."));
    EXPECT_TRUE(HasNoQuestion(
        "Уважаемый клиент! Вам начислена компенсация за коммунальные услуги 6 200 руб. Для "
        "получения укажите данные банковской карты на сайте kompensaciya-gku.ru."));
    EXPECT_FALSE(HasNoQuestion(
        "На вебинаре ваш специалист показывал, как заполнить план закупок, а у меня кнопка "
        "«Добавить позицию» неактивна. Что сделать?"));
}

// Frozen set 19 (TR-3): a letter of thanks that opens with «Спасибо вам огромное!» (all courtesy
// words, and thanks itself) and names the mentor thanked asks nothing.
TEST(NoQuestion, ThanksOpeningWithCourtesyWordsAndNamingTheMentor) {
    EXPECT_TRUE(
        HasNoQuestion("Спасибо вам огромное! Сын доволен пробой. Отдельное спасибо "
                      "наставнице Марине Петровне.\nСемья Ковалёвых"));
    EXPECT_FALSE(
        HasNoQuestion("Спасибо вам огромное! Сын доволен пробой, но сертификат так и не "
                      "пришёл. Где его найти?"));
}

// Frozen set 21: a note that the sender solved it asks nothing; one that still asks does.
TEST(NoQuestion, ASelfSolvedNoteAsksNothing) {
    EXPECT_TRUE(HasNoQuestion(
        "Отбой, разобралась сама: письмо с подтверждением лежало в папке «Промоакции». Спасибо."));
    EXPECT_FALSE(
        HasNoQuestion("Разобралась сама с письмом, но теперь не приходит код. Что делать?"));
}

// Frozen set 21: a wrong number the caller apologised for and a child's voice on the line; a
// caller who asked for help and then hung up asked something.
TEST(NoQuestion, AWrongNumberAndAChildsVoiceAreCallsWithoutAQuestion) {
    const auto call_without_question = [](std::string note) {
        return ByPhone(std::move(note)).Find(RuleCode::kNoQuestion) != nullptr;
    };
    EXPECT_TRUE(call_without_question(
        "Звонящая спросила, дозвонилась ли она в такси, узнав, что нет, извинилась и положила "
        "трубку."));
    EXPECT_TRUE(
        call_without_question("В трубке детский голос: «Алло, а это кто?», затем смех и гудки."));
    EXPECT_FALSE(call_without_question(
        "Звонящая просит прислать аварийную бригаду: во дворе прорвало трубу. Извинилась и "
        "положила трубку, чтобы встретить соседей."));
}

// Frozen set 21: a chatbot's sender line above a test is a label, not words of the appeal.
TEST(NoQuestion, ASenderLineAboveATestIsNoContent) {
    EXPECT_TRUE(HasNoQuestion("Пользователь портала: Савченко Ольга Викторовна\nпроверка связи"));
    EXPECT_FALSE(HasNoQuestion(
        "Пользователь портала: Савченко Ольга Викторовна\nне могу подтвердить учётную запись"));
}

// Frozen set 22 (TR-3): an operator's note that a colleague was «в отпуске» and the system said
// «обратитесь к администратору» is a call, never an automatic reply; the same words in a letter
// are one.
TEST(NoQuestion, NoMailSystemAnswersOnThePhone) {
    const std::string note =
        "Пароль сотрудницы истёк, пока она была в отпуске, при входе пишет «обратитесь к "
        "администратору». Просит сбросить пароль.";
    const auto call = ByPhone(note);
    EXPECT_EQ(call.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(call);
    EXPECT_TRUE(
        HasNoQuestion("Я в отпуске до 20 марта. По срочным вопросам обратитесь к "
                      "заместителю."));
}

// Frozen set 22 (TR-3): a mailing list's offer with no link in its text, an archive sent with
// its password, and a company's notice to its partners; each beside a person's letter.
TEST(NoQuestion, AListsOfferALockedArchiveAndANoticeToPartners) {
    // The list's header is its way back when the text gives none; «Подробности на сайте» is one.
    TriageInput offer = testing::Draft(
        "Уважаемые педагоги! Академия приглашает на дистанционные курсы «Профориентация в "
        "школе». Скидка 40 % до конца месяца.");
    offer.channel = "email";
    offer.headers = {"List-Id: <news.academy.example>"};
    EXPECT_NE(testing::RulesOnlyEngine().Triage(offer, {}).Find(RuleCode::kNoQuestion), nullptr);
    offer.headers.clear();
    EXPECT_EQ(testing::RulesOnlyEngine().Triage(offer, {}).Find(RuleCode::kNoQuestion), nullptr);
    offer.text += " Подробности на сайте.";
    EXPECT_NE(testing::RulesOnlyEngine().Triage(offer, {}).Find(RuleCode::kNoQuestion), nullptr);
    EXPECT_TRUE(HasNoQuestion(
        "Уважаемый налогоплательщик! Вам направлено требование. Ознакомьтесь с ним во вложении "
        "(Trebovanie_3318.rar, пароль 2024) и ответьте в течение 5 дней."));
    EXPECT_FALSE(HasNoQuestion(
        "Я отправил вам архив с документами (docs.zip), а система пишет, что пароль неверный. Что "
        "делать?"));
    EXPECT_TRUE(HasNoQuestion(
        "Уважаемые партнёры! Сообщаем, что с 1-го числа ООО «ЭкоТранс» переходит в другой банк. "
        "Новые реквизиты во вложении. Просим использовать их в платёжных документах."));
    EXPECT_FALSE(HasNoQuestion(
        "Уважаемые сотрудники! Сообщаем, что контейнеры во дворе дома 5 не вывозят вторую неделю. "
        "Просим принять меры."));
}

// Frozen set 22 (TR-3): a note to one's mother sent to the service by mistake; a parent who
// writes about their child is an applicant.
TEST(NoQuestion, ANoteToOnesFamilySentByMistake) {
    EXPECT_TRUE(HasNoQuestion("мам я после пробы к Насте, телефон сел, к ужину не жди"));
    EXPECT_FALSE(HasNoQuestion("мама просит узнать, как получить сертификат за пробу"));
    EXPECT_FALSE(HasNoQuestion("Мама, ученица 8 класса не может войти в кабинет, помогите"));
}

// Frozen set 23 (TR-3): a support form whose «Телефон:» label gives the applicant's number is no
// phishing however its description quotes the program's «лицензия истекла»; and two weak
// slogans («бесплатные», «купить») in a son's plea for his mother's medicines are no advert.
TEST(NoQuestion, AFormsPhoneLabelAndAPersonsOwnWordsAreNoPhishingOrAdvert) {
    const std::string form =
        "Форма на сайте техподдержки\nОрганизация: МБУ ДО «Дом творчества»\nКонтактное лицо: "
        "Ефимова Раиса Андреевна\nТелефон: +7 960 931-90-61\nОписание: С сегодняшнего дня "
        "программа пишет «Срок действия лицензии истёк», хотя сопровождение оплачено. Работать "
        "не можем.";
    EXPECT_FALSE(HasNoQuestion(form));
    EXPECT_TRUE(HasNoQuestion(
        "Срок действия лицензии истёк. Позвоните по телефону +7 960 931-90-61, чтобы продлить "
        "доступ."));
    const std::string plea =
        "Моей маме положены бесплатные лекарства, но в аптеке говорят «нет поставки», а на свои "
        "деньги ей их не купить. Прошу помочь.";
    EXPECT_FALSE(HasNoQuestion(plea));
    EXPECT_TRUE(HasNoQuestion(
        "Бесплатные лекарства для пенсионеров! Успейте купить со скидкой до конца недели."));
    // «Требуются» opens a job advert, not an applicant's «требую».
    EXPECT_TRUE(HasNoQuestion(
        "Требуются сотрудники на удалённую работу, доход от 3000 рублей в день. Пишите в "
        "Telegram @job_easy."));
}

// Frozen set 23 (TR-3): calls that brought no question — a fax signal nobody answers for, a
// caller who said nothing before the line dropped, one who only thanked — beside callers who
// asked; a test form that says «Отвечать не нужно»; a mailing list's notice «для сведения»; a
// program's «critical update» to download and run.
TEST(NoQuestion, AFaxASilentCallerAThanksCallAListsNoticeAndAnUpdateToRun) {
    const auto none = [](const TriageOutcome& outcome) {
        return outcome.Find(RuleCode::kNoQuestion) != nullptr;
    };
    EXPECT_TRUE(none(ByPhone(
        "Звонок. В трубке сигнал факса, на голос оператора никто не отвечает. Через 30 секунд "
        "соединение разорвано.")));
    EXPECT_TRUE(none(ByPhone(
        "Звонок на линию поддержки. После приветствия оператора связь прервалась, абонент ничего "
        "не сказал. Номер скрыт.")));
    EXPECT_FALSE(none(
        ByPhone("Звонок. Жалуется, что третий день не может войти в кабинет, связь прервалась, "
                "перезвонили, просит восстановить доступ.")));
    EXPECT_TRUE(none(ByPhone(
        "Звонит пожилой мужчина, поздравляет операторов с Днём защитника Отечества, говорит, что "
        "просто хотел сказать спасибо за работу, и кладёт трубку.")));
    EXPECT_FALSE(none(ByPhone(
        "Звонит пожилой мужчина, говорит, что хотел сказать спасибо за ремонт, но вода в доме так "
        "и не появилась.")));
    EXPECT_TRUE(HasNoQuestion(
        "Имя: тест\nРоль: педагог-навигатор\nE-mail: test@test.ru\nСообщение: тест тест 123, "
        "проверяем, доходит ли форма. Отвечать не нужно."));
    TriageInput notice = Draft(
        "Уважаемые коллеги! Направляем для сведения график приёма граждан руководителями центра "
        "на май. Изменений по сравнению с апрелем нет. Приложение: график_май.pdf");
    notice.channel = "email";
    notice.headers = {"Precedence: list", "List-Id: <rassylka.csv73.ru>"};
    EXPECT_TRUE(none(testing::RulesOnlyEngine().Triage(notice, {})));
    notice.headers.clear();
    EXPECT_FALSE(none(testing::RulesOnlyEngine().Triage(notice, {})));
    EXPECT_TRUE(HasNoQuestion(
        "Уважаемый пользователь! Для вашей версии программы выпущено критическое обновление. Без "
        "установки до 18:00 расчёт зарплаты будет заблокирован. Скачайте и запустите файл "
        "update_critical.exe по ссылке: http://payroll-update-center.info/download"));
}

}  // namespace
}  // namespace otklik::triage

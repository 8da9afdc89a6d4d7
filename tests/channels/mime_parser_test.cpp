#include "channels/email/mime_parser.hpp"

#include "support.hpp"
#include "support/fuzz_regressions.hpp"
#include <gtest/gtest.h>
#include <unistd.h>

#include "channels/email/text_tools.hpp"
#include "text/utf8.hpp"

namespace otklik::channels::email {
namespace {

using testing::Fixture;

struct ParseCase {
    const char* file;
    const char* subject;
    const char* from;
    const char* text_has;     ///< a fragment of the decoded text
    const char* trimmed_not;  ///< a fragment the trimmed text must not have ("" none)
    AutoKind auto_kind;
    std::size_t attachments;
    bool html_only;
};

void PrintTo(const ParseCase& c, std::ostream* os) { *os << c.file; }

class ParseFixture : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseFixture, DecodesAsExpected) {
    const auto& c = GetParam();
    const auto raw = Fixture(c.file);
    ASSERT_FALSE(raw.empty()) << "missing fixture " << c.file;
    auto letter = ParseLetter(raw);
    ASSERT_TRUE(letter) << letter.error().message;
    EXPECT_EQ(letter->subject, c.subject);
    EXPECT_EQ(letter->from_address, c.from);
    EXPECT_NE(letter->text.find(c.text_has), std::string::npos) << letter->text;
    if (*c.trimmed_not) {
        EXPECT_EQ(letter->trimmed_text.find(c.trimmed_not), std::string::npos)
            << letter->trimmed_text;
        EXPECT_NE(letter->text.find(c.trimmed_not), std::string::npos) << "original is kept";
    }
    EXPECT_EQ(letter->auto_kind, c.auto_kind) << letter->auto_reason;
    EXPECT_EQ(letter->attachments.size(), c.attachments);
    EXPECT_EQ(letter->html_only, c.html_only);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, ParseFixture,
    ::testing::Values(
        ParseCase{"utf8_qp_emoji.eml", "Ошибка записи 😢", "ivan.petrov@example.ru",
                  "ошибку 500 при выборе площадки. Прошу помочь. Спасибо 🙏", "", AutoKind::kNone, 0,
                  false},
        ParseCase{"cp1251_declared.eml", "Вопрос о сертификате", "olga@example.ru",
                  "Где скачать сертификат участника?", "", AutoKind::kNone, 0, false},
        ParseCase{"koi8r_declared.eml", "Не приходит письмо", "koi@example.ru",
                  "не приходит письмо с подтверждением регистрации", "", AutoKind::kNone, 0, false},
        ParseCase{"cp1251_undeclared.eml", "Нет кнопки записи", "anna@example.ru",
                  "пропала кнопка записи", "", AutoKind::kNone, 0, false},
        ParseCase{"koi8r_declared_as_cp1251.eml", "Ошибка кодировки", "petr@example.ru",
                  "указала неверную кодировку письма", "", AutoKind::kNone, 0, false},
        ParseCase{"utf8_declared_as_cp1251.eml", "Про наставника", "maria@example.ru",
                  "Как сменить наставника", "", AutoKind::kNone, 0, false},
        ParseCase{"html_only.eml", "Вопрос по расписанию", "html@example.ru",
                  "Подскажите «расписание» проб на март — где оно?", "Старое письмо",
                  AutoKind::kNone, 0, true},
        ParseCase{"attachments.eml", "Документы для участия", "docs@example.ru",
                  "согласие на обработку данных", "", AutoKind::kNone, 2, false},
        ParseCase{"reply_quoted.eml", "Re: Обращение ББ-2026-000001: нужна информация",
                  "ivan.petrov@example.ru", "Площадка: колледж №5", "Укажите площадку",
                  AutoKind::kNone, 0, false},
        ParseCase{"reply_uin_subject.eml", "RE: [ББ-2026-000001] Обращение: решение",
                  "ivan.petrov@example.ru", "Подтверждаю", "Отправлено с iPhone", AutoKind::kNone,
                  0, false},
        ParseCase{"outlook_reply.eml", "RE: Заявка", "boss@example.ru", "Не согласен",
                  "По обращению принято решение", AutoKind::kNone, 0, false},
        ParseCase{"auto_reply_rfc3834.eml", "Автоматический ответ: Обращение ББ-2026-000001",
                  "vacation@example.ru", "в отпуске", "", AutoKind::kAutoReply, 0, false},
        ParseCase{"x_autoreply.eml", "Out of office", "robot@example.ru", "away", "",
                  AutoKind::kAutoReply, 0, false},
        // Exchange's read receipt is plain text with a Content-Class of its own (frozen set 18).
        ParseCase{"exchange_read_receipt.eml", "Прочитано: Обращение ББ-2026-000001",
                  "buh@example.ru", "было прочитано", "", AutoKind::kAutoReply, 0, false},
        ParseCase{"precedence_bulk.eml", "Новости недели", "news@example.ru", "Рассылка", "",
                  AutoKind::kBulk, 0, false},
        ParseCase{"bounce_dsn.eml", "Undelivered Mail Returned to Sender",
                  "mailer-daemon@mx.example.ru", "could not deliver", "", AutoKind::kBounce, 0,
                  false},
        ParseCase{"null_sender.eml", "Delivery delayed", "notifications@example.ru", "Delayed", "",
                  AutoKind::kBounce, 0, false},
        ParseCase{"org_mail_full_name.eml", "О методических материалах", "petrov@example.ru",
                  "методические материалы", "", AutoKind::kNone, 0, false},
        ParseCase{"no_message_id.eml", "Без идентификатора", "nomid@example.ru", "текстовая часть",
                  "", AutoKind::kNone, 0, false}));

TEST(ParseLetter, ReadsThreadingHeaders) {
    auto letter = ParseLetter(Fixture("reply_quoted.eml"));
    ASSERT_TRUE(letter);
    EXPECT_EQ(letter->message_id, "reply-1@example.ru");
    EXPECT_EQ(letter->in_reply_to, "otklik.5.42@otklik.local");
    ASSERT_EQ(letter->references.size(), 2U);
    EXPECT_EQ(letter->references[0], "utf8-qp-1@example.ru");
    EXPECT_EQ(letter->from_name, "Иван Петров");
}

TEST(ParseLetter, DecodesNamesInEveryCharset) {
    EXPECT_EQ(ParseLetter(Fixture("cp1251_declared.eml"))->from_name, "Ольга Смирнова");
    EXPECT_EQ(ParseLetter(Fixture("koi8r_declared.eml"))->from_name, "Сергей Кузнецов");
    EXPECT_EQ(ParseLetter(Fixture("cp1251_undeclared.eml"))->from_name, "Анна Иванова");
}

TEST(ParseLetter, CorrectsAWrongDeclaredCharset) {
    auto koi = ParseLetter(Fixture("koi8r_declared_as_cp1251.eml"));
    EXPECT_EQ(koi->body_charset, "koi8-r");
    auto utf = ParseLetter(Fixture("utf8_declared_as_cp1251.eml"));
    EXPECT_EQ(utf->body_charset, "utf-8");
}

// GMime joins adjacent base64 words before decoding and lost everything after a padded one.
TEST(ParseLetter, DecodesAdjacentPaddedEncodedWords) {
    const std::string raw =
        "From: a@example.ru\r\nSubject: =?UTF-8?B?0LfQsNGA0LU=?=\r\n "
        "=?UTF-8?B?0LPQuNGB0YLRgNC40YDQvtCy0LDQvdC+IOKAlCDQtNC70LjQvdC90LDRjyA=?=\r\n "
        "=?koi8-r?Q?=F4=C5=CD=C1?= plain\r\n\r\nbody\r\n";
    auto letter = ParseLetter(raw);
    ASSERT_TRUE(letter);
    EXPECT_EQ(letter->subject, "зарегистрировано — длинная Тема plain");
}

TEST(ParseLetter, DecodesAttachmentNamesAndBytes) {
    auto letter = ParseLetter(Fixture("attachments.eml"));
    ASSERT_EQ(letter->attachments.size(), 2U);
    EXPECT_EQ(letter->attachments[0].filename, "согласие.pdf");
    EXPECT_EQ(letter->attachments[0].content_type, "application/pdf");
    EXPECT_EQ(letter->attachments[0].data.substr(0, 8), "%PDF-1.4");
    EXPECT_EQ(letter->attachments[1].filename, "setup.exe");
}

TEST(ParseLetter, SurvivesGarbage) {
    // What is not a letter is refused as such; a letter of headers alone, without a sender, is
    // read but can only be a bounce, which the intake never answers.
    for (const std::string& raw :
         {std::string(), std::string("\x01\x02\xff\xfe", 4), std::string(100000, '=')}) {
        SCOPED_TRACE(raw.size());
        auto letter = ParseLetter(raw);
        ASSERT_FALSE(letter);
        EXPECT_EQ(letter.error().code, "mime_unparsable");
    }
    auto letter = ParseLetter("Subject: only a header\r\n");
    ASSERT_TRUE(letter) << letter.error().message;
    EXPECT_EQ(letter->subject, "only a header");
    EXPECT_EQ(letter->from_address, "");
    EXPECT_EQ(letter->text, "");
    EXPECT_EQ(letter->auto_kind, AutoKind::kBounce);  // no sender at all
}

// What tests/fuzz/mime_parser_fuzzer checks: whatever the letter holds, what comes out is UTF-8.
TEST(ParseLetter, FuzzRegressionsComeOutAsUtf8) {
    const auto inputs = otklik::testing::FuzzRegressions(OTKLIK_TEST_DATA_DIR, "mime_parser");
    ASSERT_FALSE(inputs.empty());
    for (const auto& [name, raw] : inputs) {
        SCOPED_TRACE(name);
        const auto letter = ParseLetter(raw);
        if (!letter) continue;
        EXPECT_TRUE(text::IsValidUtf8(letter->subject));
        EXPECT_TRUE(text::IsValidUtf8(letter->from_name));
        EXPECT_TRUE(text::IsValidUtf8(letter->text));
        EXPECT_TRUE(text::IsValidUtf8(letter->trimmed_text));
        for (const auto& attachment : letter->attachments) {
            EXPECT_TRUE(text::IsValidUtf8(attachment.filename));
        }
    }
}

TEST(ParseLetter, RawEightBitNameWithoutAddressIsDecoded) {
    for (const auto& [name, raw] :
         otklik::testing::FuzzRegressions(OTKLIK_TEST_DATA_DIR, "mime_parser")) {
        if (name != "name-without-address-cp1251.eml") continue;
        const auto letter = ParseLetter(raw);
        ASSERT_TRUE(letter.has_value());
        EXPECT_EQ(letter->from_name, "Петров Иван");
        return;
    }
    FAIL() << "no saved input name-without-address-cp1251.eml";
}

TEST(TextTools, HtmlToTextDropsMarkupAndKeepsParagraphs) {
    EXPECT_EQ(HtmlToText("<p>Один</p><p>Два&nbsp;&amp;&#1090;&#x440;&#1080;</p>"),
              "Один\n\nДва &три");
    EXPECT_EQ(HtmlToText("<div>a<br>b</div><style>x</style>"), "a\nb");
}

TEST(TextTools, TrimReplyKeepsAnAllQuotedLetter) {
    EXPECT_EQ(TrimReply("> только цитата\n> ещё"), "> только цитата\n> ещё");
    EXPECT_EQ(TrimReply("Ответ\n\nOn Mon, 12 Jan 2026 Ivan wrote:\n> old"), "Ответ");
}

TEST(TextTools, ToUtf8FallsBackToDetection) {
    std::string used;
    const std::string cp1251 = "\xcf\xf0\xe8\xe2\xe5\xf2";  // «Привет» in windows-1251
    EXPECT_EQ(ToUtf8(cp1251, "", &used), "Привет");
    EXPECT_EQ(used, "windows-1251");
    const std::string koi = "\xf0\xd2\xc9\xd7\xc5\xd4";  // «Привет» in KOI8-R
    EXPECT_EQ(ToUtf8(koi, "x-unknown-charset", &used), "Привет");
    EXPECT_EQ(used, "koi8-r");
}

}  // namespace
}  // namespace otklik::channels::email

#include "core/personal_data.hpp"

#include <gtest/gtest.h>

using namespace otklik::core;

// CH-3: СНИЛС and ИНН are validated with their check digits.
TEST(Snils, AcceptsRealValidNumbers) {
    EXPECT_EQ(CheckSnils("112-233-445 95"), std::nullopt);
    EXPECT_EQ(CheckSnils("123-456-789 64"), std::nullopt);
    EXPECT_EQ(CheckSnils("08765430300"), std::nullopt);  // sum % 101 == 100 → control 00
}

TEST(Snils, RefusesWrongCheckDigits) {
    EXPECT_EQ(CheckSnils("112-233-445 96"), "checksum");
    EXPECT_EQ(CheckSnils("123-456-789 00"), "checksum");
}

TEST(Snils, NumbersBeforeTheCheckWereIntroducedAreAccepted) {
    EXPECT_EQ(CheckSnils("001-001-998 00"), std::nullopt);
}

TEST(Snils, RefusesWrongLengthAndLetters) {
    EXPECT_EQ(CheckSnils("112-233-445 9"), "format");
    EXPECT_EQ(CheckSnils("112-233-445 955"), "format");
    EXPECT_EQ(CheckSnils("11a-233-445 95"), "format");
}

TEST(Inn, AcceptsRealTenAndTwelveDigitNumbers) {
    EXPECT_EQ(CheckInn("7707083893"), std::nullopt);
    EXPECT_EQ(CheckInn("7830002293"), std::nullopt);
    EXPECT_EQ(CheckInn("500100732259"), std::nullopt);
    EXPECT_EQ(CheckInn("773173084809"), std::nullopt);
}

TEST(Inn, RefusesWrongCheckDigits) {
    EXPECT_EQ(CheckInn("7707083894"), "checksum");
    EXPECT_EQ(CheckInn("500100732250"), "checksum");
    EXPECT_EQ(CheckInn("500100732269"), "checksum");  // 11th digit wrong
}

TEST(Inn, RefusesOtherLengths) {
    EXPECT_EQ(CheckInn("77070838"), "format");
    EXPECT_EQ(CheckInn("77070838931"), "format");
    EXPECT_EQ(CheckInn("77070838 3"), "format");
}

TEST(Contacts, ChecksEmailAndPhone) {
    EXPECT_EQ(CheckEmail("ivanov@mail.ru"), std::nullopt);
    EXPECT_EQ(CheckEmail("ivanov@mail"), "format");
    EXPECT_EQ(CheckEmail("iv anov@mail.ru"), "format");
    EXPECT_EQ(CheckEmail("a@b@c.ru"), "format");
}

// Issue 12: CR/LF in an address would end an SMTP command and start another.
TEST(Contacts, EmailWithControlCharactersIsRefused) {
    EXPECT_EQ(CheckEmail("victim@example.ru\r\nRCPT TO:<x@example.ru>"), "format");
    EXPECT_EQ(CheckEmail("victim@example.ru\nBcc: x@example.ru"), "format");
    EXPECT_EQ(CheckEmail("vic\ttim@example.ru"), "format");
    EXPECT_EQ(CheckEmail(std::string("victim@exa\0mple.ru", 18)), "format");
    EXPECT_EQ(CheckEmail("victim@example.ru>"), "format");
    EXPECT_EQ(CheckEmail("ivan.petrov+otklik@example.ru"), std::nullopt);
}

TEST(Contacts, ChecksPhone) {
    EXPECT_EQ(CheckPhone("+7 (495) 123-45-67"), std::nullopt);
    EXPECT_EQ(CheckPhone("123"), "format");
    EXPECT_EQ(NormalizePhone("8 (495) 123-45-67"), "+74951234567");
    EXPECT_EQ(NormalizePhone("4951234567"), "+74951234567");
}

// SEC-3: personal data is masked where it is not needed.
TEST(Masking, HidesAllButTheTail) {
    EXPECT_EQ(MaskSnils("112-233-445 95"), "***-***-*** 95");
    EXPECT_EQ(MaskInn("500100732259"), "********2259");
    EXPECT_EQ(MaskEmail("ivanov@mail.ru"), "i***@mail.ru");
    EXPECT_EQ(MaskPhone("+74951234567"), "+7 *** ***-45-67");
    EXPECT_EQ(MaskName("Иванов"), "И.");
}

// SEC-3 (issue 12): the hotline call card kept the caller's data in clear text.
TEST(ScrubApplicantData, ReplacesTheApplicantsDataInAFreeTextCallCard) {
    Applicant a;
    a.last_name = "Соколова";
    a.first_name = "Анна";
    a.middle_name = "Петровна";
    a.phone = "+79161234567";
    a.email = "sokolova@example.ru";
    a.snils = "112-233-445 95";
    a.inn = "500100732259";
    a.address = "г. Москва, ул. Тверская, д. 1, кв. 5";
    const std::string card =
        "Карточка звонка\nЗаявитель: Соколова Анна Петровна; тел. 8 (916) 123-45-67; e-mail "
        "Sokolova@example.ru; ИНН 500100732259; СНИЛС 11223344595\nАдрес проживания: г. Москва, "
        "ул. Тверская, д. 1, кв. 5\nАдрес проблемы: ул. Ленина, 3\nАннотация: звонок 2026-01-12";
    const std::string scrubbed = ScrubApplicantData(card, a);
    for (const char* value : {"Соколова", "Анна", "Петровна", "123-45-67", "sokolova", "Sokolova",
                              "500100732259", "11223344595", "Тверская"}) {
        EXPECT_EQ(scrubbed.find(value), std::string::npos) << value << "\n" << scrubbed;
    }
    EXPECT_NE(scrubbed.find("[фамилия заявителя] [имя заявителя] [отчество заявителя]"),
              std::string::npos)
        << scrubbed;
    EXPECT_NE(scrubbed.find("тел. [телефон заявителя];"), std::string::npos) << scrubbed;
    EXPECT_NE(scrubbed.find("[адрес заявителя]"), std::string::npos);
    // What is not the applicant's stays: the problem's place, other words, dates.
    EXPECT_NE(scrubbed.find("ул. Ленина, 3"), std::string::npos);
    EXPECT_NE(scrubbed.find("Аннотация"), std::string::npos);
    EXPECT_NE(scrubbed.find("2026-01-12"), std::string::npos);
    EXPECT_EQ(ScrubApplicantData(scrubbed, a), scrubbed);
}

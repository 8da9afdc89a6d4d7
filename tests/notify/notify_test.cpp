#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <unistd.h>

#include "channels/email/letter_intake.hpp"
#include "channels/email/mime_parser.hpp"
#include "channels/support.hpp"
#include "channels/test_workflow.hpp"
#include "jobs/outbox_sender.hpp"
#include "notify/signed_link.hpp"
#include "notify/templates.hpp"
#include "regulation/loader.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace otklik::notify {
namespace {

using namespace std::chrono_literals;

std::array<unsigned char, LinkSigner::kKeyBytes> Key(unsigned char fill) {
    std::array<unsigned char, LinkSigner::kKeyBytes> key{};
    key.fill(fill);
    return key;
}

TEST(LinkSigner, VerifiesItsOwnLinksUntilTheyExpire) {
    const LinkSigner signer(Key(7));
    const auto now = *core::ParseInstant("2026-01-12T07:00:00Z");
    const auto token = signer.Sign({"ББ-2026-000001", "confirm", now + 24h});
    auto claim = signer.Verify(token, now);
    ASSERT_TRUE(claim);
    EXPECT_EQ(claim->uin, "ББ-2026-000001");
    EXPECT_EQ(claim->action, "confirm");
    EXPECT_EQ(signer.Verify(token, now + 25h).error().code, "link_expired");
}

TEST(LinkSigner, RefusesForgedAndForeignLinks) {
    const LinkSigner signer(Key(7));
    const LinkSigner other(Key(8));
    const auto now = *core::ParseInstant("2026-01-12T07:00:00Z");
    const auto token = signer.Sign({"ББ-2026-000001", "confirm", now + 24h});
    EXPECT_EQ(other.Verify(token, now).error().code, "link_invalid");
    auto altered = token;
    altered[2] = altered[2] == 'A' ? 'B' : 'A';
    EXPECT_EQ(signer.Verify(altered, now).error().code, "link_invalid");
    EXPECT_EQ(signer.Verify("garbage", now).error().code, "link_invalid");
}

core::PendingOutbox Row(std::string kind, std::string payload) {
    core::PendingOutbox row;
    row.message.id = 3;
    row.message.appeal_id = 9;
    row.message.kind = std::move(kind);
    row.message.recipient = "a@example.ru";
    row.message.payload = std::move(payload);
    row.appeal_uin = "ББ-2026-000009";
    return row;
}

TEST(TemplateSet, EveryNotificationKindIsRussianWithTheUinInTheSubject) {
    const TemplateSet templates;
    for (const char* kind :
         {"registered", "info_requested", "reminder", "referred_to_agency", "resolved",
          "claim_registered", "closed", "attachments_rejected", "some_future_kind"}) {
        const auto mail = templates.Render(Row(kind, R"({"subject":"Тема","solution":"Готово"})"),
                                           "bilet", {{"confirm_url", "https://x/c"}});
        EXPECT_NE(mail.subject.find("ББ-2026-000009"), std::string::npos) << kind;
        EXPECT_NE(mail.body.find("Здравствуйте"), std::string::npos) << kind;
        EXPECT_EQ(mail.body.find("{{"), std::string::npos) << kind;
    }
    const auto resolved = templates.Render(Row("resolved", R"({"solution":"Перезапустите"})"),
                                           "bilet", {{"confirm_url", "https://x/c"}});
    EXPECT_NE(resolved.body.find("Перезапустите"), std::string::npos);
    EXPECT_NE(resolved.body.find("https://x/c"), std::string::npos);
}

TEST(TemplateSet, ARegulationsWordingFillsItsOwnFieldsAndKindsWithoutATemplate) {
    const TemplateSet templates;
    // The regulation's subject and text are the notice; {{subject}} stays the appeal's.
    auto registered = Row("registered", R"({"template":"registered","uin":"ББ-2026-000009",)"
                                        R"("subject":"Обращение ББ-2026-000009 зарегистрировано",)"
                                        R"("text":"Ваше обращение зарегистрировано."})");
    const auto mail = templates.Render(registered, "bilet", {{"appeal_subject", "Нет записи"}});
    EXPECT_NE(mail.body.find("«Нет записи»"), std::string::npos) << mail.body;
    // A kind only the regulation words: its own subject and text.
    auto answer = Row("answer", R"({"template":"answer","uin":"ББ-2026-000009",)"
                                R"("subject":"Ответ на обращение ББ-2026-000009",)"
                                R"("text":"Очистите кэш браузера."})");
    const auto answered = templates.Render(answer, "bilet", {});
    EXPECT_EQ(answered.subject, "Ответ на обращение ББ-2026-000009");
    EXPECT_NE(answered.body.find("Очистите кэш браузера."), std::string::npos);
    // A resolution worded by the regulation, the appeal without a separate solution.
    auto resolved = answer;
    resolved.message.kind = "resolved";
    const auto decided = templates.Render(resolved, "hotline", {{"confirm_url", "https://x/c"}});
    EXPECT_NE(decided.body.find("Очистите кэш браузера."), std::string::npos);
    EXPECT_NE(decided.body.find("https://x/c"), std::string::npos);
}

TEST(TemplateSet, SectionsShowTheirTextOnlyWhenTheValueIsThere) {
    const auto dir = channels::email::testing::TempDir("templates");
    std::filesystem::create_directories(dir / "bilet");
    std::ofstream(dir / "bilet" / "closed.txt")
        << "Тема: Обращение {{uin}} закрыто\nЗдравствуйте!\n\n"
           "{{#comment}}Комментарий:{{comment}}{{/comment}}\n\n"
           "{{^comment}}Без комментария.{{/comment}}\n\nПодпись\n";
    const TemplateSet templates(dir.string());
    EXPECT_TRUE(templates.HasOwn("bilet", "closed"));
    EXPECT_FALSE(templates.HasOwn("epgu", "closed"));
    const auto with = templates.Render(Row("closed", R"({"comment":"Готово"})"), "bilet", {});
    EXPECT_EQ(with.body, "Здравствуйте!\n\nКомментарий:\n\nГотово\n\nПодпись");
    const auto without = templates.Render(Row("closed", "{}"), "bilet", {});
    EXPECT_EQ(without.body, "Здравствуйте!\n\nБез комментария.\n\nПодпись");
    std::filesystem::remove_all(dir);
}

// SEC-5 (issue 12): the one-time code goes out as a letter of its own, naming no appeal.
TEST(Templates, ContactCodeLetterCarriesTheCodeAndNoAppeal) {
    const TemplateSet templates("");
    auto row = Row("contact_code", R"({"code":"482913","minutes":"15"})");
    row.appeal_uin = "";
    const auto mail = templates.Render(row, "", {});
    EXPECT_EQ(mail.subject, "Код подтверждения адреса электронной почты");
    EXPECT_NE(mail.body.find("Ваш код подтверждения: 482913"), std::string::npos) << mail.body;
    EXPECT_NE(mail.body.find("15 минут"), std::string::npos) << mail.body;
    EXPECT_EQ(mail.body.find("номер обращения"), std::string::npos) << mail.body;
}

// NT-1: each shipped regulation has its own letter for every kind of notification — the built-in
// kinds, the triage refusal and every [notifications.<code>] it words — polite Russian with the
// UIN in the subject, and the resolution letters carry the signed confirm / dispute links.
TEST(ShippedTemplates, EveryRegulationHasALetterForEveryKind) {
    const std::filesystem::path root = std::string(OTKLIK_SOURCE_DIR) + "/regulations";
    const TemplateSet templates((root / "templates").string());
    std::set<std::string> regulations;
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
        if (entry.path().extension() != ".toml") continue;
        auto loaded = regulation::LoadRegulationFile(entry.path());
        ASSERT_TRUE(loaded) << loaded.error().message;
        const auto& r = *loaded;
        regulations.insert(r.id);
        const std::string uin = r.uin_prefix + "-2026-000009";
        std::map<std::string, std::string> worded;  // kind → the regulation's text
        for (const auto& notification : r.notifications) {
            worded[notification.code] = "Текст регламента «" + notification.code + "» " + uin + ".";
        }
        std::set<std::string> kinds{"refused"};
        for (const auto& [kind, text] : TemplateSet::BuiltIn()) kinds.insert(kind);
        for (const auto& [kind, text] : worded) kinds.insert(kind);
        // A contact code letter (SEC-5) belongs to no appeal and so to no regulation: it is the
        // built-in letter everywhere (ContactCodeLetterCarriesTheCodeAndNoAppeal).
        kinds.erase("contact_code");
        for (const auto& kind : kinds) {
            SCOPED_TRACE(r.id + "/" + kind);
            EXPECT_TRUE(templates.HasOwn(r.id, kind));
            std::string payload = R"({"question":"Укажите площадку","agency":"Минпросвещения",)"
                                  R"("files":[{"name":"setup.exe","reason":"недопустимый тип"}]})";
            if (auto it = worded.find(kind); it != worded.end()) {
                payload = R"({"template":")" + kind + R"(","uin":")" + uin +
                          R"(","subject":"Уведомление )" + uin + R"(","text":")" + it->second +
                          R"("})";
            } else if (kind == "returned_unregistered") {
                payload = R"({"subject":"Вопрос о записи","received":"12.01.2026",)"
                          R"("reasons":["Не указана фамилия заявителя"]})";
            }
            auto row = Row(kind, payload);
            row.appeal_uin = kind == "returned_unregistered" ? "" : uin;
            const auto mail = templates.Render(row, r.id,
                                               {{"appeal_subject", "Не открывается запись"},
                                                {"solution", "Очистите кэш браузера"},
                                                {"confirm_url", "https://x/confirm/t1"},
                                                {"dispute_url", "https://x/dispute/t2"},
                                                {"links_expire", "2026-03-13"}});
            if (kind == "returned_unregistered") {
                EXPECT_NE(mail.subject.find("Вопрос о записи"), std::string::npos) << mail.subject;
                EXPECT_NE(mail.body.find("Не указана фамилия заявителя"), std::string::npos);
            } else {
                // The template's own subject names the appeal: nothing prepended.
                EXPECT_NE(mail.subject.find(uin), std::string::npos) << mail.subject;
                EXPECT_NE(mail.subject[0], '[') << mail.subject;
            }
            EXPECT_EQ(mail.subject.find("{{"), std::string::npos);
            EXPECT_EQ(mail.body.find("{{"), std::string::npos) << mail.body;
            EXPECT_NE(mail.body.find("С уважением"), std::string::npos);
            if (auto it = worded.find(kind); it != worded.end() && kind != "resolved") {
                EXPECT_NE(mail.body.find(it->second), std::string::npos) << mail.body;
            }
            if (kind == "resolved" || kind == "confirm_reminder") {
                EXPECT_NE(mail.body.find("https://x/confirm/t1"), std::string::npos);
                EXPECT_NE(mail.body.find("https://x/dispute/t2"), std::string::npos);
            }
            if (kind == "resolved") {
                EXPECT_NE(mail.body.find("Очистите кэш браузера"), std::string::npos);
            }
        }
    }
    EXPECT_EQ(regulations, (std::set<std::string>{"bilet", "epgu", "hotline", "pos"}));
}

TEST(TemplateSet, ReturnListsTheReasons) {
    const TemplateSet templates;
    auto row = Row("returned_unregistered",
                   R"({"subject":"Вопрос","reasons":["Нет текста","Нет имени"]})");
    row.appeal_uin.clear();
    const auto mail = templates.Render(row, "", {});
    EXPECT_EQ(mail.subject, "Письмо «Вопрос» не зарегистрировано");
    EXPECT_NE(mail.body.find("— Нет текста\n— Нет имени"), std::string::npos);
}

TEST(ComposeMessage, OurOwnLettersReadBackAsAutomatic) {
    MailHeaders headers{"Отклик",
                        "noreply@otklik.local",
                        "a@example.ru",
                        "Обращение ББ-2026-000009 зарегистрировано — длинная тема письма для "
                        "проверки переноса закодированных слов",
                        "otklik.3.9@otklik.local",
                        "",
                        *core::ParseInstant("2026-01-12T07:00:00Z")};
    const auto raw = ComposeMessage(headers, "Текст 😀");
    auto letter = channels::email::ParseLetter(raw);
    ASSERT_TRUE(letter);
    EXPECT_EQ(letter->subject, headers.subject);
    EXPECT_EQ(letter->text, "Текст 😀");
    EXPECT_EQ(letter->message_id, "otklik.3.9@otklik.local");
    // A loop through an autoresponder or our own mailbox stops here (RFC 3834).
    EXPECT_EQ(letter->auto_kind, channels::email::AutoKind::kAutoReply);
}

/// A transport that records what it was given and can be told to fail.
class RecordingTransport final : public MailTransport {
public:
    core::Result<bool> Send(const std::string&, const std::string& to,
                            const std::string& message) override {
        if (fail) {
            return tl::unexpected(core::Error{core::ErrorKind::kUnavailable, "smtp", "down", {}});
        }
        sent.push_back({to, message});
        return true;
    }
    bool fail = false;
    std::vector<std::pair<std::string, std::string>> sent;
};

class SenderTest : public ::testing::Test {
protected:
    SenderTest()
        : dir_(channels::email::testing::TempDir("sender")),
          store_({(dir_ / "otklik.db").string(), 2}),
          clock_(*core::ParseInstant("2026-01-12T07:00:00Z")),
          service_(store_.Appeals(), workflow_, clock_),
          signer_(Key(1)) {}
    ~SenderTest() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path dir_;
    storage::sqlite::SqliteStore store_;
    core::ManualClock clock_;
    channels::email::testing::ReplyWorkflow workflow_;
    core::AppealService service_;
    TemplateSet templates_;
    LinkSigner signer_;
    RecordingTransport transport_;
};

TEST_F(SenderTest, SendsOnceAndMarks) {
    const auto uin = channels::email::testing::RegisterQuestion(service_, "a@example.ru");
    jobs::OutboxSender sender(store_.Mail(), store_.Appeals(), transport_, templates_, &signer_,
                              clock_);
    EXPECT_EQ(sender.RunOnce(), 1);
    EXPECT_EQ(sender.RunOnce(), 0);
    ASSERT_EQ(transport_.sent.size(), 1U);
    auto letter = channels::email::ParseLetter(transport_.sent[0].second);
    EXPECT_NE(letter->subject.find(uin), std::string::npos);
}

TEST_F(SenderTest, RetriesWithBackOffAndNeverLosesAMessage) {
    channels::email::testing::RegisterQuestion(service_, "a@example.ru");
    jobs::OutboxSender sender(store_.Mail(), store_.Appeals(), transport_, templates_, &signer_,
                              clock_);
    transport_.fail = true;
    EXPECT_EQ(sender.RunOnce(), 0);
    EXPECT_EQ(sender.RunOnce(), 0);  // not due yet: back-off
    transport_.fail = false;
    clock_.Advance(30s);
    EXPECT_EQ(sender.RunOnce(), 0);
    clock_.Advance(31s);
    EXPECT_EQ(sender.RunOnce(), 1);
    EXPECT_EQ(transport_.sent.size(), 1U);
}

TEST_F(SenderTest, ACrashBetweenSendAndMarkResendsWithTheSameMessageId) {
    channels::email::testing::RegisterQuestion(service_, "a@example.ru");
    // The first process claimed the row and sent it, then died before MarkSent.
    auto due = *store_.Mail().DueOutbox(clock_.Now(), 10);
    ASSERT_EQ(due.size(), 1U);
    ASSERT_TRUE(*store_.Mail().BeginDelivery(due[0].message.id, clock_.Now() + 600s));
    jobs::OutboxSender first(store_.Mail(), store_.Appeals(), transport_, templates_, &signer_,
                             clock_);
    const auto before_crash = first.Compose(due[0]);
    // The restarted process leaves it alone while the lease runs, then sends it again.
    jobs::OutboxSender sender(store_.Mail(), store_.Appeals(), transport_, templates_, &signer_,
                              clock_);
    EXPECT_EQ(sender.RunOnce(), 0);
    clock_.Advance(601s);
    EXPECT_EQ(sender.RunOnce(), 1);
    ASSERT_EQ(transport_.sent.size(), 1U);
    EXPECT_EQ(channels::email::ParseLetter(transport_.sent[0].second)->message_id,
              channels::email::ParseLetter(before_crash)->message_id);
}

// Issue 17: a letter to the applicant leads to the appeal's status page with a token of its own
// row; a letter of the same appeal to any other address carries no such link.
TEST_F(SenderTest, OnlyTheApplicantsLetterCarriesAStatusLinkOfItsOwn) {
    const auto uin = channels::email::testing::RegisterQuestion(service_, "a@example.ru");
    auto due = *store_.Mail().DueOutbox(clock_.Now(), 10);
    ASSERT_EQ(due.size(), 1U);
    jobs::OutboxSender sender(store_.Mail(), store_.Appeals(), transport_, templates_, &signer_,
                              clock_);
    const auto body = channels::email::ParseLetter(sender.Compose(due[0]))->text;
    const auto at = body.find("/status/#");
    ASSERT_NE(at, std::string::npos) << body;
    const auto token = body.substr(at + 9, body.find_first_of(" \n)", at) - at - 9);
    const auto claim = signer_.Verify(token, clock_.Now());
    ASSERT_TRUE(claim) << token;
    EXPECT_EQ(claim->uin, uin);
    EXPECT_EQ(claim->action, "status." + std::to_string(due[0].message.id));
    auto elsewhere = due[0];
    elsewhere.message.recipient = "someone.else@example.ru";
    EXPECT_EQ(channels::email::ParseLetter(sender.Compose(elsewhere))->text.find("/status/#"),
              std::string::npos);
}

}  // namespace
}  // namespace otklik::notify

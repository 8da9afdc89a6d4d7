// Issue 16: the appeal card as one conversation — order, kinds, files, letters as sent, notes
// apart, nothing of the applicant's personal data the masked card does not show.
#include "core/conversation.hpp"

#include <gtest/gtest.h>

#include "core/appeal_attributes.hpp"

using namespace otklik::core;

namespace {

Instant At(const char* text) { return *ParseInstant(text); }

Appeal EmailAppeal() {
    Appeal appeal;
    appeal.id = 7;
    appeal.uin = "ГЛ-2026-000007";
    appeal.regulation = "hotline";
    appeal.channel = "email";
    appeal.subject = "Не формируется отчёт";
    appeal.text = "Отчёт не формируется, скриншот во вложении.";
    appeal.applicant.last_name = "Соколова";
    appeal.applicant.first_name = "Анна";
    appeal.applicant.email = "sokolova@example.ru";
    appeal.applicant.region = "77";
    appeal.attributes[attribute::kEmailFrom] = "sokolova@example.ru";
    appeal.created_at = At("2026-01-19T07:00:00Z");
    appeal.updated_at = At("2026-01-20T08:00:00Z");
    return appeal;
}

Comment Said(const char* at, const char* author, const char* text, Visibility visibility) {
    Comment comment;
    comment.at = At(at);
    comment.author = author;
    comment.text = text;
    comment.visibility = visibility;
    return comment;
}

SentLetter Letter(const char* kind, const char* at, const char* body, bool sent) {
    SentLetter letter;
    letter.kind = kind;
    letter.channel = "email";
    letter.recipient = "sokolova@example.ru";
    letter.subject = std::string("Обращение ГЛ-2026-000007: ") + kind;
    letter.body = body;
    letter.created_at = At(at);
    if (sent) letter.sent_at = At(at) + std::chrono::seconds(5);
    return letter;
}

std::vector<std::string> Kinds(const std::vector<ConversationEntry>& entries) {
    std::vector<std::string> kinds;
    for (const auto& entry : entries) kinds.push_back(entry.kind);
    return kinds;
}

}  // namespace

TEST(Conversation, EmailAppealIsOneThreadInTimeOrderWithTheNotesApart) {
    const Appeal appeal = EmailAppeal();
    ConversationSources sources;
    sources.files = {{"screen.png", "image/png", 1200}, {"scan.pdf", "application/pdf", 5000}};
    HistoryEntry answered;
    answered.at = At("2026-01-19T12:00:00Z");
    answered.actor = "applicant:status";
    answered.action = "provide_info";
    answered.note = "Ответ заявителя. Приложены файлы: scan.pdf";
    sources.history = {answered};
    sources.comments = {
        Said("2026-01-19T09:00:00Z", "petrov", "Похоже на кэш отчётов", Visibility::kInternal),
        Said("2026-01-19T12:00:00Z", "applicant:status", "Прикладываю скан ошибки",
             Visibility::kPublic),
        Said("2026-01-19T15:00:00Z", "petrov", "Передали разработчикам", Visibility::kPublic),
    };
    // Out of order on purpose: the thread sorts by time.
    sources.letters = {
        Letter("resolved", "2026-01-20T08:00:00Z",
               "Уважаемая Соколова Анна! Решение: очищен кэш отчётов. Ответ придёт на "
               "sokolova@example.ru.",
               true),
        Letter("registered", "2026-01-19T07:00:00Z", "Обращение зарегистрировано.", true),
    };

    const auto conversation = AssembleConversation(appeal, sources);

    EXPECT_EQ(
        Kinds(conversation.thread),
        (std::vector<std::string>{"letter_in", "letter_out", "answer", "comment", "letter_out"}));
    ASSERT_EQ(conversation.notes.size(), 1u);
    EXPECT_EQ(conversation.notes[0].text, "Похоже на кэш отчётов");
    EXPECT_EQ(conversation.notes[0].direction, "internal");

    const auto& letter_in = conversation.thread[0];
    EXPECT_EQ(letter_in.direction, "in");
    EXPECT_EQ(letter_in.text, appeal.text);
    ASSERT_EQ(letter_in.files.size(), 1u);  // the second file came with the answer
    EXPECT_EQ(letter_in.files[0].name, "screen.png");
    EXPECT_EQ(letter_in.files[0].number, 1);
    EXPECT_EQ(letter_in.author_name.find("sokolova@"), std::string::npos) << letter_in.author_name;

    const auto& answer = conversation.thread[2];
    EXPECT_EQ(answer.author_name, "Заявитель");
    ASSERT_EQ(answer.files.size(), 1u);
    EXPECT_EQ(answer.files[0].name, "scan.pdf");
    EXPECT_EQ(answer.files[0].number, 2);

    EXPECT_EQ(conversation.thread[3].direction, "out");  // a public comment reaches the applicant

    const auto& resolution = conversation.thread[4];
    EXPECT_EQ(resolution.letter_kind, "resolved");
    EXPECT_EQ(resolution.state, "sent");
    EXPECT_NE(resolution.state_name.find("Отправлено"), std::string::npos);
    EXPECT_NE(resolution.text.find("очищен кэш отчётов"), std::string::npos);
    // The applicant's own data in the letter is a reference, the recipient masked (SEC-3).
    EXPECT_EQ(resolution.text.find("sokolova@example.ru"), std::string::npos) << resolution.text;
    EXPECT_EQ(resolution.text.find("Соколова"), std::string::npos) << resolution.text;
    EXPECT_EQ(resolution.recipient.find("sokolova@example.ru"), std::string::npos);
    EXPECT_FALSE(resolution.recipient.empty());
}

TEST(Conversation, ChatbotDialogOpensTheThreadAndTheRejectedArticlesAreKept) {
    Appeal appeal = EmailAppeal();
    appeal.channel = "chatbot";
    appeal.attributes.clear();
    ChatRecord chat;
    chat.started_at = appeal.created_at - std::chrono::minutes(3);
    chat.turns = {{"bot", "Здравствуйте! Какой у вас вопрос?"},
                  {"user", "Не приходит SMS, моя почта sokolova@example.ru"},
                  {"bot", "Вот что я нашёл"},
                  {"user", "нет"}};
    chat.rejected_articles = {"sms-code", "phone-change"};
    ConversationSources sources;
    sources.chat = chat;
    sources.letters = {Letter("registered", "2026-01-19T07:00:00Z", "Зарегистрировано", false)};

    const auto conversation = AssembleConversation(appeal, sources);

    EXPECT_EQ(Kinds(conversation.thread),
              (std::vector<std::string>{"chat", "chat", "chat", "chat", "appeal", "letter_out"}));
    EXPECT_EQ(conversation.thread[0].direction, "out");
    EXPECT_EQ(conversation.thread[0].author_name, "Чат-бот");
    EXPECT_EQ(conversation.thread[1].direction, "in");
    EXPECT_EQ(conversation.thread[1].text.find("sokolova@example.ru"), std::string::npos)
        << conversation.thread[1].text;
    EXPECT_EQ(conversation.thread[5].state, "queued");
    EXPECT_EQ(conversation.rejected_articles,
              (std::vector<std::string>{"sms-code", "phone-change"}));
    EXPECT_TRUE(conversation.notes.empty());
}

TEST(Conversation, CallNotesOpenAHotlineAppealAndASolutionWithoutALetterIsShownUnsent) {
    Appeal appeal = EmailAppeal();
    appeal.channel = "phone";
    appeal.attributes.clear();
    appeal.applicant.email.clear();
    appeal.created_by = "intake";
    appeal.attributes[attribute::kSolution] = "Пароль сброшен, сообщили по телефону";
    Call call;
    call.uin = appeal.uin;
    call.operator_login = "intake";
    call.started_at = appeal.created_at - std::chrono::minutes(5);
    call.note = "Звонила из офиса, просила перезвонить";
    HistoryEntry resolved;
    resolved.at = At("2026-01-20T10:00:00Z");
    resolved.actor = "petrov";
    resolved.action = "resolve";
    resolved.changes = {{"solution", "", "Пароль сброшен, сообщили по телефону"}};
    ConversationSources sources;
    sources.call = call;
    sources.history = {resolved};

    const auto conversation = AssembleConversation(appeal, sources);

    ASSERT_EQ(Kinds(conversation.thread), (std::vector<std::string>{"call", "resolution"}));
    EXPECT_EQ(conversation.thread[0].at, call.started_at);
    EXPECT_NE(conversation.thread[0].text.find("просила перезвонить"), std::string::npos);
    EXPECT_EQ(conversation.thread[1].state, "not_sent");
    EXPECT_EQ(conversation.thread[1].text, "Пароль сброшен, сообщили по телефону");
    EXPECT_EQ(conversation.thread[1].author, "petrov");
}

TEST(Conversation, DeliveryStatesOfLettersOut) {
    const Appeal appeal = EmailAppeal();
    SentLetter by_phone = Letter("resolved", "2026-01-20T08:00:00Z", "Решение", false);
    by_phone.channel = "phone";
    by_phone.recipient = "+7 916 123-45-67";
    SentLetter delivered = by_phone;
    delivered.sent_at = At("2026-01-20T09:00:00Z");
    delivered.delivered_via = "phone";
    delivered.delivered_by = "petrov";
    SentLetter failed = Letter("resolved", "2026-01-20T08:00:00Z", "Решение", false);
    failed.given_up = true;
    failed.last_error = "адрес не существует";
    ConversationSources sources;
    sources.letters = {by_phone, delivered, failed};

    const auto thread = AssembleConversation(appeal, sources).thread;

    ASSERT_EQ(thread.size(), 4u);
    EXPECT_EQ(thread[1].state, "queued");
    EXPECT_NE(thread[1].state_name.find("по телефону"), std::string::npos);
    EXPECT_EQ(thread[1].recipient.find("123-45"), std::string::npos) << thread[1].recipient;
    EXPECT_EQ(thread[2].state, "delivered");
    EXPECT_NE(thread[2].state_name.find("petrov"), std::string::npos);
    EXPECT_EQ(thread[3].state, "failed");
    EXPECT_NE(thread[3].state_name.find("адрес не существует"), std::string::npos);
}

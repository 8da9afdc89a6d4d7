#include "channels/email/letter_intake.hpp"

#include "support.hpp"
#include "test_workflow.hpp"
#include <gtest/gtest.h>
#include <unistd.h>

#include "channels/email/mime_parser.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace otklik::channels::email {
namespace {

using testing::Fixture;

class IntakeTest : public ::testing::Test {
protected:
    IntakeTest()
        : dir_(testing::TempDir("intake")),
          store_({(dir_ / "otklik.db").string(), 2}),
          clock_(*core::ParseInstant("2026-01-12T07:00:00Z")),
          service_(store_.Appeals(), workflow_, clock_),
          intake_(service_, store_.Appeals(), store_.Mail(), Options()) {
        project_.name = "project";
        project_.regulation = "bilet";
        project_.channel = "project_mail";
        org_ = project_;
        org_.name = "org";
        org_.channel = "org_mail";
    }
    ~IntakeTest() override { std::filesystem::remove_all(dir_); }

    IntakeOptions Options() const {
        IntakeOptions options;
        options.files_dir = (dir_ / "mail").string();
        // As regulations/channels/bilet.toml says: the Союз's mailbox registers in СЭД.
        options.registration_card_channels = {{"bilet", "org_mail"}};
        return options;
    }

    IntakeResult Take(const std::string& file, const MailboxConfig& mailbox, std::int64_t uid) {
        auto result = intake_.Process(mailbox, RawLetter{mailbox.name, 7, uid, Fixture(file)});
        EXPECT_TRUE(result) << file << ": " << result.error().message;
        return result ? *result : IntakeResult{};
    }

    std::vector<core::PendingOutbox> Outbox() {
        return *store_.Mail().DueOutbox(clock_.Now() + std::chrono::hours(1), 100);
    }

    void SetStatus(const std::string& uin, core::Status status) {
        auto appeal = *store_.Appeals().FindByUin(uin);
        core::AppealChange change;
        change.expected_version = appeal.version;
        change.appeal = appeal;
        change.appeal.version = appeal.version + 1;
        change.appeal.status = status;
        change.entry = {0, appeal.id, clock_.Now(), "test", "set_status", {}, ""};
        ASSERT_TRUE(store_.Appeals().Update(std::move(change)));
    }

    std::filesystem::path dir_;
    storage::sqlite::SqliteStore store_;
    core::ManualClock clock_;
    testing::ReplyWorkflow workflow_;
    core::AppealService service_;
    LetterIntake intake_;
    MailboxConfig project_;
    MailboxConfig org_;
};

TEST_F(IntakeTest, RegistersALetterWithTheApplicantFromTheSender) {
    const auto result = Take("utf8_qp_emoji.eml", project_, 1);
    EXPECT_EQ(result.outcome, "registered");
    auto appeal = store_.Appeals().FindByUin(result.uin);
    ASSERT_TRUE(appeal);
    EXPECT_EQ(appeal->applicant.email, "ivan.petrov@example.ru");
    EXPECT_EQ(appeal->applicant.first_name, "Иван");
    EXPECT_EQ(appeal->applicant.last_name, "Петров");
    EXPECT_EQ(appeal->channel, "project_mail");
    EXPECT_EQ(appeal->subject, "Ошибка записи 😢");
    EXPECT_EQ(appeal->source_ref, "utf8-qp-1@example.ru");
}

TEST_F(IntakeTest, NeverRegistersTheSameLetterTwice) {
    const auto first = Take("cp1251_declared.eml", project_, 1);
    // The same Message-ID delivered again under another UID, and the same UID fetched again.
    const auto again = Take("cp1251_declared.eml", project_, 2);
    const auto refetched = Take("cp1251_declared.eml", project_, 1);
    EXPECT_EQ(first.outcome, "registered");
    EXPECT_EQ(again.outcome, "duplicate");
    EXPECT_EQ(again.uin, first.uin);
    EXPECT_EQ(refetched.outcome, "duplicate");
    auto page = store_.Appeals().List({}, {});
    EXPECT_EQ(page->items.size(), 1U);
}

// Issue 18 (e-mail at 3,000 letters/s): a letter with nothing for its card is recorded in the
// registration's transaction, so it costs the mailbox one durable commit, and the record names
// the appeal it opened (CH-7: the Message-ID is never taken twice).
TEST_F(IntakeTest, APlainLetterIsRegisteredAndRecordedInOneCommit) {
    const auto letter = ParseLetter(Fixture("utf8_qp_emoji.eml"));
    ASSERT_TRUE(letter);
    const auto commits = store_.Counters().commits;
    const auto result = Take("utf8_qp_emoji.eml", project_, 1);
    EXPECT_EQ(result.outcome, "registered");
    EXPECT_EQ(store_.Counters().commits - commits, 1U);
    const auto record = store_.Mail().FindLetter(letter->message_id, "", -1, -1);
    ASSERT_TRUE(record && *record);
    EXPECT_EQ((*record)->outcome, "registered");
    EXPECT_EQ((*record)->appeal_id, store_.Appeals().FindByUin(result.uin)->id);
    EXPECT_EQ((*record)->uid, 1);
}

// A letter whose appeal was registered before its record was written (by an earlier version,
// which wrote them apart) is recorded on the replay, against the appeal registered then.
TEST_F(IntakeTest, AReplayedRegistrationRecordsItsLetter) {
    const auto letter = ParseLetter(Fixture("utf8_qp_emoji.eml"));
    ASSERT_TRUE(letter);
    core::AppealDraft draft;
    draft.regulation = "bilet";
    draft.channel = "project_mail";
    draft.applicant.email = "ivan.petrov@example.ru";
    draft.applicant.last_name = "Петров";
    draft.applicant.first_name = "Иван";
    draft.subject = letter->subject;
    draft.text = letter->trimmed_text.empty() ? letter->text : letter->trimmed_text;
    const core::Actor mail{0, "email", core::Role::kOperator, "", ""};
    auto earlier =
        service_.Register(draft, mail, "email:" + letter->message_id, letter->message_id);
    ASSERT_TRUE(earlier) << earlier.error().message;
    ASSERT_FALSE(*store_.Mail().FindLetter(letter->message_id, "", -1, -1));

    const auto result = Take("utf8_qp_emoji.eml", project_, 1);
    EXPECT_EQ(result.outcome, "duplicate");
    EXPECT_EQ(result.uin, earlier->appeal.uin);
    const auto record = store_.Mail().FindLetter(letter->message_id, "", -1, -1);
    ASSERT_TRUE(record && *record);
    EXPECT_EQ((*record)->appeal_id, earlier->appeal.id);
}

TEST_F(IntakeTest, AutomaticLettersOpenNothingAndGetNoAnswer) {
    std::int64_t uid = 0;
    for (const char* file : {"auto_reply_rfc3834.eml", "x_autoreply.eml", "bounce_dsn.eml",
                             "null_sender.eml", "precedence_bulk.eml"}) {
        EXPECT_EQ(Take(file, project_, ++uid).outcome, "ignored_auto") << file;
    }
    EXPECT_TRUE(store_.Appeals().List({}, {})->items.empty());
    EXPECT_TRUE(Outbox().empty());
}

TEST_F(IntakeTest, OrgMailGetsARegistrationCard) {
    const auto result = Take("org_mail_full_name.eml", org_, 1);
    ASSERT_EQ(result.outcome, "registered");
    auto appeal = *store_.Appeals().FindByUin(result.uin);
    EXPECT_EQ(appeal.applicant.last_name, "Петров");
    EXPECT_EQ(appeal.applicant.first_name, "Пётр");
    EXPECT_EQ(appeal.applicant.middle_name, "Петрович");
    EXPECT_EQ(appeal.attributes["registration_card.incoming_number"], result.uin);
    EXPECT_EQ(appeal.attributes["registration_card.incoming_date"], "2026-01-12");
    EXPECT_EQ(appeal.attributes["registration_card.correspondent"],
              "Петров Пётр Петрович <petrov@example.ru>");
}

// The card comes from the channel settings (data), not from the channel's name (issue 13).
TEST_F(IntakeTest, OnlyTheChannelsTheSettingsNameGetARegistrationCard) {
    const auto result = Take("org_mail_full_name.eml", project_, 1);
    ASSERT_EQ(result.outcome, "registered");
    const auto appeal = *store_.Appeals().FindByUin(result.uin);
    EXPECT_FALSE(appeal.attributes.contains("registration_card.incoming_number"));
}

TEST_F(IntakeTest, ReturnsAnIncompleteLetterUnregisteredWithTheReasons) {
    const auto result = Take("empty_text.eml", org_, 1);
    EXPECT_EQ(result.outcome, "returned");
    EXPECT_FALSE(result.reasons.empty());
    EXPECT_TRUE(store_.Appeals().List({}, {})->items.empty());
    auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 1U);
    EXPECT_EQ(outbox[0].message.kind, "returned_unregistered");
    EXPECT_EQ(outbox[0].message.recipient, "empty@example.ru");
    EXPECT_NE(outbox[0].message.payload.find("В письме нет текста обращения"), std::string::npos);
    // Retaken after a crash: no second return letter.
    EXPECT_EQ(Take("empty_text.eml", org_, 1).outcome, "duplicate");
    EXPECT_EQ(Outbox().size(), 1U);
}

TEST_F(IntakeTest, RegistersWithAcceptedAttachmentsAndReportsTheRefusedOne) {
    const auto result = Take("attachments.eml", project_, 1);
    ASSERT_EQ(result.outcome, "registered");
    auto appeal = *store_.Appeals().FindByUin(result.uin);
    EXPECT_NE(appeal.attributes["email.attachments"].find("согласие.pdf"), std::string::npos);
    EXPECT_NE(appeal.attributes["email.refused_attachments"].find("setup.exe"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(dir_ / "mail" / "attachments" / std::to_string(appeal.id) /
                                        "1-согласие.pdf"));
    bool reported = false;
    for (const auto& message : Outbox()) {
        reported |= message.message.kind == "attachments_rejected";
    }
    EXPECT_TRUE(reported);
}

TEST_F(IntakeTest, AReplyByUinInTheSubjectJoinsItsAppeal) {
    const auto first = Take("utf8_qp_emoji.eml", project_, 1);
    ASSERT_EQ(first.uin, "ББ-2026-000001");
    const auto reply = Take("reply_uin_subject.eml", project_, 2);
    EXPECT_EQ(reply.uin, first.uin);
    EXPECT_EQ(reply.outcome, "commented");
    auto comments = *store_.Appeals().Comments(store_.Appeals().FindByUin(first.uin)->id);
    ASSERT_EQ(comments.size(), 1U);
    EXPECT_NE(comments[0].text.find("Подтверждаю"), std::string::npos);
    EXPECT_EQ(comments[0].text.find("iPhone"), std::string::npos);
    EXPECT_EQ(store_.Appeals().List({}, {})->items.size(), 1U);
}

TEST_F(IntakeTest, AnAnswerToAnInformationRequestResumesThePendingAppeal) {
    const auto first = Take("utf8_qp_emoji.eml", project_, 1);
    SetStatus(first.uin, core::Status::kPending);
    const auto reply = Take("reply_quoted.eml", project_, 2);  // References the first letter
    EXPECT_EQ(reply.outcome, "provide_info");
    EXPECT_EQ(store_.Appeals().FindByUin(first.uin)->status, core::Status::kAssigned);
}

TEST_F(IntakeTest, TheApplicantConfirmsOrDisputesAResolutionByMail) {
    const auto first = Take("utf8_qp_emoji.eml", project_, 1);
    SetStatus(first.uin, core::Status::kResolved);
    EXPECT_EQ(Take("reply_uin_subject.eml", project_, 2).outcome, "confirm");
    EXPECT_EQ(store_.Appeals().FindByUin(first.uin)->status, core::Status::kClosed);
}

TEST_F(IntakeTest, ThreadsByOurOwnMessageId) {
    const auto first = Take("utf8_qp_emoji.eml", project_, 1);
    const auto id = store_.Appeals().FindByUin(first.uin)->id;
    auto raw = Fixture("outlook_reply.eml");
    const std::string header = "Message-ID: <outlook-1@example.ru>\r\n";
    raw.replace(raw.find(header), header.size(),
                header + "In-Reply-To: <otklik.9." + std::to_string(id) + "@otklik.local>\r\n");
    auto result = intake_.Process(project_, RawLetter{"project", 7, 5, raw});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->uin, first.uin);
    // boss@ is not the applicant: an internal comment, no action.
    EXPECT_EQ(result->outcome, "commented");
}

// LC-2, osTicket #1976: a reply with neither our Message-ID nor the UIN still finds its appeal.
TEST_F(IntakeTest, AReplyFromTheApplicantWithTheSameSubjectJoinsTheOpenAppeal) {
    const auto first = Take("utf8_qp_emoji.eml", project_, 1);
    const auto reply = Take("reply_same_subject.eml", project_, 2);  // "Ответ: RE:  Ошибка…"
    EXPECT_EQ(reply.uin, first.uin);
    EXPECT_EQ(reply.outcome, "commented");
    auto comments = *store_.Appeals().Comments(store_.Appeals().FindByUin(first.uin)->id);
    ASSERT_EQ(comments.size(), 1U);
    EXPECT_NE(comments[0].text.find("Ошибка повторяется"), std::string::npos);
    // KOI8-R, "Отв: Fwd:" and another letter case.
    const auto koi = Take("koi8r_declared.eml", project_, 3);
    EXPECT_EQ(Take("reply_same_subject_koi8.eml", project_, 4).uin, koi.uin);
    EXPECT_EQ(store_.Appeals().List({}, {})->items.size(), 2U);
}

TEST_F(IntakeTest, ASameSubjectReplyResumesAPendingAppealAndDisputesAResolvedOne) {
    const auto first = Take("utf8_qp_emoji.eml", project_, 1);
    SetStatus(first.uin, core::Status::kPending);
    EXPECT_EQ(Take("reply_same_subject.eml", project_, 2).outcome, "provide_info");  // LC-2
    EXPECT_EQ(store_.Appeals().FindByUin(first.uin)->status, core::Status::kAssigned);
    SetStatus(first.uin, core::Status::kResolved);
    auto raw = Fixture("reply_same_subject.eml");
    raw = raw.substr(0, raw.find("\r\n\r\n") + 4);
    raw.replace(raw.find("reply-3@"), 8, "reply-4@");
    raw.replace(raw.find("base64"), 6, "8bit");
    raw += "Не согласен с решением, ошибка осталась.\r\n";
    auto disputed = intake_.Process(project_, RawLetter{"project", 7, 3, raw});  // LC-5
    ASSERT_TRUE(disputed) << disputed.error().message;
    EXPECT_EQ(disputed->outcome, "dispute");
    EXPECT_EQ(disputed->uin, first.uin);
    EXPECT_EQ(store_.Appeals().FindByUin(first.uin)->status, core::Status::kInProgress);
}

TEST_F(IntakeTest, ASameSubjectLetterToAClosedAppealOpensANewOne) {
    const auto first = Take("utf8_qp_emoji.eml", project_, 1);
    SetStatus(first.uin, core::Status::kClosed);
    const auto later = Take("reply_same_subject.eml", project_, 2);
    EXPECT_EQ(later.outcome, "registered");
    EXPECT_NE(later.uin, first.uin);
}

TEST_F(IntakeTest, ASameSubjectLetterFromAnotherAddressOpensANewAppeal) {
    const auto first = Take("utf8_qp_emoji.eml", project_, 1);
    auto raw = Fixture("reply_same_subject.eml");
    raw.replace(raw.find("Ivan.Petrov@"), 12, "ivan.other@");
    auto other = intake_.Process(project_, RawLetter{"project", 7, 2, raw});
    ASSERT_TRUE(other);
    EXPECT_EQ(other->outcome, "registered");
    EXPECT_NE(other->uin, first.uin);
}

TEST_F(IntakeTest, ASameSubjectLetterAfterTheWindowOpensANewAppeal) {
    const auto first = Take("utf8_qp_emoji.eml", project_, 1);
    clock_.Advance(std::chrono::hours(24 * 30 + 1));
    const auto later = Take("reply_same_subject.eml", project_, 2);
    EXPECT_EQ(later.outcome, "registered");
    EXPECT_NE(later.uin, first.uin);
}

TEST_F(IntakeTest, ASameSubjectLetterToAnotherMailboxOpensANewAppeal) {
    const auto first = Take("utf8_qp_emoji.eml", project_, 1);
    auto second_box = project_;
    second_box.name = "project-2";  // the same regulation and channel, another address
    const auto other = Take("reply_same_subject.eml", second_box, 1);
    EXPECT_EQ(other.outcome, "registered");
    EXPECT_NE(other.uin, first.uin);
}

/// Throws for one subject: a letter that breaks processing.
class BreakingScreen final : public LetterScreen {
public:
    std::vector<core::FieldError> Screen(const core::AppealDraft& draft,
                                         const ParsedLetter&) const override {
        if (draft.subject == "Вопрос о сертификате") throw std::runtime_error("boom");
        return {};
    }
};

TEST_F(IntakeTest, ABatchIsProcessedAtOnceWithRepliesAfterTheLettersTheyAnswer) {
    BreakingScreen screen;
    LetterIntake intake(service_, store_.Appeals(), store_.Mail(), Options(), &screen);
    std::vector<RawLetter> batch;
    for (const char* file :
         {"utf8_qp_emoji.eml", "reply_quoted.eml", "reply_same_subject.eml", "cp1251_declared.eml",
          "koi8r_declared.eml", "reply_same_subject_koi8.eml", "html_only.eml",
          "auto_reply_rfc3834.eml", "utf8_qp_emoji.eml"}) {
        batch.push_back({"project", 7, static_cast<std::int64_t>(batch.size() + 1), Fixture(file)});
    }
    const auto results = intake.ProcessBatch(project_, batch);
    ASSERT_EQ(results.size(), batch.size());
    for (std::size_t i : {0U, 1U, 2U, 4U, 5U, 6U, 7U, 8U}) {
        ASSERT_TRUE(results[i]) << i << ": " << results[i].error().message;
    }
    EXPECT_EQ(results[0]->outcome, "registered");
    EXPECT_EQ(results[1]->uin, results[0]->uin);  // References the first letter
    EXPECT_EQ(results[2]->uin, results[0]->uin);  // the same sender and subject
    EXPECT_EQ(results[2]->outcome, "commented");
    // The broken letter is reported and the rest goes on.
    ASSERT_FALSE(results[3]);
    EXPECT_NE(results[3].error().message.find("boom"), std::string::npos);
    EXPECT_FALSE(MustRetryLater(results[3].error()));
    EXPECT_EQ(results[4]->outcome, "registered");
    EXPECT_EQ(results[5]->uin, results[4]->uin);
    EXPECT_EQ(results[6]->outcome, "registered");
    EXPECT_EQ(results[7]->outcome, "ignored_auto");
    EXPECT_EQ(results[8]->outcome, "duplicate");  // the same Message-ID again
    EXPECT_EQ(results[8]->uin, results[0]->uin);
    EXPECT_EQ(store_.Appeals().List({}, {})->items.size(), 3U);
    EXPECT_EQ(store_.Appeals().Comments(store_.Appeals().FindByUin(results[0]->uin)->id)->size(),
              2U);
}

TEST(LetterIntakeHelpers, ThreadSubjectStripsReplyAndForwardPrefixes) {
    EXPECT_EQ(ThreadSubject("Re: Ошибка записи"), "ошибка записи");
    EXPECT_EQ(ThreadSubject("Ответ: RE:  Ошибка   записи 😢 "), "ошибка записи 😢");
    EXPECT_EQ(ThreadSubject("Отв: Fwd: FW: Re[2]: AW: Вопрос"), "вопрос");
    EXPECT_EQ(ThreadSubject("RE : Пересл: ВОПРОС"), "вопрос");
    EXPECT_EQ(ThreadSubject("Report: итоги"), "report: итоги");
    EXPECT_EQ(ThreadSubject("Ответственный: кто?"), "ответственный: кто?");
    EXPECT_EQ(ThreadSubject("Re: "), "");
}

TEST(LetterIntakeHelpers, FindsUinsAndSplitsNames) {
    EXPECT_EQ(FindUinInSubject("Re: [ББ-2026-000123] Решение"), "ББ-2026-000123");
    EXPECT_EQ(FindUinInSubject("Fwd: ГЛ-2025-7 вопрос"), "ГЛ-2025-7");
    EXPECT_EQ(FindUinInSubject("2026-01-12 отчёт"), "");
    EXPECT_EQ(AppealIdFromMessageId("otklik.15.42@otklik.local"), 42);
    EXPECT_EQ(AppealIdFromMessageId("other@example.ru"), 0);
    core::Applicant a;
    SplitName("Сидоров Алексей", a);
    EXPECT_EQ(a.last_name, "Сидоров");
    EXPECT_EQ(a.first_name, "Алексей");
    core::Applicant b;
    SplitName("Мария Иванова", b);
    EXPECT_EQ(b.first_name, "Мария");
    EXPECT_EQ(b.last_name, "Иванова");
}

}  // namespace
}  // namespace otklik::channels::email

// The poller over a folder in memory: batches, the high-water mark when the store fails in the
// middle of a batch, flags, and threads kept in order (CH-7, LC-2).
#include "channels/email/mail_poller.hpp"

#include <fstream>
#include <map>
#include <set>

#include "support.hpp"
#include "test_workflow.hpp"
#include <gtest/gtest.h>

#include "channels/email/imap_client.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace otklik::channels::email {
namespace {

using testing::Fixture;

/// A folder in memory, as an IMAP server would show it.
class MemoryFolder final : public MailSource {
public:
    core::Result<FolderStatus> Status() override {
        if (down)
            return tl::unexpected(core::Error{core::ErrorKind::kUnavailable, "imap", "down", {}});
        return FolderStatus{uidvalidity, letters.empty() ? 1 : letters.rbegin()->first + 1};
    }
    core::Result<std::vector<std::int64_t>> UidsAfter(std::int64_t after) override {
        std::vector<std::int64_t> uids;
        for (auto it = letters.upper_bound(after); it != letters.end(); ++it) {
            uids.push_back(it->first);
        }
        return uids;
    }
    core::Result<std::string> Fetch(std::int64_t uid) override {
        ++fetches;
        return letters.at(uid);
    }
    core::Result<bool> MarkProcessed(const std::vector<std::int64_t>& uids) override {
        flagged.insert(uids.begin(), uids.end());
        return true;
    }
    void Reset() override {}

    std::int64_t Deliver(std::string bytes) {
        const auto uid = letters.empty() ? 1 : letters.rbegin()->first + 1;
        letters[uid] = std::move(bytes);
        return uid;
    }

    std::map<std::int64_t, std::string> letters;
    std::set<std::int64_t> flagged;
    std::int64_t uidvalidity = 7;
    int fetches = 0;
    bool down = false;
};

/// The store, except that recording the letters named in `down_for` fails as if the database
/// had gone away after the appeal was registered.
class FlakyMailStore final : public core::MailStore {
public:
    explicit FlakyMailStore(core::MailStore& store) : store_(store) {}

    core::Result<core::MailboxState> LoadMailbox(std::string_view mailbox) override {
        return store_.LoadMailbox(mailbox);
    }
    core::Result<core::MailboxState> SaveMailbox(const core::MailboxState& state) override {
        return store_.SaveMailbox(state);
    }
    core::Result<std::optional<core::ProcessedLetter>> FindLetter(std::string_view message_id,
                                                                  std::string_view mailbox,
                                                                  std::int64_t uidvalidity,
                                                                  std::int64_t uid) override {
        return store_.FindLetter(message_id, mailbox, uidvalidity, uid);
    }
    core::Result<bool> RecordLetter(const core::ProcessedLetter& letter,
                                    const std::vector<core::OutboxMessage>& outbox) override {
        if (down_for.contains(letter.message_id)) {
            return tl::unexpected(
                core::Error{core::ErrorKind::kUnavailable, "store", "database is locked", {}});
        }
        return store_.RecordLetter(letter, outbox);
    }
    core::Result<core::MailFailure> AddFailure(const core::MailFailure& failure) override {
        return store_.AddFailure(failure);
    }
    core::Result<std::vector<core::MailFailure>> ListFailures(bool open_only, int limit) override {
        return store_.ListFailures(open_only, limit);
    }
    core::Result<core::MailFailure> FindFailure(std::int64_t id) override {
        return store_.FindFailure(id);
    }
    core::Result<core::MailFailure> ResolveFailure(std::int64_t id, core::Instant at) override {
        return store_.ResolveFailure(id, at);
    }
    core::Result<std::vector<core::PendingOutbox>> DueOutbox(core::Instant now,
                                                             int limit) override {
        return store_.DueOutbox(now, limit);
    }
    core::Result<bool> BeginDelivery(std::int64_t id, core::Instant retry_at) override {
        return store_.BeginDelivery(id, retry_at);
    }
    core::Result<bool> MarkSent(std::int64_t id, core::Instant at) override {
        return store_.MarkSent(id, at);
    }
    core::Result<bool> MarkFailed(std::int64_t id, std::string_view error, core::Instant retry_at,
                                  bool give_up) override {
        return store_.MarkFailed(id, error, retry_at, give_up);
    }
    core::Result<std::vector<core::PendingOutbox>> DeliveryTasks(int limit) override {
        return store_.DeliveryTasks(limit);
    }
    core::Result<core::PendingOutbox> FindOutbox(std::int64_t id) override {
        return store_.FindOutbox(id);
    }
    core::Result<bool> MarkDelivered(std::int64_t id, std::string_view via, std::string_view by,
                                     core::Instant at) override {
        return store_.MarkDelivered(id, via, by, at);
    }

    std::set<std::string> down_for;

private:
    core::MailStore& store_;
};

class PollerTest : public ::testing::Test {
protected:
    PollerTest()
        : dir_(testing::TempDir("poller")),
          store_({(dir_ / "otklik.db").string(), 2}),
          flaky_(store_.Mail()),
          clock_(*core::ParseInstant("2026-01-12T07:00:00Z")),
          service_(store_.Appeals(), workflow_, clock_),
          intake_(service_, store_.Appeals(), flaky_, IntakeOptions{}) {
        mailbox_.name = "project";
        mailbox_.regulation = "bilet";
        mailbox_.channel = "project_mail";
    }
    ~PollerTest() override { std::filesystem::remove_all(dir_); }

    /// A poller over `folder_`, as after a restart: nothing kept in memory between them.
    std::unique_ptr<MailPoller> Poller(const std::string& raw_dir = "",
                                       LetterIntake* intake = nullptr) {
        struct Borrowed final : MailSource {
            explicit Borrowed(MemoryFolder& f) : folder(f) {}
            core::Result<FolderStatus> Status() override { return folder.Status(); }
            core::Result<std::vector<std::int64_t>> UidsAfter(std::int64_t after) override {
                return folder.UidsAfter(after);
            }
            core::Result<std::string> Fetch(std::int64_t uid) override { return folder.Fetch(uid); }
            core::Result<bool> MarkProcessed(const std::vector<std::int64_t>& uids) override {
                return folder.MarkProcessed(uids);
            }
            void Reset() override {}
            MemoryFolder& folder;
        };
        return std::make_unique<MailPoller>(mailbox_, intake ? *intake : intake_, flaky_, raw_dir,
                                            std::make_unique<Borrowed>(folder_));
    }

    std::size_t Appeals() {
        return store_.Appeals().List({}, {core::AppealOrder::kByCreated, 500, ""})->items.size();
    }

    std::filesystem::path dir_;
    storage::sqlite::SqliteStore store_;
    FlakyMailStore flaky_;
    core::ManualClock clock_;
    testing::ReplyWorkflow workflow_;
    core::AppealService service_;
    LetterIntake intake_;
    MailboxConfig mailbox_;
    MemoryFolder folder_;
};

TEST_F(PollerTest, TakesABacklogInBatchesAndEachLetterOnce) {
    // More letters than one batch: each a new applicant.
    const auto letter = Fixture("cp1251_declared.eml");
    const int count = static_cast<int>(MailPoller::kBatch) * 2 + 5;
    for (int i = 0; i < count; ++i) {
        auto copy = letter;
        copy.replace(copy.find("cp1251-1@"), 9, "cp1251-x" + std::to_string(i) + "@");
        copy.replace(copy.find("olga@"), 5, "olga" + std::to_string(i) + "@");
        folder_.Deliver(std::move(copy));
    }
    auto report = Poller()->PollOnce();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->fetched, count);
    EXPECT_EQ(report->processed, count);
    EXPECT_EQ(Appeals(), static_cast<std::size_t>(count));
    EXPECT_EQ(store_.Mail().LoadMailbox("project")->last_uid, count);
    EXPECT_EQ(folder_.flagged.size(), static_cast<std::size_t>(count));
    EXPECT_EQ(Poller()->PollOnce()->fetched, 0);
}

TEST_F(PollerTest, TheMarkStopsBeforeALetterTheStoreDidNotTakeAndItsThreadWaits) {
    const auto ivan = folder_.Deliver(Fixture("utf8_qp_emoji.eml"));
    const auto olga = folder_.Deliver(Fixture("cp1251_declared.eml"));
    const auto sergey = folder_.Deliver(Fixture("koi8r_declared.eml"));
    auto again = Fixture("cp1251_declared.eml");  // Olga writes again, the same subject
    again.replace(again.find("cp1251-1@"), 9, "cp1251-2@");
    const auto olga_again = folder_.Deliver(again);
    const auto dmitry = folder_.Deliver(Fixture("html_only.eml"));

    // The store fails to record Olga's first letter after registering it. A plain letter is
    // recorded in its registration's transaction; a mailbox that registers in the document
    // system writes the card and then the record, so the store can fail between them.
    IntakeOptions carded_options;
    carded_options.registration_card_channels = {{"bilet", "project_mail"}};
    LetterIntake carded(service_, store_.Appeals(), flaky_, carded_options);
    flaky_.down_for = {"cp1251-1@example.ru"};
    auto failed = Poller("", &carded)->PollOnce();
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_EQ(store_.Mail().LoadMailbox("project")->last_uid, ivan);
    // Letters of other threads went on; Olga's second letter waits for her first.
    EXPECT_EQ(folder_.flagged, (std::set<std::int64_t>{ivan, sergey, dmitry}));
    EXPECT_FALSE(store_.Mail().FindLetter("cp1251-2@example.ru", "", -1, -1).value());
    EXPECT_TRUE(store_.Mail().ListFailures(true, 10)->empty());
    EXPECT_EQ(Appeals(), 4U);

    // The store is back: the rest is taken, nothing twice, and the second letter joins.
    flaky_.down_for.clear();
    auto report = Poller("", &carded)->PollOnce();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->fetched, 4);
    EXPECT_EQ(report->processed, 4);
    EXPECT_EQ(Appeals(), 4U);
    EXPECT_EQ(store_.Mail().LoadMailbox("project")->last_uid, dmitry);
    EXPECT_EQ(folder_.flagged.size(), 5U);
    const auto first = store_.Mail().FindLetter("cp1251-1@example.ru", "", -1, -1).value();
    const auto second = store_.Mail().FindLetter("cp1251-2@example.ru", "", -1, -1).value();
    ASSERT_TRUE(first && second);
    EXPECT_EQ(second->appeal_id, first->appeal_id);
    EXPECT_EQ(second->outcome, "commented");
    EXPECT_EQ(second->uid, olga_again);
    EXPECT_EQ(first->uid, olga);
}

TEST_F(PollerTest, AnUnreachableServerSkipsNothing) {
    folder_.Deliver(Fixture("utf8_qp_emoji.eml"));
    folder_.down = true;
    EXPECT_FALSE(Poller()->PollOnce());
    EXPECT_EQ(store_.Mail().LoadMailbox("project")->last_uid, 0);
    folder_.down = false;
    EXPECT_EQ(Poller()->PollOnce()->processed, 1);
}

TEST_F(PollerTest, KeepsTheRawLettersOfABatchInOneMboxFile) {
    folder_.Deliver(Fixture("utf8_qp_emoji.eml"));
    folder_.Deliver(
        "From: a@example.ru\r\nSubject: x\r\nMessage-ID: <q@example.ru>\r\n\r\n"
        "From now on\r\n>From here\r\n");
    ASSERT_TRUE(Poller((dir_ / "raw").string())->PollOnce());
    std::ifstream in(dir_ / "raw" / "project" / "7-1-2.mbox", std::ios::binary);
    const std::string mbox((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(mbox.rfind("From uid-1@project ", 0), 0U);
    EXPECT_NE(mbox.find("\nFrom uid-2@project "), std::string::npos);
    EXPECT_NE(mbox.find("Message-ID: <utf8-qp-1@example.ru>"), std::string::npos);
    EXPECT_NE(mbox.find("\r\n>From now on\r\n>>From here\r\n"), std::string::npos);
}

TEST(ImapAnswers, ATaggedEndIsFoundPastLiteralsThatLookLikeIt) {
    const std::string letter = "Subject: x\r\n\r\nX7 OK not the end\r\n{3}\r\n";
    const std::string answer = "* 1 FETCH (UID 5 BODY[] {" + std::to_string(letter.size()) +
                               "}\r\n" + letter + ")\r\nX7 OK Fetch completed.\r\n";
    EXPECT_EQ(FindTaggedEnd(answer, "X7"), answer.size());
    EXPECT_EQ(FindTaggedEnd(answer.substr(0, answer.size() - 5), "X7"), std::string::npos);
    EXPECT_EQ(FindTaggedEnd(answer.substr(0, 40), "X7"), std::string::npos);  // inside the literal
}

TEST(ImapAnswers, FetchedLettersAreFoundByTheirUidWhereverItIsNamed) {
    const std::string first = "From: a@example.ru\r\n\r\nText with UID 99 and {5}\r\n";
    const std::string second = "From: b@example.ru\r\n\r\nSecond\r\n";
    const std::string answer = "* 1 FETCH (UID 7 BODY[] {" + std::to_string(first.size()) +
                               "}\r\n" + first +
                               ")\r\n* 2 FETCH (FLAGS (\\Seen) UID 8)\r\n* 3 FETCH (BODY[] {" +
                               std::to_string(second.size()) + "}\r\n" + second + " UID 9)\r\n";
    const auto letters = ParseFetch(answer);
    ASSERT_EQ(letters.size(), 2U);
    EXPECT_EQ(letters.at(7), first);
    EXPECT_EQ(letters.at(9), second);
}

TEST(UidSet, RunsBecomeRanges) {
    EXPECT_EQ(UidSet({1, 2, 3, 5, 7, 8}), "1:3,5,7:8");
    EXPECT_EQ(UidSet({4}), "4");
    EXPECT_EQ(UidSet({}), "");
}

}  // namespace
}  // namespace otklik::channels::email

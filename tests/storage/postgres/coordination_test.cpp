// How nodes on one PostgreSQL database coordinate beyond rows (issue 14): leadership by
// advisory lock, lost with the session that held it; the bus over LISTEN/NOTIFY, which never
// echoes a node's own messages and carries the knowledge base's triggers. Two PgStore objects on
// one database stand for two nodes.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/postgres_server.hpp"
#include <gtest/gtest.h>

#include "storage/postgres/migrations.hpp"
#include "storage/postgres/pg_store.hpp"

namespace otklik::storage::postgres {
namespace {

using namespace std::chrono_literals;

// What a subscriber heard, waited for with a deadline.
class Heard {
public:
    void Add(const std::vector<std::string>& messages) {
        const std::lock_guard lock(mutex_);
        messages_.insert(messages_.end(), messages.begin(), messages.end());
        changed_.notify_all();
    }
    void Connected() {
        const std::lock_guard lock(mutex_);
        ++connected_;
        changed_.notify_all();
    }
    // The messages once there are at least `count`, or what there is after 20 s.
    std::vector<std::string> AtLeast(std::size_t count) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, 20s, [&] { return messages_.size() >= count; });
        return messages_;
    }
    bool WaitConnected() {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, 20s, [&] { return connected_ > 0; });
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> messages_;
    int connected_ = 0;
};

class Coordination : public ::testing::Test {
protected:
    void SetUp() override {
        const char* bindir = std::getenv("OTKLIK_PG_BINDIR");
        if (!std::getenv("OTKLIK_TEST_PG_URL") &&
            !std::filesystem::exists(std::string(bindir ? bindir : "/usr/lib/postgresql/15/bin") +
                                     "/initdb")) {
            GTEST_SKIP() << "PostgreSQL 15 is not installed";
        }
        url_ = otklik::testing::SharedPostgresServer().FreshDatabase("otklik_coordination");
        MigrateDatabase(url_);
        a_ = std::make_unique<PgStore>(DatabaseOptions{url_, 2, 64});
        b_ = std::make_unique<PgStore>(DatabaseOptions{url_, 2, 64});
    }
    void TearDown() override {
        a_.reset();
        b_.reset();
        if (!url_.empty()) otklik::testing::SharedPostgresServer().DropDatabase(url_);
    }

    std::string url_;
    std::unique_ptr<PgStore> a_;
    std::unique_ptr<PgStore> b_;
};

TEST_F(Coordination, OneNodeLeadsARoleUntilItResigns) {
    EXPECT_TRUE(a_->Leadership().Lead("mailbox:portal"));
    EXPECT_TRUE(a_->Leadership().Lead("mailbox:portal"));  // still, asked again
    EXPECT_FALSE(b_->Leadership().Lead("mailbox:portal"));
    EXPECT_TRUE(b_->Leadership().Lead("mailbox:other"));  // roles are independent
    a_->Leadership().Resign("mailbox:portal");
    EXPECT_TRUE(b_->Leadership().Lead("mailbox:portal"));
    EXPECT_FALSE(a_->Leadership().Lead("mailbox:portal"));
}

TEST_F(Coordination, ANodeWhoseSessionEndedLosesItsRolesToTheNext) {
    ASSERT_TRUE(a_->Leadership().Lead("mailbox:portal"));
    // As when node A is killed or cut off: the server ends its session, and its locks with it.
    const auto ended = otklik::testing::Psql(
        url_,
        "SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN pg_stat_activity s "
        "USING (pid) WHERE l.locktype = 'advisory' AND s.application_name = '" +
            ApplicationName(a_->database().node()) + "'");
    ASSERT_EQ(ended, "1");
    EXPECT_TRUE(b_->Leadership().Lead("mailbox:portal"));
    EXPECT_FALSE(a_->Leadership().Lead("mailbox:portal"));  // A finds out and stands by
    b_.reset();                                             // B's process ends
    EXPECT_TRUE(a_->Leadership().Lead("mailbox:portal"));
}

TEST_F(Coordination, BusCarriesMessagesToTheOtherNodesOnly) {
    Heard on_a;
    Heard on_b;
    a_->Bus().Subscribe(
        "events", [&](const auto& messages) { on_a.Add(messages); }, [&] { on_a.Connected(); });
    b_->Bus().Subscribe(
        "events", [&](const auto& messages) { on_b.Add(messages); }, [&] { on_b.Connected(); });
    a_->Bus().Start();
    b_->Bus().Start();
    ASSERT_TRUE(on_a.WaitConnected());
    ASSERT_TRUE(on_b.WaitConnected());
    EXPECT_TRUE(a_->Bus().Listening());

    // Equal messages are two messages; quotes and backslashes travel as they are.
    ASSERT_TRUE(a_->Bus().Publish("events", R"({"uin":"ГЛ-2026-000001","note":"a \"b\" \\"})"));
    ASSERT_TRUE(a_->Bus().Publish("events", "same"));
    ASSERT_TRUE(a_->Bus().Publish("events", "same"));
    ASSERT_TRUE(b_->Bus().Publish("events", "from b"));
    const auto heard_b = on_b.AtLeast(3);
    EXPECT_EQ(heard_b, (std::vector<std::string>{R"({"uin":"ГЛ-2026-000001","note":"a \"b\" \\"})",
                                                 "same", "same"}));
    EXPECT_EQ(on_a.AtLeast(1), std::vector<std::string>{"from b"});

    EXPECT_FALSE(a_->Bus().Publish("events", std::string(NodeBus::kMaxMessage + 1, 'x')));
    EXPECT_FALSE(a_->Bus().Publish("Events; DROP", "x"));
}

TEST_F(Coordination, KnowledgeBaseChangesOfAnyNodeAreAnnounced) {
    Heard on_b;
    b_->Bus().Subscribe(
        "kb", [&](const auto& messages) { on_b.Add(messages); }, [&] { on_b.Connected(); });
    b_->Bus().Start();
    ASSERT_TRUE(on_b.WaitConnected());

    ASSERT_TRUE(a_->Knowledge().SaveBase({"bilet", "Билет", "", "bilet", ""}));
    core::KbArticle article;
    article.key = "bilet-badge";
    article.base = "bilet";
    article.question = "Как получить значок";
    article.answer = "На площадке.";
    const auto saved = a_->Knowledge().SaveArticle(article, "editor");
    ASSERT_TRUE(saved) << saved.error().message;
    ASSERT_TRUE(a_->Knowledge().DeleteArticle(saved->id, "editor"));
    const auto id = std::to_string(saved->id);
    EXPECT_EQ(on_b.AtLeast(3),
              (std::vector<std::string>{"reload", "article:" + id, "article:" + id}));

    // B's own change is not announced back to B: what B hears next is A's, in commit order.
    ASSERT_TRUE(b_->Knowledge().SetSynonyms("bilet", {{"bilet", {"значок", "бейдж"}}}));
    ASSERT_TRUE(a_->Knowledge().SetSynonyms("bilet", {}));
    article.key = "bilet-marker";
    const auto marker = a_->Knowledge().SaveArticle(article, "editor");
    ASSERT_TRUE(marker);
    EXPECT_EQ(on_b.AtLeast(5),
              (std::vector<std::string>{"reload", "article:" + id, "article:" + id, "reload",
                                        "article:" + std::to_string(marker->id)}));
}

}  // namespace
}  // namespace otklik::storage::postgres

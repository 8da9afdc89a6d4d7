#pragma once

#include "storage/single_node.hpp"
#include "storage/sqlite/appeal_search_feed.hpp"
#include "storage/sqlite/appeal_store.hpp"
#include "storage/sqlite/audit_store.hpp"
#include "storage/sqlite/call_store.hpp"
#include "storage/sqlite/contact_store.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/kb_store.hpp"
#include "storage/sqlite/mail_store.hpp"
#include "storage/sqlite/report_store.hpp"
#include "storage/sqlite/user_store.hpp"
#include "storage/store.hpp"

namespace otklik::storage::sqlite {

/// The embedded store (PL-1): one SQLite file (Database) and a repository per core interface
/// over it. Opened through storage::OpenStore by the app; tests and tools of the embedded store
/// may build it directly.
class SqliteStore final : public Store {
public:
    explicit SqliteStore(const DatabaseOptions& options) : db_(options) {}

    core::AppealRepository& Appeals() override { return appeals_; }
    core::UserRepository& Users() override { return users_; }
    core::AuditRepository& Audit() override { return audit_; }
    core::MailStore& Mail() override { return mail_; }
    core::CallRepository& Calls() override { return calls_; }
    core::ReportRepository& Reports() override { return reports_; }
    core::ContactProofRepository& ContactProofs() override { return contact_proofs_; }
    core::KbRepository& Knowledge() override { return knowledge_; }
    core::AppealSearch* NativeSearch() override { return nullptr; }
    core::AppealSearchFeed& SearchFeed() override { return search_feed_; }
    core::Leadership& Leadership() override { return leadership_; }
    NodeBus& Bus() override { return bus_; }

    std::int64_t BulkRegister(std::vector<core::NewAppeal>& requests) override {
        return appeals_.BulkRegister(requests);
    }
    std::int64_t BulkLoad(const std::function<bool(std::vector<core::NewAppeal>&)>& next) override {
        return appeals_.BulkLoad(next);
    }
    bool Ping() override { return db_.Ping(); }
    WriteCounters Counters() const override { return {db_.commits(), db_.units(), db_.pages()}; }

    Database& database() { return db_; }

private:
    Database db_;  // first: the repositories below refer to it and go before it
    AppealStore appeals_{db_};
    UserStore users_{db_};
    AuditStore audit_{db_};
    MailStore mail_{db_};
    CallStore calls_{db_};
    ReportStore reports_{db_};
    ContactStore contact_proofs_{db_};
    KbStore knowledge_{db_};
    AppealSearchFeed search_feed_{db_};
    // One file, one node.
    SoleLeadership leadership_;
    NoOtherNodes bus_;
};

}  // namespace otklik::storage::sqlite

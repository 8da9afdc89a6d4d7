#pragma once

#include <memory>
#include <string>

#include "storage/postgres/appeal_repository.hpp"
#include "storage/postgres/appeal_search.hpp"
#include "storage/postgres/database.hpp"
#include "storage/postgres/leadership.hpp"
#include "storage/postgres/node_bus.hpp"
#include "storage/postgres/repositories.hpp"
#include "storage/store.hpp"

namespace otklik::storage::postgres {

/// One node's PostgreSQL store (issue 14): the connection pool and group-commit writer, and a
/// repository per core interface over it. Several nodes may open the same database. Opening it
/// does not change the schema (storage::OpenStore migrates first, `otklik migrate` alone does
/// too); a database behind the program's schema is refused.
class PgStore final : public Store {
public:
    explicit PgStore(const DatabaseOptions& options);

    core::AppealRepository& Appeals() override { return appeals_; }
    core::UserRepository& Users() override { return users_; }
    core::AuditRepository& Audit() override { return audit_; }
    core::MailStore& Mail() override { return mail_; }
    core::CallRepository& Calls() override { return calls_; }
    core::ReportRepository& Reports() override { return reports_; }
    core::ContactProofRepository& ContactProofs() override { return contact_proofs_; }
    core::KbRepository& Knowledge() override { return knowledge_; }
    core::AppealSearch* NativeSearch() override { return &search_; }
    core::AppealSearchFeed& SearchFeed() override { return search_feed_; }
    core::Leadership& Leadership() override { return leadership_; }
    NodeBus& Bus() override { return bus_; }

    std::int64_t BulkRegister(std::vector<core::NewAppeal>& requests) override {
        return appeals_.BulkRegister(requests);
    }
    bool Ping() override { return db_.Ping(); }
    WriteCounters Counters() const override { return {db_.commits(), db_.units()}; }

    Database& database() { return db_; }
    /// The outbox with its PostgreSQL-only extras (OutboxSize).
    PgMailStore& mail() { return mail_; }

private:
    Database db_;  // first: the repositories below refer to it and go before it
    PgAppealRepository appeals_{db_};
    PgUserRepository users_{db_};
    PgAuditRepository audit_{db_};
    PgMailStore mail_{db_};
    PgCallRepository calls_{db_};
    PgReportRepository reports_{db_};
    PgContactProofRepository contact_proofs_{db_};
    PgKbRepository knowledge_{db_};
    PgAppealSearch search_{db_};
    PgAppealSearchFeed search_feed_{db_};
    // Connections of their own, opened only by a node that uses them (`serve`).
    PgLeadership leadership_{db_.url()};
    PgNodeBus bus_{db_.url(), ApplicationName(db_.node())};
};

/// Brings the database at `url` to the current schema; returns the migrations applied.
int MigrateDatabase(const std::string& url);

}  // namespace otklik::storage::postgres

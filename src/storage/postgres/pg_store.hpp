#pragma once

#include <memory>
#include <string>

#include "storage/postgres/appeal_repository.hpp"
#include "storage/postgres/database.hpp"
#include "storage/postgres/repositories.hpp"

namespace otklik::storage::postgres {

/// One node's PostgreSQL store: the connection pool and writer, and a repository per core
/// interface over it. Opening it does not change the schema: `otklik migrate --store URL` does
/// (MigrateDatabase); a database behind the program's schema is refused.
class PgStore {
public:
    explicit PgStore(const DatabaseOptions& options);

    Database& database() { return db_; }
    PgAppealRepository& appeals() { return appeals_; }
    PgUserRepository& users() { return users_; }
    PgAuditRepository& audit() { return audit_; }
    PgMailStore& mail() { return mail_; }
    PgCallRepository& calls() { return calls_; }
    PgReportRepository& reports() { return reports_; }
    PgContactProofRepository& contact_proofs() { return contact_proofs_; }

private:
    Database db_;
    PgAppealRepository appeals_{db_};
    PgUserRepository users_{db_};
    PgAuditRepository audit_{db_};
    PgMailStore mail_{db_};
    PgCallRepository calls_{db_};
    PgReportRepository reports_{db_};
    PgContactProofRepository contact_proofs_{db_};
};

/// Brings the database at `url` to the current schema; returns the migrations applied.
int MigrateDatabase(const std::string& url);

/// True for a store address this implementation serves (postgresql:// or postgres://).
bool IsPostgresUrl(const std::string& store);

}  // namespace otklik::storage::postgres

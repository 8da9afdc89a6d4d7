// The log of personal-data reads by staff in the embedded store (core::AuditRepository, SEC-3).
#include "storage/sqlite/audit_store.hpp"

namespace otklik::storage::sqlite {

using core::Result;

Result<core::PersonalDataAccess> AuditStore::LogAccess(const core::PersonalDataAccess& access) {
    return db_.Write<core::PersonalDataAccess>(
        [&](Connection& c) -> Result<core::PersonalDataAccess> {
            c.Prepare(
                 "INSERT INTO pd_access_log (at, login, appeal_uin, fields, purpose) "
                 "VALUES (?, ?, ?, ?, ?)")
                .Bind(1, core::ToUnixMillis(access.at))
                .Bind(2, access.login)
                .Bind(3, access.appeal_uin)
                .Bind(4, access.fields)
                .Bind(5, access.purpose)
                .Run();
            core::PersonalDataAccess saved = access;
            saved.id = c.LastInsertId();
            return saved;
        });
}

Result<std::vector<core::PersonalDataAccess>> AuditStore::Accesses(std::string_view appeal_uin,
                                                                   int limit) {
    auto c = db_.Read();
    auto& query = c->Prepare(
        "SELECT id, at, login, appeal_uin, fields, purpose FROM pd_access_log "
        "WHERE (?1 = '' OR appeal_uin = ?1) ORDER BY id DESC LIMIT ?2");
    query.Bind(1, appeal_uin).Bind(2, std::int64_t{limit});
    std::vector<core::PersonalDataAccess> accesses;
    while (query.Step()) {
        accesses.push_back({query.Int(0), core::FromUnixMillis(query.Int(1)), query.Text(2),
                            query.Text(3), query.Text(4), query.Text(5)});
    }
    query.Reset();
    return accesses;
}

}  // namespace otklik::storage::sqlite

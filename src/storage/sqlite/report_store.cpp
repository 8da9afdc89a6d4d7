// The facts reports are built from (core::ReportRepository, RP-1), read with one query over the
// appeals registered in the period (the created_at index) and two look-ups per appeal in its
// history (the history_by_appeal index); the appeal documents are not decoded.
#include "storage/sqlite/report_store.hpp"

namespace otklik::storage::sqlite {

using core::Result;

Result<std::int64_t> ReportStore::ScanFacts(
    const core::ReportScope& scope, const std::function<void(const core::AppealFacts&)>& visit) {
    auto c = db_.Read();
    // First response: the first step after registration a person took (timers are the system's).
    // Escalations: SLA escalations and transfers to another line or region.
    auto& q = c->Prepare(
        "SELECT a.regulation, a.grp, a.region, a.category, a.channel, a.created_at, a.closed_at, "
        "a.is_open, "
        "EXISTS (SELECT 1 FROM json_each(a.doc, '$.attributes') WHERE key LIKE 'breached.%'), "
        "(SELECT MIN(h.at) FROM history h WHERE h.appeal_id = a.id AND h.actor <> 'system' "
        "AND h.action NOT IN ('register', 'timer')), "
        "(SELECT COUNT(*) FROM history h WHERE h.appeal_id = a.id "
        "AND h.action IN ('escalate', 'forward', 'forward_regional')) "
        "FROM appeals a WHERE a.created_at >= ? AND a.created_at < ? "
        "AND (? = '' OR a.regulation = ?)");
    q.Bind(1, core::ToUnixMillis(scope.from))
        .Bind(2, core::ToUnixMillis(scope.to))
        .Bind(3, scope.regulation)
        .Bind(4, scope.regulation);
    std::int64_t count = 0;
    core::AppealFacts facts;
    while (q.Step()) {
        facts.regulation = q.Text(0);
        facts.group = q.Text(1);
        facts.region = q.Text(2);
        facts.category = q.Text(3);
        facts.channel = q.Text(4);
        facts.created_at = core::FromUnixMillis(q.Int(5));
        facts.closed_at.reset();
        if (!q.IsNull(6)) facts.closed_at = core::FromUnixMillis(q.Int(6));
        facts.open = q.Int(7) != 0;
        facts.breached = q.Int(8) != 0;
        facts.first_response.reset();
        if (!q.IsNull(9)) facts.first_response = core::FromUnixMillis(q.Int(9));
        facts.escalations = static_cast<int>(q.Int(10));
        visit(facts);
        ++count;
    }
    q.Reset();
    return count;
}

}  // namespace otklik::storage::sqlite

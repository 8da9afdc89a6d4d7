// Phone calls (CH-2), contact proofs (SEC-5) and report facts (RP-1) in PostgreSQL.
#include "storage/postgres/repositories.hpp"
#include "storage/postgres/rows.hpp"

namespace otklik::storage::postgres {

using core::Error;
using core::Fail;
using core::Result;

Result<core::Call> PgCallRepository::ReserveCall(const core::UinSlot& slot, core::Call call) {
    return db_.Submit<core::Call>([&](Connection& c) -> Result<core::Call> {
        call.uin = NextUin(c, slot.prefix, slot.year);
        c.Query(
            "INSERT INTO calls (uin, regulation, channel, operator, started_at) "
            "VALUES ($1, $2, $3, $4, $5)",
            Params()
                .Add(call.uin)
                .Add(call.regulation)
                .Add(call.channel)
                .Add(call.operator_login)
                .Add(core::ToUnixMillis(call.started_at)));
        return call;
    });
}

Result<core::Call> PgCallRepository::FindCall(std::string_view uin) {
    auto c = db_.Borrow();
    return LoadCall(*c, uin);
}

Result<core::Call> PgCallRepository::EndCall(std::string_view uin, const std::string& outcome,
                                             const std::string& note, core::Instant at) {
    return db_.Submit<core::Call>([&](Connection& c) -> Result<core::Call> {
        auto call = LoadCall(c, uin, /*for_update=*/true);
        if (!call) return call;
        if (!call->outcome.empty()) {
            return Fail(Error::Conflict("call_ended", "Звонок " + call->uin + " уже завершён: " +
                                                          CallOutcomeName(call->outcome)));
        }
        c.Query("UPDATE calls SET outcome = $1, note = $2, ended_at = $3 WHERE uin = $4",
                Params().Add(outcome).Add(note).Add(core::ToUnixMillis(at)).Add(call->uin));
        // The form held the caller's personal data: it goes with the call (issue 16 point 6).
        c.Query("DELETE FROM call_drafts WHERE uin = $1", Params().Add(call->uin));
        call->outcome = outcome;
        call->note = note;
        call->ended_at = at;
        return call;
    });
}

Result<std::vector<core::Call>> PgCallRepository::OpenCalls(const std::string& operator_login) {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT uin FROM calls WHERE operator = $1 AND outcome = '' ORDER BY started_at LIMIT 100",
        Params().Add(operator_login));
    std::vector<core::Call> calls;
    for (int r = 0; r < rows.size(); ++r) {
        if (auto call = LoadCall(*c, rows.Text(r, 0))) calls.push_back(std::move(*call));
    }
    return calls;
}

Result<core::CallDraft> PgCallRepository::SaveCallDraft(const core::CallDraft& draft) {
    return db_.Submit<core::CallDraft>([&](Connection& c) -> Result<core::CallDraft> {
        // FOR SHARE: an EndCall in flight is waited for, and its outcome then read.
        const auto q = c.Query(
            "INSERT INTO call_drafts (uin, form, saved_at) SELECT $1, $2, $3 WHERE EXISTS "
            "(SELECT 1 FROM calls WHERE uin = $1 AND outcome IN ('', 'registered') FOR SHARE) "
            "ON CONFLICT (uin) DO UPDATE SET form = EXCLUDED.form, saved_at = EXCLUDED.saved_at "
            "RETURNING uin",
            Params().Add(draft.uin).Add(draft.form).Add(core::ToUnixMillis(draft.saved_at)));
        if (q.empty()) return Fail(core::CallEnded(draft.uin));
        return draft;
    });
}

Result<core::CallDraft> PgCallRepository::FindCallDraft(std::string_view uin) {
    auto c = db_.Borrow();
    const auto q =
        c->Query("SELECT uin, form, saved_at FROM call_drafts WHERE uin = $1", Params().Add(uin));
    if (q.empty()) return Fail(core::CallDraftNotFound(uin));
    return core::CallDraft{q.Text(0, 0), q.Text(0, 1), core::FromUnixMillis(q.Int(0, 2))};
}

Result<bool> PgCallRepository::DropCallDraft(std::string_view uin) {
    return db_.Submit<bool>([&](Connection& c) -> Result<bool> {
        const auto q =
            c.Query("DELETE FROM call_drafts WHERE uin = $1 RETURNING uin", Params().Add(uin));
        return q.size() > 0;
    });
}

Result<std::vector<core::Call>> PgCallRepository::DraftedCalls(const std::string& operator_login) {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT c.uin FROM call_drafts d JOIN calls c ON c.uin = d.uin WHERE c.operator = $1 "
        "ORDER BY d.saved_at, c.uin LIMIT 100",
        Params().Add(operator_login));
    std::vector<core::Call> calls;
    for (int r = 0; r < rows.size(); ++r) {
        if (auto call = LoadCall(*c, rows.Text(r, 0))) calls.push_back(std::move(*call));
    }
    return calls;
}

namespace {

core::ContactChallenge ReadChallenge(const Rows& q, int r) {
    core::ContactChallenge challenge;
    challenge.id = q.Int(r, 0);
    challenge.contact = q.Text(r, 1);
    challenge.code_hash = q.Text(r, 2);
    challenge.created_at = core::FromUnixMillis(q.Int(r, 3));
    challenge.expires_at = core::FromUnixMillis(q.Int(r, 4));
    challenge.attempts = static_cast<int>(q.Int(r, 5));
    if (!q.IsNull(r, 6)) challenge.used_at = core::FromUnixMillis(q.Int(r, 6));
    return challenge;
}

}  // namespace

Result<core::ContactChallenge> PgContactProofRepository::AddChallenge(
    const core::ContactChallenge& challenge, const core::OutboxMessage& letter) {
    return db_.Submit<core::ContactChallenge>([&](Connection& c) -> Result<core::ContactChallenge> {
        const auto rows = c.Query(
            "INSERT INTO contact_challenges (contact, code_hash, created_at, expires_at) "
            "VALUES ($1, $2, $3, $4) RETURNING id",
            Params()
                .Add(challenge.contact)
                .Add(challenge.code_hash)
                .Add(core::ToUnixMillis(challenge.created_at))
                .Add(core::ToUnixMillis(challenge.expires_at)));
        core::ContactChallenge stored = challenge;
        stored.id = rows.Int(0, 0);
        // A code letter belongs to no appeal; a status page link (core::StatusAccess) to one.
        InsertOutbox(c, 0, {letter});
        return stored;
    });
}

Result<std::vector<core::ContactChallenge>> PgContactProofRepository::RecentChallenges(
    std::string_view contact, core::Instant since) {
    auto c = db_.Borrow();
    const auto q = c->Query(
        "SELECT id, contact, code_hash, created_at, expires_at, attempts, used_at "
        "FROM contact_challenges WHERE contact = $1 AND created_at >= $2 "
        "ORDER BY created_at DESC, id DESC LIMIT 100",
        Params().Add(contact).Add(core::ToUnixMillis(since)));
    std::vector<core::ContactChallenge> challenges;
    for (int r = 0; r < q.size(); ++r) challenges.push_back(ReadChallenge(q, r));
    return challenges;
}

Result<core::ContactChallenge> PgContactProofRepository::UpdateChallenge(
    const core::ContactChallenge& challenge) {
    return db_.Submit<core::ContactChallenge>([&](Connection& c) -> Result<core::ContactChallenge> {
        c.Query("UPDATE contact_challenges SET attempts = $1, used_at = $2 WHERE id = $3",
                Params()
                    .Add(challenge.attempts)
                    .AddOptional(challenge.used_at
                                     ? std::optional(core::ToUnixMillis(*challenge.used_at))
                                     : std::nullopt)
                    .Add(challenge.id));
        return challenge;
    });
}

Result<core::ContactProofRecord> PgContactProofRepository::AddProof(
    const core::ContactProofRecord& proof) {
    return db_.Submit<core::ContactProofRecord>(
        [&](Connection& c) -> Result<core::ContactProofRecord> {
            const auto rows = c.Query(
                "INSERT INTO contact_proofs (token_hash, contact, created_at, expires_at) "
                "VALUES ($1, $2, $3, $4) ON CONFLICT (token_hash) DO NOTHING RETURNING 1",
                Params()
                    .Add(proof.token_hash)
                    .Add(proof.contact)
                    .Add(core::ToUnixMillis(proof.created_at))
                    .Add(core::ToUnixMillis(proof.expires_at)));
            if (rows.empty()) {
                return Fail(core::Error::Conflict("proof_exists", "Подтверждение уже записано"));
            }
            return proof;
        });
}

Result<core::ContactProofRecord> PgContactProofRepository::FindProof(std::string_view token_hash) {
    auto c = db_.Borrow();
    const auto q = c->Query(
        "SELECT token_hash, contact, created_at, expires_at FROM contact_proofs "
        "WHERE token_hash = $1",
        Params().Add(token_hash));
    if (q.empty()) {
        return Fail(Error{core::ErrorKind::kUnauthorized,
                          "contact_unverified",
                          "Подтверждение адреса не найдено",
                          {}});
    }
    return core::ContactProofRecord{q.Text(0, 0), q.Text(0, 1), core::FromUnixMillis(q.Int(0, 2)),
                                    core::FromUnixMillis(q.Int(0, 3))};
}

Result<std::int64_t> PgReportRepository::ScanFacts(
    const core::ReportScope& scope, const std::function<void(const core::AppealFacts&)>& visit) {
    auto c = db_.Borrow();
    // As the embedded store: first response is the first step a person took after
    // registration; escalations are SLA escalations and transfers.
    const auto q = c->Query(
        "SELECT a.regulation, a.grp, a.region, a.category, a.channel, a.created_at, a.closed_at, "
        "a.is_open, "
        "EXISTS (SELECT 1 FROM json_object_keys(CASE WHEN json_typeof(a.doc::json -> "
        "'attributes') = 'object' THEN a.doc::json -> 'attributes' ELSE '{}'::json END) k "
        "WHERE k LIKE 'breached.%'), "
        "(SELECT MIN(h.at) FROM history h WHERE h.appeal_id = a.id AND h.actor <> 'system' "
        "AND h.action NOT IN ('register', 'timer')), "
        "(SELECT COUNT(*) FROM history h WHERE h.appeal_id = a.id "
        "AND h.action IN ('escalate', 'forward', 'forward_regional')) "
        "FROM appeals a WHERE a.created_at >= $1 AND a.created_at < $2 "
        "AND ($3 = '' OR a.regulation = $3)",
        Params()
            .Add(core::ToUnixMillis(scope.from))
            .Add(core::ToUnixMillis(scope.to))
            .Add(scope.regulation));
    core::AppealFacts facts;
    for (int r = 0; r < q.size(); ++r) {
        facts.regulation = q.Text(r, 0);
        facts.group = q.Text(r, 1);
        facts.region = q.Text(r, 2);
        facts.category = q.Text(r, 3);
        facts.channel = q.Text(r, 4);
        facts.created_at = core::FromUnixMillis(q.Int(r, 5));
        facts.closed_at.reset();
        if (!q.IsNull(r, 6)) facts.closed_at = core::FromUnixMillis(q.Int(r, 6));
        facts.open = q.Bool(r, 7);
        facts.breached = q.Bool(r, 8);
        facts.first_response.reset();
        if (!q.IsNull(r, 9)) facts.first_response = core::FromUnixMillis(q.Int(r, 9));
        facts.escalations = static_cast<int>(q.Int(r, 10));
        visit(facts);
    }
    return static_cast<std::int64_t>(q.size());
}

}  // namespace otklik::storage::postgres

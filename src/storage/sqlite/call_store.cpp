// Phone calls and their reserved UINs in the embedded store (core::CallRepository, CH-2).
#include "storage/sqlite/call_store.hpp"

#include "storage/sqlite/uin_sequence.hpp"

namespace otklik::storage::sqlite {

using core::Error;
using core::Fail;
using core::Result;

namespace {

constexpr const char* kCallColumns =
    "SELECT uin, regulation, channel, operator, started_at, ended_at, outcome, note FROM calls ";

core::Call ReadCall(Statement& q) {
    core::Call call;
    call.uin = q.Text(0);
    call.regulation = q.Text(1);
    call.channel = q.Text(2);
    call.operator_login = q.Text(3);
    call.started_at = core::FromUnixMillis(q.Int(4));
    if (!q.IsNull(5)) call.ended_at = core::FromUnixMillis(q.Int(5));
    call.outcome = q.Text(6);
    call.note = q.Text(7);
    return call;
}

Result<core::Call> LoadCall(Connection& c, std::string_view uin) {
    auto& q = c.Prepare(std::string(kCallColumns) + "WHERE uin = ?");
    q.Bind(1, uin);
    if (!q.Step()) {
        q.Reset();
        return Fail(Error::NotFound("Звонок с номером «" + std::string(uin) + "» не найден"));
    }
    auto call = ReadCall(q);
    q.Reset();
    return call;
}

std::string OutcomeName(const std::string& code) {
    for (const auto& outcome : core::CallOutcomes()) {
        if (outcome.code == code) return std::string(outcome.name);
    }
    return code;
}

}  // namespace

Result<core::Call> CallStore::ReserveCall(const core::UinSlot& slot, core::Call call) {
    return db_.Write<core::Call>([&](Connection& c) -> Result<core::Call> {
        call.uin = NextUin(c, slot.prefix, slot.year);
        c.Prepare(
             "INSERT INTO calls (uin, regulation, channel, operator, started_at) "
             "VALUES (?, ?, ?, ?, ?)")
            .Bind(1, call.uin)
            .Bind(2, call.regulation)
            .Bind(3, call.channel)
            .Bind(4, call.operator_login)
            .Bind(5, core::ToUnixMillis(call.started_at))
            .Run();
        return call;
    });
}

Result<core::Call> CallStore::FindCall(std::string_view uin) {
    auto c = db_.Read();
    return LoadCall(*c, uin);
}

Result<core::Call> CallStore::EndCall(std::string_view uin, const std::string& outcome,
                                      const std::string& note, core::Instant at) {
    return db_.Write<core::Call>([&](Connection& c) -> Result<core::Call> {
        auto call = LoadCall(c, uin);
        if (!call) return call;
        if (!call->outcome.empty()) {
            return Fail(Error::Conflict("call_ended", "Звонок " + call->uin + " уже завершён: " +
                                                          OutcomeName(call->outcome)));
        }
        c.Prepare("UPDATE calls SET outcome = ?, note = ?, ended_at = ? WHERE uin = ?")
            .Bind(1, outcome)
            .Bind(2, note)
            .Bind(3, core::ToUnixMillis(at))
            .Bind(4, call->uin)
            .Run();
        // The form held the caller's personal data: it goes with the call (issue 16 point 6).
        c.Prepare("DELETE FROM call_drafts WHERE uin = ?").Bind(1, call->uin).Run();
        call->outcome = outcome;
        call->note = note;
        call->ended_at = at;
        return call;
    });
}

Result<std::vector<core::Call>> CallStore::OpenCalls(const std::string& operator_login) {
    auto c = db_.Read();
    auto& q = c->Prepare(std::string(kCallColumns) +
                         "WHERE operator = ? AND outcome = '' ORDER BY started_at LIMIT 100");
    q.Bind(1, operator_login);
    std::vector<core::Call> calls;
    while (q.Step()) calls.push_back(ReadCall(q));
    q.Reset();
    return calls;
}

Result<core::CallDraft> CallStore::SaveCallDraft(const core::CallDraft& draft) {
    return db_.Write<core::CallDraft>([&](Connection& c) -> Result<core::CallDraft> {
        c.Prepare(
             "INSERT INTO call_drafts (uin, form, saved_at) SELECT ?, ?, ? WHERE EXISTS "
             "(SELECT 1 FROM calls WHERE uin = ? AND outcome IN ('', 'registered')) "
             "ON CONFLICT (uin) DO UPDATE SET form = excluded.form, saved_at = excluded.saved_at")
            .Bind(1, draft.uin)
            .Bind(2, draft.form)
            .Bind(3, core::ToUnixMillis(draft.saved_at))
            .Bind(4, draft.uin)
            .Run();
        if (c.Changes() == 0) return Fail(core::CallEnded(draft.uin));
        return draft;
    });
}

Result<core::CallDraft> CallStore::FindCallDraft(std::string_view uin) {
    auto c = db_.Read();
    auto& q = c->Prepare("SELECT uin, form, saved_at FROM call_drafts WHERE uin = ?");
    q.Bind(1, uin);
    if (!q.Step()) {
        q.Reset();
        return Fail(core::CallDraftNotFound(uin));
    }
    core::CallDraft draft{q.Text(0), q.Text(1), core::FromUnixMillis(q.Int(2))};
    q.Reset();
    return draft;
}

Result<bool> CallStore::DropCallDraft(std::string_view uin) {
    return db_.Write<bool>([&](Connection& c) -> Result<bool> {
        c.Prepare("DELETE FROM call_drafts WHERE uin = ?").Bind(1, uin).Run();
        return c.Changes() > 0;
    });
}

Result<std::vector<core::Call>> CallStore::DraftedCalls(const std::string& operator_login) {
    auto c = db_.Read();
    auto& q = c->Prepare(
        "SELECT c.uin, c.regulation, c.channel, c.operator, c.started_at, c.ended_at, c.outcome, "
        "c.note FROM call_drafts d JOIN calls c ON c.uin = d.uin WHERE c.operator = ? "
        "ORDER BY d.saved_at, c.uin LIMIT 100");
    q.Bind(1, operator_login);
    std::vector<core::Call> calls;
    while (q.Step()) calls.push_back(ReadCall(q));
    q.Reset();
    return calls;
}

Result<std::string> TakeReservedUin(Connection& c, const core::NewAppeal& request) {
    const auto refuse = [](std::string code, std::string message) {
        return Fail(Error::Validation({{"reserved_uin", std::move(code), std::move(message)}}));
    };
    auto call = LoadCall(c, request.reserved_uin);
    // Another operator's number answers as one never issued: it may be the number of an appeal
    // the caller may not see, and the answer must not tell (issue 16).
    if (!call || call->operator_login != request.entry.actor) {
        return refuse("unknown", "Номер " + request.reserved_uin + " не выдавался вашему звонку");
    }
    if (!call->outcome.empty()) {
        return refuse("call_ended",
                      "Звонок " + call->uin + " уже завершён: " + OutcomeName(call->outcome));
    }
    if (call->regulation != request.appeal.regulation ||
        call->uin.rfind(request.uin_prefix + "-", 0) != 0) {
        return refuse("other_regulation",
                      "Номер " + call->uin + " выдан по другому регламенту, чем обращение");
    }
    c.Prepare(
         "UPDATE calls SET outcome = 'registered', ended_at = ? WHERE uin = ? AND outcome = ''")
        .Bind(1, core::ToUnixMillis(request.appeal.created_at))
        .Bind(2, call->uin)
        .Run();
    return call->uin;
}

}  // namespace otklik::storage::sqlite

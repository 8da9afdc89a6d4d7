#include "core/calls.hpp"

#include <algorithm>

#include "core/uin.hpp"

namespace otklik::core {
namespace {

Result<std::string> CanonicalCallUin(std::string_view uin) {
    if (auto normalized = NormalizeUin(uin)) return *normalized;
    return Fail(Error::NotFound("Звонок с номером «" + std::string(uin) + "» не найден"));
}

bool Supervises(const Actor& actor) {
    return actor.role == Role::kSupervisor || actor.role == Role::kAdministrator;
}

}  // namespace

Error CallDraftNotFound(std::string_view uin) {
    return {ErrorKind::kNotFound,
            "draft_not_found",
            "Черновика звонка " + std::string(uin) + " на сервере нет",
            {}};
}

Error CallEnded(std::string_view uin) {
    return Error::Conflict("call_ended",
                           "Звонок " + std::string(uin) + " уже завершён: черновик не сохраняется");
}

const std::vector<CallOutcome>& CallOutcomes() {
    static const std::vector<CallOutcome> kOutcomes = {
        {"registered", "Зарегистрировано обращение"},
        {"dropped", "Звонок прервался до регистрации"},
        {"no_appeal", "Обращения нет (ошибочный или пустой звонок)"},
    };
    return kOutcomes;
}

Result<Call> CallService::Take(const std::string& regulation, const std::string& channel,
                               const Actor& actor) {
    if (!RoleAllows(actor.role, Permission::kRegisterAppeals)) {
        return Fail(Error::Forbidden("Ваша роль не позволяет принимать звонки"));
    }
    const std::string on = channel.empty() ? "phone" : channel;
    const Instant now = clock_.Now();
    auto slot = workflow_.Numbering(regulation, on, now);
    if (!slot) return Fail(slot.error());
    Call call;
    call.regulation = slot->regulation;
    call.channel = on;
    call.operator_login = actor.login;
    call.started_at = now;
    return calls_.ReserveCall(*slot, std::move(call));
}

Result<Call> CallService::End(std::string_view uin, const std::string& outcome,
                              const std::string& note, const Actor& actor) {
    const auto& outcomes = CallOutcomes();
    const bool known = std::any_of(outcomes.begin(), outcomes.end(),
                                   [&](const CallOutcome& o) { return o.code == outcome; });
    if (!known || outcome == "registered") {
        return Fail(Error::Validation(
            {{"outcome", known ? "registration_only" : "unknown",
              known ? "Звонок завершается регистрацией обращения: отправьте обращение с этим "
                      "номером"
                    : "Укажите, чем закончился звонок: dropped (прервался) или no_appeal "
                      "(обращения нет)"}}));
    }
    auto call = Get(uin, actor);
    if (!call) return call;
    if (call->operator_login != actor.login && !Supervises(actor)) {
        return Fail(Error::Forbidden("Завершить звонок может принявший его оператор"));
    }
    return calls_.EndCall(call->uin, outcome, note, clock_.Now());
}

Result<Call> CallService::Get(std::string_view uin, const Actor& actor) {
    if (!RoleAllows(actor.role, Permission::kRegisterAppeals) && !Supervises(actor)) {
        return Fail(Error::Forbidden("Ваша роль не позволяет работать со звонками"));
    }
    auto canonical = CanonicalCallUin(uin);
    if (!canonical) return Fail(canonical.error());
    return calls_.FindCall(*canonical);
}

Result<std::optional<Call>> CallService::OfAppeal(const Appeal& appeal) {
    auto call = calls_.FindCall(appeal.uin);
    if (!call) {
        if (call.error().kind == ErrorKind::kNotFound) return std::optional<Call>{};
        return Fail(call.error());
    }
    return std::optional<Call>{std::move(*call)};
}

namespace {

// A draft is a form, not a document: a bound keeps a runaway client from filling the store.
constexpr std::size_t kMaxDraftBytes = 64 * 1024;

}  // namespace

Result<Call> CallService::OwnCall(std::string_view uin, const Actor& actor) {
    auto call = Get(uin, actor);
    if (!call) return call;
    // Another person's draft holds a caller's personal data: not theirs to read (SEC-3).
    if (call->operator_login != actor.login) {
        return Fail(
            Error::Forbidden("Черновик звонка доступен только принявшему звонок оператору"));
    }
    return call;
}

Result<CallDraft> CallService::SaveDraft(std::string_view uin, std::string form,
                                         const Actor& actor) {
    auto call = OwnCall(uin, actor);
    if (!call) return Fail(call.error());
    // Checked here for the common case and again by the store in its write (a call ended
    // between the two).
    if (!call->outcome.empty() && call->outcome != "registered") return Fail(CallEnded(call->uin));
    if (form.size() > kMaxDraftBytes) {
        return Fail(Error::Validation(
            {{"draft", "too_long", "Черновик звонка больше 64 КБ: сократите текст"}}));
    }
    return calls_.SaveCallDraft({call->uin, std::move(form), clock_.Now()});
}

Result<CallDraft> CallService::Draft(std::string_view uin, const Actor& actor) {
    auto call = OwnCall(uin, actor);
    if (!call) return Fail(call.error());
    return calls_.FindCallDraft(call->uin);
}

Result<bool> CallService::DropDraft(std::string_view uin, const Actor& actor) {
    auto call = OwnCall(uin, actor);
    if (!call) return Fail(call.error());
    return calls_.DropCallDraft(call->uin);
}

Result<std::vector<Call>> CallService::Drafted(const Actor& actor) {
    if (!RoleAllows(actor.role, Permission::kRegisterAppeals)) {
        return Fail(Error::Forbidden("Ваша роль не позволяет принимать звонки"));
    }
    return calls_.DraftedCalls(actor.login);
}

Result<std::vector<Call>> CallService::Open(const Actor& actor) {
    if (!RoleAllows(actor.role, Permission::kRegisterAppeals)) {
        return Fail(Error::Forbidden("Ваша роль не позволяет принимать звонки"));
    }
    return calls_.OpenCalls(actor.login);
}

}  // namespace otklik::core

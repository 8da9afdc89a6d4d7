#include "core/status_access.hpp"

#include "core/json_text.hpp"
#include "core/personal_data.hpp"
#include "core/uin.hpp"

namespace otklik::core {
namespace {

constexpr std::string_view kKeyPrefix = "status:";
// The contact of the records that mark a link as opened: never an address, never a key.
constexpr std::string_view kUsedLink = "status-link-used";
// The contact of the records that mark a session as ended by «Выйти».
constexpr std::string_view kClosedSession = "status-session-closed";

Error InvalidSession() {
    return {ErrorKind::kUnauthorized,
            "status_session_invalid",
            "Сеанс просмотра обращения истёк или не найден: откройте ссылку из письма ещё раз "
            "или запросите новую",
            {}};
}

Error OtherAppeal() {
    return {ErrorKind::kForbidden,
            "status_other_appeal",
            "Эта ссылка открывает только то обращение, для которого она отправлена",
            {}};
}

}  // namespace

StatusAccess::StatusAccess(ContactProofRepository& store, AppealRepository& appeals,
                           const Clock& clock, ContactProofCrypto crypto,
                           StatusAccessOptions options)
    : store_(store),
      appeals_(appeals),
      clock_(clock),
      crypto_(std::move(crypto)),
      options_(options) {}

std::string StatusAccess::KeyOf(const Appeal& appeal) {
    return std::string(kKeyPrefix) + appeal.uin + ":" +
           ContactProof::Canonical(appeal.applicant.email);
}

Result<bool> StatusAccess::RequestLink(std::string_view uin, std::string_view email) {
    std::vector<FieldError> errors;
    const auto number = NormalizeUin(uin);
    if (!number) {
        errors.push_back({"uin", "format", "Укажите номер обращения, например ЕП-2026-000123"});
    }
    const std::string contact = ContactProof::Canonical(email);
    if (contact.empty() || CheckEmail(contact) ||
        contact.find_first_of("\r\n") != std::string::npos) {
        errors.push_back(
            {"email", "format", "Укажите адрес электронной почты в виде name@example.ru"});
    }
    if (!errors.empty()) return Fail(Error::Validation(std::move(errors)));
    auto appeal = appeals_.FindByUin(*number);
    // SEC-5: the same answer for a number that does not exist and an address that is not its.
    if (!appeal) {
        if (appeal.error().kind == ErrorKind::kNotFound) return false;
        return Fail(appeal.error());
    }
    if (appeal->applicant.email.empty() ||
        ContactProof::Canonical(appeal->applicant.email) != contact) {
        return false;
    }
    const Instant now = clock_.Now();
    const std::string key = KeyOf(*appeal);
    auto recent = store_.RecentChallenges(key, now - std::chrono::hours(1));
    if (!recent) return Fail(recent.error());
    if (static_cast<int>(recent->size()) >= options_.links_per_hour) return false;
    ContactChallenge challenge;
    challenge.contact = key;
    challenge.created_at = now;
    challenge.expires_at = now;  // the link in the letter carries its own expiry
    OutboxMessage letter{0,
                         appeal->id,
                         "status_link",
                         "email",
                         appeal->applicant.email,
                         "{\"uin\":" + JsonString(appeal->uin) + "}",
                         now};
    auto stored = store_.AddChallenge(challenge, letter);
    if (!stored) return Fail(stored.error());
    return true;
}

Result<StatusSession> StatusAccess::OpenSession(std::string_view uin, std::string_view link_token,
                                                Instant link_expires) {
    const Error invalid{ErrorKind::kNotFound,
                        "link_invalid",
                        "Ссылка недействительна: запросите новую на странице статуса",
                        {}};
    const auto number = NormalizeUin(uin);
    if (!number || link_token.empty()) return Fail(invalid);
    auto appeal = appeals_.FindByUin(*number);
    if (!appeal) {
        if (appeal.error().kind == ErrorKind::kNotFound) return Fail(invalid);
        return Fail(appeal.error());
    }
    if (appeal->applicant.email.empty()) return Fail(invalid);
    const Instant now = clock_.Now();
    const Error used = Error::Unprocessable(
        "link_used",
        "Ссылка уже была открыта: каждая ссылка открывает страницу один раз. Запросите новую "
        "ссылку — она придёт на адрес электронной почты обращения");
    // Single use: a record under the link's own hash marks it opened; a second insert of the
    // same hash fails in the store, so two tabs racing with one link get one session.
    const std::string marker = crypto_.hash("status-link:" + std::string(link_token));
    if (store_.FindProof(marker)) return Fail(used);
    if (!store_.AddProof({marker, std::string(kUsedLink), now, link_expires})) return Fail(used);
    StatusSession session{crypto_.new_token(), appeal->uin, now + options_.session_lifetime};
    auto stored =
        store_.AddProof({crypto_.hash(session.token), KeyOf(*appeal), now, session.expires_at});
    if (!stored) return Fail(stored.error());
    return session;
}

Result<Appeal> StatusAccess::Authorize(std::string_view uin, std::string_view session_token) {
    if (session_token.empty() || session_token.size() > 200) return Fail(InvalidSession());
    auto proof = store_.FindProof(crypto_.hash(session_token));
    if (!proof || proof->expires_at <= clock_.Now() ||
        std::string_view(proof->contact).substr(0, kKeyPrefix.size()) != kKeyPrefix) {
        return Fail(InvalidSession());
    }
    if (store_.FindProof(crypto_.hash("status-closed:" + std::string(session_token)))) {
        return Fail(InvalidSession());
    }
    const auto number = NormalizeUin(uin);
    // The session's key names its appeal: another number is refused before any lookup.
    if (!number || proof->contact.rfind(std::string(kKeyPrefix) + *number + ":", 0) != 0) {
        return Fail(OtherAppeal());
    }
    auto appeal = appeals_.FindByUin(*number);
    if (!appeal) return Fail(OtherAppeal());
    if (KeyOf(*appeal) != proof->contact) return Fail(OtherAppeal());
    return appeal;
}

Result<void> StatusAccess::CloseSession(std::string_view session_token) {
    if (session_token.empty() || session_token.size() > 200) return {};
    auto proof = store_.FindProof(crypto_.hash(session_token));
    if (!proof || proof->expires_at <= clock_.Now() ||
        std::string_view(proof->contact).substr(0, kKeyPrefix.size()) != kKeyPrefix) {
        return {};
    }
    // The store keeps proofs as they were written: the end is a marker under the session's own
    // hash, kept as long as the session would have lasted; a second «Выйти» finds it there.
    const std::string marker = crypto_.hash("status-closed:" + std::string(session_token));
    if (store_.FindProof(marker)) return {};
    auto stored =
        store_.AddProof({marker, std::string(kClosedSession), clock_.Now(), proof->expires_at});
    if (!stored && !store_.FindProof(marker)) return Fail(stored.error());
    return {};
}

}  // namespace otklik::core

#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/contact_proof.hpp"
#include "core/repositories.hpp"
#include "core/result.hpp"

namespace otklik::core {

/// Limits of the status page's access; the defaults are what `/status/` uses.
struct StatusAccessOptions {
    /// How long a status session lasts after its link was opened.
    std::chrono::minutes session_lifetime{30};
    /// Letters with a link one appeal's address gets per hour from the entry form.
    int links_per_hour = 3;
};

/// What opening a status link gives: a short-lived session for one appeal.
struct StatusSession {
    std::string token;  ///< the secret; only its hash is stored
    std::string uin;
    Instant expires_at{};
};

/// The applicant's access to the status page of one appeal (SEC-5, issue 17). A link reaches
/// the appeal's e-mail address in a letter (every notice letter carries one; the entry form
/// asks for one with the UIN and the address); opening it once gives a session bound to that
/// appeal and to the address the appeal has. A link opens one appeal, once; a session opens
/// only its own appeal, and only while the appeal keeps that address. Nothing here says
/// whether an appeal exists to someone who has not opened a link of it.
///
/// Links are signed by the e-mail channel (the caller checks the signature and expiry); this
/// class keeps their single use and the sessions in the contact-proof store, under keys that
/// are never an e-mail address ("status:<UIN>:<address>"), so a status session never proves an
/// address to the chatbot and a chat proof never opens a status page. Thread-safe; no I/O.
class StatusAccess {
public:
    StatusAccess(ContactProofRepository& store, AppealRepository& appeals, const Clock& clock,
                 ContactProofCrypto crypto, StatusAccessOptions options = {});

    /// Queues a letter with a link to the status page of `uin` (outbox kind "status_link") when
    /// `email` is the appeal's address. kValidation ("uin", "email") for a malformed number or
    /// address; otherwise success whether or not such an appeal exists, so the answer confirms
    /// nothing. The value says whether a letter was queued, for tests: callers must not show it.
    /// Past links_per_hour letters for one appeal and address, requests queue nothing.
    [[nodiscard]] Result<bool> RequestLink(std::string_view uin, std::string_view email);

    /// Exchanges a link signed for `uin` (checked by the caller, good until `link_expires`) for
    /// a session. kUnprocessable "link_used" when the link was opened before; kNotFound
    /// "link_invalid" when the appeal is gone or has no e-mail address.
    [[nodiscard]] Result<StatusSession> OpenSession(std::string_view uin,
                                                    std::string_view link_token,
                                                    Instant link_expires);

    /// The appeal `session_token` opens, when it is `uin`. kUnauthorized "status_session_invalid"
    /// for an unknown or expired session; kForbidden "status_other_appeal" for a session of
    /// another appeal (decided before `uin` is looked up) or when the appeal's address changed
    /// since the link was opened.
    [[nodiscard]] Result<Appeal> Authorize(std::string_view uin, std::string_view session_token);

    /// Ends a session at once («Выйти», issue 17): from now on Authorize refuses its token with
    /// "status_session_invalid". Success for an unknown, expired or already ended token too, so
    /// the answer tells nothing.
    [[nodiscard]] Result<void> CloseSession(std::string_view session_token);

private:
    static std::string KeyOf(const Appeal& appeal);

    ContactProofRepository& store_;
    AppealRepository& appeals_;
    const Clock& clock_;
    ContactProofCrypto crypto_;
    StatusAccessOptions options_;
};

}  // namespace otklik::core

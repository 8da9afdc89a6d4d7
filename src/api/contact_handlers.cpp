// The applicant's proof of control of an e-mail address (SEC-5): a one-time code by letter, then
// a short-lived token that the public status lookup requires.
#include "api/contact_handlers.hpp"

#include <sodium.h>

#include "api/json_mapping.hpp"
#include "core/contact_proof.hpp"
#include "core/uin.hpp"

namespace otklik::api {
namespace {

core::Error Unavailable() {
    return {core::ErrorKind::kUnavailable,
            "unavailable",
            "Подтверждение адреса электронной почты не подключено",
            {}};
}

std::string RandomDigits(int count) {
    std::string digits;
    for (int i = 0; i < count; ++i) digits += static_cast<char>('0' + randombytes_uniform(10));
    return digits;
}

/// POST /api/v1/public/contact/code and /verify (`code` only there).
struct ContactBody {
    std::string email;
    std::string code;
};

core::Result<ContactBody> ParseContactBody(const std::string& text, bool with_code) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    auto email = OptionalString(*body, "email", "email");
    if (!email) return core::Fail(email.error());
    if (!with_code) return ContactBody{std::move(*email), {}};
    auto code = OptionalString(*body, "code", "code");
    if (!code) return core::Fail(code.error());
    return ContactBody{std::move(*email), std::move(*code)};
}

}  // namespace

core::ContactProofCrypto ContactProofCryptoOfSodium() {
    return {[] { return RandomDigits(6); }, [] { return RandomToken(32); },
            [](std::string_view text) { return TokenHash(std::string(text)); }};
}

core::Result<Response> ContactHandlers::SendContactCode(Call& call) {
    if (!deps_.contact_proof) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address, retry_after)) {
        return RateLimited(retry_after);
    }
    auto body = ParseContactBody(call.request.body, false);
    if (!body) return core::Fail(body.error());
    auto sent = deps_.contact_proof->SendCode(body->email);
    if (!sent) return core::Fail(sent.error());
    // The same answer whether or not any appeal has this address: nothing is confirmed.
    return JsonResponse(202, json::object{{"sent", true},
                                          {"expires_at", core::FormatInstant(sent->expires_at)},
                                          {"message",
                                           "Код подтверждения отправлен на указанный адрес "
                                           "электронной почты"}});
}

core::Result<Response> ContactHandlers::VerifyContact(Call& call) {
    if (!deps_.contact_proof) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address, retry_after)) {
        return RateLimited(retry_after);
    }
    auto body = ParseContactBody(call.request.body, true);
    if (!body) return core::Fail(body.error());
    auto proven = deps_.contact_proof->Verify(body->email, body->code);
    if (!proven) return core::Fail(proven.error());
    auto response =
        JsonResponse(200, json::object{{"token", proven->token},
                                       {"expires_at", core::FormatInstant(proven->expires_at)}});
    response.Header("Cache-Control", "no-store");
    return response;
}

core::Result<Response> ContactHandlers::PublicStatus(Call& call) {
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address, retry_after))
        return RateLimited(retry_after);
    // SEC-5: only a proven contact learns anything, and before any lookup, so that the answer
    // without proof is the same for every number.
    const core::Error unverified{core::ErrorKind::kUnauthorized,
                                 "contact_unverified",
                                 "Подтвердите адрес электронной почты: запросите код и введите "
                                 "его, затем повторите запрос",
                                 {}};
    if (!deps_.contact_proof) return core::Fail(unverified);
    auto contact = deps_.contact_proof->ProvenContact(call.request.Header("x-contact-token"));
    if (!contact) return core::Fail(contact.error());
    const auto not_found = core::Error::NotFound(
        "Обращение с подтверждённым адресом электронной почты не найдено: проверьте номер");
    const auto uin = core::NormalizeUin(call.Param("uin"));
    if (!uin) return core::Fail(not_found);
    auto appeal = deps_.appeal_store.FindByUin(*uin);
    if (!appeal || core::ContactProof::Canonical(appeal->applicant.email) != *contact) {
        return core::Fail(not_found);
    }
    auto response = JsonResponse(
        200, json::object{
                 {"uin", appeal->uin},
                 {"status", core::StatusCode(appeal->status)},
                 {"status_name", appeal->attributes.contains("status_name")
                                     ? appeal->attributes.at("status_name")
                                     : std::string(core::StatusDisplayName(appeal->status))},
                 {"pending_reason", appeal->pending_reason},
                 {"registered_at", core::FormatInstant(appeal->created_at)},
                 {"updated_at", core::FormatInstant(appeal->updated_at)},
             });
    response.Header("Cache-Control", "no-store");
    return response;
}

}  // namespace otklik::api

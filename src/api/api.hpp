#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/auth.hpp"
#include "api/http.hpp"
#include "api/login_guard.hpp"
#include "api/metrics.hpp"
#include "api/rate_limiter.hpp"
#include "core/appeal_service.hpp"
#include "core/calls.hpp"
#include "core/clock.hpp"
#include "core/contact_proof.hpp"
#include "core/mail_store.hpp"
#include "core/reports.hpp"
#include "core/repositories.hpp"

namespace otklik::regulation {
class RegulationCatalog;
}
namespace otklik::search {
class KnowledgeBase;
class Chatbot;
}  // namespace otklik::search

namespace otklik::api {

/// Who may call a route.
enum class Access {
    kPublic,      ///< no staff login (health, public lookups, chatbot)
    kStaff,       ///< any signed-in staff member
    kPermission,  ///< a staff member whose role has the route's permission
};

/// One request in flight: the request, the path parameters, and the caller when known.
struct Call {
    Request& request;
    std::map<std::string, std::string> params;
    std::optional<Principal> principal;

    const std::string& Param(const std::string& name) const { return params.at(name); }
    core::Actor Actor() const { return principal ? principal->ToActor() : core::Actor{}; }
};

class Api;
class EventHub;

/// A route of the HTTP API; the table of them is the API's single list of what it serves.
struct RouteSpec {
    std::string_view method;
    std::string_view pattern;
    Access access;
    core::Permission permission;
    bool test_only;  ///< served only with --clock manual, and only to loopback peers
    Response (Api::*handler)(Call&);
};

/// What the API needs from the rest of the program; `app/` wires it.
struct ApiDependencies {
    core::AppealService& appeals;
    core::AppealRepository& appeal_store;
    core::UserRepository& users;
    core::AuditRepository& audit;
    Authenticator& auth;
    const core::Clock& clock;
    core::ManualClock* manual_clock = nullptr;  ///< set only with --clock manual
    Metrics& metrics;
    std::function<bool()> ready;
    /// The loaded regulations and the files refused (GET /api/v1/regulations); may be null.
    const regulation::RegulationCatalog* regulations = nullptr;
    /// Called after the manual clock moved, before the answer: runs the timers that fell due,
    /// so that a test sees their effects deterministically.
    std::function<void()> after_clock_change;
    /// Live updates for GET /api/v1/events; null: the route answers 503.
    EventHub* events = nullptr;
    /// The e-mail channel (failed letters, signed confirm links); null: those routes answer 503.
    core::MailDesk* mail = nullptr;
    /// The outbox's delivery tasks for staff (delivery_routes.cpp); null: those routes answer 503.
    core::MailStore* outbox = nullptr;
    /// The knowledge bases and the chatbot (kb_routes.cpp); null: those routes answer 503.
    search::KnowledgeBase* kb = nullptr;
    search::Chatbot* chatbot = nullptr;
    /// Phone calls with reserved UINs (call_routes.cpp); null: those routes answer 503.
    core::CallService* calls = nullptr;
    /// Facts for the speed-and-quality reports (report_routes.cpp); null: 503.
    core::ReportRepository* reports = nullptr;
    /// The applicant's proof of control of an e-mail address (SEC-5); null: the public status
    /// lookup answers "contact_unverified" and the code routes 503.
    core::ContactProof* contact_proof = nullptr;
    /// Where the e-mail intake keeps the files it accepted, one folder per appeal id.
    std::string attachments_dir = {};
    /// Peers whose X-Forwarded-For names the client (canonical addresses; see ClientAddress).
    std::vector<std::string> trusted_proxies = {};
    /// GET /metrics without a staff login; otherwise it takes a role with kReadReports.
    bool metrics_public = false;
};

/// Randomness and hashing for core::ContactProof from libsodium: six-digit codes, 32-byte
/// tokens, BLAKE2b hashes.
core::ContactProofCrypto ContactProofCryptoOfSodium();

/// The HTTP API v1: routing, authentication, permissions, rate limits, JSON mapping.
/// Handle() is thread-safe.
class Api {
public:
    explicit Api(ApiDependencies deps);

    /// Answers one request; never throws for expected failures (they become error bodies).
    Response Handle(Request& request);

    /// Every route the API can serve, test-only ones included.
    static const std::vector<RouteSpec>& Routes();

private:
    Response Dispatch(Request& request, std::string& route_pattern);

    // auth
    Response Login(Call& call);
    Response Logout(Call& call);
    Response Me(Call& call);
    // appeals
    Response CreateAppeal(Call& call);
    Response ListAppeals(Call& call);
    Response CountAppeals(Call& call);
    Response GetAppeal(Call& call);
    Response RevealApplicant(Call& call);
    Response ActOnAppeal(Call& call);
    Response ListComments(Call& call);
    Response AddComment(Call& call);
    Response GetHistory(Call& call);
    Response ListLinks(Call& call);
    Response AddLink(Call& call);
    Response PublicStatus(Call& call);
    // applicant identity (contact_routes.cpp)
    Response SendContactCode(Call& call);
    Response VerifyContact(Call& call);
    Response CheckTriage(Call& call);
    Response ReviewTriage(Call& call);
    Response Events(Call& call);
    void PublishAppeal(const core::Appeal& appeal, std::string_view change);
    void PublishChange(std::string_view uin, std::string_view change);
    /// Replaces in a successful JSON answer every appeal number `scope` does not cover
    /// (scope_filter.cpp, SEC-6).
    void HideForeignAppeals(Response& response, const core::AppealScope& scope);
    // administration
    Response ListUsers(Call& call);
    Response CreateUser(Call& call);
    Response GetUser(Call& call);
    Response UpdateUser(Call& call);
    Response ListGroups(Call& call);
    Response CreateGroup(Call& call);
    Response UpdateGroup(Call& call);
    Response ListTokens(Call& call);
    Response CreateToken(Call& call);
    Response RevokeToken(Call& call);
    Response PersonalDataLog(Call& call);
    Response ListRoles(Call& call);
    // e-mail channel (mail_routes.cpp)
    Response ListMailFailures(Call& call);
    Response RetryMailFailure(Call& call);
    Response ReadConfirmLink(Call& call);
    Response UseConfirmLink(Call& call);
    Response ListDeliveries(Call& call);
    Response ConfirmDelivery(Call& call);
    // regulations
    Response ListRegulations(Call& call);
    Response GetRegulation(Call& call);
    // knowledge base and chatbot (kb_routes.cpp)
    Response ListKbBases(Call& call);
    Response PublishKbBase(Call& call);
    // calls (call_routes.cpp)
    Response TakeCall(Call& call);
    Response ListOpenCalls(Call& call);
    Response GetCall(Call& call);
    Response EndCall(Call& call);
    Response ListOrganizations(Call& call);
    Response GetAttachment(Call& call);
    // reports (report_routes.cpp)
    Response SummaryReport(Call& call);
    Response GetKbSynonyms(Call& call);
    Response SetKbSynonyms(Call& call);
    Response ListKbArticles(Call& call);
    Response CreateKbArticle(Call& call);
    Response GetKbArticle(Call& call);
    Response UpdateKbArticle(Call& call);
    Response DeleteKbArticle(Call& call);
    Response KbArticleVersions(Call& call);
    Response ExportKb(Call& call);
    Response ImportKb(Call& call);
    Response SearchKb(Call& call);
    Response SearchKbScripts(Call& call);
    Response PublicKbArticles(Call& call);
    Response AppealSuggestions(Call& call);
    Response StartChat(Call& call);
    Response ChatMessage(Call& call);
    Response GetChat(Call& call);
    Response ChatbotReport(Call& call);
    // operations
    Response Health(Call& call);
    Response Ready(Call& call);
    Response MetricsText(Call& call);
    Response SetClock(Call& call);

    ApiDependencies deps_;
    LoginGuard login_guard_;
    RateLimiter login_limiter_{10, 10};
    /// Every login attempt per client address, successful or not, before any hashing.
    RateLimiter login_address_limiter_{30, 30};
    RateLimiter public_limiter_{30, 60};
    RateLimiter chat_limiter_{40, 120};
};

}  // namespace otklik::api

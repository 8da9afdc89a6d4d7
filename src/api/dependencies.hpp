#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "api/auth.hpp"
#include "api/login_guard.hpp"
#include "api/metrics.hpp"
#include "core/appeal_search.hpp"
#include "core/appeal_service.hpp"
#include "core/calls.hpp"
#include "core/clock.hpp"
#include "core/contact_proof.hpp"
#include "core/mail_store.hpp"
#include "core/reports.hpp"
#include "core/repositories.hpp"
#include "core/status_access.hpp"

namespace otklik::regulation {
class RegulationCatalog;
}
namespace otklik::sla {
class Regions;
}
namespace otklik::search {
class KnowledgeBase;
class Chatbot;
}  // namespace otklik::search

namespace otklik::api {

class EventHub;

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
    /// The outbox's delivery tasks for staff (delivery_handlers.cpp); null: those routes answer
    /// 503.
    core::MailStore* outbox = nullptr;
    /// The knowledge bases and the chatbot (kb_handlers.cpp, chat_handlers.cpp); null: those routes
    /// answer 503.
    search::KnowledgeBase* kb = nullptr;
    search::Chatbot* chatbot = nullptr;
    /// Phone calls with reserved UINs (call_handlers.cpp); null: those routes answer 503.
    core::CallService* calls = nullptr;
    /// Facts for the speed-and-quality reports (report_handlers.cpp); null: 503.
    core::ReportRepository* reports = nullptr;
    /// The applicant's proof of control of an e-mail address (SEC-5); null: the public status
    /// lookup answers "contact_unverified" and the code routes 503.
    core::ContactProof* contact_proof = nullptr;
    /// The subjects of the Federation by code and name (GET /api/v1/regions for staff,
    /// /api/v1/public/regions for the help site's region choice; the appeal list's region filter
    /// given as a name); null: an empty list, and the filter takes codes only.
    const sla::Regions* regions = nullptr;
    /// The applicant's access to one appeal's status page (`/status/`); null: its routes answer
    /// 503.
    core::StatusAccess* status_access = nullptr;
    /// Where the e-mail intake keeps the files it accepted, one folder per appeal id.
    std::string attachments_dir = {};
    /// Peers whose X-Forwarded-For names the client (canonical addresses; see ClientAddress).
    std::vector<std::string> trusted_proxies = {};
    /// Full-text search over appeals (GET /api/v1/appeals?q=); null: such a request answers 503.
    core::AppealSearch* appeal_search = nullptr;
    /// GET /metrics without a staff login; otherwise it takes a role with kReadReports.
    bool metrics_public = false;
    /// The login guard, when app/ shares its counts with the other nodes (issue 14); null: the
    /// login route keeps a guard of its own.
    LoginGuard* login_guard = nullptr;
};

}  // namespace otklik::api

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// Appeals: registration, lists and counts, the card, workflow actions, comments, history, links,
/// the applicant reveal (SEC-3) and the triage check and review.
/// Thread-safe: the API calls it from every worker.
class AppealHandlers {
public:
    explicit AppealHandlers(HandlerContext context)
        : deps_(context.deps), events_(context.events) {}

    [[nodiscard]] core::Result<Response> CreateAppeal(Call& call);
    [[nodiscard]] core::Result<Response> ListAppeals(Call& call);
    [[nodiscard]] core::Result<Response> CountAppeals(Call& call);
    [[nodiscard]] core::Result<Response> GetAppeal(Call& call);
    [[nodiscard]] core::Result<Response> RevealApplicant(Call& call);
    [[nodiscard]] core::Result<Response> ActOnAppeal(Call& call);
    [[nodiscard]] core::Result<Response> ListComments(Call& call);
    [[nodiscard]] core::Result<Response> AddComment(Call& call);
    [[nodiscard]] core::Result<Response> GetHistory(Call& call);
    /// GET /api/v1/appeals/{uin}/conversation (issue 16).
    [[nodiscard]] core::Result<Response> GetConversation(Call& call);
    [[nodiscard]] core::Result<Response> ListLinks(Call& call);
    [[nodiscard]] core::Result<Response> AddLink(Call& call);
    [[nodiscard]] core::Result<Response> CheckTriage(Call& call);
    /// POST /api/v1/appeals/validate: a dry run of registration (issue 16 point 6).
    [[nodiscard]] core::Result<Response> ValidateAppeal(Call& call);
    [[nodiscard]] core::Result<Response> ReviewTriage(Call& call);

private:
    // Built in `storage`: an answer written out at once builds it in a monotonic resource.
    [[nodiscard]] boost::json::object FullForm(const core::Appeal& appeal, const core::Actor& actor,
                                               boost::json::storage_ptr storage = {}) const;
    /// The number of appeals a list with this search text and filter holds; nullopt when a
    /// search has too many matches to read through.
    [[nodiscard]] core::Result<std::optional<std::int64_t>> CountListed(
        const std::string& text, const core::AppealFilter& filter);

    const ApiDependencies& deps_;
    const AppealEvents& events_;
};

}  // namespace otklik::api

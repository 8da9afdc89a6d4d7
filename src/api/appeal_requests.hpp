#pragma once

#include <optional>
#include <string>

#include "api/http.hpp"
#include "core/appeal.hpp"
#include "core/clock.hpp"
#include "core/repositories.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "core/workflow.hpp"

namespace otklik::api {

/// GET /api/v1/appeals as the store takes it: filters, page and the list's form.
struct AppealListQuery {
    core::AppealFilter filter;
    core::PageRequest page;
    /// "summary": the queue's cached summaries; otherwise full appeals.
    bool summaries_only = false;
    /// q=: full-text search (core::AppealSearch) instead of the list's order; "" for none.
    std::string text;
    /// count=true: the answer also carries `total`, the exact number of appeals the filter keeps
    /// (issue 16); count=only: `total` alone, without a page.
    bool count = false;
    bool count_only = false;
};

/// Reads the list query strictly: an unknown status, sort, view or triage code, a malformed
/// instant, a page size outside 1..500, a search text over 500 characters or "12abc" is an
/// error naming the parameter. "assignee=me"
/// is `actor`; "overdue=true" means overdue at `now`, "due_soon=true" due within 24 hours of
/// `now`; a comma in "channel" lists channels; "stage" lists stages. Not yet restricted to what
/// `actor` may see.
[[nodiscard]] core::Result<AppealListQuery> ParseAppealListQuery(const Request& request,
                                                                 const core::Actor& actor,
                                                                 core::Instant now);

/// If-Match: "3", W/"3" or 3; nullopt without the header; 422 on anything else.
[[nodiscard]] core::Result<std::optional<std::int64_t>> ParseIfMatch(const std::string& header);

/// POST /api/v1/appeals/{uin}/actions: {"action": "...", ...parameters}, parameters as text.
[[nodiscard]] core::Result<core::ActionRequest> ParseActionBody(const std::string& body);

/// POST /api/v1/appeals/{uin}/comments.
struct CommentBody {
    std::string text;
    core::Visibility visibility = core::Visibility::kInternal;
};
[[nodiscard]] core::Result<CommentBody> ParseCommentBody(const std::string& body);

/// POST /api/v1/appeals/{uin}/links.
struct LinkBody {
    core::LinkType type;
    std::string target;
};
[[nodiscard]] core::Result<LinkBody> ParseLinkBody(const std::string& body);

/// POST /api/v1/appeals/{uin}/triage/review.
struct TriageReviewBody {
    std::string decision;
    std::string comment;
};
[[nodiscard]] core::Result<TriageReviewBody> ParseTriageReviewBody(const std::string& body);

}  // namespace otklik::api

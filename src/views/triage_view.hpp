#pragma once

#include <optional>

#include <boost/json.hpp>

#include "core/triage_report.hpp"

namespace otklik::views {

/// The triage outcome as the API shows it under "triage" and `POST /api/v1/triage/check`
/// answers it (ARCHITECTURE, the scriptable contract): decision, rules with their evidence,
/// suggested classification, and a person's `review` beside the automatic decision when there
/// is one. `storage` is where the values live (an arena for a one-off rendering).
boost::json::object TriageJson(const core::TriageReport& report,
                               const std::optional<core::TriageReview>& review = std::nullopt,
                               boost::json::storage_ptr storage = {});

/// What `POST /api/v1/triage/check` answers when no screener runs: accepted, no rule fired.
boost::json::object UnscreenedTriageJson();

}  // namespace otklik::views

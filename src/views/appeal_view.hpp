#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "core/appeal.hpp"

namespace otklik::views {

/// The queue's form of an appeal: what a queue row shows (number, regulation, channel, status
/// and the regulation's names for it, stage, group, assignee, organization, category, priority,
/// subject, region, deadlines, triage, version, times) and none of the texts, personal data or
/// attributes. `version` overrides appeal.version (the store renders the version an update
/// will have). `storage` is where the values live.
boost::json::object AppealSummaryJson(const core::Appeal& appeal, std::int64_t version = 0,
                                      boost::json::storage_ptr storage = {});

/// The summary form as JSON text, as the store keeps it with every write so that a queue page
/// (`GET /api/v1/appeals?view=summary`) is read without decoding appeals.
std::string AppealSummaryText(const core::Appeal& appeal, std::int64_t version = 0);

/// The API's full form of an appeal: the summary form (without "region", which the applicant
/// carries) extended with the texts, the masked applicant, the regulation's attributes and
/// clock terms, and the `actions` the caller may take now. Built in `storage` (a monotonic
/// resource for an answer written out at once).
boost::json::object AppealJson(const core::Appeal& appeal, const std::vector<std::string>& actions,
                               boost::json::storage_ptr storage = {});

/// The applicant as lists and cards show it: personal data masked (SEC-3).
boost::json::object MaskedApplicant(const core::Applicant& applicant,
                                    boost::json::storage_ptr storage = {});
/// The applicant in full, for the logged reveal.
boost::json::object FullApplicant(const core::Applicant& applicant);

}  // namespace otklik::views

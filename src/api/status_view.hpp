#pragma once

#include <boost/json.hpp>

#include "api/dependencies.hpp"
#include "core/appeal.hpp"

namespace otklik::api {

/// The appeal as its applicant sees it on the status page: the state in plain Russian, the
/// deadline as a local date, the messages exchanged with support (public comments and the
/// applicant's own words; never internal ones, LC-9), the decision, the files sent, and the
/// answers open now — exactly those whose action the regulation makes available (its
/// `[applicant]` answers), with whether words are required. Personal data is masked (SEC-3).
boost::json::object StatusView(const ApiDependencies& deps, const core::Appeal& appeal);

}  // namespace otklik::api

#pragma once

#include <boost/json.hpp>

#include "core/triage_report.hpp"

namespace otklik::storage {

/// The triage outcome as a store row keeps it, under "triage" in the appeal's document. The
/// layout is the one rows have had since triage was stored (the API's form of that time), so
/// rows written before and after read the same; a member a row lacks reads as its default.
boost::json::object EncodeTriage(const core::TriageReport& report,
                                 boost::json::storage_ptr storage = {});
core::TriageReport DecodeTriage(const boost::json::object& stored);

}  // namespace otklik::storage

#pragma once

// What a regulation file says about triage, as the engine's configuration: the defaults with
// the file's [triage] actions, its [[triage_misdirected]] and [[triage_not_covered]] tables.
// One conversion for the server's screener and the evaluation of the frozen sets (which compile
// this file without the rest of otklik_app: it needs only the regulation and triage libraries).

#include <string>

#include "core/result.hpp"
#include "regulation/regulation.hpp"
#include "triage/triage_config.hpp"

namespace otklik::app {

/// The engine configuration of `r`; kValidation naming the file and line of a [triage] setting
/// whose rule or action the engine does not know (the loader refuses those first).
[[nodiscard]] core::Result<triage::TriageConfig> TriageConfigOf(const regulation::Regulation& r);

}  // namespace otklik::app

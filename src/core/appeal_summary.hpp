#pragma once

#include <cstdint>
#include <string>

#include "core/appeal.hpp"

namespace otklik::core {

/// Appends the queue's form of an appeal as JSON text: what a queue row shows (number,
/// regulation, channel, status and the regulation's names for it, stage, group, assignee,
/// organization, category, priority, subject, region, deadlines, triage, version, times) and
/// none of the texts, personal data or attributes. The store keeps it with every write so that
/// a queue page is read without decoding appeals; the API's full form extends it.
/// `version` overrides appeal.version (the store writes the version an update will have).
void AppendAppealSummary(std::string& out, const Appeal& appeal, std::int64_t version = 0);

}  // namespace otklik::core

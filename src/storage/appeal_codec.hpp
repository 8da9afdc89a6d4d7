#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"

namespace otklik::storage {

/// The JSON document that holds an appeal's non-indexed fields (applicant, texts, deadlines,
/// triage) in a store row. Shared by every store so rows mean the same everywhere.
std::string EncodeAppealDoc(const core::Appeal& appeal);
/// Fills the non-indexed fields of `appeal` from its document.
void DecodeAppealDoc(std::string_view doc, core::Appeal& appeal);

std::string EncodeChanges(const std::vector<core::FieldChange>& changes);
std::vector<core::FieldChange> DecodeChanges(std::string_view json);

/// Queue sort key for appeals with no deadline: after every real deadline.
inline constexpr std::int64_t kNoDeadline = INT64_MAX;

}  // namespace otklik::storage

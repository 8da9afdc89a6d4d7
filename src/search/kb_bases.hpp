#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "core/knowledge.hpp"

namespace otklik::search {

/// A change to a knowledge base's settings (PATCH): the fields present are set.
struct KbBasePatch {
    std::optional<std::string> name;
    std::optional<std::string> regulation;
    std::optional<std::string> region;
    std::optional<std::string> parent;
};

/// Reads a base from a create body (every field of KbBase; unknown fields refused).
[[nodiscard]] core::Result<core::KbBase> ParseBase(const boost::json::object& body);
/// Reads a settings change; `code` cannot change, unknown fields are refused.
[[nodiscard]] core::Result<KbBasePatch> ParseBasePatch(const boost::json::object& body);
boost::json::object BaseJson(const core::KbBase& base);

/// Checks `base` against the other bases: a code of lower-case Latin letters, digits, "-" and
/// "_"; a name; a parent that exists and is not the base itself or one of its descendants; a
/// regulation, or a parent to take it from, and the same regulation as the parent's; a region
/// code of digits. Returns the base with its regulation filled from its parent when it named
/// none.
[[nodiscard]] core::Result<core::KbBase> ValidateBase(core::KbBase base,
                                                      const std::vector<core::KbBase>& others);

/// The regulation of base `code` (its own, else its nearest ancestor's); "" when unknown.
std::string RegulationOfBase(const std::string& code, const std::vector<core::KbBase>& bases);

}  // namespace otklik::search

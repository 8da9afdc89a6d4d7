#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "regulation/regulation.hpp"

namespace otklik::regulation {

/// Parses a regulation from TOML text. `file` names the text in errors. Refuses, with every
/// problem found: TOML syntax errors, unknown keys, values of the wrong type or form, and
/// references to what the file does not define (a route to an unknown group, an action to an
/// unknown status, a term for an unknown clock…). On failure the error has code
/// "regulation_invalid" and a message of one "FILE:LINE: reason" line per problem, the first
/// problem first; `fields` carry the same lines (field = "FILE:LINE", message = reason).
[[nodiscard]] core::Result<Regulation> ParseRegulation(std::string_view text,
                                                       const std::string& file);

/// Reads and parses a regulation file; "regulation_unreadable" when it cannot be read. The only
/// I/O of this library.
[[nodiscard]] core::Result<Regulation> LoadRegulationFile(const std::filesystem::path& path);

}  // namespace otklik::regulation

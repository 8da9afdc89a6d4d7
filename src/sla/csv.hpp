#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace otklik::sla {

/// One data row of a CSV file: its 1-based line number (for error messages) and its fields.
struct CsvRow {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

/// Parses reference data in CSV by the project's one set of rules (text::ParseCsv, RFC 4180).
/// The first row must be exactly `header`; empty lines are skipped. Every data row must have as
/// many fields as the header. Errors name the line: code "data_malformed".
[[nodiscard]] core::Result<std::vector<CsvRow>> ParseCsv(std::string_view text,
                                                         const std::vector<std::string>& header);

/// Reads a whole file; error "data_unreadable" names the path when it cannot be read.
[[nodiscard]] core::Result<std::string> ReadTextFile(const std::filesystem::path& path);

/// The error for malformed reference data, with the line it was found on.
core::Error MalformedData(std::size_t line, std::string_view what);

}  // namespace otklik::sla

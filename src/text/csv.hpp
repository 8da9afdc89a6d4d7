#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace otklik::text {

/// One record of a CSV text: the 1-based line it starts on (for error messages) and its fields.
struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

/// Why a CSV text was refused: the line the fault is on and a Russian description.
struct CsvError {
    std::size_t line = 0;
    std::string what;
};

/// Parses CSV by RFC 4180, one set of rules for every reader: fields separated by `delimiter`,
/// records by LF or CRLF; a quoted field may hold delimiters, line breaks and "" for a quote; a
/// quote inside an unquoted field, text after a closing quote and an unclosed quote are errors.
/// Empty lines are skipped. Field counts are not checked here: the caller knows its columns.
[[nodiscard]] tl::expected<std::vector<CsvRecord>, CsvError> ParseCsv(std::string_view text,
                                                                      char delimiter = ',');

/// One field as RFC 4180 writes it: quoted (quotes doubled) when it holds the delimiter, a
/// quote or a line break, as is otherwise.
std::string CsvField(std::string_view value, char delimiter = ',');

/// One record: fields joined by `delimiter`, each written by CsvField, ended with CRLF.
std::string CsvLine(const std::vector<std::string>& fields, char delimiter = ',');

}  // namespace otklik::text

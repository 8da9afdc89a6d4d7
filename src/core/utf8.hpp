#pragma once

#include <string_view>

namespace otklik::core {

/// Whether `text` is well-formed UTF-8 (RFC 3629): no stray or truncated sequences, no overlong
/// forms, no surrogates, nothing above U+10FFFF. Text from outside that is not JSON (CSV
/// uploads) must pass this before it is stored, since the API hands it out as JSON strings.
bool IsValidUtf8(std::string_view text);

}  // namespace otklik::core

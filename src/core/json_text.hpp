#pragma once

#include <string>
#include <string_view>

namespace otklik::core {

/// `text` as a JSON string literal, quotes included: for the small payloads the domain writes
/// into the outbox without a JSON library (the core does no I/O and links none).
std::string JsonString(std::string_view text);
/// The same literal appended to `out` (hot paths that write JSON text directly).
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace otklik::core

#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "regulation/regulation.hpp"

namespace otklik::regulation {

/// The contract between the channel adapters and the regulations (issue 11, CH-3, LC-2, LC-4):
/// what each adapter can put into a draft, and what an applicant's answer carries. It is checked
/// when a regulation loads, so a regulation whose channel no adapter can satisfy (a hotline
/// letter asked for a priority) or whose answer needs a parameter no applicant sends (a link
/// asked for a channel) fails `otklik check-regulation` with its file and line instead of
/// refusing applicants at run time.

/// Draft fields the adapter can fill ("text", "applicant.email"…); "form" (staff form, calls
/// API, other systems) can fill every known field.
const std::vector<std::string>& AdapterFields(ChannelAdapter adapter);

/// The mismatches, each with the line it is at.
std::vector<std::pair<int, std::string>> CheckChannelContract(const Regulation& regulation);

}  // namespace otklik::regulation

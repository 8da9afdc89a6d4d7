#pragma once

#include <string>
#include <string_view>

namespace otklik::text {

/// `text` in Russian quotation marks, «like this»: how messages name a code, a name or a value.
inline std::string Quoted(std::string_view text) { return "«" + std::string(text) + "»"; }

}  // namespace otklik::text

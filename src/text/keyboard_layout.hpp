#pragma once

#include <string>
#include <string_view>

namespace otklik::text {

/// Latin letters typed on the Russian keyboard layout («ckjdj» → «слово», «pf,sk» → «забыл»,
/// «jgkfnt&» → «оплате?»): the token converted key by key, the shifted keys too, or "" when it has
/// a character the layout does not map or no Latin letter at all. Digits and «-» are the same keys
/// on both layouts and stay. The knowledge base's search and triage's abuse matcher both read
/// words typed on the wrong layout through this one table.
[[nodiscard]] std::string FromLatinLayout(std::string_view token);

}  // namespace otklik::text

#include "core/repositories.hpp"

namespace otklik::core {

Result<std::int64_t> AppealRepository::Count(const AppealFilter& filter) {
    PageRequest page;
    page.order = AppealOrder::kByCreated;
    page.limit = 500;
    page.summaries_only = true;
    std::int64_t total = 0;
    for (;;) {
        auto result = List(filter, page);
        if (!result) return Fail(result.error());
        total += static_cast<std::int64_t>(result->summaries.size() + result->items.size());
        if (result->next.empty()) return total;
        page.after = result->next;
    }
}

}  // namespace otklik::core

#include "core/appeal_scope.hpp"

#include <algorithm>

#include "core/repositories.hpp"

namespace otklik::core {

AppealScope AppealScope::Of(const Actor& actor) {
    if (actor.role != Role::kRegionalOperator) return All();
    if (actor.region.empty()) return Regions({});
    return Regions({actor.region});
}

bool AppealScope::CoversRegion(std::string_view region) const {
    if (all_) return true;
    // An appeal without a region belongs to no region, so no regional operator sees it.
    if (region.empty()) return false;
    return std::find(regions_.begin(), regions_.end(), region) != regions_.end();
}

void AppealScope::Restrict(AppealFilter& filter) const {
    if (all_) return;
    if (!filter.visible_regions) {
        filter.visible_regions = regions_;
        return;
    }
    // Already restricted (by another scope): keep what both allow.
    std::vector<std::string> both;
    for (const auto& region : *filter.visible_regions) {
        if (CoversRegion(region)) both.push_back(region);
    }
    filter.visible_regions = std::move(both);
}

}  // namespace otklik::core

// SEC-1, SEC-6 (issue 12): the one visibility rule, as a pure value.
#include "core/appeal_scope.hpp"

#include <gtest/gtest.h>

#include "core/appeal_service.hpp"
#include "core/repositories.hpp"

using namespace otklik::core;

namespace {

Appeal InRegion(const std::string& region) {
    Appeal appeal;
    appeal.applicant.region = region;
    return appeal;
}

}  // namespace

TEST(AppealScope, RegionalOperatorSeesItsRegionOnly) {
    const auto scope = AppealScope::Of({1, "r", Role::kRegionalOperator, "rpgu", "77"});
    EXPECT_TRUE(scope.Covers(InRegion("77")));
    EXPECT_FALSE(scope.Covers(InRegion("25")));
    // An appeal without a region belongs to no region.
    EXPECT_FALSE(scope.Covers(InRegion("")));
}

TEST(AppealScope, RegionalOperatorWithoutRegionSeesNothing) {
    // Before issue 12 a regional operator with no region saw every region's appeals.
    const auto scope = AppealScope::Of({1, "r", Role::kRegionalOperator, "", ""});
    EXPECT_FALSE(scope.unrestricted());
    EXPECT_FALSE(scope.Covers(InRegion("77")));
    EXPECT_FALSE(CanSee({1, "r", Role::kRegionalOperator, "", ""}, InRegion("25")));
    AppealFilter filter;
    scope.Restrict(filter);
    ASSERT_TRUE(filter.visible_regions.has_value());
    EXPECT_TRUE(filter.visible_regions->empty());
}

TEST(AppealScope, OtherRolesAndTheSystemSeeEverything) {
    for (const Role role : AllRoles()) {
        if (role == Role::kRegionalOperator) continue;
        const auto scope = AppealScope::Of({1, "x", role, "", "77"});
        EXPECT_TRUE(scope.unrestricted()) << RoleCode(role);
        EXPECT_TRUE(scope.Covers(InRegion("25"))) << RoleCode(role);
        AppealFilter filter;
        scope.Restrict(filter);
        EXPECT_FALSE(filter.visible_regions.has_value()) << RoleCode(role);
    }
}

TEST(AppealScope, RestrictNarrowsListsAndKeepsWhatBothScopesAllow) {
    AppealFilter filter;
    AppealScope::Regions({"77", "50"}).Restrict(filter);
    ASSERT_TRUE(filter.visible_regions.has_value());
    EXPECT_EQ(*filter.visible_regions, (std::vector<std::string>{"77", "50"}));
    AppealScope::Of({1, "r", Role::kRegionalOperator, "", "50"}).Restrict(filter);
    EXPECT_EQ(*filter.visible_regions, (std::vector<std::string>{"50"}));
}

TEST(AppealScope, CanSeeIsTheScopesAnswer) {
    const Actor regional{1, "r", Role::kRegionalOperator, "", "25"};
    EXPECT_TRUE(CanSee(regional, InRegion("25")));
    EXPECT_FALSE(CanSee(regional, InRegion("77")));
}

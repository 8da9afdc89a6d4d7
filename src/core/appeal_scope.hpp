#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"
#include "core/user.hpp"

namespace otklik::core {

struct AppealFilter;

/// Which appeals one caller may see: the single visibility rule (SEC-1, SEC-6). Every path that
/// returns, links, counts, streams or writes an appeal asks it — one appeal at a time through
/// Covers(), lists and counts through Restrict() in the store's query. Pure value, no I/O;
/// copy freely between threads.
///
/// The rule: a regional operator sees the appeals whose applicant region is its own (the
/// user's region, or its group's when the user has none); a regional operator without any
/// region sees nothing (fail closed). Every other staff role and the system see everything.
class AppealScope {
public:
    /// Everything: other staff roles, the system's own jobs and channels.
    static AppealScope All() { return AppealScope(true, {}); }
    /// Only appeals whose applicant region is one of `regions` (none when empty).
    static AppealScope Regions(std::vector<std::string> regions) {
        return AppealScope(false, std::move(regions));
    }
    /// The scope of a signed-in staff member.
    static AppealScope Of(const Actor& actor);

    /// Whether an appeal with this applicant region is visible.
    [[nodiscard]] bool CoversRegion(std::string_view region) const;
    /// Whether the appeal is visible.
    [[nodiscard]] bool Covers(const Appeal& appeal) const {
        return CoversRegion(appeal.applicant.region);
    }
    /// Narrows a store filter so that a list or a count holds only visible appeals.
    void Restrict(AppealFilter& filter) const;

    [[nodiscard]] bool unrestricted() const { return all_; }
    /// The visible regions when restricted.
    [[nodiscard]] const std::vector<std::string>& regions() const { return regions_; }

private:
    AppealScope(bool all, std::vector<std::string> regions)
        : all_(all), regions_(std::move(regions)) {}

    bool all_;
    std::vector<std::string> regions_;
};

}  // namespace otklik::core

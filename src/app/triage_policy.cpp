#include "app/triage_policy.hpp"

#include <algorithm>

namespace otklik::app {

core::Result<triage::TriageConfig> TriageConfigOf(const regulation::Regulation& r) {
    triage::TriageConfig config = triage::DefaultTriageConfig();
    for (const auto& setting : r.triage) {
        const auto code = triage::ParseRuleCode(setting.rule);
        const auto action = triage::ParseRuleAction(setting.action);
        const auto uncertain = setting.uncertain_action.empty()
                                   ? std::nullopt
                                   : triage::ParseRuleAction(setting.uncertain_action);
        if (!code || !action || (!setting.uncertain_action.empty() && !uncertain)) {
            return core::Fail(core::Error::Validation(
                {{"triage", "unknown",
                  r.file + ":" + std::to_string(setting.source_line) + ": bad [triage] setting"}}));
        }
        auto& policy = config.policy.For(*code);
        policy.action = *action;
        if (uncertain) {
            policy.uncertain_action = *uncertain;
        } else if (policy.uncertain_action > policy.action) {
            // Doubt never acts harder than certainty.
            policy.uncertain_action = policy.action;
        }
    }
    for (const auto& m : r.triage_misdirected) {
        config.misdirected.push_back({m.organization, m.addressee, m.topics, m.unless, m.hints});
    }
    for (const auto& n : r.triage_not_covered) {
        config.not_covered.push_back({n.service, n.keywords, n.unless});
        config.not_covered_categories.insert(config.not_covered_categories.end(),
                                             n.categories.begin(), n.categories.end());
    }
    // A regional platform: every executor serves named regions; their union is its home.
    const bool regional =
        !r.organizations.empty() &&
        std::all_of(r.organizations.begin(), r.organizations.end(),
                    [](const regulation::Organization& o) { return !o.regions.empty(); });
    for (const auto& o : r.organizations) {
        for (const auto& region : o.regions) {
            if (regional && std::find(config.home_regions.begin(), config.home_regions.end(),
                                      region) == config.home_regions.end()) {
                config.home_regions.push_back(region);
            }
        }
    }
    for (const auto& channel : r.channels) {
        if (!channel.text_prefix.empty() &&
            std::find(config.source_markers.begin(), config.source_markers.end(),
                      channel.text_prefix) == config.source_markers.end()) {
            config.source_markers.push_back(channel.text_prefix);
        }
    }
    return config;
}

}  // namespace otklik::app

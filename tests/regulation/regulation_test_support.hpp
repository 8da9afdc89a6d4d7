#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/time.hpp"
#include "regulation/catalog.hpp"
#include "regulation/loader.hpp"
#include "regulation/regulation_workflow.hpp"
#include "sla/production_calendar.hpp"
#include "sla/regions.hpp"

namespace otklik::regulation::testing {

inline core::Instant At(std::string_view text) {
    const auto instant = core::ParseInstant(text);
    if (!instant) throw std::invalid_argument("bad instant in test: " + std::string(text));
    return *instant;
}

inline std::string RegulationPath(std::string_view id) {
    return std::string(OTKLIK_REGULATIONS_DIR) + "/" + std::string(id) + ".toml";
}

inline WorkflowOptions DataOptions() {
    static const auto kCalendar = [] {
        auto calendar = sla::ProductionCalendar::LoadFile(std::string(OTKLIK_DATA_DIR) +
                                                          "/ru_production_calendar.csv");
        if (!calendar) throw std::runtime_error(calendar.error().message);
        return std::make_shared<const sla::ProductionCalendar>(std::move(*calendar));
    }();
    static const auto kRegions = [] {
        auto regions = sla::Regions::LoadFile(std::string(OTKLIK_DATA_DIR) + "/ru_regions.csv");
        if (!regions) throw std::runtime_error(regions.error().message);
        return std::make_shared<const sla::Regions>(std::move(*regions));
    }();
    WorkflowOptions options;
    options.calendar = kCalendar;
    options.regions = kRegions;
    return options;
}

/// The four shipped regulations, as a deployment loads them.
inline const RegulationWorkflow& Shipped() {
    static const auto kWorkflow = [] {
        auto catalog = std::make_shared<RegulationCatalog>();
        for (const char* id : {"bilet", "epgu", "hotline", "pos"}) {
            catalog->Add(RegulationPath(id), LoadRegulationFile(RegulationPath(id)));
        }
        return std::make_unique<RegulationWorkflow>(catalog, DataOptions());
    }();
    return *kWorkflow;
}

/// A workflow of one regulation given as text; fails the test when it does not load.
inline std::unique_ptr<RegulationWorkflow> FromText(const std::string& text) {
    auto catalog = std::make_shared<RegulationCatalog>();
    auto regulation = ParseRegulation(text, "test.toml");
    if (!regulation) throw std::runtime_error(regulation.error().message);
    catalog->Add("test.toml", std::move(regulation));
    auto options = DataOptions();
    options.default_regulation = "test";
    return std::make_unique<RegulationWorkflow>(catalog, options);
}

inline core::Actor Staff(core::Role role, std::string login = "staff", std::string group = "") {
    return core::Actor{1, std::move(login), role, std::move(group), ""};
}

/// Registers a draft the way AppealService does (id and UIN assigned); fails on refusal.
inline core::Appeal Register(const core::Workflow& workflow, const core::AppealDraft& draft,
                             core::Instant now, const std::string& uin = "ТТ-2026-000001") {
    auto intake = workflow.PrepareIntake(draft, Staff(core::Role::kOperator), now);
    if (!intake) {
        std::string fields;
        for (const auto& f : intake.error().fields) fields += " " + f.field + ": " + f.message;
        throw std::runtime_error("intake refused: " + intake.error().message + fields);
    }
    core::Appeal appeal = intake->appeal;
    appeal.id = 1;
    appeal.uin = uin;
    return appeal;
}

/// Applies an action; the returned outcome's appeal has its version moved on.
inline core::ActionOutcome Act(const core::Workflow& workflow, const core::Appeal& appeal,
                               const std::string& action, std::map<std::string, std::string> params,
                               const core::Actor& actor, core::Instant now) {
    auto outcome = workflow.Apply(appeal, {action, std::move(params)}, actor, now);
    if (!outcome) {
        std::string fields;
        for (const auto& f : outcome.error().fields) fields += " " + f.field + ": " + f.message;
        throw std::runtime_error("action " + action + " refused: " + outcome.error().message +
                                 fields);
    }
    outcome->appeal.version = appeal.version + 1;
    return std::move(*outcome);
}

/// What the watcher does at `now`: every due timer, one Tick after another.
struct TimerRun {
    core::Appeal appeal;
    std::vector<std::string> timers;  ///< last_timer of each tick
    std::vector<core::OutboxMessage> outbox;
};

inline TimerRun RunTimers(const core::Workflow& workflow, core::Appeal appeal, core::Instant now) {
    TimerRun run;
    for (int guard = 0; guard < 100 && appeal.next_event_at && *appeal.next_event_at <= now;
         ++guard) {
        auto outcome = workflow.Tick(appeal, now);
        if (!outcome) {
            appeal.next_event_at.reset();
            break;
        }
        run.timers.push_back(outcome->appeal.attributes["last_timer"]);
        run.outbox.insert(run.outbox.end(), outcome->outbox.begin(), outcome->outbox.end());
        appeal = outcome->appeal;
        appeal.version += 1;
    }
    run.appeal = std::move(appeal);
    return run;
}

inline std::string Deadline(const core::Appeal& appeal, const std::string& name) {
    const auto it = appeal.deadlines.find(name);
    return it == appeal.deadlines.end() ? std::string("none") : core::FormatInstant(it->second);
}

inline std::string Attribute(const core::Appeal& appeal, const std::string& name) {
    const auto it = appeal.attributes.find(name);
    return it == appeal.attributes.end() ? std::string() : it->second;
}

}  // namespace otklik::regulation::testing

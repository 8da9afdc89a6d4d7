// The shipped hotline regulation as the store benchmarks register by, and a draft turned into the
// store's registration request as AppealService would: one copy for register_bench and
// watcher_bench.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/repositories.hpp"
#include "core/workflow.hpp"
#include "regulation/catalog.hpp"
#include "regulation/loader.hpp"
#include "regulation/regulation_workflow.hpp"
#include "sla/production_calendar.hpp"
#include "sla/regions.hpp"

namespace otklik::bench {

/// regulations/hotline.toml with the production calendar and regions of data/; exits naming
/// `tool` when they do not load.
inline std::unique_ptr<regulation::RegulationWorkflow> HotlineWorkflow(const char* tool) {
    auto catalog = std::make_shared<regulation::RegulationCatalog>();
    const std::string file = std::string(OTKLIK_REGULATIONS_DIR) + "/hotline.toml";
    catalog->Add(file, regulation::LoadRegulationFile(file));
    regulation::WorkflowOptions options;
    auto calendar = sla::ProductionCalendar::LoadFile(std::string(OTKLIK_DATA_DIR) +
                                                      "/ru_production_calendar.csv");
    auto regions = sla::Regions::LoadFile(std::string(OTKLIK_DATA_DIR) + "/ru_regions.csv");
    if (!calendar || !regions || !catalog->HasRegulations()) {
        std::fprintf(stderr, "%s: cannot load the hotline regulation or reference data\n", tool);
        std::exit(1);
    }
    options.calendar = std::make_shared<const sla::ProductionCalendar>(std::move(*calendar));
    options.regions = std::make_shared<const sla::Regions>(std::move(*regions));
    return std::make_unique<regulation::RegulationWorkflow>(catalog, options);
}

/// The store's request for registering `draft` at `at` by the "bench" operator; exits naming
/// `tool` when the workflow refuses the draft.
inline core::NewAppeal RegistrationRequest(const core::Workflow& workflow,
                                           const core::AppealDraft& draft, core::Instant at,
                                           const char* tool) {
    auto intake = workflow.PrepareIntake(draft, {0, "bench", core::Role::kOperator, "", ""}, at);
    if (!intake) {
        std::fprintf(stderr, "%s: %s\n", tool, intake.error().message.c_str());
        std::exit(1);
    }
    core::NewAppeal request;
    request.appeal = intake->appeal;
    request.uin_prefix = intake->uin_prefix;
    request.uin_year = intake->uin_year;
    request.entry.at = at;
    request.entry.actor = "bench";
    request.entry.action = "register";
    return request;
}

}  // namespace otklik::bench

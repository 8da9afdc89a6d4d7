#pragma once

#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "core/workflow.hpp"
#include "regulation/catalog.hpp"
#include "regulation/regulation_workflow.hpp"

namespace otklik::app {

/// Loads every *.toml file of `folder`, in name order, into a catalog; files that fail are kept
/// with the loader's reason (GET /api/v1/regulations shows them) and logged. A missing folder
/// gives an empty catalog.
std::shared_ptr<const regulation::RegulationCatalog> LoadRegulationFolder(
    const std::string& folder);

/// Regulation id → UIN prefix, as the catalog's regulation files declare them (`uin_prefix`):
/// the numbers the basic workflow gives when it registers for a regulation.
std::map<std::string, std::string> UinPrefixes(const regulation::RegulationCatalog& catalog);

/// The workflow a deployment runs by: the catalog's regulations with the production calendar
/// and regions from `data_dir`, and `fallback` for appeals of regulations not loaded.
/// Throws std::runtime_error when the reference data cannot be read.
std::unique_ptr<regulation::RegulationWorkflow> MakeRegulationWorkflow(
    std::shared_ptr<const regulation::RegulationCatalog> catalog, const std::string& data_dir,
    const std::string& default_regulation, const core::Workflow* fallback);

/// Where the reference data (data/ru_production_calendar.csv, data/ru_regions.csv) is: the
/// `data` folder beside the regulations folder, else ./data, else the source tree's data/
/// the binary was built from; empty when none holds the calendar.
std::string ReferenceDataDir(const std::string& regulations_folder);

/// `otklik check-regulation FILE`: prints "OK: id version N — name" or the loader's
/// "FILE:LINE: reason" lines; returns the exit code (0, or 1 when refused).
int CheckRegulation(const std::string& file, std::ostream& out, std::ostream& err);

}  // namespace otklik::app

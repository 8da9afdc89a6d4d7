#include "app/regulations.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "regulation/loader.hpp"
#include "sla/production_calendar.hpp"
#include "sla/regions.hpp"

namespace otklik::app {
namespace fs = std::filesystem;

std::shared_ptr<const regulation::RegulationCatalog> LoadRegulationFolder(
    const std::string& folder) {
    auto catalog = std::make_shared<regulation::RegulationCatalog>();
    std::error_code error;
    if (folder.empty() || !fs::is_directory(folder, error)) {
        spdlog::warn("regulations: no folder '{}'", folder);
        return catalog;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        auto loaded = regulation::LoadRegulationFile(file);
        if (loaded) {
            spdlog::info("regulations: {} version {} from {}", loaded->id, loaded->version,
                         file.string());
        } else {
            spdlog::error("regulations: refused {}", loaded.error().message);
        }
        catalog->Add(file.string(), std::move(loaded));
    }
    return catalog;
}

std::string ReferenceDataDir(const std::string& regulations_folder) {
    std::vector<fs::path> candidates;
    if (!regulations_folder.empty()) {
        candidates.push_back(fs::absolute(regulations_folder).parent_path() / "data");
    }
    candidates.emplace_back("data");
#ifdef OTKLIK_SOURCE_DATA_DIR
    candidates.emplace_back(OTKLIK_SOURCE_DATA_DIR);
#endif
    std::error_code error;
    for (const auto& candidate : candidates) {
        if (fs::exists(candidate / "ru_production_calendar.csv", error)) return candidate.string();
    }
    return {};
}

std::map<std::string, std::string> UinPrefixes(const regulation::RegulationCatalog& catalog) {
    std::map<std::string, std::string> prefixes;
    for (const auto* r : catalog.All()) prefixes.emplace(r->id, r->uin_prefix);
    return prefixes;
}

std::unique_ptr<regulation::RegulationWorkflow> MakeRegulationWorkflow(
    std::shared_ptr<const regulation::RegulationCatalog> catalog, const std::string& data_dir,
    const std::string& default_regulation, const core::Workflow* fallback) {
    regulation::WorkflowOptions options;
    if (data_dir.empty()) throw std::runtime_error("no data/ru_production_calendar.csv found");
    auto calendar =
        sla::ProductionCalendar::LoadFile(fs::path(data_dir) / "ru_production_calendar.csv");
    if (!calendar) throw std::runtime_error(calendar.error().message);
    options.calendar = std::make_shared<const sla::ProductionCalendar>(std::move(*calendar));
    auto regions = sla::Regions::LoadFile(fs::path(data_dir) / "ru_regions.csv");
    if (!regions) throw std::runtime_error(regions.error().message);
    options.regions = std::make_shared<const sla::Regions>(std::move(*regions));
    options.default_regulation = default_regulation;
    options.fallback = fallback;
    try {
        return std::make_unique<regulation::RegulationWorkflow>(std::move(catalog), options);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(e.what());
    }
}

int CheckRegulation(const std::string& file, std::ostream& out, std::ostream& err) {
    const auto loaded = regulation::LoadRegulationFile(file);
    if (!loaded) {
        err << loaded.error().message << '\n';
        return 1;
    }
    out << "OK: " << file << ": " << loaded->id << " version " << loaded->version << " — "
        << loaded->name << '\n';
    return 0;
}

}  // namespace otklik::app

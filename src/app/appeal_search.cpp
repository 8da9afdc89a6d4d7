#include "app/appeal_search.hpp"

#include <filesystem>

#include <spdlog/spdlog.h>

namespace otklik::app {

AppealSearchSetup::AppealSearchSetup(storage::Store& store, const std::string& data_dir,
                                     const std::string& reference_data) {
    search_ = store.NativeSearch();
    if (search_ == nullptr) {
        search::XapianAppealSearchOptions options;
        options.directory = (std::filesystem::path(data_dir) / "search" / "appeals").string();
        index_ = std::make_unique<search::XapianAppealSearch>(store.SearchFeed(), options);
        search_ = index_.get();
    }
    if (!reference_data.empty()) {
        auto regions =
            sla::Regions::LoadFile(std::filesystem::path(reference_data) / "ru_regions.csv");
        if (regions) {
            regions_ = std::make_unique<const sla::Regions>(std::move(*regions));
        } else {
            spdlog::warn("serve: {}; the region filter takes codes only", regions.error().message);
        }
    }
}

AppealSearchSetup::~AppealSearchSetup() { Stop(); }

void AppealSearchSetup::AddGauges(api::Metrics& metrics) {
    if (!index_) return;
    auto* index = index_.get();
    metrics.AddGauge("otklik_search_indexed_change",
                     "Position in the store's change stream the appeals' index holds.",
                     [index] { return static_cast<double>(index->indexed_change()); });
    metrics.AddGauge("otklik_search_lag_changes",
                     "Changes of appeals not yet in the appeals' index (last look).",
                     [index] { return static_cast<double>(index->lag()); });
    metrics.AddGauge("otklik_search_indexed_appeals", "Appeals in the full-text index.",
                     [index] { return static_cast<double>(index->size()); });
}

void AppealSearchSetup::Start() {
    if (index_) index_->Start();
}

void AppealSearchSetup::Stop() {
    if (index_) index_->Stop();
}

void AppealSearchSetup::Notify() {
    if (index_) index_->Notify();
}

}  // namespace otklik::app

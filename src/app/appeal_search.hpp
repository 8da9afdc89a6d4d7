#pragma once

#include <memory>
#include <string>

#include "api/metrics.hpp"
#include "core/appeal_search.hpp"
#include "search/appeal_search.hpp"
#include "sla/regions.hpp"
#include "storage/store.hpp"

namespace otklik::app {

/// Full-text search over appeals as the store calls for (issue 16): PostgreSQL answers it
/// itself, the same on every node; the embedded store gets a Xapian index in
/// DATA/search/appeals, fed from the store's change stream by a background thread that
/// Notify() wakes after every write. Also the region names the list's filter accepts.
class AppealSearchSetup {
public:
    /// `store` must outlive this; `reference_data` holds ru_regions.csv ("" or unreadable:
    /// region codes only, with a warning).
    AppealSearchSetup(storage::Store& store, const std::string& data_dir,
                      const std::string& reference_data);
    ~AppealSearchSetup();

    core::AppealSearch& search() { return *search_; }
    const sla::Regions* regions() const { return regions_.get(); }

    /// The index's progress as gauges: indexed change, lag, documents.
    void AddGauges(api::Metrics& metrics);
    void Start();
    void Stop();
    void Notify();

private:
    std::unique_ptr<search::XapianAppealSearch> index_;  // the embedded store only
    core::AppealSearch* search_ = nullptr;
    std::unique_ptr<const sla::Regions> regions_;
};

}  // namespace otklik::app

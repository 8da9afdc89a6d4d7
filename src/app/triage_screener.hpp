#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include "core/repositories.hpp"
#include "core/screening.hpp"
#include "regulation/catalog.hpp"
#include "triage/triage_engine.hpp"

namespace otklik::app {

/// The triage text classifier the server loads: `data_dir`/triage_model.bin where a package
/// installed it, else the one this build trained (cmake/triage_model.cmake); empty when neither
/// exists.
std::string TriageModelFile(const std::string& data_dir);

/// core::Screener on the triage library: maps a draft and the applicant's earlier appeals to
/// the engine's input, its outcome to the core's decision and typed triage report, and
/// remembers recently registered appeals for mass-incident detection. Thread-safe.
class TriageScreener final : public core::Screener {
public:
    /// Loads the lexicons from `data_dir` (data/) and the text classifier (TriageModelFile), and
    /// builds one engine per regulation of
    /// `catalog` with the actions its [triage] section sets (the defaults for the rest and for
    /// drafts of unknown regulations). Throws naming the file and line of a bad setting.
    TriageScreener(const std::string& data_dir, const regulation::RegulationCatalog* catalog);

    [[nodiscard]] core::Screening Screen(const core::AppealDraft& draft,
                                         const std::vector<core::Appeal>& earlier,
                                         core::Instant now,
                                         const core::AppealScope& scope) const override;
    /// Each appeal once, however often it is heard of (this node, a resync, another node).
    void Remember(const core::Appeal& appeal) override;

    /// Remembers the appeals registered within the mass-incident window before `now`, the
    /// newest kRecentCapacity of them, oldest first: a restarted server groups a new report with
    /// the reports of an incident that came in before the restart. Returns how many.
    std::size_t RememberRecent(core::AppealRepository& appeals, core::Instant now);

private:
    // Enough recent appeals to see a mass incident forming; each Screen copies them, so few.
    static constexpr std::size_t kRecentCapacity = 300;

    triage::PastAppeal ToPast(const core::Appeal& appeal) const;

    const triage::TriageEngine& EngineFor(const std::string& regulation) const;

    std::unique_ptr<triage::TriageEngine> engine_;  // defaults
    std::map<std::string, std::unique_ptr<triage::TriageEngine>> by_regulation_;
    mutable std::mutex mutex_;
    // Guarded by mutex_; newest last; each with its applicant region, for the caller's scope.
    // Shared with the triage contexts of the calls under way: a call copies 300 pointers, not
    // 300 appeals (issue 18).
    std::deque<std::pair<std::string, std::shared_ptr<const triage::PastAppeal>>> recent_;
    // The ids in recent_ (guarded by mutex_): an appeal heard of twice (registered here, read
    // again at a resync, announced by another node) is remembered once.
    std::unordered_set<std::int64_t> remembered_;
};

}  // namespace otklik::app

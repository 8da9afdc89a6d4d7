// The deadline watcher over the real store and the hotline regulation: it runs what is due, in
// order, at the timers' own instants, reads only due appeals, and catches up after downtime.
#include "jobs/deadline_watcher.hpp"

#include "support/temp_dir.hpp"
#include <gtest/gtest.h>

#include "regulation/loader.hpp"
#include "regulation/regulation_workflow.hpp"
#include "sla/production_calendar.hpp"
#include "sla/regions.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace otklik::jobs {
namespace {

core::Instant At(const char* text) { return *core::ParseInstant(text); }

std::unique_ptr<regulation::RegulationWorkflow> Hotline() {
    auto catalog = std::make_shared<regulation::RegulationCatalog>();
    const std::string file = std::string(OTKLIK_REGULATIONS_DIR) + "/hotline.toml";
    catalog->Add(file, regulation::LoadRegulationFile(file));
    regulation::WorkflowOptions options;
    options.calendar =
        std::make_shared<const sla::ProductionCalendar>(*sla::ProductionCalendar::LoadFile(
            std::string(OTKLIK_DATA_DIR) + "/ru_production_calendar.csv"));
    options.regions = std::make_shared<const sla::Regions>(
        *sla::Regions::LoadFile(std::string(OTKLIK_DATA_DIR) + "/ru_regions.csv"));
    return std::make_unique<regulation::RegulationWorkflow>(catalog, options);
}

core::AppealDraft Incident(const char* priority) {
    core::AppealDraft draft;
    draft.regulation = "hotline";
    draft.channel = "api";
    draft.text = "Система недоступна";
    draft.category = "ИНЦ";
    draft.priority = priority;
    draft.applicant.first_name = "Анна";
    draft.applicant.email = "anna@example.ru";
    draft.applicant.region = "77";
    return draft;
}

class Watcher : public ::testing::Test {
protected:
    Watcher()
        : store_({dir_.File("otklik.db"), 2}),
          workflow_(Hotline()),
          clock_(At("2026-01-16T12:00:00Z")),  // Fri 15:00 MSK
          service_(store_.Appeals(), *workflow_, clock_) {}

    std::string Register(const char* priority) {
        const core::Actor actor{1, "op", core::Role::kOperator, "line1", ""};
        auto registered = service_.Register(Incident(priority), actor, "", "");
        EXPECT_TRUE(registered.has_value()) << (registered ? "" : registered.error().message);
        return registered ? registered->appeal.uin : std::string();
    }

    core::Appeal Find(const std::string& uin) { return *store_.Appeals().FindByUin(uin); }

    std::vector<std::string> Actions(const std::string& uin) {
        std::vector<std::string> actions;
        const auto history = store_.Appeals().History(Find(uin).id);
        for (const auto& entry : *history) actions.push_back(entry.action);
        return actions;
    }

    testing::TempDir dir_;
    storage::sqlite::SqliteStore store_;
    std::unique_ptr<regulation::RegulationWorkflow> workflow_;
    core::ManualClock clock_;
    core::AppealService service_;
};

TEST_F(Watcher, RunsOnlyWhatIsDue) {
    const std::string p1 = Register("P1");  // escalates Mon 12:00 MSK, due Mon 15:00
    const std::string p3 = Register("P3");  // escalates Thu 22 Jan
    DeadlineWatcher watcher(service_, store_.Appeals(), clock_);
    EXPECT_EQ(watcher.RunDue(), 0);
    clock_.Set(At("2026-01-19T09:00:00Z"));
    EXPECT_EQ(watcher.RunDue(), 1);
    EXPECT_EQ(Find(p1).group, "line2");
    EXPECT_EQ(Find(p3).group, "line1");
    EXPECT_EQ(watcher.RunDue(), 0) << "nothing is done twice";
    EXPECT_EQ(watcher.changes(), 1u);
}

// Downtime: the server comes back after every timer of an appeal fell due; one run performs them
// all, in order, each at its own instant.
TEST_F(Watcher, CatchesUpAfterDowntime) {
    const std::string uin = Register("P1");
    clock_.Set(At("2026-02-02T07:00:00Z"));
    DeadlineWatcher watcher(service_, store_.Appeals(), clock_);
    EXPECT_EQ(watcher.RunDue(), 2);
    const auto appeal = Find(uin);
    EXPECT_EQ(appeal.attributes.at("escalated.resolution"), "2026-01-19T09:00:00Z");
    EXPECT_EQ(appeal.attributes.at("breached.resolution"), "2026-01-19T12:00:00Z");
    EXPECT_FALSE(appeal.next_event_at);
    EXPECT_EQ(Actions(uin), (std::vector<std::string>{"register", "escalate", "breach"}));
}

// The thread's first run happens before it looks at Stop(): catching up does not wait.
TEST_F(Watcher, ThreadRunsAtStart) {
    const std::string uin = Register("P1");
    clock_.Set(At("2026-01-19T09:30:00Z"));
    DeadlineWatcher watcher(service_, store_.Appeals(), clock_,
                            WatcherOptions{16, std::chrono::hours{1}, 10});
    watcher.Start();
    watcher.Notify();
    watcher.Stop();
    EXPECT_EQ(Find(uin).group, "line2");
}

TEST_F(Watcher, NotifyingRepositoryReportsWrites) {
    int writes = 0;
    NotifyingRepository notifying(store_.Appeals(), [&writes] { ++writes; });
    core::AppealService service(notifying, *workflow_, clock_);
    const core::Actor actor{1, "op", core::Role::kOperator, "line1", ""};
    const auto registered = service.Register(Incident("P2"), actor, "", "");
    ASSERT_TRUE(registered.has_value());
    EXPECT_EQ(writes, 1);
    ASSERT_TRUE(service.Act(registered->appeal.uin, {"take", {}}, actor, std::nullopt).has_value());
    EXPECT_EQ(writes, 2);
    EXPECT_FALSE(
        service.Act(registered->appeal.uin, {"take", {}}, actor, std::nullopt).has_value());
    EXPECT_EQ(writes, 2) << "a refused action writes nothing";
}

}  // namespace
}  // namespace otklik::jobs

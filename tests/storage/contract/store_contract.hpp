#pragma once

// The storage contract: what every store (SQLite now, PostgreSQL next) must do, observed through
// the core interfaces only. Each suite below is a value-parameterized test over the registered
// store factories; a new store joins the whole suite with one StoreFactoryRegistration.

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "storage/store.hpp"

namespace otklik::storage::contract {

/// A way to open a store for the suite.
struct StoreFactory {
    /// Names the instantiation in test names ("sqlite", "postgres"): letters, digits, '_'.
    std::string name;
    /// Opens the store belonging to `scratch`, an empty folder owned by one test: the first call
    /// gives an empty store; a later call with the same folder, after the first store was
    /// destroyed, opens the same data again (a restart).
    std::function<std::unique_ptr<Store>(const std::string& scratch)> open;
};

/// GoogleTest prints a parameter by its bytes unless told otherwise; the name reads better in
/// test listings and failures.
inline void PrintTo(const StoreFactory& factory, std::ostream* out) { *out << factory.name; }

/// Every registered factory, in registration order.
std::vector<StoreFactory>& StoreFactories();

/// Registers a factory at static initialization: one object per store, in its own file
/// (sqlite_factory.cpp). The list is read when GoogleTest expands the suites, after main starts.
struct StoreFactoryRegistration {
    explicit StoreFactoryRegistration(StoreFactory factory) {
        StoreFactories().push_back(std::move(factory));
    }
};

/// A fresh store per test, opened by the parameter's factory.
class StoreContract : public ::testing::TestWithParam<StoreFactory> {
protected:
    void SetUp() override { store_ = GetParam().open(scratch_.path().string()); }
    void TearDown() override { store_.reset(); }

    /// Closes the store and opens it again over the same data.
    void Reopen() {
        store_.reset();
        store_ = GetParam().open(scratch_.path().string());
    }

    Store& store() { return *store_; }
    core::AppealRepository& appeals() { return store_->Appeals(); }
    core::UserRepository& users() { return store_->Users(); }
    core::AuditRepository& audit() { return store_->Audit(); }
    core::MailStore& mail() { return store_->Mail(); }
    core::CallRepository& calls() { return store_->Calls(); }
    core::ReportRepository& reports() { return store_->Reports(); }
    core::ContactProofRepository& proofs() { return store_->ContactProofs(); }
    core::KbRepository& kb() { return store_->Knowledge(); }

private:
    otklik::testing::TempDir scratch_;
    std::unique_ptr<Store> store_;
};

/// The factory's name as the instantiation's test-name suffix.
std::string FactoryName(const ::testing::TestParamInfo<StoreFactory>& info);

/// Instantiates the suite `Suite` (a class derived from StoreContract) for every store.
#define OTKLIK_STORE_CONTRACT(Suite)                                                             \
    GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Suite);                                        \
    INSTANTIATE_TEST_SUITE_P(Stores, Suite,                                                      \
                             ::testing::ValuesIn(::otklik::storage::contract::StoreFactories()), \
                             ::otklik::storage::contract::FactoryName)

inline core::Instant At(const char* text) { return *core::ParseInstant(text); }

/// A registration of the hotline ("ГЛ", 2026) with one e-mail notice, ready to store.
core::NewAppeal MakeRequest(const std::string& text, const std::string& group = "line1",
                            core::Instant created = At("2026-03-02T07:00:00Z"));

/// A notice to the applicant of `appeal_id` (0: none), created at `at`.
core::OutboxMessage Notice(std::int64_t appeal_id, core::Instant at,
                           const std::string& channel = "email");

}  // namespace otklik::storage::contract

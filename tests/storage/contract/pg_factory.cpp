// The PostgreSQL store under the contract (issue 14): one database per test on the harness's
// server (tests/support/postgres-server, or OTKLIK_TEST_PG_URL), opened through
// storage::OpenStore as the app opens it. The scratch folder names the database, so a Reopen
// in the same test finds the same data.
//
// The server starts on the first test that opens a store: ctest runs this instantiation as one
// process (tests/storage/CMakeLists.txt), so one server serves every PostgreSQL test; the SQLite
// tests, run one process each with a filter, never start it.
#include <map>
#include <string>

#include "store_contract.hpp"
#include "support/postgres_server.hpp"

namespace otklik::storage::contract {
namespace {

// The databases of the running test, by scratch folder; dropped when the test ends, so that an
// external server does not fill up.
std::map<std::string, std::string>& Databases() {
    static std::map<std::string, std::string> databases;
    return databases;
}

class DropDatabasesAfterEachTest : public ::testing::EmptyTestEventListener {
    void OnTestEnd(const ::testing::TestInfo&) override {
        for (const auto& [scratch, url] : Databases()) {
            try {
                otklik::testing::SharedPostgresServer().DropDatabase(url);
            } catch (const std::exception&) {
                // The server's folder goes with the process; a leftover database is harmless.
            }
        }
        Databases().clear();
    }
};

std::unique_ptr<Store> OpenPostgres(const std::string& scratch) {
    static const bool listening = [] {
        ::testing::UnitTest::GetInstance()->listeners().Append(new DropDatabasesAfterEachTest);
        return true;
    }();
    (void)listening;
    auto [at, created] = Databases().try_emplace(scratch);
    if (created) at->second = otklik::testing::SharedPostgresServer().FreshDatabase("contract");
    return OpenStore({at->second, 2});
}

const StoreFactoryRegistration kPostgres{{"postgres", OpenPostgres}};

}  // namespace
}  // namespace otklik::storage::contract

// The embedded store under the contract: a file in the test's scratch folder.
//
// Another store joins the same way, in a file of its own added to otklik_storage_contract_tests:
// PostgreSQL (issue 14) registers its factory only when OTKLIK_TEST_PG_URL names a server,
// opening one database per scratch folder, so that without it the suite runs on SQLite alone.
#include "store_contract.hpp"

namespace otklik::storage::contract {
namespace {

const StoreFactoryRegistration kSqlite{{"sqlite", [](const std::string& scratch) {
                                            return OpenStore({scratch + "/otklik.db", 2});
                                        }}};

}  // namespace
}  // namespace otklik::storage::contract

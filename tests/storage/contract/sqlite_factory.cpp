// The embedded store under the contract: a file in the test's scratch folder.
#include "store_contract.hpp"

namespace otklik::storage::contract {
namespace {

const StoreFactoryRegistration kSqlite{{"sqlite", [](const std::string& scratch) {
                                            return OpenStore({scratch + "/otklik.db", 2});
                                        }}};

}  // namespace
}  // namespace otklik::storage::contract

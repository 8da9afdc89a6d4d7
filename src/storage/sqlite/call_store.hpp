#pragma once

#include <string>

#include "core/calls.hpp"
#include "core/repositories.hpp"
#include "storage/sqlite/database.hpp"

namespace otklik::storage::sqlite {

/// Registration's side of a reserved number, on the writer's connection `c`: takes the number of
/// the open call `request.reserved_uin` of the same regulation and ends the call as
/// "registered"; kValidation on field "reserved_uin" otherwise.
core::Result<std::string> TakeReservedUin(Connection& c, const core::NewAppeal& request);

/// Phone calls and the UINs they reserve (CH-2) in the embedded store's file; thread-safe.
class CallStore final : public core::CallRepository {
public:
    /// `db` is shared with the store's other repositories and must outlive this.
    explicit CallStore(Database& db) : db_(db) {}

    [[nodiscard]] core::Result<core::Call> ReserveCall(const core::UinSlot& slot,
                                                       core::Call call) override;
    [[nodiscard]] core::Result<core::Call> FindCall(std::string_view uin) override;
    [[nodiscard]] core::Result<core::Call> EndCall(std::string_view uin, const std::string& outcome,
                                                   const std::string& note,
                                                   core::Instant at) override;
    [[nodiscard]] core::Result<std::vector<core::Call>> OpenCalls(
        const std::string& operator_login) override;
    [[nodiscard]] core::Result<core::CallDraft> SaveCallDraft(
        const core::CallDraft& draft) override;
    [[nodiscard]] core::Result<core::CallDraft> FindCallDraft(std::string_view uin) override;
    [[nodiscard]] core::Result<bool> DropCallDraft(std::string_view uin) override;
    [[nodiscard]] core::Result<std::vector<core::Call>> DraftedCalls(
        const std::string& operator_login) override;

private:
    Database& db_;
};

}  // namespace otklik::storage::sqlite

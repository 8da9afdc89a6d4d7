#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "core/workflow.hpp"

namespace otklik::core {

/// A phone call taken by an intake operator. Its UIN is reserved when the call is taken, so
/// that the operator says it first, before the form is filled (CH-2, PH-1, 004 memo item 1).
/// Every reserved number is accounted for: the call ends either by registering the appeal
/// under that number or with the reason no appeal was registered.
struct Call {
    std::string uin;
    std::string regulation;
    std::string channel;
    std::string operator_login;
    Instant started_at{};
    std::optional<Instant> ended_at;
    std::string outcome;  ///< "" while the call is open; else one of CallOutcomes()
    std::string note;
};

/// Codes a call ends with and their Russian names; "registered" is set by registration only.
struct CallOutcome {
    std::string_view code;
    std::string_view name;
};
const std::vector<CallOutcome>& CallOutcomes();

/// Where calls live; implemented by storage/sqlite. Thread-safe; writes return once durable.
class CallRepository {
public:
    virtual ~CallRepository() = default;
    /// Allocates the next UIN of `slot` (the same sequence appeals use) and stores the call.
    [[nodiscard]] virtual Result<Call> ReserveCall(const UinSlot& slot, Call call) = 0;
    [[nodiscard]] virtual Result<Call> FindCall(std::string_view uin) = 0;
    /// Ends an open call; kConflict "call_ended" when it has ended already.
    [[nodiscard]] virtual Result<Call> EndCall(std::string_view uin, const std::string& outcome,
                                               const std::string& note, Instant at) = 0;
    /// Open calls of one operator, oldest first.
    [[nodiscard]] virtual Result<std::vector<Call>> OpenCalls(
        const std::string& operator_login) = 0;
};

/// Taking and ending calls. The appeal itself is registered through AppealService with the
/// draft's `reserved_uin`, which ends the call as "registered" in the same transaction.
class CallService {
public:
    CallService(CallRepository& calls, const Workflow& workflow, const Clock& clock)
        : calls_(calls), workflow_(workflow), clock_(clock) {}

    /// Reserves a UIN under the regulation in force (its prefix, this year).
    [[nodiscard]] Result<Call> Take(const std::string& regulation, const std::string& channel,
                                    const Actor& actor);
    /// Ends a call without an appeal; only its operator or a supervisor may.
    [[nodiscard]] Result<Call> End(std::string_view uin, const std::string& outcome,
                                   const std::string& note, const Actor& actor);
    [[nodiscard]] Result<Call> Get(std::string_view uin, const Actor& actor);
    [[nodiscard]] Result<std::vector<Call>> Open(const Actor& actor);
    /// The call whose reserved number `appeal` took, for the appeal's card (issue 16): the
    /// caller has checked that the actor may see the appeal. None when it came otherwise.
    [[nodiscard]] Result<std::optional<Call>> OfAppeal(const Appeal& appeal);

private:
    CallRepository& calls_;
    const Workflow& workflow_;
    const Clock& clock_;
};

}  // namespace otklik::core

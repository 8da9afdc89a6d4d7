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

/// The intake form of a call in progress, kept on the server under the reserved number so that
/// a reload or another browser of the same operator continues the call (issue 16 point 6). The
/// form is the workplace's own (an opaque JSON object); it holds the caller's personal data, so
/// it is read only by the call's operator, never logged, and removed when the call ends.
struct CallDraft {
    std::string uin;
    std::string form;  ///< JSON text of an object
    Instant saved_at{};
};

/// kNotFound "draft_not_found": the call has no draft on the server.
Error CallDraftNotFound(std::string_view uin);

/// kConflict "call_ended": the call has ended, its draft is not kept.
Error CallEnded(std::string_view uin);

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
    /// Writes (replaces) the draft of the call `draft.uin`; EndCall removes it. Refused with
    /// kConflict "call_ended" when the call has ended other than by its registration, judged in
    /// the same write: an autosave that arrives after the end must not bring the caller's data
    /// back (a browser test caught one).
    [[nodiscard]] virtual Result<CallDraft> SaveCallDraft(const CallDraft& draft) = 0;
    /// The call's draft; kNotFound "draft_not_found" when there is none.
    [[nodiscard]] virtual Result<CallDraft> FindCallDraft(std::string_view uin) = 0;
    /// Removes the call's draft; true when there was one.
    [[nodiscard]] virtual Result<bool> DropCallDraft(std::string_view uin) = 0;
    /// The calls of one operator that have a draft, open or registered, the latest saved last.
    [[nodiscard]] virtual Result<std::vector<Call>> DraftedCalls(
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
    /// The draft of the actor's own call (issue 16 point 6): only the operator who took the call
    /// reads, writes or removes it. Saving is refused once the call ended without an appeal; a
    /// call whose appeal a transfer registered keeps its draft until the form is finished.
    [[nodiscard]] Result<CallDraft> SaveDraft(std::string_view uin, std::string form,
                                              const Actor& actor);
    [[nodiscard]] Result<CallDraft> Draft(std::string_view uin, const Actor& actor);
    [[nodiscard]] Result<bool> DropDraft(std::string_view uin, const Actor& actor);
    /// The actor's calls with a draft, the latest saved last: the form a reload continues.
    [[nodiscard]] Result<std::vector<Call>> Drafted(const Actor& actor);
    /// The call whose reserved number `appeal` took, for the appeal's card (issue 16): the
    /// caller has checked that the actor may see the appeal. None when it came otherwise.
    [[nodiscard]] Result<std::optional<Call>> OfAppeal(const Appeal& appeal);

private:
    /// The call, when the actor is the operator who took it.
    Result<Call> OwnCall(std::string_view uin, const Actor& actor);

    CallRepository& calls_;
    const Workflow& workflow_;
    const Clock& clock_;
};

}  // namespace otklik::core

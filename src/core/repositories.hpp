#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"
#include "core/appeal_scope.hpp"
#include "core/mail_store.hpp"
#include "core/result.hpp"
#include "core/user.hpp"

namespace otklik::core {

/// Queue and search filters; empty members do not filter.
struct AppealFilter {
    std::vector<Status> statuses;
    std::string group;
    std::string assignee;
    std::string region;
    std::string category;
    std::string priority;
    std::string channel;
    std::string regulation;
    std::string applicant_email;
    std::string applicant_snils;  ///< digits only
    std::string applicant_phone;  ///< canonical +7…
    std::optional<Instant> created_from;
    std::optional<Instant> created_to;
    std::optional<Instant> overdue_at;  ///< only appeals whose due instant is before this
    /// Only appeals whose due instant is in [due_from, due_to) (issue 16: «Срок истекает»).
    std::optional<Instant> due_from;
    std::optional<Instant> due_to;
    /// Any of these stages / channels (a regulation's list); empty: any.
    std::vector<std::string> stages;
    std::vector<std::string> channels;
    std::string pending_reason;
    /// true: only appeals with a breached deadline (an SLA clock's `breached.*` mark, as the
    /// reports count them); false: only those without one; unset: either.
    std::optional<bool> breached;
    /// true: only appeals escalated at least once — an SLA escalation or a transfer to another
    /// line or region in their history, as the reports count escalations (issue 16 point 7);
    /// false: only those never escalated; unset: either.
    std::optional<bool> escalated;
    bool open_only = false;  ///< not closed and not refused
    /// Triage decisions awaiting review ("flag", "hold", "refuse"); empty: any.
    std::vector<std::string> triage_decisions;
    /// Visibility (AppealScope::Restrict): when set, only appeals whose applicant region is one
    /// of these; an empty list matches nothing. Unset: no restriction.
    std::optional<std::vector<std::string>> visible_regions;
};

enum class AppealOrder { kByDeadline, kByCreated, kByCreatedDesc };

/// Keyset pagination: `after` is an opaque cursor from the previous page.
struct PageRequest {
    AppealOrder order = AppealOrder::kByCreatedDesc;
    int limit = 50;
    std::string after;
    /// Only the appeals' queue summaries (views::AppealSummaryText), in AppealPage::summaries.
    bool summaries_only = false;
};

struct AppealPage {
    std::vector<Appeal> items;
    std::vector<std::string> summaries;  ///< with PageRequest::summaries_only, instead of items
    std::string next;                    ///< cursor for the next page, empty on the last one
    /// Full-text search only (AppealSearch): the matched passage of each item or summary.
    std::vector<std::string> snippets;
};

/// Appeals per group and status, from counters the store maintains on every write.
struct QueueCount {
    std::string group;
    std::string status;
    std::int64_t count = 0;
};

/// A registration as one unit of work: the appeal (without id and UIN), its history entry,
/// its notifications, and the idempotency key that must not register it twice (CH-7).
struct NewAppeal {
    Appeal appeal;
    std::string uin_prefix;
    int uin_year = 0;
    HistoryEntry entry;
    std::vector<OutboxMessage> outbox;
    /// Notifications that need the allocated UIN; called inside the transaction, may be empty.
    std::function<std::vector<OutboxMessage>(const Appeal&)> make_outbox;
    /// Earlier appeals (by UIN) the new one is linked to from the start: duplicate of, related.
    std::vector<std::pair<std::string, LinkType>> links;
    std::string idempotency_key;          ///< empty: none
    std::string idempotency_fingerprint;  ///< hash of the request, to catch a reused key
    /// A UIN reserved by an open call of the same regulation (CH-2): the appeal takes it and the
    /// call ends as "registered"; kValidation on field "reserved_uin" otherwise.
    std::string reserved_uin;
    /// The e-mail that brought the appeal (CH-7), recorded in the same transaction with the
    /// new appeal's id, also on a replay: a letter costs its mailbox one durable commit, not two.
    std::optional<ProcessedLetter> letter;
};

/// A change of an existing appeal as one unit of work: the new state, its history entry, its
/// notifications, an optional comment, and appeals registered alongside (a claim about this
/// one, LC-4) with the type of their link to it.
struct AppealChange {
    Appeal appeal;
    std::int64_t expected_version = 0;
    HistoryEntry entry;
    std::vector<OutboxMessage> outbox;
    std::optional<Comment> comment;
    std::vector<std::pair<NewAppeal, LinkType>> spawned;
};

struct Registered {
    Appeal appeal;
    bool replayed = false;  ///< an earlier request with the same key registered it
    /// False when screening decided not to register (TR-8): `appeal` is then the earlier
    /// appeal that got the inquiry as a comment, and `message` says so in Russian.
    bool registered = true;
    std::string message;
    /// What screening found about this request (also for an inquiry that registered nothing).
    std::optional<TriageReport> triage;
};

/// Where appeals live. Implemented by storage/sqlite (and storage/postgres).
/// Every method is atomic and safe to call from several threads at once; a method that writes
/// returns only after the change is durable.
class AppealRepository {
public:
    virtual ~AppealRepository() = default;

    /// Allocates the UIN and stores appeal, history and outbox in one transaction.
    /// The same idempotency key with the same fingerprint returns the first appeal
    /// (replayed = true); with another fingerprint, kConflict "idempotency_key_reused".
    [[nodiscard]] virtual Result<Registered> Register(NewAppeal request) = 0;

    /// Saves the change with version expected_version + 1, only if the stored version is still
    /// `expected_version`; else kConflict "version_conflict". Spawned appeals get their UINs
    /// and links in the same transaction.
    [[nodiscard]] virtual Result<Appeal> Update(AppealChange change) = 0;

    [[nodiscard]] virtual Result<Appeal> FindByUin(std::string_view uin) = 0;
    [[nodiscard]] virtual Result<Appeal> FindById(std::int64_t id) = 0;
    [[nodiscard]] virtual Result<AppealPage> List(const AppealFilter& filter,
                                                  const PageRequest& page) = 0;
    /// The appeals whose applicant e-mail, compared as ContactProof::Canonical (trimmed, ASCII
    /// lower case), is `canonical_email`; newest first, at most `limit`. For an applicant who
    /// has proven that address (issue 17), read from an index.
    [[nodiscard]] virtual Result<std::vector<Appeal>> FindByApplicantEmail(
        std::string_view canonical_email, int limit) = 0;

    /// Stores a comment and its history entry together.
    [[nodiscard]] virtual Result<Comment> AddComment(const Comment& comment,
                                                     const HistoryEntry& entry) = 0;
    /// The same, at most once per `idempotency_key` (CH-7): with a key already used by the same
    /// request (`fingerprint`), stores nothing and returns the comment as given (id 0); with a
    /// key used by another request, kConflict "idempotency_key_reused".
    [[nodiscard]] virtual Result<Comment> AddCommentOnce(const Comment& comment,
                                                         const HistoryEntry& entry,
                                                         const std::string& idempotency_key,
                                                         const std::string& fingerprint) = 0;
    [[nodiscard]] virtual Result<std::vector<Comment>> Comments(std::int64_t appeal_id) = 0;
    [[nodiscard]] virtual Result<std::vector<HistoryEntry>> History(std::int64_t appeal_id) = 0;

    /// Stores a link and a history entry on the source appeal; kConflict "link_exists" when
    /// the same link is there already.
    [[nodiscard]] virtual Result<Link> AddLink(const Link& link, const HistoryEntry& entry) = 0;
    /// Links from and to the appeal.
    [[nodiscard]] virtual Result<std::vector<Link>> Links(std::int64_t appeal_id) = 0;

    /// Open appeals whose next_event_at is at or before `now`, earliest first: what the deadline
    /// watcher must look at, read from an index (never a scan of all appeals).
    [[nodiscard]] virtual Result<std::vector<Appeal>> FindDue(Instant now, int limit) = 0;

    /// Appeal counts by group and status of the appeals `scope` covers, from counters the store
    /// keeps per region on every write (never a scan of appeals).
    [[nodiscard]] virtual Result<std::vector<QueueCount>> QueueCounts(const AppealScope& scope) = 0;

    /// How many appeals `filter` keeps: the exact total of the list List pages through with the
    /// same filter (issue 16: a count on every queue view). Stores answer with one COUNT over
    /// the same conditions; this default pages through List.
    [[nodiscard]] virtual Result<std::int64_t> Count(const AppealFilter& filter);
};

/// Staff accounts, groups, sessions and tokens.
class UserRepository {
public:
    virtual ~UserRepository() = default;

    /// kConflict "login_taken" when the login exists.
    [[nodiscard]] virtual Result<User> CreateUser(const User& user) = 0;
    /// Saves role, group, region, full name, password hash and the disabled flag.
    [[nodiscard]] virtual Result<User> UpdateUser(const User& user) = 0;
    [[nodiscard]] virtual Result<User> FindUserByLogin(std::string_view login) = 0;
    [[nodiscard]] virtual Result<User> FindUserById(std::int64_t id) = 0;
    [[nodiscard]] virtual Result<std::vector<User>> ListUsers() = 0;

    /// kConflict "group_exists" when the code exists.
    [[nodiscard]] virtual Result<Group> CreateGroup(const Group& group) = 0;
    [[nodiscard]] virtual Result<Group> UpdateGroup(const Group& group) = 0;
    [[nodiscard]] virtual Result<std::vector<Group>> ListGroups() = 0;
    [[nodiscard]] virtual Result<Group> FindGroup(std::string_view code) = 0;

    [[nodiscard]] virtual Result<Credential> CreateCredential(const Credential& credential) = 0;
    /// kNotFound for unknown hashes; revoked and expired ones are returned as they are.
    [[nodiscard]] virtual Result<Credential> FindCredential(std::string_view token_hash) = 0;
    [[nodiscard]] virtual Result<std::vector<Credential>> ListCredentials(std::int64_t user_id) = 0;
    [[nodiscard]] virtual Result<Credential> RevokeCredential(std::int64_t id, Instant at) = 0;
    /// Revokes every session and token of a user (disabling, password change).
    [[nodiscard]] virtual Result<int> RevokeAllCredentials(std::int64_t user_id, Instant at) = 0;
};

/// The log of personal-data reads by staff (SEC-3).
class AuditRepository {
public:
    virtual ~AuditRepository() = default;
    [[nodiscard]] virtual Result<PersonalDataAccess> LogAccess(
        const PersonalDataAccess& access) = 0;
    /// Newest first; `appeal_uin` empty for all.
    [[nodiscard]] virtual Result<std::vector<PersonalDataAccess>> Accesses(
        std::string_view appeal_uin, int limit) = 0;
};

}  // namespace otklik::core

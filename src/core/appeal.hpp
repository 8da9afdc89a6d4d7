#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/triage_report.hpp"

namespace otklik::core {

/// Stable API status codes (LC-1). Russian display names come from the regulation.
enum class Status { kRegistered, kAssigned, kInProgress, kPending, kResolved, kClosed, kRefused };

std::string_view StatusCode(Status status);
std::optional<Status> ParseStatus(std::string_view code);
/// Default Russian names, used when a regulation does not name a status.
std::string_view StatusDisplayName(Status status);
/// Closed and refused appeals take no further work and leave the queues.
bool IsFinal(Status status);

/// The person who wrote (CH-3). Personal data: masked where not needed, never logged (SEC-3).
struct Applicant {
    std::string last_name;
    std::string first_name;
    std::string middle_name;
    std::string email;
    std::string phone;
    std::string snils;
    std::string inn;
    std::string birth_date;       ///< YYYY-MM-DD
    std::string region;           ///< code of the federal subject, "77"
    std::string login;            ///< login in the applicant's own system (chatbot, cabinet)
    std::string role;             ///< the applicant's role there (school student, mentor…)
    std::string contact_channel;  ///< how the answer must reach them: email, phone, post…
    std::string address;          ///< residence or postal address, not the problem's place

    bool HasName() const { return !last_name.empty() || !first_name.empty(); }
    bool HasContact() const { return !email.empty() || !phone.empty() || !address.empty(); }
};

/// One event of an appeal's SLA clocks, kept with the appeal in time order. Deadlines are
/// recomputed from the whole list after every change, never kept as running counters
/// (ARCHITECTURE: lessons from the peers; SLA-3, SLA-4).
struct ClockEventRecord {
    Instant at{};
    std::string clock;   ///< "resolution", "first_response", "claim"…
    std::string kind;    ///< start, pause, resume, change_term, stop, reopen
    std::string term;    ///< for start and change_term: "5 business_days", "24 hours"…
    std::string reason;  ///< pause reason code, priority code…
};

/// One appeal = one ticket (CH-6). `version` grows by one with every change (If-Match).
struct Appeal {
    std::int64_t id = 0;
    std::string uin;
    std::string regulation;
    int regulation_version = 1;
    std::string channel;
    Applicant applicant;
    std::string subject;
    std::string text;
    std::string problem_address;  ///< where the problem is (CH-5), not where the applicant lives
    std::string category;
    std::string subcategory;
    std::string priority;
    Status status = Status::kRegistered;
    std::string pending_reason;
    std::string stage;
    std::string group;                         ///< code of the responsible group
    std::string assignee;                      ///< login of the responsible person
    std::string organization;                  ///< code of the executor organization
    std::map<std::string, Instant> deadlines;  ///< "first_response", "resolution"…
    std::vector<ClockEventRecord> clock_events;
    /// The next moment a timer of the regulation is due (escalation, reminder, auto-close,
    /// breach); the deadline watcher reads appeals ordered by it. Empty: nothing scheduled.
    std::optional<Instant> next_event_at;
    /// Regulation-specific state: reminders sent, transfers made, delivery channel, claim of…
    std::map<std::string, std::string, std::less<>> attributes;
    /// What intake screening found (TR-*); empty when the appeal was not screened. A person's
    /// review of it is kept apart (TriageReviewOf, core/appeal_attributes.hpp).
    std::optional<TriageReport> triage;
    std::string source_ref;  ///< e-mail Message-ID, call id: where it came from
    std::string created_by;
    std::int64_t version = 1;
    Instant created_at{};
    Instant updated_at{};
    std::optional<Instant> closed_at;

    /// The nearest deadline that is still ahead of the work: the queue's sort key.
    std::optional<Instant> DueAt() const;
};

enum class Visibility { kInternal, kPublic };

/// A comment: internal ones are never shown to the applicant (LC-9, 000 §6.4).
struct Comment {
    std::int64_t id = 0;
    std::int64_t appeal_id = 0;
    Instant at{};
    std::string author;
    std::string text;
    Visibility visibility = Visibility::kInternal;
};

/// LC-8: typed links between appeals. `merged_into` hides the source behind the target.
enum class LinkType { kDuplicateOf, kClaimAbout, kRelated, kStatusInquiryAbout, kMergedInto };

std::string_view LinkTypeCode(LinkType type);
std::optional<LinkType> ParseLinkType(std::string_view code);

struct Link {
    std::int64_t id = 0;
    std::int64_t from_id = 0;
    std::string from_uin;
    std::int64_t to_id = 0;
    std::string to_uin;
    LinkType type = LinkType::kRelated;
    Instant at{};
    std::string author;
};

struct FieldChange {
    std::string field;
    std::string from;
    std::string to;
};

/// Who did what and when, and what changed from what to what (LC-9). Personal data fields
/// record only that they changed, not their values.
struct HistoryEntry {
    std::int64_t id = 0;
    std::int64_t appeal_id = 0;
    Instant at{};
    std::string actor;
    std::string action;
    std::vector<FieldChange> changes;
    std::string note;
};

/// A notification to send, written in the same transaction as the change that causes it.
struct OutboxMessage {
    std::int64_t id = 0;
    std::int64_t appeal_id = 0;
    std::string kind;       ///< template code: "registered", "resolved"…
    std::string channel;    ///< "email"
    std::string recipient;  ///< address
    std::string payload;    ///< JSON with what the template needs
    Instant created_at{};
};

}  // namespace otklik::core

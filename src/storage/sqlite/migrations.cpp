#include "storage/sqlite/migrations.hpp"

#include <chrono>
#include <set>
#include <string>

namespace otklik::storage::sqlite {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE uin_counters (
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
) WITHOUT ROWID;

CREATE TABLE appeals (
    id INTEGER PRIMARY KEY,
    uin TEXT NOT NULL UNIQUE,
    regulation TEXT NOT NULL,
    regulation_version INTEGER NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    pending_reason TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL DEFAULT '',
    grp TEXT NOT NULL DEFAULT '',
    assignee TEXT NOT NULL DEFAULT '',
    organization TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    subcategory TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    applicant_email TEXT,
    applicant_snils TEXT,
    applicant_phone TEXT,
    is_open INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
);
-- Queues read from indexes, never from scans (ARCHITECTURE: lessons from the peers).
CREATE INDEX appeals_group_queue ON appeals (grp, is_open, due_at, id);
CREATE INDEX appeals_assignee_queue ON appeals (assignee, is_open, due_at, id);
CREATE INDEX appeals_open_by_deadline ON appeals (is_open, due_at, id);
CREATE INDEX appeals_status ON appeals (status, due_at, id);
CREATE INDEX appeals_created ON appeals (created_at, id);
CREATE INDEX appeals_applicant_email ON appeals (applicant_email) WHERE applicant_email IS NOT NULL;
CREATE INDEX appeals_applicant_snils ON appeals (applicant_snils) WHERE applicant_snils IS NOT NULL;
CREATE INDEX appeals_applicant_phone ON appeals (applicant_phone) WHERE applicant_phone IS NOT NULL;

CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    appeal_id INTEGER NOT NULL REFERENCES appeals(id),
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_by_appeal ON history (appeal_id, id);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    appeal_id INTEGER NOT NULL REFERENCES appeals(id),
    at INTEGER NOT NULL,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE INDEX comments_by_appeal ON comments (appeal_id, id);

CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    from_id INTEGER NOT NULL REFERENCES appeals(id),
    to_id INTEGER NOT NULL REFERENCES appeals(id),
    type TEXT NOT NULL,
    at INTEGER NOT NULL,
    author TEXT NOT NULL,
    UNIQUE (from_id, to_id, type)
);
CREATE INDEX links_to ON links (to_id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    appeal_id INTEGER REFERENCES appeals(id),
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    sent_at INTEGER,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    appeal_id INTEGER NOT NULL REFERENCES appeals(id),
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    line INTEGER NOT NULL DEFAULT 1,
    region TEXT NOT NULL DEFAULT ''
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    grp TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE credentials (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX credentials_by_user ON credentials (user_id);
)sql";

// Queue counts are maintained on every write instead of COUNT(*) per page view
// (osTicket #4805); the personal-data access log answers SEC-3.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE queue_counters (
    grp TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (grp, status)
) WITHOUT ROWID;
INSERT INTO queue_counters (grp, status, n)
    SELECT grp, status, COUNT(*) FROM appeals GROUP BY grp, status;

CREATE TABLE pd_access_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    login TEXT NOT NULL,
    appeal_uin TEXT NOT NULL,
    fields TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pd_access_by_appeal ON pd_access_log (appeal_uin, id);
)sql";

// The deadline watcher reads appeals by their next timer from an index: each tick costs what is
// due, never a scan (SLA-6).
constexpr std::string_view kV3 = R"sql(
ALTER TABLE appeals ADD COLUMN next_event_at INTEGER;
CREATE INDEX appeals_next_event ON appeals (next_event_at) WHERE next_event_at IS NOT NULL;
)sql";

// The e-mail channel (CH-1, CH-7): each mailbox's UID high-water mark under its UIDVALIDITY;
// every handled letter by Message-ID and by place, so that neither a re-delivered copy nor a
// re-fetched UID is taken twice; letters that failed, kept aside with their raw text.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE mailbox_state (
    mailbox TEXT PRIMARY KEY,
    uidvalidity INTEGER NOT NULL,
    last_uid INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE mail_letters (
    message_id TEXT PRIMARY KEY,
    mailbox TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    appeal_id INTEGER REFERENCES appeals(id),
    outcome TEXT NOT NULL,
    at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX mail_letters_place ON mail_letters (mailbox, uidvalidity, uid);

CREATE TABLE mail_failures (
    id INTEGER PRIMARY KEY,
    mailbox TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    message_id TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    raw BLOB NOT NULL,
    at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    resolved_at INTEGER,
    UNIQUE (mailbox, uidvalidity, uid)
);
CREATE INDEX mail_failures_open ON mail_failures (id) WHERE resolved_at IS NULL;
)sql";

// Appeals that triage flagged, held or refused wait in a review list until a supervisor decides
// (TR-*: every automatic refusal can be overturned by a person).
constexpr std::string_view kV5 = R"sql(
ALTER TABLE appeals ADD COLUMN triage_decision TEXT;
CREATE INDEX appeals_triage_review ON appeals (triage_decision, created_at, id)
    WHERE triage_decision IS NOT NULL;
)sql";

// Knowledge bases, article versions, synonyms per base, chatbot sessions (KB-1, KB-3).
constexpr std::string_view kV6 = R"sql(
CREATE TABLE kb_bases (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent TEXT NOT NULL DEFAULT '',
    regulation TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE kb_articles (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    base TEXT NOT NULL,
    regulation TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'faq',
    category TEXT NOT NULL DEFAULT '',
    category_name TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT '[]',
    region_scope TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    keywords TEXT NOT NULL DEFAULT '[]',
    published INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL,
    origin_key TEXT NOT NULL DEFAULT '',
    origin_version INTEGER NOT NULL DEFAULT 0,
    locally_edited INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX kb_articles_base ON kb_articles (base, key);
CREATE TABLE kb_revisions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX kb_revisions_article ON kb_revisions (article_id, version);
CREATE TABLE kb_synonyms (
    base TEXT NOT NULL,
    grp INTEGER NOT NULL,
    terms TEXT NOT NULL,
    PRIMARY KEY (base, grp)
) WITHOUT ROWID;
CREATE TABLE chat_sessions (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    appeal_uin TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Phone calls: the UIN is reserved when a call is taken (CH-2, PH-1); every reserved number
// ends as an appeal or with the reason there is none.
constexpr std::string_view kV7 = R"sql(
CREATE TABLE calls (
    uin TEXT PRIMARY KEY,
    regulation TEXT NOT NULL,
    channel TEXT NOT NULL,
    operator TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    outcome TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX calls_open ON calls (operator, started_at) WHERE outcome = '';
)sql";

// The queue's form of every appeal, written with it, so that a queue page is read without
// decoding appeals (ARCHITECTURE: operator queue p99). A table of its own keeps the rows small:
// a page reads the queue index and fifty short rows. Appeals written before it are rendered on
// read.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE appeal_summaries (
    id INTEGER PRIMARY KEY REFERENCES appeals(id),
    summary TEXT NOT NULL
);
)sql";

// Notices by phone, SMS or post are staff's delivery tasks (002 §3.7, §3.11): who delivered them
// and how; the index lists the open ones without reading the e-mail rows.
constexpr std::string_view kV9 = R"sql(
ALTER TABLE outbox ADD COLUMN delivered_via TEXT;
ALTER TABLE outbox ADD COLUMN delivered_by TEXT;
CREATE INDEX outbox_tasks ON outbox (next_attempt_at) WHERE sent_at IS NULL AND channel <> 'email';
)sql";

// Visibility and applicant identity (SEC-5, SEC-6, issue 12): queue counters per region, so that
// a regional operator's counts come from counters too; one-time codes that prove control of an
// e-mail address and the short-lived proofs they buy — only hashes of codes and tokens.
constexpr std::string_view kV10 = R"sql(
CREATE TABLE region_queue_counters (
    region TEXT NOT NULL,
    grp TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (region, grp, status)
) WITHOUT ROWID;
INSERT INTO region_queue_counters (region, grp, status, n)
    SELECT region, grp, status, COUNT(*) FROM appeals GROUP BY region, grp, status;

CREATE TABLE contact_challenges (
    id INTEGER PRIMARY KEY,
    contact TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    used_at INTEGER
);
CREATE INDEX contact_challenges_by_contact ON contact_challenges (contact, created_at);

CREATE TABLE contact_proofs (
    token_hash TEXT PRIMARY KEY,
    contact TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Issue 17: an applicant who proved an address asks about all of its appeals.
constexpr std::string_view kV11 = R"sql(
CREATE INDEX appeals_applicant_email_folded ON appeals (lower(trim(applicant_email)))
    WHERE applicant_email IS NOT NULL;
)sql";

// The card's conversation lists the letters of one appeal (issue 16): by its index, not a scan.
constexpr std::string_view kV12 = R"sql(
CREATE INDEX outbox_appeal ON outbox (appeal_id, id);
)sql";

// The intake form of a call in progress under its reserved number (issue 16 point 6): a reload
// or another browser of the same operator continues the call; removed when the call ends.
constexpr std::string_view kV13 = R"sql(
CREATE TABLE call_drafts (
    uin TEXT PRIMARY KEY REFERENCES calls(uin),
    form TEXT NOT NULL,
    saved_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Issue 18, fewer index entries written per registration (each is a page rewritten at the group
// commit): every registration wrote both e-mail indexes, at a random place of each; the
// exact-address filter now reads the canonical-form index of migration 11 and compares the
// address as typed (AppealFilterSql), so the plain index goes. A new appeal has no assignee, and
// no query asks for the unassigned by assignee: the assignee queue indexes assigned appeals
// only (the filter repeats the index's condition so that the planner may use it).
constexpr std::string_view kV14 = R"sql(
DROP INDEX IF EXISTS appeals_applicant_email;
DROP INDEX appeals_assignee_queue;
CREATE INDEX appeals_assignee_queue ON appeals (assignee, is_open, due_at, id)
    WHERE assignee <> '';
)sql";

}  // namespace

const std::vector<Migration>& Migrations() {
    static const std::vector<Migration> kMigrations = {
        {1, "appeals, history, comments, links, outbox, users, groups, credentials", kV1},
        {2, "queue counters, personal-data access log", kV2},
        {3, "timer index for the deadline watcher", kV3},
        {4, "e-mail channel: mailbox positions, handled letters, failures", kV4},
        {5, "triage review list", kV5},
        {6, "knowledge bases, article versions, synonyms, chatbot sessions", kV6},
        {7, "phone calls with reserved UINs", kV7},
        {8, "queue summary of every appeal", kV8},
        {9, "delivery tasks for notices by phone, SMS or post", kV9},
        {10, "queue counters per region, contact proofs (SEC-5, SEC-6)", kV10},
        {11, "appeals by the applicant's e-mail in canonical form (issue 17)", kV11},
        {12, "the letters of an appeal by its index (issue 16)", kV12},
        {13, "the intake form of a call in progress (issue 16)", kV13},
        {14, "fewer index entries per registration: one e-mail index, assigned appeals (issue 18)",
         kV14},
    };
    return kMigrations;
}

int SchemaVersion(Connection& connection) {
    connection.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    auto& query = connection.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    query.Step();
    const auto version = static_cast<int>(query.Int(0));
    query.Reset();
    return version;
}

int Migrate(Connection& connection, int target) {
    const int current = SchemaVersion(connection);
    const int latest = Migrations().back().version;
    if (current > latest) {
        throw SqliteError("the data file has schema version " + std::to_string(current) +
                              ", newer than this program knows (" + std::to_string(latest) + ")",
                          0);
    }
    // Every migration not yet recorded, in order: a file migrated by a branch that had a later
    // version still gets an earlier one that landed afterwards.
    std::set<int> recorded;
    {
        auto& query = connection.Prepare("SELECT version FROM schema_migrations");
        while (query.Step()) recorded.insert(static_cast<int>(query.Int(0)));
        query.Reset();
    }
    int applied = 0;
    for (const auto& migration : Migrations()) {
        if (recorded.contains(migration.version) || (target >= 0 && migration.version > target)) {
            continue;
        }
        connection.Exec("BEGIN IMMEDIATE");
        try {
            connection.Exec(migration.sql);
            auto& record = connection.Prepare(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, "
                "?)");
            record.Bind(1, std::int64_t{migration.version})
                .Bind(2, migration.description)
                .Bind(3, std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count())
                .Run();
            connection.Exec("COMMIT");
        } catch (...) {
            connection.Exec("ROLLBACK");
            throw;
        }
        ++applied;
    }
    return applied;
}

}  // namespace otklik::storage::sqlite

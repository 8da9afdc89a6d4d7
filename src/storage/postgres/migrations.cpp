#include "storage/postgres/migrations.hpp"

#include <set>
#include <string>

namespace otklik::storage::postgres {
namespace {

// The embedded store's schema after its tenth migration, in PostgreSQL's dialect: instants are
// Unix milliseconds as there, so rows mean the same in both stores (storage/appeal_codec).
constexpr std::string_view kV1 = R"sql(
CREATE TABLE uin_counters (
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (prefix, year)
);

CREATE TABLE appeals (
    id BIGSERIAL PRIMARY KEY,
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
    is_open BOOLEAN NOT NULL,
    due_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT,
    version BIGINT NOT NULL,
    doc TEXT NOT NULL,
    next_event_at BIGINT,
    triage_decision TEXT,
    -- The deadline watcher of one node holds due appeals for a short lease (server clock), so
    -- that nodes share the work; the version check keeps every change exactly once anyway.
    timer_claimed_by TEXT,
    timer_claimed_until BIGINT
);
CREATE INDEX appeals_group_queue ON appeals (grp, is_open, due_at, id);
CREATE INDEX appeals_assignee_queue ON appeals (assignee, is_open, due_at, id);
CREATE INDEX appeals_open_by_deadline ON appeals (is_open, due_at, id);
CREATE INDEX appeals_status ON appeals (status, due_at, id);
CREATE INDEX appeals_created ON appeals (created_at, id);
CREATE INDEX appeals_applicant_email ON appeals (applicant_email) WHERE applicant_email IS NOT NULL;
CREATE INDEX appeals_applicant_snils ON appeals (applicant_snils) WHERE applicant_snils IS NOT NULL;
CREATE INDEX appeals_applicant_phone ON appeals (applicant_phone) WHERE applicant_phone IS NOT NULL;
CREATE INDEX appeals_next_event ON appeals (next_event_at) WHERE next_event_at IS NOT NULL;
CREATE INDEX appeals_triage_review ON appeals (triage_decision, created_at, id)
    WHERE triage_decision IS NOT NULL;

CREATE TABLE appeal_summaries (
    id BIGINT PRIMARY KEY REFERENCES appeals(id),
    summary TEXT NOT NULL
);

CREATE TABLE history (
    id BIGSERIAL PRIMARY KEY,
    appeal_id BIGINT NOT NULL REFERENCES appeals(id),
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_by_appeal ON history (appeal_id, id);

CREATE TABLE comments (
    id BIGSERIAL PRIMARY KEY,
    appeal_id BIGINT NOT NULL REFERENCES appeals(id),
    at BIGINT NOT NULL,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE INDEX comments_by_appeal ON comments (appeal_id, id);

CREATE TABLE links (
    id BIGSERIAL PRIMARY KEY,
    from_id BIGINT NOT NULL REFERENCES appeals(id),
    to_id BIGINT NOT NULL REFERENCES appeals(id),
    type TEXT NOT NULL,
    at BIGINT NOT NULL,
    author TEXT NOT NULL,
    UNIQUE (from_id, to_id, type)
);
CREATE INDEX links_to ON links (to_id);

CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    appeal_id BIGINT REFERENCES appeals(id),
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    sent_at BIGINT,
    last_error TEXT,
    delivered_via TEXT,
    delivered_by TEXT,
    -- The sender of one node claims due letters (FOR UPDATE SKIP LOCKED) for a lease on the
    -- server's clock; only the claimer may begin their delivery (no letter sent twice).
    claimed_by TEXT,
    claimed_until BIGINT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_tasks ON outbox (next_attempt_at) WHERE sent_at IS NULL AND channel <> 'email';

-- The key is claimed first, before the appeal exists, so that two nodes given the same key
-- wait for each other instead of both registering (CH-7).
CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    appeal_id BIGINT REFERENCES appeals(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE groups (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    line INTEGER NOT NULL DEFAULT 1,
    region TEXT NOT NULL DEFAULT ''
);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    grp TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT false,
    created_at BIGINT NOT NULL
);

CREATE TABLE credentials (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX credentials_by_user ON credentials (user_id);

CREATE TABLE queue_counters (
    grp TEXT NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (grp, status)
);
CREATE TABLE region_queue_counters (
    region TEXT NOT NULL,
    grp TEXT NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (region, grp, status)
);

CREATE TABLE pd_access_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    login TEXT NOT NULL,
    appeal_uin TEXT NOT NULL,
    fields TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pd_access_by_appeal ON pd_access_log (appeal_uin, id);

CREATE TABLE mailbox_state (
    mailbox TEXT PRIMARY KEY,
    uidvalidity BIGINT NOT NULL,
    last_uid BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE mail_letters (
    message_id TEXT PRIMARY KEY,
    mailbox TEXT NOT NULL,
    uidvalidity BIGINT NOT NULL,
    uid BIGINT NOT NULL,
    appeal_id BIGINT REFERENCES appeals(id),
    outcome TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX mail_letters_place ON mail_letters (mailbox, uidvalidity, uid);
CREATE TABLE mail_failures (
    id BIGSERIAL PRIMARY KEY,
    mailbox TEXT NOT NULL,
    uidvalidity BIGINT NOT NULL,
    uid BIGINT NOT NULL,
    message_id TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    raw BYTEA NOT NULL,
    at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    resolved_at BIGINT,
    UNIQUE (mailbox, uidvalidity, uid)
);
CREATE INDEX mail_failures_open ON mail_failures (id) WHERE resolved_at IS NULL;

CREATE TABLE kb_bases (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent TEXT NOT NULL DEFAULT '',
    regulation TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT ''
);
CREATE TABLE kb_articles (
    id BIGSERIAL PRIMARY KEY,
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
    published BOOLEAN NOT NULL DEFAULT true,
    version BIGINT NOT NULL,
    origin_key TEXT NOT NULL DEFAULT '',
    origin_version BIGINT NOT NULL DEFAULT 0,
    locally_edited BOOLEAN NOT NULL DEFAULT false,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX kb_articles_base ON kb_articles (base, key);
CREATE TABLE kb_revisions (
    id BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX kb_revisions_article ON kb_revisions (article_id, version);
CREATE TABLE kb_synonyms (
    base TEXT NOT NULL,
    grp INTEGER NOT NULL,
    terms TEXT NOT NULL,
    PRIMARY KEY (base, grp)
);
CREATE TABLE chat_sessions (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    appeal_uin TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE calls (
    uin TEXT PRIMARY KEY,
    regulation TEXT NOT NULL,
    channel TEXT NOT NULL,
    operator TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    outcome TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX calls_open ON calls (operator, started_at) WHERE outcome = '';

CREATE TABLE contact_challenges (
    id BIGSERIAL PRIMARY KEY,
    contact TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    used_at BIGINT
);
CREATE INDEX contact_challenges_by_contact ON contact_challenges (contact, created_at);
CREATE TABLE contact_proofs (
    token_hash TEXT PRIMARY KEY,
    contact TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
)sql";

// Issue 14: every node's knowledge-base index hears of a change that another node, or any other
// session, committed (storage/postgres/node_bus.hpp: "<sender>|<message>" on otklik_kb, the
// sender being the writing session's application_name). An article names itself; a change of
// bases or synonyms, which are built into each base's index, asks for a reload.
constexpr std::string_view kV2 = R"sql(
CREATE FUNCTION otklik_kb_article_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('otklik_kb', current_setting('application_name') || '|article:' ||
        CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
    RETURN NULL;
END $$;
CREATE TRIGGER kb_articles_notify AFTER INSERT OR UPDATE OR DELETE ON kb_articles
    FOR EACH ROW EXECUTE FUNCTION otklik_kb_article_changed();
CREATE FUNCTION otklik_kb_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('otklik_kb', current_setting('application_name') || '|reload');
    RETURN NULL;
END $$;
CREATE TRIGGER kb_synonyms_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kb_synonyms
    FOR EACH STATEMENT EXECUTE FUNCTION otklik_kb_changed();
CREATE TRIGGER kb_bases_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kb_bases
    FOR EACH STATEMENT EXECUTE FUNCTION otklik_kb_changed();
)sql";

// Full-text search over appeals (issue 16), the same on every node (issue 14): PostgreSQL's own
// `russian` configuration over a document kept beside each appeal by triggers, in the
// transaction that writes the appeal or its comment — no index of a node can trail behind
// another's. Weights: subject and the applicant's name A, text B, letters and public comments
// C. «ё» is folded to «е» as in the Xapian indexes (search/russian_text.hpp). A status change
// leaves the document alone: filters read the appeal's own columns. docs/search.md.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE appeal_search (
    id BIGINT PRIMARY KEY REFERENCES appeals(id),
    document tsvector NOT NULL
);
CREATE INDEX appeal_search_document ON appeal_search USING gin (document);

CREATE FUNCTION otklik_search_comments(appeal BIGINT) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(text, E'\n' ORDER BY id), '') FROM comments
    WHERE appeal_id = appeal AND (visibility = 'public' OR author = 'email')
$$;

CREATE FUNCTION otklik_search_document(appeal BIGINT, doc TEXT) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('russian', translate(concat_ws(' ', d ->> 'subject',
                         d -> 'applicant' ->> 'last_name', d -> 'applicant' ->> 'first_name',
                         d -> 'applicant' ->> 'middle_name'), 'ёЁ', 'еЕ')), 'A')
        || setweight(to_tsvector('russian', translate(coalesce(d ->> 'text', ''), 'ёЁ', 'еЕ')), 'B')
        || setweight(to_tsvector('russian', translate(otklik_search_comments(appeal), 'ёЁ', 'еЕ')),
                     'C')
    FROM (SELECT doc::jsonb AS d) s
$$;

-- The passage a snippet is cut from, HTML-escaped as the Xapian index's snippets are.
CREATE FUNCTION otklik_search_passage(appeal BIGINT, doc TEXT) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT replace(replace(replace(translate(concat_ws(E'\n', d ->> 'subject', d ->> 'text',
               otklik_search_comments(appeal)), 'ёЁ', 'еЕ'), '&', '&amp;'), '<', '&lt;'), '>', '&gt;')
    FROM (SELECT doc::jsonb AS d) s
$$;

CREATE FUNCTION otklik_search_appeal_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        -- Most changes are actions: nothing searchable changed.
        IF (OLD.doc::jsonb -> 'subject') IS NOT DISTINCT FROM (NEW.doc::jsonb -> 'subject')
           AND (OLD.doc::jsonb -> 'text') IS NOT DISTINCT FROM (NEW.doc::jsonb -> 'text')
           AND (OLD.doc::jsonb -> 'applicant') IS NOT DISTINCT FROM (NEW.doc::jsonb -> 'applicant')
        THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO appeal_search (id, document) VALUES (NEW.id, otklik_search_document(NEW.id, NEW.doc))
    ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NULL;
END
$$;
CREATE TRIGGER appeals_search_insert AFTER INSERT ON appeals
    FOR EACH ROW EXECUTE FUNCTION otklik_search_appeal_written();
CREATE TRIGGER appeals_search_update AFTER UPDATE OF doc ON appeals
    FOR EACH ROW EXECUTE FUNCTION otklik_search_appeal_written();

CREATE FUNCTION otklik_search_comment_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.visibility = 'public' OR NEW.author = 'email' THEN
        UPDATE appeal_search SET document = otklik_search_document(a.id, a.doc)
        FROM appeals a WHERE a.id = NEW.appeal_id AND appeal_search.id = a.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER comments_search AFTER INSERT ON comments
    FOR EACH ROW EXECUTE FUNCTION otklik_search_comment_written();

INSERT INTO appeal_search (id, document) SELECT id, otklik_search_document(id, doc) FROM appeals;
)sql";

// The search document of migration 3 cost about 320 µs of the server's CPU per registered appeal
// (measured with 20,000 inserts of 2.7 KB documents): a SQL function with a FROM clause is not
// inlined, so every trigger call planned it afresh, and the document was parsed as jsonb once
// per field. PL/pgSQL keeps its plans for the session and parses the document once; a new
// appeal has no comments yet, so the insert does not look for them. 110 µs per appeal, of which
// the stemming itself is about 55 (docs/search.md). Same documents, same weights.
constexpr std::string_view kV4 = R"sql(
CREATE FUNCTION otklik_search_document(appeal BIGINT, doc TEXT, with_comments BOOLEAN)
RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
    d jsonb := doc::jsonb;
    said text := '';
BEGIN
    IF with_comments THEN
        said := otklik_search_comments(appeal);
    END IF;
    RETURN setweight(to_tsvector('russian', translate(concat_ws(' ', d ->> 'subject',
                         d -> 'applicant' ->> 'last_name', d -> 'applicant' ->> 'first_name',
                         d -> 'applicant' ->> 'middle_name'), 'ёЁ', 'еЕ')), 'A')
        || setweight(to_tsvector('russian', translate(coalesce(d ->> 'text', ''), 'ёЁ', 'еЕ')), 'B')
        || setweight(to_tsvector('russian', translate(said, 'ёЁ', 'еЕ')), 'C');
END
$$;

CREATE OR REPLACE FUNCTION otklik_search_document(appeal BIGINT, doc TEXT) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT otklik_search_document(appeal, doc, true)
$$;

CREATE OR REPLACE FUNCTION otklik_search_appeal_written() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before jsonb;
    after jsonb;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        -- Most changes are actions: nothing searchable changed.
        before := OLD.doc::jsonb;
        after := NEW.doc::jsonb;
        IF (before -> 'subject') IS NOT DISTINCT FROM (after -> 'subject')
           AND (before -> 'text') IS NOT DISTINCT FROM (after -> 'text')
           AND (before -> 'applicant') IS NOT DISTINCT FROM (after -> 'applicant')
        THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO appeal_search (id, document)
    VALUES (NEW.id, otklik_search_document(NEW.id, NEW.doc, TG_OP = 'UPDATE'))
    ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION otklik_search_comment_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.visibility = 'public' OR NEW.author = 'email' THEN
        UPDATE appeal_search SET document = otklik_search_document(a.id, a.doc, true)
        FROM appeals a WHERE a.id = NEW.appeal_id AND appeal_search.id = a.id;
    END IF;
    RETURN NULL;
END
$$;
)sql";

// Issue 17: an applicant who proved an address asks about all of its appeals.
constexpr std::string_view kV5 = R"sql(
CREATE INDEX appeals_applicant_email_folded ON appeals (lower(btrim(applicant_email)))
    WHERE applicant_email IS NOT NULL;
)sql";

// The card's conversation lists the letters of one appeal (issue 16): by its index, not a scan.
constexpr std::string_view kV6 = R"sql(
CREATE INDEX outbox_appeal ON outbox (appeal_id, id);
)sql";

// A regional operator's queue and searches are scoped to the regions they may see: by index
// (100,000 appeals: a region-scoped search fell from a parallel scan of the table, p99 123 ms of
// the search benchmark, to 86 ms).
constexpr std::string_view kV7 = R"sql(
CREATE INDEX appeals_region_queue ON appeals (region, is_open, due_at, id);
)sql";

// The intake form of a call in progress under its reserved number (issue 16 point 6): a reload
// or another browser of the same operator continues the call; removed when the call ends.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE call_drafts (
    uin TEXT PRIMARY KEY REFERENCES calls(uin),
    form TEXT NOT NULL,
    saved_at BIGINT NOT NULL
);
)sql";

// Any number: every node that runs `migrate` at once waits on the same lock.
constexpr std::int64_t kMigrationLock = 0x6f746b6c696b;  // "otklik"

}  // namespace

const std::vector<Migration>& Migrations() {
    static const std::vector<Migration> kMigrations = {
        {1, "the schema of the embedded store's version 10, with claims for several nodes", kV1},
        {2, "knowledge-base changes notify the other nodes", kV2},
        {3, "full-text search over appeals: russian text search kept by triggers", kV3},
        {4, "the search document computed once per appeal, without re-planning", kV4},
        {5, "appeals by the applicant's e-mail in canonical form (issue 17)", kV5},
        {6, "the letters of an appeal by its index (issue 16)", kV6},
        {7, "appeals of a region by their deadlines (regional scope)", kV7},
        {8, "the intake form of a call in progress (issue 16)", kV8},
    };
    return kMigrations;
}

int SchemaVersion(Connection& connection) {
    connection.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    const auto rows = connection.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    return static_cast<int>(rows.Int(0, 0));
}

int Migrate(Connection& connection) {
    connection.Exec("BEGIN");
    try {
        connection.Query("SELECT pg_advisory_xact_lock($1)", Params().Add(kMigrationLock));
        const int current = SchemaVersion(connection);
        const int latest = Migrations().back().version;
        if (current > latest) {
            throw PgError("the database has schema version " + std::to_string(current) +
                              ", newer than this program knows (" + std::to_string(latest) + ")",
                          "");
        }
        std::set<int> recorded;
        const auto rows = connection.Query("SELECT version FROM schema_migrations");
        for (int i = 0; i < rows.size(); ++i) recorded.insert(static_cast<int>(rows.Int(i, 0)));
        int applied = 0;
        // All in the one transaction: PostgreSQL's DDL is transactional, so a failed step
        // leaves the database as it was.
        for (const auto& migration : Migrations()) {
            if (recorded.contains(migration.version)) continue;
            connection.Exec(migration.sql);
            connection.Query(
                std::string("INSERT INTO schema_migrations (version, description, applied_at) "
                            "VALUES ($1, $2, ") +
                    kServerNowMillis + ")",
                Params().Add(migration.version).Add(migration.description));
            ++applied;
        }
        connection.Exec("COMMIT");
        return applied;
    } catch (...) {
        try {
            connection.Exec("ROLLBACK");
        } catch (...) {
        }
        throw;
    }
}

}  // namespace otklik::storage::postgres

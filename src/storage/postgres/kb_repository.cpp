// The knowledge bases and chatbot sessions in PostgreSQL: the same rows as the embedded store's
// (storage/sqlite/kb_store.cpp), so that a revision or a session means the same in both.
#include <boost/json.hpp>

#include "storage/postgres/repositories.hpp"

namespace otklik::storage::postgres {

using core::Error;
using core::Fail;
using core::Result;

namespace {

namespace json = boost::json;

constexpr const char* kArticleColumns =
    "id, key, base, regulation, kind, category, category_name, audience, region_scope, question, "
    "answer, keywords, published, version, origin_key, origin_version, locally_edited, "
    "updated_at, updated_by";

std::string ToJson(const std::vector<std::string>& items) {
    json::array array;
    for (const auto& item : items) array.emplace_back(item);
    return json::serialize(array);
}

std::vector<std::string> FromJson(const std::string& text) {
    std::vector<std::string> items;
    boost::system::error_code ec;
    const auto value = json::parse(text, ec);
    if (ec || !value.is_array()) return items;
    for (const auto& item : value.as_array()) {
        if (item.is_string()) items.emplace_back(item.as_string());
    }
    return items;
}

core::KbArticle ReadArticle(const Rows& rows, int r) {
    core::KbArticle a;
    a.id = rows.Int(r, 0);
    a.key = rows.Text(r, 1);
    a.base = rows.Text(r, 2);
    a.regulation = rows.Text(r, 3);
    a.kind = rows.Text(r, 4);
    a.category = rows.Text(r, 5);
    a.category_name = rows.Text(r, 6);
    a.audience = FromJson(rows.Text(r, 7));
    a.region_scope = rows.Text(r, 8);
    a.question = rows.Text(r, 9);
    a.answer = rows.Text(r, 10);
    a.keywords = FromJson(rows.Text(r, 11));
    a.published = rows.Bool(r, 12);
    a.version = rows.Int(r, 13);
    a.origin_key = rows.Text(r, 14);
    a.origin_version = rows.Int(r, 15);
    a.locally_edited = rows.Bool(r, 16);
    a.updated_at = core::FromUnixMillis(rows.Int(r, 17));
    a.updated_by = rows.Text(r, 18);
    return a;
}

// The fields a revision records, as name → text (as the embedded store writes them).
std::vector<std::pair<std::string, std::string>> Fields(const core::KbArticle& a) {
    return {{"base", a.base},
            {"kind", a.kind},
            {"category", a.category},
            {"audience", ToJson(a.audience)},
            {"region_scope", a.region_scope},
            {"question", a.question},
            {"answer", a.answer},
            {"keywords", ToJson(a.keywords)},
            {"published", a.published ? "true" : "false"},
            {"locally_edited", a.locally_edited ? "true" : "false"}};
}

// `lock`: the row stays locked until the writer's transaction ends, so that two nodes editing
// one article cannot both pass the version check.
std::optional<core::KbArticle> LoadWhere(Connection& c, const char* column, const Params& params,
                                         bool lock) {
    const auto rows =
        c.Query(std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE " + column +
                    " = $1" + (lock ? " FOR UPDATE" : ""),
                params);
    if (rows.empty()) return std::nullopt;
    return ReadArticle(rows, 0);
}

std::optional<core::KbArticle> LoadById(Connection& c, std::int64_t id, bool lock = false) {
    return LoadWhere(c, "id", Params().Add(id), lock);
}

std::optional<core::KbArticle> LoadByKey(Connection& c, const std::string& key) {
    return LoadWhere(c, "key", Params().Add(key), false);
}

Params ArticleParams(const core::KbArticle& article) {
    Params params;
    params.Add(article.key)
        .Add(article.base)
        .Add(article.regulation)
        .Add(article.kind)
        .Add(article.category)
        .Add(article.category_name)
        .Add(ToJson(article.audience))
        .Add(article.region_scope)
        .Add(article.question)
        .Add(article.answer)
        .Add(ToJson(article.keywords))
        .Add(article.published)
        .Add(article.version)
        .Add(article.origin_key)
        .Add(article.origin_version)
        .Add(article.locally_edited)
        .Add(core::ToUnixMillis(article.updated_at))
        .Add(article.updated_by);
    return params;
}

void AddRevision(Connection& c, std::int64_t article_id, std::int64_t version, core::Instant at,
                 const std::string& actor, const std::string& changes) {
    c.Query(
        "INSERT INTO kb_revisions (article_id, version, at, actor, changes) VALUES ($1, $2, $3, "
        "$4, $5)",
        Params().Add(article_id).Add(version).Add(core::ToUnixMillis(at)).Add(actor).Add(changes));
}

Result<core::KbArticle> SaveIn(Connection& c, const core::KbArticle& input,
                               const std::string& actor, core::Instant now) {
    core::KbArticle article = input;
    std::optional<core::KbArticle> old;
    if (article.id != 0) {
        old = LoadById(c, article.id, true);
        if (!old) return Fail(Error::NotFound("Статья не найдена"));
        if (old->version != article.version) {
            return Fail(Error::Conflict("version_conflict",
                                        "Статью уже изменили: обновите её и повторите правку"));
        }
    } else if (LoadByKey(c, article.key)) {
        return Fail(Error::Conflict("duplicate_key", "Статья с таким кодом уже есть"));
    }
    article.version = old ? old->version + 1 : 1;
    article.updated_at = now;
    article.updated_by = actor;
    if (old) {
        c.Query(
            "UPDATE kb_articles SET key = $1, base = $2, regulation = $3, kind = $4, "
            "category = $5, category_name = $6, audience = $7, region_scope = $8, question = $9, "
            "answer = $10, keywords = $11, published = $12, version = $13, origin_key = $14, "
            "origin_version = $15, locally_edited = $16, updated_at = $17, updated_by = $18 "
            "WHERE id = $19",
            ArticleParams(article).Add(article.id));
    } else {
        // Another node may insert the same key between the check and here: the unique index
        // answers, and the conflict reads as the duplicate it is.
        const auto rows = c.Query(
            "INSERT INTO kb_articles (key, base, regulation, kind, category, category_name, "
            "audience, region_scope, question, answer, keywords, published, version, origin_key, "
            "origin_version, locally_edited, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, "
            "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) ON CONFLICT (key) DO "
            "NOTHING RETURNING id",
            ArticleParams(article));
        if (rows.empty()) {
            return Fail(Error::Conflict("duplicate_key", "Статья с таким кодом уже есть"));
        }
        article.id = rows.Int(0, 0);
    }

    json::object changes;
    const auto after = Fields(article);
    const auto before = old ? Fields(*old) : decltype(after){};
    for (std::size_t i = 0; i < after.size(); ++i) {
        const std::string previous = old ? before[i].second : std::string();
        if (previous != after[i].second) {
            changes[after[i].first] =
                json::array{json::value(previous), json::value(after[i].second)};
        }
    }
    AddRevision(c, article.id, article.version, now, actor, json::serialize(changes));
    return article;
}

core::Instant Now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
}

const char* const kSessionChanged = "Диалог изменился: обновите страницу и повторите";

}  // namespace

Result<std::vector<core::KbBase>> PgKbRepository::ListBases() {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT code, name, parent, regulation, region FROM kb_bases ORDER BY code COLLATE "
        "\"C\"");
    std::vector<core::KbBase> bases;
    for (int r = 0; r < rows.size(); ++r) {
        bases.push_back(
            {rows.Text(r, 0), rows.Text(r, 1), rows.Text(r, 2), rows.Text(r, 3), rows.Text(r, 4)});
    }
    return bases;
}

Result<core::KbBase> PgKbRepository::SaveBase(const core::KbBase& base) {
    return db_.Submit<core::KbBase>([&base](Connection& c) -> Result<core::KbBase> {
        c.Query(
            "INSERT INTO kb_bases (code, name, parent, regulation, region) VALUES ($1, $2, $3, "
            "$4, $5) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
            "parent = excluded.parent, regulation = excluded.regulation, "
            "region = excluded.region",
            Params()
                .Add(base.code)
                .Add(base.name)
                .Add(base.parent)
                .Add(base.regulation)
                .Add(base.region));
        return base;
    });
}

Result<std::vector<core::KbArticle>> PgKbRepository::ListArticles(const std::string& base,
                                                                  bool published_only) {
    auto c = db_.Borrow();
    const auto rows = c->Query(std::string("SELECT ") + kArticleColumns +
                                   " FROM kb_articles WHERE ($1 = '' OR base = $1) AND "
                                   "(NOT $2::boolean OR published) ORDER BY key COLLATE \"C\"",
                               Params().Add(base).Add(published_only));
    std::vector<core::KbArticle> articles;
    for (int r = 0; r < rows.size(); ++r) articles.push_back(ReadArticle(rows, r));
    return articles;
}

Result<core::KbArticle> PgKbRepository::FindArticle(std::int64_t id) {
    auto c = db_.Borrow();
    if (auto found = LoadById(*c, id)) return *found;
    return Fail(Error::NotFound("Статья не найдена"));
}

Result<core::KbArticle> PgKbRepository::FindArticleByKey(const std::string& key) {
    auto c = db_.Borrow();
    if (auto found = LoadByKey(*c, key)) return *found;
    return Fail(Error::NotFound("Статья не найдена"));
}

Result<core::KbArticle> PgKbRepository::SaveArticle(const core::KbArticle& article,
                                                    const std::string& actor) {
    const auto now = Now();
    return db_.Submit<core::KbArticle>(
        [&](Connection& c) { return SaveIn(c, article, actor, now); });
}

Result<int> PgKbRepository::SaveArticles(const std::vector<core::KbArticle>& articles,
                                         const std::string& actor) {
    const auto now = Now();
    return db_.Submit<int>([&](Connection& c) -> Result<int> {
        int saved = 0;
        for (const auto& article : articles) {
            auto result = SaveIn(c, article, actor, now);
            if (!result) return Fail(result.error());
            ++saved;
        }
        return saved;
    });
}

Result<bool> PgKbRepository::DeleteArticle(std::int64_t id, const std::string& actor) {
    const auto now = Now();
    return db_.Submit<bool>([&](Connection& c) -> Result<bool> {
        const auto rows =
            c.Query("DELETE FROM kb_articles WHERE id = $1 RETURNING version", Params().Add(id));
        if (rows.empty()) return Fail(Error::NotFound("Статья не найдена"));
        AddRevision(c, id, rows.Int(0, 0) + 1, now, actor, R"({"deleted":["false","true"]})");
        return true;
    });
}

Result<std::vector<core::KbRevision>> PgKbRepository::Revisions(std::int64_t id) {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT article_id, version, at, actor, changes FROM kb_revisions WHERE article_id = $1 "
        "ORDER BY version, id",
        Params().Add(id));
    std::vector<core::KbRevision> revisions;
    for (int r = 0; r < rows.size(); ++r) {
        revisions.push_back({rows.Int(r, 0), rows.Int(r, 1), core::FromUnixMillis(rows.Int(r, 2)),
                             rows.Text(r, 3), rows.Text(r, 4)});
    }
    return revisions;
}

Result<std::vector<core::KbSynonymGroup>> PgKbRepository::Synonyms(const std::string& base) {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT base, terms FROM kb_synonyms WHERE ($1 = '' OR base = $1) ORDER BY base COLLATE "
        "\"C\", grp",
        Params().Add(base));
    std::vector<core::KbSynonymGroup> groups;
    for (int r = 0; r < rows.size(); ++r) {
        groups.push_back({rows.Text(r, 0), FromJson(rows.Text(r, 1))});
    }
    return groups;
}

Result<int> PgKbRepository::SetSynonyms(const std::string& base,
                                        const std::vector<core::KbSynonymGroup>& groups) {
    // Every group in one statement: the terms as a JSON array of arrays, numbered by position.
    json::array all;
    for (const auto& group : groups) {
        json::array terms;
        for (const auto& term : group.terms) terms.emplace_back(term);
        all.emplace_back(json::serialize(terms));
    }
    const std::string payload = json::serialize(all);
    return db_.Submit<int>([&](Connection& c) -> Result<int> {
        c.Query("DELETE FROM kb_synonyms WHERE base = $1", Params().Add(base));
        if (groups.empty()) return 0;
        c.Query(
            "INSERT INTO kb_synonyms (base, grp, terms) SELECT $1, t.n, t.terms FROM "
            "jsonb_array_elements_text($2::jsonb) WITH ORDINALITY AS t(terms, n)",
            Params().Add(base).Add(payload));
        return static_cast<int>(groups.size());
    });
}

Result<core::ChatSession> PgKbRepository::SaveSession(const core::ChatSession& session) {
    return db_.Submit<core::ChatSession>([&session](Connection& c) -> Result<core::ChatSession> {
        core::ChatSession saved = session;
        saved.version = session.version + 1;
        if (session.version == 0) {
            const auto rows = c.Query(
                "INSERT INTO chat_sessions (id, state, outcome, appeal_uin, created_at, "
                "updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT (id) DO "
                "NOTHING",
                Params()
                    .Add(saved.id)
                    .Add(saved.state)
                    .Add(saved.outcome)
                    .Add(saved.appeal_uin)
                    .Add(core::ToUnixMillis(saved.created_at))
                    .Add(core::ToUnixMillis(saved.updated_at)));
            if (rows.affected() != 1) {
                return Fail(Error::Conflict("version_conflict", kSessionChanged));
            }
            return saved;
        }
        const auto rows = c.Query(
            "UPDATE chat_sessions SET state = $1, outcome = $2, appeal_uin = $3, updated_at = $4, "
            "version = $5 WHERE id = $6 AND version = $7",
            Params()
                .Add(saved.state)
                .Add(saved.outcome)
                .Add(saved.appeal_uin)
                .Add(core::ToUnixMillis(saved.updated_at))
                .Add(saved.version)
                .Add(saved.id)
                .Add(session.version));
        if (rows.affected() != 1) {
            return Fail(Error::Conflict("version_conflict", kSessionChanged));
        }
        return saved;
    });
}

Result<core::ChatSession> PgKbRepository::FindSession(const std::string& id) {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT id, state, outcome, appeal_uin, created_at, updated_at, version FROM "
        "chat_sessions WHERE id = $1",
        Params().Add(id));
    if (rows.empty()) return Fail(Error::NotFound("Диалог не найден"));
    return core::ChatSession{rows.Text(0, 0),
                             rows.Text(0, 1),
                             rows.Text(0, 2),
                             rows.Text(0, 3),
                             core::FromUnixMillis(rows.Int(0, 4)),
                             core::FromUnixMillis(rows.Int(0, 5)),
                             rows.Int(0, 6)};
}

Result<core::ChatCounts> PgKbRepository::CountSessions() {
    auto c = db_.Borrow();
    const auto rows = c->Query(
        "SELECT count(*), count(*) FILTER (WHERE outcome = 'solved'), count(*) FILTER (WHERE "
        "outcome = 'registered'), count(*) FILTER (WHERE outcome = 'status') FROM chat_sessions");
    return core::ChatCounts{rows.Int(0, 0), rows.Int(0, 1), rows.Int(0, 2), rows.Int(0, 3)};
}

}  // namespace otklik::storage::postgres

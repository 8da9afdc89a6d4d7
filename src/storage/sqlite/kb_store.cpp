#include "storage/sqlite/kb_store.hpp"

#include <boost/json.hpp>

namespace otklik::storage::sqlite {
namespace {

namespace json = boost::json;
using core::Instant;

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

Instant FromMillis(std::int64_t ms) { return Instant{std::chrono::milliseconds{ms}}; }
std::int64_t Millis(Instant at) { return at.time_since_epoch().count(); }

core::KbArticle ReadArticle(const Statement& s) {
    core::KbArticle a;
    a.id = s.Int(0);
    a.key = s.Text(1);
    a.base = s.Text(2);
    a.regulation = s.Text(3);
    a.kind = s.Text(4);
    a.category = s.Text(5);
    a.category_name = s.Text(6);
    a.audience = FromJson(s.Text(7));
    a.region_scope = s.Text(8);
    a.question = s.Text(9);
    a.answer = s.Text(10);
    a.keywords = FromJson(s.Text(11));
    a.published = s.Int(12) != 0;
    a.version = s.Int(13);
    a.origin_key = s.Text(14);
    a.origin_version = s.Int(15);
    a.locally_edited = s.Int(16) != 0;
    a.updated_at = FromMillis(s.Int(17));
    a.updated_by = s.Text(18);
    return a;
}

// The fields a revision records, as name → text.
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

std::optional<core::KbArticle> LoadById(Connection& c, std::int64_t id) {
    auto& s =
        c.Prepare(std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE id = ?");
    s.Bind(1, id);
    std::optional<core::KbArticle> found;
    if (s.Step()) found = ReadArticle(s);
    s.Reset();
    return found;
}

std::optional<core::KbArticle> LoadByKey(Connection& c, const std::string& key) {
    auto& s =
        c.Prepare(std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE key = ?");
    s.Bind(1, key);
    std::optional<core::KbArticle> found;
    if (s.Step()) found = ReadArticle(s);
    s.Reset();
    return found;
}

core::Result<core::KbArticle> SaveIn(Connection& c, const core::KbArticle& input,
                                     const std::string& actor, Instant now) {
    core::KbArticle article = input;
    std::optional<core::KbArticle> old;
    if (article.id != 0) {
        old = LoadById(c, article.id);
        if (!old) return core::Fail(core::Error::NotFound("Статья не найдена"));
        if (old->version != article.version) {
            return core::Fail(core::Error::Conflict(
                "version_conflict", "Статью уже изменили: обновите её и повторите правку"));
        }
    } else if (LoadByKey(c, article.key)) {
        return core::Fail(core::Error::Conflict("duplicate_key", "Статья с таким кодом уже есть"));
    }
    article.version = old ? old->version + 1 : 1;
    article.updated_at = now;
    article.updated_by = actor;
    auto& s = c.Prepare(
        "INSERT INTO kb_articles (id, key, base, regulation, kind, category, category_name, "
        "audience, region_scope, question, answer, keywords, published, version, origin_key, "
        "origin_version, locally_edited, updated_at, updated_by) VALUES (NULLIF(?, 0), ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "key = excluded.key, base = excluded.base, regulation = excluded.regulation, "
        "kind = excluded.kind, category = excluded.category, "
        "category_name = excluded.category_name, audience = excluded.audience, "
        "region_scope = excluded.region_scope, question = excluded.question, "
        "answer = excluded.answer, keywords = excluded.keywords, published = excluded.published, "
        "version = excluded.version, origin_key = excluded.origin_key, "
        "origin_version = excluded.origin_version, locally_edited = excluded.locally_edited, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by");
    s.Bind(1, article.id)
        .Bind(2, article.key)
        .Bind(3, article.base)
        .Bind(4, article.regulation)
        .Bind(5, article.kind)
        .Bind(6, article.category)
        .Bind(7, article.category_name)
        .Bind(8, ToJson(article.audience))
        .Bind(9, article.region_scope)
        .Bind(10, article.question)
        .Bind(11, article.answer)
        .Bind(12, ToJson(article.keywords))
        .Bind(13, std::int64_t{article.published ? 1 : 0})
        .Bind(14, article.version)
        .Bind(15, article.origin_key)
        .Bind(16, article.origin_version)
        .Bind(17, std::int64_t{article.locally_edited ? 1 : 0})
        .Bind(18, Millis(now))
        .Bind(19, actor)
        .Run();
    if (article.id == 0) article.id = c.LastInsertId();

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
    auto& r = c.Prepare(
        "INSERT INTO kb_revisions (article_id, version, at, actor, changes) VALUES (?, ?, ?, ?, "
        "?)");
    r.Bind(1, article.id)
        .Bind(2, article.version)
        .Bind(3, Millis(now))
        .Bind(4, actor)
        .Bind(5, json::serialize(changes))
        .Run();
    return article;
}

Instant Now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
}

}  // namespace

core::Result<std::vector<core::KbBase>> KbStore::ListBases() {
    auto c = db_.Read();
    auto& s =
        c->Prepare("SELECT code, name, parent, regulation, region FROM kb_bases ORDER BY code");
    std::vector<core::KbBase> bases;
    while (s.Step()) bases.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
    s.Reset();
    return bases;
}

core::Result<core::KbBase> KbStore::SaveBase(const core::KbBase& base) {
    return db_.Write<core::KbBase>([&base](Connection& c) -> core::Result<core::KbBase> {
        c.Prepare(
             "INSERT INTO kb_bases (code, name, parent, regulation, region) VALUES (?, ?, ?, ?, "
             "?) ON CONFLICT(code) DO UPDATE SET name = excluded.name, parent = excluded.parent, "
             "regulation = excluded.regulation, region = excluded.region")
            .Bind(1, base.code)
            .Bind(2, base.name)
            .Bind(3, base.parent)
            .Bind(4, base.regulation)
            .Bind(5, base.region)
            .Run();
        return base;
    });
}

core::Result<std::vector<core::KbArticle>> KbStore::ListArticles(const std::string& base,
                                                                 bool published_only) {
    auto c = db_.Read();
    auto& s = c->Prepare(std::string("SELECT ") + kArticleColumns +
                         " FROM kb_articles WHERE (? = '' OR base = ?) AND (? = 0 OR published = "
                         "1) ORDER BY key");
    s.Bind(1, base).Bind(2, base).Bind(3, std::int64_t{published_only ? 1 : 0});
    std::vector<core::KbArticle> articles;
    while (s.Step()) articles.push_back(ReadArticle(s));
    s.Reset();
    return articles;
}

core::Result<core::KbArticle> KbStore::FindArticle(std::int64_t id) {
    auto c = db_.Read();
    if (auto found = LoadById(*c, id)) return *found;
    return core::Fail(core::Error::NotFound("Статья не найдена"));
}

core::Result<core::KbArticle> KbStore::FindArticleByKey(const std::string& key) {
    auto c = db_.Read();
    if (auto found = LoadByKey(*c, key)) return *found;
    return core::Fail(core::Error::NotFound("Статья не найдена"));
}

core::Result<core::KbArticle> KbStore::SaveArticle(const core::KbArticle& article,
                                                   const std::string& actor) {
    const auto now = Now();
    return db_.Write<core::KbArticle>(
        [&](Connection& c) { return SaveIn(c, article, actor, now); });
}

core::Result<int> KbStore::SaveArticles(const std::vector<core::KbArticle>& articles,
                                        const std::string& actor) {
    const auto now = Now();
    return db_.Write<int>([&](Connection& c) -> core::Result<int> {
        int saved = 0;
        for (const auto& article : articles) {
            auto result = SaveIn(c, article, actor, now);
            if (!result) return core::Fail(result.error());
            ++saved;
        }
        return saved;
    });
}

core::Result<bool> KbStore::DeleteArticle(std::int64_t id, const std::string& actor) {
    const auto now = Now();
    return db_.Write<bool>([&](Connection& c) -> core::Result<bool> {
        const auto old = LoadById(c, id);
        if (!old) return core::Fail(core::Error::NotFound("Статья не найдена"));
        c.Prepare("DELETE FROM kb_articles WHERE id = ?").Bind(1, id).Run();
        c.Prepare(
             "INSERT INTO kb_revisions (article_id, version, at, actor, changes) VALUES (?, ?, "
             "?, ?, ?)")
            .Bind(1, id)
            .Bind(2, old->version + 1)
            .Bind(3, Millis(now))
            .Bind(4, actor)
            .Bind(5, std::string_view(R"({"deleted":["false","true"]})"))
            .Run();
        return true;
    });
}

core::Result<std::vector<core::KbRevision>> KbStore::Revisions(std::int64_t id) {
    auto c = db_.Read();
    auto& s = c->Prepare(
        "SELECT article_id, version, at, actor, changes FROM kb_revisions WHERE article_id = ? "
        "ORDER BY version");
    s.Bind(1, id);
    std::vector<core::KbRevision> revisions;
    while (s.Step()) {
        revisions.push_back({s.Int(0), s.Int(1), FromMillis(s.Int(2)), s.Text(3), s.Text(4)});
    }
    s.Reset();
    return revisions;
}

core::Result<std::vector<core::KbSynonymGroup>> KbStore::Synonyms(const std::string& base) {
    auto c = db_.Read();
    auto& s = c->Prepare(
        "SELECT base, terms FROM kb_synonyms WHERE (? = '' OR base = ?) ORDER BY base, grp");
    s.Bind(1, base).Bind(2, base);
    std::vector<core::KbSynonymGroup> groups;
    while (s.Step()) groups.push_back({s.Text(0), FromJson(s.Text(1))});
    s.Reset();
    return groups;
}

core::Result<int> KbStore::SetSynonyms(const std::string& base,
                                       const std::vector<core::KbSynonymGroup>& groups) {
    return db_.Write<int>([&](Connection& c) -> core::Result<int> {
        c.Prepare("DELETE FROM kb_synonyms WHERE base = ?").Bind(1, base).Run();
        std::int64_t number = 0;
        for (const auto& group : groups) {
            c.Prepare("INSERT INTO kb_synonyms (base, grp, terms) VALUES (?, ?, ?)")
                .Bind(1, base)
                .Bind(2, ++number)
                .Bind(3, ToJson(group.terms))
                .Run();
        }
        return static_cast<int>(number);
    });
}

core::Result<core::ChatSession> KbStore::SaveSession(const core::ChatSession& session) {
    return db_.Write<core::ChatSession>(
        [&session](Connection& c) -> core::Result<core::ChatSession> {
            core::ChatSession saved = session;
            saved.version = session.version + 1;
            if (session.version == 0) {
                c.Prepare(
                     "INSERT INTO chat_sessions (id, state, outcome, appeal_uin, created_at, "
                     "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT(id) DO "
                     "NOTHING")
                    .Bind(1, saved.id)
                    .Bind(2, saved.state)
                    .Bind(3, saved.outcome)
                    .Bind(4, saved.appeal_uin)
                    .Bind(5, Millis(saved.created_at))
                    .Bind(6, Millis(saved.updated_at))
                    .Run();
                if (c.Changes() != 1) {
                    return core::Fail(core::Error::Conflict(
                        "version_conflict", "Диалог изменился: обновите страницу и повторите"));
                }
                return saved;
            }
            c.Prepare(
                 "UPDATE chat_sessions SET state = ?, outcome = ?, appeal_uin = ?, updated_at = "
                 "?, version = ? WHERE id = ? AND version = ?")
                .Bind(1, saved.state)
                .Bind(2, saved.outcome)
                .Bind(3, saved.appeal_uin)
                .Bind(4, Millis(saved.updated_at))
                .Bind(5, saved.version)
                .Bind(6, saved.id)
                .Bind(7, session.version)
                .Run();
            if (c.Changes() != 1) {
                return core::Fail(core::Error::Conflict(
                    "version_conflict", "Диалог изменился: обновите страницу и повторите"));
            }
            return saved;
        });
}

core::Result<core::ChatSession> KbStore::FindSession(const std::string& id) {
    auto c = db_.Read();
    auto& s = c->Prepare(
        "SELECT id, state, outcome, appeal_uin, created_at, updated_at, version FROM "
        "chat_sessions WHERE id = ?");
    s.Bind(1, id);
    if (!s.Step()) {
        s.Reset();
        return core::Fail(core::Error::NotFound("Диалог не найден"));
    }
    core::ChatSession session{
        s.Text(0), s.Text(1), s.Text(2), s.Text(3), FromMillis(s.Int(4)), FromMillis(s.Int(5)),
        s.Int(6)};
    s.Reset();
    return session;
}

core::Result<core::ChatCounts> KbStore::CountSessions() {
    auto c = db_.Read();
    auto& s = c->Prepare(
        "SELECT COUNT(*), COALESCE(SUM(outcome = 'solved'), 0), COALESCE(SUM(outcome = "
        "'registered'), 0), COALESCE(SUM(outcome = 'status'), 0) FROM chat_sessions");
    core::ChatCounts counts;
    if (s.Step()) counts = {s.Int(0), s.Int(1), s.Int(2), s.Int(3)};
    s.Reset();
    return counts;
}

}  // namespace otklik::storage::sqlite

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace otklik::core {

/// A knowledge base (KB-1): the federal one of a regulation, or a regional child that receives
/// the parent's FAQ and keeps its own articles and edits.
struct KbBase {
    std::string code;    ///< "bilet", "bilet-region-16", "epgu-federal"
    std::string name;    ///< Russian name shown to staff
    std::string parent;  ///< code of the parent base, "" for a root base
    std::string regulation;
    std::string region;  ///< region code of a regional base, "" otherwise
};

/// One question and answer of a base, or an answer script for operators (kind "script", KB-5).
struct KbArticle {
    std::int64_t id = 0;
    std::string key;  ///< stable external id, "bilet-001"; unique over all bases
    std::string base;
    std::string regulation;
    std::string kind = "faq";  ///< "faq" or "script"
    std::string category;
    std::string category_name;
    std::vector<std::string> audience;  ///< "school_student", "citizen", "any"…
    std::string region_scope;           ///< "" for every region, else a region code
    std::string question;
    std::string answer;
    std::vector<std::string> keywords;
    bool published = true;
    std::int64_t version = 0;
    /// Key of the parent base's article this one was published from; "" for a local article.
    std::string origin_key;
    std::int64_t origin_version = 0;
    /// A published copy the child base changed: the next publication leaves it alone.
    bool locally_edited = false;
    Instant updated_at{};
    std::string updated_by;
};

/// Who changed an article, when, and what (field → [old, new] as JSON).
struct KbRevision {
    std::int64_t article_id = 0;
    std::int64_t version = 0;
    Instant at{};
    std::string actor;
    std::string changes;
};

/// A synonym group of one base: every term means the same (ЕПГУ / госуслуги…).
struct KbSynonymGroup {
    std::string base;
    std::vector<std::string> terms;
};

/// A chatbot dialog (KB-3), kept so that it survives a restart. `state` is the chatbot's own
/// JSON document; the store does not read it.
struct ChatSession {
    std::string id;
    std::string state;
    std::string outcome;  ///< "", "solved", "registered", "status"
    std::string appeal_uin;
    Instant created_at{};
    Instant updated_at{};
    std::int64_t version = 0;
};

/// Chatbot outcomes counted for reports.
struct ChatCounts {
    std::int64_t sessions = 0;
    std::int64_t solved = 0;      ///< solved by self-service
    std::int64_t registered = 0;  ///< ended by registering an appeal
    std::int64_t status = 0;      ///< answered about an earlier appeal
};

/// Where knowledge bases and chatbot sessions live. Implemented by storage/sqlite (KbStore).
/// Every method is atomic and thread-safe; writes return once durable.
class KbRepository {
public:
    virtual ~KbRepository() = default;

    [[nodiscard]] virtual Result<std::vector<KbBase>> ListBases() = 0;
    /// Creates or replaces a base by code.
    [[nodiscard]] virtual Result<KbBase> SaveBase(const KbBase& base) = 0;

    /// Articles of `base` ("" for all), drafts included unless `published_only`.
    [[nodiscard]] virtual Result<std::vector<KbArticle>> ListArticles(const std::string& base,
                                                                      bool published_only) = 0;
    [[nodiscard]] virtual Result<KbArticle> FindArticle(std::int64_t id) = 0;
    [[nodiscard]] virtual Result<KbArticle> FindArticleByKey(const std::string& key) = 0;
    /// Inserts (id 0) or updates an article whose stored version is still `article.version`
    /// (kConflict "version_conflict" otherwise), writing a revision with the changed fields.
    /// Returns the article as stored, with its new version.
    [[nodiscard]] virtual Result<KbArticle> SaveArticle(const KbArticle& article,
                                                        const std::string& actor) = 0;
    /// Several inserts or updates in one transaction (import, publication to a child base).
    [[nodiscard]] virtual Result<int> SaveArticles(const std::vector<KbArticle>& articles,
                                                   const std::string& actor) = 0;
    [[nodiscard]] virtual Result<bool> DeleteArticle(std::int64_t id, const std::string& actor) = 0;
    [[nodiscard]] virtual Result<std::vector<KbRevision>> Revisions(std::int64_t id) = 0;

    /// Synonym groups of `base` ("" for all).
    [[nodiscard]] virtual Result<std::vector<KbSynonymGroup>> Synonyms(const std::string& base) = 0;
    /// Replaces the synonym groups of one base.
    [[nodiscard]] virtual Result<int> SetSynonyms(const std::string& base,
                                                  const std::vector<KbSynonymGroup>& groups) = 0;

    /// Creates or updates a session (optimistic: kConflict when `version` moved on).
    [[nodiscard]] virtual Result<ChatSession> SaveSession(const ChatSession& session) = 0;
    [[nodiscard]] virtual Result<ChatSession> FindSession(const std::string& id) = 0;
    [[nodiscard]] virtual Result<ChatCounts> CountSessions() = 0;
};

}  // namespace otklik::core

#pragma once

#include "core/knowledge.hpp"
#include "storage/sqlite/database.hpp"

namespace otklik::storage::sqlite {

/// The knowledge bases and chatbot sessions in the embedded store's file (tables of migration 7);
/// thread-safe.
class KbStore final : public core::KbRepository {
public:
    /// `db` is shared with the store's other repositories and must outlive this.
    explicit KbStore(Database& db) : db_(db) {}

    [[nodiscard]] core::Result<std::vector<core::KbBase>> ListBases() override;
    [[nodiscard]] core::Result<core::KbBase> SaveBase(const core::KbBase& base) override;
    [[nodiscard]] core::Result<std::vector<core::KbArticle>> ListArticles(
        const std::string& base, bool published_only) override;
    [[nodiscard]] core::Result<core::KbArticle> FindArticle(std::int64_t id) override;
    [[nodiscard]] core::Result<core::KbArticle> FindArticleByKey(const std::string& key) override;
    [[nodiscard]] core::Result<core::KbArticle> SaveArticle(const core::KbArticle& article,
                                                            const std::string& actor) override;
    [[nodiscard]] core::Result<int> SaveArticles(const std::vector<core::KbArticle>& articles,
                                                 const std::string& actor) override;
    [[nodiscard]] core::Result<bool> DeleteArticle(std::int64_t id,
                                                   const std::string& actor) override;
    [[nodiscard]] core::Result<std::vector<core::KbRevision>> Revisions(std::int64_t id) override;
    [[nodiscard]] core::Result<std::vector<core::KbSynonymGroup>> Synonyms(
        const std::string& base) override;
    [[nodiscard]] core::Result<int> SetSynonyms(
        const std::string& base, const std::vector<core::KbSynonymGroup>& groups) override;
    [[nodiscard]] core::Result<core::ChatSession> SaveSession(
        const core::ChatSession& session) override;
    [[nodiscard]] core::Result<core::ChatSession> FindSession(const std::string& id) override;
    [[nodiscard]] core::Result<core::ChatCounts> CountSessions() override;

private:
    Database& db_;
};

}  // namespace otklik::storage::sqlite

#pragma once

#include "api/handler_context.hpp"
#include "api/route.hpp"

namespace otklik::api {

/// The knowledge bases (KB-1, KB-2, KB-5): bases, synonyms, articles, import and export, search.
/// Thread-safe: the API calls it from every worker.
class KbHandlers {
public:
    explicit KbHandlers(HandlerContext context) : deps_(context.deps), limits_(context.limits) {}

    [[nodiscard]] core::Result<Response> ListKbBases(Call& call);
    [[nodiscard]] core::Result<Response> CreateKbBase(Call& call);
    [[nodiscard]] core::Result<Response> GetKbBase(Call& call);
    [[nodiscard]] core::Result<Response> ConfigureKbBase(Call& call);
    [[nodiscard]] core::Result<Response> PublishKbBase(Call& call);
    [[nodiscard]] core::Result<Response> GetKbSynonyms(Call& call);
    [[nodiscard]] core::Result<Response> SetKbSynonyms(Call& call);
    [[nodiscard]] core::Result<Response> ListKbArticles(Call& call);
    [[nodiscard]] core::Result<Response> CreateKbArticle(Call& call);
    [[nodiscard]] core::Result<Response> GetKbArticle(Call& call);
    [[nodiscard]] core::Result<Response> UpdateKbArticle(Call& call);
    [[nodiscard]] core::Result<Response> DeleteKbArticle(Call& call);
    [[nodiscard]] core::Result<Response> KbArticleVersions(Call& call);
    [[nodiscard]] core::Result<Response> ExportKb(Call& call);
    [[nodiscard]] core::Result<Response> ImportKb(Call& call);
    [[nodiscard]] core::Result<Response> SearchKb(Call& call);
    [[nodiscard]] core::Result<Response> SearchKbScripts(Call& call);
    [[nodiscard]] core::Result<Response> PublicKbArticles(Call& call);
    [[nodiscard]] core::Result<Response> AppealSuggestions(Call& call);

private:
    [[nodiscard]] core::Result<void> CheckRegulation(const std::string& regulation) const;

    const ApiDependencies& deps_;
    SharedLimits& limits_;
};

}  // namespace otklik::api

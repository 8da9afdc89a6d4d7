// The knowledge bases (KB-1, KB-2, KB-5): bases, synonyms, articles, import and export, search.
#include "api/kb_handlers.hpp"

#include <algorithm>
#include <cmath>

#include "api/json_mapping.hpp"
#include "core/parse_integer.hpp"
#include "regulation/catalog.hpp"
#include "search/chatbot.hpp"
#include "search/knowledge_base.hpp"

namespace otklik::api {
namespace {

core::Error Unavailable() {
    return {core::ErrorKind::kUnavailable, "unavailable", "База знаний не подключена", {}};
}

core::Result<std::int64_t> ArticleId(const std::string& text) {
    if (const auto id = core::ParseInteger<std::int64_t>(text); id && *id > 0) return *id;
    return core::Fail(core::Error::NotFound("Статья не найдена"));
}

json::object HitJson(const search::SearchHit& hit) {
    return json::object{{"id", hit.id},
                        {"key", hit.key},
                        {"base", hit.base},
                        {"category", hit.category_name},
                        {"question", hit.question},
                        {"answer", hit.answer},
                        {"score", hit.score}};
}

json::object ResultJson(const search::SearchResult& result) {
    json::array hits;
    for (const auto& hit : result.hits) hits.push_back(HitJson(hit));
    // "confident" is the judgement the chatbot and the help site act on (issue 15): below the
    // threshold the items are still listed, for staff and scripts, but not shown as an answer.
    json::object body{{"items", std::move(hits)},
                      {"confident", result.confident},
                      {"confidence", std::round(result.confidence * 1000) / 1000}};
    if (!result.corrected.empty()) body["corrected"] = result.corrected;
    return body;
}

// The search takes at most 50 hits; a larger or smaller page is brought into range, text that
// is no number leaves the default.
int Limit(const Request& request, int fallback) {
    const auto limit = core::ParseInteger<int>(request.Query("limit"));
    return limit ? std::clamp(*limit, 1, 50) : fallback;
}

}  // namespace

core::Result<Response> KbHandlers::ListKbBases(Call&) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto bases = deps_.kb->store().ListBases();
    if (!bases) return core::Fail(bases.error());
    json::array items;
    for (const auto& b : *bases) items.push_back(search::BaseJson(b));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

// A base's regulation must be one the server knows: articles under an unknown one would be
// found by no chatbot.
core::Result<void> KbHandlers::CheckRegulation(const std::string& regulation) const {
    if (regulation.empty() || !deps_.regulations || !deps_.regulations->HasRegulations() ||
        deps_.regulations->Latest(regulation)) {
        return {};
    }
    return core::Fail(core::Error::Validation(
        {{"regulation", "unknown", "Регламент «" + regulation + "» не загружен на сервере"}}));
}

core::Result<Response> KbHandlers::CreateKbBase(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    auto base = search::ParseBase(*body);
    if (!base) return core::Fail(base.error());
    if (auto known = CheckRegulation(base->regulation); !known) return core::Fail(known.error());
    auto saved = deps_.kb->CreateBase(*base);
    if (!saved) return core::Fail(saved.error());
    return JsonResponse(201, search::BaseJson(*saved));
}

core::Result<Response> KbHandlers::GetKbBase(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto bases = deps_.kb->store().ListBases();
    if (!bases) return core::Fail(bases.error());
    for (const auto& b : *bases) {
        if (b.code == call.Param("code")) return JsonResponse(200, search::BaseJson(b));
    }
    return core::Fail(core::Error::NotFound("База знаний не найдена"));
}

core::Result<Response> KbHandlers::ConfigureKbBase(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    auto patch = search::ParseBasePatch(*body);
    if (!patch) return core::Fail(patch.error());
    if (patch->regulation) {
        if (auto known = CheckRegulation(*patch->regulation); !known) {
            return core::Fail(known.error());
        }
    }
    auto saved = deps_.kb->ConfigureBase(call.Param("code"), *patch, call.Actor().login);
    if (!saved) return core::Fail(saved.error());
    return JsonResponse(200, search::BaseJson(*saved));
}

core::Result<Response> KbHandlers::PublishKbBase(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto published = deps_.kb->Publish(call.Param("code"), call.Actor().login);
    if (!published) return core::Fail(published.error());
    return JsonResponse(200, json::object{{"published", *published}});
}

namespace {

Response SynonymsJson(const std::string& base, const std::vector<core::KbSynonymGroup>& groups) {
    json::array items;
    for (const auto& group : groups) {
        json::array terms;
        for (const auto& term : group.terms) terms.emplace_back(term);
        items.emplace_back(std::move(terms));
    }
    return JsonResponse(200, json::object{{"base", base}, {"groups", std::move(items)}});
}

}  // namespace

core::Result<Response> KbHandlers::GetKbSynonyms(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto groups = deps_.kb->Synonyms(call.Param("code"));
    if (!groups) return core::Fail(groups.error());
    return SynonymsJson(call.Param("code"), *groups);
}

core::Result<Response> KbHandlers::SetKbSynonyms(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    const auto refuse = [](std::string field, std::string message) {
        return core::Fail(
            core::Error::Validation({{std::move(field), "invalid", std::move(message)}}));
    };
    const auto* items = body->if_contains("groups");
    if (!items || !items->is_array()) {
        return refuse("groups", "Передайте группы синонимов списком в поле groups");
    }
    for (const auto& [key, _] : *body) {
        if (key != "groups") return refuse(std::string(key), "Неизвестное поле");
    }
    std::vector<std::vector<std::string>> groups;
    for (std::size_t i = 0; i < items->as_array().size(); ++i) {
        const auto& item = items->as_array()[i];
        const std::string field = "groups[" + std::to_string(i) + "]";
        if (!item.is_array()) return refuse(field, "Группа синонимов — это список терминов");
        auto& terms = groups.emplace_back();
        for (const auto& term : item.as_array()) {
            if (!term.is_string()) return refuse(field, "Термин должен быть строкой");
            terms.emplace_back(term.as_string());
        }
    }
    auto saved = deps_.kb->SetSynonyms(call.Param("code"), std::move(groups));
    if (!saved) return core::Fail(saved.error());
    return SynonymsJson(call.Param("code"), *saved);
}

core::Result<Response> KbHandlers::ListKbArticles(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto articles = deps_.kb->store().ListArticles(call.request.Query("base"),
                                                   call.request.Query("published") == "true");
    if (!articles) return core::Fail(articles.error());
    const std::string kind = call.request.Query("kind");
    json::array items;
    for (const auto& a : *articles) {
        if (kind.empty() || a.kind == kind) items.push_back(search::ArticleJson(a));
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> KbHandlers::CreateKbArticle(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    auto article = search::ParseArticle(*body, {});
    if (!article) return core::Fail(article.error());
    auto saved = deps_.kb->Create(*article, call.Actor().login);
    if (!saved) return core::Fail(saved.error());
    return JsonResponse(201, search::ArticleJson(*saved));
}

core::Result<Response> KbHandlers::GetKbArticle(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto id = ArticleId(call.Param("id"));
    if (!id) return core::Fail(id.error());
    auto article = deps_.kb->store().FindArticle(*id);
    if (!article) return core::Fail(article.error());
    auto response = JsonResponse(200, search::ArticleJson(*article));
    response.Header("ETag", "\"" + std::to_string(article->version) + "\"");
    return response;
}

core::Result<Response> KbHandlers::UpdateKbArticle(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto id = ArticleId(call.Param("id"));
    if (!id) return core::Fail(id.error());
    auto stored = deps_.kb->store().FindArticle(*id);
    if (!stored) return core::Fail(stored.error());
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    if (!body->contains("version")) {
        return core::Fail(core::Error::Validation(
            {{"version", "required", "Укажите версию статьи, которую вы правили"}}));
    }
    auto article = search::ParseArticle(*body, *stored);
    if (!article) return core::Fail(article.error());
    article->id = stored->id;
    article->key = stored->key;
    auto saved = deps_.kb->Update(*article, call.Actor().login);
    if (!saved) return core::Fail(saved.error());
    return JsonResponse(200, search::ArticleJson(*saved));
}

core::Result<Response> KbHandlers::DeleteKbArticle(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto id = ArticleId(call.Param("id"));
    if (!id) return core::Fail(id.error());
    auto deleted = deps_.kb->Delete(*id, call.Actor().login);
    if (!deleted) return core::Fail(deleted.error());
    Response response;
    response.status = 204;
    response.content_type = "text/plain";
    return response;
}

core::Result<Response> KbHandlers::KbArticleVersions(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto id = ArticleId(call.Param("id"));
    if (!id) return core::Fail(id.error());
    auto revisions = deps_.kb->store().Revisions(*id);
    if (!revisions) return core::Fail(revisions.error());
    json::array items;
    for (const auto& r : *revisions) {
        boost::system::error_code ec;
        auto changes = json::parse(r.changes, ec);
        items.push_back(json::object{{"version", r.version},
                                     {"at", core::FormatInstant(r.at)},
                                     {"actor", r.actor},
                                     {"changes", ec ? json::value(json::object{}) : changes}});
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> KbHandlers::ExportKb(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto articles = deps_.kb->store().ListArticles(call.request.Query("base"), false);
    if (!articles) return core::Fail(articles.error());
    if (call.request.Query("format") == "csv") {
        Response response;
        response.content_type = "text/csv; charset=utf-8";
        response.body = search::ArticlesCsv(*articles);
        response.Header("Content-Disposition", "attachment; filename=\"kb.csv\"");
        return response;
    }
    json::array items;
    for (const auto& a : *articles) items.push_back(search::ArticleJson(a));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> KbHandlers::ImportKb(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    std::vector<core::KbArticle> articles;
    if (call.request.Query("format") == "csv") {
        auto parsed = search::ParseArticlesCsv(call.request.body);
        if (!parsed) return core::Fail(parsed.error());
        articles = std::move(*parsed);
    } else {
        auto body = ParseObject(call.request.body);
        if (!body) return core::Fail(body.error());
        const auto* items = body->if_contains("items");
        if (!items || !items->is_array()) {
            return core::Fail(core::Error::Validation(
                {{"items", "required", "Передайте статьи списком в поле items"}}));
        }
        for (const auto& item : items->as_array()) {
            if (!item.is_object()) continue;
            auto article = search::ParseArticle(item.as_object(), {});
            if (!article) return core::Fail(article.error());
            articles.push_back(std::move(*article));
        }
    }
    auto imported = deps_.kb->Import(articles, call.Actor().login);
    if (!imported) return core::Fail(imported.error());
    return JsonResponse(200, json::object{{"imported", *imported}});
}

core::Result<Response> KbHandlers::SearchKb(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    // Signed-in staff (the editor's search check, operators) are not limited like the public
    // (issue 15: the editor got 429 with a valid token). A bad token is simply the public.
    const bool staff = (!call.request.Header("authorization").empty() ||
                        !call.request.Cookie(Authenticator::kCookieName).empty()) &&
                       deps_.auth.Authenticate(call.request).has_value();
    int retry_after = 0;
    if (!staff &&
        !limits_.public_requests.Allow(call.request.remote_address + "/kb", retry_after)) {
        return RateLimited(retry_after);
    }
    search::SearchQuery query;
    query.text = call.request.Query("q");
    query.regulation = call.request.Query("regulation");
    query.region = call.request.Query("region");
    query.audience = call.request.Query("audience");
    if (!call.request.Query("base").empty()) query.bases = {call.request.Query("base")};
    query.limit = Limit(call.request, 10);
    return JsonResponse(200, ResultJson(deps_.kb->Search(query)));
}

core::Result<Response> KbHandlers::PublicKbArticles(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.public_requests.Allow(call.request.remote_address + "/kb", retry_after)) {
        return RateLimited(retry_after);
    }
    auto articles = deps_.kb->store().ListArticles("", true);
    if (!articles) return core::Fail(articles.error());
    const std::string regulation = call.request.Query("regulation");
    const std::string region = call.request.Query("region");
    json::array items;
    for (const auto& a : *articles) {
        // The help site (KB-4) shows the federal FAQ and the visitor's region's own articles.
        if (a.kind != "faq" || (!regulation.empty() && a.regulation != regulation)) continue;
        const bool regional = a.base.find("-region-") != std::string::npos;
        if ((regional || !a.region_scope.empty()) &&
            (region.empty() ||
             (a.region_scope != region && a.base.substr(a.base.rfind('-') + 1) != region))) {
            continue;
        }
        if (!a.origin_key.empty()) continue;
        items.push_back(json::object{{"key", a.key},
                                     {"regulation", a.regulation},
                                     {"category", a.category},
                                     {"category_name", a.category_name},
                                     {"question", a.question},
                                     {"answer", a.answer}});
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> KbHandlers::SearchKbScripts(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    search::SearchQuery query;
    query.text = call.request.Query("q");
    query.regulation = call.request.Query("regulation");
    query.kind = "script";
    query.limit = Limit(call.request, 10);
    return JsonResponse(200, ResultJson(deps_.kb->Search(query)));
}

core::Result<Response> KbHandlers::AppealSuggestions(Call& call) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto appeal = deps_.appeals.Get(call.Param("uin"), call.Actor());
    if (!appeal) return core::Fail(appeal.error());
    // KB-2: the appeal's own words find the articles; its region and applicant role rank them.
    search::SearchQuery query;
    query.text = appeal->subject + " " + appeal->text;
    query.regulation = appeal->regulation;
    query.region = appeal->applicant.region;
    query.audience = appeal->applicant.role;
    query.limit = Limit(call.request, 5);
    // Issue 16: the articles the applicant already turned down in the chatbot are not offered
    // to the operator again.
    std::vector<std::string> rejected;
    const std::string_view chat_prefix = search::kChatSourcePrefix;
    if (deps_.chatbot && appeal->source_ref.rfind(chat_prefix, 0) == 0) {
        if (auto chat = deps_.chatbot->Record(appeal->source_ref.substr(chat_prefix.size()))) {
            rejected = std::move(chat->rejected_articles);
        }
    }
    const auto wanted = query.limit;
    query.limit += static_cast<decltype(query.limit)>(rejected.size());
    auto body = ResultJson(deps_.kb->Search(query));
    if (!rejected.empty()) {
        auto& items = body["items"].as_array();
        json::array kept;
        for (auto& item : items) {
            const auto* key = item.is_object() ? item.as_object().if_contains("key") : nullptr;
            const bool turned_down = key && key->is_string() &&
                                     std::find(rejected.begin(), rejected.end(),
                                               std::string(key->as_string())) != rejected.end();
            if (!turned_down && kept.size() < static_cast<std::size_t>(wanted)) {
                kept.push_back(std::move(item));
            }
        }
        items = std::move(kept);
        body["rejected_in_chat"] = static_cast<std::int64_t>(rejected.size());
    }
    query.kind = "script";
    query.limit = wanted;
    body["scripts"] = ResultJson(deps_.kb->Search(query))["items"];
    return JsonResponse(200, body);
}

}  // namespace otklik::api

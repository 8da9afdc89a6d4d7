// Appeals: registration, lists, the card, workflow actions, comments, history, links, the
// applicant reveal and the triage check and review.
#include "api/appeal_handlers.hpp"

#include <array>

#include "api/appeal_requests.hpp"
#include "api/auth.hpp"
#include "api/json_mapping.hpp"
#include "api/region_filter.hpp"
#include "core/appeal_attributes.hpp"
#include "core/conversation.hpp"
#include "core/mail_store.hpp"
#include "core/personal_data.hpp"
#include "regulation/regulation.hpp"
#include "search/chatbot.hpp"
#include "views/clock_view.hpp"
#include "views/conversation_view.hpp"
#include "views/triage_view.hpp"

namespace otklik::api {
namespace {

std::string Etag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

}  // namespace

core::Result<Response> AppealHandlers::CreateAppeal(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    auto draft = ParseDraft(*body);
    if (!draft) return core::Fail(draft.error());
    const std::string key = call.request.Header("idempotency-key");
    if (key.size() > 200) {
        return core::Fail(core::Error::Validation(
            {{"Idempotency-Key", "too_long", "Ключ идемпотентности длиннее 200 символов"}}));
    }
    const auto actor = call.Actor();
    // Keys are scoped per user: two systems choosing the same key do not collide.
    const std::string scoped_key = key.empty() ? "" : std::to_string(actor.user_id) + ":" + key;
    auto registered =
        deps_.appeals.Register(*draft, actor, scoped_key, TokenHash(call.request.body));
    if (!registered) return core::Fail(registered.error());
    if (!registered->registered) {
        // TR-8: a status inquiry about an appeal in work is not a new ticket.
        json::value triage = registered->triage
                                 ? json::value(views::TriageJson(*registered->triage))
                                 : json::value(nullptr);
        auto response = JsonResponse(200, json::object{
                                              {"registered", false},
                                              {"message", registered->message},
                                              {"triage", std::move(triage)},
                                              {"appeal", FullForm(registered->appeal, actor)},
                                          });
        if (registered->replayed) response.Header("Idempotent-Replayed", "true");
        return response;
    }
    if (!registered->replayed) deps_.metrics.CountAppealRegistered(registered->appeal.channel);
    const auto& appeal = registered->appeal;
    // Issue 18: the answer's values are built in one buffer and written out at once; one
    // allocation each cost 2 % of registration's CPU.
    std::array<unsigned char, 16384> buffer;
    json::monotonic_resource arena(buffer.data(), buffer.size());
    auto response = JsonResponse(201, FullForm(appeal, actor, &arena));
    response.Header("Location", "/api/v1/appeals/" + PercentEncode(appeal.uin));
    response.Header("ETag", Etag(appeal.version));
    if (registered->replayed) response.Header("Idempotent-Replayed", "true");
    // Live queues hear of it from AppealService's registration listener, as of every channel's.
    return response;
}

core::Result<Response> AppealHandlers::ListAppeals(Call& call) {
    const auto actor = call.Actor();
    auto query = ParseAppealListQuery(call.request, actor, deps_.clock.Now());
    if (!query) return core::Fail(query.error());
    // Issue 16: «Москва» as well as «77».
    auto region = ResolveRegionFilter(deps_.regions, query->filter.region);
    if (!region) return core::Fail(region.error());
    query->filter.region = std::move(*region);
    // Only what the caller may see (SEC-1, SEC-6), in the list and in the search alike.
    core::AppealScope::Of(actor).Restrict(query->filter);
    if (!query->text.empty() && deps_.appeal_search == nullptr) {
        return core::Fail(core::Error{core::ErrorKind::kUnavailable,
                                      "search_unavailable",
                                      "Поиск по обращениям недоступен",
                                      {}});
    }
    // Issue 16: the exact number the same filter and scope keep, for the queue's counter.
    json::value total = nullptr;
    if (query->count) {
        auto counted = CountListed(query->text, query->filter);
        if (!counted) return core::Fail(counted.error());
        if (*counted) total = **counted;
        if (query->count_only) return JsonResponse(200, json::object{{"total", total}});
    }
    const auto with_total = [&](std::string body) {
        if (query->count && body.size() > 1 && body.back() == '}') {
            body.insert(body.size() - 1, ",\"total\":" + json::serialize(total));
        }
        return body;
    };
    core::Result<core::AppealPage> result = core::AppealPage{};
    if (query->text.empty()) {
        result = deps_.appeal_store.List(query->filter, query->page);
    } else if (deps_.appeal_search == nullptr) {
        return core::Fail(core::Error{core::ErrorKind::kUnavailable,
                                      "search_unavailable",
                                      "Поиск по обращениям недоступен",
                                      {}});
    } else {
        result = deps_.appeal_search->Search(query->text, query->filter, query->page);
    }
    if (!result) return core::Fail(result.error());
    const json::value next =
        result->next.empty() ? json::value(nullptr) : json::value(result->next);
    // A search's items carry the passage that matched (HTML-escaped, matches in <mark>).
    const auto snippet = [&](std::size_t i) -> const std::string* {
        return i < result->snippets.size() ? &result->snippets[i] : nullptr;
    };
    if (query->summaries_only) {
        Response response;
        std::size_t size = 64;
        for (const auto& summary : result->summaries) size += summary.size() + 1;
        for (const auto& passage : result->snippets) size += passage.size() + 16;
        response.body.reserve(size);
        response.body += "{\"items\":[";
        for (std::size_t i = 0; i < result->summaries.size(); ++i) {
            if (i > 0) response.body += ',';
            const std::string& summary = result->summaries[i];
            if (const auto* passage = snippet(i);
                passage && summary.size() > 2 && summary.back() == '}') {
                // The stored summary is one JSON object: the snippet joins it as a member.
                response.body.append(summary, 0, summary.size() - 1);
                response.body += ",\"snippet\":" + json::serialize(json::value(*passage)) + "}";
            } else {
                response.body += summary;
            }
        }
        response.body += "],\"next\":" + json::serialize(next) + "}";
        response.body = with_total(std::move(response.body));
        return response;
    }
    json::array items;
    items.reserve(result->items.size());
    for (std::size_t i = 0; i < result->items.size(); ++i) {
        const auto& appeal = result->items[i];
        auto item = AppealJson(appeal, deps_.appeals.AvailableActions(appeal, actor));
        if (const auto* passage = snippet(i)) item["snippet"] = *passage;
        items.push_back(std::move(item));
    }
    json::object body{{"items", std::move(items)}, {"next", next}};
    if (query->count) body["total"] = total;
    return JsonResponse(200, body);
}

core::Result<std::optional<std::int64_t>> AppealHandlers::CountListed(
    const std::string& text, const core::AppealFilter& filter) {
    if (text.empty()) {
        auto count = deps_.appeal_store.Count(filter);
        if (!count) return core::Fail(count.error());
        return std::optional<std::int64_t>(*count);
    }
    // A search is counted by reading its matches through; one beyond kMaxPages pages is
    // reported as unknown (null) rather than estimated.
    constexpr int kMaxPages = 40;
    core::PageRequest page;
    page.limit = 500;
    page.summaries_only = true;
    std::int64_t total = 0;
    for (int i = 0; i < kMaxPages; ++i) {
        auto result = deps_.appeal_search->Search(text, filter, page);
        if (!result) return core::Fail(result.error());
        total += static_cast<std::int64_t>(result->summaries.size() + result->items.size());
        if (result->next.empty()) return std::optional<std::int64_t>(total);
        page.after = result->next;
    }
    return std::optional<std::int64_t>{};
}

core::Result<Response> AppealHandlers::CountAppeals(Call& call) {
    // Counts of what the caller may see only (SEC-6).
    auto counts = deps_.appeal_store.QueueCounts(core::AppealScope::Of(call.Actor()));
    if (!counts) return core::Fail(counts.error());
    json::array items;
    for (const auto& count : *counts) {
        items.push_back(
            json::object{{"group", count.group}, {"status", count.status}, {"count", count.count}});
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

// The full form of one appeal as every answer about it gives it: the views' form, the actions the
// caller may take and the SLA clocks on the appeal's calendar now.
boost::json::object AppealHandlers::FullForm(const core::Appeal& appeal, const core::Actor& actor,
                                             boost::json::storage_ptr storage) const {
    auto body = AppealJson(appeal, deps_.appeals.AvailableActions(appeal, actor), storage);
    body["clocks"] = views::ClocksJson(deps_.appeals.Clocks(appeal), storage);
    return body;
}

core::Result<Response> AppealHandlers::GetAppeal(Call& call) {
    const auto actor = call.Actor();
    auto appeal = deps_.appeals.Get(call.Param("uin"), actor);
    if (!appeal) return core::Fail(appeal.error());
    auto body = FullForm(*appeal, actor);
    if (auto links = deps_.appeals.VisibleLinks(*appeal, actor); links) {
        json::array array;
        for (const auto& link : *links) array.push_back(LinkJson(link));
        body["links"] = std::move(array);
    }
    auto response = JsonResponse(200, body);
    response.Header("ETag", Etag(appeal->version));
    return response;
}

core::Result<Response> AppealHandlers::RevealApplicant(Call& call) {
    const auto actor = call.Actor();
    auto appeal = deps_.appeals.Get(call.Param("uin"), actor);
    if (!appeal) return core::Fail(appeal.error());
    // SEC-3, 152-ФЗ: every read of personal data by staff is logged before it is shown.
    auto logged = deps_.audit.LogAccess({0, deps_.clock.Now(), actor.login, appeal->uin,
                                         "applicant", call.request.Query("purpose")});
    if (!logged) return core::Fail(logged.error());
    auto response = JsonResponse(200, FullApplicant(appeal->applicant));
    response.Header("Cache-Control", "no-store");
    return response;
}

core::Result<Response> AppealHandlers::ActOnAppeal(Call& call) {
    auto action = ParseActionBody(call.request.body);
    if (!action) return core::Fail(action.error());
    auto if_match = ParseIfMatch(call.request.Header("if-match"));
    if (!if_match) return core::Fail(if_match.error());
    const auto actor = call.Actor();
    auto appeal = deps_.appeals.Act(call.Param("uin"), *action, actor, *if_match);
    if (!appeal) return core::Fail(appeal.error());
    events_.Published(*appeal, "action");
    auto response = JsonResponse(200, FullForm(*appeal, actor));
    response.Header("ETag", Etag(appeal->version));
    return response;
}

core::Result<Response> AppealHandlers::ListComments(Call& call) {
    auto appeal = deps_.appeals.Get(call.Param("uin"), call.Actor());
    if (!appeal) return core::Fail(appeal.error());
    auto comments = deps_.appeal_store.Comments(appeal->id);
    if (!comments) return core::Fail(comments.error());
    json::array items;
    for (auto comment : *comments) {
        // Comments written before personal data was kept out of them (SEC-3).
        comment.text = core::ScrubApplicantData(comment.text, appeal->applicant);
        items.push_back(CommentJson(comment));
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> AppealHandlers::AddComment(Call& call) {
    auto body = ParseCommentBody(call.request.body);
    if (!body) return core::Fail(body.error());
    auto comment =
        deps_.appeals.AddComment(call.Param("uin"), body->text, body->visibility, call.Actor());
    if (!comment) return core::Fail(comment.error());
    events_.Changed(call.Param("uin"), "comment");
    return JsonResponse(201, CommentJson(*comment));
}

core::Result<Response> AppealHandlers::GetHistory(Call& call) {
    auto appeal = deps_.appeals.Get(call.Param("uin"), call.Actor());
    if (!appeal) return core::Fail(appeal.error());
    auto history = deps_.appeal_store.History(appeal->id);
    if (!history) return core::Fail(history.error());
    json::array items;
    for (const auto& entry : *history) items.push_back(HistoryJson(entry));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> AppealHandlers::GetConversation(Call& call) {
    // The one visibility check of every path to an appeal (SEC-1, SEC-6).
    auto appeal = deps_.appeals.Get(call.Param("uin"), call.Actor());
    if (!appeal) return core::Fail(appeal.error());
    core::ConversationSources sources;
    auto comments = deps_.appeal_store.Comments(appeal->id);
    if (!comments) return core::Fail(comments.error());
    sources.comments = std::move(*comments);
    auto history = deps_.appeal_store.History(appeal->id);
    if (!history) return core::Fail(history.error());
    sources.history = std::move(*history);
    if (deps_.mail) {
        auto letters = deps_.mail->Letters(*appeal);
        if (!letters) return core::Fail(letters.error());
        sources.letters = std::move(*letters);
    }
    const std::string_view chat_prefix = search::kChatSourcePrefix;
    if (deps_.chatbot && appeal->source_ref.rfind(chat_prefix, 0) == 0) {
        // A dialog no longer kept leaves the registered text alone in the thread.
        if (auto chat = deps_.chatbot->Record(appeal->source_ref.substr(chat_prefix.size()))) {
            sources.chat = std::move(*chat);
        }
    }
    if (deps_.calls) {
        auto placed = deps_.calls->OfAppeal(*appeal);
        if (!placed) return core::Fail(placed.error());
        sources.call = std::move(*placed);
    }
    boost::system::error_code ec;
    const auto files =
        json::parse(core::AttributeOr(*appeal, core::attribute::kEmailAttachments, "[]"), ec);
    if (!ec && files.is_array()) {
        for (const auto& file : files.as_array()) {
            if (!file.is_object()) continue;
            const auto& o = file.as_object();
            core::KeptFile kept;
            if (const auto* name = o.if_contains("name"); name && name->is_string())
                kept.name = name->as_string();
            if (const auto* type = o.if_contains("type"); type && type->is_string())
                kept.type = type->as_string();
            if (const auto* size = o.if_contains("size"); size && size->is_uint64()) {
                kept.size = size->as_uint64();
            } else if (size && size->is_int64() && size->as_int64() >= 0) {
                kept.size = static_cast<std::uint64_t>(size->as_int64());
            }
            sources.files.push_back(std::move(kept));
        }
    }
    const auto conversation = core::AssembleConversation(*appeal, sources);
    auto response = JsonResponse(200, views::ConversationJson(appeal->uin, conversation));
    response.Header("Cache-Control", "no-store");
    return response;
}

core::Result<Response> AppealHandlers::ListLinks(Call& call) {
    auto appeal = deps_.appeals.Get(call.Param("uin"), call.Actor());
    if (!appeal) return core::Fail(appeal.error());
    auto links = deps_.appeals.VisibleLinks(*appeal, call.Actor());
    if (!links) return core::Fail(links.error());
    json::array items;
    for (const auto& link : *links) items.push_back(LinkJson(link));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> AppealHandlers::AddLink(Call& call) {
    auto body = ParseLinkBody(call.request.body);
    if (!body) return core::Fail(body.error());
    auto link = deps_.appeals.AddLink(call.Param("uin"), body->type, body->target, call.Actor());
    if (!link) return core::Fail(link.error());
    events_.Changed(link->from_uin, "link");
    return JsonResponse(201, LinkJson(*link));
}

core::Result<Response> AppealHandlers::CheckTriage(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    auto draft = ParseDraft(*body);
    if (!draft) return core::Fail(draft.error());
    auto screening = deps_.appeals.Check(*draft, call.Actor());
    if (!screening) return core::Fail(screening.error());
    return JsonResponse(200, screening->report ? views::TriageJson(*screening->report)
                                               : views::UnscreenedTriageJson());
}

// What registering the draft would refuse, field by field, with each field's Russian name; 200
// either way: a dry run is not a refusal.
core::Result<Response> AppealHandlers::ValidateAppeal(Call& call) {
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    auto draft = ParseDraft(*body);
    if (!draft) {
        if (draft.error().kind != core::ErrorKind::kValidation) return core::Fail(draft.error());
    }
    std::vector<core::FieldError> errors;
    if (draft) {
        auto checked = deps_.appeals.Validate(*draft, call.Actor());
        if (!checked) return core::Fail(checked.error());
        errors = std::move(*checked);
    } else {
        errors = draft.error().fields;
    }
    json::array fields;
    for (const auto& field : errors) {
        fields.push_back(json::object{{"field", field.field},
                                      {"code", field.code},
                                      {"message", field.message},
                                      {"label", regulation::FieldDisplayName(field.field)}});
    }
    const bool valid = fields.empty();
    return JsonResponse(200, json::object{{"valid", valid}, {"fields", std::move(fields)}});
}

core::Result<Response> AppealHandlers::ReviewTriage(Call& call) {
    auto body = ParseTriageReviewBody(call.request.body);
    if (!body) return core::Fail(body.error());
    auto if_match = ParseIfMatch(call.request.Header("if-match"));
    if (!if_match) return core::Fail(if_match.error());
    const auto actor = call.Actor();
    auto appeal = deps_.appeals.ReviewTriage(call.Param("uin"), body->decision, body->comment,
                                             actor, *if_match);
    if (!appeal) return core::Fail(appeal.error());
    auto response = JsonResponse(200, FullForm(*appeal, actor));
    response.Header("ETag", Etag(appeal->version));
    return response;
}

}  // namespace otklik::api

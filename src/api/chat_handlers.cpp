// The chatbot (KB-3) and its report: public routes, answers readable by the embedding sites.
#include "api/chat_handlers.hpp"

#include "api/json_mapping.hpp"
#include "search/chatbot.hpp"
#include "search/knowledge_base.hpp"

namespace otklik::api {
namespace {

core::Error Unavailable() {
    return {core::ErrorKind::kUnavailable, "unavailable", "База знаний не подключена", {}};
}

}  // namespace

core::Result<Response> ChatHandlers::StartChat(Call& call) {
    if (!deps_.chatbot) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.chat.Allow(call.request.remote_address + "/chat-start", retry_after)) {
        return RateLimited(retry_after);
    }
    json::object start;
    if (!call.request.body.empty()) {
        auto body = ParseObject(call.request.body);
        if (!body) return core::Fail(body.error());
        start = std::move(*body);
    }
    auto reply = deps_.chatbot->Start(start);
    if (!reply) return core::Fail(reply.error());
    return JsonResponse(201, *reply);
}

core::Result<Response> ChatHandlers::ChatMessage(Call& call) {
    if (!deps_.chatbot) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.chat.Allow(call.request.remote_address + "/chat", retry_after)) {
        return RateLimited(retry_after);
    }
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    const auto* text = body->if_contains("text");
    if (!text || !text->is_string()) {
        return core::Fail(
            core::Error::Validation({{"text", "required", "Напишите сообщение в поле text"}}));
    }
    auto reply = deps_.chatbot->Reply(call.Param("id"), std::string(text->as_string()));
    if (!reply) return core::Fail(reply.error());
    return JsonResponse(200, *reply);
}

core::Result<Response> ChatHandlers::GetChat(Call& call) {
    if (!deps_.chatbot) return core::Fail(Unavailable());
    int retry_after = 0;
    if (!limits_.chat.Allow(call.request.remote_address + "/chat", retry_after)) {
        return RateLimited(retry_after);
    }
    auto reply = deps_.chatbot->Show(call.Param("id"));
    if (!reply) return core::Fail(reply.error());
    return JsonResponse(200, *reply);
}

core::Result<Response> ChatHandlers::ChatbotReport(Call&) {
    if (!deps_.kb) return core::Fail(Unavailable());
    auto counts = deps_.kb->store().CountSessions();
    if (!counts) return core::Fail(counts.error());
    return JsonResponse(200, json::object{{"sessions", counts->sessions},
                                          {"solved_by_self_service", counts->solved},
                                          {"registered", counts->registered},
                                          {"status_answered", counts->status}});
}

}  // namespace otklik::api

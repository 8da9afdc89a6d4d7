// Delivery tasks (NT-3, 002 §3.7, §3.11): notices the applicant asked to get by phone, SMS or
// post, which the system cannot send itself. Staff see who to tell, how and by when, tell them,
// and confirm with the channel they used; the appeal's history records what actually happened.
#include "api/delivery_handlers.hpp"

#include "api/json_mapping.hpp"
#include "core/parse_integer.hpp"

namespace otklik::api {
namespace {

core::Error OutboxOff() {
    return {core::ErrorKind::kUnavailable, "unavailable", "Уведомления недоступны", {}};
}

// How staff may have told the applicant.
bool IsDeliveryChannel(std::string_view via) {
    return via == "phone" || via == "sms" || via == "post" || via == "in_person" || via == "email";
}

// A staff member tells the applicant within a working day of the notice (002 §3.7: the request
// goes out as soon as it is made).
constexpr auto kDeliveryTime = std::chrono::hours(24);

json::object TaskJson(const core::PendingOutbox& task) {
    json::object body{
        {"id", task.message.id},
        {"uin", task.appeal_uin},
        {"kind", task.message.kind},
        {"channel", task.message.channel},
        {"channel_name", core::DeliveryChannelName(task.message.channel)},
        {"recipient", task.message.recipient},
        {"created_at", core::FormatInstant(task.message.created_at)},
        {"due_by", core::FormatInstant(task.message.created_at + kDeliveryTime)},
    };
    // The words to say: the notice as the regulation renders it.
    std::error_code ec;
    const auto payload = json::parse(task.message.payload, ec);
    if (!ec && payload.is_object()) {
        for (const char* key : {"subject", "text"}) {
            if (const auto* value = payload.as_object().if_contains(key)) body[key] = *value;
        }
    }
    return body;
}

/// POST /api/v1/deliveries/{id}: how the applicant was told, and what staff add.
struct ConfirmationBody {
    std::string channel;
    std::string comment;
};

core::Result<ConfirmationBody> ParseConfirmationBody(const std::string& text) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    for (const auto& [key, value] : *body) {
        if (key != "channel" && key != "comment") {
            return core::Fail(core::Error::Validation(
                {{std::string(key), "unknown", "Поле «" + std::string(key) + "» не нужно"}}));
        }
    }
    auto via = OptionalString(*body, "channel", "channel");
    if (!via) return core::Fail(via.error());
    auto comment = OptionalString(*body, "comment", "comment");
    if (!comment) return core::Fail(comment.error());
    if (!IsDeliveryChannel(*via)) {
        return core::Fail(core::Error::Validation(
            {{"channel", via->empty() ? "required" : "unknown",
              "Укажите, как заявитель уведомлён: phone, sms, post, in_person или email"}}));
    }
    return ConfirmationBody{std::move(*via), std::move(*comment)};
}

}  // namespace

core::Result<Response> DeliveryHandlers::ListDeliveries(Call& call) {
    if (!deps_.outbox) return core::Fail(OutboxOff());
    auto tasks = deps_.outbox->DeliveryTasks(200);
    if (!tasks) return core::Fail(tasks.error());
    const auto actor = call.Actor();
    json::array items;
    for (const auto& task : *tasks) {
        // SEC-1: only tasks of appeals the caller may see.
        if (task.appeal_uin.empty() || !deps_.appeals.Get(task.appeal_uin, actor)) continue;
        items.push_back(TaskJson(task));
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> DeliveryHandlers::ConfirmDelivery(Call& call) {
    if (!deps_.outbox) return core::Fail(OutboxOff());
    const auto parsed = core::ParseInteger<std::int64_t>(call.Param("id"));
    if (!parsed) return core::Fail(core::Error::NotFound("Нет такого уведомления"));
    const std::int64_t id = *parsed;
    auto body = ParseConfirmationBody(call.request.body);
    if (!body) return core::Fail(body.error());
    const std::string& via = body->channel;
    auto task = deps_.outbox->FindOutbox(id);
    if (!task) return core::Fail(task.error());
    const auto actor = call.Actor();
    // SEC-1: a task of an appeal the caller may not see does not exist for them.
    if (task->appeal_uin.empty() || !deps_.appeals.Get(task->appeal_uin, actor)) {
        return core::Fail(core::Error::NotFound("Нет такого уведомления"));
    }
    auto marked = deps_.outbox->MarkDelivered(id, via, actor.login, deps_.clock.Now());
    if (!marked) return core::Fail(marked.error());
    if (!*marked) {
        return core::Fail(core::Error::Conflict("already_delivered",
                                                "Это уведомление уже доставлено или отправлено"));
    }
    auto appeal = deps_.appeals.RecordDelivery(task->appeal_uin, task->message.kind, via,
                                               body->comment, actor);
    if (!appeal) return core::Fail(appeal.error());
    events_.Published(*appeal, "delivery");
    return JsonResponse(200, json::object{{"id", id},
                                          {"uin", appeal->uin},
                                          {"delivered_via", via},
                                          {"status", core::StatusCode(appeal->status)}});
}

}  // namespace otklik::api

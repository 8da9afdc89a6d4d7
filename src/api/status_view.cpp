// The status page's view of an appeal (issue 17): what an applicant may read about their own
// appeal, in their words rather than the workplace's.
#include "api/status_view.hpp"

#include "core/appeal_attributes.hpp"
#include "core/local_time.hpp"
#include "core/personal_data.hpp"
#include "regulation/catalog.hpp"

namespace otklik::api {
namespace {

namespace json = boost::json;
using core::ApplicantIntent;
using core::Status;

// What the page says of each state; the regulation names the state itself.
std::string Explanation(const core::Appeal& appeal, bool can_reply, bool can_confirm,
                        const std::string& reason_name) {
    switch (appeal.status) {
        case Status::kRegistered:
            return "Обращение зарегистрировано и ждёт, когда его возьмёт в работу специалист.";
        case Status::kAssigned:
            return "Обращение передано специалисту службы поддержки.";
        case Status::kInProgress:
            return "Специалист работает над вашим обращением.";
        case Status::kPending:
            if (can_reply) {
                return "Нам нужна дополнительная информация от вас. Ответьте, пожалуйста, ниже: "
                       "ответ возобновит работу по обращению.";
            }
            return reason_name.empty() ? std::string("Работа по обращению приостановлена.")
                                       : "Работа по обращению приостановлена: " + reason_name + ".";
        case Status::kResolved:
            return can_confirm ? "По обращению принято решение. Подтвердите его или сообщите, "
                                 "если вопрос не решён."
                               : "По обращению принято решение.";
        case Status::kClosed:
            return "Работа по обращению завершена, обращение закрыто.";
        case Status::kRefused:
            return "Обращение не рассматривается.";
    }
    return {};
}

struct IntentText {
    const char* title;
    const char* button;
    const char* label;  ///< the words' field
};

IntentText TextOf(ApplicantIntent intent) {
    switch (intent) {
        case ApplicantIntent::kReply:
            return {"Ответить на запрос информации", "Отправить ответ", "Ваш ответ"};
        case ApplicantIntent::kConfirm:
            return {"Подтвердить решение", "Подтверждаю решение", "Комментарий (необязательно)"};
        case ApplicantIntent::kDispute:
            return {"Не согласен с решением", "Сообщить о несогласии", "Что осталось нерешённым?"};
        case ApplicantIntent::kWithdraw:
            return {"Отозвать обращение", "Отозвать обращение", "Причина (необязательно)"};
    }
    return {"", "", ""};
}

core::TimeZone ZoneOf(const regulation::Regulation* r) {
    if (r) {
        if (auto zone = core::TimeZone::Find(r->calendar.time_zone)) return *zone;
    }
    return core::TimeZone::Default();
}

json::value Deadline(const core::Appeal& appeal, const regulation::Regulation* r) {
    // A decision taken or work stopped: no term runs that the applicant waits for.
    if (appeal.status == Status::kResolved || core::IsFinal(appeal.status)) return nullptr;
    const auto due = appeal.DueAt();
    if (!due) return nullptr;
    std::string clock = "resolution";
    for (const auto& [name, at] : appeal.deadlines) {
        if (at == *due) {
            clock = name;
            break;
        }
    }
    std::string label = "Срок решения";
    if (clock != "resolution" && r) {
        if (const auto* spec = r->FindClock(clock); spec && !spec->name.empty()) label = spec->name;
    }
    const auto zone = ZoneOf(r);
    return json::object{{"label", label},
                        {"date", zone.FormatDate(*due)},
                        {"at", core::FormatInstant(*due)},
                        {"time_zone", zone.Name()}};
}

json::array Files(const core::Appeal& appeal) {
    json::array names;
    boost::system::error_code ec;
    const auto listed = json::parse(
        std::string(core::AttributeOr(appeal, core::attribute::kEmailAttachments, "[]")), ec);
    if (ec || !listed.is_array()) return names;
    for (const auto& item : listed.as_array()) {
        const auto* name = item.is_object() ? item.as_object().if_contains("name") : nullptr;
        if (name && name->is_string()) names.emplace_back(name->as_string());
    }
    return names;
}

}  // namespace

json::object StatusView(const ApiDependencies& deps, const core::Appeal& appeal) {
    const regulation::Regulation* r =
        deps.regulations ? deps.regulations->Find(appeal.regulation, appeal.regulation_version)
                         : nullptr;
    // The answers open now: the regulation's [applicant] actions available in this state.
    json::array actions;
    bool can_reply = false;
    bool can_confirm = false;
    for (const ApplicantIntent intent : core::kApplicantIntents) {
        const auto code = deps.appeals.ApplicantAction(appeal, intent);
        if (!code) continue;
        const regulation::Action* action = r ? r->FindAction(*code) : nullptr;
        const regulation::ParamSpec* comment =
            action ? action->FindParam(core::kApplicantAnswerParam) : nullptr;
        // LC-4: a disagreement says what is still wrong, whatever the file asks.
        const bool required =
            intent == ApplicantIntent::kDispute || (comment != nullptr && comment->required);
        const IntentText text = TextOf(intent);
        actions.push_back(json::object{{"intent", core::ApplicantIntentCode(intent)},
                                       {"title", text.title},
                                       {"button", text.button},
                                       {"label", text.label},
                                       {"comment_required", required},
                                       {"files", intent == ApplicantIntent::kReply}});
        can_reply = can_reply || intent == ApplicantIntent::kReply;
        can_confirm = can_confirm || intent == ApplicantIntent::kConfirm;
    }
    const std::string status_name(core::AttributeOr(
        appeal, core::attribute::kStatusName,
        r ? r->StatusName(appeal.status) : core::StatusDisplayName(appeal.status)));
    const std::string reason_name(core::AttributeOr(appeal, core::attribute::kPendingReasonName));

    // What was said between the applicant and support: public comments and the applicant's
    // own words, never internal notes (LC-9, 000 §6.4).
    json::array messages;
    if (auto comments = deps.appeal_store.Comments(appeal.id)) {
        for (const auto& comment : *comments) {
            const bool mine = comment.author.rfind("applicant:", 0) == 0;
            if (!mine && comment.visibility != core::Visibility::kPublic) continue;
            messages.push_back(
                json::object{{"at", core::FormatInstant(comment.at)},
                             {"from", mine ? "applicant" : "support"},
                             {"author", mine ? "Вы" : "Служба поддержки"},
                             {"text", core::ScrubApplicantData(comment.text, appeal.applicant)}});
        }
    }
    const auto zone = ZoneOf(r);
    json::object view{
        {"uin", appeal.uin},
        {"subject", appeal.subject},
        {"service", r ? r->name : std::string()},
        {"contacts", r ? r->contacts : std::string()},
        {"status", core::StatusCode(appeal.status)},
        {"status_name", status_name},
        {"pending_reason_name", appeal.status == Status::kPending ? reason_name : std::string()},
        {"explanation", Explanation(appeal, can_reply, can_confirm, reason_name)},
        {"registered_on", zone.FormatDate(appeal.created_at)},
        {"deadline", Deadline(appeal, r)},
        {"solution", appeal.status == Status::kResolved || appeal.status == Status::kClosed
                         ? std::string(core::AttributeOr(appeal, core::attribute::kSolution))
                         : std::string()},
        {"refusal", appeal.status == Status::kRefused
                        ? std::string(core::AttributeOr(appeal, core::attribute::kRefusalMessage))
                        : std::string()},
        {"messages", std::move(messages)},
        {"files", Files(appeal)},
        {"email", core::MaskEmail(appeal.applicant.email)},
        {"version", appeal.version},
        {"actions", std::move(actions)},
    };
    return view;
}

}  // namespace otklik::api

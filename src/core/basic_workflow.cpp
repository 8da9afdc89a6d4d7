#include "core/basic_workflow.hpp"

#include <algorithm>
#include <array>

#include "core/json_text.hpp"
#include "core/local_time.hpp"

namespace otklik::core {
namespace {

constexpr std::array<std::string_view, 11> kChannels = {
    "api",     "email", "project_mail", "org_mail", "chatbot",  "widget",
    "cabinet", "phone", "letter",       "web",      "in_person"};

Error NotAllowed(std::string message) {
    return Error::Unprocessable("action_not_allowed", std::move(message));
}

}  // namespace

bool IsKnownChannel(std::string_view channel) {
    return std::find(kChannels.begin(), kChannels.end(), channel) != kChannels.end();
}

int UinYear(Instant now) { return static_cast<int>(TimeZone::Default().LocalDate(now).year()); }

std::vector<OutboxMessage> RegistrationNotice(const Appeal& appeal, Instant now) {
    if (appeal.applicant.email.empty()) return {};
    OutboxMessage message;
    message.kind = "registered";
    message.channel = "email";
    message.recipient = appeal.applicant.email;
    message.payload =
        "{\"uin\":" + JsonString(appeal.uin) + ",\"subject\":" + JsonString(appeal.subject) + "}";
    message.created_at = now;
    return {message};
}

BasicWorkflow::BasicWorkflow(std::map<std::string, std::string> prefixes,
                             std::string default_regulation)
    : prefixes_(std::move(prefixes)), default_regulation_(std::move(default_regulation)) {}

Result<UinSlot> BasicWorkflow::Numbering(const std::string& regulation_id,
                                         const std::string& channel, Instant now) const {
    const std::string regulation = regulation_id.empty() ? default_regulation_ : regulation_id;
    std::vector<FieldError> errors;
    const auto prefix = prefixes_.find(regulation);
    if (prefix == prefixes_.end()) {
        errors.push_back({"regulation", "unknown", "Такой регламент не подключён"});
    }
    if (!IsKnownChannel(channel)) {
        errors.push_back({"channel", "unknown", "Неизвестный канал поступления"});
    }
    if (!errors.empty()) return Fail(Error::Validation(std::move(errors)));
    return UinSlot{regulation, prefix->second, UinYear(now)};
}

Result<Intake> BasicWorkflow::PrepareIntake(const AppealDraft& draft, const Actor& actor,
                                            Instant now) const {
    std::vector<FieldError> errors = ValidateDraft(draft);
    const std::string regulation =
        draft.regulation.empty() ? default_regulation_ : draft.regulation;
    const auto prefix = prefixes_.find(regulation);
    if (prefix == prefixes_.end()) {
        errors.push_back({"regulation", "unknown", "Такой регламент не подключён"});
    }
    if (draft.channel.empty()) {
        errors.push_back({"channel", "required", "Укажите канал поступления обращения"});
    } else if (!IsKnownChannel(draft.channel)) {
        errors.push_back({"channel", "unknown", "Неизвестный канал поступления"});
    }
    if (!errors.empty()) return Fail(Error::Validation(std::move(errors)));

    Intake intake;
    intake.appeal = AppealFromDraft(draft, actor, now);
    intake.appeal.regulation = regulation;
    intake.uin_prefix = prefix->second;
    intake.uin_year = UinYear(now);
    return intake;
}

std::vector<std::string> BasicWorkflow::AvailableActions(const Appeal& appeal,
                                                         const Actor& actor) const {
    if (IsFinal(appeal.status) || !RoleAllows(actor.role, Permission::kWorkAppeals)) return {};
    std::vector<std::string> actions = {"assign"};
    if (appeal.assignee != actor.login || appeal.status != Status::kInProgress) {
        actions.push_back("take");
    }
    actions.push_back("close");
    return actions;
}

Result<ActionOutcome> BasicWorkflow::Apply(const Appeal& appeal, const ActionRequest& request,
                                           const Actor& actor, Instant now) const {
    const auto available = AvailableActions(appeal, actor);
    if (std::find(available.begin(), available.end(), request.action) == available.end()) {
        if (request.action != "assign" && request.action != "take" && request.action != "close") {
            return Fail(Error::Validation(
                {{"action", "unknown", "Неизвестное действие: " + request.action}}));
        }
        return Fail(NotAllowed(IsFinal(appeal.status)
                                   ? "Обращение закрыто: действия с ним недоступны"
                                   : "Это действие сейчас недоступно"));
    }
    ActionOutcome outcome;
    outcome.appeal = appeal;
    Appeal& next = outcome.appeal;
    if (request.action == "assign") {
        const std::string group = request.Param("group");
        const std::string assignee = request.Param("assignee");
        if (group.empty() && assignee.empty()) {
            return Fail(
                Error::Validation({{"group", "required", "Укажите группу или исполнителя"}}));
        }
        if (!group.empty()) next.group = group;
        if (!assignee.empty()) next.assignee = assignee;
        next.status = Status::kAssigned;
    } else if (request.action == "take") {
        next.assignee = actor.login;
        if (next.group.empty()) next.group = actor.group;
        next.status = Status::kInProgress;
    } else {
        next.status = Status::kClosed;
        next.closed_at = now;
    }
    outcome.note = request.Param("comment");
    next.updated_at = now;
    return outcome;
}

}  // namespace otklik::core

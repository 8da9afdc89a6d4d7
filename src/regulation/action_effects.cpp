#include "regulation/action_effects.hpp"

#include "core/basic_workflow.hpp"
#include "regulation/appeal_state.hpp"

namespace otklik::regulation {
namespace {

using core::Appeal;
using core::Error;
using core::FieldError;
using core::Status;

std::string* ApplicantField(core::Applicant& a, std::string_view name) {
    if (name == "last_name") return &a.last_name;
    if (name == "first_name") return &a.first_name;
    if (name == "middle_name") return &a.middle_name;
    if (name == "email") return &a.email;
    if (name == "phone") return &a.phone;
    if (name == "snils") return &a.snils;
    if (name == "inn") return &a.inn;
    if (name == "birth_date") return &a.birth_date;
    if (name == "region") return &a.region;
    if (name == "login") return &a.login;
    if (name == "role") return &a.role;
    if (name == "contact_channel") return &a.contact_channel;
    if (name == "address") return &a.address;
    return nullptr;
}

// A parameter's value; "" for an effect that takes none.
std::string ParamValue(const ActionContext& c, const std::string& param) {
    return param.empty() ? std::string() : c.request.Param(param);
}

// CH-4, 002 §4.7.3: data the applicant provides completes the ticket.
void UpdateApplicantData(ActionContext& c, const UpdateApplicant& effect) {
    for (const std::string& param : effect.params) {
        const std::string value = c.request.Param(param);
        if (!value.empty()) *ApplicantField(c.next.applicant, param) = value;
    }
    core::AppealDraft check;
    check.text = "-";
    check.applicant = c.next.applicant;
    check = core::NormalizeDraft(check);
    for (const FieldError& error : core::ValidateDraft(check)) {
        if (error.field.rfind("applicant.", 0) == 0) c.errors.push_back(error);
    }
    c.next.applicant = check.applicant;
}

// TR-6, SLA-3: category and priority corrected in agreement with the applicant.
void ReclassifyAppeal(ActionContext& c, const Reclassify& effect) {
    const Regulation& r = c.regulation;
    Appeal& next = c.next;
    if (const std::string value = ParamValue(c, effect.category_param); !value.empty()) {
        if (!r.FindCategory(value)) {
            c.errors.push_back(
                {"category", "unknown", "Категория " + Quoted(value) + " не предусмотрена"});
        } else if (value != next.category) {
            next.category = value;
            const Category* category = r.FindCategory(value);
            if (!category->FindSubcategory(next.subcategory)) next.subcategory.clear();
        }
    }
    if (const std::string value = ParamValue(c, effect.subcategory_param); !value.empty()) {
        const Category* category = r.FindCategory(next.category);
        if (!category || !category->FindSubcategory(value)) {
            c.errors.push_back({"subcategory", "unknown",
                                "Подкатегория " + Quoted(value) + " не относится к категории"});
        } else {
            next.subcategory = value;
        }
    }
    if (const std::string value = ParamValue(c, effect.priority_param); !value.empty()) {
        if (!r.FindPriority(value)) {
            c.errors.push_back(
                {"priority", "unknown", "Приоритет " + Quoted(value) + " не предусмотрен"});
        } else {
            next.priority = value;
        }
    }
    const bool changes_pair = !effect.priority_param.empty() || !effect.category_param.empty();
    if (const Category* category = r.FindCategory(next.category);
        changes_pair && category && !next.priority.empty() && !category->priorities.empty() &&
        !Contains(category->priorities, next.priority)) {
        c.errors.push_back({effect.priority_param.empty() ? "category" : "priority", "not_allowed",
                            "Приоритет " + Quoted(next.priority) + " не применяется к категории " +
                                Quoted(category->name)});
    }
}

// 004 memo 10: the colleague is briefed with the user's name, the organization's ИНН and the
// appeal's number; the number is what can be checked.
void CheckBriefing(ActionContext& c) {
    const std::string& uin = c.before.uin;
    if (!uin.empty() && c.request.Param("comment").find(uin) == std::string::npos) {
        c.errors.push_back({"comment", "briefing",
                            "Кратко изложите коллеге суть: ФИО пользователя, ИНН организации и "
                            "номер обращения " +
                                uin + " (памятка, п. 10)"});
    }
}

// 004: a category or priority the applicant gave changes only in agreement with them, and the
// record says how; classifying an appeal that came without them needs none.
void CheckAgreement(ActionContext& c) {
    const Appeal& before = c.before;
    if (c.request.Param("agreement").empty() &&
        ((!before.category.empty() && c.next.category != before.category) ||
         (!before.priority.empty() && c.next.priority != before.priority))) {
        c.errors.push_back({"agreement", "required",
                            "Изменение категории или приоритета согласуется с пользователем: "
                            "укажите, как согласовано (письмо, электронная почта, телефон)"});
    }
}

// CH-5, RT-4: the executor organization must exist, be connected and competent.
void SetExecutor(ActionContext& c, const SetOrganization& effect) {
    const std::string value = effect.organization.For(c.request);
    if (value.empty()) return;
    const Organization* org = c.regulation.FindOrganization(value);
    if (!org) {
        c.errors.push_back(
            {"organization", "unknown", "Организация " + Quoted(value) + " не найдена"});
    } else if (!org->connected) {
        c.errors.push_back({"organization", "not_connected",
                            "Организация " + Quoted(org->name) + " не подключена к системе"});
    } else if (!org->CompetentFor(c.next.category, c.next.subcategory)) {
        c.errors.push_back({"organization", "not_competent",
                            "Организация " + Quoted(org->name) +
                                " не рассматривает вопросы этой категории и подкатегории"});
    } else {
        c.next.organization = org->code;
    }
}

// The group an AssignGroup effect sends the appeal to; "" to stay.
core::Result<std::string> TargetGroup(ActionContext& c, const AssignGroup& effect) {
    const Regulation& r = c.regulation;
    using Target = AssignGroup::Target;
    switch (effect.target) {
        case Target::kPrevious:
            return Attr(c.before, "previous_group");
        case Target::kRequester:
            c.next.attributes.erase("requester_group");
            return Attr(c.before, "requester_group");
        case Target::kRegional:
            if (const Group* regional = RegionalGroup(r, c.next)) return regional->code;
            // No group serves the region by name: the one intake routed the appeal to.
            if (const std::string intake = Attr(c.before, "intake_group"); !intake.empty()) {
                return intake;
            }
            return core::Fail(NotAllowed("Нет группы регионального оператора для региона " +
                                         Quoted(c.next.applicant.region)));
        case Target::kNextLine: {
            const Group* current = r.FindGroup(c.before.group);
            if (!current || current->next.empty()) {
                return core::Fail(NotAllowed("У группы нет следующей линии поддержки"));
            }
            return current->next;
        }
        case Target::kCode:
        case Target::kParam:
            break;
    }
    const std::string target =
        effect.target == Target::kParam ? c.request.Param(effect.value) : effect.value;
    if (!target.empty() && !r.FindGroup(target)) {
        c.errors.push_back(
            {"group", "unknown", "Группа " + Quoted(target) + " не найдена в регламенте"});
        return std::string();
    }
    return target;
}

// RT-2, RT-3: hand-overs remember where the appeal came from.
core::Result<void> HandOver(ActionContext& c) {
    const ActionEffects& e = c.action.effects;
    if (e.records_requester) c.next.attributes["requester_group"] = c.before.group;
    if (!e.group) return {};
    const auto target = TargetGroup(c, *e.group);
    if (!target) return core::Fail(target.error());
    if (!target->empty() && *target != c.next.group) {
        c.next.attributes["previous_group"] = c.next.group;
        c.next.group = *target;
        c.next.assignee.clear();
    }
    return {};
}

void Assign(ActionContext& c, const SetAssignee& effect) {
    switch (effect.who) {
        case SetAssignee::Who::kActor:
            c.next.assignee = c.actor.login;
            if (c.next.group.empty()) c.next.group = c.actor.group;
            return;
        case SetAssignee::Who::kNone:
            c.next.assignee.clear();
            return;
        case SetAssignee::Who::kParam:
            if (const std::string login = c.request.Param(effect.param); !login.empty()) {
                c.next.assignee = login;
            }
            return;
    }
}

// LC-6: stages, each with the status it brings.
void MoveToStage(ActionContext& c, const EnterStage& effect) {
    const Stage* stage =
        effect.next ? NextStage(c.regulation, c.before) : c.regulation.FindStage(effect.code);
    if (!stage) return;
    c.next.stage = stage->code;
    if (stage->status) c.next.status = *stage->status;
    c.notify.insert(c.notify.end(), stage->notify.begin(), stage->notify.end());
}

// LC-1, 004 table 5: a pending reason may require what the pause must record.
void SetPendingFor(ActionContext& c, const SetPendingReason& effect) {
    const std::string reason = effect.reason.For(c.request);
    const PendingReason* pending = c.regulation.FindPendingReason(reason);
    if (!pending) {
        c.errors.push_back(
            {"reason", "unknown",
             "Причина ожидания " + Quoted(reason) + " не предусмотрена регламентом"});
    } else {
        for (const std::string& needed : pending->requires_params) {
            if (!c.request.Param(needed).empty()) continue;
            c.errors.push_back({needed, "required",
                                "Для причины " + Quoted(pending->name) + " укажите " +
                                    c.action.ParamLabel(needed)});
        }
    }
    c.next.pending_reason = reason;
}

void SetRefusalFor(ActionContext& c, const SetRefusalReason& effect) {
    const std::string reason = effect.reason.For(c.request);
    const RefusalReason* refusal = c.regulation.FindRefusalReason(reason);
    if (!refusal) {
        c.errors.push_back({"reason", "unknown",
                            "Причина отказа " + Quoted(reason) + " не предусмотрена регламентом"});
        return;
    }
    c.next.attributes["refusal_reason"] = refusal->code;
    if (!refusal->requires_param.empty() && c.request.Param(refusal->requires_param).empty()) {
        c.errors.push_back({refusal->requires_param, "required",
                            "Для отказа по причине " + Quoted(refusal->name) + " укажите " +
                                Quoted(refusal->requires_param)});
    }
}

// 004 table 2: the term agreed with the applicant for a clock «по согласованию».
void RecordAgreedTerm(ActionContext& c, const AgreeTerm& effect) {
    if (const auto term = ParseTerm(c.request.Param(AgreeTerm::kParam))) {
        c.next.attributes["agreed_term." + effect.clock] = FormatTerm(*term);
    } else {
        c.errors.push_back({AgreeTerm::kParam, "format",
                            "Срок указывается как «10 business_days», «16 business_hours», "
                            "«30 calendar_days» или «24 hours»"});
    }
}

}  // namespace

std::vector<FieldError> CheckParams(const Action& action, const core::ActionRequest& request,
                                    const core::Actor& actor) {
    std::vector<FieldError> errors;
    for (const auto& [name, value] : request.params) {
        if (name != "comment" && (actor.applicant || !action.FindParam(name))) {
            errors.push_back(
                {name, "unknown",
                 "Параметр " + Quoted(name) + " не нужен для действия " + Quoted(action.name)});
        }
    }
    for (const ParamSpec& spec : action.params) {
        const std::string value = request.Param(spec.name);
        if (value.empty()) {
            if (spec.required) {
                errors.push_back({spec.name, "required",
                                  "Для действия " + Quoted(action.name) + " укажите " +
                                      action.ParamLabel(spec.name)});
            }
        } else if (spec.date && !core::ParseDate(value)) {
            errors.push_back(
                {spec.name, "format", "Дата указывается как ГГГГ-ММ-ДД, например 2026-03-02"});
        } else if (!spec.values.empty() && !Contains(spec.values, value)) {
            errors.push_back({spec.name, "unknown",
                              "Недопустимое значение " + Quoted(value) +
                                  "; возможны: " + Join(spec.values, ", ")});
        }
    }
    return errors;
}

core::Result<void> ApplyEffects(ActionContext& c) {
    const ActionEffects& e = c.action.effects;
    if (e.update_applicant) UpdateApplicantData(c, *e.update_applicant);
    if (e.reclassify) ReclassifyAppeal(c, *e.reclassify);
    if (c.action.briefing) CheckBriefing(c);
    if (c.action.needs_agreement) CheckAgreement(c);
    if (e.organization) SetExecutor(c, *e.organization);
    if (auto handed = HandOver(c); !handed) return core::Fail(handed.error());
    if (e.assignee) Assign(c, *e.assignee);
    if (e.stage) MoveToStage(c, *e.stage);
    if (e.status) c.next.status = *e.status;
    if (e.pending_reason && c.next.status == Status::kPending) SetPendingFor(c, *e.pending_reason);
    if (c.next.status != Status::kPending) c.next.pending_reason.clear();
    if (e.refusal_reason) SetRefusalFor(c, *e.refusal_reason);
    if (e.agree_term) RecordAgreedTerm(c, *e.agree_term);
    return {};
}

void KeepOtherParams(const ActionContext& c) {
    const auto consumed = c.action.effects.ConsumedParams();
    for (const ParamSpec& spec : c.action.params) {
        if (Contains(consumed, spec.name)) continue;
        const std::string value = c.request.Param(spec.name);
        if (!value.empty()) c.next.attributes[spec.name] = value;
    }
}

}  // namespace otklik::regulation

// Phone calls (CH-2, PH-1): taking a call reserves the UIN the operator says first.
#include "api/call_handlers.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "api/json_mapping.hpp"
#include "core/calls.hpp"
#include "core/repositories.hpp"
#include "regulation/catalog.hpp"

namespace otklik::api {
namespace {

core::Error Unavailable() {
    return {core::ErrorKind::kUnavailable, "unavailable", "Приём звонков не подключён", {}};
}

json::object CallJson(const core::Call& call) {
    std::string outcome_name;
    for (const auto& outcome : core::CallOutcomes()) {
        if (outcome.code == call.outcome) outcome_name = outcome.name;
    }
    json::object body{{"uin", call.uin},
                      {"regulation", call.regulation},
                      {"channel", call.channel},
                      {"operator", call.operator_login},
                      {"started_at", core::FormatInstant(call.started_at)},
                      {"ended_at", call.ended_at ? json::value(core::FormatInstant(*call.ended_at))
                                                 : json::value(nullptr)},
                      {"outcome", call.outcome},
                      {"outcome_name", outcome_name},
                      {"note", call.note}};
    return body;
}

// Reads the string fields of a small body, refusing unknown ones by name.
core::Result<std::map<std::string, std::string>> ReadFields(const std::string& text,
                                                            const std::set<std::string>& allowed) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    std::map<std::string, std::string> fields;
    std::vector<core::FieldError> errors;
    for (const auto& [key, value] : *body) {
        const std::string name(key);
        if (!allowed.contains(name)) {
            errors.push_back({name, "unknown", "Неизвестное поле"});
        } else if (!value.is_string()) {
            errors.push_back({name, "type", "Ожидается строка"});
        } else {
            fields[name] = std::string(value.as_string());
        }
    }
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    return fields;
}

/// POST /api/v1/calls; an empty body takes the defaults.
struct TakeCallBody {
    std::string regulation;
    std::string channel;
};

core::Result<TakeCallBody> ParseTakeCallBody(const std::string& text) {
    auto fields = ReadFields(text.empty() ? "{}" : text, {"regulation", "channel"});
    if (!fields) return core::Fail(fields.error());
    return TakeCallBody{(*fields)["regulation"], (*fields)["channel"]};
}

/// POST /api/v1/calls/{uin}/end.
struct EndCallBody {
    std::string outcome;
    std::string note;
};

core::Result<EndCallBody> ParseEndCallBody(const std::string& text) {
    auto fields = ReadFields(text, {"outcome", "note"});
    if (!fields) return core::Fail(fields.error());
    return EndCallBody{(*fields)["outcome"], (*fields)["note"]};
}

bool RoleMayTake(const regulation::Action& action, core::Role role) {
    for (const std::string& r : action.roles) {
        if (r == "*" || r == core::RoleCode(role)) return true;
    }
    return false;
}

json::object TargetParams(std::initializer_list<std::pair<const char*, std::string>> given) {
    json::object params;
    for (const auto& [name, value] : given) {
        if (!value.empty()) params[name] = value;
    }
    return params;
}

json::object Target(const char* kind, const std::string& code, const std::string& name,
                    const regulation::Action& action, json::object params) {
    const regulation::ParamSpec* comment = action.FindParam("comment");
    return json::object{
        {"kind", kind},
        {"code", code},
        {"name", name},
        {"action", action.code},
        {"action_name", action.name},
        {"params", std::move(params)},
        {"comment", comment ? (comment->required ? "required" : "optional") : "none"},
        {"briefing", action.briefing},
    };
}

json::object DraftJson(const core::CallDraft& draft, json::value form) {
    return json::object{{"uin", draft.uin},
                        {"saved_at", core::FormatInstant(draft.saved_at)},
                        {"form", std::move(form)}};
}

}  // namespace

core::Result<Response> CallHandlers::GetDraft(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto draft = deps_.calls->Draft(call.Param("uin"), call.Actor());
    if (!draft) return core::Fail(draft.error());
    boost::system::error_code ec;
    json::value form = json::parse(draft->form, ec);
    if (ec || !form.is_object()) form = json::object{};
    return JsonResponse(200, DraftJson(*draft, std::move(form)));
}

core::Result<Response> CallHandlers::SaveDraft(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto body = ParseObject(call.request.body);
    if (!body) return core::Fail(body.error());
    std::vector<core::FieldError> errors;
    for (const auto& [key, value] : *body) {
        if (key != "form") errors.push_back({std::string(key), "unknown", "Неизвестное поле"});
    }
    const json::value* form = body->if_contains("form");
    if (!form) {
        errors.push_back({"form", "required", "Нужна форма звонка: {\"form\": {…}}"});
    } else if (!form->is_object()) {
        errors.push_back({"form", "type", "Ожидается объект с полями формы"});
    }
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    auto saved = deps_.calls->SaveDraft(call.Param("uin"), json::serialize(*form), call.Actor());
    if (!saved) return core::Fail(saved.error());
    return JsonResponse(
        200, json::object{{"uin", saved->uin}, {"saved_at", core::FormatInstant(saved->saved_at)}});
}

core::Result<Response> CallHandlers::DropDraft(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto dropped = deps_.calls->DropDraft(call.Param("uin"), call.Actor());
    if (!dropped) return core::Fail(dropped.error());
    Response response;
    response.status = 204;
    response.content_type = "text/plain";
    return response;
}

core::Result<Response> CallHandlers::TransferTargets(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto found = deps_.calls->Get(call.Param("uin"), call.Actor());
    if (!found) return core::Fail(found.error());
    const core::Actor actor = call.Actor();
    const regulation::Regulation* r =
        deps_.regulations ? deps_.regulations->Latest(found->regulation) : nullptr;
    json::array items;
    if (!r) return JsonResponse(200, json::object{{"items", std::move(items)}});
    // The transfer actions the operator's role may take; those with a briefing first, so that a
    // group or a person reached by several actions goes by the one that carries the briefing.
    std::vector<const regulation::Action*> actions;
    for (const auto& action : r->actions) {
        if (action.Counter() == "transfer" && RoleMayTake(action, actor.role)) {
            actions.push_back(&action);
        }
    }
    std::stable_sort(actions.begin(), actions.end(),
                     [](const auto* a, const auto* b) { return a->briefing && !b->briefing; });
    std::set<std::string> seen;
    // The next line (escalation): an action that chooses the group itself.
    for (const auto* action : actions) {
        if (!action->FindParam("group") && !action->FindParam("assignee") &&
            action->effects.group && seen.insert("next_line").second) {
            items.push_back(
                Target("next_line", "", "Следующая линия поддержки", *action, json::object{}));
        }
    }
    for (const auto* action : actions) {
        const regulation::ParamSpec* group = action->FindParam("group");
        if (!group) continue;
        for (const auto& g : r->groups) {
            const bool accepted = group->values.empty() ||
                                  std::find(group->values.begin(), group->values.end(), g.code) !=
                                      group->values.end();
            if (accepted && seen.insert("group:" + g.code).second) {
                items.push_back(
                    Target("group", g.code, g.name, *action, TargetParams({{"group", g.code}})));
            }
        }
    }
    // People who work appeals, reached by an action that takes an assignee; the person's group
    // goes along when it is one of the regulation's and the action takes a group.
    auto users = deps_.users.ListUsers();
    if (!users) return core::Fail(users.error());
    for (const auto* action : actions) {
        if (!action->FindParam("assignee")) continue;
        const regulation::ParamSpec* group_param = action->FindParam("group");
        for (const auto& user : *users) {
            if (user.disabled || user.login == actor.login ||
                !core::RoleAllows(user.role, core::Permission::kWorkAppeals) ||
                !seen.insert("person:" + user.login).second) {
                continue;
            }
            const regulation::Group* group = r->FindGroup(user.group);
            const bool group_accepted =
                group && group_param &&
                (group_param->values.empty() ||
                 std::find(group_param->values.begin(), group_param->values.end(), group->code) !=
                     group_param->values.end());
            auto target = Target("person", user.login,
                                 user.full_name.empty() ? user.login : user.full_name, *action,
                                 TargetParams({{"assignee", user.login},
                                               {"group", group_accepted ? user.group : ""}}));
            target["group_name"] = group ? group->name : "";
            items.push_back(std::move(target));
        }
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> CallHandlers::TakeCall(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto body = ParseTakeCallBody(call.request.body);
    if (!body) return core::Fail(body.error());
    auto taken = deps_.calls->Take(body->regulation, body->channel, call.Actor());
    if (!taken) return core::Fail(taken.error());
    auto response = JsonResponse(201, CallJson(*taken));
    response.Header("Location", "/api/v1/calls/" + taken->uin);
    return response;
}

core::Result<Response> CallHandlers::ListOpenCalls(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto calls = deps_.calls->Open(call.Actor());
    if (!calls) return core::Fail(calls.error());
    json::array items;
    for (const auto& c : *calls) items.push_back(CallJson(c));
    // Issue 16 point 6: the calls whose form a reload continues (open or registered by a
    // transfer), the latest saved last; the forms themselves at /calls/{uin}/draft.
    auto drafted = deps_.calls->Drafted(call.Actor());
    if (!drafted) return core::Fail(drafted.error());
    json::array drafts;
    for (const auto& c : *drafted) drafts.push_back(CallJson(c));
    return JsonResponse(200,
                        json::object{{"items", std::move(items)}, {"drafts", std::move(drafts)}});
}

core::Result<Response> CallHandlers::GetCall(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto found = deps_.calls->Get(call.Param("uin"), call.Actor());
    if (!found) return core::Fail(found.error());
    return JsonResponse(200, CallJson(*found));
}

core::Result<Response> CallHandlers::EndCall(Call& call) {
    if (!deps_.calls) return core::Fail(Unavailable());
    auto body = ParseEndCallBody(call.request.body);
    if (!body) return core::Fail(body.error());
    auto ended = deps_.calls->End(call.Param("uin"), body->outcome, body->note, call.Actor());
    if (!ended) return core::Fail(ended.error());
    return JsonResponse(200, CallJson(*ended));
}

}  // namespace otklik::api

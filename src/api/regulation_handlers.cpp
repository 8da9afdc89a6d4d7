// The regulations a deployment works by, and the loader's verdict on each file (SPEC
// "Regulations are data", SLA-7).
#include "api/regulation_handlers.hpp"

#include <chrono>
#include <filesystem>

#include "api/json_mapping.hpp"
#include "core/local_time.hpp"
#include "core/parse_integer.hpp"
#include "regulation/catalog.hpp"
#include "sla/regions.hpp"

namespace otklik::api {
namespace {

using regulation::Regulation;

json::array Strings(const std::vector<std::string>& items) {
    json::array array;
    for (const auto& item : items) array.emplace_back(item);
    return array;
}

json::object OrganizationJson(const regulation::Organization& o) {
    return json::object{{"code", o.code},
                        {"name", o.name},
                        {"parent", o.parent},
                        {"connected", o.connected},
                        {"default_coordinator", o.default_coordinator},
                        {"coordinates_subordinates", o.coordinates_subordinates},
                        {"competence", Strings(o.competence)},
                        {"regions", Strings(o.regions)}};
}

json::array StatusCodes(const std::vector<core::Status>& statuses) {
    json::array array;
    for (const auto status : statuses) array.emplace_back(core::StatusCode(status));
    return array;
}

std::string FormatDate(std::chrono::year_month_day day) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return buffer;
}

std::string FormatClockTime(core::Duration offset) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld", static_cast<long long>(minutes / 60),
                  static_cast<long long>(minutes % 60));
    return buffer;
}

json::object ConditionJson(const regulation::Condition& c) {
    json::object when;
    const auto put = [&when](const char* key, const std::vector<std::string>& values) {
        if (!values.empty()) when[key] = Strings(values);
    };
    put("channel", c.channels);
    put("category", c.categories);
    put("subcategory", c.subcategories);
    put("priority", c.priorities);
    put("region", c.regions);
    put("applicant_role", c.applicant_roles);
    put("group", c.groups);
    put("organization", c.organizations);
    std::vector<std::string> kinds;
    for (const auto kind : c.kinds) kinds.emplace_back(regulation::AppealKindCode(kind));
    put("kind", kinds);
    if (!c.lines.empty()) {
        json::array lines;
        for (const int line : c.lines) lines.emplace_back(line);
        when["line"] = std::move(lines);
    }
    if (!c.missing.empty()) when["missing"] = c.missing;
    if (!c.complete.empty()) when["complete"] = c.complete;
    return when;
}

// The day a regulation's dates in force are read against in lists, in the deployment's zone.
std::chrono::year_month_day Today(core::Instant now) {
    return core::TimeZone::Default().LocalDate(now);
}

json::object Summary(const Regulation& r, core::Instant now) {
    return json::object{
        {"id", r.id},
        {"version", r.version},
        {"name", r.name},
        {"source", r.source},
        {"file", r.file},
        {"uin_prefix", r.uin_prefix},
        {"in_force_from", FormatDate(r.in_force_from)},
        {"in_force_until",
         r.in_force_until ? json::value(FormatDate(*r.in_force_until)) : json::value(nullptr)},
        {"in_force", r.InForceOn(Today(now))},
        {"verdict", "ok"},
        {"error", nullptr},
    };
}

json::object Details(const Regulation& r, core::Instant now) {
    json::object body = Summary(r, now);
    body["contacts"] = r.contacts;
    body["description"] = r.description;
    json::object calendar{{"time_zone", r.calendar.time_zone},
                          {"zone_from_region", r.calendar.zone_from_region}};
    if (r.calendar.around_the_clock) {
        calendar["hours"] = "24x7";
    } else {
        calendar["hours"] =
            FormatClockTime(r.calendar.hours.begin) + "-" + FormatClockTime(r.calendar.hours.end);
        if (r.calendar.hours.lunch) {
            calendar["lunch"] = FormatClockTime(r.calendar.hours.lunch->begin) + "-" +
                                FormatClockTime(r.calendar.hours.lunch->end);
        }
    }
    body["calendar"] = std::move(calendar);
    json::array statuses;
    for (const auto status :
         {core::Status::kRegistered, core::Status::kAssigned, core::Status::kInProgress,
          core::Status::kPending, core::Status::kResolved, core::Status::kClosed,
          core::Status::kRefused}) {
        statuses.push_back(
            json::object{{"code", core::StatusCode(status)}, {"name", r.StatusName(status)}});
    }
    body["statuses"] = std::move(statuses);
    json::array channels;
    for (const auto& c : r.channels) {
        channels.push_back(json::object{{"code", c.code},
                                        {"name", c.name},
                                        {"required", Strings(c.required)},
                                        {"text_prefix", c.text_prefix},
                                        {"description", c.description}});
    }
    body["channels"] = std::move(channels);
    json::array categories;
    for (const auto& c : r.categories) {
        json::array subs;
        for (const auto& sub : c.subcategories) {
            subs.push_back(json::object{{"code", sub.code}, {"name", sub.name}});
        }
        categories.push_back(json::object{{"code", c.code},
                                          {"name", c.name},
                                          {"description", c.description},
                                          {"priorities", Strings(c.priorities)},
                                          {"subcategories", std::move(subs)}});
    }
    body["categories"] = std::move(categories);
    json::array priorities;
    for (const auto& p : r.priorities) {
        priorities.push_back(
            json::object{{"code", p.code}, {"name", p.name}, {"guidance", p.guidance}});
    }
    body["priorities"] = std::move(priorities);
    json::array clocks;
    for (const auto& c : r.clocks) {
        clocks.push_back(json::object{{"code", c.code},
                                      {"name", c.name},
                                      {"groups", Strings(c.groups)},
                                      {"escalation_share", c.escalation_share},
                                      {"escalate_to", c.escalate_to.Code()},
                                      {"cite", c.cite}});
    }
    body["clocks"] = std::move(clocks);
    json::array terms;
    for (const auto& t : r.terms) {
        terms.push_back(json::object{
            {"clock", t.clock},
            {"term", t.term.by_agreement ? "by_agreement" : regulation::FormatTerm(t.term.term)},
            {"term_name",
             t.term.by_agreement ? "по согласованию" : regulation::RussianTerm(t.term.term)},
            {"when", ConditionJson(t.when)},
            {"cite", t.cite}});
    }
    body["terms"] = std::move(terms);
    json::array pending;
    for (const auto& p : r.pending_reasons) {
        pending.push_back(json::object{{"code", p.code},
                                       {"name", p.name},
                                       {"stops_clock", p.stops_clock},
                                       {"description", p.description},
                                       {"requires", Strings(p.requires_params)}});
    }
    body["pending_reasons"] = std::move(pending);
    json::array refusals;
    for (const auto& p : r.refusal_reasons) {
        refusals.push_back(
            json::object{{"code", p.code}, {"name", p.name}, {"requires_param", p.requires_param}});
    }
    body["refusal_reasons"] = std::move(refusals);
    json::array stages;
    for (const auto& s : r.stages) {
        stages.push_back(json::object{{"code", s.code},
                                      {"name", s.name},
                                      {"roles", Strings(s.roles)},
                                      {"channels", Strings(s.channels)},
                                      {"status", s.status ? json::value(core::StatusCode(*s.status))
                                                          : json::value(nullptr)}});
    }
    body["stages"] = std::move(stages);
    json::array actions;
    for (const auto& a : r.actions) {
        json::array params;
        for (const auto& p : a.params) {
            params.push_back(json::object{{"name", p.name},
                                          {"required", p.required},
                                          {"values", Strings(p.values)},
                                          {"type", p.date ? "date" : "text"},
                                          {"label", p.label}});
        }
        actions.push_back(json::object{{"code", a.code},
                                       {"name", a.name},
                                       {"roles", Strings(a.roles)},
                                       {"from", StatusCodes(a.from)},
                                       {"params", std::move(params)},
                                       {"prominence", regulation::ProminenceCode(a.prominence)},
                                       {"cite", a.cite}});
    }
    body["actions"] = std::move(actions);
    json::array groups;
    for (const auto& g : r.groups) {
        groups.push_back(json::object{{"code", g.code},
                                      {"name", g.name},
                                      {"line", g.support_line},
                                      {"next", g.next},
                                      {"regions", Strings(g.regions)}});
    }
    body["groups"] = std::move(groups);
    json::array organizations;
    for (const auto& o : r.organizations) organizations.push_back(OrganizationJson(o));
    body["organizations"] = std::move(organizations);
    json::array lists;
    for (const auto& l : r.lists) {
        lists.push_back(json::object{{"code", l.code},
                                     {"name", l.name},
                                     {"statuses", StatusCodes(l.statuses)},
                                     {"stages", Strings(l.stages)},
                                     {"channels", Strings(l.channels)},
                                     {"roles", Strings(l.roles)}});
    }
    body["lists"] = std::move(lists);
    json::array auto_close;
    for (const auto& a : r.auto_close) {
        json::array reminders;
        for (const auto& term : a.reminders) reminders.emplace_back(regulation::FormatTerm(term));
        auto_close.push_back(json::object{{"status", core::StatusCode(a.status)},
                                          {"pending_reason", a.pending_reason},
                                          {"after", regulation::FormatTerm(a.after)},
                                          {"reminders", std::move(reminders)},
                                          {"min_reminders", a.min_reminders},
                                          {"result", core::StatusCode(a.result)},
                                          {"cite", a.cite}});
    }
    body["auto_close"] = std::move(auto_close);
    json::array notifications;
    for (const auto& n : r.notifications) {
        notifications.push_back(
            json::object{{"code", n.code},
                         {"channel", regulation::NotificationChannelCode(n.channel)},
                         {"subject", n.subject},
                         {"text", n.text}});
    }
    body["notifications"] = std::move(notifications);
    return body;
}

}  // namespace

core::Result<Response> RegulationHandlers::ListRegulations(Call&) {
    json::array items;
    if (deps_.regulations) {
        const auto now = deps_.clock.Now();
        for (const auto& entry : deps_.regulations->Entries()) {
            if (entry.regulation) {
                items.push_back(Summary(*entry.regulation, now));
                continue;
            }
            items.push_back(json::object{
                {"id", std::filesystem::path(entry.file).stem().string()},
                {"version", nullptr},
                {"name", nullptr},
                {"file", entry.file},
                {"verdict", "refused"},
                {"error", entry.error},
            });
        }
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> RegulationHandlers::GetRegulation(Call& call) {
    const regulation::Regulation* found = nullptr;
    if (deps_.regulations) {
        const std::string version = call.request.Query("version");
        if (version.empty()) {
            found = deps_.regulations->Latest(call.Param("id"));
        } else {
            const auto number = core::ParseInteger<int>(version);
            if (!number) {
                return core::Fail(core::Error::Validation(
                    {{"version", "format", "Версия регламента — целое число"}}));
            }
            found = deps_.regulations->Find(call.Param("id"), *number);
        }
    }
    if (!found) {
        return core::Fail(
            core::Error::NotFound("Регламент «" + call.Param("id") + "» не загружен"));
    }
    return JsonResponse(200, Details(*found, deps_.clock.Now()));
}

// CH-5, 003: the executor organizations of the regulations in force; with a category (and
// subcategory) only those competent for it that are connected, and the default coordinator when
// none is — what an intake operator may choose from.
core::Result<Response> RegulationHandlers::ListOrganizations(Call& call) {
    json::array items;
    if (!deps_.regulations) return JsonResponse(200, json::object{{"items", std::move(items)}});
    const std::string wanted = call.request.Query("regulation");
    const std::string category = call.request.Query("category");
    const std::string subcategory = call.request.Query("subcategory");
    for (const auto* r : deps_.regulations->All()) {
        if ((!wanted.empty() && r->id != wanted) || deps_.regulations->Latest(r->id) != r) continue;
        std::vector<const regulation::Organization*> chosen;
        for (const auto& o : r->organizations) {
            if (category.empty() || (o.connected && o.CompetentFor(category, subcategory))) {
                chosen.push_back(&o);
            }
        }
        if (!category.empty() && chosen.empty()) {
            if (const auto* coordinator = r->DefaultCoordinator()) chosen.push_back(coordinator);
        }
        for (const auto* o : chosen) {
            auto item = OrganizationJson(*o);
            item["regulation"] = r->id;
            items.push_back(std::move(item));
        }
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

core::Result<Response> RegulationHandlers::ListRegions(Call&) {
    json::array items;
    if (deps_.regions) {
        for (const auto& region : deps_.regions->All()) {
            items.push_back(json::object{
                {"code", region.code}, {"name", region.name}, {"time_zone", region.time_zone}});
        }
    }
    return JsonResponse(200, json::object{{"items", std::move(items)}});
}

}  // namespace otklik::api

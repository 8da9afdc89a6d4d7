#include "regulation/loader.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include <toml++/toml.h>

#include "regulation/channel_contract.hpp"
#include "regulation/strict_table.hpp"
#include "text/quoting.hpp"
#include "text/template.hpp"

namespace otklik::regulation {
namespace {

using namespace std::chrono_literals;

using text::Quoted;

// Codes the file defines, gathered before anything is parsed so that a reference can be checked
// at the line where it stands, whatever the order of the sections.
struct Codes {
    std::set<std::string> field_sets, channels, categories, priorities, clocks, pending_reasons,
        refusal_reasons, stages, actions, groups, organizations, notifications;
    std::set<std::string> subcategories;
};

const std::set<std::string>& Placeholders() {
    static const std::set<std::string> kNames = {"uin",
                                                 "subject",
                                                 "regulation",
                                                 "status",
                                                 "pending_reason",
                                                 "stage",
                                                 "deadline",
                                                 "solution",
                                                 "comment",
                                                 "contacts",
                                                 "claim_of",
                                                 "delivery_channel",
                                                 "refusal_reason",
                                                 "original",
                                                 "original_solution",
                                                 "refusal_notice",
                                                 "organization",
                                                 "group",
                                                 "text"};
    return kNames;
}

bool IsCode(std::string_view code) {
    if (code.empty() || code.size() > 64) return false;
    return std::none_of(code.begin(), code.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '/' || c == '$' || c == '"' || c == ',';
    });
}

bool IsRegionCode(std::string_view code) {
    return code.size() >= 2 && code.size() <= 3 &&
           code.find_first_not_of("0123456789") == std::string_view::npos;
}

// The entries of a table of named tables ([groups.line1], [groups.line2]…) in file order.
std::vector<std::pair<std::string, const toml::table*>> Entries(const toml::table* table,
                                                                const std::string& section,
                                                                TomlProblems& problems) {
    std::vector<std::pair<std::string, const toml::table*>> entries;
    if (!table) return entries;
    std::vector<std::pair<int, std::pair<std::string, const toml::table*>>> ordered;
    for (auto&& [name, node] : *table) {
        const std::string code(name.str());
        if (!IsCode(code)) {
            problems.Add(TomlLine(name), "[" + section + "]: недопустимый код " + Quoted(code) +
                                             " (без пробелов, «/», «$», запятых)");
        }
        if (const auto* sub = node.as_table()) {
            ordered.push_back({TomlLine(node), {code, sub}});
        } else {
            problems.Add(TomlLine(node), "[" + section + "." + code + "] должен быть таблицей");
        }
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& item : ordered) entries.push_back(std::move(item.second));
    return entries;
}

std::vector<const toml::table*> Rows(const toml::array* array, const std::string& section,
                                     TomlProblems& problems) {
    std::vector<const toml::table*> rows;
    if (!array) return rows;
    for (const toml::node& node : *array) {
        if (const auto* table = node.as_table()) {
            rows.push_back(table);
        } else {
            problems.Add(TomlLine(node), "[[" + section + "]]: ожидается таблица");
        }
    }
    return rows;
}

std::optional<core::Duration> ParseClockTime(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) return std::nullopt;
    return std::chrono::hours{hours} + std::chrono::minutes{minutes};
}

// "09:00-18:00" → [9h, 18h).
std::optional<std::pair<core::Duration, core::Duration>> ParseSpan(std::string_view text) {
    const auto dash = text.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    const auto begin = ParseClockTime(text.substr(0, dash));
    const auto end = ParseClockTime(text.substr(dash + 1));
    if (!begin || !end || *begin >= *end) return std::nullopt;
    return std::make_pair(*begin, *end);
}

// Reads a whole regulation; every method adds what it finds wrong to `problems_`.
class Parser {
public:
    Parser(const toml::table& root, TomlProblems& problems) : root_(root), problems_(problems) {}

    Regulation Parse() {
        GatherCodes();
        Regulation r;
        StrictTable top(root_, "файл", problems_);
        if (const auto* table = top.SubTable("regulation")) {
            ParseHeader(*table, r);
        } else {
            problems_.Add(1, "нет раздела [regulation] с id, version, name и uin_prefix");
        }
        if (const auto* table = top.SubTable("calendar")) ParseCalendar(*table, r);
        if (const auto* table = top.SubTable("statuses")) ParseStatuses(*table, r);
        if (const auto* table = top.SubTable("intake")) {
            StrictTable intake(*table, "[intake]", problems_);
            r.intake_notify = NotificationList(intake, "notify");
            r.answer_refusals = intake.Bool("answer_refusals", true);
            intake.RejectUnknown();
        }
        // LC-2, LC-4, LC-5: what the applicant's answers do; without the section, the actions
        // named like the intents, where the file has them.
        const toml::table* answers = top.SubTable("applicant");
        if (answers) ParseApplicantAnswers(*answers, r.applicant_answers);
        for (auto* list : {&r.applicant_answers.reply, &r.applicant_answers.confirm,
                           &r.applicant_answers.dispute, &r.applicant_answers.withdraw}) {
            if (!answers)
                std::erase_if(*list, [&](const auto& a) { return !codes_.actions.contains(a); });
        }
        for (const auto& [code, table] :
             Entries(top.SubTable("field_sets"), "field_sets", problems_)) {
            r.field_sets.push_back(ParseFieldSet(code, *table));
        }
        for (const auto& [code, table] : Entries(top.SubTable("channels"), "channels", problems_)) {
            r.channels.push_back(ParseChannel(code, *table));
        }
        for (const auto& [code, table] :
             Entries(top.SubTable("priorities"), "priorities", problems_)) {
            r.priorities.push_back(ParsePriority(code, *table));
        }
        for (const auto& [code, table] :
             Entries(top.SubTable("categories"), "categories", problems_)) {
            r.categories.push_back(ParseCategory(code, *table));
        }
        for (const auto& [code, table] : Entries(top.SubTable("groups"), "groups", problems_)) {
            r.groups.push_back(ParseGroup(code, *table));
        }
        for (const auto& [code, table] :
             Entries(top.SubTable("organizations"), "organizations", problems_)) {
            r.organizations.push_back(ParseOrganization(code, *table));
        }
        for (const auto& [code, table] : Entries(top.SubTable("clocks"), "clocks", problems_)) {
            r.clocks.push_back(ParseClock(code, *table));
        }
        int index = 0;
        for (const toml::table* table : Rows(top.Array("terms"), "terms", problems_)) {
            r.terms.push_back(ParseTermRule(*table, ++index));
        }
        for (const auto& [code, table] :
             Entries(top.SubTable("pending_reasons"), "pending_reasons", problems_)) {
            r.pending_reasons.push_back(ParsePendingReason(code, *table));
        }
        for (const auto& [code, table] :
             Entries(top.SubTable("refusal_reasons"), "refusal_reasons", problems_)) {
            r.refusal_reasons.push_back(ParseRefusalReason(code, *table));
        }
        index = 0;
        for (const toml::table* table : Rows(top.Array("stages"), "stages", problems_)) {
            r.stages.push_back(ParseStage(*table, ++index));
        }
        for (const auto& [code, table] : Entries(top.SubTable("actions"), "actions", problems_)) {
            r.actions.push_back(ParseAction(code, *table));
        }
        index = 0;
        for (const toml::table* table : Rows(top.Array("routing"), "routing", problems_)) {
            r.routing.push_back(ParseRoutingRule(*table, ++index));
        }
        index = 0;
        for (const toml::table* table : Rows(top.Array("auto_close"), "auto_close", problems_)) {
            r.auto_close.push_back(ParseAutoClose(*table, ++index));
        }
        for (const auto& [code, table] :
             Entries(top.SubTable("notifications"), "notifications", problems_)) {
            r.notifications.push_back(ParseNotification(code, *table));
        }
        index = 0;
        for (const toml::table* table : Rows(top.Array("lists"), "lists", problems_)) {
            r.lists.push_back(ParseList(*table, ++index));
        }
        if (const toml::table* triage = top.SubTable("triage")) ParseTriage(*triage, r);
        for (const toml::table* table :
             Rows(top.Array("triage_misdirected"), "triage_misdirected", problems_)) {
            StrictTable t(*table, "[[triage_misdirected]]", problems_);
            TriageMisdirected m;
            m.source_line = TomlLine(*table);
            m.organization = t.String("organization", true);
            m.addressee = t.Strings("addressee");
            m.topics = t.Strings("topics");
            m.unless = t.Strings("unless");
            m.hints = t.Strings("hints");
            t.RejectUnknown();
            r.triage_misdirected.push_back(std::move(m));
        }
        for (const toml::table* table :
             Rows(top.Array("triage_not_covered"), "triage_not_covered", problems_)) {
            StrictTable t(*table, "[[triage_not_covered]]", problems_);
            TriageNotCovered n;
            n.source_line = TomlLine(*table);
            n.service = t.String("service", true);
            n.keywords = t.Strings("keywords");
            n.categories = t.Strings("categories");
            n.unless = t.Strings("unless");
            t.RejectUnknown();
            r.triage_not_covered.push_back(std::move(n));
        }
        top.RejectUnknown();
        CheckWhole(r);
        return r;
    }

private:
    void GatherCodes() {
        const auto keys = [&](std::string_view section, std::set<std::string>& out) {
            if (const auto* table = root_.get_as<toml::table>(section)) {
                for (auto&& [name, node] : *table) out.insert(std::string(name.str()));
            }
        };
        keys("field_sets", codes_.field_sets);
        keys("channels", codes_.channels);
        keys("categories", codes_.categories);
        keys("priorities", codes_.priorities);
        keys("clocks", codes_.clocks);
        keys("pending_reasons", codes_.pending_reasons);
        keys("refusal_reasons", codes_.refusal_reasons);
        keys("actions", codes_.actions);
        keys("groups", codes_.groups);
        keys("organizations", codes_.organizations);
        keys("notifications", codes_.notifications);
        if (const auto* stages = root_.get_as<toml::array>("stages")) {
            for (const toml::node& node : *stages) {
                if (const auto* table = node.as_table()) {
                    if (const auto* code = table->get_as<std::string>("code")) {
                        codes_.stages.insert(code->get());
                    }
                }
            }
        }
        if (const auto* categories = root_.get_as<toml::table>("categories")) {
            for (auto&& [name, node] : *categories) {
                const auto* category = node.as_table();
                if (!category) continue;
                if (const auto* subs = category->get_as<toml::table>("subcategories")) {
                    for (auto&& [sub, value] : *subs) {
                        codes_.subcategories.insert(std::string(sub.str()));
                    }
                }
            }
        }
    }

    // A reference to a code of `kind` defined in the file: Problem unless it is there.
    bool Check(const StrictTable& table, const std::set<std::string>& defined,
               const std::string& code, int line, std::string_view what) {
        if (defined.contains(code)) return true;
        table.Problem(line,
                      std::string(what) + " " + Quoted(code) + ": нет такого определения в файле");
        return false;
    }

    std::vector<std::string> References(StrictTable& table, std::string_view key,
                                        const std::set<std::string>& defined,
                                        std::string_view what) {
        auto values = table.Strings(key);
        for (const auto& value : values) Check(table, defined, value, table.KeyLine(key), what);
        return values;
    }

    std::vector<std::string> NotificationList(StrictTable& table, std::string_view key) {
        return References(table, key, codes_.notifications, "уведомление");
    }

    std::vector<std::string> Roles(StrictTable& table, std::string_view key, bool allow_any) {
        auto roles = table.Strings(key);
        for (const auto& role : roles) {
            if (allow_any && role == "*") continue;
            if (!core::ParseRole(role)) {
                std::string known;
                for (const auto r : core::AllRoles()) {
                    known += (known.empty() ? "" : ", ") + std::string(core::RoleCode(r));
                }
                table.Problem(table.KeyLine(key),
                              "неизвестная роль " + Quoted(role) + " (известны: " + known + ")");
            }
        }
        return roles;
    }

    std::optional<core::Status> StatusValue(StrictTable& table, std::string_view key) {
        if (!table.Has(key)) {
            table.Take(key);
            return std::nullopt;
        }
        const std::string code = table.String(key);
        if (const auto status = core::ParseStatus(code)) return status;
        table.Problem(table.KeyLine(key),
                      "неизвестный статус " + Quoted(code) +
                          " (допустимы: registered, assigned, in_progress, pending, resolved, "
                          "closed, refused)");
        return std::nullopt;
    }

    std::vector<core::Status> Statuses(StrictTable& table, std::string_view key) {
        std::vector<core::Status> out;
        for (const auto& code : table.Strings(key)) {
            if (const auto status = core::ParseStatus(code)) {
                out.push_back(*status);
            } else {
                table.Problem(table.KeyLine(key), "неизвестный статус " + Quoted(code));
            }
        }
        return out;
    }

    std::optional<sla::Term> TermValue(StrictTable& table, std::string_view key, bool required) {
        const std::string text = table.String(key, required);
        if (text.empty()) return std::nullopt;
        if (auto term = ParseTerm(text)) return term;
        table.Problem(table.KeyLine(key),
                      "срок " + Quoted(text) +
                          " не распознан: нужно «N business_days», «N business_hours», "
                          "«N calendar_days» или «N hours»");
        return std::nullopt;
    }

    void CheckTemplate(const StrictTable& table, int line, const std::string& text) {
        const auto names = text::TemplateNames(text);
        if (!names) {
            table.Problem(line, names.error().what);
            return;
        }
        for (const auto& name : *names) {
            if (!Placeholders().contains(name)) {
                table.Problem(line, "неизвестная подстановка {" + name + "}");
            }
        }
    }

    Condition ParseCondition(StrictTable& owner, std::string_view key) {
        Condition c;
        const toml::table* when = owner.SubTable(key);
        if (!when) return c;
        StrictTable t(*when, owner.Where() + "." + std::string(key), problems_);
        c.channels = References(t, "channel", codes_.channels, "канал");
        c.categories = References(t, "category", codes_.categories, "категория");
        c.subcategories = References(t, "subcategory", codes_.subcategories, "подкатегория");
        c.priorities = References(t, "priority", codes_.priorities, "приоритет");
        c.regions = t.Strings("region");
        for (const auto& region : c.regions) {
            if (!IsRegionCode(region)) {
                t.Problem(t.KeyLine("region"), "регион указывается кодом субъекта, например «77»");
            }
        }
        c.applicant_roles = t.Strings("applicant_role");
        c.groups = References(t, "group", codes_.groups, "группа");
        c.organizations = References(t, "organization", codes_.organizations, "организация");
        for (const auto& code : t.Strings("kind")) {
            if (const auto kind = ParseAppealKind(code)) {
                c.kinds.push_back(*kind);
            } else {
                t.Problem(t.KeyLine("kind"), "kind бывает только «appeal» или «claim»");
            }
        }
        if (const toml::node* lines = t.Take("line")) {
            const auto add = [&](const toml::node& node) {
                if (const auto* value = node.as_integer();
                    value && value->get() >= 1 && value->get() <= 9) {
                    c.lines.push_back(static_cast<int>(value->get()));
                } else {
                    t.Problem(TomlLine(node), "линия — целое число от 1 до 9");
                }
            };
            if (const auto* array = lines->as_array()) {
                for (const toml::node& node : *array) add(node);
            } else {
                add(*lines);
            }
        }
        c.missing = t.String("missing");
        if (!c.missing.empty()) {
            Check(t, codes_.field_sets, c.missing, t.KeyLine("missing"), "набор полей");
        }
        c.complete = t.String("complete");
        if (!c.complete.empty()) {
            Check(t, codes_.field_sets, c.complete, t.KeyLine("complete"), "набор полей");
        }
        t.RejectUnknown();
        return c;
    }

    void ParseHeader(const toml::table& table, Regulation& r) {
        StrictTable t(table, "[regulation]", problems_);
        r.id = t.String("id", true);
        if (!r.id.empty()) {
            const bool ok = std::all_of(r.id.begin(), r.id.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            });
            if (!ok || r.id.size() > 40 || !(r.id[0] >= 'a' && r.id[0] <= 'z')) {
                t.Problem(t.KeyLine("id"), "id — латинские строчные буквы, цифры и «_», с буквы");
            }
        }
        if (const auto version = t.Integer("version"); version) {
            if (*version < 1 || *version > 1000000) {
                t.Problem(t.KeyLine("version"), "version — целое число от 1");
            } else {
                r.version = static_cast<int>(*version);
            }
        } else if (!t.Has("version")) {
            t.Problem(t.Line(), "нет обязательного ключа «version»");
        }
        r.name = t.String("name", true);
        r.source = t.String("source");
        r.uin_prefix = t.String("uin_prefix", true);
        if (!r.uin_prefix.empty()) {
            const bool ok = std::none_of(r.uin_prefix.begin(), r.uin_prefix.end(), [](char c) {
                return (c >= '0' && c <= '9') || c == '-' || c == ' ';
            });
            if (!ok || r.uin_prefix.size() > 24) {
                t.Problem(t.KeyLine("uin_prefix"),
                          "uin_prefix — от 1 до 6 букв, без цифр, пробелов и дефисов");
            }
        }
        r.contacts = t.String("contacts");
        r.description = t.String("description");
        r.is_default = t.Bool("default", false);
        if (const auto from = t.Date("in_force_from", true)) r.in_force_from = *from;
        r.in_force_until = t.Date("in_force_until", false);
        if (r.in_force_until &&
            std::chrono::sys_days{*r.in_force_until} < std::chrono::sys_days{r.in_force_from}) {
            t.Problem(t.KeyLine("in_force_until"), "in_force_until раньше in_force_from");
        }
        t.RejectUnknown();
    }

    void ParseCalendar(const toml::table& table, Regulation& r) {
        StrictTable t(table, "[calendar]", problems_);
        CalendarSpec& c = r.calendar;
        if (t.Has("time_zone")) c.time_zone = t.String("time_zone");
        c.zone_from_region = t.Bool("zone_from_region", false);
        const std::string hours = t.String("hours");
        const std::string lunch = t.String("lunch");
        if (hours == "24x7") {
            c.around_the_clock = true;
            if (!lunch.empty()) t.Problem(t.KeyLine("lunch"), "перерыв не нужен при 24x7");
        } else if (!hours.empty()) {
            c.hours.lunch.reset();
            const auto span = ParseSpan(hours);
            if (!span) {
                t.Problem(t.KeyLine("hours"), "hours — «ЧЧ:ММ-ЧЧ:ММ» или «24x7»");
            } else {
                c.hours.begin = span->first;
                c.hours.end = span->second;
            }
        }
        if (!c.around_the_clock) {
            if (!lunch.empty()) {
                if (const auto pause = ParseSpan(lunch)) {
                    c.hours.lunch = sla::WorkingHours::Break{pause->first, pause->second};
                } else {
                    t.Problem(t.KeyLine("lunch"), "lunch — «ЧЧ:ММ-ЧЧ:ММ»");
                }
            }
        }
        const auto schedule = c.around_the_clock ? sla::WorkSchedule::AroundTheClock(c.time_zone)
                                                 : sla::WorkSchedule::Hours(c.time_zone, c.hours);
        if (!schedule) {
            const bool zone = schedule.error().code == "unknown_time_zone" && t.Has("time_zone");
            t.Problem(zone ? t.KeyLine("time_zone") : t.Line(), schedule.error().message);
        }
        t.RejectUnknown();
    }

    void ParseStatuses(const toml::table& table, Regulation& r) {
        StrictTable t(table, "[statuses]", problems_);
        for (auto&& [name, node] : table) {
            const std::string code(name.str());
            const auto status = core::ParseStatus(code);
            const std::string display = t.String(code);
            if (!status) {
                t.Problem(TomlLine(name), "неизвестный статус " + Quoted(code));
                continue;
            }
            r.status_names.emplace_back(*status, display);
        }
        t.RejectUnknown();
    }

    FieldSet ParseFieldSet(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[field_sets." + code + "]", problems_);
        FieldSet set;
        set.code = code;
        set.source_line = t.Line();
        set.name = t.String("name", true);
        set.fields = t.Strings("fields");
        CheckFields(t, "fields", set.fields);
        if (set.fields.empty()) t.Problem(t.Line(), "набор полей пуст");
        t.RejectUnknown();
        return set;
    }

    void CheckFields(const StrictTable& t, std::string_view key,
                     const std::vector<std::string>& fields) {
        const auto& known = KnownFields();
        for (const auto& field : fields) {
            if (std::find(known.begin(), known.end(), field) == known.end()) {
                t.Problem(t.KeyLine(key), "неизвестное поле " + Quoted(field));
            }
        }
    }

    void ParseApplicantAnswers(const toml::table& table, ApplicantAnswers& answers) {
        StrictTable t(table, "[applicant]", problems_);
        answers.source_line = t.Line();
        for (auto [key, list] :
             {std::pair{"reply", &answers.reply}, std::pair{"confirm", &answers.confirm},
              std::pair{"dispute", &answers.dispute}, std::pair{"withdraw", &answers.withdraw}}) {
            if (t.Has(key))
                *list = References(t, key, codes_.actions, "действие");
            else
                list->clear();
        }
        t.RejectUnknown();
    }

    Channel ParseChannel(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[channels." + code + "]", problems_);
        Channel channel;
        channel.code = code;
        channel.source_line = t.Line();
        channel.name = t.String("name", true);
        channel.required = t.Strings("required");
        CheckFields(t, "required", channel.required);
        channel.text_prefix = t.String("text_prefix");
        channel.description = t.String("description");
        channel.question_types = References(t, "question_types", codes_.categories, "категория");
        // The adapter is said where the code does not say it (project_mail is a mailbox).
        channel.adapter = code == "chatbot"                        ? ChannelAdapter::kChatbot
                          : code.find("mail") != std::string::npos ? ChannelAdapter::kEmail
                                                                   : ChannelAdapter::kForm;
        if (t.Has("adapter")) {
            const std::string adapter = t.String("adapter");
            if (const auto parsed = ParseChannelAdapter(adapter)) {
                channel.adapter = *parsed;
            } else {
                channel.adapter = ChannelAdapter::kForm;
                t.Problem(t.KeyLine("adapter"),
                          "adapter: " + Quoted(adapter) + " — возможны email, chatbot, form");
            }
        }
        t.RejectUnknown();
        return channel;
    }

    Priority ParsePriority(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[priorities." + code + "]", problems_);
        Priority priority;
        priority.code = code;
        priority.source_line = t.Line();
        priority.name = t.String("name", true);
        priority.guidance = t.String("guidance");
        t.RejectUnknown();
        return priority;
    }

    Category ParseCategory(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[categories." + code + "]", problems_);
        Category category;
        category.code = code;
        category.source_line = t.Line();
        category.name = t.String("name", true);
        category.description = t.String("description");
        category.priorities = References(t, "priorities", codes_.priorities, "приоритет");
        if (const auto* subs = t.SubTable("subcategories")) {
            StrictTable s(*subs, t.Where() + ".subcategories", problems_);
            std::vector<std::pair<int, Subcategory>> ordered;
            for (auto&& [name, node] : *subs) {
                const std::string sub(name.str());
                if (!IsCode(sub)) s.Problem(TomlLine(name), "недопустимый код " + Quoted(sub));
                ordered.push_back({TomlLine(node), Subcategory{sub, s.String(sub)}});
            }
            std::stable_sort(ordered.begin(), ordered.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto& item : ordered) category.subcategories.push_back(std::move(item.second));
            s.RejectUnknown();
        }
        t.RejectUnknown();
        return category;
    }

    Group ParseGroup(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[groups." + code + "]", problems_);
        Group group;
        group.code = code;
        group.source_line = t.Line();
        group.name = t.String("name", true);
        if (const auto line = t.Integer("line")) {
            if (*line < 1 || *line > 9) {
                t.Problem(t.KeyLine("line"), "линия — целое число от 1 до 9");
            } else {
                group.support_line = static_cast<int>(*line);
            }
        }
        group.next = t.String("next");
        if (!group.next.empty()) {
            Check(t, codes_.groups, group.next, t.KeyLine("next"), "группа");
            if (group.next == code)
                t.Problem(t.KeyLine("next"), "группа не может быть следующей для себя");
        }
        group.regions = t.Strings("regions");
        for (const auto& region : group.regions) {
            if (!IsRegionCode(region)) {
                t.Problem(t.KeyLine("regions"), "регион указывается кодом субъекта, например «77»");
            }
        }
        group.description = t.String("description");
        t.RejectUnknown();
        return group;
    }

    Organization ParseOrganization(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[organizations." + code + "]", problems_);
        Organization org;
        org.code = code;
        org.source_line = t.Line();
        org.name = t.String("name", true);
        org.parent = t.String("parent");
        if (!org.parent.empty()) {
            Check(t, codes_.organizations, org.parent, t.KeyLine("parent"), "организация");
        }
        org.connected = t.Bool("connected", true);
        org.default_coordinator = t.Bool("default_coordinator", false);
        org.coordinates_subordinates = t.Bool("coordinates_subordinates", false);
        org.regions = t.Strings("regions");
        for (const auto& region : org.regions) {
            if (!IsRegionCode(region)) {
                t.Problem(t.KeyLine("regions"), "регион указывается кодом субъекта, например «73»");
            }
        }
        org.competence = t.Strings("competence");
        for (const auto& item : org.competence) {
            if (item == "*") continue;
            const auto slash = item.find('/');
            const std::string category = item.substr(0, slash);
            Check(t, codes_.categories, category, t.KeyLine("competence"), "категория");
            if (slash != std::string::npos) {
                Check(t, codes_.subcategories, item.substr(slash + 1), t.KeyLine("competence"),
                      "подкатегория");
            }
        }
        t.RejectUnknown();
        return org;
    }

    ClockSpec ParseClock(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[clocks." + code + "]", problems_);
        ClockSpec clock;
        clock.code = code;
        clock.source_line = t.Line();
        clock.name = t.String("name", true);
        clock.groups = References(t, "groups", codes_.groups, "группа");
        if (const auto share = t.Number("escalation_share")) {
            if (*share <= 0 || *share > 1) {
                t.Problem(t.KeyLine("escalation_share"), "escalation_share — доля срока в (0, 1]");
            } else {
                clock.escalation_share = *share;
            }
        }
        const std::string escalate_to = t.String("escalate_to");
        if (escalate_to == "$next_line") {
            clock.escalate_to.next_line = true;
        } else if (!escalate_to.empty()) {
            Check(t, codes_.groups, escalate_to, t.KeyLine("escalate_to"), "группа");
            clock.escalate_to.group = escalate_to;
        }
        if (!escalate_to.empty() && clock.escalation_share == 0) {
            t.Problem(t.KeyLine("escalate_to"), "escalate_to без escalation_share");
        }
        clock.cite = t.String("cite");
        t.RejectUnknown();
        return clock;
    }

    TermRule ParseTermRule(const toml::table& table, int index) {
        StrictTable t(table, "[[terms]] №" + std::to_string(index), problems_);
        TermRule rule;
        rule.source_line = t.Line();
        rule.clock = t.String("clock", true);
        if (!rule.clock.empty())
            Check(t, codes_.clocks, rule.clock, t.KeyLine("clock"), "срок (clock)");
        if (const auto* text = table.get_as<std::string>("term");
            text && text->get() == "by_agreement") {
            t.Take("term");
            rule.term.by_agreement = true;
        } else if (const auto term = TermValue(t, "term", true)) {
            rule.term.term = *term;
        }
        rule.when = ParseCondition(t, "when");
        rule.cite = t.String("cite");
        t.RejectUnknown();
        return rule;
    }

    PendingReason ParsePendingReason(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[pending_reasons." + code + "]", problems_);
        PendingReason reason;
        reason.code = code;
        reason.source_line = t.Line();
        reason.name = t.String("name", true);
        reason.stops_clock = t.Bool("stops_clock", true);
        reason.description = t.String("description");
        reason.requires_params = t.Strings("requires");
        t.RejectUnknown();
        return reason;
    }

    // [triage]: rule = "action", or rule = { action = "…", uncertain = "…" }.
    void ParseTriage(const toml::table& table, Regulation& r) {
        static const std::set<std::string> kActions = {"off",  "flag",   "comment",
                                                       "hold", "return", "refuse"};
        const auto& codes = TriageRuleCodes();
        for (auto&& [key, node] : table) {
            const std::string rule(key.str());
            TriageSetting setting;
            setting.rule = rule;
            setting.source_line = TomlLine(node);
            if (std::find(codes.begin(), codes.end(), rule) == codes.end()) {
                problems_.Add(setting.source_line, "[triage]: неизвестное правило " + Quoted(rule));
                continue;
            }
            if (const auto* text = node.as_string()) {
                setting.action = text->get();
            } else if (const auto* inner = node.as_table()) {
                StrictTable t(*inner, "[triage." + rule + "]", problems_);
                setting.action = t.String("action", true);
                setting.uncertain_action = t.String("uncertain");
                t.RejectUnknown();
            } else {
                problems_.Add(setting.source_line,
                              "[triage]: " + Quoted(rule) + " — строка с действием или таблица");
                continue;
            }
            for (const std::string* action : {&setting.action, &setting.uncertain_action}) {
                if (!action->empty() && !kActions.contains(*action)) {
                    problems_.Add(setting.source_line,
                                  "[triage]: неизвестное действие " + Quoted(*action) +
                                      " (off, flag, comment, hold, return, refuse)");
                }
            }
            r.triage.push_back(std::move(setting));
        }
    }

    RefusalReason ParseRefusalReason(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[refusal_reasons." + code + "]", problems_);
        RefusalReason reason;
        reason.code = code;
        reason.source_line = t.Line();
        reason.name = t.String("name", true);
        reason.requires_param = t.String("requires_param");
        reason.notice = t.String("notice");
        if (!reason.notice.empty()) CheckTemplate(t, t.KeyLine("notice"), reason.notice);
        t.RejectUnknown();
        return reason;
    }

    Stage ParseStage(const toml::table& table, int index) {
        StrictTable t(table, "[[stages]] №" + std::to_string(index), problems_);
        Stage stage;
        stage.source_line = t.Line();
        stage.code = t.String("code", true);
        if (!stage.code.empty() && !IsCode(stage.code)) {
            t.Problem(t.KeyLine("code"), "недопустимый код " + Quoted(stage.code));
        }
        if (!stage.code.empty() && !seen_stages_.insert(stage.code).second) {
            t.Problem(t.KeyLine("code"), "этап " + Quoted(stage.code) + " определён дважды");
        }
        stage.name = t.String("name", true);
        stage.roles = Roles(t, "roles", true);
        stage.channels = References(t, "channels", codes_.channels, "канал");
        stage.status = StatusValue(t, "status");
        stage.notify = NotificationList(t, "notify");
        t.RejectUnknown();
        return stage;
    }

    // An effect value as the file writes it: "$special" (one of `specials`), "$param" (a
    // parameter the action declares) or a code (one the file defines, when `defined` is given).
    struct EffectValue {
        std::string text;     // as written; "" when absent
        std::string special;  // the name after "$" when it is one of the specials
        std::string param;    // the name after "$" otherwise
        std::string code;     // a plain value

        bool Present() const { return !text.empty(); }
        CodeOrParam Value() const { return {code, param}; }
    };

    EffectValue Effect(StrictTable& t, const Action& action, std::string_view key,
                       const std::set<std::string>* defined, std::string_view what,
                       std::initializer_list<std::string_view> specials) {
        EffectValue effect;
        effect.text = t.String(key);
        if (!effect.Present()) return effect;
        const int line = t.KeyLine(key);
        if (effect.text[0] == '$') {
            const std::string name = effect.text.substr(1);
            for (const auto special : specials) {
                if (name == special) {
                    effect.special = name;
                    return effect;
                }
            }
            if (!action.FindParam(name)) {
                t.Problem(line, Quoted(std::string(key)) + " = " + Quoted(effect.text) +
                                    ": параметр " + Quoted(name) +
                                    " не объявлен в params этого действия");
            }
            effect.param = name;
            return effect;
        }
        if (defined) Check(t, *defined, effect.text, line, what);
        effect.code = effect.text;
        return effect;
    }

    // The effects of an action, each resolved to its typed value (effects.hpp).
    void ParseEffects(StrictTable& t, Action& a) {
        ActionEffects& e = a.effects;
        if (t.Bool("update_applicant", false)) {
            UpdateApplicant update;
            for (const auto& param : a.params) {
                if (IsApplicantParam(param.name)) update.params.push_back(param.name);
            }
            if (update.params.empty()) {
                t.Problem(t.KeyLine("update_applicant"),
                          "update_applicant без параметров с полями заявителя (snils, inn…)");
            }
            e.update_applicant = std::move(update);
        }
        const EffectValue category = Effect(t, a, "category", nullptr, "", {});
        const EffectValue subcategory = Effect(t, a, "subcategory", nullptr, "", {});
        const EffectValue priority = Effect(t, a, "priority", nullptr, "", {});
        for (const auto& [key, value] :
             {std::pair{"category", &category}, std::pair{"subcategory", &subcategory},
              std::pair{"priority", &priority}}) {
            if (value->Present() && value->param.empty()) {
                t.Problem(t.KeyLine(key),
                          Quoted(key) + " меняется только параметром: «$" + std::string(key) + "»");
            }
        }
        if (category.Present() || subcategory.Present() || priority.Present()) {
            e.reclassify = Reclassify{category.param, subcategory.param, priority.param};
        }
        if (const auto organization =
                Effect(t, a, "organization", &codes_.organizations, "организация", {});
            organization.Present()) {
            e.organization = SetOrganization{organization.Value()};
        }
        if (const auto group = Effect(t, a, "group", &codes_.groups, "группа",
                                      {"previous", "requester", "regional", "next_line"});
            group.Present()) {
            using Target = AssignGroup::Target;
            AssignGroup assign;
            if (group.special == "previous") {
                assign.target = Target::kPrevious;
            } else if (group.special == "requester") {
                assign.target = Target::kRequester;
            } else if (group.special == "regional") {
                assign.target = Target::kRegional;
            } else if (group.special == "next_line") {
                assign.target = Target::kNextLine;
            } else if (!group.param.empty()) {
                assign = {Target::kParam, group.param};
            } else {
                assign = {Target::kCode, group.code};
            }
            e.group = assign;
        }
        e.records_requester = t.Bool("records_requester", false);
        if (const auto assignee = Effect(t, a, "assignee", nullptr, "", {"actor", "none"});
            assignee.Present()) {
            using Who = SetAssignee::Who;
            if (assignee.special == "actor") {
                e.assignee = SetAssignee{Who::kActor, ""};
            } else if (assignee.special == "none") {
                e.assignee = SetAssignee{Who::kNone, ""};
            } else if (!assignee.param.empty()) {
                e.assignee = SetAssignee{Who::kParam, assignee.param};
            } else {
                t.Problem(t.KeyLine("assignee"), "assignee — «$actor», «$none» или «$параметр»");
            }
        }
        if (const auto stage = Effect(t, a, "stage", &codes_.stages, "этап", {"next"});
            stage.Present()) {
            // A parameter cannot name the stage (the undeclared one is told above).
            if (!stage.param.empty() && a.FindParam(stage.param)) {
                t.Problem(t.KeyLine("stage"), "stage — код этапа или «$next»");
            }
            e.stage = EnterStage{stage.special == "next", stage.code};
        }
        e.status = StatusValue(t, "status");
        const auto pending =
            Effect(t, a, "pending_reason", &codes_.pending_reasons, "причина ожидания", {});
        if (pending.Present()) {
            e.pending_reason = SetPendingReason{pending.Value()};
            if (e.status != core::Status::kPending) {
                t.Problem(t.KeyLine("pending_reason"),
                          "pending_reason требует status = \"pending\"");
            }
        }
        if (e.status == core::Status::kPending && !pending.Present()) {
            t.Problem(t.KeyLine("status"), "status = \"pending\" требует pending_reason");
        }
        if (const auto refusal =
                Effect(t, a, "refusal_reason", &codes_.refusal_reasons, "причина отказа", {});
            refusal.Present()) {
            e.refusal_reason = SetRefusalReason{refusal.Value()};
            if (e.status != core::Status::kRefused) {
                t.Problem(t.KeyLine("refusal_reason"),
                          "refusal_reason требует status = \"refused\"");
            }
        }
        if (const std::string clock = t.String("agree_term"); !clock.empty()) {
            Check(t, codes_.clocks, clock, t.KeyLine("agree_term"), "срок (clock)");
            if (!a.FindParam(AgreeTerm::kParam)) {
                t.Problem(t.KeyLine("agree_term"), "agree_term требует параметра «term»");
            }
            e.agree_term = AgreeTerm{clock};
        }
    }

    Action ParseAction(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[actions." + code + "]", problems_);
        Action a;
        a.code = code;
        a.source_line = t.Line();
        a.name = t.String("name", true);
        a.cite = t.String("cite");
        a.roles = Roles(t, "roles", true);
        if (a.roles.empty()) t.Problem(t.Line(), "нет ключа «roles»: кто может выполнять действие");
        a.from = Statuses(t, "from");
        a.stages = References(t, "stages", codes_.stages, "этап");
        a.pending_reasons =
            References(t, "pending_reasons", codes_.pending_reasons, "причина ожидания");
        a.groups = References(t, "groups", codes_.groups, "группа");
        a.channels = References(t, "channels", codes_.channels, "канал");
        a.complete = t.String("complete");
        a.complete_channels = References(t, "complete_channels", codes_.channels, "канал");
        if (!a.complete.empty()) {
            Check(t, codes_.field_sets, a.complete, t.KeyLine("complete"), "набор полей");
        }
        a.counts_as = t.String("counts_as");
        if (const auto max = t.Integer("max_times")) {
            if (*max < 1)
                t.Problem(t.KeyLine("max_times"), "max_times — целое число от 1");
            else
                a.max_times = static_cast<int>(*max);
        }
        a.refusal = t.String("refusal");
        if (const auto* params = t.SubTable("params")) ParseParams(*params, t, a);
        a.needs_agreement = t.Bool("needs_agreement", false);
        a.briefing = t.Bool("briefing", false);
        ParseEffects(t, a);
        a.notify = NotificationList(t, "notify");
        a.prominence = ParseProminence(t, a);
        const std::string visibility = t.String("comment");
        if (visibility == "public") {
            a.comment_visibility = core::Visibility::kPublic;
        } else if (!visibility.empty() && visibility != "internal") {
            t.Problem(t.KeyLine("comment"), "comment — «internal» или «public»");
        }
        if (const auto* spawn = t.SubTable("spawn")) {
            StrictTable s(*spawn, t.Where() + ".spawn", problems_);
            SpawnSpec spec;
            spec.group = s.String("group", true);
            if (!spec.group.empty())
                Check(s, codes_.groups, spec.group, s.KeyLine("group"), "группа");
            spec.notify = s.String("notify");
            if (!spec.notify.empty()) {
                Check(s, codes_.notifications, spec.notify, s.KeyLine("notify"), "уведомление");
            }
            spec.subject = s.String("subject");
            s.RejectUnknown();
            a.spawn = spec;
        }
        t.RejectUnknown();
        return a;
    }

    Prominence ParseProminence(StrictTable& t, const Action& a) {
        const std::string text = t.String("prominence");
        if (text.empty()) {
            const bool ends_work = a.effects.status && core::IsFinal(*a.effects.status);
            return ends_work ? Prominence::kDangerous : Prominence::kOther;
        }
        for (const auto p : {Prominence::kPrimary, Prominence::kOther, Prominence::kDangerous}) {
            if (text == ProminenceCode(p)) return p;
        }
        t.Problem(t.KeyLine("prominence"), "prominence — «primary», «other» или «dangerous»");
        return Prominence::kOther;
    }

    void ParseParams(const toml::table& table, const StrictTable& owner, Action& action) {
        StrictTable t(table, owner.Where() + ".params", problems_);
        std::vector<std::pair<int, ParamSpec>> ordered;
        for (auto&& [name, node] : table) {
            ParamSpec spec;
            spec.name = std::string(name.str());
            t.Take(spec.name);
            if (const auto* text = node.as_string()) {
                if (text->get() == "required") {
                    spec.required = true;
                } else if (text->get() != "optional") {
                    t.Problem(TomlLine(node), Quoted(spec.name) + ": «required» или «optional»");
                }
            } else if (const auto* detail = node.as_table()) {
                StrictTable d(*detail, t.Where() + "." + spec.name, problems_);
                spec.required = d.Bool("required", false);
                spec.values = d.Strings("values");
                spec.date = d.String("type") == "date";
                spec.label = d.String("label");
                if (d.Has("type") && !spec.date) {
                    d.Problem(d.KeyLine("type"), "type: только «date» (дата ГГГГ-ММ-ДД)");
                }
                d.RejectUnknown();
            } else {
                t.Problem(TomlLine(node),
                          Quoted(spec.name) + ": «required», «optional» или { required, values }");
            }
            ordered.push_back({TomlLine(node), spec});
        }
        std::stable_sort(ordered.begin(), ordered.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& item : ordered) action.params.push_back(std::move(item.second));
    }

    RoutingRule ParseRoutingRule(const toml::table& table, int index) {
        StrictTable t(table, "[[routing]] №" + std::to_string(index), problems_);
        RoutingRule rule;
        rule.source_line = t.Line();
        rule.when = ParseCondition(t, "when");
        rule.group = t.String("group");
        if (!rule.group.empty()) Check(t, codes_.groups, rule.group, t.KeyLine("group"), "группа");
        rule.regional = t.Bool("regional", false);
        rule.status = StatusValue(t, "status");
        rule.pending_reason = t.String("pending_reason");
        if (!rule.pending_reason.empty()) {
            Check(t, codes_.pending_reasons, rule.pending_reason, t.KeyLine("pending_reason"),
                  "причина ожидания");
            if (rule.status != core::Status::kPending) {
                t.Problem(t.KeyLine("pending_reason"),
                          "pending_reason требует status = \"pending\"");
            }
        }
        if (rule.status == core::Status::kPending && rule.pending_reason.empty()) {
            t.Problem(t.KeyLine("status"), "status = \"pending\" требует pending_reason");
        }
        rule.notify = NotificationList(t, "notify");
        rule.cite = t.String("cite");
        t.RejectUnknown();
        return rule;
    }

    AutoCloseRule ParseAutoClose(const toml::table& table, int index) {
        StrictTable t(table, "[[auto_close]] №" + std::to_string(index), problems_);
        AutoCloseRule rule;
        rule.source_line = t.Line();
        if (const auto status = StatusValue(t, "status")) {
            rule.status = *status;
            if (core::IsFinal(*status))
                t.Problem(t.KeyLine("status"), "закрытое обращение не закрывается повторно");
        } else if (!t.Has("status")) {
            t.Problem(t.Line(), "нет обязательного ключа «status»");
        }
        rule.pending_reason = t.String("pending_reason");
        if (!rule.pending_reason.empty()) {
            Check(t, codes_.pending_reasons, rule.pending_reason, t.KeyLine("pending_reason"),
                  "причина ожидания");
        }
        if (const auto after = TermValue(t, "after", true)) rule.after = *after;
        if (const toml::node* node = t.Take("reminders")) {
            const auto add = [&](const toml::node& item) {
                const auto* text = item.as_string();
                const auto term = text ? ParseTerm(text->get()) : std::nullopt;
                if (term) {
                    rule.reminders.push_back(*term);
                } else {
                    t.Problem(TomlLine(item), "напоминание — срок вида «5 business_days»");
                }
            };
            if (const auto* array = node->as_array()) {
                for (const toml::node& item : *array) add(item);
            } else {
                add(*node);
            }
        }
        rule.reminder = t.String("reminder");
        if (!rule.reminder.empty()) {
            Check(t, codes_.notifications, rule.reminder, t.KeyLine("reminder"), "уведомление");
        }
        if (!rule.reminders.empty() && rule.reminder.empty()) {
            t.Problem(t.KeyLine("reminders"), "напоминания без шаблона «reminder»");
        }
        if (const auto min = t.Integer("min_reminders")) {
            if (*min < 0 || *min > static_cast<std::int64_t>(rule.reminders.size())) {
                t.Problem(t.KeyLine("min_reminders"),
                          "min_reminders больше, чем напоминаний в «reminders»");
            } else {
                rule.min_reminders = static_cast<int>(*min);
            }
        }
        if (const auto result = StatusValue(t, "result")) {
            if (!core::IsFinal(*result)) {
                t.Problem(t.KeyLine("result"), "result — «closed» или «refused»");
            } else {
                rule.result = *result;
            }
        }
        rule.notify = NotificationList(t, "notify");
        rule.note = t.String("note");
        rule.cite = t.String("cite");
        t.RejectUnknown();
        return rule;
    }

    Notification ParseNotification(const std::string& code, const toml::table& table) {
        StrictTable t(table, "[notifications." + code + "]", problems_);
        Notification n;
        n.code = code;
        n.source_line = t.Line();
        if (t.Has("channel")) {
            if (const auto channel = ParseNotificationChannel(t.String("channel"))) {
                n.channel = *channel;
            } else {
                t.Problem(t.KeyLine("channel"), "channel — «contact» или «email»");
            }
        }
        n.subject = t.String("subject", true);
        n.text = t.String("text", true);
        CheckTemplate(t, t.KeyLine("subject"), n.subject);
        CheckTemplate(t, t.KeyLine("text"), n.text);
        n.once = t.Bool("once", false);
        t.RejectUnknown();
        return n;
    }

    WorkList ParseList(const toml::table& table, int index) {
        StrictTable t(table, "[[lists]] №" + std::to_string(index), problems_);
        WorkList list;
        list.source_line = t.Line();
        list.code = t.String("code", true);
        list.name = t.String("name", true);
        list.statuses = Statuses(t, "statuses");
        list.stages = References(t, "stages", codes_.stages, "этап");
        list.channels = References(t, "channels", codes_.channels, "канал");
        list.roles = Roles(t, "roles", false);
        t.RejectUnknown();
        return list;
    }

    // What only the whole file can tell.
    void CheckWhole(const Regulation& r) {
        if (r.channels.empty()) problems_.Add(1, "нет ни одного канала [channels.…]");
        for (auto& [line, reason] : CheckChannelContract(r)) problems_.Add(line, reason);
        int coordinators = 0;
        for (const Organization& org : r.organizations) {
            if (org.default_coordinator) {
                if (++coordinators > 1) {
                    problems_.Add(org.source_line,
                                  "[organizations." + org.code +
                                      "]: координирующая организация по умолчанию уже есть");
                }
                if (!org.connected) {
                    problems_.Add(org.source_line, "[organizations." + org.code +
                                                       "]: организация по умолчанию не подключена");
                }
            }
            // A parent chain must end: a cycle would send an appeal round for ever.
            std::set<std::string> seen{org.code};
            for (const Organization* up = r.FindOrganization(org.parent); up;
                 up = r.FindOrganization(up->parent)) {
                if (!seen.insert(up->code).second) {
                    problems_.Add(org.source_line,
                                  "[organizations." + org.code + "]: цикл в подчинении (parent)");
                    break;
                }
            }
        }
        for (const Group& group : r.groups) {
            std::set<std::string> seen{group.code};
            for (const Group* next = r.FindGroup(group.next); next;
                 next = r.FindGroup(next->next)) {
                if (!seen.insert(next->code).second) {
                    problems_.Add(group.source_line,
                                  "[groups." + group.code + "]: цикл в цепочке линий (next)");
                    break;
                }
            }
        }
        for (const Action& action : r.actions) {
            const ActionEffects& effects = action.effects;
            if (effects.refusal_reason && effects.refusal_reason->reason.param == "reason" &&
                effects.pending_reason && effects.pending_reason->reason.param == "reason") {
                problems_.Add(action.source_line, "[actions." + action.code +
                                                      "]: «$reason» не может быть сразу "
                                                      "причиной ожидания и причиной отказа");
            }
            if (effects.stage && effects.stage->next && r.stages.empty()) {
                problems_.Add(action.source_line,
                              "[actions." + action.code + "]: «$next» без этапов [[stages]]");
            }
            // LC-4: a claim has its own term — some row must be able to time it.
            if (action.spawn) {
                const bool timed =
                    std::any_of(r.terms.begin(), r.terms.end(), [&](const TermRule& rule) {
                        const ClockSpec* clock = r.FindClock(rule.clock);
                        const bool kind_ok =
                            rule.when.kinds.empty() ||
                            std::find(rule.when.kinds.begin(), rule.when.kinds.end(),
                                      AppealKind::kClaim) != rule.when.kinds.end();
                        const bool group_ok =
                            clock && (clock->groups.empty() ||
                                      std::find(clock->groups.begin(), clock->groups.end(),
                                                action.spawn->group) != clock->groups.end());
                        return kind_ok && group_ok;
                    });
                if (!timed) {
                    problems_.Add(
                        action.source_line,
                        "[actions." + action.code +
                            "]: у претензии должен быть свой срок: нужна строка [[terms]], "
                            "применимая к претензиям (kind = \"claim\") в её группе (LC-4)");
                }
            }
        }
        for (const WorkList& list : r.lists) {
            if (list.code.empty()) continue;
            int same = 0;
            for (const WorkList& other : r.lists) same += other.code == list.code ? 1 : 0;
            if (same > 1)
                problems_.Add(list.source_line,
                              "[[lists]]: код " + Quoted(list.code) + " повторяется");
        }
    }

    const toml::table& root_;
    TomlProblems& problems_;
    Codes codes_;
    std::set<std::string> seen_stages_;
};

core::Error Invalid(const std::string& file, std::vector<std::pair<int, std::string>> items) {
    std::stable_sort(items.begin(), items.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    core::Error error{core::ErrorKind::kValidation, "regulation_invalid", "", {}};
    for (const auto& [line, reason] : items) {
        const std::string where = file + ":" + std::to_string(line);
        if (!error.message.empty()) error.message += '\n';
        error.message += where + ": " + reason;
        error.fields.push_back({where, "invalid", reason});
    }
    return error;
}

}  // namespace

core::Result<Regulation> ParseRegulation(std::string_view text, const std::string& file) {
    toml::table root;
    try {
        root = toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        return core::Fail(
            Invalid(file, {{static_cast<int>(e.source().begin.line),
                            "ошибка синтаксиса TOML: " + std::string(e.description())}}));
    }
    TomlProblems problems;
    Parser parser(root, problems);
    Regulation regulation = parser.Parse();
    if (!problems.items.empty()) return core::Fail(Invalid(file, std::move(problems.items)));
    regulation.file = file;
    return regulation;
}

core::Result<Regulation> LoadRegulationFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return core::Fail(core::Error{core::ErrorKind::kValidation,
                                      "regulation_unreadable",
                                      path.string() + ":0: файл не читается",
                                      {}});
    }
    std::ostringstream content;
    content << in.rdbuf();
    return ParseRegulation(content.str(), path.string());
}

}  // namespace otklik::regulation

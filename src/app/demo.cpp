#include "app/demo.hpp"

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>

#include <toml++/toml.h>

#include "api/auth.hpp"
#include "core/parse_integer.hpp"
#include "regulation/strict_table.hpp"
#include "text/template.hpp"

namespace otklik::app {
namespace {

constexpr std::array<const char*, 12> kLastNames = {"Иванов",   "Смирнов", "Кузнецов", "Попов",
                                                    "Васильев", "Петров",  "Соколов",  "Михайлов",
                                                    "Новиков",  "Фёдоров", "Морозов",  "Волков"};
constexpr std::array<const char*, 10> kFirstNamesMale = {"Александр", "Дмитрий", "Максим", "Сергей",
                                                         "Андрей",    "Алексей", "Артём",  "Илья",
                                                         "Кирилл",    "Михаил"};
constexpr std::array<const char*, 10> kFirstNamesFemale = {
    "Анна",    "Мария", "Елена",     "Ольга",    "Наталья",
    "Татьяна", "Ирина", "Екатерина", "Светлана", "Юлия"};
constexpr std::array<const char*, 8> kMiddleMale = {"Александрович", "Сергеевич", "Иванович",
                                                    "Андреевич",     "Петрович",  "Викторович",
                                                    "Николаевич",    "Олегович"};
constexpr std::array<const char*, 8> kMiddleFemale = {"Александровна", "Сергеевна", "Ивановна",
                                                      "Андреевна",     "Петровна",  "Викторовна",
                                                      "Николаевна",    "Олеговна"};
constexpr std::array<const char*, 10> kRegions = {"77", "78", "50", "16", "66",
                                                  "25", "54", "23", "02", "61"};
constexpr std::array<const char*, 10> kTranslit = {"ivanov",   "smirnov", "kuznetsov", "popov",
                                                   "vasiliev", "petrov",  "sokolov",   "mikhailov",
                                                   "novikov",  "fedorov"};

// Valid СНИЛС for demo data: nine digits plus their control number.
std::string DemoSnils(std::mt19937& random) {
    std::uniform_int_distribution<int> digit(0, 9);
    std::string d;
    do {
        d.clear();
        for (int i = 0; i < 9; ++i) d.push_back(static_cast<char>('0' + digit(random)));
    } while (core::ParseInteger<long>(d).value_or(0) <= 1001998);
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (d[static_cast<std::size_t>(i)] - '0') * (9 - i);
    int control = sum % 101;
    if (control == 100) control = 0;
    char tail[8];
    std::snprintf(tail, sizeof tail, " %02d", control);
    return d.substr(0, 3) + "-" + d.substr(3, 3) + "-" + d.substr(6, 3) + tail;
}

// A valid personal ИНН: ten digits and their two check digits.
std::string DemoInn(std::mt19937& random) {
    std::uniform_int_distribution<int> digit(0, 9);
    std::array<int, 12> d{};
    d[0] = 5;
    d[1] = 0;
    for (std::size_t i = 2; i < 10; ++i) d[i] = digit(random);
    const auto check = [&d](const std::array<int, 11>& weights, std::size_t count) {
        int sum = 0;
        for (std::size_t i = 0; i < count; ++i) sum += d[i] * weights[i];
        return sum % 11 % 10;
    };
    d[10] = check({7, 2, 4, 10, 3, 5, 9, 4, 6, 8, 0}, 10);
    d[11] = check({3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}, 11);
    std::string inn;
    for (const int value : d) inn.push_back(static_cast<char>('0' + value));
    return inn;
}

// One step of demo work: applied when the appeal's fate (0…9) reaches `fate`.
struct WorkStep {
    int fate = 0;
    bool by_operator = false;  ///< the line-1 operator; otherwise the demo administrator
    core::ActionRequest request;
};

// What a demo appeal of one regulation carries beyond its topic, and the work done on it.
struct RegulationDemo {
    bool documents = false;       ///< СНИЛС, and for two in three ИНН and birth date
    bool platform_login = false;  ///< a login and a role on the service's platform
    std::string region;           ///< every applicant in this region when set
    std::string problem_address;  ///< "{n}" becomes a house number
    std::optional<core::Instant> registered_from;
    std::vector<WorkStep> work;
};

struct DemoData {
    std::vector<core::Group> groups;
    std::vector<core::AppealDraft> topics;
    std::map<std::string, RegulationDemo, std::less<>> regulations;
};

void ThrowProblems(const std::string& path, const regulation::TomlProblems& problems) {
    if (problems.Empty()) return;
    const auto ordered = problems.InLineOrder();
    const auto& [line, reason] = ordered.front();
    throw std::runtime_error("demo: " + path + ":" + std::to_string(line) + ": " + reason);
}

std::vector<WorkStep> ReadWork(const toml::array& steps, const std::string& where,
                               regulation::TomlProblems& problems) {
    std::vector<WorkStep> work;
    for (const auto& node : steps) {
        const auto* table = node.as_table();
        if (table == nullptr) {
            problems.Add(regulation::TomlLine(node), where + ": a work step is a table");
            continue;
        }
        regulation::StrictTable row(*table, where, problems, regulation::TomlWording::kEnglish);
        WorkStep step;
        step.fate = static_cast<int>(row.Integer("fate").value_or(0));
        const std::string actor = row.String("actor", true);
        if (actor != "operator" && actor != "administrator") {
            row.Problem(row.KeyLine("actor"), "actor: \"operator\" or \"administrator\"");
        }
        step.by_operator = actor == "operator";
        step.request.action = row.String("action", true);
        if (const toml::table* params = row.SubTable("params")) {
            regulation::StrictTable values(*params, where + ".params", problems,
                                           regulation::TomlWording::kEnglish);
            for (const auto& [key, value] : *params) {
                step.request.params[std::string(key.str())] = values.String(key.str(), true);
            }
        }
        row.RejectUnknown();
        work.push_back(std::move(step));
    }
    return work;
}

// data/demo/appeals.toml: the groups, the topics and each regulation's demo work. Seed knowledge
// lives there, not here.
DemoData ReadDemoData(const std::string& path) {
    toml::table file;
    try {
        file = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw std::runtime_error("demo: " + path + ": " + std::string(e.description()));
    }
    regulation::TomlProblems problems;
    regulation::StrictTable top(file, "", problems, regulation::TomlWording::kEnglish);
    DemoData data;
    const auto each_table = [&](const toml::array* list, const std::string& name,
                                const auto& read) {
        if (list == nullptr) return;
        for (const auto& node : *list) {
            if (const auto* table = node.as_table()) {
                regulation::StrictTable row(*table, "[[" + name + "]]", problems,
                                            regulation::TomlWording::kEnglish);
                read(row);
                row.RejectUnknown();
            }
        }
    };
    each_table(top.Array("group"), "group", [&](regulation::StrictTable& row) {
        core::Group group;
        group.code = row.String("code", true);
        group.name = row.String("name", true);
        group.line = static_cast<int>(row.Integer("line").value_or(1));
        data.groups.push_back(std::move(group));
    });
    each_table(top.Array("topic"), "topic", [&](regulation::StrictTable& row) {
        core::AppealDraft draft;
        draft.regulation = row.String("regulation", true);
        draft.channel = row.String("channel", true);
        draft.category = row.String("category");
        draft.priority = row.String("priority");
        draft.subject = row.String("subject", true);
        draft.text = row.String("text", true);
        draft.subcategory = row.String("subcategory");
        data.topics.push_back(std::move(draft));
    });
    if (const toml::table* regulations = top.SubTable("regulation")) {
        for (const auto& [id, node] : *regulations) {
            const std::string where = "[regulation." + std::string(id.str()) + "]";
            const auto* table = node.as_table();
            if (table == nullptr) {
                problems.Add(regulation::TomlLine(node), where + ": a table");
                continue;
            }
            regulation::StrictTable row(*table, where, problems, regulation::TomlWording::kEnglish);
            RegulationDemo demo;
            demo.documents = row.Bool("documents", false);
            demo.platform_login = row.Bool("platform_login", false);
            demo.region = row.String("region");
            demo.problem_address = row.String("problem_address");
            if (const auto from = row.Date("registered_from", false)) {
                // 07:00 UTC: the working morning in Moscow.
                demo.registered_from =
                    std::chrono::time_point_cast<core::Duration>(std::chrono::sys_days(*from)) +
                    std::chrono::hours(7);
            }
            if (const toml::array* work = row.Array("work")) {
                demo.work = ReadWork(*work, where, problems);
            }
            row.RejectUnknown();
            data.regulations.emplace(std::string(id.str()), std::move(demo));
        }
    }
    top.RejectUnknown();
    ThrowProblems(path, problems);
    if (data.topics.empty()) throw std::runtime_error("demo: " + path + ": no [[topic]]");
    return data;
}

// The work done on a demo appeal as far as `fate` (0…9) takes it: most in work, some answered
// or closed, some fresh. `pause` lets some time pass before each step, so that the reports'
// response and resolution times are not all zero (issue 16 point 7).
void Work(core::AppealService& appeals, const core::Appeal& appeal, int fate,
          const RegulationDemo& demo, const std::function<void()>& pause) {
    const core::Actor admin{0, "demo", core::Role::kAdministrator, "", ""};
    const core::Actor op{0, "operator", core::Role::kOperator, "line1", ""};
    for (const auto& step : demo.work) {
        if (fate < step.fate) continue;
        pause();
        (void)appeals.Act(appeal.uin, step.request, step.by_operator ? op : admin, std::nullopt);
    }
}

}  // namespace

std::vector<DemoLogin> DemoLogins() {
    return {
        {"admin", "admin-demo", "administrator"},
        {"supervisor", "supervisor-demo", "supervisor"},
        {"operator", "operator-demo", "operator"},
        {"intake", "intake-demo", "intake_operator"},
        {"regional", "regional-demo", "regional_operator"},
        {"techsupport", "techsupport-demo", "tech_support"},
    };
}

bool LoadDemo(core::UserRepository& users, core::AppealService& appeals, core::ManualClock& clock,
              int appeal_count, const std::string& demo_file) {
    if (auto existing = users.ListUsers(); existing && !existing->empty()) return false;
    const DemoData data = ReadDemoData(demo_file);
    for (const auto& group : data.groups) {
        if (auto created = users.CreateGroup(group); !created) {
            throw std::runtime_error("demo: " + created.error().message);
        }
    }
    const std::vector<std::tuple<const char*, const char*, const char*>> people = {
        {"admin", "Администратор системы", ""},
        {"supervisor", "Руководитель смены", "line1"},
        {"operator", "Оператор первой линии", "line1"},
        {"intake", "Оператор приёма", "intake"},
        {"regional", "Региональный оператор", "regional"},
        {"techsupport", "Инженер поддержки", "tech"},
    };
    const auto logins = DemoLogins();
    for (std::size_t i = 0; i < logins.size(); ++i) {
        core::User user;
        user.login = logins[i].login;
        user.full_name = std::get<1>(people[i]);
        user.group = std::get<2>(people[i]);
        user.role = *core::ParseRole(logins[i].role);
        if (user.role == core::Role::kRegionalOperator) user.region = "77";
        user.password_hash = api::HashPassword(logins[i].password);
        user.created_at = clock.Now();
        if (auto created = users.CreateUser(user); !created) {
            throw std::runtime_error("demo: " + created.error().message);
        }
    }

    std::mt19937 random(20261124);
    std::mt19937 pace(16);
    const auto pick = [&](const auto& list) {
        return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(random)];
    };
    const core::Actor system{0, "demo", core::Role::kAdministrator, "", ""};
    const auto end = clock.Now();
    clock.Set(end - std::chrono::days(30));
    const auto step = std::chrono::duration_cast<core::Duration>(std::chrono::days(30)) /
                      std::max(1, appeal_count);
    for (int i = 0; i < appeal_count; ++i) {
        clock.Advance(step);
        core::AppealDraft draft = pick(data.topics);
        const bool female = random() % 2 == 0;
        const auto found = data.regulations.find(draft.regulation);
        static const RegulationDemo kNothingMore;
        const RegulationDemo& demo = found == data.regulations.end() ? kNothingMore : found->second;
        auto& a = draft.applicant;
        const std::size_t surname = random() % kLastNames.size();
        a.last_name = std::string(kLastNames[surname]) + (female ? "а" : "");
        a.first_name = female ? pick(kFirstNamesFemale) : pick(kFirstNamesMale);
        a.middle_name = female ? pick(kMiddleFemale) : pick(kMiddleMale);
        a.region = pick(kRegions);
        a.email = std::string(kTranslit[surname % kTranslit.size()]) + std::to_string(100 + i) +
                  "@example.ru";
        a.phone = "+7916" + std::to_string(1000000 + static_cast<int>(random() % 8999999));
        a.contact_channel = random() % 4 == 0 ? "phone" : "email";
        if (demo.documents) {
            a.snils = DemoSnils(random);
            if (random() % 3 != 0) {
                a.inn = DemoInn(random);
                a.birth_date = "19" + std::to_string(60 + random() % 40) + "-0" +
                               std::to_string(1 + random() % 9) + "-1" +
                               std::to_string(random() % 10);
            }
        }
        if (demo.platform_login) {
            a.login = std::string(kTranslit[surname % kTranslit.size()]) + std::to_string(100 + i);
            a.role = random() % 5 == 0 ? "mentor" : "student";
        }
        if (!demo.problem_address.empty()) {
            draft.problem_address =
                text::RenderTemplate(demo.problem_address, {{"n", std::to_string(1 + i % 120)}});
        }
        if (!demo.region.empty()) a.region = demo.region;
        const auto now = clock.Now();
        if (demo.registered_from) {
            clock.Set(*demo.registered_from + (now - (end - std::chrono::days(30))) * 3);
        }
        auto registered = appeals.Register(draft, system, "", "");
        if (!registered) {
            clock.Set(now);
            throw std::runtime_error("demo: " + registered.error().message + " (" +
                                     draft.regulation + ", " + draft.subject + ")");
        }
        const int fate = static_cast<int>(random() % 10);
        Work(appeals, registered->appeal, fate, demo, [&] {
            // From a quarter of an hour to a working day, never past the demo's present; its own
            // generator, so the appeals themselves stay what they were.
            const auto wait =
                std::chrono::minutes(std::uniform_int_distribution<int>(15, 8 * 60)(pace));
            if (clock.Now() + wait < end) clock.Advance(wait);
        });
        clock.Set(now);
    }
    clock.Set(end);
    // The month's timers (escalations, reminders, auto-closes) take effect here, each at its own
    // instant, as the server's watcher would have applied them: the demo is a consistent
    // present, not a backlog that the first seconds of `serve` rewrite under its first readers.
    for (;;) {
        const auto changed = appeals.RunDueTimers(256);
        if (!changed) throw std::runtime_error("demo: " + changed.error().message);
        if (*changed == 0) break;
    }
    return true;
}

}  // namespace otklik::app

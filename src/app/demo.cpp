#include "app/demo.hpp"

#include <array>
#include <functional>
#include <random>

#include "api/auth.hpp"

namespace otklik::app {
namespace {

struct Topic {
    const char* regulation;
    const char* channel;
    const char* category;
    const char* priority;
    const char* subject;
    const char* text;
    const char* subcategory = "";
};

// Written for the project: what people really write to these services (seeds 000–004).
constexpr std::array<Topic, 24> kTopics = {{
    {"bilet", "chatbot", "technical", "", "Не загружается тест профориентации",
     "Здравствуйте! Ученик 8 класса не может пройти онлайн-диагностику: после третьего вопроса "
     "страница зависает и показывает белый экран. Пробовали другой браузер — то же самое. "
     "Подскажите, что делать?"},
    {"bilet", "project_mail", "organizational", "", "Запись на профессиональную пробу",
     "Добрый день. Наша школа зарегистрирована в проекте, но при записи учеников на профпробу "
     "«Оператор беспилотных систем» площадка не отображается в списке. Как записать класс?"},
    {"bilet", "org_mail", "methodological", "", "Методические материалы для педагога-навигатора",
     "Прошу направить методические рекомендации по проведению профориентационных уроков для "
     "педагогов-навигаторов. Где их найти в личном кабинете?"},
    {"bilet", "chatbot", "technical", "", "Не приходит письмо для восстановления пароля",
     "Не могу войти в личный кабинет на платформе. Нажимаю «Забыли пароль», но письмо так и не "
     "приходит, в спаме тоже нет. Логин — адрес почты, на который регистрировалась."},
    {"bilet", "project_mail", "organizational", "", "Смена образовательной организации",
     "Ребёнок перешёл в другую школу, а в кабинете осталась старая. Как поменять школу в профиле "
     "ученика, чтобы учитель увидел результаты?"},
    {"bilet", "chatbot", "informational", "", "Сроки проведения мероприятий",
     "Подскажите, до какого числа нужно пройти все этапы проекта в этом учебном году и когда будут "
     "доступны результаты диагностики?"},
    {"epgu", "phone", "info_request", "", "Не подтверждается учётная запись",
     "Заявитель подал запрос на подтверждение учётной записи через банк две недели назад, статус "
     "учётной записи до сих пор «Стандартная». Просит проверить."},
    {"epgu", "letter", "info_request", "", "Ошибка проверки СНИЛС",
     "При регистрации на портале выводится сообщение «Данные СНИЛС не прошли проверку». Данные "
     "введены верно, совпадают со страховым свидетельством. Прошу разобраться."},
    {"epgu", "phone", "incident", "", "Не отображается оплата госпошлины",
     "Оплатил госпошлину за замену паспорта через портал со скидкой, деньги списались, а в "
     "заявлении статус «Ожидает оплаты» уже третий день."},
    {"epgu", "api", "incident", "", "Заявление зависло в статусе «Отправлено в ведомство»",
     "Заявление на получение выписки подано 10 дней назад, статус не меняется. Срок оказания "
     "услуги уже прошёл. Что делать?"},
    {"epgu", "phone", "info_request", "", "Как записаться на приём через портал",
     "Заявительница спрашивает, как записаться на приём в МФЦ по вопросу оформления пособия и "
     "можно ли выбрать удобное время."},
    {"epgu", "letter", "incident", "", "Не приходит СМС с кодом входа",
     "Не приходит СМС-код для входа на портал госуслуг, номер телефона верный. Пробовал несколько "
     "раз в течение дня."},
    {"pos", "widget", "ЖКХ", "", "Не вывозят мусор с контейнерной площадки",
     "Центр мониторинга 112. Жители сообщают, что мусор с контейнерной площадки во дворе не "
     "вывозят уже неделю, контейнеры переполнены.",
     "waste"},
    {"pos", "phone", "Дороги", "", "Яма на проезжей части",
     "Центр мониторинга 112. На перекрёстке образовалась глубокая яма, автомобили объезжают по "
     "встречной полосе. Просим отремонтировать покрытие.",
     "potholes"},
    {"pos", "widget", "Благоустройство", "", "Не работает уличное освещение",
     "Вторую неделю не горят фонари вдоль пешеходной дорожки к школе. Дети ходят в темноте.",
     "lighting"},
    {"pos", "phone", "ЖКХ", "", "Нет горячей воды",
     "Центр мониторинга 112. В многоквартирном доме третий день нет горячей воды, управляющая "
     "компания на звонки не отвечает.",
     "hot_water"},
    {"pos", "widget", "Транспорт", "", "Автобус не соблюдает расписание",
     "Автобус маршрута № 12 утром приходит с опозданием на 20–30 минут или не приходит вовсе. "
     "Прошу принять меры.",
     "schedule"},
    {"pos", "phone", "Здравоохранение", "", "Нет записи к педиатру",
     "Центр мониторинга 112. В поликлинике нет свободных талонов к педиатру на ближайшие две "
     "недели, ребёнок болеет.",
     "appointment"},
    {"hotline", "phone", "ИНЦ", "P1", "Система недоступна для всех пользователей",
     "С 9 утра система не открывается ни у одного сотрудника отдела: ошибка 502 Bad Gateway. "
     "Работа полностью остановлена."},
    {"hotline", "email", "ИНЦ", "P2", "Не формируется отчёт",
     "При формировании ежемесячного отчёта появляется ошибка «Превышено время ожидания». Отчёт "
     "нужно сдать до конца недели."},
    {"hotline", "email", "ЗнК", "P3", "Как добавить нового пользователя",
     "Подскажите, пожалуйста, порядок добавления нового сотрудника в систему и назначения ему "
     "роли «Исполнитель»."},
    {"hotline", "phone", "ИНЦ", "P3", "Не сохраняется карточка документа",
     "При сохранении карточки входящего документа кнопка «Сохранить» не реагирует, данные "
     "пропадают. Воспроизводится у двух пользователей."},
    {"hotline", "email", "ЗнК", "P4", "Настройка уведомлений",
     "Можно ли настроить, чтобы уведомления о новых задачах приходили только в рабочее время?"},
    {"hotline", "phone", "ИНЦ", "P2", "Ошибка при подписании документа",
     "При подписании документа электронной подписью появляется ошибка «Сертификат недействителен», "
     "хотя срок действия сертификата не истёк."},
}};

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
    } while (std::stol(d) <= 1001998);
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

// The work done on a demo appeal, by its regulation (regulations/*.toml), as far as `fate`
// (0…9) takes it: most in work, some answered or closed, some fresh.
// `pause` lets some time pass before each step, so that the reports' response and resolution
// times are not all zero (issue 16 point 7).
void Work(core::AppealService& appeals, const core::Appeal& appeal, int fate,
          const std::function<void()>& pause) {
    const core::Actor admin{0, "demo", core::Role::kAdministrator, "", ""};
    const core::Actor op{0, "operator", core::Role::kOperator, "line1", ""};
    const auto act = [&](const core::Actor& actor, core::ActionRequest request) {
        pause();
        (void)appeals.Act(appeal.uin, request, actor, std::nullopt);
    };
    const std::string solution = "Вопрос решён, заявителю дан ответ";
    const std::string regulation = appeal.regulation;
    if (regulation == "hotline") {
        if (fate >= 3) act(op, {"assign", {{"group", "line1"}}});
        if (fate >= 5) act(op, {"take", {}});
        if (fate >= 8) act(op, {"resolve", {{"solution", solution}}});
    } else if (regulation == "bilet") {
        if (fate >= 4) act(admin, {"take", {}});
        if (fate >= 8) act(admin, {"resolve", {{"solution", solution}}});
    } else if (regulation == "epgu") {
        if (fate >= 3) act(admin, {"forward", {{"group", "cpp_shift"}}});
        if (fate >= 5) act(admin, {"take", {}});
        if (fate >= 8) act(admin, {"resolve", {{"solution", solution}}});
    } else if (regulation == "pos") {
        for (int stage = 0; stage < std::min(fate / 2, 4); ++stage) {
            act(admin, {"advance_stage", {{"solution", solution}}});
        }
        if (fate >= 9) act(admin, {"confirm_delivery", {{"delivery_channel", "phone"}}});
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
              int appeal_count) {
    if (auto existing = users.ListUsers(); existing && !existing->empty()) return false;
    const std::vector<core::Group> groups = {
        {0, "line1", "Первая линия", 1, ""},
        {0, "regional", "Региональный оператор", 2, ""},
        {0, "cpp_shift", "Начальник смены ЦПП", 2, ""},
        {0, "claims", "Группа разбора претензий (ГРП)", 2, ""},
        {0, "tech", "Техническая поддержка", 3, ""},
        {0, "intake", "Операторы приёма", 1, ""},
    };
    for (const auto& group : groups) {
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
        const Topic& topic = pick(kTopics);
        const bool female = random() % 2 == 0;
        core::AppealDraft draft;
        draft.regulation = topic.regulation;
        draft.channel = topic.channel;
        draft.subject = topic.subject;
        draft.text = topic.text;
        draft.category = topic.category;
        draft.subcategory = topic.subcategory;
        draft.priority = topic.priority;
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
        const std::string regulation = topic.regulation;
        if (regulation == "epgu") {
            // 002 §4.2.1: most tickets carry the user's data; the rest wait for it (§4.2.2).
            a.snils = DemoSnils(random);
            if (random() % 3 != 0) {
                a.inn = DemoInn(random);
                a.birth_date = "19" + std::to_string(60 + random() % 40) + "-0" +
                               std::to_string(1 + random() % 9) + "-1" +
                               std::to_string(random() % 10);
            }
        }
        if (regulation == "bilet") {
            // 000 §5.6.1: the chatbot asks the login and the role on the platform.
            a.login = std::string(kTranslit[surname % kTranslit.size()]) + std::to_string(100 + i);
            a.role = random() % 5 == 0 ? "mentor" : "student";
        }
        if (regulation == "pos") {
            // 003: the problem's place, in the Ulyanovsk region the platform serves.
            draft.problem_address =
                "г. Ульяновск, ул. Гончарова, д. " + std::to_string(1 + i % 120);
            a.region = "73";
        }
        // 000 §6.5: «Билет в будущее» was in force only from 30 April to 15 December 2020, so
        // its appeals are registered in autumn 2020.
        const auto now = clock.Now();
        if (regulation == "bilet") {
            clock.Set(*core::ParseInstant("2020-09-01T07:00:00Z") +
                      (now - (end - std::chrono::days(30))) * 3);
        }
        auto registered = appeals.Register(draft, system, "", "");
        if (!registered) {
            clock.Set(now);
            throw std::runtime_error("demo: " + registered.error().message + " (" +
                                     topic.regulation + ", " + topic.subject + ")");
        }
        const int fate = static_cast<int>(random() % 10);
        Work(appeals, registered->appeal, fate, [&] {
            // From a quarter of an hour to a working day, never past the demo's present; its own
            // generator, so the appeals themselves stay what they were.
            const auto wait =
                std::chrono::minutes(std::uniform_int_distribution<int>(15, 8 * 60)(pace));
            if (clock.Now() + wait < end) clock.Advance(wait);
        });
        clock.Set(now);
    }
    clock.Set(end);
    return true;
}

}  // namespace otklik::app

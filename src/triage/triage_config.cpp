#include "triage/triage_config.hpp"

#include <string_view>

namespace otklik::triage {

RulePolicy& TriagePolicy::For(RuleCode code) {
    switch (code) {
        case RuleCode::kForeignLanguage:
            return foreign_language;
        case RuleCode::kObsceneLanguage:
            return obscene_language;
        case RuleCode::kInsult:
            return insult;
        case RuleCode::kThreat:
            return threat;
        case RuleCode::kNoQuestion:
            return no_question;
        case RuleCode::kRepeatResolved:
            return repeat_resolved;
        case RuleCode::kAnonymous:
            return anonymous;
        case RuleCode::kMisdirected:
            return misdirected;
        case RuleCode::kDuplicate:
            return duplicate;
        case RuleCode::kMassIncident:
            return mass_incident;
        case RuleCode::kMissingFields:
            return missing_fields;
        case RuleCode::kStatusInquiry:
            return status_inquiry;
        case RuleCode::kNotCovered:
            return not_covered;
    }
    return foreign_language;
}

const RulePolicy& TriagePolicy::For(RuleCode code) const {
    return const_cast<TriagePolicy*>(this)->For(code);
}

TriageConfig DefaultTriageConfig() {
    TriageConfig config;
    ClassificationConfig& c = config.classification;

    // 004 table 1: an incident is a function that stopped or works wrongly; everything that
    // asks for information, recommendations or answers is a consultation request.
    c.category = FacetConfig{"category",
                             {
                                 {"ИНЦ", "Инцидент", {"не работает",
                                                      "не работают",
                                                      "перестал работать",
                                                      "ошибк*",
                                                      "сбой",
                                                      "сбои",
                                                      "не открывается",
                                                      "не загружается",
                                                      "не грузится",
                                                      "зависает",
                                                      "недоступ*",
                                                      "не могу войти",
                                                      "не могу зайти",
                                                      "не удается",
                                                      "не удаётся",
                                                      "не получается",
                                                      "не отображается",
                                                      "не сохраняется",
                                                      "не приходит",
                                                      "не приходят",
                                                      "пропал*",
                                                      "исчез*",
                                                      "некорректно",
                                                      "выдает",
                                                      "выдаёт",
                                                      "вылетает",
                                                      "не формируется",
                                                      "не отправляется",
                                                      "не подписывается",
                                                      "белый экран",
                                                      "не проходит",
                                                      "не запускается",
                                                      "не нажимается",
                                                      "не активна",
                                                      "не активная",
                                                      "глючит",
                                                      "не реагирует",
                                                      "неактивн*",
                                                      "неверно",
                                                      "потерял* данн*",
                                                      "удалились",
                                                      "слетел*",
                                                      "данные удал*",
                                                      "опечатк*",
                                                      "нестабильн*",
                                                      "медленно",
                                                      "тормозит",
                                                      "долго загружается",
                                                      "не находится",
                                                      "не выводится",
                                                      "не выводятся",
                                                      "обрезается",
                                                      "задваива*"}},
                                 {"ЗнК",
                                  "Запрос на консультацию",
                                  {"подскажите",       "разъясните",     "объясните",
                                   "расскажите",       "уточните",       "=как",
                                   "где найти",        "где посмотреть", "какие документы",
                                   "какой срок",       "сроки",          "можно ли",
                                   "возможно ли",      "нужно ли",       "требуется ли",
                                   "порядок",          "консультац*",    "информаци*",
                                   "куда обратиться",  "что нужно",      "каким образом",
                                   "хотел* бы узнать", "интересует"}},
                             },
                             "ЗнК"};

    // 000 §5.6.1: the chatbot asks whether a question is informational or technical.
    c.facets.push_back(
        FacetConfig{"question_type",
                    {
                        {"technical",
                         "Технический",
                         {"ошибк*",
                          "не работает",
                          "пароль",
                          "логин",
                          "не могу войти",
                          "не могу зайти",
                          "авторизац*",
                          "браузер*",
                          "сайт",
                          "страниц*",
                          "не загружается",
                          "не грузится",
                          "личный кабинет",
                          "приложени*",
                          "код подтверждения",
                          "смс",
                          "sms",
                          "техническ*",
                          "зависает",
                          "кнопк*",
                          "не открывается",
                          "сбой",
                          "вход",
                          "учетн* запис*",
                          "учётн* запис*",
                          "электронн* подпис*",
                          "сертификат*",
                          "не приходит"}},
                        {"informational",
                         "Информационный",
                         {"сроки", "когда", "документ*", "профпроб*", "мероприяти*", "правила",
                          "условия", "участи*", "расписани*", "порядок", "сколько", "где", "кто",
                          "какие", "можно ли", "нужно ли", "положен*", "льгот*"}},
                    },
                    "informational"});

    // 004 table 3: the incident's urgency and impact decide its priority.
    c.priority_rules = {
        {1,
         {"ИНЦ"},
         {"система не работает",
          "ничего не работает",
          "не работает у всех",
          "никто не может",
          "ни у кого",
          "полностью недоступ*",
          "данные удалены",
          "данные пропали",
          "пропали все данные",
          "разрушен*",
          "потеря данных",
          "потеряны данные",
          "срыв*",
          "невозможно оплатить",
          "не можем оплатить",
          "не проходят платежи",
          "отчетност*",
          "отчётност*",
          "все пользователи",
          "у всех сотрудников"}},
        {2,
         {},
         {"нестабильно", "частично недоступ*", "не могу войти", "не могу зайти", "нет доступа",
          "не удается войти", "не удаётся войти", "срочно", "срочн*", "горит срок",
          "сегодня последний день", "завтра последний день", "не отправляется",
          "не подписывается"}},
        {4,
         {},
         {"опечатк*", "неудобн*", "предложени*", "пожелани*", "улучшить", "улучшени*",
          "было бы удобнее", "предлагаю"}},
    };
    c.category_default_priority = {{"ИНЦ", 3}, {"ЗнК", 3}};
    c.default_priority = 3;
    c.allowed_priorities = {{"ИНЦ", {1, 2, 3, 4}}, {"ЗнК", {2, 3, 4}}};

    // 000 §6.1: letters addressed to another body. Only the addressee line is certain; topics
    // depend on the regulation and are left to it.
    config.misdirected = {
        {"Прокуратура",
         {"прокурору", "в прокуратуру", "генеральному прокурору", "прокуратура"},
         {}},
        {"Полиция (МВД)",
         {"начальнику полиции", "в полицию", "начальнику отдела полиции", "в мвд",
          "начальнику омвд", "начальнику овд", "участковому"},
         {}},
        {"Суд", {"в суд", "мировому судье", "председателю суда", "в районный суд"}, {}},
        {"Налоговая служба (ФНС)",
         {"в налоговую", "в ифнс", "начальнику инспекции", "в фнс", "в налоговую инспекцию"},
         {}},
        {"Социальный фонд России",
         {"в пенсионный фонд", "в социальный фонд", "в сфр", "в пфр",
          "начальнику управления пенсионного фонда"},
         {}},
    };
    return config;
}

namespace {

core::Error ConfigError(std::string field, std::string message) {
    core::Error error = core::Error::Validation({{field, "invalid", message}});
    error.message = field + ": " + message;
    return error;
}

bool HasEmpty(const std::vector<std::string>& phrases) {
    for (const std::string& phrase : phrases) {
        if (phrase.find_first_not_of(" \t*=") == std::string::npos) return true;
    }
    return false;
}

core::Result<void> CheckFacet(const FacetConfig& facet, const std::string& field) {
    for (const CategoryRule& value : facet.values) {
        if (value.code.empty()) return core::Fail(ConfigError(field, "пустой код значения"));
        if (HasEmpty(value.keywords)) {
            return core::Fail(ConfigError(field + "." + value.code, "пустая ключевая фраза"));
        }
    }
    return {};
}

bool InUnit(double value) { return value >= 0.0 && value <= 1.0; }

}  // namespace

core::Result<void> ValidateTriageConfig(const TriageConfig& config) {
    for (RuleCode code : kAllRules) {
        const RulePolicy& policy = config.policy.For(code);
        if (policy.action != RuleAction::kOff && policy.uncertain_action > policy.action) {
            return core::Fail(
                ConfigError("triage.policy." + std::string(RuleCodeName(code)),
                            "действие при сомнении не может быть строже действия при уверенности"));
        }
    }
    const TriageThresholds& t = config.thresholds;
    for (double value :
         {t.russian_min_share, t.duplicate_similarity, t.duplicate_candidate_similarity,
          t.repeat_similarity, t.max_novelty, t.mass_similarity, t.model_threat, t.model_insult,
          t.model_threat_beside_recourse, t.model_threat_clears, t.model_misdirected,
          t.model_no_question, t.model_foreign_language}) {
        if (!InUnit(value)) {
            return core::Fail(ConfigError("triage.thresholds", "доли задаются числом от 0 до 1"));
        }
    }
    if (t.duplicate_candidate_similarity > t.duplicate_similarity) {
        return core::Fail(ConfigError("triage.thresholds.duplicate_candidate_similarity",
                                      "порог вероятного дубля выше порога дубля"));
    }
    if (t.mass_min_applicants < 2) {
        return core::Fail(ConfigError("triage.thresholds.mass_min_applicants",
                                      "массовым считается обращение хотя бы двух заявителей"));
    }
    const ClassificationConfig& c = config.classification;
    if (auto ok = CheckFacet(c.category, "triage.classification.category"); !ok) return ok;
    for (const FacetConfig& facet : c.facets) {
        if (auto ok = CheckFacet(facet, "triage.classification." + facet.name); !ok) return ok;
    }
    for (const PriorityRule& rule : c.priority_rules) {
        if (rule.priority < 1 || rule.priority > 4) {
            return core::Fail(
                ConfigError("triage.classification.priority_rules", "приоритет от 1 до 4"));
        }
        if (HasEmpty(rule.keywords)) {
            return core::Fail(
                ConfigError("triage.classification.priority_rules", "пустая ключевая фраза"));
        }
    }
    for (const MisdirectedRule& rule : config.misdirected) {
        if (HasEmpty(rule.addressee) || HasEmpty(rule.topics) || HasEmpty(rule.hints)) {
            return core::Fail(
                ConfigError("triage.misdirected." + rule.organization, "пустая ключевая фраза"));
        }
    }
    for (const NotCoveredRule& rule : config.not_covered) {
        if (HasEmpty(rule.keywords)) {
            return core::Fail(
                ConfigError("triage.not_covered." + rule.service, "пустая ключевая фраза"));
        }
    }
    return {};
}

}  // namespace otklik::triage

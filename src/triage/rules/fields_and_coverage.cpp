// Anonymous appeals, missing fields (CH-4) and matters not covered (TR-7).

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

void Run::Anonymous() {
    const bool identity = input_.has_name || input_.has_login;
    const bool contact =
        input_.has_email || input_.has_phone || input_.has_address || input_.has_login;
    if (identity || contact) return;
    Evidence e;
    e.missing_fields = {"applicant.name", "applicant.contact"};
    if (HasContactInText(input_.text) || HasContactInText(input_.subject)) {
        Fire(RuleCode::kAnonymous, Confidence::kMedium,
             "Имя и контакты заявителя не указаны в полях обращения, но в тексте есть адрес "
             "или телефон: нужна проверка оператором.",
             std::move(e));
        return;
    }
    Fire(RuleCode::kAnonymous, Confidence::kHigh,
         "Обращение анонимное: не указаны ни имя, ни способ связи. Анонимные обращения не "
         "рассматриваются (ТР-4).",
         std::move(e));
}

void Run::MissingFields() {
    if (input_.missing_fields.empty()) return;
    Evidence e;
    e.missing_fields = input_.missing_fields;
    std::string list;
    for (const std::string& field : input_.missing_fields) {
        if (!list.empty()) list += ", ";
        list += field;
    }
    const auto& channels = policy_.return_channels;
    const bool returned =
        std::find(channels.begin(), channels.end(), input_.channel) != channels.end();
    if (returned) {
        Fire(RuleCode::kMissingFields, Confidence::kHigh,
             "Не заполнены обязательные данные: " + list +
                 ". Письмо возвращается отправителю без регистрации с указанием причин.",
             std::move(e), RuleAction::kReturn);
    } else {
        Fire(RuleCode::kMissingFields, Confidence::kHigh,
             "Не заполнены обязательные данные: " + list +
                 ". Обращение ожидает сведений от заявителя («Запрошена информация "
                 "(пользователь)»).",
             std::move(e));
    }
}

void Run::NotCovered() {
    const auto& categories = state_.config.not_covered_categories;
    if (!input_.category.empty()) {
        const std::string chosen = FoldText(input_.category);
        for (const std::string& category : categories) {
            if (FoldText(category) == chosen) {
                Evidence e;
                e.service = input_.category;
                Fire(RuleCode::kNotCovered, Confidence::kHigh,
                     "Категория «" + input_.category +
                         "» не входит в перечень услуг по договору: обращение не "
                         "обрабатывается, об этом делается запись (ТР-7).",
                     std::move(e));
                return;
            }
        }
    }
    std::vector<PhraseHit> hits = state_.not_covered.Find(a_.text, 1);
    DropExcepted(hits, state_.not_covered_unless);
    if (hits.empty()) return;
    Evidence e;
    e.service = state_.config.not_covered[hits.front().tag].service;
    for (const PhraseHit& hit : hits) {
        e.matches.push_back(a_.text.Match(hit.first, hit.last, "", "not_covered"));
    }
    std::string message =
        "Вопрос, по-видимому, касается услуги, которая не предусмотрена договором (" + e.service +
        "): " + JoinQuoted(e.matches) + ". Нужна проверка оператором.";
    Fire(RuleCode::kNotCovered, Confidence::kMedium, std::move(message), std::move(e));
}

}  // namespace otklik::triage::rules

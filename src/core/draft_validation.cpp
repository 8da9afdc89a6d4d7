#include <algorithm>
#include <chrono>
#include <string_view>
#include <utility>

#include "core/personal_data.hpp"
#include "core/time.hpp"
#include "core/workflow.hpp"
#include "text/utf8.hpp"

namespace otklik::core {
namespace {

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxSubjectBytes = 1000;
constexpr std::size_t kMaxTextBytes = 100000;
constexpr std::size_t kMaxAddressBytes = 1000;
constexpr std::size_t kMaxCodeBytes = 100;

std::string Trim(std::string value) {
    const auto not_space = [](unsigned char c) {
        return c != ' ' && c != '\t' && c != '\n' && c != '\r';
    };
    value.erase(value.begin(), std::find_if(value.begin(), value.end(), not_space));
    value.erase(std::find_if(value.rbegin(), value.rend(), not_space).base(), value.end());
    return value;
}

// The Russian name of a field the length checks guard: every message names its field in words
// (issue 16 point 6: no raw keys before the reason).
std::string_view LengthLabel(std::string_view field) {
    static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
        {"text", "текст обращения"},
        {"subject", "тема"},
        {"problem_address", "адрес проблемы"},
        {"category", "категория"},
        {"subcategory", "подкатегория"},
        {"priority", "приоритет"},
        {"applicant.last_name", "фамилия"},
        {"applicant.first_name", "имя"},
        {"applicant.middle_name", "отчество"},
        {"applicant.login", "логин"},
        {"applicant.role", "роль на платформе"},
        {"applicant.address", "почтовый адрес"},
    };
    for (const auto& [code, label] : kLabels) {
        if (code == field) return label;
    }
    return "значение";
}

void CheckLength(std::vector<FieldError>& errors, const char* field, const std::string& value,
                 std::size_t max) {
    const std::string label(LengthLabel(field));
    if (!text::IsValidUtf8(value)) {
        errors.push_back(
            {field, "encoding", "Поле «" + label + "» содержит недопустимые символы (не UTF-8)"});
    } else if (value.size() > max) {
        errors.push_back({field, "too_long", "Слишком длинное значение в поле «" + label + "»"});
    }
}

bool IsValidBirthDate(std::string_view text) {
    const auto day = ParseDate(text);
    return day && day->year() >= std::chrono::year{1900};
}

}  // namespace

AppealDraft NormalizeDraft(AppealDraft draft) {
    auto& a = draft.applicant;
    for (std::string* field : {&draft.regulation,  &draft.channel,
                               &draft.subject,     &draft.problem_address,
                               &draft.category,    &draft.subcategory,
                               &draft.priority,    &a.last_name,
                               &a.first_name,      &a.middle_name,
                               &a.email,           &a.phone,
                               &a.snils,           &a.inn,
                               &a.birth_date,      &a.region,
                               &a.login,           &a.role,
                               &a.contact_channel, &a.address}) {
        *field = Trim(std::move(*field));
    }
    std::transform(a.email.begin(), a.email.end(), a.email.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    if (!a.phone.empty() && !CheckPhone(a.phone)) a.phone = NormalizePhone(a.phone);
    if (!a.inn.empty()) a.inn = Trim(a.inn);
    return draft;
}

std::vector<FieldError> ValidateDraft(const AppealDraft& draft) {
    std::vector<FieldError> errors;
    const auto& a = draft.applicant;
    if (Trim(draft.text).empty() && Trim(draft.subject).empty()) {
        errors.push_back({"text", "required", "Опишите суть обращения"});
    }
    CheckLength(errors, "text", draft.text, kMaxTextBytes);
    CheckLength(errors, "subject", draft.subject, kMaxSubjectBytes);
    CheckLength(errors, "problem_address", draft.problem_address, kMaxAddressBytes);
    CheckLength(errors, "category", draft.category, kMaxCodeBytes);
    CheckLength(errors, "subcategory", draft.subcategory, kMaxCodeBytes);
    CheckLength(errors, "priority", draft.priority, kMaxCodeBytes);
    CheckLength(errors, "applicant.last_name", a.last_name, kMaxNameBytes);
    CheckLength(errors, "applicant.first_name", a.first_name, kMaxNameBytes);
    CheckLength(errors, "applicant.middle_name", a.middle_name, kMaxNameBytes);
    CheckLength(errors, "applicant.login", a.login, kMaxNameBytes);
    CheckLength(errors, "applicant.role", a.role, kMaxCodeBytes);
    CheckLength(errors, "applicant.address", a.address, kMaxAddressBytes);
    if (!a.email.empty() && CheckEmail(a.email)) {
        errors.push_back({"applicant.email", "format", "Адрес электронной почты указан неверно"});
    }
    if (!a.phone.empty() && CheckPhone(a.phone)) {
        errors.push_back(
            {"applicant.phone", "format", "Номер телефона должен содержать от 10 до 15 цифр"});
    }
    if (!a.snils.empty()) {
        if (const auto reason = CheckSnils(a.snils)) {
            errors.push_back({"applicant.snils", *reason,
                              *reason == "checksum"
                                  ? "СНИЛС не проходит проверку контрольного числа"
                                  : "СНИЛС должен состоять из 11 цифр"});
        }
    }
    if (!a.inn.empty()) {
        if (const auto reason = CheckInn(a.inn)) {
            errors.push_back({"applicant.inn", *reason,
                              *reason == "checksum" ? "ИНН не проходит проверку контрольных цифр"
                                                    : "ИНН должен состоять из 10 или 12 цифр"});
        }
    }
    if (!a.birth_date.empty() && !IsValidBirthDate(a.birth_date)) {
        errors.push_back(
            {"applicant.birth_date", "format", "Дата рождения указывается в виде ГГГГ-ММ-ДД"});
    }
    if (!a.region.empty() &&
        (a.region.size() > 3 || a.region.find_first_not_of("0123456789") != std::string::npos)) {
        errors.push_back({"applicant.region", "format", "Регион указывается кодом, например 77"});
    }
    static const std::vector<std::string> kContactChannels = {
        "email", "phone", "post", "chat", "in_person", "sms", "cabinet"};
    if (!a.contact_channel.empty() && std::find(kContactChannels.begin(), kContactChannels.end(),
                                                a.contact_channel) == kContactChannels.end()) {
        errors.push_back({"applicant.contact_channel", "unknown",
                          "Способ связи: email, phone, post, chat, in_person, sms или cabinet"});
    }
    if (a.contact_channel == "email" && a.email.empty()) {
        errors.push_back(
            {"applicant.email", "required", "Для ответа по электронной почте укажите адрес"});
    }
    if ((a.contact_channel == "phone" || a.contact_channel == "sms") && a.phone.empty()) {
        errors.push_back({"applicant.phone", "required", "Для ответа по телефону укажите номер"});
    }
    if (a.contact_channel == "post" && a.address.empty()) {
        errors.push_back(
            {"applicant.address", "required", "Для ответа почтой укажите почтовый адрес"});
    }
    return errors;
}

Appeal AppealFromDraft(const AppealDraft& draft, const Actor& actor, Instant now) {
    Appeal appeal;
    appeal.regulation = draft.regulation;
    appeal.channel = draft.channel;
    appeal.applicant = draft.applicant;
    appeal.subject = draft.subject;
    appeal.text = draft.text;
    appeal.problem_address = draft.problem_address;
    appeal.category = draft.category;
    appeal.subcategory = draft.subcategory;
    appeal.priority = draft.priority;
    appeal.organization = draft.organization;
    appeal.source_ref = draft.source_ref;
    appeal.status = Status::kRegistered;
    appeal.created_by = actor.login;
    appeal.created_at = now;
    appeal.updated_at = now;
    return appeal;
}

}  // namespace otklik::core

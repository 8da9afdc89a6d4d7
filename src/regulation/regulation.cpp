#include "regulation/regulation.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

#include "text/plural.hpp"

namespace otklik::regulation {
namespace {

template <class T>
const T* FindByCode(const std::vector<T>& items, std::string_view code) {
    for (const T& item : items) {
        if (item.code == code) return &item;
    }
    return nullptr;
}

struct FieldInfo {
    std::string_view field;
    std::string_view name;
};

constexpr FieldInfo kFields[] = {
    {"subject", "тема"},
    {"text", "суть обращения"},
    {"problem_address", "адрес проблемы"},
    {"category", "категория"},
    {"subcategory", "подкатегория"},
    {"priority", "приоритет"},
    {"organization", "организация-исполнитель"},
    {"applicant.last_name", "фамилия"},
    {"applicant.first_name", "имя"},
    {"applicant.middle_name", "отчество"},
    {"applicant.full_name", "ФИО"},
    {"applicant.email", "адрес электронной почты"},
    {"applicant.phone", "телефон"},
    {"applicant.contact", "контакт для ответа"},
    {"applicant.snils", "СНИЛС"},
    {"applicant.inn", "ИНН"},
    {"applicant.birth_date", "дата рождения"},
    {"applicant.region", "регион"},
    {"applicant.login", "логин"},
    {"applicant.role", "роль на платформе"},
    {"applicant.contact_channel", "удобный способ связи"},
    {"applicant.address", "почтовый адрес"},
};

std::string FormatAmount(double amount) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", amount);
    return buffer;
}

}  // namespace

std::optional<AppealKind> ParseAppealKind(std::string_view code) {
    if (code == "appeal") return AppealKind::kAppeal;
    if (code == "claim") return AppealKind::kClaim;
    return std::nullopt;
}

std::string_view AppealKindCode(AppealKind kind) {
    switch (kind) {
        case AppealKind::kAppeal:
            return "appeal";
        case AppealKind::kClaim:
            return "claim";
    }
    return "appeal";
}

std::optional<ChannelAdapter> ParseChannelAdapter(std::string_view code) {
    if (code == "email") return ChannelAdapter::kEmail;
    if (code == "chatbot") return ChannelAdapter::kChatbot;
    if (code == "form") return ChannelAdapter::kForm;
    return std::nullopt;
}

std::string_view ChannelAdapterCode(ChannelAdapter adapter) {
    switch (adapter) {
        case ChannelAdapter::kEmail:
            return "email";
        case ChannelAdapter::kChatbot:
            return "chatbot";
        case ChannelAdapter::kForm:
            return "form";
    }
    return "form";
}

std::optional<NotificationChannel> ParseNotificationChannel(std::string_view code) {
    if (code == "contact") return NotificationChannel::kContact;
    if (code == "email") return NotificationChannel::kEmail;
    return std::nullopt;
}

std::string_view NotificationChannelCode(NotificationChannel channel) {
    switch (channel) {
        case NotificationChannel::kContact:
            return "contact";
        case NotificationChannel::kEmail:
            return "email";
    }
    return "contact";
}

bool Condition::Empty() const {
    return channels.empty() && categories.empty() && subcategories.empty() && priorities.empty() &&
           regions.empty() && applicant_roles.empty() && groups.empty() && lines.empty() &&
           organizations.empty() && kinds.empty() && missing.empty() && complete.empty();
}

const Subcategory* Category::FindSubcategory(std::string_view sub) const {
    return FindByCode(subcategories, sub);
}

const char* ProminenceCode(Prominence prominence) {
    switch (prominence) {
        case Prominence::kPrimary:
            return "primary";
        case Prominence::kDangerous:
            return "dangerous";
        case Prominence::kOther:
            break;
    }
    return "other";
}

const ParamSpec* Action::FindParam(std::string_view param) const {
    for (const ParamSpec& spec : params) {
        if (spec.name == param) return &spec;
    }
    return nullptr;
}

std::string Action::ParamLabel(std::string_view param) const {
    const ParamSpec* spec = FindParam(param);
    return "«" + (spec && !spec->label.empty() ? spec->label : std::string(param)) + "»";
}

const std::vector<std::string>& ApplicantAnswers::For(core::ApplicantIntent intent) const {
    switch (intent) {
        case core::ApplicantIntent::kReply:
            return reply;
        case core::ApplicantIntent::kConfirm:
            return confirm;
        case core::ApplicantIntent::kDispute:
            return dispute;
        case core::ApplicantIntent::kWithdraw:
            return withdraw;
    }
    return reply;
}

bool ApplicantAnswers::Answers(std::string_view action) const {
    for (const auto* list : {&reply, &confirm, &dispute, &withdraw}) {
        if (std::find(list->begin(), list->end(), action) != list->end()) return true;
    }
    return false;
}

const FieldSet* Regulation::FindFieldSet(std::string_view code) const {
    return FindByCode(field_sets, code);
}
const Channel* Regulation::FindChannel(std::string_view code) const {
    return FindByCode(channels, code);
}
const Category* Regulation::FindCategory(std::string_view code) const {
    return FindByCode(categories, code);
}
const Priority* Regulation::FindPriority(std::string_view code) const {
    return FindByCode(priorities, code);
}
const ClockSpec* Regulation::FindClock(std::string_view code) const {
    return FindByCode(clocks, code);
}
const PendingReason* Regulation::FindPendingReason(std::string_view code) const {
    return FindByCode(pending_reasons, code);
}
const RefusalReason* Regulation::FindRefusalReason(std::string_view code) const {
    return FindByCode(refusal_reasons, code);
}
const Stage* Regulation::FindStage(std::string_view code) const { return FindByCode(stages, code); }
const Action* Regulation::FindAction(std::string_view code) const {
    return FindByCode(actions, code);
}
bool Organization::CompetentFor(std::string_view category, std::string_view subcategory) const {
    if (competence.empty()) return true;
    for (const auto& item : competence) {
        if (item == "*" || item == category) return true;
        if (!subcategory.empty() && item.size() == category.size() + 1 + subcategory.size() &&
            item.starts_with(category) && item[category.size()] == '/' &&
            item.ends_with(subcategory)) {
            return true;
        }
    }
    return false;
}

const Group* Regulation::FindGroup(std::string_view code) const { return FindByCode(groups, code); }
const Organization* Regulation::FindOrganization(std::string_view code) const {
    return FindByCode(organizations, code);
}
const Notification* Regulation::FindNotification(std::string_view code) const {
    return FindByCode(notifications, code);
}

const Organization* Regulation::DefaultCoordinator() const {
    for (const Organization& organization : organizations) {
        if (organization.default_coordinator) return &organization;
    }
    return nullptr;
}

std::string Regulation::StatusName(core::Status status) const {
    for (const auto& [value, display] : status_names) {
        if (value == status) return display;
    }
    return std::string(core::StatusDisplayName(status));
}

bool Regulation::InForceOn(std::chrono::year_month_day day) const {
    using std::chrono::sys_days;
    if (sys_days{day} < sys_days{in_force_from}) return false;
    return !in_force_until || sys_days{day} <= sys_days{*in_force_until};
}

const std::vector<std::string>& KnownFields() {
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> names;
        for (const FieldInfo& info : kFields) names.emplace_back(info.field);
        return names;
    }();
    return kNames;
}

std::string FieldDisplayName(std::string_view field) {
    for (const FieldInfo& info : kFields) {
        if (info.field == field) return std::string(info.name);
    }
    return std::string(field);
}

bool HasField(const core::Appeal& appeal, std::string_view field) {
    const core::Applicant& a = appeal.applicant;
    const auto filled = [](const std::string& value) {
        return value.find_first_not_of(" \t\r\n") != std::string::npos;
    };
    if (field == "subject") return filled(appeal.subject);
    if (field == "text") return filled(appeal.text);
    if (field == "problem_address") return filled(appeal.problem_address);
    if (field == "category") return filled(appeal.category);
    if (field == "subcategory") return filled(appeal.subcategory);
    if (field == "priority") return filled(appeal.priority);
    if (field == "organization") return filled(appeal.organization);
    if (field == "applicant.last_name") return filled(a.last_name);
    if (field == "applicant.first_name") return filled(a.first_name);
    if (field == "applicant.middle_name") return filled(a.middle_name);
    if (field == "applicant.full_name") return filled(a.last_name) && filled(a.first_name);
    if (field == "applicant.email") return filled(a.email);
    if (field == "applicant.phone") return filled(a.phone);
    if (field == "applicant.contact")
        return filled(a.email) || filled(a.phone) || filled(a.address);
    if (field == "applicant.snils") return filled(a.snils);
    if (field == "applicant.inn") return filled(a.inn);
    if (field == "applicant.birth_date") return filled(a.birth_date);
    if (field == "applicant.region") return filled(a.region);
    if (field == "applicant.login") return filled(a.login);
    if (field == "applicant.role") return filled(a.role);
    if (field == "applicant.contact_channel") return filled(a.contact_channel);
    if (field == "applicant.address") return filled(a.address);
    return false;
}

std::optional<sla::Term> ParseTerm(std::string_view text) {
    const auto space = text.find(' ');
    if (space == std::string_view::npos || space == 0) return std::nullopt;
    double amount = 0;
    const auto number = text.substr(0, space);
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), amount);
    if (ec != std::errc{} || end != number.data() + number.size()) return std::nullopt;
    if (!std::isfinite(amount) || amount <= 0) return std::nullopt;
    const std::string_view unit = text.substr(space + 1);
    sla::Term term;
    term.amount = amount;
    if (unit == "business_days" || unit == "business_day") {
        term.unit = sla::Term::Unit::kBusinessDays;
    } else if (unit == "business_hours" || unit == "business_hour") {
        term.unit = sla::Term::Unit::kBusinessHours;
    } else if (unit == "calendar_days" || unit == "calendar_day") {
        term.unit = sla::Term::Unit::kCalendarDays;
    } else if (unit == "hours" || unit == "hour") {
        term.unit = sla::Term::Unit::kHours;
    } else {
        return std::nullopt;
    }
    return term;
}

std::string FormatTerm(const sla::Term& term) {
    const bool one = term.amount == 1;
    std::string unit;
    switch (term.unit) {
        case sla::Term::Unit::kBusinessDays:
            unit = one ? "business_day" : "business_days";
            break;
        case sla::Term::Unit::kBusinessHours:
            unit = one ? "business_hour" : "business_hours";
            break;
        case sla::Term::Unit::kCalendarDays:
            unit = one ? "calendar_day" : "calendar_days";
            break;
        case sla::Term::Unit::kHours:
            unit = one ? "hour" : "hours";
            break;
    }
    return FormatAmount(term.amount) + " " + unit;
}

std::string RussianTerm(const sla::Term& term) {
    const double n = term.amount;
    std::string_view words;
    switch (term.unit) {
        case sla::Term::Unit::kBusinessDays:
            words = text::RussianPlural(n, "рабочий день", "рабочих дня", "рабочих дней");
            break;
        case sla::Term::Unit::kBusinessHours:
            words = text::RussianPlural(n, "рабочий час", "рабочих часа", "рабочих часов");
            break;
        case sla::Term::Unit::kCalendarDays:
            words =
                text::RussianPlural(n, "календарный день", "календарных дня", "календарных дней");
            break;
        case sla::Term::Unit::kHours:
            words = text::RussianPlural(n, "час", "часа", "часов");
            break;
    }
    return FormatAmount(n) + " " + std::string(words);
}

const std::vector<std::string>& TriageRuleCodes() {
    static const std::vector<std::string> kCodes = {
        "foreign_language", "obscene_language", "insult",      "threat",    "no_question",
        "repeat_resolved",  "anonymous",        "misdirected", "duplicate", "mass_incident",
        "missing_fields",   "status_inquiry",   "not_covered"};
    return kCodes;
}

}  // namespace otklik::regulation

#include "api/json_mapping.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace otklik::api {
namespace {

json::value OptionalInstant(const std::optional<core::Instant>& at) {
    return at ? json::value(core::FormatInstant(*at)) : json::value(nullptr);
}

const std::set<std::string>& DraftFields() {
    static const std::set<std::string> kFields = {
        "regulation", "channel",     "applicant", "subject",    "text",         "problem_address",
        "category",   "subcategory", "priority",  "source_ref", "organization", "reserved_uin"};
    return kFields;
}

const std::set<std::string>& ApplicantFields() {
    static const std::set<std::string> kFields = {
        "last_name",  "first_name", "middle_name", "email", "phone",           "snils",  "inn",
        "birth_date", "region",     "login",       "role",  "contact_channel", "address"};
    return kFields;
}

}  // namespace

namespace {

bool TooManyMembers(const json::value& value, int depth) {
    if (depth > 32) return true;
    if (value.is_object()) {
        if (value.get_object().size() > kMaxObjectMembers) return true;
        for (const auto& [key, member] : value.get_object()) {
            if (TooManyMembers(member, depth + 1)) return true;
        }
    } else if (value.is_array()) {
        for (const auto& item : value.get_array()) {
            if (TooManyMembers(item, depth + 1)) return true;
        }
    }
    return false;
}

}  // namespace

core::Result<json::object> ParseObject(const std::string& body) {
    boost::system::error_code ec;
    json::parse_options options;
    options.max_depth = 32;
    json::value value =
        json::parse(body, ec, json::make_shared_resource<json::monotonic_resource>(), options);
    if (ec) return core::Fail(core::Error::BadRequest("Тело запроса не является корректным JSON"));
    if (!value.is_object()) {
        return core::Fail(core::Error::BadRequest("Тело запроса должно быть JSON-объектом"));
    }
    if (TooManyMembers(value, 0)) {
        return core::Fail(
            core::Error{core::ErrorKind::kBadRequest,
                        "too_many_fields",
                        "В объекте запроса больше " + std::to_string(kMaxObjectMembers) + " полей",
                        {}});
    }
    return std::move(value.as_object());
}

core::Result<void> RefuseUnknownFields(const json::object& object,
                                       std::initializer_list<std::string_view> known) {
    std::vector<core::FieldError> unknown;
    for (const auto& [key, value] : object) {
        if (std::find(known.begin(), known.end(), std::string_view(key)) != known.end()) continue;
        unknown.push_back({std::string(key), "unknown", "Неизвестное поле"});
        if (unknown.size() >= kMaxFieldErrors) break;
    }
    if (unknown.empty()) return {};
    const std::string message = "Неизвестное поле: " + unknown.front().field;
    return core::Fail(
        core::Error{core::ErrorKind::kBadRequest, "unknown_field", message, std::move(unknown)});
}

core::Result<std::string> OptionalString(const json::object& object, std::string_view key,
                                         const std::string& path) {
    const auto* value = object.if_contains(key);
    if (!value || value->is_null()) return std::string();
    if (!value->is_string()) {
        return core::Fail(core::Error::Validation({{path, "type", "Ожидается строка"}}));
    }
    return std::string(value->get_string());
}

core::Result<core::AppealDraft> ParseDraft(const json::object& body) {
    std::vector<core::FieldError> errors;
    core::AppealDraft draft;
    const auto read = [&](const json::object& object, std::string_view key, const std::string& path,
                          std::string& out) {
        auto value = OptionalString(object, key, path);
        if (value)
            out = std::move(*value);
        else
            errors.push_back(value.error().fields.front());
    };
    for (const auto& [key, value] : body) {
        if (!DraftFields().contains(std::string(key))) {
            errors.push_back({std::string(key), "unknown", "Неизвестное поле"});
        }
    }
    read(body, "regulation", "regulation", draft.regulation);
    read(body, "channel", "channel", draft.channel);
    read(body, "subject", "subject", draft.subject);
    read(body, "text", "text", draft.text);
    read(body, "problem_address", "problem_address", draft.problem_address);
    read(body, "category", "category", draft.category);
    read(body, "subcategory", "subcategory", draft.subcategory);
    read(body, "priority", "priority", draft.priority);
    read(body, "source_ref", "source_ref", draft.source_ref);
    read(body, "organization", "organization", draft.organization);
    read(body, "reserved_uin", "reserved_uin", draft.reserved_uin);
    if (const auto* applicant = body.if_contains("applicant"); applicant && !applicant->is_null()) {
        if (!applicant->is_object()) {
            errors.push_back({"applicant", "type", "Ожидается объект с данными заявителя"});
        } else {
            const auto& o = applicant->get_object();
            for (const auto& [key, value] : o) {
                if (!ApplicantFields().contains(std::string(key))) {
                    errors.push_back(
                        {"applicant." + std::string(key), "unknown", "Неизвестное поле"});
                }
            }
            auto& a = draft.applicant;
            read(o, "last_name", "applicant.last_name", a.last_name);
            read(o, "first_name", "applicant.first_name", a.first_name);
            read(o, "middle_name", "applicant.middle_name", a.middle_name);
            read(o, "email", "applicant.email", a.email);
            read(o, "phone", "applicant.phone", a.phone);
            read(o, "snils", "applicant.snils", a.snils);
            read(o, "inn", "applicant.inn", a.inn);
            read(o, "birth_date", "applicant.birth_date", a.birth_date);
            read(o, "region", "applicant.region", a.region);
            read(o, "login", "applicant.login", a.login);
            read(o, "role", "applicant.role", a.role);
            read(o, "contact_channel", "applicant.contact_channel", a.contact_channel);
            read(o, "address", "applicant.address", a.address);
        }
    }
    if (!errors.empty()) {
        for (auto& error : core::ValidateDraft(core::NormalizeDraft(draft))) {
            errors.push_back(std::move(error));
        }
        return core::Fail(core::Error::Validation(std::move(errors)));
    }
    return draft;
}

json::object CommentJson(const core::Comment& comment) {
    return json::object{
        {"id", comment.id},
        {"at", core::FormatInstant(comment.at)},
        {"author", comment.author},
        {"text", comment.text},
        {"visibility", comment.visibility == core::Visibility::kPublic ? "public" : "internal"},
    };
}

json::object HistoryJson(const core::HistoryEntry& entry) {
    json::array changes;
    for (const auto& change : entry.changes) {
        changes.push_back(
            json::object{{"field", change.field}, {"from", change.from}, {"to", change.to}});
    }
    return json::object{
        {"id", entry.id},         {"at", core::FormatInstant(entry.at)}, {"actor", entry.actor},
        {"action", entry.action}, {"changes", std::move(changes)},       {"note", entry.note},
    };
}

json::object LinkJson(const core::Link& link) {
    return json::object{
        {"id", link.id},     {"type", core::LinkTypeCode(link.type)}, {"from", link.from_uin},
        {"to", link.to_uin}, {"at", core::FormatInstant(link.at)},    {"author", link.author},
    };
}

json::object UserJson(const core::User& user) {
    return json::object{
        {"login", user.login},
        {"full_name", user.full_name},
        {"role", core::RoleCode(user.role)},
        {"role_name", core::RoleDisplayName(user.role)},
        {"group", user.group},
        {"region", user.region},
        {"disabled", user.disabled},
        {"created_at", core::FormatInstant(user.created_at)},
    };
}

json::object GroupJson(const core::Group& group) {
    return json::object{
        {"code", group.code}, {"name", group.name}, {"line", group.line}, {"region", group.region}};
}

json::object CredentialJson(const core::Credential& credential) {
    return json::object{
        {"id", credential.id},
        {"kind", credential.kind == core::CredentialKind::kApiToken ? "api_token" : "session"},
        {"name", credential.name},
        {"created_at", core::FormatInstant(credential.created_at)},
        {"expires_at", OptionalInstant(credential.expires_at)},
        {"revoked_at", OptionalInstant(credential.revoked_at)},
    };
}

}  // namespace otklik::api

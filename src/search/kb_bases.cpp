// Knowledge bases as objects of their own (issue 15): created and configured by the API and
// the editor, not only derived from the demo's article files.
#include "search/kb_bases.hpp"

#include <algorithm>

namespace otklik::search {
namespace {

namespace json = boost::json;

bool PlainCode(const std::string& code) {
    return !code.empty() && code.size() <= 64 && std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

bool RegionCode(const std::string& region) {
    return region.empty() ||
           (region.size() <= 3 &&
            std::all_of(region.begin(), region.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

const core::KbBase* Find(const std::string& code, const std::vector<core::KbBase>& bases) {
    const auto it = std::find_if(bases.begin(), bases.end(),
                                 [&](const core::KbBase& b) { return b.code == code; });
    return it == bases.end() ? nullptr : &*it;
}

// Reads the string fields of `allowed` present in `body`; any other field is refused.
core::Result<std::vector<std::pair<std::string, std::string>>> Fields(
    const json::object& body, const std::vector<std::string>& allowed) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::vector<core::FieldError> errors;
    for (const auto& [key, value] : body) {
        const std::string name(key);
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            errors.push_back({name, "unknown", "Неизвестное поле"});
        } else if (value.is_null()) {
            fields.emplace_back(name, "");
        } else if (!value.is_string()) {
            errors.push_back({name, "invalid", "Ожидается строка"});
        } else {
            fields.emplace_back(name, std::string(value.as_string()));
        }
    }
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    return fields;
}

}  // namespace

core::Result<core::KbBase> ParseBase(const json::object& body) {
    auto fields = Fields(body, {"code", "name", "parent", "regulation", "region"});
    if (!fields) return core::Fail(fields.error());
    core::KbBase base;
    for (auto& [name, value] : *fields) {
        if (name == "code") base.code = value;
        if (name == "name") base.name = value;
        if (name == "parent") base.parent = value;
        if (name == "regulation") base.regulation = value;
        if (name == "region") base.region = value;
    }
    return base;
}

core::Result<KbBasePatch> ParseBasePatch(const json::object& body) {
    if (body.contains("code")) {
        return core::Fail(core::Error::Validation(
            {{"code", "immutable", "Код базы знаний не меняется: создайте новую базу"}}));
    }
    auto fields = Fields(body, {"name", "parent", "regulation", "region"});
    if (!fields) return core::Fail(fields.error());
    KbBasePatch patch;
    for (auto& [name, value] : *fields) {
        if (name == "name") patch.name = value;
        if (name == "parent") patch.parent = value;
        if (name == "regulation") patch.regulation = value;
        if (name == "region") patch.region = value;
    }
    return patch;
}

json::object BaseJson(const core::KbBase& b) {
    return json::object{{"code", b.code},
                        {"name", b.name},
                        {"parent", b.parent},
                        {"regulation", b.regulation},
                        {"region", b.region}};
}

std::string RegulationOfBase(const std::string& code, const std::vector<core::KbBase>& bases) {
    std::string at = code;
    for (std::size_t depth = 0; depth <= bases.size() && !at.empty(); ++depth) {
        const auto* base = Find(at, bases);
        if (!base) return "";
        if (!base->regulation.empty()) return base->regulation;
        at = base->parent;
    }
    return "";
}

core::Result<core::KbBase> ValidateBase(core::KbBase base,
                                        const std::vector<core::KbBase>& others) {
    std::vector<core::FieldError> errors;
    if (!PlainCode(base.code)) {
        errors.push_back({"code", "invalid",
                          "Код базы: строчные латинские буквы, цифры, «-» и «_», до 64 знаков"});
    }
    const auto trimmed = base.name.find_first_not_of(" \t\r\n");
    if (trimmed == std::string::npos) {
        errors.push_back({"name", "required", "Укажите название базы знаний"});
    } else if (base.name.size() > 200) {
        errors.push_back({"name", "too_long", "Название базы длиннее 200 знаков"});
    }
    if (!RegionCode(base.region)) {
        errors.push_back({"region", "invalid", "Регион — код из цифр, например 16"});
    }
    std::string parent_regulation;
    if (!base.parent.empty()) {
        const auto* parent = Find(base.parent, others);
        if (!parent) {
            errors.push_back({"parent", "not_found", "Родительская база не найдена"});
        } else {
            // The new parent must not descend from the base: publication would go round.
            std::string at = base.parent;
            for (std::size_t depth = 0; depth <= others.size() && !at.empty(); ++depth) {
                if (at == base.code) {
                    errors.push_back({"parent", "cycle",
                                      "База не может быть родительской для самой себя или своих "
                                      "потомков"});
                    break;
                }
                const auto* up = Find(at, others);
                at = up ? up->parent : "";
            }
            parent_regulation = RegulationOfBase(base.parent, others);
        }
    }
    if (base.regulation.empty()) base.regulation = parent_regulation;
    if (base.regulation.empty()) {
        errors.push_back({"regulation", "required",
                          "Укажите регламент базы: по нему статьи видят чат-бот и справка"});
    } else if (!parent_regulation.empty() && base.regulation != parent_regulation) {
        errors.push_back({"regulation", "parent_mismatch",
                          "Регламент базы должен совпадать с регламентом родительской базы («" +
                              parent_regulation + "»)"});
    }
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    return base;
}

}  // namespace otklik::search

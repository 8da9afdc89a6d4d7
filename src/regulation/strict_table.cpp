#include "regulation/strict_table.hpp"

#include <algorithm>

#include "text/quoting.hpp"

namespace otklik::regulation {
using text::Quoted;

std::vector<std::pair<int, std::string>> TomlProblems::InLineOrder() const {
    auto ordered = items;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    return ordered;
}

int TomlLine(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
int TomlLine(const toml::key& key) { return static_cast<int>(key.source().begin.line); }

StrictTable::StrictTable(const toml::table& table, std::string where, TomlProblems& problems,
                         TomlWording wording)
    : table_(table), where_(std::move(where)), problems_(problems), wording_(wording) {}

int StrictTable::KeyLine(std::string_view key) const {
    for (auto&& [name, node] : table_) {
        if (name.str() == key) return TomlLine(name) > 0 ? TomlLine(name) : TomlLine(node);
    }
    return Line();
}

void StrictTable::Problem(int line, const std::string& reason) const {
    problems_.Add(line, where_.empty() ? reason : where_ + ": " + reason);
}

const toml::node* StrictTable::Take(std::string_view key) {
    used_.insert(std::string(key));
    return table_.get(key);
}

void StrictTable::Mistyped(int line, std::string_view key, Expected expected) const {
    if (wording_ == TomlWording::kEnglish) {
        Problem(line, "'" + std::string(key) + "' has the wrong type");
        return;
    }
    const std::string name = Quoted(key);
    switch (expected) {
        case Expected::kString:
            return Problem(line, name + " должен быть строкой");
        case Expected::kStrings:
            return Problem(line, name + " должен быть строкой или списком строк");
        case Expected::kStringItem:
            return Problem(line, name + ": ожидается список строк");
        case Expected::kBool:
            return Problem(line, name + " должен быть true или false");
        case Expected::kInteger:
            return Problem(line, name + " должен быть целым числом");
        case Expected::kNumber:
            return Problem(line, name + " должен быть числом");
        case Expected::kDate:
            return Problem(line, name + " должен быть датой вида 2020-04-30 (без кавычек)");
        case Expected::kTable:
            return Problem(line, name + " должен быть таблицей");
        case Expected::kArrayOfTables:
            return Problem(line,
                           name + " должен быть массивом таблиц ([[" + std::string(key) + "]])");
    }
}

void StrictTable::Missing(std::string_view key) const {
    Problem(Line(), wording_ == TomlWording::kEnglish ? "'" + std::string(key) + "' is required"
                                                      : "нет обязательного ключа " + Quoted(key));
}

std::string StrictTable::String(std::string_view key, bool required) {
    const toml::node* node = Take(key);
    if (!node) {
        if (required) Missing(key);
        return {};
    }
    if (const auto* value = node->as_string()) return value->get();
    Mistyped(TomlLine(*node), key, Expected::kString);
    return {};
}

std::vector<std::string> StrictTable::Strings(std::string_view key) {
    const toml::node* node = Take(key);
    std::vector<std::string> out;
    if (!node) return out;
    if (const auto* value = node->as_string()) {
        out.push_back(value->get());
        return out;
    }
    if (const auto* array = node->as_array()) {
        for (const toml::node& item : *array) {
            if (const auto* value = item.as_string()) {
                out.push_back(value->get());
            } else {
                Mistyped(TomlLine(item), key, Expected::kStringItem);
            }
        }
        return out;
    }
    Mistyped(TomlLine(*node), key, Expected::kStrings);
    return out;
}

bool StrictTable::Bool(std::string_view key, bool fallback) {
    const toml::node* node = Take(key);
    if (!node) return fallback;
    if (const auto* value = node->as_boolean()) return value->get();
    Mistyped(TomlLine(*node), key, Expected::kBool);
    return fallback;
}

std::optional<std::int64_t> StrictTable::Integer(std::string_view key) {
    const toml::node* node = Take(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_integer()) return value->get();
    Mistyped(TomlLine(*node), key, Expected::kInteger);
    return std::nullopt;
}

std::optional<double> StrictTable::Number(std::string_view key) {
    const toml::node* node = Take(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_floating_point()) return value->get();
    if (const auto* value = node->as_integer()) return static_cast<double>(value->get());
    Mistyped(TomlLine(*node), key, Expected::kNumber);
    return std::nullopt;
}

std::optional<std::chrono::year_month_day> StrictTable::Date(std::string_view key, bool required) {
    const toml::node* node = Take(key);
    if (!node) {
        if (required) Missing(key);
        return std::nullopt;
    }
    if (const auto* value = node->as_date()) {
        const toml::date& d = value->get();
        return std::chrono::year_month_day{std::chrono::year{d.year}, std::chrono::month{d.month},
                                           std::chrono::day{d.day}};
    }
    Mistyped(TomlLine(*node), key, Expected::kDate);
    return std::nullopt;
}

const toml::table* StrictTable::SubTable(std::string_view key) {
    const toml::node* node = Take(key);
    if (!node) return nullptr;
    if (const auto* table = node->as_table()) return table;
    Mistyped(TomlLine(*node), key, Expected::kTable);
    return nullptr;
}

const toml::array* StrictTable::Array(std::string_view key) {
    const toml::node* node = Take(key);
    if (!node) return nullptr;
    if (const auto* array = node->as_array()) return array;
    Mistyped(TomlLine(*node), key, Expected::kArrayOfTables);
    return nullptr;
}

void StrictTable::Read(std::string_view key, std::string& out) {
    const toml::node* node = table_.get(key);
    std::string value = String(key);
    if (node && node->is_string()) out = std::move(value);
}

void StrictTable::Read(std::string_view key, bool& out) { out = Bool(key, out); }

void StrictTable::Read(std::string_view key, int& out) {
    if (const auto value = Integer(key)) out = static_cast<int>(*value);
}

void StrictTable::RejectUnknown() const {
    for (auto&& [name, node] : table_) {
        if (used_.contains(name.str())) continue;
        const int line = TomlLine(name) > 0 ? TomlLine(name) : TomlLine(node);
        Problem(line, wording_ == TomlWording::kEnglish
                          ? "unknown key '" + std::string(name.str()) + "'"
                          : "неизвестный ключ " + Quoted(name.str()));
    }
}

}  // namespace otklik::regulation

#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

namespace otklik::regulation {

/// Problems found in a TOML file: (line, reason), gathered so that all are reported at once.
struct TomlProblems {
    std::vector<std::pair<int, std::string>> items;

    void Add(int line, std::string reason) { items.emplace_back(line, std::move(reason)); }
    bool Empty() const { return items.empty(); }
    /// The items, the first line first (a stable sort: same-line items keep their order).
    std::vector<std::pair<int, std::string>> InLineOrder() const;
};

/// The words a reader's problems are told in: regulation files speak Russian to the people who
/// write them; the server configuration speaks English to operators, whose scripts match it.
enum class TomlWording { kRussian, kEnglish };

/// The line a node or key starts at (0 when toml++ does not know it).
int TomlLine(const toml::node& node);
int TomlLine(const toml::key& key);

/// One TOML table read strictly: every read names its key, values of the wrong type are
/// problems (never silently defaulted), and RejectUnknown() reports each key nothing read, with
/// its line. Shared by the regulation loader and the server configuration (app/config), so that
/// both files refuse what they do not know in the same way. Does not own the table.
class StrictTable {
public:
    /// `where` prefixes each reason ("[actions.take]: …"); empty: none.
    StrictTable(const toml::table& table, std::string where, TomlProblems& problems,
                TomlWording wording = TomlWording::kRussian);

    int Line() const { return TomlLine(table_); }
    const std::string& Where() const { return where_; }
    /// The line of `key`, or of the table when it has no such key.
    int KeyLine(std::string_view key) const;
    bool Has(std::string_view key) const { return table_.contains(key); }

    /// Adds a problem at `line`, prefixed by Where().
    void Problem(int line, const std::string& reason) const;

    /// Marks `key` as read and returns its node, or nullptr when absent.
    const toml::node* Take(std::string_view key);

    /// A string; "" when absent (a problem too when `required`) or of another type.
    std::string String(std::string_view key, bool required = false);
    /// A string or an array of strings.
    std::vector<std::string> Strings(std::string_view key);
    bool Bool(std::string_view key, bool fallback);
    std::optional<std::int64_t> Integer(std::string_view key);
    /// A floating-point number or an integer.
    std::optional<double> Number(std::string_view key);
    /// A TOML date (2020-04-30, unquoted).
    std::optional<std::chrono::year_month_day> Date(std::string_view key, bool required);
    const toml::table* SubTable(std::string_view key);
    /// An array (of tables: [[key]]).
    const toml::array* Array(std::string_view key);

    /// Reads `key` into `out` when present, keeping `out` when absent or mistyped.
    void Read(std::string_view key, std::string& out);
    void Read(std::string_view key, bool& out);
    void Read(std::string_view key, int& out);

    /// Reports every key no read took.
    void RejectUnknown() const;

private:
    enum class Expected {
        kString,
        kStrings,
        kStringItem,
        kBool,
        kInteger,
        kNumber,
        kDate,
        kTable,
        kArrayOfTables
    };
    void Mistyped(int line, std::string_view key, Expected expected) const;
    void Missing(std::string_view key) const;

    const toml::table& table_;
    std::string where_;
    TomlProblems& problems_;
    TomlWording wording_;
    std::set<std::string, std::less<>> used_;
};

}  // namespace otklik::regulation

#include "sla/csv.hpp"

#include <fstream>
#include <sstream>

namespace otklik::sla {

namespace {

// Splits one line into fields; false when its quoting is malformed.
bool SplitLine(std::string_view line, std::vector<std::string>& fields) {
    fields.clear();
    std::string field;
    std::size_t i = 0;
    while (true) {
        field.clear();
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (true) {
                if (i >= line.size()) return false;  // unterminated quote
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field.push_back(line[i++]);
            }
            if (i < line.size() && line[i] != ',') return false;  // text after a closing quote
        } else {
            while (i < line.size() && line[i] != ',') {
                if (line[i] == '"') return false;  // a quote inside an unquoted field
                field.push_back(line[i++]);
            }
        }
        fields.push_back(field);
        if (i >= line.size()) return true;
        ++i;  // the comma
    }
}

}  // namespace

core::Error MalformedData(std::size_t line, std::string_view what) {
    return core::Error{core::ErrorKind::kBadRequest,
                       "data_malformed",
                       "строка " + std::to_string(line) + ": " + std::string(what),
                       {}};
}

core::Result<std::vector<CsvRow>> ParseCsv(std::string_view text,
                                           const std::vector<std::string>& header) {
    std::vector<CsvRow> rows;
    std::vector<std::string> fields;
    bool header_seen = false;
    std::size_t line_number = 0;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if (!SplitLine(line, fields))
            return core::Fail(MalformedData(line_number, "неверные кавычки"));
        if (!header_seen) {
            if (fields != header) {
                return core::Fail(MalformedData(line_number, "ожидался заголовок CSV"));
            }
            header_seen = true;
            continue;
        }
        if (fields.size() != header.size()) {
            return core::Fail(
                MalformedData(line_number, "ожидалось полей: " + std::to_string(header.size()) +
                                               ", найдено: " + std::to_string(fields.size())));
        }
        rows.push_back(CsvRow{line_number, fields});
    }
    if (!header_seen) return core::Fail(MalformedData(1, "пустой файл"));
    return rows;
}

core::Result<std::string> ReadTextFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    if (in) content << in.rdbuf();
    if (!in || in.bad()) {
        return core::Fail(core::Error{core::ErrorKind::kUnavailable,
                                      "data_unreadable",
                                      "не удалось прочитать файл " + path.string(),
                                      {}});
    }
    return content.str();
}

}  // namespace otklik::sla

#include "text/csv.hpp"

namespace otklik::text {

tl::expected<std::vector<CsvRecord>, CsvError> ParseCsv(std::string_view text, char delimiter) {
    const auto fail = [](std::size_t line, const char* what) {
        return tl::unexpected<CsvError>(CsvError{line, what});
    };
    std::vector<CsvRecord> records;
    std::size_t line = 1;
    std::size_t i = 0;
    const auto at_line_end = [&] { return i >= text.size() || text[i] == '\n' || text[i] == '\r'; };
    const auto skip_line_end = [&] {
        if (i < text.size() && text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
    };
    while (i < text.size()) {
        if (at_line_end()) {  // an empty line
            skip_line_end();
            continue;
        }
        CsvRecord record{line, {}};
        while (true) {
            std::string field;
            if (text[i] == '"') {
                const std::size_t opened_on = line;
                ++i;
                while (true) {
                    if (i >= text.size()) return fail(opened_on, "незакрытые кавычки");
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            field.push_back('"');
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (text[i] == '\n') ++line;
                    field.push_back(text[i++]);
                }
                if (!at_line_end() && text[i] != delimiter) {
                    return fail(line, "текст после закрывающей кавычки");
                }
            } else {
                while (!at_line_end() && text[i] != delimiter) {
                    if (text[i] == '"') return fail(line, "кавычка внутри поля без кавычек");
                    field.push_back(text[i++]);
                }
            }
            record.fields.push_back(std::move(field));
            if (at_line_end()) break;
            ++i;                     // the delimiter
            if (i >= text.size()) {  // a delimiter ends the text: one more empty field
                record.fields.emplace_back();
                break;
            }
        }
        records.push_back(std::move(record));
        if (i < text.size()) skip_line_end();
    }
    return records;
}

std::string CsvField(std::string_view value, char delimiter) {
    const char special[] = {delimiter, '"', '\n', '\r', '\0'};
    if (value.find_first_of(special) == std::string_view::npos) return std::string(value);
    std::string quoted = "\"";
    for (const char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string CsvLine(const std::vector<std::string>& fields, char delimiter) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += delimiter;
        line += CsvField(fields[i], delimiter);
    }
    return line + "\r\n";
}

}  // namespace otklik::text

#include "sla/csv.hpp"

#include <fstream>
#include <sstream>

#include "text/csv.hpp"

namespace otklik::sla {

core::Error MalformedData(std::size_t line, std::string_view what) {
    return core::Error{core::ErrorKind::kBadRequest,
                       "data_malformed",
                       "строка " + std::to_string(line) + ": " + std::string(what),
                       {}};
}

core::Result<std::vector<CsvRow>> ParseCsv(std::string_view text,
                                           const std::vector<std::string>& header) {
    auto records = text::ParseCsv(text);
    if (!records) return core::Fail(MalformedData(records.error().line, records.error().what));
    if (records->empty()) return core::Fail(MalformedData(1, "пустой файл"));
    if (records->front().fields != header) {
        return core::Fail(MalformedData(records->front().line, "ожидался заголовок CSV"));
    }
    std::vector<CsvRow> rows;
    rows.reserve(records->size() - 1);
    for (auto record = records->begin() + 1; record != records->end(); ++record) {
        if (record->fields.size() != header.size()) {
            return core::Fail(MalformedData(
                record->line, "ожидалось полей: " + std::to_string(header.size()) +
                                  ", найдено: " + std::to_string(record->fields.size())));
        }
        rows.push_back(CsvRow{record->line, std::move(record->fields)});
    }
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

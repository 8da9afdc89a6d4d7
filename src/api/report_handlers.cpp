// Reports on speed and quality (RP-1) and their CSV export (RP-3).
#include "api/report_handlers.hpp"

#include <cmath>
#include <cstdio>

#include "api/json_mapping.hpp"
#include "core/local_time.hpp"
#include "core/reports.hpp"
#include "regulation/catalog.hpp"
#include "sla/regions.hpp"
#include "text/csv.hpp"

namespace otklik::api {
namespace {

// An instant (RFC 3339) or a date, which means the start of that day in the deployment's zone.
core::Result<core::Instant> ReportTime(const Request& request, const char* name,
                                       core::Instant fallback) {
    const std::string text = request.Query(name);
    if (text.empty()) return fallback;
    if (auto at = core::ParseInstant(text)) return *at;
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) == 3) {
        const std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{m},
                                              std::chrono::day{d}};
        if (day.ok()) return core::TimeZone::Default().StartOfDay(day);
    }
    return core::Fail(core::Error::Validation(
        {{name, "format", "Укажите дату (2026-01-12) или время в формате RFC 3339"}}));
}

json::value Figure(const std::optional<double>& value) {
    if (!value) return nullptr;
    return std::round(*value * 100) / 100;
}

std::string CsvFigure(const std::optional<double>& value) {
    if (!value) return "";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", *value);
    std::string out = text;
    for (char& c : out) {
        if (c == '.') c = ',';  // the decimal comma a Russian spreadsheet expects
    }
    return out;
}

// Semicolons: the separator a Russian spreadsheet expects next to the decimal comma.
std::string CsvCell(std::string_view text) { return text::CsvField(text, ';'); }

// Russian names of the keys the regulations define (groups, categories, channels, lines).
class KeyNames {
public:
    KeyNames(const regulation::RegulationCatalog* catalog, core::ReportDimension dimension,
             const sla::Regions* regions = nullptr)
        : catalog_(catalog), dimension_(dimension), regions_(regions) {}

    std::string Of(const std::string& key) const {
        using D = core::ReportDimension;
        if (key == "total") return "Итого";
        if (key.empty()) return "Не указано";
        if (dimension_ == D::kLine) return key + "-я линия";
        // Issue 16: a region by its name, not its number.
        if (dimension_ == D::kRegion && regions_ != nullptr) {
            if (auto region = regions_->Find(key)) return region->name;
        }
        if (!catalog_) return key;
        for (const auto* r : catalog_->All()) {
            if (dimension_ == D::kGroup) {
                if (const auto* g = r->FindGroup(key)) return g->name;
            } else if (dimension_ == D::kCategory) {
                if (const auto* c = r->FindCategory(key)) return c->name;
            } else if (dimension_ == D::kChannel) {
                if (const auto* c = r->FindChannel(key)) return c->name;
            } else if (dimension_ == D::kRegulation && r->id == key) {
                return r->name;
            }
        }
        return key;
    }

private:
    const regulation::RegulationCatalog* catalog_;
    core::ReportDimension dimension_;
    const sla::Regions* regions_;
};

json::object RowJson(const core::ReportRow& row, const std::string& name) {
    return json::object{{"key", row.key},
                        {"name", name},
                        {"registered", row.registered},
                        {"backlog", row.backlog},
                        {"closed", row.closed},
                        {"closed_within_deadline", row.closed_within_deadline},
                        {"share_within_deadline", Figure(row.share_within_deadline)},
                        {"breached", row.breached},
                        {"responded", row.responded},
                        {"first_response_avg_hours", Figure(row.first_response_avg_hours)},
                        {"first_response_median_hours", Figure(row.first_response_median_hours)},
                        {"resolution_avg_hours", Figure(row.resolution_avg_hours)},
                        {"resolution_median_hours", Figure(row.resolution_median_hours)},
                        {"escalations", row.escalations},
                        {"escalated_appeals", row.escalated_appeals}};
}

std::string ReportCsv(const std::vector<core::ReportRow>& rows, const KeyNames& names) {
    // A byte-order mark so that spreadsheets read the Cyrillic as UTF-8.
    std::string csv =
        "\xEF\xBB\xBF"
        "Ключ;Название;Поступило;В работе;Закрыто;Закрыто в срок;Доля в срок;Нарушен срок;"
        "С первым ответом;Первый ответ, ч (среднее);Первый ответ, ч (медиана);"
        "Решение, ч (среднее);Решение, ч (медиана);Эскалаций;Обращений с эскалацией\r\n";
    for (const auto& row : rows) {
        csv += CsvCell(row.key) + ";" + CsvCell(names.Of(row.key)) + ";" +
               std::to_string(row.registered) + ";" + std::to_string(row.backlog) + ";" +
               std::to_string(row.closed) + ";" + std::to_string(row.closed_within_deadline) + ";" +
               CsvFigure(row.share_within_deadline) + ";" + std::to_string(row.breached) + ";" +
               std::to_string(row.responded) + ";" + CsvFigure(row.first_response_avg_hours) + ";" +
               CsvFigure(row.first_response_median_hours) + ";" +
               CsvFigure(row.resolution_avg_hours) + ";" + CsvFigure(row.resolution_median_hours) +
               ";" + std::to_string(row.escalations) + ";" + std::to_string(row.escalated_appeals) +
               "\r\n";
    }
    return csv;
}

}  // namespace

core::Result<Response> ReportHandlers::SummaryReport(Call& call) {
    if (!deps_.reports) {
        return core::Fail(
            {core::ErrorKind::kUnavailable, "unavailable", "Отчёты не подключены", {}});
    }
    const core::Instant now = deps_.clock.Now();
    std::vector<core::FieldError> errors;
    core::ReportScope scope;
    auto to = ReportTime(call.request, "to", now);
    auto from = ReportTime(call.request, "from", (to ? *to : now) - std::chrono::hours(24 * 30));
    if (!from) errors.push_back(from.error().fields.front());
    if (!to) errors.push_back(to.error().fields.front());
    if (from && to && !(*from < *to)) {
        errors.push_back({"to", "order", "Конец периода должен быть позже начала"});
    }
    const std::string by = call.request.Query("by").empty() ? "total" : call.request.Query("by");
    const auto dimension = core::ParseReportDimension(by);
    if (!dimension) {
        errors.push_back({"by", "unknown",
                          "Группировка: total, line, group, region, category, channel, "
                          "regulation, day, week или month"});
    }
    const std::string format = call.request.Query("format");
    if (!format.empty() && format != "json" && format != "csv") {
        errors.push_back({"format", "unknown", "Формат: json или csv"});
    }
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    scope.from = *from;
    scope.to = *to;
    scope.regulation = call.request.Query("regulation");

    const auto* catalog = deps_.regulations;
    core::ReportBuilder builder(*dimension,
                                [catalog](const std::string& regulation, const std::string& group) {
                                    const auto* r = catalog ? catalog->Latest(regulation) : nullptr;
                                    const auto* g = r ? r->FindGroup(group) : nullptr;
                                    return g ? g->support_line : 0;
                                });
    const core::Actor actor = call.Actor();
    // Reports cover what the caller may see (SEC-1, SEC-6).
    const auto visible = core::AppealScope::Of(actor);
    auto scanned = deps_.reports->ScanFacts(scope, [&](const core::AppealFacts& facts) {
        if (visible.CoversRegion(facts.region)) builder.Add(facts);
    });
    if (!scanned) return core::Fail(scanned.error());
    const auto rows = builder.Finish();
    const KeyNames names(catalog, *dimension, deps_.regions);
    if (format == "csv") {
        Response response;
        response.content_type = "text/csv; charset=utf-8";
        response.body = ReportCsv(rows, names);
        response.Header("Content-Disposition",
                        "attachment; filename=\"otklik-report-" + by + ".csv\"");
        return response;
    }
    json::array items;
    for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
        items.push_back(RowJson(rows[i], names.Of(rows[i].key)));
    }
    return JsonResponse(200, json::object{{"from", core::FormatInstant(scope.from)},
                                          {"to", core::FormatInstant(scope.to)},
                                          {"by", by},
                                          {"regulation", scope.regulation},
                                          {"rows", std::move(items)},
                                          {"total", RowJson(rows.back(), "Итого")}});
}

}  // namespace otklik::api

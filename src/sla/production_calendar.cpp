#include "sla/production_calendar.hpp"

#include <charconv>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include "sla/csv.hpp"

namespace otklik::sla {

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year;
using std::chrono::year_month_day;

enum class ListedKind { kHoliday, kNonworking, kShortened, kWorkingWeekend };

std::optional<ListedKind> ParseKind(std::string_view text) {
    if (text == "holiday") return ListedKind::kHoliday;
    if (text == "nonworking") return ListedKind::kNonworking;
    if (text == "shortened") return ListedKind::kShortened;
    if (text == "working_weekend") return ListedKind::kWorkingWeekend;
    return std::nullopt;
}

std::optional<int> ParseNumber(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Strictly YYYY-MM-DD.
std::optional<year_month_day> ParseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto y = ParseNumber(text.substr(0, 4));
    const auto m = ParseNumber(text.substr(5, 2));
    const auto d = ParseNumber(text.substr(8, 2));
    if (!y || !m || !d || *m < 1 || *d < 1) return std::nullopt;
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*m)},
                              day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

DayKind Resolve(std::optional<ListedKind> listed, weekday wd) {
    if (!listed) {
        const bool weekend = wd == std::chrono::Saturday || wd == std::chrono::Sunday;
        return weekend ? DayKind::kDayOff : DayKind::kWorking;
    }
    switch (*listed) {
        case ListedKind::kHoliday:
        case ListedKind::kNonworking:
            return DayKind::kDayOff;
        case ListedKind::kShortened:
            return DayKind::kShortened;
        case ListedKind::kWorkingWeekend:
            return DayKind::kWorking;
    }
    return DayKind::kDayOff;
}

std::string FormatDate(year_month_day date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

}  // namespace

core::Error CalendarOutOfRange(year_month_day day, int first_year, int last_year) {
    return core::Error{core::ErrorKind::kUnprocessable,
                       "calendar_out_of_range",
                       "Дата " + FormatDate(day) + " вне производственного календаря (" +
                           std::to_string(first_year) + "–" + std::to_string(last_year) + ")",
                       {}};
}

core::Result<ProductionCalendar> ProductionCalendar::Parse(std::string_view csv) {
    auto rows = ParseCsv(csv, {"date", "kind"});
    if (!rows) return core::Fail(rows.error());

    std::map<sys_days, ListedKind> listed;
    std::map<int, std::size_t> first_line_of_year;
    for (const CsvRow& row : *rows) {
        const auto date = ParseDate(row.fields[0]);
        if (!date) return core::Fail(MalformedData(row.line, "неверная дата " + row.fields[0]));
        const auto kind = ParseKind(row.fields[1]);
        if (!kind)
            return core::Fail(MalformedData(row.line, "неизвестный вид дня " + row.fields[1]));
        if (!listed.emplace(sys_days{*date}, *kind).second) {
            return core::Fail(MalformedData(row.line, "дата повторяется: " + row.fields[0]));
        }
        first_line_of_year.emplace(static_cast<int>(date->year()), row.line);
    }
    if (listed.empty()) return core::Fail(MalformedData(1, "нет ни одной даты"));

    ProductionCalendar calendar;
    calendar.first_year_ = first_line_of_year.begin()->first;
    calendar.last_year_ = first_line_of_year.rbegin()->first;
    // Every year lists at least its 1 January holiday, so a year without rows is a hole in the
    // data, not a year without holidays.
    for (int y = calendar.first_year_; y <= calendar.last_year_; ++y) {
        if (!first_line_of_year.contains(y)) {
            return core::Fail(MalformedData(rows->back().line,
                                            "нет ни одной даты за " + std::to_string(y) + " год"));
        }
    }
    calendar.first_day_ = sys_days{year{calendar.first_year_} / std::chrono::January / 1};
    const sys_days end = sys_days{year{calendar.last_year_ + 1} / std::chrono::January / 1};
    calendar.days_.reserve(static_cast<std::size_t>((end - calendar.first_day_).count()));
    for (sys_days d = calendar.first_day_; d < end; d += std::chrono::days{1}) {
        const auto it = listed.find(d);
        const auto kind = it == listed.end() ? std::nullopt : std::optional(it->second);
        calendar.days_.push_back(Resolve(kind, weekday{d}));
    }
    return calendar;
}

core::Result<ProductionCalendar> ProductionCalendar::LoadFile(const std::filesystem::path& path) {
    auto text = ReadTextFile(path);
    if (!text) return core::Fail(text.error());
    auto calendar = Parse(*text);
    if (!calendar) {
        calendar.error().message = path.filename().string() + ", " + calendar.error().message;
    }
    return calendar;
}

bool ProductionCalendar::Covers(year_month_day day) const {
    if (!day.ok()) return false;
    const int y = static_cast<int>(day.year());
    return y >= first_year_ && y <= last_year_;
}

core::Result<DayKind> ProductionCalendar::KindOf(year_month_day day) const {
    if (!Covers(day)) return core::Fail(CalendarOutOfRange(day, first_year_, last_year_));
    const auto index = (sys_days{day} - first_day_).count();
    return days_[static_cast<std::size_t>(index)];
}

}  // namespace otklik::sla

#include "views/clock_view.hpp"

#include <chrono>
#include <cstdint>

#include <boost/json/object.hpp>

#include "text/plural.hpp"

namespace otklik::views {
namespace json = boost::json;

namespace {

using std::chrono::duration_cast;
using std::chrono::minutes;

std::string Count(std::int64_t n, std::string_view unit) {
    return std::to_string(n) + " " + std::string(unit);
}

json::value OptionalInstant(const std::optional<core::Instant>& at) {
    return at ? json::value(core::FormatInstant(*at)) : json::value(nullptr);
}

}  // namespace

std::string RemainingText(const core::ClockReading& reading) {
    const bool overdue = reading.remaining.count() < 0;
    auto left = duration_cast<minutes>(overdue ? -reading.remaining : reading.remaining).count();
    const std::int64_t day = reading.working_time && reading.day_norm.count() > 0
                                 ? duration_cast<minutes>(reading.day_norm).count()
                                 : 24 * 60;
    const std::int64_t days = left / day;
    left %= day;
    const std::int64_t hours = left / 60;
    const std::int64_t mins = left % 60;
    std::string out;
    const auto add = [&out](const std::string& part) {
        if (!out.empty()) out += ' ';
        out += part;
    };
    if (days > 0) {
        add(reading.working_time
                ? Count(days, text::RussianPlural(static_cast<double>(days), "раб. день",
                                                  "раб. дня", "раб. дней"))
                : Count(days, "дн."));
    }
    if (hours > 0) add(Count(hours, "ч"));
    if (days == 0 && mins > 0) add(Count(mins, "мин"));
    if (out.empty()) out = "менее минуты";
    return overdue ? "просрочено на " + out : out;
}

json::array ClocksJson(const std::vector<core::ClockReading>& readings, json::storage_ptr storage) {
    json::array clocks(storage);
    clocks.reserve(readings.size());
    for (const auto& r : readings) {
        clocks.push_back(json::object(
            {
                {"clock", r.clock},
                {"term", r.term},
                {"working_time", r.working_time},
                {"remaining_minutes", duration_cast<minutes>(r.remaining).count()},
                {"working_day_minutes", duration_cast<minutes>(r.day_norm).count()},
                {"remaining_text", RemainingText(r)},
                {"paused", r.paused},
                {"stopped", r.stopped},
                {"breached", r.breached},
                {"due", OptionalInstant(r.due)},
                {"escalate_at", OptionalInstant(r.escalate_at)},
                {"escalated", r.escalated},
            },
            storage));
    }
    return clocks;
}

}  // namespace otklik::views

#include "core/local_time.hpp"

#include <cstdio>
#include <stdexcept>

#include <date/tz.h>

namespace otklik::core {
namespace {

std::chrono::year_month_day DateOf(Instant wall_clock) {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(wall_clock)};
}

}  // namespace

std::optional<TimeZone> TimeZone::Find(std::string_view iana_name) {
    if (iana_name == "UTC") return Utc();
    try {
        return TimeZone(date::locate_zone(iana_name));
    } catch (const std::runtime_error&) {
        return std::nullopt;
    }
}

const TimeZone& TimeZone::Default() {
    static const TimeZone kMoscow = [] {
        auto zone = Find("Europe/Moscow");
        if (!zone) throw std::runtime_error("the tz database has no Europe/Moscow: install tzdata");
        return *zone;
    }();
    return kMoscow;
}

std::string TimeZone::Name() const { return zone_ ? std::string(zone_->name()) : "UTC"; }

Instant TimeZone::WallClock(Instant instant) const {
    if (zone_ == nullptr) return instant;
    return Instant{zone_->to_local(instant).time_since_epoch()};
}

std::chrono::year_month_day TimeZone::LocalDate(Instant instant) const {
    return DateOf(WallClock(instant));
}

Instant TimeZone::StartOfDay(std::chrono::year_month_day day) const {
    const auto midnight = std::chrono::sys_days{day}.time_since_epoch();
    if (zone_ == nullptr) return Instant{midnight};
    return std::chrono::time_point_cast<Duration>(
        zone_->to_sys(date::local_time<Duration>{midnight}, date::choose::earliest));
}

std::string TimeZone::FormatDate(Instant instant) const {
    return FormatRussianDate(LocalDate(instant));
}

std::string TimeZone::FormatDateTime(Instant instant) const {
    const auto local = WallClock(instant);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(
                             local - std::chrono::floor<std::chrono::days>(local))
                             .count();
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, " %02lld:%02lld", static_cast<long long>(minutes / 60),
                  static_cast<long long>(minutes % 60));
    return FormatRussianDate(DateOf(local)) + buffer;
}

std::string TimeZone::FormatIsoDate(Instant instant) const {
    const auto day = LocalDate(instant);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return buffer;
}

std::string FormatRussianDate(std::chrono::year_month_day day) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02u.%02u.%04d", static_cast<unsigned>(day.day()),
                  static_cast<unsigned>(day.month()), static_cast<int>(day.year()));
    return buffer;
}

}  // namespace otklik::core

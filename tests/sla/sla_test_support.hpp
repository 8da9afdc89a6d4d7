#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "sla/business_calendar.hpp"
#include "sla/production_calendar.hpp"
#include "sla/work_schedule.hpp"

namespace otklik::sla::testing {

using namespace std::chrono_literals;

inline std::string DataPath(std::string_view file) {
    return std::string(OTKLIK_DATA_DIR) + "/" + std::string(file);
}

/// The real production calendar from data/, loaded once per test binary.
inline const std::shared_ptr<const ProductionCalendar>& RuCalendar() {
    static const auto kCalendar = [] {
        auto calendar = ProductionCalendar::LoadFile(DataPath("ru_production_calendar.csv"));
        if (!calendar) throw std::runtime_error(calendar.error().message);
        return std::make_shared<const ProductionCalendar>(std::move(*calendar));
    }();
    return kCalendar;
}

/// 09:00–18:00 with lunch 13:00–14:00: an 8-hour office day.
inline WorkingHours OfficeHours() { return WorkingHours{9h, 18h, WorkingHours::Break{13h, 14h}}; }

inline BusinessCalendar Office(std::string_view zone) {
    auto schedule = WorkSchedule::Hours(zone, OfficeHours());
    if (!schedule) throw std::runtime_error(schedule.error().message);
    return BusinessCalendar(RuCalendar(), *schedule);
}

inline BusinessCalendar AroundTheClock(std::string_view zone) {
    auto schedule = WorkSchedule::AroundTheClock(zone);
    if (!schedule) throw std::runtime_error(schedule.error().message);
    return BusinessCalendar(nullptr, *schedule);
}

/// An instant from RFC 3339 text with an explicit offset, e.g. "2025-12-30T16:00:00+03:00".
inline core::Instant At(std::string_view text) {
    const auto instant = core::ParseInstant(text);
    if (!instant) throw std::invalid_argument("bad instant in test: " + std::string(text));
    return *instant;
}

}  // namespace otklik::sla::testing

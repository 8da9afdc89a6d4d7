#include "sla/work_schedule.hpp"

#include <exception>
#include <string>

namespace otklik::sla {

namespace {

using core::Duration;

constexpr Duration kDay = std::chrono::hours{24};

core::Error InvalidSchedule(std::string message) {
    return core::Error{core::ErrorKind::kValidation, "schedule_invalid", std::move(message), {}};
}

// nullptr stands for UTC, so that around-the-clock arithmetic needs no time zone database.
core::Result<const date::time_zone*> FindZone(std::string_view name) {
    if (name == "UTC") return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        // date::locate_zone reports an unknown name only by throwing.
        return core::Fail(core::Error{core::ErrorKind::kValidation,
                                      "unknown_time_zone",
                                      "Неизвестный часовой пояс: " + std::string(name),
                                      {}});
    }
}

}  // namespace

core::Result<WorkSchedule> WorkSchedule::AroundTheClock(std::string_view time_zone) {
    auto zone = FindZone(time_zone);
    if (!zone) return core::Fail(zone.error());
    WorkSchedule schedule;
    schedule.around_the_clock_ = true;
    schedule.time_zone_name_ = std::string(time_zone);
    schedule.zone_ = *zone;
    schedule.day_norm_ = kDay;
    return schedule;
}

core::Result<WorkSchedule> WorkSchedule::Hours(std::string_view time_zone, WorkingHours hours) {
    auto zone = FindZone(time_zone);
    if (!zone) return core::Fail(zone.error());
    if (hours.begin < Duration::zero() || hours.end > kDay || hours.begin >= hours.end) {
        return core::Fail(InvalidSchedule("Рабочее время должно лежать внутри суток"));
    }
    WorkSchedule schedule;
    schedule.time_zone_name_ = std::string(time_zone);
    schedule.zone_ = *zone;
    if (hours.lunch) {
        const auto& lunch = *hours.lunch;
        if (lunch.begin <= hours.begin || lunch.end >= hours.end || lunch.begin >= lunch.end) {
            return core::Fail(InvalidSchedule("Перерыв должен лежать внутри рабочего дня"));
        }
        schedule.normal_spans_ = {{hours.begin, lunch.begin}, {lunch.end, hours.end}};
    } else {
        schedule.normal_spans_ = {{hours.begin, hours.end}};
    }
    for (const Span& span : schedule.normal_spans_) schedule.day_norm_ += span.end - span.begin;
    if (schedule.day_norm_ <= kShortenedBy) {
        return core::Fail(InvalidSchedule("Рабочий день должен быть длиннее часа"));
    }
    // ТК РФ ст. 95 shortens the work, not the clock: the hour comes off the end of the working
    // time, so a last span shorter than an hour disappears and the rest comes off the one before.
    schedule.shortened_spans_ = schedule.normal_spans_;
    Duration cut = kShortenedBy;
    while (cut > Duration::zero()) {
        Span& last = schedule.shortened_spans_.back();
        const Duration length = last.end - last.begin;
        if (length > cut) {
            last.end -= cut;
            break;
        }
        cut -= length;
        schedule.shortened_spans_.pop_back();
    }
    return schedule;
}

date::local_time<Duration> WorkSchedule::ToLocal(core::Instant instant) const {
    if (zone_ == nullptr) return date::local_time<Duration>{instant.time_since_epoch()};
    return zone_->to_local(instant);
}

core::Instant WorkSchedule::ToInstant(date::local_time<Duration> local) const {
    if (zone_ == nullptr) return core::Instant{local.time_since_epoch()};
    return zone_->to_sys(local, date::choose::earliest);
}

}  // namespace otklik::sla

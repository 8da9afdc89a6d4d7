#pragma once

#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "core/workflow.hpp"

namespace otklik::views {

/// Time left as people read it: «2 раб. дня 3 ч» on a working-time clock (a day is the
/// calendar's working day), «5 дн. 4 ч» around the clock, «просрочено на 1 ч 20 мин» when
/// negative, «менее минуты» close to zero.
std::string RemainingText(const core::ClockReading& reading);

/// The `clocks` of the API's full form (SLA-1, SLA-4, RT-5): each clock's term, time left on the
/// appeal's own calendar (minutes, and in words), paused/stopped/breached, its deadline while it
/// runs and its escalation threshold.
boost::json::array ClocksJson(const std::vector<core::ClockReading>& readings,
                              boost::json::storage_ptr storage = {});

}  // namespace otklik::views

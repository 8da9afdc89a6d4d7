#pragma once

#include <atomic>

#include "core/time.hpp"

namespace otklik::core {

/// The source of "now" for all domain code. Implementations are thread-safe.
class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual Instant Now() const = 0;
};

/// Wall-clock time.
class SystemClock final : public Clock {
public:
    [[nodiscard]] Instant Now() const override {
        return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
    }
};

/// Time that moves only when told: tests and `otklik serve --clock manual`.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Instant start) : now_ms_(ToUnixMillis(start)) {}
    [[nodiscard]] Instant Now() const override { return FromUnixMillis(now_ms_.load()); }
    void Set(Instant instant) { now_ms_.store(ToUnixMillis(instant)); }
    Instant Advance(Duration by) { return FromUnixMillis(now_ms_ += by.count()); }

private:
    std::atomic<std::int64_t> now_ms_;
};

}  // namespace otklik::core

#include "core/time.hpp"

#include <charconv>
#include <cstdio>

namespace otklik::core {
namespace {

constexpr double kMaxDurationMs = 100.0 * 366 * 86400e3;

bool ReadInt(std::string_view text, std::size_t pos, std::size_t len, int& out) {
    if (pos + len > text.size()) return false;
    const char* begin = text.data() + pos;
    for (std::size_t i = 0; i < len; ++i) {
        if (begin[i] < '0' || begin[i] > '9') return false;
    }
    return std::from_chars(begin, begin + len, out).ec == std::errc{};
}

}  // namespace

std::string FormatInstant(Instant instant) {
    // Written digit by digit: lists format several instants per appeal (no printf on that path).
    using namespace std::chrono;
    const auto day = floor<days>(instant);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> tod{instant - day};
    char buffer[32];
    char* p = buffer;
    const auto put = [&p](long value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            p[i] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
        p += width;
    };
    put(static_cast<int>(ymd.year()), 4);
    *p++ = '-';
    put(static_cast<long>(static_cast<unsigned>(ymd.month())), 2);
    *p++ = '-';
    put(static_cast<long>(static_cast<unsigned>(ymd.day())), 2);
    *p++ = 'T';
    put(static_cast<long>(tod.hours().count()), 2);
    *p++ = ':';
    put(static_cast<long>(tod.minutes().count()), 2);
    *p++ = ':';
    put(static_cast<long>(tod.seconds().count()), 2);
    if (const auto millis = tod.subseconds().count(); millis != 0) {
        *p++ = '.';
        put(static_cast<long>(millis), 3);
    }
    *p++ = 'Z';
    return std::string(buffer, p);
}

std::optional<Instant> ParseInstant(std::string_view text) {
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    if (!ReadInt(text, 0, 4, y) || !ReadInt(text, 5, 2, mo) || !ReadInt(text, 8, 2, d) ||
        !ReadInt(text, 11, 2, h) || !ReadInt(text, 14, 2, mi) || !ReadInt(text, 17, 2, s)) {
        return std::nullopt;
    }
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
    std::size_t pos = 19;
    long millis = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (digits < 3) millis = millis * 10 + (text[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (int i = digits; i < 3; ++i) millis *= 10;
    }
    if (pos >= text.size()) return std::nullopt;
    minutes offset{0};
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        int oh = 0, om = 0;
        if (!ReadInt(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
            !ReadInt(text, pos + 4, 2, om)) {
            return std::nullopt;
        }
        // RFC 3339 time-numoffset: hours 00-23, minutes 00-59.
        if (oh > 23 || om > 59) return std::nullopt;
        offset = hours{oh} + minutes{om};
        if (text[pos] == '-') offset = -offset;
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
    const auto local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + milliseconds{millis};
    const Instant instant{local - offset};
    // An offset may carry 0000-01-01 or 9999-12-31 out of the four-digit years FormatInstant
    // writes; such an instant could not be printed back (found by tests/fuzz/json_mapping_fuzzer).
    if (instant < sys_days{year{0} / January / 1} ||
        instant >= sys_days{year{10000} / January / 1}) {
        return std::nullopt;
    }
    return instant;
}

std::optional<Duration> ParseIsoDuration(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty() || text.front() != 'P') return std::nullopt;
    text.remove_prefix(1);
    bool in_time = false;
    bool any = false;
    double total_ms = 0;
    while (!text.empty()) {
        if (text.front() == 'T') {
            if (in_time) return std::nullopt;
            in_time = true;
            text.remove_prefix(1);
            continue;
        }
        std::size_t n = 0;
        while (n < text.size() && ((text[n] >= '0' && text[n] <= '9') || text[n] == '.')) ++n;
        if (n == 0 || n == text.size()) return std::nullopt;
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + n, value);
        if (ec != std::errc{} || end != text.data() + n) return std::nullopt;  // "1.2.3"
        const char unit = text[n];
        text.remove_prefix(n + 1);
        double unit_ms = 0;
        if (!in_time && unit == 'W')
            unit_ms = 7 * 86400e3;
        else if (!in_time && unit == 'D')
            unit_ms = 86400e3;
        else if (in_time && unit == 'H')
            unit_ms = 3600e3;
        else if (in_time && unit == 'M')
            unit_ms = 60e3;
        else if (in_time && unit == 'S')
            unit_ms = 1e3;
        else
            return std::nullopt;
        total_ms += value * unit_ms;
        any = true;
    }
    // Beyond a century the milliseconds would not fit the clock, or not even an int64
    // (found by tests/fuzz/json_mapping_fuzzer: "PT99999999999999999999999999999H").
    if (!any || !(total_ms <= kMaxDurationMs)) return std::nullopt;
    const auto ms = Duration{static_cast<std::int64_t>(total_ms)};
    return negative ? -ms : ms;
}

std::optional<std::chrono::year_month_day> ParseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    for (const std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    }
    const auto number = [&](std::size_t from, std::size_t length) {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    const std::chrono::year_month_day day{std::chrono::year{number(0, 4)},
                                          std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                          std::chrono::day{static_cast<unsigned>(number(8, 2))}};
    if (!day.ok()) return std::nullopt;
    return day;
}

}  // namespace otklik::core

#include "sla/regions.hpp"

#include <algorithm>
#include <set>

#include "sla/csv.hpp"
#include "sla/work_schedule.hpp"

namespace otklik::sla {

core::Result<Regions> Regions::Parse(std::string_view csv) {
    auto rows =
        ParseCsv(csv, {"code", "iso", "name_ru", "timezone", "other_timezones", "federal_district",
                       "okato", "fias_name", "utc_offset_source", "status", "source"});
    if (!rows) return core::Fail(rows.error());
    Regions regions;
    std::set<std::string> codes;
    for (CsvRow& row : *rows) {
        Region region{std::move(row.fields[0]), std::move(row.fields[2]), std::move(row.fields[3])};
        if (region.code.empty() || region.name.empty()) {
            return core::Fail(MalformedData(row.line, "пустой код или название региона"));
        }
        if (!WorkSchedule::AroundTheClock(region.time_zone)) {
            return core::Fail(
                MalformedData(row.line, "неизвестный часовой пояс " + region.time_zone));
        }
        if (!codes.insert(region.code).second) {
            return core::Fail(MalformedData(row.line, "код региона повторяется: " + region.code));
        }
        regions.regions_.push_back(std::move(region));
    }
    std::sort(regions.regions_.begin(), regions.regions_.end(),
              [](const Region& a, const Region& b) { return a.code < b.code; });
    return regions;
}

core::Result<Regions> Regions::LoadFile(const std::filesystem::path& path) {
    auto text = ReadTextFile(path);
    if (!text) return core::Fail(text.error());
    auto regions = Parse(*text);
    if (!regions)
        regions.error().message = path.filename().string() + ", " + regions.error().message;
    return regions;
}

core::Result<Region> Regions::Find(std::string_view code) const {
    const auto it =
        std::lower_bound(regions_.begin(), regions_.end(), code,
                         [](const Region& r, std::string_view c) { return r.code < c; });
    if (it == regions_.end() || it->code != code) {
        return core::Fail(core::Error::NotFound("Неизвестный код региона: " + std::string(code)));
    }
    return *it;
}

}  // namespace otklik::sla

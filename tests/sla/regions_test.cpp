#include "sla/regions.hpp"

#include "sla_test_support.hpp"
#include <gtest/gtest.h>

#include "sla/work_schedule.hpp"

namespace otklik::sla {
namespace {

using testing::DataPath;

const Regions& RuRegions() {
    static const Regions kRegions = [] {
        auto regions = Regions::LoadFile(DataPath("ru_regions.csv"));
        if (!regions) throw std::runtime_error(regions.error().message);
        return std::move(*regions);
    }();
    return kRegions;
}

constexpr const char* kHeader =
    "code,iso,name_ru,timezone,other_timezones,federal_district,okato,fias_name,"
    "utc_offset_source,status,source\n";

TEST(Regions, LoadsAllSubjects) { EXPECT_EQ(RuRegions().All().size(), 89u); }

TEST(Regions, FindsNameAndTimeZoneByCode) {
    const struct {
        const char* code;
        const char* name;
        const char* zone;
    } cases[] = {
        {"77", "г. Москва", "Europe/Moscow"},
        {"25", "Приморский край", "Asia/Vladivostok"},
        {"39", "Калининградская область", "Europe/Kaliningrad"},
        {"41", "Камчатский край", "Asia/Kamchatka"},
        {"01", "Республика Адыгея", "Europe/Moscow"},
    };
    for (const auto& c : cases) {
        const auto region = RuRegions().Find(c.code);
        ASSERT_TRUE(region.has_value()) << c.code;
        EXPECT_EQ(region->name, c.name);
        EXPECT_EQ(region->time_zone, c.zone);
    }
}

TEST(Regions, UnknownCodeIsNotFound) {
    for (const char* code : {"00", "99", "7", ""}) {
        const auto region = RuRegions().Find(code);
        ASSERT_FALSE(region.has_value()) << code;
        EXPECT_EQ(region.error().kind, core::ErrorKind::kNotFound);
    }
}

TEST(Regions, EveryTimeZoneMakesASchedule) {
    for (const Region& region : RuRegions().All()) {
        EXPECT_TRUE(WorkSchedule::Hours(region.time_zone, testing::OfficeHours()).has_value())
            << region.code << " " << region.time_zone;
    }
}

TEST(Regions, RefusesUnknownTimeZoneAndDuplicateCode) {
    const auto bad_zone =
        Regions::Parse(std::string(kHeader) + "77,RU-MOW,г. Москва,Europe/Nowhere,,,,,,,\n");
    ASSERT_FALSE(bad_zone.has_value());
    EXPECT_EQ(bad_zone.error().code, "data_malformed");
    const auto duplicate = Regions::Parse(std::string(kHeader) +
                                          "77,RU-MOW,г. Москва,Europe/Moscow,,,,,,,\n"
                                          "77,RU-MOW,Москва,Europe/Moscow,,,,,,,\n");
    ASSERT_FALSE(duplicate.has_value());
    EXPECT_NE(duplicate.error().message.find("строка 3"), std::string::npos);
}

}  // namespace
}  // namespace otklik::sla

#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace otklik::sla {

/// A federal subject of Russia with the IANA time zone of its capital.
struct Region {
    std::string code;       ///< two-digit subject code, e.g. "77", "25"
    std::string name;       ///< official-style Russian name, e.g. «г. Москва»
    std::string time_zone;  ///< IANA zone, e.g. "Europe/Moscow"
};

/// Region code → name and time zone, from data/ru_regions.csv (CC BY-SA 4.0, see
/// data/SOURCES.md). Business time of an appeal runs in its applicant's region's zone (SLA-5).
/// Immutable after parsing; safe to share between threads.
class Regions {
public:
    /// Parses the ru_regions.csv format (its full header is required). Every time zone must be
    /// known to the system tzdata; refuses empty or duplicate codes. Error "data_malformed" with
    /// the line number.
    [[nodiscard]] static core::Result<Regions> Parse(std::string_view csv);

    /// Reads and parses a file; "data_unreadable" when it cannot be read.
    [[nodiscard]] static core::Result<Regions> LoadFile(const std::filesystem::path& path);

    /// The region with this two-digit code; NotFound ("not_found") otherwise.
    [[nodiscard]] core::Result<Region> Find(std::string_view code) const;

    /// All regions in ascending code order.
    [[nodiscard]] const std::vector<Region>& All() const { return regions_; }

private:
    Regions() = default;

    std::vector<Region> regions_;  // sorted by code
};

}  // namespace otklik::sla

#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "triage/fingerprint.hpp"

namespace otklik::triage {

/// Words every report of any incident may use — times («с утра», «второй час»), generic places
/// («дом», «подъезд»), complaint and help words («не работает», «ошибка», «что случилось») —
/// which tell nothing about *which* incident it is. Reports of one incident are worded by
/// different people: they share the place and the object of the fault, not these.
std::span<const std::string_view> MassGenericWords();

/// How two reports overlap for mass-incident grouping.
struct ReportOverlap {
    std::size_t common = 0;   ///< shared terms that are not generic
    std::size_t anchors = 0;  ///< of them: numbers and names of the first report (house, route)
    double similarity = 0.0;  ///< cosine over non-generic terms, shared anchors weigh 1.5
};

/// Compares two fingerprints leaving out `generic` terms (sorted hashes); `anchors` (sorted
/// hashes, may be empty) are the first report's numbers and proper names.
ReportOverlap CompareReports(const TextFingerprint& a, const TextFingerprint& b,
                             const std::vector<std::uint64_t>& generic,
                             const std::vector<std::uint64_t>& anchors);

}  // namespace otklik::triage

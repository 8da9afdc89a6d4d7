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

/// The generic terms as fingerprints hold them: a bitmap in front of a sorted list, so that
/// checking every term of hundreds of recent reports stays cheap.
class GenericTerms {
public:
    GenericTerms() = default;
    explicit GenericTerms(std::vector<std::uint64_t> terms);

    bool Contains(std::uint64_t term) const;
    /// The terms of `f` that are not generic (sorted, prefix terms included).
    std::vector<std::uint64_t> Strip(const TextFingerprint& f) const;

private:
    std::vector<std::uint64_t> bits_ = std::vector<std::uint64_t>(1024, 0);
    std::vector<std::uint64_t> sorted_;
};

/// How two reports overlap for mass-incident grouping.
struct ReportOverlap {
    std::size_t common = 0;   ///< shared terms that are not generic
    std::size_t anchors = 0;  ///< of them: numbers and names of the first report (house, route)
    double similarity = 0.0;  ///< cosine over non-generic terms, shared anchors weigh 1.5
};

/// Compares a report's non-generic terms (`a`, from GenericTerms::Strip) with another report's
/// fingerprint leaving out its generic terms; `anchors` (sorted hashes, may be empty) are the
/// first report's numbers and proper names.
ReportOverlap CompareReports(const std::vector<std::uint64_t>& a, const TextFingerprint& b,
                             const GenericTerms& generic,
                             const std::vector<std::uint64_t>& anchors);

}  // namespace otklik::triage

#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "regulation/regulation.hpp"

namespace otklik::regulation {

/// One regulation file and the loader's verdict on it.
struct CatalogEntry {
    std::string file;
    /// Set when the file loaded and was accepted.
    std::optional<Regulation> regulation;
    /// Why it was refused: "FILE:LINE: reason" lines; empty when accepted.
    std::string error;
};

/// The regulations a deployment works by (SPEC "Regulations are data"): every version of every
/// regulation that loaded, plus the files that did not, with the reason (GET /api/v1/regulations).
/// Built once at start and immutable afterwards, so it may be shared between threads.
class RegulationCatalog {
public:
    /// Adds a file's outcome. A regulation whose id and version are already in the catalog is
    /// refused: two files must not claim the same version.
    void Add(std::string file, core::Result<Regulation> loaded);

    /// Every file in the order added.
    [[nodiscard]] const std::vector<CatalogEntry>& Entries() const { return entries_; }

    /// True when at least one regulation loaded.
    [[nodiscard]] bool HasRegulations() const;

    /// The highest version of `id` in force on `day` (SLA-7), or nullptr.
    [[nodiscard]] const Regulation* InForce(std::string_view id,
                                            std::chrono::year_month_day day) const;
    /// That exact version, or nullptr.
    [[nodiscard]] const Regulation* Find(std::string_view id, int version) const;
    /// The highest version of `id`, or nullptr.
    [[nodiscard]] const Regulation* Latest(std::string_view id) const;
    /// Every loaded regulation.
    [[nodiscard]] std::vector<const Regulation*> All() const;
    /// The regulation of appeals that name none: the first file's (in the order added) that
    /// says `default = true`, else the only regulation when one id loaded, else "".
    [[nodiscard]] std::string DefaultRegulation() const;

private:
    std::vector<CatalogEntry> entries_;
};

}  // namespace otklik::regulation

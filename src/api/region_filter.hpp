#pragma once

#include <string>

#include "core/result.hpp"
#include "sla/regions.hpp"

namespace otklik::api {

/// The region filter of the appeal list as people type it (issue 16): a code ("77") as it is,
/// or a name — «Москва», «московская обл», «Санкт-Петербург» — matched without case and «ё»
/// against data/ru_regions.csv: an exact name first, else the one name containing it. A name
/// that matches none or several is refused with kBadRequest "bad_filter" naming the candidates,
/// never turned into no filter. Without `regions` (none loaded) the value is taken as a code.
[[nodiscard]] core::Result<std::string> ResolveRegionFilter(const sla::Regions* regions,
                                                            const std::string& value);

}  // namespace otklik::api

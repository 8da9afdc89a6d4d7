#include "api/region_filter.hpp"

#include <algorithm>
#include <vector>

#include "text/case_folding.hpp"

namespace otklik::api {
namespace {

// Folded, «ё» as «е», punctuation and repeated spaces as one space: «г. Москва» → «г москва».
std::string Comparable(const std::string& name) {
    std::string folded = text::FoldCase(name);
    std::string out;
    out.reserve(folded.size());
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const auto c = static_cast<unsigned char>(folded[i]);
        if (c == 0xD1 && i + 1 < folded.size() &&
            static_cast<unsigned char>(folded[i + 1]) == 0x91) {
            out += "\xD0\xB5";  // ё → е
            ++i;
            continue;
        }
        if (c < 0x80 && (c == '.' || c == ',' || c == '(' || c == ')' || c == ' ' || c == '\t')) {
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        out += static_cast<char>(c);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

constexpr std::string_view kCity = "г ";

bool IsCode(const std::string& value) {
    return !value.empty() && value.size() <= 3 &&
           std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

core::Error BadRegion(std::string message) {
    return core::Error{
        core::ErrorKind::kBadRequest, "bad_filter", message, {{"region", "unknown", message}}};
}

}  // namespace

core::Result<std::string> ResolveRegionFilter(const sla::Regions* regions,
                                              const std::string& value) {
    if (value.empty() || IsCode(value) || regions == nullptr) return value;
    const std::string wanted = Comparable(value);
    if (wanted.empty()) return value;
    std::vector<const sla::Region*> exact;
    std::vector<const sla::Region*> containing;
    for (const auto& region : regions->All()) {
        const std::string name = Comparable(region.name);
        // «г Москва» is asked for as «Москва» as often as in full.
        if (name == wanted || (name.rfind(kCity, 0) == 0 && name.substr(kCity.size()) == wanted)) {
            exact.push_back(&region);
        } else if (name.find(wanted) != std::string::npos) {
            containing.push_back(&region);
        }
    }
    const auto& found = exact.empty() ? containing : exact;
    if (found.size() == 1) return found.front()->code;
    if (found.empty()) {
        return core::Fail(
            BadRegion("Регион «" + value + "» не найден: укажите код (77) или название (Москва)"));
    }
    std::string names;
    for (std::size_t i = 0; i < found.size() && i < 5; ++i) {
        names += (i ? ", " : "") + found[i]->name + " (" + found[i]->code + ")";
    }
    if (found.size() > 5) names += "…";
    return core::Fail(
        BadRegion("Регион «" + value + "» подходит к нескольким: " + names + " — уточните"));
}

}  // namespace otklik::api

#include "triage/marker_set.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace otklik::triage {
namespace {

// What MarkerSet replaces: one find per marker.
std::vector<bool> Naive(const std::vector<std::string_view>& markers, std::string_view text) {
    std::vector<bool> found;
    for (std::string_view m : markers) found.push_back(text.find(m) != std::string_view::npos);
    return found;
}

TEST(MarkerSet, FindsOverlappingNestedAndCyrillicMarkers) {
    // "акция" inside "реакция", markers that are suffixes and prefixes of others, a marker
    // that starts inside another one's match, and bytes no marker has.
    const std::vector<std::string_view> markers = {
        "акция",      "реакция", "ция", "автоответ", "ответ", "не отвечайте на это письмо",
        "telegram @", "he",      "she", "hers",      "his",   "скидк"};
    const MarkerSet set(markers);
    for (std::string_view text :
         {"Бурная реакция жильцов", "автоответ: меня нет", "ushers", "ahishers",
          "пишите в telegram @x", "telegram@ нет", "", "скидка 50%", "скид",
          "Пожалуйста, не отвечайте на это письмо.", "\xff\xfe\xd0"}) {
        std::vector<bool> found;
        set.Scan(text, found);
        EXPECT_EQ(found, Naive(markers, text)) << text;
        bool any = false;
        for (bool f : found) any = any || f;
        EXPECT_EQ(set.Any(text), any) << text;
    }
}

TEST(MarkerSet, ScansAccumulateIntoOneResult) {
    const std::vector<std::string_view> markers = {"один", "два"};
    const MarkerSet set(markers);
    std::vector<bool> found;
    set.Scan("только один", found);
    set.Scan("и два", found);
    EXPECT_EQ(found, (std::vector<bool>{true, true}));
}

// Frozen set 16: a journalist's letter was held as spam for «акция» in «редакция» and «приз» in
// «признательна». A marker bound to a word's start is not found inside a word, a whole-word one
// not as a word's beginning either; after a space, a quote, a dash or at the very start they are.
TEST(MarkerSet, AMarkerBoundToWordsIsNotFoundInsideOne) {
    using Bound = MarkerSet::Bound;
    const std::vector<std::string_view> markers = {"приз", "акция", "ция", "займ"};
    const Bound bounds[] = {Bound::kWholeWord, Bound::kWordStart, Bound::kAnywhere,
                            Bound::kWordStart};
    const MarkerSet set(markers, bounds);
    const auto found = [&](std::string_view text) {
        std::vector<bool> flags;
        set.Scan(text, flags);
        return flags;
    };
    EXPECT_EQ(found("редакция будет признательна"), (std::vector<bool>{false, false, true, false}));
    EXPECT_EQ(found("приз за участие, займусь"), (std::vector<bool>{true, false, false, true}));
    EXPECT_EQ(found("«акция» и —приз"), (std::vector<bool>{true, true, true, false}));
    EXPECT_EQ(found("superакция 2приз призы"), (std::vector<bool>{false, false, true, false}));
}

}  // namespace
}  // namespace otklik::triage

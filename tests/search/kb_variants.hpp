#pragma once

#include <cstddef>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "core/knowledge.hpp"

namespace otklik::search::testing {

/// The demo articles grown to `target` articles: the same topics in other words, in categories of
/// their own, as a large deployment's regional bases would hold them (the same ones on every
/// call: the generator's seed is fixed). New articles (id 0), keys "<demo key>-v<n>".
inline std::vector<core::KbArticle> DemoVariants(const std::vector<core::KbArticle>& demo,
                                                 std::size_t target) {
    static const char* kVariants[] = {"в школе",         "для родителей",    "в колледже",
                                      "на портале",      "в регионе",        "в личном кабинете",
                                      "на мероприятии",  "после обновления", "с телефона",
                                      "через приложение"};
    std::vector<core::KbArticle> extra;
    if (demo.empty()) return extra;
    std::mt19937 random(42);
    for (std::size_t i = demo.size(); i < target; ++i) {
        core::KbArticle a = demo[i % demo.size()];
        const char* variant = kVariants[random() % std::size(kVariants)];
        a.id = 0;
        a.version = 0;
        a.key += "-v" + std::to_string(i);
        a.question += std::string(" ") + variant;
        a.answer = std::string("Вариант для случая «") + variant + "». " + a.answer;
        a.category_name += " " + std::to_string(i % 37);
        extra.push_back(std::move(a));
    }
    return extra;
}

}  // namespace otklik::search::testing

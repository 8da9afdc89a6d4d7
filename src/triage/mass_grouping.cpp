#include "triage/mass_grouping.hpp"

#include <algorithm>
#include <cmath>

namespace otklik::triage {

namespace {

// Written for Otklik (issue 15): word forms are stemmed and merged with the vocabulary's
// synonyms before comparison, so one form of each word is enough.
constexpr std::string_view kGeneric[] = {
    // times
    "утро",
    "утра",
    "утром",
    "сегодня",
    "вчера",
    "день",
    "дня",
    "ночь",
    "вечер",
    "час",
    "часа",
    "часов",
    "минут",
    "неделя",
    "недели",
    "давно",
    "уже",
    "опять",
    "снова",
    "второй",
    "третий",
    "раз",
    "полдня",
    "сутки",
    "самого",
    "начала",
    "пор",
    "сих",
    "постоянно",
    "пока",
    // generic places and people
    "дом",
    "дома",
    "доме",
    "улица",
    "улице",
    "ул",
    "д",
    "кв",
    "квартира",
    "квартире",
    "район",
    "районе",
    "город",
    "городе",
    "адрес",
    "люди",
    "человек",
    "жители",
    "соседи",
    "все",
    "всех",
    "у",
    "нас",
    "тоже",
    "также",
    "весь",
    "вся",
    "целый",
    // complaint and help words
    "работает",
    "работают",
    "работать",
    "ошибка",
    "проблема",
    "случилось",
    "происходит",
    "делать",
    "сделать",
    "помогите",
    "помочь",
    "ждать",
    "ждем",
    "ответ",
    "вопрос",
    "никак",
    "ничего",
    "невозможно",
    "пишет",
    "почему",
    "когда",
    "будет",
    "сделайте",
    "примите",
    "меры",
    "срочно",
    "просьба",
    "решить",
    "исправить",
    "починить",
    "дали",
    "дадут",
    "включат",
    "пользователь",
    "пользовательница",
    "звонит",
    "позвонил",
    "позвонила",
    "обратился",
    "обратилась",
    "оператор",
    "линии",
};

}  // namespace

std::span<const std::string_view> MassGenericWords() { return kGeneric; }

ReportOverlap CompareReports(const TextFingerprint& a, const TextFingerprint& b,
                             const std::vector<std::uint64_t>& generic,
                             const std::vector<std::uint64_t>& anchors) {
    const auto is_generic = [&](std::uint64_t term) {
        return std::binary_search(generic.begin(), generic.end(), term);
    };
    ReportOverlap out;
    std::size_t na = 0;
    std::size_t nb = 0;
    auto i = a.terms.begin();
    auto j = b.terms.begin();
    while (i != a.terms.end() || j != b.terms.end()) {
        if (j == b.terms.end() || (i != a.terms.end() && *i < *j)) {
            na += !is_generic(*i);
            ++i;
        } else if (i == a.terms.end() || *j < *i) {
            nb += !is_generic(*j);
            ++j;
        } else {
            if (!is_generic(*i)) {
                ++na;
                ++nb;
                ++out.common;
                out.anchors += std::binary_search(anchors.begin(), anchors.end(), *i);
            }
            ++i;
            ++j;
        }
    }
    if (na == 0 || nb == 0) return out;
    const double weighted =
        static_cast<double>(out.common) + 0.5 * static_cast<double>(out.anchors);
    out.similarity =
        std::min(1.0, weighted / std::sqrt(static_cast<double>(na) * static_cast<double>(nb)));
    return out;
}

}  // namespace otklik::triage

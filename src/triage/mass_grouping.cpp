#include "triage/mass_grouping.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

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

GenericTerms::GenericTerms(std::vector<std::uint64_t> terms) : sorted_(std::move(terms)) {
    std::sort(sorted_.begin(), sorted_.end());
    sorted_.erase(std::unique(sorted_.begin(), sorted_.end()), sorted_.end());
    for (std::uint64_t t : sorted_) {
        const std::uint64_t bit = t & 0xFFFF;
        bits_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
    }
}

bool GenericTerms::Contains(std::uint64_t term) const {
    const std::uint64_t bit = term & 0xFFFF;
    if (((bits_[bit >> 6] >> (bit & 63)) & 1) == 0) return false;
    return std::binary_search(sorted_.begin(), sorted_.end(), term);
}

std::vector<std::uint64_t> GenericTerms::Strip(const TextFingerprint& f) const {
    std::vector<std::uint64_t> out;
    out.reserve(f.terms.size());
    for (std::uint64_t t : f.terms) {
        if (!Contains(t)) out.push_back(t);
    }
    return out;
}

ReportOverlap CompareReports(const std::vector<std::uint64_t>& a, const TextFingerprint& b,
                             const GenericTerms& generic,
                             const std::vector<std::uint64_t>& anchors) {
    ReportOverlap out;
    const std::size_t na = a.size();
    std::size_t nb = 0;
    auto i = a.begin();
    for (std::uint64_t term : b.terms) {
        if (generic.Contains(term)) continue;
        ++nb;
        while (i != a.end() && *i < term) ++i;
        if (i != a.end() && *i == term) {
            ++out.common;
            out.anchors += std::binary_search(anchors.begin(), anchors.end(), term);
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

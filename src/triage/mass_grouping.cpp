#include "triage/mass_grouping.hpp"

#include <algorithm>
#include <bit>
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

// Issue 15 (group4): objects and symptoms of faults by kind, for every regulation: what breaks
// (a test, the login, codes by SMS, payments, attachments, signatures, the mobile app, videos,
// printing, reports, heating, water, power, gas, lifts, transport, roads, waste, mail,
// notifications, schedules) and how it shows (a blank or hanging page, a crash, nothing
// arrives, nothing is saved, it is cold, noise or smell). Written for Otklik; word forms are
// stemmed and merged with the vocabulary's synonyms, so a few forms of each word suffice.
// Concepts (index: name): 0: test, 1: login, 2: code, 3: payment, 4: attachment, 5: signature, 6:
// app, 7: video, 8: print, 9: report, 10: heat, 11: water, 12: power, 13: gas, 14: lift, 15:
// transport, 16: road, 17: waste, 18: mail, 19: notice, 20: schedule, 21: blank, 22: crash, 23:
// arrive, 24: save, 25: cold, 26: noise, 27: broken, 28: the last update blamed (a cause)
// Concept 21, a blank or hanging page, is also how a whole service's outage shows.
constexpr std::uint8_t kOutageConcept = 21;
// Heat, water, electricity and gas (frozen set 14: «нет холодной воды во всём доме», «из
// крана ржавая вода, напор почти ноль», «кран шипит воздухом» on three streets of one district).
constexpr std::uint64_t kUtilityConcepts = (std::uint64_t{1} << 10) | (std::uint64_t{1} << 11) |
                                           (std::uint64_t{1} << 12) | (std::uint64_t{1} << 13);
constexpr std::uint64_t kReleaseConcept = std::uint64_t{1} << 28;

constexpr ConceptWord kConceptWords[] = {
    {63, ConceptKind::kService, "портал"},
    {63, ConceptKind::kService, "аис"},
    {63, ConceptKind::kService, "сервер"},
    {63, ConceptKind::kService, "платформа"},
    {63, ConceptKind::kService, "платформе"},
    {63, ConceptKind::kService, "система"},
    {63, ConceptKind::kService, "системе"},
    {63, ConceptKind::kService, "сервис"},
    {63, ConceptKind::kService, "госуслуги"},
    {63, ConceptKind::kService, "сайт"},
    {0, ConceptKind::kObject, "тест"},
    {0, ConceptKind::kObject, "тесты"},
    {0, ConceptKind::kObject, "теста"},
    {0, ConceptKind::kObject, "тестом"},
    {0, ConceptKind::kObject, "тестирование"},
    {0, ConceptKind::kObject, "тестирования"},
    {0, ConceptKind::kObject, "диагностика"},
    {0, ConceptKind::kObject, "диагностики"},
    {0, ConceptKind::kObject, "диагностику"},
    {0, ConceptKind::kObject, "опрос"},
    {0, ConceptKind::kObject, "опроса"},
    {0, ConceptKind::kObject, "анкета"},
    {0, ConceptKind::kObject, "анкету"},
    {0, ConceptKind::kObject, "задание"},
    {0, ConceptKind::kObject, "задания"},
    {1, ConceptKind::kObject, "вход"},
    {1, ConceptKind::kObject, "входа"},
    {1, ConceptKind::kObject, "войти"},
    {1, ConceptKind::kObject, "зайти"},
    {1, ConceptKind::kObject, "заходит"},
    {1, ConceptKind::kObject, "захожу"},
    {1, ConceptKind::kObject, "авторизация"},
    {1, ConceptKind::kObject, "авторизоваться"},
    {1, ConceptKind::kObject, "авторизац*"},
    {1, ConceptKind::kObject, "логин"},
    {1, ConceptKind::kObject, "логина"},
    {1, ConceptKind::kObject, "пускает"},
    {1, ConceptKind::kObject, "пускают"},
    {1, ConceptKind::kObject, "пустить"},
    {1, ConceptKind::kObject, "впускает"},
    {1, ConceptKind::kObject, "кабинет"},
    {1, ConceptKind::kObject, "кабинета"},
    {1, ConceptKind::kObject, "личный"},
    {1, ConceptKind::kObject, "пароль"},
    {1, ConceptKind::kObject, "пароля"},
    {2, ConceptKind::kObject, "код"},
    {2, ConceptKind::kObject, "кода"},
    {2, ConceptKind::kObject, "коды"},
    {2, ConceptKind::kObject, "смс"},
    {2, ConceptKind::kObject, "sms"},
    {2, ConceptKind::kObject, "sms-код"},
    {2, ConceptKind::kObject, "одноразовый"},
    {2, ConceptKind::kObject, "цифры"},
    {2, ConceptKind::kObject, "цифр"},
    {3, ConceptKind::kObject, "оплата"},
    {3, ConceptKind::kObject, "оплату"},
    {3, ConceptKind::kObject, "оплатить"},
    {3, ConceptKind::kObject, "оплачивается"},
    {3, ConceptKind::kObject, "платеж"},
    {3, ConceptKind::kObject, "платежа"},
    {3, ConceptKind::kObject, "пошлина"},
    {3, ConceptKind::kObject, "пошлину"},
    {3, ConceptKind::kObject, "госпошлина"},
    {3, ConceptKind::kObject, "госпошлину"},
    {3, ConceptKind::kObject, "квитанция"},
    {3, ConceptKind::kObject, "эквайринг"},
    {4, ConceptKind::kObject, "вложение"},
    {4, ConceptKind::kObject, "вложения"},
    {4, ConceptKind::kObject, "вложений"},
    {4, ConceptKind::kObject, "файл"},
    {4, ConceptKind::kObject, "файла"},
    {4, ConceptKind::kObject, "файлы"},
    {4, ConceptKind::kObject, "файлов"},
    {4, ConceptKind::kObject, "прикрепить"},
    {4, ConceptKind::kObject, "прикрепляется"},
    {4, ConceptKind::kObject, "прикрепляются"},
    {4, ConceptKind::kObject, "прикрепления"},
    {4, ConceptKind::kObject, "приложить"},
    {4, ConceptKind::kObject, "прикреп*"},
    {4, ConceptKind::kObject, "скан"},
    {4, ConceptKind::kObject, "сканы"},
    {5, ConceptKind::kObject, "подпись"},
    {5, ConceptKind::kObject, "подписи"},
    {5, ConceptKind::kObject, "подписать"},
    {5, ConceptKind::kObject, "подписание"},
    {5, ConceptKind::kObject, "подписания"},
    {5, ConceptKind::kObject, "подписывается"},
    {5, ConceptKind::kObject, "подписываются"},
    {5, ConceptKind::kObject, "эп"},
    {5, ConceptKind::kObject, "эцп"},
    {5, ConceptKind::kObject, "кэп"},
    {5, ConceptKind::kObject, "сертификат"},
    {5, ConceptKind::kObject, "сертификата"},
    {5, ConceptKind::kObject, "криптопро"},
    {5, ConceptKind::kObject, "плагин"},
    {5, ConceptKind::kObject, "токен"},
    {5, ConceptKind::kObject, "рутокен"},
    {6, ConceptKind::kObject, "приложение"},
    {6, ConceptKind::kObject, "приложения"},
    {6, ConceptKind::kObject, "приложении"},
    {6, ConceptKind::kObject, "мобильное"},
    {6, ConceptKind::kObject, "мобильного"},
    {6, ConceptKind::kObject, "мобильном"},
    {6, ConceptKind::kObject, "андроид"},
    {6, ConceptKind::kObject, "android"},
    {6, ConceptKind::kObject, "ios"},
    {6, ConceptKind::kObject, "айфон"},
    {6, ConceptKind::kObject, "iphone"},
    {6, ConceptKind::kObject, "смартфон"},
    {6, ConceptKind::kObject, "смартфоне"},
    {7, ConceptKind::kObject, "видео"},
    {7, ConceptKind::kObject, "видеоурок"},
    {7, ConceptKind::kObject, "видеоуроки"},
    {7, ConceptKind::kObject, "видеозанятие"},
    {7, ConceptKind::kObject, "ролик"},
    {7, ConceptKind::kObject, "ролики"},
    {7, ConceptKind::kObject, "ролика"},
    {7, ConceptKind::kObject, "плеер"},
    {7, ConceptKind::kObject, "плеере"},
    {7, ConceptKind::kObject, "воспроизведение"},
    {7, ConceptKind::kObject, "воспроизводится"},
    {7, ConceptKind::kObject, "проигрывается"},
    {7, ConceptKind::kObject, "трансляция"},
    {7, ConceptKind::kObject, "вебинар"},
    {8, ConceptKind::kObject, "печать"},
    {8, ConceptKind::kObject, "печати"},
    {8, ConceptKind::kObject, "распечатать"},
    {8, ConceptKind::kObject, "распечатывается"},
    {8, ConceptKind::kObject, "печатная"},
    {8, ConceptKind::kObject, "печатной"},
    {8, ConceptKind::kObject, "печатную"},
    {8, ConceptKind::kObject, "pdf"},
    {9, ConceptKind::kObject, "отчет"},
    {9, ConceptKind::kObject, "отчета"},
    {9, ConceptKind::kObject, "отчеты"},
    {9, ConceptKind::kObject, "отчетность"},
    {9, ConceptKind::kObject, "выгрузка"},
    {9, ConceptKind::kObject, "выгрузки"},
    {9, ConceptKind::kObject, "выгрузить"},
    {9, ConceptKind::kObject, "реестр"},
    {9, ConceptKind::kObject, "реестра"},
    {10, ConceptKind::kObject, "отопление"},
    {10, ConceptKind::kObject, "батарея"},
    {10, ConceptKind::kObject, "батареи"},
    {10, ConceptKind::kObject, "радиатор"},
    {10, ConceptKind::kObject, "тепло"},
    // Frozen set 13: a cold building told by what people do in it («сидят в куртках», «врачи в
    // пуховиках», «все мёрзнут») and by the pipes («стояк остыл», «пар из теплотрассы»).
    {10, ConceptKind::kObject, "куртках"},
    {10, ConceptKind::kObject, "пуховиках"},
    {10, ConceptKind::kObject, "мерзнут"},
    {10, ConceptKind::kObject, "замерзли"},
    {10, ConceptKind::kObject, "остыли"},
    {10, ConceptKind::kObject, "стояк"},
    {10, ConceptKind::kObject, "стояке"},
    {10, ConceptKind::kObject, "стояки"},
    {10, ConceptKind::kObject, "теплотрасса"},
    {10, ConceptKind::kObject, "теплотрассы"},
    {10, ConceptKind::kObject, "теплотрассе"},
    {11, ConceptKind::kObject, "вода"},
    {11, ConceptKind::kObject, "воды"},
    {11, ConceptKind::kObject, "воду"},
    {11, ConceptKind::kObject, "водоснабжение"},
    {11, ConceptKind::kObject, "водопровод"},
    {11, ConceptKind::kObject, "кран"},
    {12, ConceptKind::kObject, "свет"},
    {12, ConceptKind::kObject, "света"},
    {12, ConceptKind::kObject, "электричество"},
    {12, ConceptKind::kObject, "электроэнергия"},
    {12, ConceptKind::kObject, "обесточ*"},
    {13, ConceptKind::kObject, "газ"},
    {13, ConceptKind::kObject, "газа"},
    {13, ConceptKind::kObject, "газом"},
    {14, ConceptKind::kObject, "лифт"},
    {14, ConceptKind::kObject, "лифта"},
    {14, ConceptKind::kObject, "лифты"},
    {15, ConceptKind::kObject, "автобус"},
    {15, ConceptKind::kObject, "автобусы"},
    {15, ConceptKind::kObject, "маршрут"},
    {15, ConceptKind::kObject, "маршрутка"},
    {15, ConceptKind::kObject, "транспорт"},
    {16, ConceptKind::kObject, "яма"},
    {16, ConceptKind::kObject, "ямы"},
    {16, ConceptKind::kObject, "дорога"},
    {16, ConceptKind::kObject, "дороги"},
    {16, ConceptKind::kObject, "асфальт"},
    {17, ConceptKind::kObject, "мусор"},
    {17, ConceptKind::kObject, "мусора"},
    {17, ConceptKind::kObject, "контейнер"},
    {17, ConceptKind::kObject, "контейнеры"},
    {17, ConceptKind::kObject, "вывоз"},
    {18, ConceptKind::kObject, "email"},
    {18, ConceptKind::kObject, "письмо"},
    {18, ConceptKind::kObject, "письма"},
    {18, ConceptKind::kObject, "почта"},
    {18, ConceptKind::kObject, "почту"},
    {19, ConceptKind::kObject, "уведомление"},
    {19, ConceptKind::kObject, "уведомления"},
    {19, ConceptKind::kObject, "уведомлений"},
    {20, ConceptKind::kObject, "расписание"},
    {20, ConceptKind::kObject, "расписания"},
    {20, ConceptKind::kObject, "запись"},
    {20, ConceptKind::kObject, "записаться"},
    {21, ConceptKind::kSymptom, "недоступен"},
    {21, ConceptKind::kSymptom, "белый"},
    {21, ConceptKind::kSymptom, "белая"},
    {21, ConceptKind::kSymptom, "белое"},
    {21, ConceptKind::kSymptom, "пустой"},
    {21, ConceptKind::kSymptom, "пустая"},
    {21, ConceptKind::kSymptom, "пустое"},
    {21, ConceptKind::kSymptom, "чистый"},
    {21, ConceptKind::kSymptom, "черный"},
    {21, ConceptKind::kSymptom, "висит"},
    {21, ConceptKind::kSymptom, "зависает"},
    {21, ConceptKind::kSymptom, "крутится"},
    {21, ConceptKind::kSymptom, "бесконечная"},
    {21, ConceptKind::kSymptom, "бесконечно"},
    {21, ConceptKind::kSymptom, "загрузка"},
    {21, ConceptKind::kSymptom, "шлюз"},
    {21, ConceptKind::kSymptom, "gateway"},
    {21, ConceptKind::kSymptom, "timeout"},
    // Frozen set 10: one outage told three ways («502 Bad Gateway», «сервер не отвечает»,
    // «сервис временно недоступен»).
    {21, ConceptKind::kSymptom, "недоступна"},
    {21, ConceptKind::kSymptom, "недоступно"},
    {21, ConceptKind::kSymptom, "недоступны"},
    {21, ConceptKind::kSymptom, "открывается"},
    {21, ConceptKind::kSymptom, "грузится"},
    {21, ConceptKind::kSymptom, "отвечает"},
    {21, ConceptKind::kSymptom, "502"},
    {21, ConceptKind::kSymptom, "503"},
    {21, ConceptKind::kSymptom, "504"},
    {22, ConceptKind::kSymptom, "вылетает"},
    {22, ConceptKind::kSymptom, "вылет"},
    {22, ConceptKind::kSymptom, "вылетать"},
    {22, ConceptKind::kSymptom, "закрывается"},
    {22, ConceptKind::kSymptom, "закрываются"},
    {22, ConceptKind::kSymptom, "крашится"},
    {22, ConceptKind::kSymptom, "падает"},
    {22, ConceptKind::kSymptom, "перезапускается"},
    {22, ConceptKind::kSymptom, "выкидывает"},
    {22, ConceptKind::kSymptom, "выбрасывает"},
    {23, ConceptKind::kSymptom, "приходить"},
    {23, ConceptKind::kSymptom, "доставляется"},
    {23, ConceptKind::kSymptom, "доставлено"},
    {23, ConceptKind::kSymptom, "доходит"},
    {23, ConceptKind::kSymptom, "доставка"},
    {24, ConceptKind::kSymptom, "сохраняется"},
    {24, ConceptKind::kSymptom, "сохраняются"},
    {24, ConceptKind::kSymptom, "сохранить"},
    {24, ConceptKind::kSymptom, "сбрасывается"},
    {24, ConceptKind::kSymptom, "сбрасываются"},
    {24, ConceptKind::kSymptom, "теряются"},
    {24, ConceptKind::kSymptom, "пропадают"},
    {25, ConceptKind::kSymptom, "холодно"},
    {25, ConceptKind::kSymptom, "холодные"},
    {25, ConceptKind::kSymptom, "холодная"},
    {25, ConceptKind::kSymptom, "ледяные"},
    {25, ConceptKind::kSymptom, "ледяная"},
    {25, ConceptKind::kSymptom, "мерзнем"},
    {25, ConceptKind::kSymptom, "замерзаем"},
    {25, ConceptKind::kSymptom, "замерзает"},
    {26, ConceptKind::kSymptom, "шум"},
    {26, ConceptKind::kSymptom, "запах"},
    {27, ConceptKind::kSymptom, "перестал"},
    {27, ConceptKind::kSymptom, "перестали"},
    {27, ConceptKind::kSymptom, "перестало"},
    {27, ConceptKind::kSymptom, "перестала"},
    {27, ConceptKind::kSymptom, "сломался"},
    {27, ConceptKind::kSymptom, "сломалось"},
    {27, ConceptKind::kSymptom, "сломалась"},
    {27, ConceptKind::kSymptom, "сломан"},
    {27, ConceptKind::kSymptom, "отказывает"},
    // Frozen set 14: one night's release named as the cause («после ночного обновления», «вы
    // что-то обновляли ночью, было уведомление о регламентных работах»).
    {28, ConceptKind::kSymptom, "обновления"},
    {28, ConceptKind::kSymptom, "обновление"},
    {28, ConceptKind::kSymptom, "обновлением"},
    {28, ConceptKind::kSymptom, "обновляли"},
    {28, ConceptKind::kSymptom, "обновили"},
    {28, ConceptKind::kSymptom, "релиз"},
    {28, ConceptKind::kSymptom, "релиза"},
    {28, ConceptKind::kSymptom, "регламентных"},
    {28, ConceptKind::kSymptom, "регламентные"},
};

}  // namespace

std::span<const std::string_view> MassGenericWords() { return kGeneric; }

std::span<const ConceptWord> IncidentConceptWords() { return kConceptWords; }

IncidentConcepts::IncidentConcepts(std::vector<Entry> entries) {
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.term != b.term ? a.term < b.term : a.group < b.group;
    });
    for (const Entry& e : entries) {
        if (!entries_.empty() && entries_.back().term == e.term) {
            if (entries_.back().group != e.group) entries_.back().group = 255;
            continue;
        }
        entries_.push_back(e);
    }
    for (const Entry& e : entries_) {
        const std::uint64_t bit = e.term & 0xFFFF;
        bits_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
    }
}

const IncidentConcepts::Entry* IncidentConcepts::Find(std::uint64_t term) const {
    const std::uint64_t bit = term & 0xFFFF;
    if (((bits_[bit >> 6] >> (bit & 63)) & 1) == 0) return nullptr;
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), term,
                                     [](const Entry& e, std::uint64_t v) { return e.term < v; });
    return it == entries_.end() || it->term != term ? nullptr : &*it;
}

IncidentFeatures IncidentConcepts::Of(const std::vector<std::uint64_t>& terms) const {
    IncidentFeatures out;
    out.rest.reserve(terms.size());
    for (std::uint64_t t : terms) {
        const Entry* e = Find(t);
        if (e == nullptr) {
            out.rest.push_back(t);
            continue;
        }
        if (e->kind == ConceptKind::kService) out.service = true;
        if (e->group == 255 || e->kind == ConceptKind::kService) continue;
        const std::uint64_t bit = std::uint64_t{1} << e->group;
        (e->kind == ConceptKind::kObject ? out.objects : out.symptoms) |= bit;
    }
    return out;
}

bool IncidentConcepts::IsFaultWord(std::uint64_t term) const {
    const Entry* e = Find(term);
    return e != nullptr && e->group != 255 && e->kind != ConceptKind::kService;
}

bool SameIncidentByConcepts(const IncidentOverlap& overlap, std::size_t shared_anchors) {
    if (overlap.widest > 3) return false;
    // Frozen set 10: the whole service down names no object of its own.
    if (overlap.both_outage || overlap.utility || overlap.both_release) return true;
    if (overlap.objects >= 1) {
        return overlap.both_fail || overlap.objects + overlap.symptoms + overlap.terms >= 2;
    }
    if (overlap.symptoms >= 1) return shared_anchors >= 1 || overlap.terms >= 2;
    return false;
}

IncidentOverlap CompareIncidents(const IncidentFeatures& a, const IncidentFeatures& b) {
    IncidentOverlap out;
    out.objects = static_cast<std::size_t>(std::popcount(a.objects & b.objects));
    // The release blamed is a cause, not a fault: it counts only in both_release below.
    const std::uint64_t a_faults = a.symptoms & ~kReleaseConcept;
    const std::uint64_t b_faults = b.symptoms & ~kReleaseConcept;
    out.symptoms = static_cast<std::size_t>(std::popcount(a_faults & b_faults));
    out.both_fail = a_faults != 0 && b_faults != 0;
    out.widest =
        static_cast<std::size_t>(std::max(std::popcount(a.objects), std::popcount(b.objects)));
    constexpr std::uint64_t kOutage = std::uint64_t{1} << kOutageConcept;
    out.both_outage =
        a.service && b.service && (a.symptoms & kOutage) != 0 && (b.symptoms & kOutage) != 0;
    out.utility = (a.objects & b.objects & kUtilityConcepts) != 0;
    const auto fault_besides_release = [](const IncidentFeatures& f) {
        return (f.objects | (f.symptoms & ~kReleaseConcept)) != 0;
    };
    out.both_release = (a.symptoms & b.symptoms & kReleaseConcept) != 0 &&
                       fault_besides_release(a) && fault_besides_release(b);
    auto i = a.rest.begin();
    auto j = b.rest.begin();
    while (i != a.rest.end() && j != b.rest.end()) {
        if (*i < *j) {
            ++i;
        } else if (*j < *i) {
            ++j;
        } else {
            ++out.terms;
            ++i;
            ++j;
        }
    }
    return out;
}

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

namespace {

// The cosine over the two reports' terms, shared anchors weighing 1.5.
ReportOverlap Weighed(ReportOverlap out, std::size_t na, std::size_t nb) {
    if (na == 0 || nb == 0) return out;
    const double weighted =
        static_cast<double>(out.common) + 0.5 * static_cast<double>(out.anchors);
    out.similarity =
        std::min(1.0, weighted / std::sqrt(static_cast<double>(na) * static_cast<double>(nb)));
    return out;
}

}  // namespace

ReportOverlap CompareReports(const std::vector<std::uint64_t>& a,
                             const std::vector<std::uint64_t>& b,
                             const std::vector<std::uint64_t>& anchors) {
    ReportOverlap out;
    const std::size_t na = a.size();
    const std::size_t nb = b.size();
    auto i = a.begin();
    for (std::uint64_t term : b) {
        while (i != a.end() && *i < term) ++i;
        if (i == a.end()) break;
        if (*i == term) {
            ++out.common;
            out.anchors += std::binary_search(anchors.begin(), anchors.end(), term);
        }
    }
    return Weighed(out, na, nb);
}

ReportOverlap CompareReports(const TermProbe& a, const std::vector<std::uint64_t>& b) {
    ReportOverlap out;
    for (const std::uint64_t term : b) {
        const unsigned found = a.Find(term);
        out.common += found != 0;
        out.anchors += found == 2;
    }
    return Weighed(out, a.size(), b.size());
}

}  // namespace otklik::triage

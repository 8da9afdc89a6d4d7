#pragma once

// Texts of the benchmark's bulk-loaded appeals and the searches over them: words drawn from a
// vocabulary of an appeal desk with a skewed (roughly Zipfian) frequency, so that a search meets
// both common words (tens of thousands of matches per 100,000 appeals) and rare ones.

#include <random>
#include <string>
#include <vector>

namespace otklik::bench {

inline const std::vector<std::string>& Vocabulary() {
    static const std::vector<std::string> words = {
        "ошибка",     "отчёт",         "документ",  "карточка",    "сохранение", "доступ",
        "пароль",     "школа",         "учитель",   "дневник",     "оценки",     "расписание",
        "справка",    "заявление",     "услуга",    "портал",      "госуслуги",  "подпись",
        "сертификат", "квитанция",     "оплата",    "билет",       "поезд",      "автобус",
        "маршрут",    "остановка",     "тариф",     "перерасчёт",  "отопление",  "вода",
        "подъезд",    "лифт",          "крыша",     "протечка",    "мусор",      "контейнер",
        "двор",       "освещение",     "фонарь",    "дорога",      "яма",        "ремонт",
        "тротуар",    "парковка",      "шлагбаум",  "поликлиника", "врач",       "запись",
        "рецепт",     "лекарство",     "больница",  "очередь",     "талон",      "детский",
        "сад",        "зачисление",    "олимпиада", "стипендия",   "общежитие",  "студент",
        "диплом",     "экзамен",       "результат", "апелляция",   "пособие",    "выплата",
        "пенсия",     "субсидия",      "льгота",    "многодетная", "семья",      "инвалид",
        "пандус",     "эскалатор",     "турникет",  "электричка",  "задержка",   "отмена",
        "возврат",    "деньги",        "списание",  "карта",       "банк",       "терминал",
        "приложение", "телефон",       "звонок",    "письмо",      "ответ",      "срок",
        "нарушение",  "жалоба",        "претензия", "договор",     "счётчик",    "показания",
        "газ",        "электричество", "авария",    "отключение",  "шум",        "соседи",
        "собака",     "парк",          "дерево",    "снег",        "гололёд",    "уборка",
    };
    return words;
}

/// A word with a skewed choice: low indexes far more often.
inline const std::string& SkewedWord(std::mt19937& random) {
    const auto& words = Vocabulary();
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const double x = u(random);
    return words[static_cast<std::size_t>(x * x * x * static_cast<double>(words.size() - 1))];
}

/// The text of the i-th appeal: the fixed phrase the queue benchmark always used, then ten words.
inline std::string AppealText(std::mt19937& random, long i) {
    std::string text = "Не формируется отчёт, ошибка при сохранении карточки документа № " +
                       std::to_string(i) + ".";
    for (int w = 0; w < 10; ++w) text += " " + SkewedWord(random);
    return text;
}

inline std::string AppealSubject(std::mt19937& random, long i) {
    return "Обращение " + std::to_string(i) + ": " + SkewedWord(random) + " " + SkewedWord(random);
}

/// What operators type: one or two words, common and rare, in other forms than indexed.
inline const std::vector<std::string>& Queries() {
    static const std::vector<std::string> queries = {
        "ошибки",      "отчета",         "дневник оценки", "пароля доступ",
        "квитанции",   "тарифы",         "эскалатора",     "гололед уборка",
        "шум соседи",  "стипендии",      "возврат денег",  "лифт подъезд",
        "сертификаты", "записи к врачу", "снега",          "пенсии выплата",
    };
    return queries;
}

}  // namespace otklik::bench

// The Russian text path shared by the knowledge base's and the appeals' indexes.
#include "search/russian_text.hpp"

#include <algorithm>

#include <xapian.h>

namespace otklik::search {
namespace {

constexpr const char* kStopWords[] = {
    "и",       "в",       "во",           "не",     "что",   "он",         "на",
    "я",       "с",       "со",           "как",    "а",     "то",         "все",
    "она",     "так",     "его",          "но",     "да",    "ты",         "к",
    "у",       "же",      "вы",           "за",     "бы",    "по",         "только",
    "ее",      "мне",     "было",         "вот",    "от",    "меня",       "еще",
    "о",       "из",      "ему",          "когда",  "даже",  "ну",         "ли",
    "если",    "уже",     "или",          "ни",     "быть",  "был",        "него",
    "до",      "вас",     "уж",           "вам",    "ведь",  "там",        "потом",
    "себя",    "ей",      "они",          "тут",    "где",   "есть",       "ней",
    "для",     "мы",      "тебя",         "их",     "чем",   "была",       "сам",
    "чтоб",    "без",     "чего",         "раз",    "тоже",  "себе",       "под",
    "будет",   "ж",       "тогда",        "кто",    "этот",  "того",       "потому",
    "этого",   "какой",   "ним",          "здесь",  "этом",  "мой",        "тем",
    "чтобы",   "нее",     "сейчас",       "были",   "куда",  "зачем",      "всех",
    "при",     "об",      "хоть",         "после",  "над",   "тот",        "через",
    "эти",     "нас",     "про",          "всего",  "них",   "какая",      "эту",
    "моя",     "свою",    "этой",         "перед",  "том",   "такой",      "им",
    "между",   "вообще",  "здравствуйте", "добрый", "день",  "пожалуйста", "подскажите",
    "скажите", "спасибо", "почему",       "это",    "мой",   "моя",        "мою",
    "мы",      "у",       "вроде",        "мое",    "мои",   "моего",      "моей",
    "моему",   "моих",    "какие",        "каким",  "каком", "каких",      "какую",
    "какого",  "какому",  "какое",
};

}  // namespace

std::span<const char* const> StopWords() { return kStopWords; }

std::string NormalizeYo(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (i + 1 < text.size()) {
            const auto d = static_cast<unsigned char>(text[i + 1]);
            if (c == 0xD1 && d == 0x91) {  // ё → е
                out += "\xD0\xB5";
                ++i;
                continue;
            }
            if (c == 0xD0 && d == 0x81) {  // Ё → Е
                out += "\xD0\x95";
                ++i;
                continue;
            }
        }
        out += static_cast<char>(c);
    }
    return out;
}

std::string FoldCase(std::string_view text) {
    const std::string normal = NormalizeYo(text);
    std::string out;
    out.reserve(normal.size());
    for (Xapian::Utf8Iterator it(normal), end; it != end; ++it) {
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
    }
    return out;
}

const std::vector<std::vector<std::string>>& RussianSynonyms() {
    static const auto groups = [] {
        std::vector<std::vector<std::string>> parsed;
        const std::string_view text = RussianSynonymsTsv();
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            std::string_view line = text.substr(start, end - start);
            start = end + 1;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.empty() || line.front() == '#') continue;
            std::vector<std::string> group;
            std::size_t at = 0;
            while (at <= line.size()) {
                const std::size_t tab = std::min(line.find('\t', at), line.size());
                if (tab > at) group.emplace_back(line.substr(at, tab - at));
                at = tab + 1;
            }
            if (group.size() > 1) parsed.push_back(std::move(group));
        }
        return parsed;
    }();
    return groups;
}

std::vector<std::string> Words(std::string_view text) {
    const std::string normal = NormalizeYo(text);
    std::vector<std::string> words;
    std::string word;
    for (Xapian::Utf8Iterator it(normal), end; it != end; ++it) {
        if (Xapian::Unicode::is_wordchar(*it)) {
            Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(*it));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

}  // namespace otklik::search

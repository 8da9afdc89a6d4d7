#include "triage/form_lines.hpp"

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace otklik::triage {
namespace {

// One line of the text: tokens first..end-1, the tokens of its label (0: not a form line).
struct Line {
    std::size_t first = 0;
    std::size_t end = 0;
    std::size_t label = 0;
};

constexpr std::size_t kMaxLabelWords = 3;
constexpr std::size_t kMaxLabelBytes = 40;
constexpr std::size_t kMaxValueWords = 8;
constexpr std::size_t kMaxNameWords = 4;
constexpr std::size_t kMaxTitleWords = 5;

// Tokens first..end-1 are a person's name: one to four words, each capitalized, or initials.
bool SenderName(const std::vector<Token>& tk, std::size_t first, std::size_t end) {
    if (end <= first || end - first > kMaxNameWords) return false;
    return std::all_of(tk.begin() + static_cast<std::ptrdiff_t>(first),
                       tk.begin() + static_cast<std::ptrdiff_t>(end), [](const Token& t) {
                           return t.upper_initial && (!t.all_upper || t.letters == 1);
                       });
}

}  // namespace

std::vector<FormPart> FormLines(const AnalyzedText& text) {
    const auto& tk = text.tokens;
    std::vector<FormPart> form(tk.size(), FormPart::kBody);
    const std::string_view field = text.Field(TextField::kText);
    // Units: a line, or a sentence of a line that holds several fields («Регион: Удмуртская
    // Республика. Роль: представитель площадки. Вопрос: …», as a chatbot passes them).
    std::vector<Line> lines;
    std::size_t i = 0;
    while (i < tk.size() && tk[i].field != TextField::kText) ++i;
    while (i < tk.size()) {
        std::size_t line_end = field.find('\n', tk[i].begin);
        if (line_end == std::string_view::npos) line_end = field.size();
        Line line{i, i, 0};
        while (line.end < tk.size() && tk[line.end].begin < line_end &&
               tk[line.end].sentence == tk[i].sentence) {
            ++line.end;
        }
        const std::size_t unit_end = line.end < tk.size() ? tk[line.end].begin : field.size();
        const std::string_view unit =
            field.substr(tk[i].begin, std::min(unit_end, line_end) - tk[i].begin);
        const std::size_t colon = unit.find(':');
        std::size_t label = 0;
        while (colon != std::string_view::npos && i + label < line.end &&
               tk[i + label].begin < tk[i].begin + colon) {
            ++label;
        }
        // «Здравствуйте, вот ошибка: …» is a sentence, not a label; nor is «Прошу помочь,
        // пишет: …». The label is what opens the unit, up to its colon.
        if (colon != std::string_view::npos && colon <= kMaxLabelBytes && label >= 1 &&
            label <= kMaxLabelWords &&
            unit.substr(0, colon).find_first_of(".!?,") == std::string_view::npos) {
            line.label = label;
        }
        // A sentence without a label goes on the unit before it on its line («с. Кочубеевское»
        // cut at the abbreviation's dot).
        const bool same_line =
            !lines.empty() &&
            field.substr(tk[lines.back().end - 1].end, tk[i].begin - tk[lines.back().end - 1].end)
                    .find('\n') == std::string_view::npos;
        if (line.label == 0 && same_line) {
            lines.back().end = line.end;
        } else {
            lines.push_back(line);
        }
        i = line.end;
    }
    // One line «Заявитель жалуется: …» is a sentence with a colon; a form has two labels or more,
    // or opens with a line that names its sender and nothing else («Пользователь портала:
    // Савченко Ольга Викторовна» above a chatbot's message: frozen set 21).
    std::size_t labelled = 0;
    for (const Line& line : lines) labelled += line.label > 0 ? 1U : 0U;
    if (labelled == 1 && lines.size() > 1 && lines.front().label > 0 &&
        SenderName(tk, lines.front().first + lines.front().label, lines.front().end)) {
        for (std::size_t k = lines.front().first; k < lines.front().end; ++k) {
            form[k] =
                k < lines.front().first + lines.front().label ? FormPart::kLabel : FormPart::kValue;
        }
        return form;
    }
    if (labelled < 2) return form;
    // A title above the fields («Форма на сайте техподдержки», «Заявка с портала»: frozen set
    // 22) is the form's, not the applicant's.
    if (lines.size() > 1 && lines[0].label == 0 && lines[1].label > 0 &&
        lines[0].end - lines[0].first <= kMaxTitleWords) {
        for (std::size_t k = lines[0].first; k < lines[0].end; ++k) form[k] = FormPart::kLabel;
    }
    for (std::size_t l = 0; l < lines.size(); ++l) {
        const Line& line = lines[l];
        if (line.label == 0) continue;
        const bool more = l + 1 < lines.size() && lines[l + 1].label > 0;
        const bool value = more && line.end - line.first - line.label <= kMaxValueWords;
        for (std::size_t k = line.first; k < line.end; ++k) {
            form[k] = k < line.first + line.label ? FormPart::kLabel
                      : value                     ? FormPart::kValue
                                                  : FormPart::kBody;
        }
    }
    return form;
}

}  // namespace otklik::triage

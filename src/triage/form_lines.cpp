#include "triage/form_lines.hpp"

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

}  // namespace

std::vector<FormPart> FormLines(const AnalyzedText& text) {
    const auto& tk = text.tokens;
    std::vector<FormPart> form(tk.size(), FormPart::kBody);
    const std::string_view field = text.Field(TextField::kText);
    std::vector<Line> lines;
    std::size_t i = 0;
    while (i < tk.size() && tk[i].field != TextField::kText) ++i;
    while (i < tk.size()) {
        const std::size_t newline = field.rfind('\n', tk[i].begin);
        const std::size_t line_begin = newline == std::string_view::npos ? 0 : newline + 1;
        std::size_t line_end = field.find('\n', tk[i].begin);
        if (line_end == std::string_view::npos) line_end = field.size();
        Line line{i, i, 0};
        while (line.end < tk.size() && tk[line.end].begin < line_end) ++line.end;
        const std::string_view text_of_line = field.substr(line_begin, line_end - line_begin);
        const std::size_t colon = text_of_line.find(':');
        std::size_t label = 0;
        while (colon != std::string_view::npos && i + label < line.end &&
               tk[i + label].begin < line_begin + colon) {
            ++label;
        }
        // «Здравствуйте, вот ошибка: …» is a sentence, not a label.
        if (colon != std::string_view::npos && colon <= kMaxLabelBytes && label >= 1 &&
            label <= kMaxLabelWords &&
            text_of_line.substr(0, colon).find_first_of(".!?,") == std::string_view::npos) {
            line.label = label;
        }
        lines.push_back(line);
        i = line.end;
    }
    // One line «Заявитель жалуется: …» is a sentence with a colon; a form has two labels or more.
    std::size_t labelled = 0;
    for (const Line& line : lines) labelled += line.label > 0 ? 1U : 0U;
    if (labelled < 2) return form;
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

#pragma once

#include <cstdint>
#include <vector>

#include "triage/text_analysis.hpp"

namespace otklik::triage {

/// Where a word stands in a form (FormLines).
enum class FormPart : std::uint8_t {
    kBody,   ///< the appeal's own text
    kLabel,  ///< a field's label before its colon
    kValue,  ///< a field's value above the question
};

/// By token: a word of a form the applicant or a channel filled in above the question (two
/// labelled lines or more) — the label of a line that opens with one to three words and a colon
/// («ФИО:», «Роль:», «Вопрос:», «Адрес проблемы:»), and the value of such a line when another
/// labelled line follows it and the value is eight words or fewer («ФИО: Ли Вэй», «Организация:
/// ГБОУ СОШ № 1 с. Кочубеевское, ИНН …»). The last labelled line's value is the question itself. A
/// form's Russian labels frame a question in another language as a greeting does, and «ФИО: тест»
/// is no content of a test (frozen set 20). A short title line above the fields («Форма на сайте
/// техподдержки») is a label too (frozen set 22). Pure.
std::vector<FormPart> FormLines(const AnalyzedText& text);

}  // namespace otklik::triage

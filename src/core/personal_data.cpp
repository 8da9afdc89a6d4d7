#include "core/personal_data.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "core/parse_integer.hpp"
#include "text/case_folding.hpp"

namespace otklik::core {
namespace {

bool OnlyDigitsAndSeparators(std::string_view text, std::string_view separators) {
    for (const char c : text) {
        if ((c < '0' || c > '9') && separators.find(c) == std::string_view::npos) return false;
    }
    return true;
}

int Digit(char c) { return c - '0'; }

// The first character of a UTF-8 string, whole (Cyrillic letters take two bytes).
std::string_view FirstCodePoint(std::string_view text) {
    if (text.empty()) return {};
    const auto lead = static_cast<unsigned char>(text[0]);
    std::size_t len = 1;
    if (lead >= 0xF0)
        len = 4;
    else if (lead >= 0xE0)
        len = 3;
    else if (lead >= 0xC0)
        len = 2;
    return text.substr(0, std::min(len, text.size()));
}

}  // namespace

std::string DigitsOnly(std::string_view text) {
    std::string digits;
    for (const char c : text) {
        if (c >= '0' && c <= '9') digits.push_back(c);
    }
    return digits;
}

std::optional<std::string> CheckSnils(std::string_view snils) {
    if (!OnlyDigitsAndSeparators(snils, "- ")) return "format";
    const std::string digits = DigitsOnly(snils);
    if (digits.size() != 11) return "format";
    // Nine digits always fit: the parse cannot fail here.
    const long number = ParseInteger<long>(std::string_view(digits).substr(0, 9)).value_or(0);
    if (number <= 1001998) return std::nullopt;
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += Digit(digits[static_cast<std::size_t>(i)]) * (9 - i);
    int control = sum % 101;
    if (control == 100) control = 0;
    const int given = Digit(digits[9]) * 10 + Digit(digits[10]);
    return control == given ? std::nullopt : std::optional<std::string>("checksum");
}

std::optional<std::string> CheckInn(std::string_view inn) {
    if (!OnlyDigitsAndSeparators(inn, "")) return "format";
    const auto check = [&](std::size_t count, const int* weights) {
        int sum = 0;
        for (std::size_t i = 0; i < count; ++i) sum += Digit(inn[i]) * weights[i];
        return sum % 11 % 10 == Digit(inn[count]);
    };
    static constexpr std::array<int, 9> kWeights10 = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    static constexpr std::array<int, 10> kWeights11 = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    static constexpr std::array<int, 11> kWeights12 = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    if (inn.size() == 10) {
        return check(9, kWeights10.data()) ? std::nullopt : std::optional<std::string>("checksum");
    }
    if (inn.size() == 12) {
        return check(10, kWeights11.data()) && check(11, kWeights12.data())
                   ? std::nullopt
                   : std::optional<std::string>("checksum");
    }
    return "format";
}

std::optional<std::string> CheckEmail(std::string_view email) {
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 ||
        email.find('@', at + 1) != std::string_view::npos) {
        return "format";
    }
    const auto domain = email.substr(at + 1);
    const auto dot = domain.rfind('.');
    if (domain.empty() || dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size()) {
        return "format";
    }
    for (const char c : email) {
        // Control characters (CR and LF above all) would end an SMTP command or a header line
        // and start another (issue 12): refused wherever an address is read.
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) return "format";
        if (c == ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '\\' ||
            c == '(' || c == ')' || c == '[' || c == ']' || c == ':') {
            return "format";
        }
    }
    if (email.size() > 254) return "format";
    return std::nullopt;
}

std::optional<std::string> CheckPhone(std::string_view phone) {
    std::size_t digits = 0;
    for (std::size_t i = 0; i < phone.size(); ++i) {
        const char c = phone[i];
        if (c >= '0' && c <= '9')
            ++digits;
        else if (c == '+' && i == 0)
            continue;
        else if (c != ' ' && c != '-' && c != '(' && c != ')')
            return "format";
    }
    return digits >= 10 && digits <= 15 ? std::nullopt : std::optional<std::string>("format");
}

std::string NormalizePhone(std::string_view phone) {
    std::string digits = DigitsOnly(phone);
    if (digits.size() == 11 && (digits[0] == '8' || digits[0] == '7'))
        digits[0] = '7';
    else if (digits.size() == 10)
        digits.insert(digits.begin(), '7');
    return "+" + digits;
}

std::string MaskSnils(std::string_view snils) {
    const std::string digits = DigitsOnly(snils);
    if (digits.size() < 2) return "***";
    return "***-***-*** " + digits.substr(digits.size() - 2);
}

std::string MaskInn(std::string_view inn) {
    const std::string digits = DigitsOnly(inn);
    if (digits.size() < 4) return "****";
    return std::string(digits.size() - 4, '*') + digits.substr(digits.size() - 4);
}

std::string MaskEmail(std::string_view email) {
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0) return "***";
    return std::string(FirstCodePoint(email)) + "***" + std::string(email.substr(at));
}

std::string MaskPhone(std::string_view phone) {
    const std::string digits = DigitsOnly(phone);
    if (digits.size() < 4) return "***";
    const std::string country = digits.size() > 10 ? digits.substr(0, digits.size() - 10) : "";
    return "+" + country + " *** ***-" + digits.substr(digits.size() - 4, 2) + "-" +
           digits.substr(digits.size() - 2);
}

std::string MaskName(std::string_view name) {
    if (name.empty()) return {};
    return std::string(FirstCodePoint(name)) + ".";
}

namespace {

// A letter or digit of any script: ASCII alphanumerics and every byte of a multi-byte UTF-8
// character (Cyrillic), so that a name is not replaced inside a longer word.
bool WordByte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) != 0;
}

bool SameAsciiCaseless(std::string_view a, std::string_view b) {
    return text::AsciiLower(a) == text::AsciiLower(b);
}

// Replaces whole-word occurrences of `value` (ASCII letters compared without case).
std::string ReplaceWord(const std::string& text, std::string_view value,
                        std::string_view reference) {
    if (value.empty()) return text;
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (i + value.size() <= text.size() &&
            SameAsciiCaseless(std::string_view(text).substr(i, value.size()), value) &&
            (i == 0 || !WordByte(text[i - 1]) || !WordByte(value.front())) &&
            (i + value.size() == text.size() || !WordByte(text[i + value.size()]) ||
             !WordByte(value.back()))) {
            out += reference;
            i += value.size();
            continue;
        }
        out += text[i++];
    }
    return out;
}

// Replaces runs of digits with the usual separators (+, spaces, brackets, dashes) whose digits
// identify the value: `same` decides from the run's text.
template <class Same>
std::string ReplaceNumbers(const std::string& text, std::string_view reference, Same same) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        const bool starts = (c >= '0' && c <= '9') || (c == '+' || c == '(');
        if (!starts || (i > 0 && WordByte(text[i - 1]))) {
            out += text[i++];
            continue;
        }
        std::size_t end = i;
        std::size_t last_digit = std::string::npos;
        while (end < text.size() &&
               std::string_view("0123456789+()- ").find(text[end]) != std::string_view::npos) {
            if (text[end] >= '0' && text[end] <= '9') last_digit = end;
            ++end;
        }
        if (last_digit == std::string::npos) {
            out += text[i++];
            continue;
        }
        const std::string run = text.substr(i, last_digit + 1 - i);
        if (same(run)) {
            out += reference;
        } else {
            out += run;
        }
        i = last_digit + 1;
    }
    return out;
}

}  // namespace

std::string ScrubApplicantData(std::string_view text, const Applicant& applicant) {
    std::string out(text);
    if (!applicant.phone.empty()) {
        const std::string phone = NormalizePhone(applicant.phone);
        out = ReplaceNumbers(out, "[телефон заявителя]", [&](const std::string& run) {
            const auto digits = DigitsOnly(run).size();
            return digits >= 10 && digits <= 15 && NormalizePhone(run) == phone;
        });
    }
    for (const auto& item : {std::pair{DigitsOnly(applicant.snils), "[СНИЛС заявителя]"},
                             std::pair{DigitsOnly(applicant.inn), "[ИНН заявителя]"}}) {
        // Named, not a structured binding: clang 14 (the fuzz build) cannot capture those.
        const std::string& value = item.first;
        if (value.size() < 10) continue;
        out = ReplaceNumbers(out, item.second,
                             [&](const std::string& run) { return DigitsOnly(run) == value; });
    }
    // Longer values first: a first name may be the start of the last name.
    std::vector<std::pair<std::string_view, std::string_view>> words = {
        {applicant.address, "[адрес заявителя]"},
        {applicant.email, "[e-mail заявителя]"},
        {applicant.birth_date, "[дата рождения заявителя]"},
        {applicant.last_name, "[фамилия заявителя]"},
        {applicant.first_name, "[имя заявителя]"},
        {applicant.middle_name, "[отчество заявителя]"},
    };
    std::stable_sort(words.begin(), words.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (const auto& [value, reference] : words) {
        // One- and two-letter values would hit ordinary words.
        if (value.size() < 3) continue;
        out = ReplaceWord(out, value, reference);
    }
    return out;
}

}  // namespace otklik::core

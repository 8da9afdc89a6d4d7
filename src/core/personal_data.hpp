#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/appeal.hpp"

namespace otklik::core {

/// Checks of Russian personal identifiers and contacts (CH-3). Each returns nullopt when the
/// value is valid, or the stable reason code: "format" or "checksum".

/// СНИЛС: 11 digits, separators "-" and " " allowed. The control number is the weighted sum of
/// the first nine digits (weights 9..1) taken modulo 101, with 100 written as 00; numbers up
/// to 001-001-998 predate the check and are accepted as they are.
std::optional<std::string> CheckSnils(std::string_view snils);

/// ИНН: 10 digits (organization, one check digit) or 12 digits (person, two check digits).
std::optional<std::string> CheckInn(std::string_view inn);

/// E-mail: one "@", a non-empty local part, a domain with a dot; no spaces, no control
/// characters (CR, LF…) and none of the characters that end an address in a header or an SMTP
/// command. The one check every channel applies (API, chatbot, mail intake).
std::optional<std::string> CheckEmail(std::string_view email);

/// Phone: after removing spaces, brackets and dashes, 10–15 digits with an optional "+".
std::optional<std::string> CheckPhone(std::string_view phone);

/// Digits only: "123-456-789 64" → "12345678964".
std::string DigitsOnly(std::string_view text);

/// Canonical phone: Russian numbers as +7XXXXXXXXXX (8XXXXXXXXXX and 10-digit forms too).
std::string NormalizePhone(std::string_view phone);

/// Masks for screens and lists where the full value is not needed (SEC-3):
/// СНИЛС "***-***-*** 64", ИНН "********1234", e-mail "i***@mail.ru", phone "+7 *** ***-**-67",
/// names to their first letter.
std::string MaskSnils(std::string_view snils);
std::string MaskInn(std::string_view inn);
std::string MaskEmail(std::string_view email);
std::string MaskPhone(std::string_view phone);
std::string MaskName(std::string_view name);

/// The applicant's own personal data found in free text (a comment, a call card) replaced by a
/// reference to the applicant field that holds it, e.g. «[телефон заявителя]» (SEC-3): the value
/// is then read only through the logged reveal of the applicant. Finds names, e-mail, address
/// and birth date as written in the applicant, the phone in any usual typing, СНИЛС and ИНН with
/// or without separators.
std::string ScrubApplicantData(std::string_view text, const Applicant& applicant);

}  // namespace otklik::core

#include "core/password_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "text/case_folding.hpp"

namespace otklik::core {
namespace {

// A hand-picked selection of the most frequent passwords of the publicly published lists
// (the top of SecLists' 10k-most-common and the NCSC "100k most common" list), with the
// keyboard walks and transliterations frequent among Russian users. Entries are lower-case and
// without trailing digits or punctuation: "password123!" matches "password". Sorted.
constexpr std::array<std::string_view, 236> kCommon = {
    "1q2w3e",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "1q2w3e4r5t6y",
    "1qaz2wsx",
    "1qaz2wsx3edc",
    "a1b2c3",
    "a1b2c3d4",
    "a1b2c3d4e5",
    "aa",
    "aaa",
    "aaaaaa",
    "abc",
    "abcd",
    "abcde",
    "abcdef",
    "abcdefg",
    "abcdefgh",
    "abcdefghij",
    "access",
    "admin",
    "administrator",
    "alexander",
    "alexandr",
    "alexey",
    "andrew",
    "andrey",
    "angel",
    "anna",
    "apple",
    "asd",
    "asdasd",
    "asdf",
    "asdfasdf",
    "asdfg",
    "asdfgh",
    "asdfghjk",
    "asdfghjkl",
    "ashley",
    "azerty",
    "babygirl",
    "bailey",
    "baseball",
    "batman",
    "buster",
    "changeme",
    "charlie",
    "cheese",
    "chocolate",
    "computer",
    "cookie",
    "daniel",
    "default",
    "denis",
    "dmitriy",
    "dragon",
    "dima",
    "elena",
    "family",
    "flower",
    "football",
    "freedom",
    "friends",
    "george",
    "ghbdtn",
    "gfhjkm",
    "ginger",
    "guest",
    "hannah",
    "hello",
    "hellokitty",
    "hockey",
    "hunter",
    "iloveyou",
    "internet",
    "irina",
    "jennifer",
    "jessica",
    "jordan",
    "joshua",
    "killer",
    "kotik",
    "lena",
    "letmein",
    "liverpool",
    "login",
    "love",
    "loveme",
    "lovely",
    "lubov",
    "maggie",
    "marina",
    "master",
    "matrix",
    "maxim",
    "michael",
    "michelle",
    "monkey",
    "mustang",
    "natasha",
    "nicole",
    "ninja",
    "olga",
    "orange",
    "parol",
    "pass",
    "passw0rd",
    "password",
    "peanut",
    "pepper",
    "princess",
    "privet",
    "q1w2e3",
    "q1w2e3r4",
    "q1w2e3r4t5",
    "q1w2e3r4t5y6",
    "qaz",
    "qazwsx",
    "qazwsxedc",
    "qazwsxedcrfv",
    "qwe",
    "qweasd",
    "qweasdzxc",
    "qwer",
    "qwert",
    "qwerty",
    "qwertyu",
    "qwertyui",
    "qwertyuiop",
    "ranger",
    "robert",
    "root",
    "samsung",
    "secret",
    "sergey",
    "shadow",
    "soccer",
    "solnce",
    "spartak",
    "starwars",
    "summer",
    "sunshine",
    "superman",
    "svetlana",
    "system",
    "tatiana",
    "test",
    "tester",
    "thomas",
    "tigger",
    "toor",
    "trustno",
    "user",
    "vfrcbv",
    "vladimir",
    "welcome",
    "whatever",
    "winter",
    "yankees",
    "ytrewq",
    "zaq",
    "zaq12wsx",
    "zaqwsx",
    "zenit",
    "zxc",
    "zxcasd",
    "zxcasdqwe",
    "zxcv",
    "zxcvb",
    "zxcvbn",
    "zxcvbnm",
    "zzzzzz",
    "мария",
    "светлана",
    "гфхжкм",
    "йцу",
    "йцук",
    "йцуке",
    "йцукен",
    "йцукенг",
    "йцукенгш",
    "йцукенгшщ",
    "йцукенгшщз",
    "йцукенгшщзхъ",
    "котенок",
    "любимая",
    "любовь",
    "максим",
    "марина",
    "наташа",
    "пароль",
    "привет",
    "привет как дела",
    "солнце",
    "солнышко",
    "фыва",
    "фывапр",
    "фывапролд",
    "фывапролджэ",
    "ячс",
    "ячсмит",
    "ячсмить",
    "12qwaszx",
    "1qazxsw",
    "1qazxsw2",
    "2wsx3edc",
    "3edc4rfv",
    "4rfv5tgb",
    "5tgb6yhn",
    "6yhn7ujm",
    "abc123abc",
    "adminadmin",
    "administrator1",
    "iloveyou2",
    "letmein2",
    "monkey1",
    "passpass",
    "password1",
    "qwertyqwerty",
    "qwerty1",
    "qwertyuiopasdf",
    "rootroot",
    "secret1",
    "superuser",
    "testtest",
    "useruser",
    "welcome1",
    "zxcvbnm1",
    "zxczxc",
    "zzz",
    "qwaszx",
    "qwerasdf",
    "qwerasdfzxcv",
    "asdzxc",
    "asdqwe",
    "xxx",
};

bool IsDigitOrPunct(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 0x20 && c < 0x7f && !std::isalnum(c) && c != ' ');
}

std::size_t Utf8Length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::size_t CountLetters(std::string_view text) {
    std::size_t letters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++letters;
        if (c >= 0xC0) ++letters;  // the lead byte of a non-ASCII character: Cyrillic letters
    }
    return letters;
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
    std::string base = text::AsciiLower(password);
    while (!base.empty() && IsDigitOrPunct(static_cast<unsigned char>(base.back()))) {
        base.pop_back();
    }
    // Nothing but digits and punctuation, or one character repeated.
    if (base.empty()) return true;
    if (base.find_first_not_of(base.front()) == std::string::npos) return true;
    static const auto kSorted = [] {
        std::array<std::string_view, kCommon.size()> sorted = kCommon;
        std::sort(sorted.begin(), sorted.end());
        return sorted;
    }();
    const std::string exact = text::AsciiLower(password);
    return std::binary_search(kSorted.begin(), kSorted.end(), std::string_view(base)) ||
           std::binary_search(kSorted.begin(), kSorted.end(), std::string_view(exact));
}

std::optional<FieldError> CheckPassword(std::string_view password, std::string_view login) {
    if (password.size() > kMaxPasswordLength) {
        return FieldError{"password", "too_long",
                          "Пароль длиннее " + std::to_string(kMaxPasswordLength) + " байт"};
    }
    if (Utf8Length(password) < kMinPasswordLength) {
        return FieldError{
            "password", "too_short",
            "Пароль должен быть не короче " + std::to_string(kMinPasswordLength) + " символов"};
    }
    const std::string lower = text::AsciiLower(password);
    const std::string lower_login = text::AsciiLower(login);
    if (!lower_login.empty()) {
        if (lower == lower_login) {
            return FieldError{"password", "contains_login", "Пароль не должен совпадать с логином"};
        }
        // The login with a few digits or signs around it is as guessable as the login itself;
        // the login inside a longer phrase ("admin-demo" has four more letters) is not.
        if (lower.find(lower_login) != std::string::npos) {
            std::string rest = lower;
            for (auto at = rest.find(lower_login); at != std::string::npos;
                 at = rest.find(lower_login)) {
                rest.erase(at, lower_login.size());
            }
            if (CountLetters(rest) < 4) {
                return FieldError{"password", "contains_login",
                                  "Пароль не должен состоять из логина с цифрами или знаками: "
                                  "добавьте не меньше четырёх других букв"};
            }
        }
    }
    if (IsCommonPassword(password)) {
        return FieldError{"password", "common",
                          "Пароль слишком распространён и легко подбирается: выберите другой"};
    }
    return std::nullopt;
}

}  // namespace otklik::core

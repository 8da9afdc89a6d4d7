// libFuzzer target: the text of a regulation file through the loader (TOML syntax, keys,
// types, references). The loader's contract (regulation/loader.hpp): a refused file gets
// "regulation_invalid" with one "FILE:LINE: reason" per problem, first line first, and every
// LINE a line of the file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.hpp"

#include "regulation/loader.hpp"

using otklik::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string file = "fuzz.toml";
    const auto regulation = otklik::regulation::ParseRegulation(text, file);
    if (regulation) {
        Require(regulation->file == file, "a loaded regulation names its file");
        return 0;
    }
    const auto& error = regulation.error();
    Require(error.code == "regulation_invalid", "code regulation_invalid");
    Require(!error.fields.empty(), "a refused file names at least one problem");
    const long lines = std::count(text.begin(), text.end(), '\n') + 1;
    long previous = 0;
    for (const auto& field : error.fields) {
        Require(field.field.rfind(file + ":", 0) == 0, "problem is FILE:LINE");
        const std::string number = field.field.substr(file.size() + 1);
        Require(!number.empty() && number.size() < 10 &&
                    std::all_of(number.begin(), number.end(),
                                [](char c) { return c >= '0' && c <= '9'; }),
                "LINE is a number");
        const long line = std::stol(number);
        Require(line >= 1 && line <= lines, "LINE is a line of the file");
        Require(line >= previous, "problems in line order");
        previous = line;
        Require(!field.message.empty(), "each problem has a reason");
    }
    return 0;
}

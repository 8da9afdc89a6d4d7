#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "core/result.hpp"

namespace otklik::triage {

/// The words of Russian, from the system's Hunspell dictionary (Debian's hunspell-ru), checked
/// by nuspell. A Cyrillic text most of whose common words Russian does not have is written in a
/// language of Russia (Mari, Udmurt, Chechen…) that uses Russian letters, which neither CLD2
/// nor the letters Russian lacks can tell. Immutable and safe to share between threads
/// (nuspell's check is const).
class RussianWords {
public:
    /// Where Debian's hunspell-ru installs the dictionary (the .aff and .dic beside each other).
    static constexpr std::string_view kSystemDictionary = "/usr/share/hunspell/ru_RU";

    ~RussianWords();
    RussianWords(const RussianWords&) = delete;
    RussianWords& operator=(const RussianWords&) = delete;

    /// Reads `<path>.aff` and `<path>.dic`. Startup only (about 0.1 s, 20 MB).
    [[nodiscard]] static core::Result<std::shared_ptr<const RussianWords>> Load(
        const std::filesystem::path& path_without_extension);

    /// Whether `word` (lower case, UTF-8) is a form of a Russian word.
    bool Known(std::string_view word) const;

private:
    struct Impl;
    explicit RussianWords(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace otklik::triage

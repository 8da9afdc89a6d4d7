#include "triage/russian_words.hpp"

#include <fstream>
#include <stdexcept>
#include <string>

#include <nuspell/dictionary.hxx>

namespace otklik::triage {

struct RussianWords::Impl {
    nuspell::Dictionary dictionary;
};

RussianWords::RussianWords(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RussianWords::~RussianWords() = default;

core::Result<std::shared_ptr<const RussianWords>> RussianWords::Load(
    const std::filesystem::path& path_without_extension) {
    const auto missing = [&](const std::string& reason) {
        return core::Fail(core::Error{core::ErrorKind::kUnavailable,
                                      "dictionary_missing",
                                      "не удалось прочитать словарь русского языка " +
                                          path_without_extension.string() + " (" + reason +
                                          "; пакет Debian hunspell-ru)",
                                      {}});
    };
    std::filesystem::path aff = path_without_extension;
    aff += ".aff";
    std::filesystem::path dic = path_without_extension;
    dic += ".dic";
    std::ifstream aff_in(aff, std::ios::binary);
    std::ifstream dic_in(dic, std::ios::binary);
    if (!aff_in || !dic_in) return missing("нет файла .aff или .dic");
    auto impl = std::make_unique<Impl>();
    try {
        impl->dictionary.load_aff_dic(aff_in, dic_in);
    } catch (const std::exception& e) {
        return missing(e.what());
    }
    return std::shared_ptr<const RussianWords>(new RussianWords(std::move(impl)));
}

bool RussianWords::Known(std::string_view word) const { return impl_->dictionary.spell(word); }

}  // namespace otklik::triage

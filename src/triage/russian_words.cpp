#include "triage/russian_words.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <nuspell/dictionary.hxx>

namespace otklik::triage {

struct RussianWords::Impl {
    nuspell::Dictionary dictionary;
    // Which dictionary a thread's cache of answers is for: an address may be reused by a later
    // one, a number is not.
    std::uint64_t id = 0;
};

namespace {
std::atomic<std::uint64_t> next_dictionary_id{1};
}  // namespace

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
    impl->id = next_dictionary_id.fetch_add(1);
    try {
        impl->dictionary.load_aff_dic(aff_in, dic_in);
    } catch (const std::exception& e) {
        return missing(e.what());
    }
    return std::shared_ptr<const RussianWords>(new RussianWords(std::move(impl)));
}

namespace {

// Heterogeneous lookup: a string_view finds a stored string without a copy.
struct WordHash {
    using is_transparent = void;  // NOLINT(readability-identifier-naming): std name
    std::size_t operator()(std::string_view w) const { return std::hash<std::string_view>{}(w); }
};

// The answers a thread has had, for the dictionary it asked (issue 18: nuspell's check of a
// word costs microseconds, and appeals repeat the same few thousand words; the profile of
// registration showed it at 1.4 % of the server's CPU). Per thread, so no lock; cleared when
// full rather than aged, which keeps the frequent words in it most of the time.
struct KnownCache {
    std::uint64_t owner = 0;
    std::unordered_map<std::string, bool, WordHash, std::equal_to<>> answers;
};
constexpr std::size_t kKnownCacheWords = 8192;

}  // namespace

bool RussianWords::Known(std::string_view word) const {
    thread_local KnownCache cache;
    if (cache.owner != impl_->id) {
        cache.answers.clear();
        cache.owner = impl_->id;
    }
    if (const auto it = cache.answers.find(word); it != cache.answers.end()) return it->second;
    const bool known = impl_->dictionary.spell(word);
    if (cache.answers.size() >= kKnownCacheWords) cache.answers.clear();
    cache.answers.emplace(std::string(word), known);
    return known;
}

}  // namespace otklik::triage

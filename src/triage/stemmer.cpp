#include "triage/stemmer.hpp"

#include <unordered_map>

#include <xapian.h>

namespace otklik::triage {

namespace {

// Appeals reuse a small vocabulary; a per-thread cache turns most stems into one hash lookup.
constexpr std::size_t kMaxCachedStems = 50000;

struct ThreadStemmer {
    Xapian::Stem stem{"russian"};
    std::unordered_map<std::string, std::string> cache;
};

}  // namespace

std::string StemRussian(std::string_view folded_word) {
    thread_local ThreadStemmer stemmer;
    std::string key(folded_word);
    if (auto it = stemmer.cache.find(key); it != stemmer.cache.end()) return it->second;
    std::string stem = stemmer.stem(key);
    if (stemmer.cache.size() >= kMaxCachedStems) stemmer.cache.clear();
    stemmer.cache.emplace(std::move(key), stem);
    return stem;
}

}  // namespace otklik::triage

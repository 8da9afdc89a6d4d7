#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace otklik::triage {

/// Which of a fixed list of byte strings occur in a text, in one pass (an Aho–Corasick
/// automaton compiled to a table over the byte classes of the markers). Replaces a `find` per
/// marker: a Cyrillic marker's first byte (0xD0/0xD1) is every other byte of Russian text, so
/// per-marker scans cost a comparison at nearly every position. Immutable after construction;
/// Scan is const and thread-safe.
class MarkerSet {
public:
    /// Where a marker may be found in a text.
    enum class Bound : std::uint8_t {
        kAnywhere,  ///< inside words too: stems and phrases
        kWordStart,  ///< where a word starts: «акция» not in «редакция» (frozen set 16)
        kWholeWord,  ///< a whole word: «приз» not in «признательна»
    };

    /// bounds[i] (when given) is where markers[i] counts; the rest count anywhere.
    explicit MarkerSet(std::span<const std::string_view> markers,
                       std::span<const Bound> bounds = {});

    /// found[i] is set when markers[i] occurs in `text` (found is resized to the marker count;
    /// flags already set stay set, so several texts can be scanned into one result).
    void Scan(std::string_view text, std::vector<bool>& found) const;

    /// Whether any marker occurs in `text` (word starts are not checked).
    bool Any(std::string_view text) const;

    std::size_t size() const { return count_; }

private:
    std::size_t count_ = 0;
    std::uint8_t byte_class_[256] = {};  ///< 0: a byte no marker has
    std::size_t classes_ = 1;
    std::vector<std::uint32_t> next_;  ///< state * classes_ + class → state
    /// Markers that end in a state (its own and those of its suffix states), by state.
    std::vector<std::vector<std::uint32_t>> output_;
    std::vector<Bound> bounds_;
    std::vector<std::uint32_t> lengths_;  ///< bytes, per marker
};

}  // namespace otklik::triage

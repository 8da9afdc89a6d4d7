#include "triage/marker_set.hpp"

#include <deque>

#include "text/utf8.hpp"

namespace otklik::triage {

namespace {

// Letters and digits: ASCII ones and the Latin, Greek and Cyrillic letters (U+00C0-U+052F, but
// × and ÷). Punctuation such as « » and dashes is not.
bool IsWordCharacter(char32_t c) {
    return text::IsAsciiLetter(c) || text::IsAsciiDigit(c) ||
           (c >= 0xC0 && c <= 0x52F && c != 0xD7 && c != 0xF7);
}

// Whether the code point that ends right before byte `at` is a letter or digit.
bool WordGoesOnBefore(std::string_view text, std::size_t at) {
    if (at == 0) return false;
    std::size_t start = at - 1;
    while (start > 0 && at - start < 4 &&
           (static_cast<unsigned char>(text[start]) & 0xC0U) == 0x80U) {
        --start;
    }
    std::size_t pos = start;
    const char32_t c = text::NextCodePoint(text, pos);
    return pos == at && IsWordCharacter(c);
}

// Whether a letter or digit starts at byte `at`.
bool WordGoesOnAt(std::string_view text, std::size_t at) {
    if (at >= text.size()) return false;
    return IsWordCharacter(text::NextCodePoint(text, at));
}

}  // namespace

MarkerSet::MarkerSet(std::span<const std::string_view> markers, std::span<const Bound> bounds)
    : count_(markers.size()), bounds_(markers.size(), Bound::kAnywhere) {
    for (std::size_t m = 0; m < markers.size(); ++m) {
        if (m < bounds.size()) bounds_[m] = bounds[m];
        lengths_.push_back(static_cast<std::uint32_t>(markers[m].size()));
    }
    for (std::string_view marker : markers) {
        for (const char c : marker) {
            auto& cls = byte_class_[static_cast<unsigned char>(c)];
            if (cls == 0) cls = static_cast<std::uint8_t>(classes_++);
        }
    }
    // The trie: goto edges, 0 = none (the root is state 0 and never a target).
    std::vector<std::uint32_t> edges(classes_, 0);
    output_.emplace_back();
    for (std::size_t m = 0; m < markers.size(); ++m) {
        std::uint32_t state = 0;
        for (const char c : markers[m]) {
            const std::size_t cls = byte_class_[static_cast<unsigned char>(c)];
            std::uint32_t& edge = edges[state * classes_ + cls];
            if (edge == 0) {
                edge = static_cast<std::uint32_t>(output_.size());
                output_.emplace_back();
                edges.resize(output_.size() * classes_, 0);
            }
            state = edges[state * classes_ + cls];
        }
        output_[state].push_back(static_cast<std::uint32_t>(m));
    }
    // Breadth first: failure links, then the full transition table (a DFA).
    const std::size_t states = output_.size();
    std::vector<std::uint32_t> fail(states, 0);
    next_.assign(states * classes_, 0);
    std::deque<std::uint32_t> queue;
    for (std::size_t cls = 0; cls < classes_; ++cls) {
        const std::uint32_t child = cls == 0 ? 0 : edges[cls];
        next_[cls] = child;
        if (child != 0) queue.push_back(child);
    }
    while (!queue.empty()) {
        const std::uint32_t state = queue.front();
        queue.pop_front();
        for (std::uint32_t m : output_[fail[state]]) output_[state].push_back(m);
        for (std::size_t cls = 0; cls < classes_; ++cls) {
            const std::uint32_t child = cls == 0 ? 0 : edges[state * classes_ + cls];
            if (child != 0) {
                fail[child] = next_[fail[state] * classes_ + cls];
                next_[state * classes_ + cls] = child;
                queue.push_back(child);
            } else {
                next_[state * classes_ + cls] = next_[fail[state] * classes_ + cls];
            }
        }
    }
}

void MarkerSet::Scan(std::string_view text, std::vector<bool>& found) const {
    found.resize(count_, false);
    std::uint32_t state = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        state = next_[state * classes_ + byte_class_[static_cast<unsigned char>(text[i])]];
        for (std::uint32_t m : output_[state]) {
            const Bound bound = bounds_[m];
            found[m] = found[m] || bound == Bound::kAnywhere ||
                       (!WordGoesOnBefore(text, i + 1 - lengths_[m]) &&
                        (bound == Bound::kWordStart || !WordGoesOnAt(text, i + 1)));
        }
    }
}

bool MarkerSet::Any(std::string_view text) const {
    std::uint32_t state = 0;
    for (const char c : text) {
        state = next_[state * classes_ + byte_class_[static_cast<unsigned char>(c)]];
        if (!output_[state].empty()) return true;
    }
    return false;
}

}  // namespace otklik::triage

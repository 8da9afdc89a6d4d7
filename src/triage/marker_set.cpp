#include "triage/marker_set.hpp"

#include <deque>

namespace otklik::triage {

MarkerSet::MarkerSet(std::span<const std::string_view> markers) : count_(markers.size()) {
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
    for (const char c : text) {
        state = next_[state * classes_ + byte_class_[static_cast<unsigned char>(c)]];
        for (std::uint32_t m : output_[state]) found[m] = true;
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

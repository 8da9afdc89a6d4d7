#include "triage/term_probe.hpp"

#include <algorithm>

namespace otklik::triage {

TermProbe::TermProbe(const std::vector<std::uint64_t>& terms,
                     const std::vector<std::uint64_t>& marked)
    : size_(terms.size()) {
    std::size_t capacity = 16;
    while (capacity < terms.size() * 2) capacity *= 2;  // at most half full: short probe runs
    mask_ = capacity - 1;
    keys_.assign(capacity, 0);
    state_.assign(capacity, 0);
    for (const std::uint64_t term : terms) {
        const unsigned char state = std::binary_search(marked.begin(), marked.end(), term) ? 2 : 1;
        std::size_t slot = Slot(term);
        while (state_[slot] != 0 && keys_[slot] != term) slot = (slot + 1) & mask_;
        keys_[slot] = term;
        state_[slot] = state;
    }
}

}  // namespace otklik::triage
